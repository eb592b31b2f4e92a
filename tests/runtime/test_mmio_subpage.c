// SPDX-License-Identifier: MIT
/*
 * Host tests of sub-page device windows (runtime/core/mmio_subpage.c): which
 * pages trap, and which accesses in them reach the device. The dispatch is the
 * one guest_exit() makes for a data abort: the cell's emulated-MMIO table
 * (mmio_find, mmio_contains_access), then the region's handler. A fake bus
 * records what would have reached the hardware.
 *
 * The layout is QEMU virt's: virtio-mmio transports of 0x200 bytes, 8 to a page;
 * cell 'a' owns virtio4 (0x0a000800), cell 'b' virtio5 (0x0a000a00), nobody the
 * rest. Cell 'a' also owns an odd 6-byte window to exercise straddling with
 * naturally aligned accesses.
 */
#include <stdint.h>

#include "check.h"
#include "core/mmio_subpage.h"

#define PAGE	    UINT64_C(0x1000)
#define VIRTIO_PAGE UINT64_C(0x0a000000)
#define VIRTIO4	    UINT64_C(0x0a000800)
#define VIRTIO5	    UINT64_C(0x0a000a00)
#define ODD	    UINT64_C(0x0c000000)
#define TABLE_SLOTS 8u
#define MAGIC_VIRT  UINT64_C(0x74726976) /* "virt", virtio-mmio MagicValue */

/* What reached the (fake) hardware. */
static struct {
	uint32_t calls;
	uint64_t phys;
	uint32_t size;
	bool write;
	uint64_t value;
} bus;

uint64_t mmio_bus_read(uint64_t phys, uint32_t size)
{
	bus.calls++;
	bus.phys = phys;
	bus.size = size;
	bus.write = false;
	return phys == VIRTIO4 || phys == VIRTIO5 ? MAGIC_VIRT : phys ^ UINT64_C(0x5a5a);
}

void mmio_bus_write(uint64_t phys, uint32_t size, uint64_t value)
{
	bus.calls++;
	bus.phys = phys;
	bus.size = size;
	bus.write = true;
	bus.value = value;
}

static const struct cf_region a_regions[] = {
	{.name = "virtio4",
	 .phys = VIRTIO4,
	 .guest = VIRTIO4,
	 .size = 0x200,
	 .kind = CF_REGION_SUBPAGE},
	{.name = "gpio",
	 .phys = 0x0b000000,
	 .guest = 0x0b000000,
	 .size = 0x1000,
	 .kind = CF_REGION_DEVICE},
	{.name = "odd", .phys = ODD, .guest = ODD, .size = 6, .kind = CF_REGION_SUBPAGE},
	{.name = "ram",
	 .phys = 0x40000000,
	 .guest = 0x40000000,
	 .size = 0x200000,
	 .kind = CF_REGION_RAM},
};
static const struct cf_cell cell_a = {.name = "a", .regions = a_regions, .region_count = 4};

static const struct cf_region b_regions[] = {
	{.name = "virtio5",
	 .phys = VIRTIO5,
	 .guest = VIRTIO5,
	 .size = 0x200,
	 .kind = CF_REGION_SUBPAGE},
	{.name = "ram",
	 .phys = 0x42000000,
	 .guest = 0x42000000,
	 .size = 0x200000,
	 .kind = CF_REGION_RAM},
};
static const struct cf_cell cell_b = {.name = "b", .regions = b_regions, .region_count = 2};

static bool vuart_stub(void *device, struct mmio_access *access)
{
	(void)device;
	(void)access;
	return true;
}

struct table {
	struct mmio_region r[TABLE_SLOTS];
	uint32_t n;
};

/* A cell's table as cell_setup() builds it: the virtual UART, then the windows' pages. */
static void table_for(struct table *t, const struct cf_cell *cell, uint32_t *pages)
{
	const struct mmio_region uart = {
		.base = 0x09000000, .size = 0x1000, .handler = vuart_stub, .name = "vuart"};

	t->n = 0;
	CHECK(mmio_table_insert(t->r, &t->n, TABLE_SLOTS, &uart), "add vuart");
	CHECK(subpage_register(t->r, &t->n, TABLE_SLOTS, cell, pages), "register %s", cell->name);
}

/*
 * guest_exit()'s path for an access with ISV set: true if it was forwarded (the
 * fake bus saw exactly one access), false if the cell would get a fault.
 */
static bool guest_access(const struct table *t, uint64_t addr, uint32_t size, bool write,
			 uint64_t *value)
{
	const struct mmio_region *region = mmio_find(t->r, t->n, addr);
	struct mmio_access access = {.addr = addr, .size = size, .write = write, .value = *value};
	uint32_t calls = bus.calls;
	bool ok;

	if (!region || !mmio_contains_access(region, addr, size))
		return false;
	access.offset = addr - region->base;
	ok = region->handler(region->device, &access);
	CHECK_INT(bus.calls - calls, ok ? 1 : 0, "device accesses per guest access");
	if (ok && !write)
		*value = access.value;
	return ok;
}

static bool reads(const struct table *t, uint64_t addr, uint32_t size)
{
	uint64_t v = 0;

	return guest_access(t, addr, size, false, &v);
}

static void test_registration(void)
{
	struct table t;
	uint32_t pages = 0;

	case_begin();
	table_for(&t, &cell_a, &pages);
	CHECK_INT(pages, 2, "a: two trapped pages (virtio4's and the odd window's)");
	CHECK_INT(t.n, 3, "a: vuart + 2 pages");
	CHECK_U64(t.r[0].base, 0x09000000, "sorted: vuart first");
	CHECK_U64(t.r[1].base, VIRTIO_PAGE, "virtio4's page traps whole");
	CHECK_U64(t.r[1].size, PAGE, "one page");
	CHECK(t.r[1].handler == subpage_mmio, "the forwarder handles it");
	CHECK(t.r[1].name == NULL, "refusals name the board device, not an emulated one");
	CHECK_U64(t.r[2].base, ODD, "odd window's page");
	CHECK(mmio_find(t.r, t.n, 0x0b000000) == NULL,
	      "a whole-page device is mapped, not trapped");
	CHECK(mmio_find(t.r, t.n, 0x40000000) == NULL, "RAM is not trapped");
	case_end("each sub-page window's page is one trapped region; mapped regions are not");
}

static void test_own_window(void)
{
	struct table t;
	uint32_t pages;
	uint64_t v;

	case_begin();
	table_for(&t, &cell_a, &pages);
	v = 0;
	CHECK(guest_access(&t, VIRTIO4, 4, false, &v), "MagicValue");
	CHECK_U64(v, MAGIC_VIRT, "MagicValue from the device");
	CHECK_U64(bus.phys, VIRTIO4, "at the device address");
	CHECK_INT(bus.size, 4, "same width");
	CHECK(reads(&t, VIRTIO4 + 4, 4) && bus.phys == VIRTIO4 + 4, "Version");
	CHECK(reads(&t, VIRTIO4 + 8, 4) && bus.phys == VIRTIO4 + 8, "DeviceID");
	CHECK(reads(&t, VIRTIO4 + 0x1fc, 4), "last word of the window");
	CHECK(reads(&t, VIRTIO4 + 0x1f8, 8) && bus.size == 8, "aligned 8 bytes at the end");
	CHECK(reads(&t, VIRTIO4 + 0x1ff, 1) && bus.size == 1, "last byte");
	CHECK(reads(&t, VIRTIO4 + 0x102, 2) && bus.size == 2, "config space halfword");
	v = 0xdeadbeef;
	CHECK(guest_access(&t, VIRTIO4 + 0x70, 4, true, &v), "Status write");
	CHECK(bus.write && bus.phys == VIRTIO4 + 0x70 && bus.value == 0xdeadbeef && bus.size == 4,
	      "the write reached the device as it was made");
	case_end("accesses inside the owned window reach the device, same size and direction");
}

static void test_neighbours(void)
{
	struct table ta, tb;
	uint32_t pages;
	uint64_t v = 0x1;

	case_begin();
	table_for(&ta, &cell_a, &pages);
	table_for(&tb, &cell_b, &pages);
	CHECK(!reads(&ta, VIRTIO5, 4), "a reads b's MagicValue");
	CHECK(!guest_access(&ta, VIRTIO5 + 0x70, 4, true, &v), "a resets b's device (Status = 0)");
	CHECK(!guest_access(&ta, VIRTIO5 + 0x80, 4, true, &v), "a reprograms b's queue");
	CHECK(!reads(&ta, VIRTIO4 - 4, 4), "just before the window (virtio3)");
	CHECK(!reads(&ta, VIRTIO4 + 0x200, 1), "first byte after the window");
	CHECK(!reads(&ta, VIRTIO_PAGE, 4), "start of the page");
	CHECK(!reads(&ta, VIRTIO_PAGE + PAGE - 4, 4), "end of the page");
	CHECK(!reads(&tb, VIRTIO4, 4), "b reads a's MagicValue");
	CHECK(reads(&tb, VIRTIO5, 4) && bus.phys == VIRTIO5, "b reads its own");
	CHECK(reads(&ta, VIRTIO4, 4) && bus.phys == VIRTIO4, "a reads its own");
	case_end("one page, two cells: each reaches its window, neither the other's");
}

static void test_hostile(void)
{
	struct table t;
	uint32_t pages;
	const struct cf_region *w;
	uint64_t phys = 0x1234;

	case_begin();
	table_for(&t, &cell_a, &pages);
	CHECK(!reads(&t, VIRTIO4 + 0x1fc, 8), "8 bytes straddling the window end");
	CHECK_INT(subpage_decide(&cell_a, VIRTIO4 + 0x1fc, 8, &w, &phys), SUBPAGE_STRADDLE,
		  "verdict: straddle");
	CHECK(w == &a_regions[0], "the window it starts in");
	CHECK(!reads(&t, ODD + 4, 4), "aligned word straddling a 6-byte window");
	CHECK_INT(subpage_decide(&cell_a, ODD + 4, 4, &w, &phys), SUBPAGE_STRADDLE,
		  "verdict: straddle (aligned)");
	CHECK(reads(&t, ODD + 4, 2), "the window's last halfword");
	CHECK(!reads(&t, ODD + 6, 1), "the byte after it");
	CHECK(!reads(&t, VIRTIO4 + 2, 4), "unaligned word");
	CHECK_INT(subpage_decide(&cell_a, VIRTIO4 + 2, 4, &w, &phys), SUBPAGE_UNALIGNED,
		  "verdict: unaligned");
	CHECK(!reads(&t, VIRTIO4 + 4, 8), "unaligned doubleword");
	CHECK_INT(subpage_decide(&cell_a, VIRTIO4, 3, &w, &phys), SUBPAGE_BAD_SIZE, "3 bytes");
	CHECK_INT(subpage_decide(&cell_a, VIRTIO4, 0, &w, &phys), SUBPAGE_BAD_SIZE, "0 bytes");
	CHECK_INT(subpage_decide(&cell_a, VIRTIO4, 16, &w, &phys), SUBPAGE_BAD_SIZE, "16 bytes");
	CHECK_INT(subpage_decide(&cell_a, ~UINT64_C(0), 1, &w, &phys), SUBPAGE_OUTSIDE, "top");
	CHECK_INT(subpage_decide(&cell_a, 0, 4, &w, &phys), SUBPAGE_OUTSIDE, "address 0");
	CHECK_INT(subpage_decide(&cell_a, 0x0b000000, 4, &w, &phys), SUBPAGE_OUTSIDE,
		  "a mapped device is no window");
	CHECK_INT(subpage_decide(&cell_a, 0x40000000, 4, &w, &phys), SUBPAGE_OUTSIDE, "RAM");
	CHECK_U64(phys, 0x1234, "phys untouched when refused");
	case_end("straddling, unaligned, odd sizes and far addresses are refused");
}

/* Every offset and width in the shared page: forwarded iff inside virtio4 and aligned. */
static void test_sweep(void)
{
	static const uint32_t sizes[] = {1, 2, 4, 8};
	struct table t;
	uint32_t pages, wrong = 0, forwarded = 0;

	case_begin();
	table_for(&t, &cell_a, &pages);
	for (uint64_t off = 0; off < PAGE; off++) {
		for (uint32_t i = 0; i < 4; i++) {
			uint64_t addr = VIRTIO_PAGE + off;
			uint32_t size = sizes[i];
			bool expect = addr >= VIRTIO4 && addr + size <= VIRTIO4 + 0x200 &&
				      addr % size == 0;
			bool got = reads(&t, addr, size);

			forwarded += got;
			if (got != expect || (got && (bus.phys != addr || bus.size != size)))
				wrong++;
		}
	}
	CHECK_INT(wrong, 0, "accesses decided wrongly");
	CHECK_INT(forwarded, 0x200 + 0x100 + 0x80 + 0x40, "forwarded accesses");
	case_end("sweep of a shared page: exactly the owned window's aligned accesses pass");
}

static void test_register_refusals(void)
{
	static const struct cf_region wraps[] = {
		{.name = "w",
		 .phys = ~UINT64_C(0) - 0xff,
		 .guest = ~UINT64_C(0) - 0xff,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
	};
	static const struct cf_region shifted[] = {
		{.name = "s",
		 .phys = 0x0a000a00,
		 .guest = 0x0a000800,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
	};
	static const struct cf_region on_uart[] = {
		{.name = "u",
		 .phys = 0x09000800,
		 .guest = 0x09000800,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
	};
	static const struct cf_region empty[] = {
		{.name = "e",
		 .phys = VIRTIO4,
		 .guest = VIRTIO4,
		 .size = 0,
		 .kind = CF_REGION_SUBPAGE},
	};
	static const struct cf_region two_in_page[] = {
		{.name = "v4",
		 .phys = VIRTIO4,
		 .guest = VIRTIO4,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
		{.name = "v5",
		 .phys = VIRTIO5,
		 .guest = VIRTIO5,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
		{.name = "v8",
		 .phys = 0x0a001000,
		 .guest = 0x0a001000,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
	};
	struct cf_cell cell = {.name = "x", .regions = wraps, .region_count = 1};
	struct mmio_region r[2];
	struct table t;
	uint32_t n = 0, pages;

	case_begin();
	t.n = 0;
	CHECK(!subpage_register(t.r, &t.n, TABLE_SLOTS, &cell, &pages), "window wraps");
	cell.regions = shifted;
	CHECK(!subpage_register(t.r, &t.n, TABLE_SLOTS, &cell, &pages),
	      "guest/phys page offsets differ");
	cell.regions = empty;
	CHECK(!subpage_register(t.r, &t.n, TABLE_SLOTS, &cell, &pages), "empty window");
	CHECK_INT(t.n, 0, "nothing added");
	cell.regions = on_uart;
	table_for(&t, &cell_b, &pages);
	CHECK(!subpage_register(t.r, &t.n, TABLE_SLOTS, &cell, &pages),
	      "page of an emulated device");
	cell.regions = two_in_page;
	cell.region_count = 3;
	CHECK(subpage_register(r, &n, 2, &cell, &pages), "two windows in a page share a slot");
	CHECK_INT(pages, 2, "two pages");
	n = 0;
	CHECK(!subpage_register(r, &n, 1, &cell, &pages), "table full");
	case_end("registration refuses broken windows and a full table");
}

int main(void)
{
	test_registration();
	test_own_window();
	test_neighbours();
	test_hostile();
	test_sweep();
	test_register_refusals();
	return check_summary("mmio_subpage");
}
