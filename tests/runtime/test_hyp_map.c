// SPDX-License-Identifier: MIT
/*
 * Host tests of the hypervisor's EL2 identity map (runtime/arch/arm64/
 * hyp_map.c) for a board shaped like QEMU virt: permissions of the image
 * sections, RAM and MMIO attributes, sub-page device windows, and the error
 * report for a board whose device overlaps RAM.
 */
#include <stdlib.h>

#include "arch/arm64/hyp_map.h"
#include "check.h"

#define POOL_PAGES 32

static const struct cf_cpu cpus[] = {{"cpu0", 0}, {"cpu1", 1}};
static const struct cf_region ram[] = {
    {"ram", 0x40000000, 0x40000000, 0x40000000, CF_REGION_RAM},
    {"ram", 0x100000000, 0x100000000, 0x200000, CF_REGION_RAM},
};
static struct cf_device devices[] = {
    {"uart0", "arm,pl011", 0x09000000, 0x1000, -1},
    {"rtc", "arm,pl031", 0x09010000, 0x1000, -1},
    {"virtio0", "virtio,mmio", 0x0a000000, 0x200, 0},
    {"virtio1", "virtio,mmio", 0x0a000200, 0x200, -1},
    {"virtio31", "virtio,mmio", 0x0a003e00, 0x200, -1},
};
static struct cf_board board = {
    .name = "test-virt",
    .cpus = cpus,
    .cpu_count = 2,
    .ram = ram,
    .ram_count = 2,
    .hyp_base = 0x40000000,
    .hyp_size = 0x4000000,
    .uart_base = 0x09000000,
    .uart_size = 0x1000,
    .gicd_base = 0x08000000,
    .gicd_size = 0x10000,
    .gicr_base = 0x080a0000,
    .gicr_size = 0xf60000,
    .gicr_stride = 0x20000,
    .maintenance_intid = 25,
    .devices = devices,
    .device_count = 5,
};

static const struct hyp_image_layout image = {
    .start = 0x40000000,
    .text_end = 0x40008000,
    .rodata_end = 0x4000b000,
    .end = 0x40031000,
};

static pt_page_t *pages;

static int build(struct pt_table *t, struct pt_pool *pool, struct pt_regime *r,
		 struct hyp_map_error *err)
{
	hyp_regime_init(r, 40);
	pt_pool_init(pool, pages, POOL_PAGES);
	pt_init(t, r, pool);
	return hyp_map_build(t, &board, &image, err);
}

static void expect(const struct pt_table *t, uint64_t va, enum hyp_mem_kind kind, const char *what)
{
	struct pt_translation tr = {0};

	CHECK_INT(pt_translate(t, va, &tr), PT_OK, what);
	CHECK_U64(tr.pa, va, what); /* identity */
	CHECK_U64(tr.attrs, hyp_mem_attrs(kind), what);
}

static void expect_hole(const struct pt_table *t, uint64_t va, const char *what)
{
	struct pt_translation tr;

	CHECK_INT(pt_translate(t, va, &tr), PT_ERR_NOT_MAPPED, what);
}

static void test_attribute_encoding(void)
{
	case_begin();
	/* Normal WB is MAIR index 1, Device-nGnRE index 0 (mmu.c programs MAIR). */
	CHECK_U64(hyp_mem_attrs(HYP_MEM_CODE), (1u << 2) | (3u << 6) | (3u << 8) | (1u << 10),
		  "code: normal, RO, inner shareable, AF, executable");
	CHECK_U64(hyp_mem_attrs(HYP_MEM_RODATA), hyp_mem_attrs(HYP_MEM_CODE) | BIT(54),
		  "rodata: as code plus XN");
	CHECK_U64(hyp_mem_attrs(HYP_MEM_DATA),
		  (1u << 2) | (1u << 6) | (3u << 8) | (1u << 10) | BIT(54), "data: normal, RW, XN");
	CHECK_U64(hyp_mem_attrs(HYP_MEM_DEVICE), (0u << 2) | (1u << 6) | (1u << 10) | BIT(54),
		  "device: nGnRE, RW, XN");
	case_end("stage-1 EL2 leaf attribute encoding");
}

static void test_board_map(void)
{
	struct pt_regime r;
	struct pt_pool pool;
	struct pt_table t;
	struct hyp_map_error err = {0};
	struct pt_translation tr;

	case_begin();
	CHECK_INT(build(&t, &pool, &r, &err), PT_OK, "build the map");
	expect(&t, 0x40000000, HYP_MEM_CODE, "first code page");
	expect(&t, 0x40007ff8, HYP_MEM_CODE, "last code page");
	expect(&t, 0x40008000, HYP_MEM_RODATA, "rodata");
	expect(&t, 0x4000a000, HYP_MEM_RODATA, "last rodata page");
	expect(&t, 0x4000b000, HYP_MEM_DATA, "data");
	expect(&t, 0x40030000, HYP_MEM_DATA, "bss");
	expect(&t, 0x40031000, HYP_MEM_DATA, "reservation after the image");
	expect(&t, 0x44000000, HYP_MEM_DATA, "RAM after the reservation");
	expect(&t, 0x7ffff000, HYP_MEM_DATA, "last RAM page");
	expect(&t, 0x1001ff000, HYP_MEM_DATA, "second RAM bank");
	expect_hole(&t, 0x80000000, "after RAM");
	expect_hole(&t, 0x100200000, "after the second bank");
	CHECK_INT(pt_translate(&t, 0x60000000, &tr), PT_OK, "RAM far from the image");
	CHECK_INT(tr.level, 2, "RAM uses 2M blocks where the image does not interfere");

	expect(&t, 0x08000000, HYP_MEM_DEVICE, "GICD");
	expect(&t, 0x0800f000, HYP_MEM_DEVICE, "GICD end");
	expect_hole(&t, 0x08010000, "between GICD and GICR");
	expect(&t, 0x080a0000, HYP_MEM_DEVICE, "GICR start");
	expect(&t, 0x08ffffff, HYP_MEM_DEVICE, "GICR end");
	expect(&t, 0x09000000, HYP_MEM_DEVICE, "UART (also device uart0)");
	expect_hole(&t, 0x09001000, "after the UART");
	expect(&t, 0x09010000, HYP_MEM_DEVICE, "rtc");
	expect(&t, 0x0a000000, HYP_MEM_DEVICE, "virtio0 (shares its page with virtio1)");
	expect(&t, 0x0a003e00, HYP_MEM_DEVICE, "virtio31");
	expect_hole(&t, 0x0a004000, "after virtio31");
	expect_hole(&t, 0, "address 0");
	case_end("EL2 map of a virt-like board: image sections, RAM, GIC, devices");
}

static void test_overlap_report(void)
{
	struct pt_regime r;
	struct pt_pool pool;
	struct pt_table t;
	struct hyp_map_error err = {0};

	case_begin();
	devices[4].base = 0x7ffff800; /* a device window inside RAM */
	CHECK_INT(build(&t, &pool, &r, &err), PT_ERR_CONFLICT, "device over RAM is refused");
	CHECK_STR(err.what ? err.what : "(null)", "virtio31", "the failing piece is named");
	CHECK_U64(err.base, 0x7ffff800, "its base");
	CHECK_U64(err.size, 0x200, "its size");
	CHECK_U64(err.conflict_va, 0x7ffff000, "where the clash is");
	devices[4].base = 0x0a003e00;

	board.uart_base = 0x40002000; /* the UART on top of hypervisor code */
	CHECK_INT(build(&t, &pool, &r, &err), PT_ERR_CONFLICT, "UART over the image is refused");
	CHECK_STR(err.what ? err.what : "(null)", "uart", "the failing piece is named");
	board.uart_base = 0x09000000;
	case_end("a board with overlapping regions gets a precise error");
}

int main(void)
{
	pages = aligned_alloc(PT_PAGE_SIZE, POOL_PAGES * PT_PAGE_SIZE);
	test_attribute_encoding();
	test_board_map();
	test_overlap_report();
	free(pages);
	return check_summary("hyp_map");
}
