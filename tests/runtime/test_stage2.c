// SPDX-License-Identifier: MIT
/*
 * Host tests of a cell's stage-2 map (runtime/arch/arm64/stage2.c): leaf
 * attribute encoding, guest -> phys translation with 2 MiB blocks where the
 * alignment allows and 4 KiB pages elsewhere, emulated regions and sub-page
 * device windows (their pages trap) left out, part-page device maps and
 * overlapping regions refused, and the VTCR/VTTBR values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"
#include "check.h"

#define KiB	   (UINT64_C(1) << 10)
#define MiB	   (UINT64_C(1) << 20)
#define GiB	   (UINT64_C(1) << 30)
#define POOL_PAGES 32u

static const struct cf_board board = {
	.name = "test-board",
	.uart_base = 0x09000000,
	.uart_size = 0x1000,
	.gicd_base = 0x08000000,
	.gicd_size = 0x10000,
	.gicr_base = 0x080a0000,
	.gicr_size = 0xf60000,
};

struct fixture {
	pt_page_t *pages;
	struct pt_pool pool;
	struct pt_regime regime;
	struct pt_table table;
};

static void fixture_init(struct fixture *f)
{
	f->pages = aligned_alloc(PT_PAGE_SIZE, (size_t)POOL_PAGES * PT_PAGE_SIZE);
	memset(f->pages, 0xa5, (size_t)POOL_PAGES * PT_PAGE_SIZE);
	stage2_regime_init(&f->regime, 44);
	CHECK_INT(pt_pool_init(&f->pool, f->pages, POOL_PAGES), PT_OK, "pool init");
	CHECK_INT(pt_init(&f->table, &f->regime, &f->pool), PT_OK, "table init");
}

static void expect_leaf(const struct pt_table *t, uint64_t ipa, uint64_t pa, uint64_t attrs,
			uint32_t level, const char *what)
{
	struct pt_translation tr;

	CHECK(pt_translate(t, ipa, &tr) == PT_OK, "%s: 0x%llx not mapped", what,
	      (unsigned long long)ipa);
	CHECK_U64(tr.pa, pa, what);
	CHECK_U64(tr.attrs, attrs, what);
	CHECK_INT(tr.level, level, what);
}

static void expect_unmapped(const struct pt_table *t, uint64_t ipa, const char *what)
{
	struct pt_translation tr;

	CHECK(pt_translate(t, ipa, &tr) != PT_OK, "%s: 0x%llx mapped", what,
	      (unsigned long long)ipa);
}

static void test_attrs(void)
{
	case_begin();
	/* MemAttr 0b1111, S2AP RW, SH inner, AF; no XN. */
	CHECK_U64(stage2_attrs(CF_REGION_RAM), 0x7fc, "RAM attributes");
	/* MemAttr 0b0001 (Device-nGnRE), S2AP RW, AF, XN (bit 54). */
	CHECK_U64(stage2_attrs(CF_REGION_DEVICE), BIT(54) | 0x4c4, "device attributes");
	case_end("stage-2 leaf attributes: RAM normal WB, devices Device-nGnRE XN");
}

/*
 * A firmware window (CF_REGION_ROM) at guest 0, backed elsewhere: normal WB,
 * S2AP read-only (0b01, bits 7:6), executable; the loader may copy into it,
 * but it is not RAM for anything else (PSCI entry points).
 */
static void test_rom(void)
{
	static const struct cf_region regions[] = {
		{.name = "rom",
		 .phys = 0x60000000,
		 .guest = 0x0,
		 .size = 4 * MiB,
		 .kind = CF_REGION_ROM},
		{.name = "ram",
		 .phys = 0x40000000,
		 .guest = 0x40000000,
		 .size = 16 * MiB,
		 .kind = CF_REGION_RAM},
	};
	struct cf_cell cell = {.name = "uboot", .regions = regions, .region_count = 2};
	uint64_t rom = stage2_attrs(CF_REGION_ROM), phys;
	struct stage2_error err = {0};
	struct fixture f;

	case_begin();
	CHECK_U64(rom, 0x77c, "ROM attributes: S2AP read-only, no XN");
	CHECK_U64(rom & GENMASK(7, 6), UINT64_C(1) << 6, "S2AP is read-only");
	CHECK(!(rom & BIT(54)), "ROM is executable");
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_OK, "build uboot");
	expect_leaf(&f.table, 0x0, 0x60000000, rom, 2, "ROM block at guest 0");
	expect_leaf(&f.table, 0x3ff000, 0x603ff000, rom, 2, "ROM end");
	expect_leaf(&f.table, 0x40000000, 0x40000000, stage2_attrs(CF_REGION_RAM), 2, "RAM");
	CHECK(cell_image_phys(&cell, 0x10, 0x100, &phys), "the loader reaches the ROM");
	CHECK_U64(phys, 0x60000010, "ROM guest -> phys");
	CHECK(cell_image_phys(&cell, 0x40000000, 0x100, &phys), "the loader reaches RAM");
	CHECK(!cell_image_phys(&cell, 0x3ffff0, 0x20, &phys), "a load crossing the ROM end");
	CHECK(!cell_ram_phys(&cell, 0x0, 4, &phys), "the ROM is not RAM (no PSCI entry there)");
	free(f.pages);
	case_end("a read-only firmware window: normal memory, read-only, executable, loadable");
}

static void test_regime(void)
{
	struct pt_regime r;
	uint64_t vtcr;

	case_begin();
	stage2_regime_init(&r, 44);
	CHECK_INT(r.ia_bits, 40, "IPA bits with 44-bit PA");
	CHECK_INT(r.start_level, 1, "start level");
	CHECK_INT(r.root_pages, 2, "concatenated roots");
	vtcr = stage2_vtcr(&r, 4);
	CHECK_U64(vtcr & 0x3f, 24, "T0SZ");
	CHECK_U64((vtcr >> 6) & 3, 1, "SL0 = level 1");
	CHECK_U64((vtcr >> 16) & 7, 4, "PS");
	CHECK_U64(vtcr & BIT(31), BIT(31), "RES1");
	stage2_regime_init(&r, 36);
	CHECK_INT(r.ia_bits, 36, "IPA bits limited by a 36-bit PA");
	CHECK_INT(r.root_pages, 1, "one root for 36 bits");
	case_end("stage-2 regime and VTCR_EL2");
}

static const struct cf_region alpha_regions[] = {
	/* Sub-page windows: their page traps (the hypervisor forwards them). */
	{.name = "virtio0",
	 .phys = 0x0a000000,
	 .guest = 0x0a000000,
	 .size = 0x200,
	 .kind = CF_REGION_SUBPAGE},
	{.name = "virtio1",
	 .phys = 0x0a000200,
	 .guest = 0x0a000200,
	 .size = 0x200,
	 .kind = CF_REGION_SUBPAGE},
	/* A device page the cell owns whole: mapped. */
	{.name = "gpio",
	 .phys = 0x0a001000,
	 .guest = 0x0a001000,
	 .size = 0x1000,
	 .kind = CF_REGION_DEVICE},
	/* 2 MiB aligned start, 128 MiB + 12 KiB: blocks, then pages at the tail. */
	{.name = "ram",
	 .phys = 0x44000000,
	 .guest = 0x44000000,
	 .size = 128 * MiB + 12 * KiB,
	 .kind = CF_REGION_RAM},
	/* The board UART: emulated for a cell with a virtual console. */
	{.name = "uart0",
	 .phys = 0x09000000,
	 .guest = 0x09000000,
	 .size = 0x1000,
	 .kind = CF_REGION_DEVICE},
};

static void test_cell_map(void)
{
	struct cf_cell cell = {.name = "alpha",
			       .regions = alpha_regions,
			       .region_count = 5,
			       .console = CF_CONSOLE_VIRTUAL};
	uint64_t ram = stage2_attrs(CF_REGION_RAM), dev = stage2_attrs(CF_REGION_DEVICE);
	struct stage2_error err = {0};
	struct fixture f;

	case_begin();
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_OK, "build alpha");
	expect_leaf(&f.table, 0x44000000, 0x44000000, ram, 2, "first RAM block");
	expect_leaf(&f.table, 0x4bffffff, 0x4bffffff, ram, 2, "last RAM block");
	expect_leaf(&f.table, 0x4c000000, 0x4c000000, ram, 3, "RAM tail page");
	expect_leaf(&f.table, 0x4c002fff, 0x4c002fff, ram, 3, "last RAM tail page");
	expect_unmapped(&f.table, 0x4c003000, "after RAM");
	expect_unmapped(&f.table, 0x43fff000, "before RAM");
	expect_unmapped(&f.table, 0x0a000000, "sub-page window virtio0: its page traps");
	expect_unmapped(&f.table, 0x0a000204, "sub-page window virtio1: its page traps");
	expect_unmapped(&f.table, 0x0a000e00, "the rest of that page: not the cell's");
	expect_leaf(&f.table, 0x0a001000, 0x0a001000, dev, 3, "whole device page");
	expect_leaf(&f.table, 0x0a001ffc, 0x0a001ffc, dev, 3, "whole device page, end");
	expect_unmapped(&f.table, 0x0a002000, "after the device page");
	expect_unmapped(&f.table, 0x09000000, "virtual console's UART is emulated");
	CHECK_U64(stage2_vttbr(&f.table, 2) >> 48, 3, "VMID = cell index + 1");
	CHECK_U64(stage2_vttbr(&f.table, 2) & GENMASK(47, 0), pt_root_phys(&f.table), "root");
	CHECK_U64(pt_root_phys(&f.table) & (2 * PT_PAGE_SIZE - 1), 0, "roots 8 KiB aligned");
	free(f.pages);

	/* Passthrough console: the UART is mapped. */
	cell.console = CF_CONSOLE_PASSTHROUGH;
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_OK, "build passthrough");
	expect_leaf(&f.table, 0x09000000, 0x09000000, dev, 3, "passthrough UART");
	free(f.pages);
	case_end("a cell's map: blocks, page tail, sub-page windows trapped, emulated UART out");
}

static void test_relocated_ram(void)
{
	static const struct cf_region regions[] = {
		{.name = "ram",
		 .phys = 0x60200000,
		 .guest = 0x40000000,
		 .size = 4 * MiB,
		 .kind = CF_REGION_RAM},
		/* Guest 2 MiB aligned but phys only 4 KiB aligned: pages only. */
		{.name = "ram2",
		 .phys = 0x70001000,
		 .guest = 0x50000000,
		 .size = 2 * MiB,
		 .kind = CF_REGION_RAM},
		{.name = "gicd",
		 .phys = 0x08000000,
		 .guest = 0x08000000,
		 .size = 0x10000,
		 .kind = CF_REGION_DEVICE},
	};
	struct cf_cell cell = {.name = "beta", .regions = regions, .region_count = 3};
	uint64_t ram = stage2_attrs(CF_REGION_RAM), phys;
	struct stage2_error err = {0};
	struct fixture f;

	case_begin();
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_OK, "build beta");
	expect_leaf(&f.table, 0x40000000, 0x60200000, ram, 2, "relocated block");
	expect_leaf(&f.table, 0x40300010, 0x60500010, ram, 2, "relocated block offset");
	expect_leaf(&f.table, 0x50000000, 0x70001000, ram, 3, "misaligned phys: pages");
	expect_leaf(&f.table, 0x501ff000, 0x70200000, ram, 3, "misaligned phys: last page");
	expect_unmapped(&f.table, 0x08000000, "the GIC distributor traps");
	CHECK(cell_ram_phys(&cell, 0x40000010, 16, &phys), "guest RAM translates");
	CHECK_U64(phys, 0x60200010, "guest -> phys");
	CHECK(!cell_ram_phys(&cell, 0x403ffffc, 8, &phys), "access crossing RAM end");
	CHECK(!cell_ram_phys(&cell, 0x08000000, 4, &phys), "device is not RAM");
	CHECK(!cell_ram_phys(&cell, 0x40000000, 0, &phys), "empty range");
	CHECK(!cell_ram_phys(&cell, ~UINT64_C(0) - 3, 8, &phys), "wrap-around");
	free(f.pages);
	case_end("guest != phys: translation per region, blocks only where both align");
}

static void test_refusals(void)
{
	static const struct cf_region overlap[] = {
		{.name = "ram",
		 .phys = 0x44000000,
		 .guest = 0x44000000,
		 .size = 4 * MiB,
		 .kind = CF_REGION_RAM},
		{.name = "dev",
		 .phys = 0x0a000000,
		 .guest = 0x44100000,
		 .size = 0x1000,
		 .kind = CF_REGION_DEVICE},
	};
	static const struct cf_region offset[] = {
		{.name = "dev",
		 .phys = 0x0a000200,
		 .guest = 0x0b000000,
		 .size = 0x200,
		 .kind = CF_REGION_DEVICE},
	};
	static const struct cf_region part_page[] = {
		/* A directly mapped device must be whole pages: rounding out would
		 * hand the cell the rest of the page. */
		{.name = "a",
		 .phys = 0x0a000000,
		 .guest = 0x0a000000,
		 .size = 0x1000,
		 .kind = CF_REGION_DEVICE},
		{.name = "b",
		 .phys = 0x0a001000,
		 .guest = 0x0a001000,
		 .size = 0x200,
		 .kind = CF_REGION_DEVICE},
	};
	static const struct cf_region window_overlap[] = {
		{.name = "a",
		 .phys = 0x0a000000,
		 .guest = 0x0a000000,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
		{.name = "b",
		 .phys = 0x0a000100,
		 .guest = 0x0a000100,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
	};
	struct cf_cell cell = {.name = "bad", .regions = overlap, .region_count = 2};
	struct stage2_error err = {0};
	struct fixture f;

	case_begin();
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_ERR_CONFLICT, "overlap");
	CHECK_STR(err.what, "dev", "refused region");
	CHECK_U64(err.conflict_ipa, 0x44100000, "where");
	free(f.pages);

	cell.regions = offset;
	cell.region_count = 1;
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_ERR_ALIGN,
		  "guest and phys differ within a page");
	free(f.pages);

	cell.regions = part_page;
	cell.region_count = 2;
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_ERR_ALIGN,
		  "a device region that is part of a page");
	CHECK_STR(err.what, "b", "refused region");
	free(f.pages);

	cell.regions = window_overlap;
	fixture_init(&f);
	CHECK_INT(stage2_build_cell(&f.table, &board, &cell, &err), PT_ERR_CONFLICT,
		  "overlapping sub-page windows");
	CHECK_STR(err.what, "b", "refused region");
	free(f.pages);
	case_end("overlaps, guest/phys offset mismatches and part-page device maps are refused");
}

int main(void)
{
	test_attrs();
	test_rom();
	test_regime();
	test_cell_map();
	test_relocated_ram();
	test_refusals();
	return check_summary("stage2");
}
