// SPDX-License-Identifier: MIT
/*
 * Host tests of the cell's redistributor view (runtime/irqchip/vgic_redist.c).
 * Offsets and bits come from the GICv3 specification (IHI 0069, 12.10), not
 * from vgic_redist.h. Board: 4 CPUs (MPIDR 0..3), one 128 KiB frame pair per
 * CPU as on QEMU virt; the cell owns cpu2 and cpu3, SGIs 0-13, PPIs 27 and 30.
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "irqchip/vgic_redist.h"
#include "vgic_fake_backend.h"

#define STRIDE	   0x20000u
#define SGI_BASE   0x10000u
#define R_CTLR	   0x0000
#define R_IIDR	   0x0004
#define R_TYPER	   0x0008
#define R_WAKER	   0x0014
#define R_PIDR2	   0xffe8
#define ISENABLER0 (SGI_BASE + 0x0100)
#define ICENABLER0 (SGI_BASE + 0x0180)
#define ISPENDR0   (SGI_BASE + 0x0200)
#define IGROUPR0   (SGI_BASE + 0x0080)
#define IPRIORITYR (SGI_BASE + 0x0400)
#define ICFGR0	   (SGI_BASE + 0x0c00)
#define ICFGR1	   (SGI_BASE + 0x0c04)

#define TYPER_PLPIS	BIT(0)
#define TYPER_VLPIS	BIT(1)
#define TYPER_DIRECTLPI BIT(3)
#define TYPER_LAST	BIT(4)
#define WAKER_PS	BIT(1)
#define WAKER_CA	BIT(2)

static const struct cf_cpu cpus[] = {
	{"cpu0", 0x0},
	{"cpu1", 0x1},
	{"cpu2", 0x2},
	{"cpu3", 0x3},
};
static struct cf_board board = {
	.name = "test",
	.cpus = cpus,
	.cpu_count = 4,
	.gicr_stride = STRIDE,
	.gicr_base = 0x080a0000,
	.gicr_size = 0xf60000,
};
static struct cf_cell cell = {.name = "beta", .cpu_mask = 0xc};
static struct fake_gic gic;
static struct vgic_redist_view view;
static struct vgic_backend backend = {.ops = &fake_ops, .ctx = &gic};

/* What the hardware says, with LPI features a cell must not see. */
static uint64_t phys_typer(uint32_t i)
{
	return ((uint64_t)i << 32) | ((uint64_t)i << 8) | TYPER_PLPIS | TYPER_VLPIS |
	       TYPER_DIRECTLPI | (i == 3 ? TYPER_LAST : 0);
}

static void setup(void)
{
	uint64_t typers[4];

	memset(cell.irq_bitmap, 0, sizeof(cell.irq_bitmap));
	for (uint32_t i = 0; i < 14; i++)
		bitmap_add(cell.irq_bitmap, i);
	bitmap_add(cell.irq_bitmap, 27);
	bitmap_add(cell.irq_bitmap, 30);
	fake_init(&gic, cell.irq_bitmap, cell.cpu_mask);
	for (uint32_t i = 0; i < 4; i++)
		typers[i] = phys_typer(i);
	vgic_redist_init(&view, &board, &cell, typers, 4, 0x0100143b, &backend);
	vgic_redist_reset(&view);
}

static bool acc(uint64_t off, uint32_t size, bool write, uint64_t value, uint64_t *out,
		uint32_t cpu)
{
	struct mmio_access a = {
		.addr = board.gicr_base + off,
		.offset = off,
		.size = size,
		.write = write,
		.value = value,
		.cpu = cpu,
	};
	bool ok = vgic_redist_mmio(&view, &a);

	if (out)
		*out = a.value;
	return ok;
}

static uint64_t rd(uint64_t off, uint32_t size)
{
	uint64_t v = 0xdeadbeef;

	CHECK(acc(off, size, false, 0, &v, 2), "read 0x%llx/%u accepted", (unsigned long long)off,
	      size);
	return v;
}

static void wr(uint64_t off, uint32_t size, uint64_t value)
{
	CHECK(acc(off, size, true, value, NULL, 2), "write 0x%llx/%u accepted",
	      (unsigned long long)off, size);
}

/* Linux's walk (gic_iterate_rdists), done the way the guest does it. Frame found, or -1. */
static int linux_scan(uint64_t mpidr, uint32_t *frames_visited)
{
	uint64_t want = ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);
	uint64_t ptr = 0;

	*frames_visited = 0;
	while (ptr < board.gicr_size) {
		uint64_t typer;

		(*frames_visited)++;
		if (((rd(ptr + R_PIDR2, 4) >> 4) & 0xf) != 3)
			return -1;
		typer = rd(ptr + R_TYPER, 8);
		if ((typer >> 32) == want)
			return (int)(ptr / STRIDE);
		if (typer & TYPER_LAST)
			return -1;
		ptr += STRIDE * ((typer & TYPER_VLPIS) ? 2 : 1);
	}
	return -1;
}

static void test_linux_scan(void)
{
	uint32_t visited;

	case_begin();
	setup();
	CHECK_INT(linux_scan(0x2, &visited), 2, "cpu2 finds frame 2");
	CHECK_INT(visited, 3, "after frames 0 and 1");
	CHECK_INT(linux_scan(0x3, &visited), 3, "cpu3 finds frame 3");
	CHECK_INT(linux_scan(0x7, &visited), -1, "an unknown CPU finds nothing");
	CHECK_INT(visited, 4, "and stops at the frame marked Last");
	for (uint32_t f = 0; f < 4; f++) {
		uint64_t typer = rd(f * STRIDE + R_TYPER, 8);

		CHECK_U64(typer & (TYPER_PLPIS | TYPER_VLPIS | TYPER_DIRECTLPI), 0,
			  "LPI features hidden");
		CHECK_U64(typer >> 32, f, "true affinity");
		CHECK_U64((typer >> 8) & 0xffff, f, "true Processor_Number");
		CHECK_U64(typer & TYPER_LAST, f == 3 ? TYPER_LAST : 0, "Last on frame 3 only");
		CHECK_U64(rd(f * STRIDE + R_TYPER, 4), (uint32_t)typer, "TYPER low half");
		CHECK_U64(rd(f * STRIDE + R_TYPER + 4, 4), typer >> 32, "TYPER high half");
	}
	CHECK_INT(view.foreign_accesses, 0, "identification reads are not counted as attempts");
	CHECK_U64(rd(4 * STRIDE + R_PIDR2, 4), 0, "no redistributor beyond the last frame");
	case_end("redistributor scan as Linux does it from a cell owning cpu2+cpu3");
}

static void test_foreign_frames(void)
{
	uint32_t calls;

	case_begin();
	setup();
	gic.cpu_mask = 0xf; /* let the fake hold cpu0 state so we can see it untouched */
	gic.enable[0][27] = true;
	gic.cpu_mask = 0xc;
	calls = gic.set_calls;
	for (uint32_t f = 0; f < 2; f++) {
		for (uint64_t off = 0; off < STRIDE; off += 4) {
			wr(f * STRIDE + off, 4, ~0ull);
			if (off != R_PIDR2 && off != R_TYPER && off != R_TYPER + 4)
				CHECK_U64(rd(f * STRIDE + off, 4), 0, "foreign frame reads 0");
		}
		CHECK(acc(f * STRIDE + ISENABLER0, 1, true, 0xff, NULL, 2),
		      "odd sizes in a foreign frame: RAZ/WI, no information");
	}
	CHECK_INT(gic.set_calls, calls, "no backend call for another cell's CPU");
	CHECK_INT(gic.violations, 0, "no violations");
	CHECK_INT(gic.enable[0][27], 1, "cpu0's timer PPI untouched");
	CHECK(view.foreign_accesses >= 2 * (STRIDE / 4), "foreign accesses counted");
	case_end("another cell's frames: RAZ/WI, counted");
}

static void test_waker(void)
{
	case_begin();
	setup();
	CHECK_U64(rd(2 * STRIDE + R_WAKER, 4), WAKER_PS | WAKER_CA, "reset: asleep");
	wr(2 * STRIDE + R_WAKER, 4, 0);
	CHECK_U64(rd(2 * STRIDE + R_WAKER, 4) & WAKER_CA, 0, "awake: ChildrenAsleep clears");
	CHECK_U64(rd(3 * STRIDE + R_WAKER, 4), WAKER_PS | WAKER_CA, "cpu3 still asleep");
	wr(2 * STRIDE + R_WAKER, 4, WAKER_PS);
	CHECK_U64(rd(2 * STRIDE + R_WAKER, 4), WAKER_PS | WAKER_CA, "asleep again");
	CHECK(!acc(2 * STRIDE + R_WAKER, 1, false, 0, NULL, 2), "byte WAKER refused");
	CHECK_U64(rd(2 * STRIDE + R_CTLR, 4), 0, "CTLR: no LPIs, RWP/UWP 0");
	case_end("GICR_WAKER handshake per vCPU");
}

static void test_own_frame(void)
{
	uint64_t f = 2 * STRIDE;

	case_begin();
	setup();
	wr(f + ISENABLER0, 4, (1u << 1) | (1u << 27) | (1u << 25) | (1u << 15) | (1u << 26));
	CHECK_INT(gic.enable[2][27], 1, "timer PPI 27 enabled on cpu2's redistributor");
	CHECK_INT(gic.last_cpu, 2, "backend told the frame's CPU");
	CHECK_U64(rd(f + ISENABLER0, 4), (1u << 1) | (1u << 27),
		  "SGI 1 (virtual) and PPI 27; not maintenance/hyp timer/SGI 15");
	CHECK_INT(view.blocked_writes, 3, "three refused bits counted");
	CHECK_U64(rd(3 * STRIDE + ISENABLER0, 4), 0, "cpu3's state is its own");
	wr(f + ICENABLER0, 4, 1u << 27);
	CHECK_INT(gic.enable[2][27], 0, "PPI 27 disabled");
	CHECK_U64(rd(f + IGROUPR0, 4), 0x3fffu | (1u << 27) | (1u << 30), "IGROUPR0");

	wr(f + IPRIORITYR + 3, 1, 0x40);
	wr(f + IPRIORITYR + 30, 1, 0x60);
	wr(f + IPRIORITYR + 12, 4, 0x11111111); /* SGIs 12, 13 virtual; 14, 15 the hypervisor's */
	CHECK_U64(rd(f + IPRIORITYR, 4), 0x40a0a0a0, "SGI 3 priority byte");
	CHECK_U64(gic.priority[2][30], 0x60, "PPI 30 priority reached cpu2's redistributor");
	CHECK_U64(rd(f + IPRIORITYR + 12, 4), 0x1111, "SGIs 14/15 read 0");
	CHECK_U64(vgic_redist_priority(&view, 2, 3), 0x40, "SGI priority for the LR");
	CHECK_U64(vgic_redist_priority(&view, 2, 30), 0x60, "PPI priority for the LR");

	CHECK_U64(rd(f + ICFGR0, 4), 0x0aaaaaaa, "SGIs 0-13 edge, 14-15 hidden");
	wr(f + ICFGR0, 4, 0);
	CHECK_U64(rd(f + ICFGR0, 4), 0x0aaaaaaa, "SGI config read-only");
	wr(f + ICFGR1, 4, ~0u);
	CHECK_INT(gic.edge[2][27], 1, "PPI 27 config through the backend");
	CHECK_U64(rd(f + ICFGR1, 4), (2u << 22) | (2u << 28), "ICFGR1: PPIs 27 and 30 edge");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");
	CHECK(!acc(f + ISENABLER0, 2, true, 1, NULL, 2), "halfword ISENABLER0 refused");
	case_end("own frame: virtual SGIs, physical timer PPIs, the rest blocked");
}

static void test_sgi_delivery(void)
{
	struct vgic_lr_state lrs;
	uint64_t f = 2 * STRIDE;

	case_begin();
	setup();
	vgic_lr_init(&lrs, 3);
	CHECK(vgic_redist_sgi_raise(&view, 2, 5), "SGI 5 raised on cpu2");
	CHECK(!vgic_redist_sgi_raise(&view, 1, 5), "cpu1 is not the cell's");
	CHECK(!vgic_redist_sgi_raise(&view, 2, 15), "SGI 15 is the hypervisor's");
	bitmap_add(cell.irq_bitmap, 14); /* even if a table claimed them */
	CHECK(!vgic_redist_sgi_raise(&view, 2, 14), "SGI 14 is the hypervisor's");
	wr(f + ISENABLER0, 4, 1u << 14);
	CHECK_U64(rd(f + ISENABLER0, 4), 0, "SGI 14 cannot be enabled");
	cell.irq_bitmap[0] &= ~(1u << 14);
	CHECK_U64(vgic_redist_take_kicks(&view), 0, "disabled: latched, no kick");
	CHECK_INT(vgic_redist_collect(&view, 2, &lrs), 0, "disabled: not delivered");
	CHECK_U64(rd(f + ISPENDR0, 4), 1u << 5, "reads pending");
	wr(f + IPRIORITYR + 5, 1, 0x30);
	wr(f + ISENABLER0, 4, 1u << 5);
	CHECK_U64(vgic_redist_take_kicks(&view), 1u << 2, "enabled: cpu2 kicked");
	CHECK_INT(vgic_redist_collect(&view, 2, &lrs), 1, "delivered");
	CHECK_INT(lrs.queue[0].intid, 5, "vINTID 5");
	CHECK(!lrs.queue[0].hw, "SGIs are never HW");
	CHECK_U64(lrs.queue[0].priority, 0x30, "with the guest's priority");
	CHECK_INT(vgic_redist_collect(&view, 2, &lrs), 0, "once");
	wr(3 * STRIDE + ISPENDR0, 4, 1u << 7);
	wr(3 * STRIDE + ISENABLER0, 4, 1u << 7);
	CHECK_U64(vgic_redist_take_kicks(&view), 1u << 3, "pending set on cpu3's frame kicks cpu3");
	case_end("virtual SGI: latch, enable, collect");
}

static void test_reset_and_unknown(void)
{
	case_begin();
	setup();
	gic.enable[3][30] = true;
	gic.active[2][27] = true;
	vgic_redist_reset(&view);
	CHECK_INT(gic.enable[3][30], 0, "cpu3 PPI 30 disabled");
	CHECK_INT(gic.active[2][27], 0, "cpu2 PPI 27 not active");
	CHECK_INT(gic.violations, 0, "reset only touches the cell's CPUs");
	uint64_t before = view.unknown_accesses;

	CHECK_U64(rd(2 * STRIDE + 0x0200, 4), 0, "reserved RD offset RAZ");
	CHECK_U64(rd(2 * STRIDE + SGI_BASE + 0x0600, 4), 0, "reserved SGI offset RAZ");
	wr(2 * STRIDE + 0x0200, 4, ~0ull);
	CHECK_INT(view.unknown_accesses - before, 3, "unknown accesses counted");
	case_end("reset and reserved offsets");
}

int main(void)
{
	test_linux_scan();
	test_foreign_frames();
	test_waker();
	test_own_frame();
	test_sgi_delivery();
	test_reset_and_unknown();
	return check_summary("vgic_redist");
}
