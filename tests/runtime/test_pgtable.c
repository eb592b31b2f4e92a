// SPDX-License-Identifier: MIT
/*
 * Host tests of the generic translation-table builder (runtime/arch/arm64/
 * pgtable.c): block/page choice, splitting of unaligned ranges, refusal of
 * conflicting mappings, pool exhaustion, concatenated stage-2 roots. Results
 * are verified by walking the tables (pt_translate for every page, and an
 * independent walk over the raw descriptors in this file).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/hyp_map.h"
#include "arch/arm64/pgtable.h"
#include "check.h"

#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* Stage-2 style leaf bits: MemAttr [5:2], S2AP [7:6], SH [9:8], AF, XN [54:53]. */
#define S2_ATTR_MASK (GENMASK(5, 2) | GENMASK(7, 6) | GENMASK(9, 8) | BIT(10) | GENMASK(54, 53))
#define S2_NORMAL_RW ((UL(0xf) << 2) | (UL(3) << 6) | (UL(3) << 8) | BIT(10))
#define S2_DEVICE_RW ((UL(0x1) << 2) | (UL(3) << 6) | BIT(10) | GENMASK(54, 53))

struct fixture {
	pt_page_t *pages;
	struct pt_pool pool;
	struct pt_regime regime;
	struct pt_table table;
};

static void fixture_init(struct fixture *f, uint32_t pages, const struct pt_regime *regime)
{
	f->pages = aligned_alloc(PT_PAGE_SIZE, (size_t)pages * PT_PAGE_SIZE);
	/* Garbage, so that a table the builder forgets to clear shows up. */
	memset(f->pages, 0xa5, (size_t)pages * PT_PAGE_SIZE);
	f->regime = *regime;
	CHECK_INT(pt_pool_init(&f->pool, f->pages, pages), PT_OK, "pool init");
	CHECK_INT(pt_init(&f->table, &f->regime, &f->pool), PT_OK, "table init");
}

static void fixture_free(struct fixture *f)
{
	free(f->pages);
}

static struct pt_regime stage1_regime(void)
{
	struct pt_regime r;

	hyp_regime_init(&r, 44);
	return r;
}

/* Stage-1 EL2 attributes, set in main(). */
static uint64_t attrs_data, attrs_dev, attrs_code;

/* Checks every page of [va, va + size): translated to pa.. with attrs. */
static void expect_mapped(const struct pt_table *t, uint64_t va, uint64_t pa, uint64_t size,
			  uint64_t attrs, const char *what)
{
	uint64_t bad = 0, first_bad = 0;

	for (uint64_t off = 0; off < size; off += PT_PAGE_SIZE) {
		struct pt_translation tr;
		int st = pt_translate(t, va + off + 0x123, &tr);

		if (st != PT_OK || tr.pa != pa + off + 0x123 || tr.attrs != attrs) {
			if (bad++ == 0)
				first_bad = va + off;
		}
	}
	CHECK(bad == 0, "%s: %" PRIu64 " pages wrong, first at 0x%" PRIx64, what, bad, first_bad);
}

static void expect_unmapped(const struct pt_table *t, uint64_t va, const char *what)
{
	struct pt_translation tr;

	CHECK_INT(pt_translate(t, va, &tr), PT_ERR_NOT_MAPPED, what);
}

static void expect_level(const struct pt_table *t, uint64_t va, uint32_t level, const char *what)
{
	struct pt_translation tr = {0};

	CHECK_INT(pt_translate(t, va, &tr), PT_OK, what);
	CHECK_INT(tr.level, level, what);
	CHECK_U64(tr.block_size, pt_level_span(level), what);
}

/* Independent of pt_translate: count raw leaf descriptors per level. */
static void count_leaves(const uint64_t *table, uint32_t entries, uint32_t level,
			 uint32_t counts[4])
{
	for (uint32_t i = 0; i < entries; i++) {
		uint64_t d = table[i];

		if (!(d & PT_DESC_VALID))
			continue;
		if (level == 3) {
			CHECK((d & 3) == 3, "level 3 descriptor 0x%" PRIx64 " must be a page", d);
			counts[3]++;
		} else if (d & PT_DESC_TABLE) {
			count_leaves((const uint64_t *)(uintptr_t)(d & PT_DESC_ADDR_MASK),
				     PT_ENTRIES, level + 1, counts);
		} else {
			CHECK(level >= 1, "block descriptor at level 0: 0x%" PRIx64, d);
			counts[level]++;
		}
	}
}

static void expect_leaves(const struct fixture *f, uint32_t l1, uint32_t l2, uint32_t l3,
			  const char *what)
{
	uint32_t counts[4] = {0};

	count_leaves(f->table.root, f->regime.root_pages * PT_ENTRIES, f->regime.start_level,
		     counts);
	CHECK_INT(counts[0], 0, what);
	CHECK_INT(counts[1], l1, what);
	CHECK_INT(counts[2], l2, what);
	CHECK_INT(counts[3], l3, what);
}

static void test_block_choice(void)
{
	struct pt_regime r = stage1_regime();
	struct fixture f;

	case_begin();
	fixture_init(&f, 16, &r);
	/* 1 GiB aligned in VA and PA: one level-1 block. */
	CHECK_INT(pt_map_range(&f.table, 1 * GiB, 1 * GiB, 1 * GiB, attrs_data), PT_OK, "map 1G");
	expect_level(&f.table, 1 * GiB, 1, "1G aligned range is a level-1 block");
	/* 2 MiB aligned: level-2 blocks. */
	CHECK_INT(pt_map_range(&f.table, 4 * GiB, 4 * GiB, 4 * MiB, attrs_data), PT_OK, "map 4M");
	expect_level(&f.table, 4 * GiB + 2 * MiB, 2, "2M aligned range is level-2 blocks");
	/* VA and PA aligned differently: only pages can translate it. */
	CHECK_INT(pt_map_range(&f.table, 6 * GiB, 6 * GiB + 4 * KiB, 2 * MiB, attrs_data), PT_OK,
		  "map 2M with pa offset 4K");
	expect_level(&f.table, 6 * GiB, 3, "pa not 2M aligned forces pages");
	expect_mapped(&f.table, 6 * GiB, 6 * GiB + 4 * KiB, 2 * MiB, attrs_data,
		      "pages with pa offset");
	expect_leaves(&f, 1, 2, 512, "leaf census: 1 x 1G, 2 x 2M, 512 x 4K");
	/* Root + one L1 + (L2 for 4G.. and 6G..: same 512G, same L1) 2 L2 + 1 L3. */
	CHECK_INT(f.pool.used, 1 + 1 + 2 + 1, "table pages used");
	fixture_free(&f);
	case_end("block vs page choice follows the alignment of va and pa");
}

static void test_unaligned_split(void)
{
	struct pt_regime r = stage1_regime();
	struct fixture f;
	/* Starts 4K before a 2M boundary and ends 12K after a 1G boundary + 2M. */
	const uint64_t va = 2 * GiB - 2 * MiB - 4 * KiB;
	const uint64_t size = 4 * KiB + 2 * MiB + 1 * GiB + 2 * MiB + 12 * KiB;

	case_begin();
	fixture_init(&f, 16, &r);
	CHECK_INT(pt_map_range(&f.table, va, va, size, attrs_data), PT_OK, "map unaligned range");
	expect_mapped(&f.table, va, va, size, attrs_data, "every page of the range");
	expect_unmapped(&f.table, va - 1, "byte before the range");
	expect_unmapped(&f.table, va + size, "byte after the range");
	expect_level(&f.table, va, 3, "head page");
	expect_level(&f.table, 2 * GiB - 2 * MiB, 2, "2M block before the 1G boundary");
	expect_level(&f.table, 2 * GiB, 1, "1G block in the middle");
	expect_level(&f.table, 3 * GiB, 2, "2M block after the 1G block");
	expect_level(&f.table, 3 * GiB + 2 * MiB, 3, "tail page");
	expect_leaves(&f, 1, 2, 4, "leaf census: 1 head page, 2M, 1G, 2M, 3 tail pages");
	fixture_free(&f);
	case_end("an unaligned range is split into pages, 2M and 1G blocks");
}

static void test_overlap(void)
{
	struct pt_regime r = stage1_regime();
	struct fixture f;
	pt_page_t *snapshot;
	uint32_t used;

	case_begin();
	fixture_init(&f, 16, &r);
	CHECK_INT(pt_map_range(&f.table, 1 * GiB, 1 * GiB, 4 * MiB, attrs_data), PT_OK, "map");
	CHECK_INT(pt_map_range(&f.table, 0x9000000, 0x9000000, 4 * KiB, attrs_dev), PT_OK, "map");

	/* Identical mapping again, in whole or in part, is accepted. */
	CHECK_INT(pt_map_range(&f.table, 1 * GiB + 8 * KiB, 1 * GiB + 8 * KiB, 8 * KiB, attrs_data),
		  PT_OK, "same mapping inside a block");
	CHECK_INT(pt_map_range(&f.table, 0x9000000, 0x9000000, 4 * KiB, attrs_dev), PT_OK,
		  "same page again");
	/* Extending an existing mapping covers only the new part. */
	CHECK_INT(pt_map_range(&f.table, 1 * GiB, 1 * GiB, 6 * MiB, attrs_data), PT_OK,
		  "extend by 2M");
	expect_mapped(&f.table, 1 * GiB, 1 * GiB, 6 * MiB, attrs_data, "extended range");

	used = f.pool.used;
	snapshot = malloc((size_t)f.pool.capacity * PT_PAGE_SIZE);
	memcpy(snapshot, f.pages, (size_t)f.pool.capacity * PT_PAGE_SIZE);

	CHECK_INT(pt_map_range(&f.table, 1 * GiB + 2 * MiB, 2 * GiB, 4 * KiB, attrs_data),
		  PT_ERR_CONFLICT, "other pa inside a block");
	CHECK_U64(f.table.conflict_va, 1 * GiB + 2 * MiB, "conflict address reported");
	CHECK_INT(pt_map_range(&f.table, 1 * GiB, 1 * GiB, 4 * KiB, attrs_dev), PT_ERR_CONFLICT,
		  "other attributes");
	CHECK_INT(pt_map_range(&f.table, 0x8fff000, 0x7fff000, 8 * KiB, attrs_dev), PT_ERR_CONFLICT,
		  "range reaching into a page mapped to another pa");
	CHECK_U64(f.table.conflict_va, 0x9000000, "conflict address is the mapped page");
	/* A conflict at the end must not leave the start mapped (all or nothing). */
	CHECK_INT(pt_map_range(&f.table, 1 * GiB - 8 * MiB, 1 * GiB - 8 * MiB, 8 * MiB + 4 * KiB,
			       attrs_code),
		  PT_ERR_CONFLICT, "range whose last page conflicts");
	CHECK_U64(f.table.conflict_va, 1 * GiB, "conflict address is the first clash");
	CHECK_INT(f.pool.used, used, "no table page taken by failed calls");
	CHECK(memcmp(snapshot, f.pages, (size_t)f.pool.capacity * PT_PAGE_SIZE) == 0,
	      "tables changed by failed calls");
	expect_unmapped(&f.table, 1 * GiB - 8 * MiB, "start of the refused range");
	free(snapshot);
	fixture_free(&f);
	case_end("overlaps: identical accepted, conflicting refused without side effects");
}

static void test_pool_exhaustion(void)
{
	struct pt_regime r = stage1_regime();
	struct fixture f;
	pt_page_t *snapshot;

	case_begin();
	/* A page at 512G+ needs root, L1, L2, L3 tables: exactly 4 pages. */
	fixture_init(&f, 4, &r);
	CHECK_INT(pt_map_range(&f.table, 0x9000000, 0x9000000, 4 * KiB, attrs_dev), PT_OK,
		  "4 pages suffice for one page mapping");
	CHECK_INT(pt_pool_free(&f.pool), 0, "pool now empty");
	snapshot = malloc(4 * PT_PAGE_SIZE);
	memcpy(snapshot, f.pages, 4 * PT_PAGE_SIZE);
	CHECK_INT(pt_map_range(&f.table, 0x9200000, 0x9200000, 4 * KiB, attrs_dev), PT_ERR_NOMEM,
		  "next 2M region needs another L3 table");
	CHECK_INT(pt_map_range(&f.table, 513 * GiB, 513 * GiB, 4 * KiB, attrs_dev), PT_ERR_NOMEM,
		  "next 512G region needs three tables");
	CHECK(memcmp(snapshot, f.pages, 4 * PT_PAGE_SIZE) == 0, "tables changed by NOMEM");
	/* What fits without new tables still works. */
	CHECK_INT(pt_map_range(&f.table, 0x9001000, 0x9001000, 4 * KiB, attrs_dev), PT_OK,
		  "page in an existing L3 table");
	CHECK_INT(pt_map_range(&f.table, 1 * GiB, 1 * GiB, 1 * GiB, attrs_data), PT_OK,
		  "1G block in the existing L1 table");
	free(snapshot);
	fixture_free(&f);

	/* The dry run must count shared new tables once: exact fit succeeds. */
	fixture_init(&f, 1 + 1 + 1 + 2, &r);
	CHECK_INT(pt_map_range(&f.table, 2 * MiB - 4 * KiB, 2 * MiB - 4 * KiB, 2 * MiB + 8 * KiB,
			       attrs_data),
		  PT_OK, "head and tail pages in two L3 tables under one L2 table");
	CHECK_INT(pt_pool_free(&f.pool), 0, "exactly the counted pages used");
	fixture_free(&f);
	fixture_init(&f, 1 + 1 + 1 + 1, &r);
	CHECK_INT(pt_map_range(&f.table, 2 * MiB - 4 * KiB, 2 * MiB - 4 * KiB, 2 * MiB + 8 * KiB,
			       attrs_data),
		  PT_ERR_NOMEM, "one page short");
	CHECK_INT(f.pool.used, 1, "only the root is in use after NOMEM");
	fixture_free(&f);

	/* No room for the root itself. */
	f.pages = aligned_alloc(PT_PAGE_SIZE, PT_PAGE_SIZE);
	CHECK_INT(pt_pool_init(&f.pool, f.pages, 0), PT_OK, "empty pool");
	CHECK_INT(pt_init(&f.table, &r, &f.pool), PT_ERR_NOMEM, "root from an empty pool");
	CHECK_INT(pt_map_range(&f.table, 0, 0, 4 * KiB, attrs_data), PT_ERR_REGIME,
		  "map without a root");
	free(f.pages);
	case_end("pool exhaustion returns PT_ERR_NOMEM and changes nothing");
}

static void test_argument_checks(void)
{
	struct pt_regime r = stage1_regime(); /* 48-bit VA, 44-bit PA */
	struct fixture f;
	struct pt_translation tr;

	case_begin();
	fixture_init(&f, 8, &r);
	CHECK_INT(pt_map_range(&f.table, 0x1001, 0x1000, 4 * KiB, attrs_data), PT_ERR_ALIGN, "va");
	CHECK_INT(pt_map_range(&f.table, 0x1000, 0x1800, 4 * KiB, attrs_data), PT_ERR_ALIGN, "pa");
	CHECK_INT(pt_map_range(&f.table, 0x1000, 0x1000, 100, attrs_data), PT_ERR_ALIGN, "size");
	CHECK_INT(pt_map_range(&f.table, 0x1000, 0x1000, 0, attrs_data), PT_ERR_RANGE, "size 0");
	CHECK_INT(pt_map_range(&f.table, (UINT64_C(1) << 48) - 4 * KiB, 0, 8 * KiB, attrs_data),
		  PT_ERR_RANGE, "va beyond 48 bits");
	CHECK_INT(pt_map_range(&f.table, 0, (UINT64_C(1) << 44) - 4 * KiB, 8 * KiB, attrs_data),
		  PT_ERR_RANGE, "pa beyond the 44-bit output size");
	CHECK_INT(pt_map_range(&f.table, UINT64_MAX - 4095, 0, 8 * KiB, attrs_data), PT_ERR_RANGE,
		  "va wrapping around");
	CHECK_INT(pt_map_range(&f.table, 0, 0, 4 * KiB, attrs_data | BIT(55)), PT_ERR_ATTR,
		  "software bit outside the regime's attribute mask");
	CHECK_INT(pt_map_range(&f.table, 0, 0, 4 * KiB, attrs_data | PT_DESC_VALID), PT_ERR_ATTR,
		  "descriptor type bits are not attributes");
	CHECK_INT(f.pool.used, 1, "refused calls took no tables");
	CHECK_INT(pt_map_range(&f.table, (UINT64_C(1) << 48) - 4 * KiB,
			       (UINT64_C(1) << 44) - 4 * KiB, 4 * KiB, attrs_data),
		  PT_OK, "last page of both address spaces");
	expect_mapped(&f.table, (UINT64_C(1) << 48) - 4 * KiB, (UINT64_C(1) << 44) - 4 * KiB,
		      4 * KiB, attrs_data, "last page");
	CHECK_INT(pt_translate(&f.table, UINT64_C(1) << 48, &tr), PT_ERR_RANGE,
		  "translate beyond the input size");
	fixture_free(&f);

	/* Regimes that the hardware cannot walk are refused. */
	struct pt_regime bad = r;
	bad.root_pages = 2;
	f.pages = aligned_alloc(PT_PAGE_SIZE, 4 * PT_PAGE_SIZE);
	pt_pool_init(&f.pool, f.pages, 4);
	CHECK_INT(pt_init(&f.table, &bad, &f.pool), PT_ERR_REGIME, "48 bits at level 0 is 1 page");
	bad = r;
	bad.start_level = 1; /* 48 bits from level 1 would need 512 tables */
	CHECK_INT(pt_init(&f.table, &bad, &f.pool), PT_ERR_REGIME, "too many concatenated tables");
	bad = r;
	bad.attr_mask |= PT_DESC_VALID;
	CHECK_INT(pt_init(&f.table, &bad, &f.pool), PT_ERR_REGIME, "attr mask with type bits");
	CHECK_INT(f.pool.used, 0, "refused regimes took no pages");
	free(f.pages);
	case_end("alignment, range and attribute checks");
}

static void test_stage2_concatenated(void)
{
	/* A 40-bit IPA starting at level 1 needs two concatenated root tables. */
	const struct pt_regime s2 = {
	    .name = "stage 2 (test)",
	    .ia_bits = 40,
	    .oa_bits = 40,
	    .start_level = 1,
	    .root_pages = 2,
	    .attr_mask = S2_ATTR_MASK,
	};
	struct fixture f;

	case_begin();
	fixture_init(&f, 8, &s2);
	CHECK(((uintptr_t)f.table.root & (2 * PT_PAGE_SIZE - 1)) == 0,
	      "concatenated root aligned to its size");
	CHECK_INT(pt_map_range(&f.table, 600 * GiB, 0x40000000, 1 * GiB, S2_NORMAL_RW), PT_OK,
		  "1G above 512G (second root table)");
	CHECK(f.table.root[600] & PT_DESC_VALID, "entry 600 lies in the second root page");
	CHECK_U64(f.table.root[600], 0x40000000 | S2_NORMAL_RW | PT_DESC_VALID,
		  "raw level-1 block descriptor");
	CHECK_INT(pt_map_range(&f.table, 0x0a000000, 0x0a000000, 4 * KiB, S2_DEVICE_RW), PT_OK,
		  "device page");
	expect_mapped(&f.table, 600 * GiB, 0x40000000, 1 * GiB, S2_NORMAL_RW, "guest RAM");
	expect_mapped(&f.table, 0x0a000000, 0x0a000000, 4 * KiB, S2_DEVICE_RW, "guest device");
	expect_unmapped(&f.table, 0x0a001000, "next page");
	CHECK_INT(pt_map_range(&f.table, 1024 * GiB, 0, 4 * KiB, S2_NORMAL_RW), PT_ERR_RANGE,
		  "IPA beyond 40 bits");
	CHECK_INT(pt_map_range(&f.table, 0, 0, 4 * KiB, attrs_data | BIT(51)), PT_ERR_ATTR,
		  "bit 51 is outside the stage-2 attribute mask");
	fixture_free(&f);
	case_end("stage-2 geometry: concatenated roots and its own attribute mask");
}

static void test_pool_alignment(void)
{
	struct pt_pool pool;
	uint8_t *raw = aligned_alloc(PT_PAGE_SIZE, 3 * PT_PAGE_SIZE);

	case_begin();
	CHECK_INT(pt_pool_init(&pool, (pt_page_t *)(raw + 8), 1), PT_ERR_ALIGN,
		  "pool pages must be 4K aligned");
	CHECK_INT(pool.capacity, 0, "refused pool is empty");
	free(raw);
	case_end("table pool checks its alignment");
}

int main(void)
{
	attrs_data = hyp_mem_attrs(HYP_MEM_DATA);
	attrs_dev = hyp_mem_attrs(HYP_MEM_DEVICE);
	attrs_code = hyp_mem_attrs(HYP_MEM_CODE);

	test_block_choice();
	test_unaligned_split();
	test_overlap();
	test_pool_exhaustion();
	test_argument_checks();
	test_stage2_concatenated();
	test_pool_alignment();
	return check_summary("pgtable");
}
