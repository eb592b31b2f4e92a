// SPDX-License-Identifier: MIT
/*
 * Host tests of the emulated-MMIO region table (runtime/core/mmio.c):
 * sorted insertion, overlap refusal, binary search at the boundaries.
 */
#include <stdint.h>

#include "check.h"
#include "core/mmio.h"

static bool dummy_handler(void *device, struct mmio_access *access)
{
	(void)device;
	(void)access;
	return true;
}

static struct mmio_region region(uint64_t base, uint64_t size, const char *name)
{
	return (struct mmio_region){
		.base = base, .size = size, .handler = dummy_handler, .name = name};
}

static const char *find_name(const struct mmio_region *t, uint32_t n, uint64_t addr)
{
	const struct mmio_region *r = mmio_find(t, n, addr);

	return r ? r->name : "-";
}

static void test_empty(void)
{
	struct mmio_region t[1] = {{.base = 0, .size = 0x1000, .name = "stale"}};

	case_begin();
	CHECK(mmio_find(t, 0, 0) == NULL, "empty table, address 0");
	CHECK(mmio_find(t, 0, 0x09000000) == NULL, "empty table");
	CHECK(mmio_find(NULL, 0, ~UINT64_C(0)) == NULL, "no table at all");
	case_end("lookup in an empty table");
}

static void test_lookup(void)
{
	struct mmio_region t[8];
	uint32_t n = 0;
	struct mmio_region r;

	case_begin();
	/* Inserted out of order; kept sorted. */
	r = region(0x09000000, 0x1000, "vuart");
	CHECK(mmio_table_insert(t, &n, 8, &r), "insert vuart");
	r = region(0x080a0000, 0x20000, "gicr0");
	CHECK(mmio_table_insert(t, &n, 8, &r), "insert gicr0");
	r = region(0x08000000, 0x10000, "gicd");
	CHECK(mmio_table_insert(t, &n, 8, &r), "insert gicd");
	r = region(0x080c0000, 0x20000, "gicr1");
	CHECK(mmio_table_insert(t, &n, 8, &r), "insert gicr1 (adjacent)");
	CHECK_INT(n, 4, "count");
	CHECK_U64(t[0].base, 0x08000000, "sorted 0");
	CHECK_U64(t[1].base, 0x080a0000, "sorted 1");
	CHECK_U64(t[2].base, 0x080c0000, "sorted 2");
	CHECK_U64(t[3].base, 0x09000000, "sorted 3");

	CHECK_STR(find_name(t, n, 0x07ffffff), "-", "below the first");
	CHECK_STR(find_name(t, n, 0x08000000), "gicd", "first byte");
	CHECK_STR(find_name(t, n, 0x0800ffff), "gicd", "last byte");
	CHECK_STR(find_name(t, n, 0x08010000), "-", "gap after gicd");
	CHECK_STR(find_name(t, n, 0x080bffff), "gicr0", "last byte of gicr0");
	CHECK_STR(find_name(t, n, 0x080c0000), "gicr1", "first byte of adjacent gicr1");
	CHECK_STR(find_name(t, n, 0x08ffffff), "-", "gap");
	CHECK_STR(find_name(t, n, 0x09000ffc), "vuart", "vuart");
	CHECK_STR(find_name(t, n, 0x09001000), "-", "after the last");
	CHECK_STR(find_name(t, n, ~UINT64_C(0)), "-", "top of the address space");
	CHECK_STR(find_name(t, 1, 0x080a0000), "-", "count limits the search");

	CHECK(mmio_contains_access(&t[3], 0x09000ffc, 4), "last word");
	CHECK(!mmio_contains_access(&t[3], 0x09000ffc, 8), "crosses the end");
	CHECK(!mmio_contains_access(&t[3], 0x08fffffc, 4), "before the base");
	case_end("binary search: boundaries, gaps, adjacent regions");
}

static void test_refusals(void)
{
	struct mmio_region t[2];
	uint32_t n = 0;
	struct mmio_region r;

	case_begin();
	r = region(0x1000, 0x1000, "a");
	CHECK(mmio_table_insert(t, &n, 2, &r), "insert a");
	r = region(0x1fff, 0x10, "overlap");
	CHECK(!mmio_table_insert(t, &n, 2, &r), "overlap refused");
	r = region(0x3000, 0, "empty");
	CHECK(!mmio_table_insert(t, &n, 2, &r), "empty refused");
	r = region(~UINT64_C(0) - 10, 0x100, "wraps");
	CHECK(!mmio_table_insert(t, &n, 2, &r), "wrap-around refused");
	r = region(0x0, 0x1000, "b");
	CHECK(mmio_table_insert(t, &n, 2, &r), "insert b before a");
	r = region(0x8000, 0x1000, "c");
	CHECK(!mmio_table_insert(t, &n, 2, &r), "full table refused");
	CHECK_INT(n, 2, "count");
	CHECK_STR(t[0].name, "b", "b first");
	case_end("insertion refuses overlaps, empty and wrapping regions, a full table");
}

int main(void)
{
	test_empty();
	test_lookup();
	test_refusals();
	return check_summary("mmio");
}
