// SPDX-License-Identifier: MIT
/*
 * Host tests of the virtual distributor (runtime/irqchip/vgic_dist.c), driven
 * through its MMIO handler as a guest would. Offsets and bits are spelled out
 * here from the GICv3 specification (IHI 0069, 12.9) rather than taken from
 * vgic_dist.h, so a wrong constant there fails a test.
 *
 * Board: 4 CPUs (MPIDR 0..3). The cell under test owns cpu2 and cpu3, SGIs
 * 0-13, PPIs 27 and 30, SPIs 40, 41 and 48, and has virtual SPI 33 (its
 * virtual UART, level). SPI 50 belongs to another cell.
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "irqchip/vgic_dist.h"
#include "vgic_fake_backend.h"

#define CTLR	   0x0000
#define TYPER	   0x0004
#define IIDR	   0x0008
#define TYPER2	   0x000c
#define IGROUPR	   0x0080
#define ISENABLER  0x0100
#define ICENABLER  0x0180
#define ISPENDR	   0x0200
#define ICPENDR	   0x0280
#define ISACTIVER  0x0300
#define ICACTIVER  0x0380
#define IPRIORITYR 0x0400
#define ICFGR	   0x0c00
#define IGRPMODR   0x0d00
#define IROUTER	   0x6000
#define PIDR2	   0xffe8

#define SPI_A	   40u
#define SPI_B	   41u
#define SPI_C	   48u
#define FOREIGN	   50u
#define VUART	   33u
#define PHYS_TYPER 0x037fc008u /* ITLinesNumber 8: INTIDs up to 287, like QEMU virt */
#define PHYS_IIDR  0x0100143bu

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
	.gicr_stride = 0x20000,
};
static struct cf_cell cell = {.name = "alpha", .cpu_mask = 0xc};
static struct fake_gic gic;
static struct vgic_dist dist;
static struct vgic_backend backend = {.ops = &fake_ops, .ctx = &gic};

static void setup(void)
{
	memset(cell.irq_bitmap, 0, sizeof(cell.irq_bitmap));
	for (uint32_t i = 0; i < 14; i++)
		bitmap_add(cell.irq_bitmap, i);
	bitmap_add(cell.irq_bitmap, 27);
	bitmap_add(cell.irq_bitmap, 30);
	bitmap_add(cell.irq_bitmap, SPI_A);
	bitmap_add(cell.irq_bitmap, SPI_B);
	bitmap_add(cell.irq_bitmap, SPI_C);
	fake_init(&gic, cell.irq_bitmap, cell.cpu_mask);
	vgic_dist_init(&dist, &board, &cell, PHYS_TYPER, PHYS_IIDR, &backend);
	CHECK(vgic_dist_add_virq(&dist, VUART, false), "virtual SPI 33 accepted");
}

static bool acc(uint64_t off, uint32_t size, bool write, uint64_t value, uint64_t *out)
{
	struct mmio_access a = {
		.addr = 0x08000000 + off,
		.offset = off,
		.size = size,
		.write = write,
		.value = value,
		.cpu = 2,
	};
	bool ok = vgic_dist_mmio(&dist, &a);

	if (out)
		*out = a.value;
	return ok;
}

static uint64_t rd(uint64_t off, uint32_t size)
{
	uint64_t v = 0xdeadbeef;

	CHECK(acc(off, size, false, 0, &v), "read 0x%llx/%u accepted", (unsigned long long)off,
	      size);
	return v;
}

static void wr(uint64_t off, uint32_t size, uint64_t value)
{
	CHECK(acc(off, size, true, value, NULL), "write 0x%llx/%u accepted",
	      (unsigned long long)off, size);
}

static void test_foreign_spi_untouchable(void)
{
	static const uint64_t values[] = {
		0,	~0ull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull, 0x80000000ull,
		0x2ull, 0x1ull};
	const uint32_t sizes[] = {1, 2, 4, 8};

	case_begin();
	setup();
	gic.priority[0][FOREIGN] = 0x77;
	gic.route[FOREIGN] = 0x1;
	gic.edge[0][FOREIGN] = true;
	gic.enable[0][FOREIGN] = true;
	for (uint64_t off = 0; off < 0x10000; off++) {
		for (uint32_t s = 0; s < 4; s++) {
			for (uint32_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
				struct mmio_access a = {.offset = off,
							.size = sizes[s],
							.write = true,
							.value = values[v],
							.cpu = 2};

				vgic_dist_mmio(&dist, &a);
			}
		}
	}
	CHECK_INT(gic.violations, 0, "backend calls for foreign INTIDs");
	CHECK_INT(gic.enable[0][FOREIGN], 1, "foreign enable unchanged");
	CHECK_INT(gic.pending[0][FOREIGN], 0, "foreign pending unchanged");
	CHECK_INT(gic.active[0][FOREIGN], 0, "foreign active unchanged");
	CHECK_U64(gic.priority[0][FOREIGN], 0x77, "foreign priority unchanged");
	CHECK_INT(gic.edge[0][FOREIGN], 1, "foreign config unchanged");
	CHECK_U64(gic.route[FOREIGN], 0x1, "foreign route unchanged");
	CHECK(dist.foreign_writes > 0, "foreign writes counted");

	/* and reads reveal nothing of it, nor ask the physical GIC about it */
	gic.pending[0][FOREIGN] = true;
	gic.active[0][FOREIGN] = true;
	CHECK_U64(rd(ISENABLER + 4, 4) & (1u << (FOREIGN - 32)), 0, "foreign enable reads 0");
	CHECK_U64(rd(ISPENDR + 4, 4) & (1u << (FOREIGN - 32)), 0, "foreign pending reads 0");
	CHECK_U64(rd(ICACTIVER + 4, 4) & (1u << (FOREIGN - 32)), 0, "foreign active reads 0");
	CHECK_U64(rd(IPRIORITYR + FOREIGN, 1), 0, "foreign priority reads 0");
	CHECK_U64(rd(IROUTER + 8 * FOREIGN, 8), 0, "foreign route reads 0");
	CHECK_U64(rd(ICFGR + 4 * (FOREIGN / 16), 4) >> (2 * (FOREIGN % 16)) & 3, 0,
		  "foreign config reads 0");
	CHECK_INT(gic.violations, 0, "reads asked the GIC about a foreign INTID");
	case_end("a foreign SPI cannot be changed through any register or access size");
}

static void expect_call(const char *op, uint32_t intid, uint64_t value, const char *what)
{
	CHECK(gic.last_op && strcmp(gic.last_op, op) == 0, "%s: last op %s, expected %s", what,
	      gic.last_op ? gic.last_op : "(none)", op);
	CHECK_INT(gic.last_intid, intid, what);
	CHECK_U64(gic.last_value, value, what);
}

static void test_owned_reach_backend(void)
{
	uint32_t calls;

	case_begin();
	setup();
	wr(CTLR, 4, 0x2); /* EnableGrp1, as a guest does before enabling interrupts */
	wr(ISENABLER + 4, 4, 1u << (SPI_A - 32));
	expect_call("set_enable", SPI_A, 1, "ISENABLER");
	CHECK_INT(gic.enable[0][SPI_A], 1, "SPI 40 enabled");
	CHECK_U64(rd(ISENABLER + 4, 4), 1u << (SPI_A - 32), "ISENABLER1 reads SPI 40 only");
	wr(ICENABLER + 4, 4, 1u << (SPI_A - 32));
	expect_call("set_enable", SPI_A, 0, "ICENABLER");
	wr(ISPENDR + 4, 4, 1u << (SPI_B - 32));
	expect_call("set_pending", SPI_B, 1, "ISPENDR");
	wr(ICPENDR + 4, 4, 1u << (SPI_B - 32));
	expect_call("set_pending", SPI_B, 0, "ICPENDR");
	wr(ISACTIVER + 4, 4, 1u << (SPI_C - 32));
	expect_call("set_active", SPI_C, 1, "ISACTIVER");
	CHECK_U64(rd(ICACTIVER + 4, 4), 1u << (SPI_C - 32), "ICACTIVER reads the active bit");
	wr(ICACTIVER + 4, 4, 1u << (SPI_C - 32));
	expect_call("set_active", SPI_C, 0, "ICACTIVER");

	wr(ICFGR + 4 * 2, 4, 2u << (2 * (SPI_A - 32)));
	expect_call("set_config", SPI_A, 1, "ICFGR edge");
	CHECK_U64(rd(ICFGR + 8, 4), 2u << (2 * (SPI_A - 32)), "ICFGR2 reads SPI 40 edge");
	calls = gic.set_calls;
	wr(ICFGR + 4 * 2, 4, 2u << (2 * (SPI_A - 32)));
	CHECK_INT(gic.set_calls, calls, "unchanged config: no physical write");

	wr(IROUTER + 8 * SPI_A, 8, 0x3);
	expect_call("set_route", SPI_A, 0x3, "IROUTER 64-bit to cpu3");
	CHECK_U64(rd(IROUTER + 8 * SPI_A, 8), 0x3, "IROUTER reads back");
	wr(IROUTER + 8 * SPI_B, 4, 0x2);
	expect_call("set_route", SPI_B, 0x2, "IROUTER low half");
	CHECK_U64(rd(IROUTER + 8 * SPI_B, 4), 0x2, "low half reads back");
	CHECK_U64(rd(IROUTER + 8 * SPI_B + 4, 4), 0, "high half reads back");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");
	case_end("owned SPIs reach the backend with the right arguments");
}

static void test_priority_bytes(void)
{
	case_begin();
	setup();
	wr(IPRIORITYR + SPI_B, 1, 0x5a);
	expect_call("set_priority", SPI_B, 0x5a, "byte write");
	CHECK_U64(gic.priority[0][SPI_B], 0x5a, "physical priority of SPI 41");
	CHECK_U64(rd(IPRIORITYR + SPI_B, 1), 0x5a, "byte read");
	/* word covering 40..43: 42 and 43 are nobody's here */
	wr(IPRIORITYR + SPI_A, 4, 0x44332211);
	CHECK_U64(gic.priority[0][SPI_A], 0x11, "SPI 40 from byte 0");
	CHECK_U64(gic.priority[0][SPI_B], 0x22, "SPI 41 from byte 1");
	CHECK_U64(gic.priority[0][42], 0, "SPI 42 not the cell's: untouched");
	CHECK_U64(rd(IPRIORITYR + SPI_A, 4), 0x2211, "word read: owned bytes only");
	wr(IPRIORITYR + VUART, 1, 0x90);
	CHECK_U64(rd(IPRIORITYR + VUART, 1), 0x90, "virtual SPI priority byte");
	CHECK_U64(vgic_dist_priority(&dist, VUART), 0x90, "virtual priority for the LR");
	CHECK_U64(vgic_dist_priority(&dist, SPI_B), 0x22, "owned priority for the LR");
	CHECK(!acc(IPRIORITYR + SPI_A, 2, true, 0xffff, NULL), "halfword priority refused");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");
	case_end("byte priority writes");
}

static void test_irouter_filter(void)
{
	case_begin();
	setup();
	wr(IROUTER + 8 * SPI_A, 8, 0x3);
	uint32_t calls = gic.set_calls;
	uint64_t blocked = dist.foreign_writes;

	wr(IROUTER + 8 * SPI_A, 8, 0x0); /* cpu0: another cell's */
	wr(IROUTER + 8 * SPI_A, 8, 0x1);
	wr(IROUTER + 8 * SPI_A, 8, 0x7);     /* no such CPU */
	wr(IROUTER + 8 * SPI_A + 4, 4, 0x1); /* Aff3 = 1: no such CPU */
	CHECK_INT(gic.set_calls, calls, "routes to foreign CPUs never reach the backend");
	CHECK_U64(gic.route[SPI_A], 0x3, "route unchanged");
	CHECK_INT(dist.foreign_writes - blocked, 4, "each refused route counted");
	wr(IROUTER + 8 * SPI_A, 8, 0x80000000ull); /* IRM = 1: any PE */
	expect_call("set_route", SPI_A, 0x2, "IRM=1 routes to the cell's first CPU");
	wr(IROUTER + 8 * VUART, 8, 0x1);
	CHECK_U64(rd(IROUTER + 8 * VUART, 8), 0x2, "virtual SPI: foreign route ignored");
	wr(IROUTER + 8 * VUART, 8, 0x3);
	CHECK_U64(rd(IROUTER + 8 * VUART, 8), 0x3, "virtual SPI: route to cpu3");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");
	case_end("IROUTER may only name the cell's CPUs");
}

static void test_ctlr_virtual(void)
{
	uint32_t calls;

	case_begin();
	setup();
	calls = gic.set_calls;
	CHECK_U64(rd(CTLR, 4), 0x50, "reset: ARE (bit 4) and DS (bit 6) read one");
	wr(CTLR, 4, 0x2);
	CHECK_U64(rd(CTLR, 4), 0x52, "EnableGrp1 kept");
	wr(CTLR, 4, 0xffffffff);
	CHECK_U64(rd(CTLR, 4), 0x53, "only EnableGrp0/1 writable, RWP reads 0");
	wr(CTLR, 4, 0);
	CHECK_U64(rd(CTLR, 4), 0x50, "ARE cannot be cleared");
	CHECK_INT(gic.set_calls, calls, "physical distributor untouched");
	CHECK(!acc(CTLR, 8, false, 0, NULL), "64-bit CTLR refused");
	CHECK(!acc(CTLR, 1, true, 1, NULL), "byte CTLR refused");
	case_end("GICD_CTLR is a per-cell virtual copy");
}

static void test_id_registers(void)
{
	uint64_t typer;

	case_begin();
	setup();
	typer = rd(TYPER, 4);
	CHECK_U64(typer & 0x1f, 8, "ITLinesNumber as the hardware");
	CHECK_U64((typer >> 19) & 0x1f, 9, "IDbits: 10 INTID bits");
	CHECK_U64(typer & (1u << 17), 0, "no LPIs");
	CHECK_U64(typer & (1u << 16), 0, "no MBIS");
	CHECK_U64(typer & (1u << 10), 0, "single Security state");
	CHECK_U64(typer & (1u << 25), 1u << 25, "No1N: 1 of N routing not offered");
	CHECK_U64(rd(IIDR, 4), PHYS_IIDR, "IIDR");
	CHECK_U64(rd(TYPER2, 4), 0, "TYPER2");
	CHECK_U64((rd(PIDR2, 4) >> 4) & 0xf, 3, "PIDR2.ArchRev = GICv3");
	CHECK_U64(rd(0xfff0, 4), 0x0d, "CIDR0");
	CHECK_U64(rd(0xfffc, 4), 0xb1, "CIDR3");
	CHECK_U64(rd(IGROUPR + 4, 4),
		  (1u << (VUART - 32)) | (1u << (SPI_A - 32)) | (1u << (SPI_B - 32)) |
			  (1u << (SPI_C - 32)),
		  "IGROUPR1: the cell's SPIs are group 1, others read 0");
	wr(IGROUPR + 4, 4, 0);
	CHECK_U64(rd(IGROUPR + 4, 4) & (1u << (SPI_A - 32)), 1u << (SPI_A - 32),
		  "IGROUPR writes ignored");
	wr(IGRPMODR + 4, 4, ~0u);
	CHECK_U64(rd(IGRPMODR + 4, 4), 0, "IGRPMODR RAZ/WI");
	case_end("TYPER, IIDR, PIDR2, IGROUPR, IGRPMODR");
}

static void test_unknown_and_sizes(void)
{
	static const uint64_t reserved[] = {0x0014, 0x0040, 0x0048, 0x0d80,
					    0x1000, 0x8000, 0xc000, 0xffcc};
	uint64_t v;

	case_begin();
	setup();
	for (uint32_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		uint64_t before = dist.unknown_accesses;

		CHECK(acc(reserved[i], 4, false, 0, &v), "reserved read accepted");
		CHECK_U64(v, 0, "reserved reads 0");
		CHECK(acc(reserved[i], 4, true, ~0ull, NULL), "reserved write accepted");
		CHECK_INT(dist.unknown_accesses - before, 2, "both accesses counted");
	}
	CHECK(acc(0x3, 2, false, 0, &v), "odd halfword at an unknown offset: RAZ, not a fault");
	CHECK(!acc(ISENABLER + 4, 1, true, 1, NULL), "byte ISENABLER refused");
	CHECK(!acc(ISENABLER + 4, 8, false, 0, NULL), "64-bit ISENABLER refused");
	CHECK(!acc(ICFGR + 8, 2, false, 0, NULL), "halfword ICFGR refused");
	CHECK(!acc(IROUTER + 8 * SPI_A, 1, false, 0, NULL), "byte IROUTER refused");
	CHECK(!acc(IROUTER + 8 * SPI_A + 4, 8, false, 0, NULL), "misaligned 64-bit IROUTER");
	CHECK(!acc(TYPER, 8, false, 0, NULL), "64-bit TYPER refused");
	CHECK(!acc(PIDR2, 1, false, 0, NULL), "byte PIDR2 refused");
	case_end("unknown offsets RAZ/WI and counted; wrong sizes refused");
}

static void test_sgi_range_raz(void)
{
	uint32_t calls;

	case_begin();
	setup();
	calls = gic.set_calls;
	wr(ISENABLER, 4, ~0u);
	wr(ISPENDR, 4, ~0u);
	wr(IPRIORITYR, 4, ~0u);
	wr(IPRIORITYR + 27, 1, 0);
	wr(ICFGR + 4, 4, ~0u);
	CHECK_INT(gic.set_calls, calls, "INTIDs 0-31 never touched through GICD");
	CHECK_U64(rd(ISENABLER, 4), 0, "ISENABLER0 RAZ");
	CHECK_U64(rd(IPRIORITYR + 24, 4), 0, "IPRIORITYR for PPIs RAZ");
	CHECK_U64(rd(IROUTER + 8 * 27, 8), 0, "IROUTER of a PPI RAZ");
	case_end("SGI/PPI range of GICD is RAZ/WI with affinity routing");
}

static void test_virtual_spi(void)
{
	struct vgic_lr_state lrs;
	uint32_t bit = 1u << (VUART - 32);

	case_begin();
	setup();
	vgic_lr_init(&lrs, 3);
	vgic_dist_reset(&dist);
	vgic_dist_virq_set_level(&dist, VUART, true);
	CHECK_U64(vgic_dist_take_kicks(&dist), 0, "disabled: nobody kicked");
	CHECK_U64(rd(ISPENDR + 4, 4) & bit, bit, "level high reads pending");
	wr(ISENABLER + 4, 4, bit);
	CHECK_U64(vgic_dist_take_kicks(&dist), 0, "group 1 off: nobody kicked");
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 0, "group 1 off: nothing collected");
	wr(CTLR, 4, 0x2);
	CHECK_U64(vgic_dist_take_kicks(&dist), 1u << 2, "enabled: cpu2 kicked");
	CHECK_INT(vgic_dist_collect(&dist, 3, &lrs), 0, "not routed to cpu3");
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 1, "collected on cpu2");
	CHECK_INT(lrs.queued, 1, "one entry queued");
	CHECK_INT(lrs.queue[0].intid, VUART, "vINTID 33");
	CHECK(!lrs.queue[0].hw, "virtual: HW = 0");
	CHECK(lrs.queue[0].eoi_maintenance, "level: EOI maintenance requested");
	CHECK_U64(lrs.queue[0].priority, VGIC_RESET_PRIORITY, "priority");
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 0, "in a list register: not again");
	vgic_dist_virq_set_level(&dist, VUART, true);
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 0, "still high while in LR: no duplicate");

	vgic_dist_virq_eoi(&dist, VUART);
	CHECK_U64(vgic_dist_take_kicks(&dist), 1u << 2, "EOI with the line high: pending again");
	lrs.queued = 0;
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 1, "re-injected after EOI");
	vgic_dist_virq_set_level(&dist, VUART, false);
	vgic_dist_virq_eoi(&dist, VUART);
	CHECK_U64(vgic_dist_take_kicks(&dist), 0, "EOI with the line low: done");
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 0, "nothing to collect");

	wr(IROUTER + 8 * VUART, 8, 0x3);
	vgic_dist_virq_set_level(&dist, VUART, true);
	CHECK_U64(vgic_dist_take_kicks(&dist), 1u << 3, "routed to cpu3: cpu3 kicked");
	CHECK_INT(vgic_dist_collect(&dist, 2, &lrs), 0, "not on cpu2");
	CHECK_INT(vgic_dist_collect(&dist, 3, &lrs), 1, "on cpu3");
	CHECK_U64(rd(ISACTIVER + 4, 4) & bit, 0, "handed over, not yet taken: not active");

	CHECK(!vgic_dist_add_virq(&dist, SPI_A, false), "owned SPI cannot be virtual");
	CHECK(!vgic_dist_add_virq(&dist, VUART, false), "declared twice");
	CHECK(!vgic_dist_add_virq(&dist, 20, false), "PPI cannot be a virtual SPI");
	CHECK(!vgic_dist_add_virq(&dist, 288, false), "beyond ITLinesNumber");
	case_end("virtual SPI: enable, level, route, collect, EOI re-sample");
}

/*
 * GICD_CTLR.EnableGrp1 = 0 must stop the owned SPIs too: the guest's enables
 * are kept, the physical ones follow the group enable.
 */
static void test_grp1_gates_owned_spis(void)
{
	uint32_t a_bit = 1u << (SPI_A - 32), b_bit = 1u << (SPI_B - 32);

	case_begin();
	setup();
	vgic_dist_reset(&dist);
	wr(ISENABLER + 4, 4, a_bit | b_bit);
	CHECK_INT(gic.enable[0][SPI_A], 0, "group 1 off: SPI 40 stays disabled physically");
	CHECK_U64(rd(ISENABLER + 4, 4) & (a_bit | b_bit), a_bit | b_bit,
		  "the guest reads its enables back");
	wr(CTLR, 4, 0x2);
	CHECK_INT(gic.enable[0][SPI_A], 1, "group 1 on: SPI 40 enabled");
	CHECK_INT(gic.enable[0][SPI_B], 1, "group 1 on: SPI 41 enabled");
	CHECK_INT(gic.enable[0][SPI_C], 0, "SPI 48 was never enabled");
	wr(CTLR, 4, 0x0);
	CHECK_INT(gic.enable[0][SPI_A], 0, "group 1 off again: SPI 40 disabled");
	CHECK_INT(gic.enable[0][SPI_B], 0, "group 1 off again: SPI 41 disabled");
	wr(ICENABLER + 4, 4, b_bit);
	CHECK_U64(rd(ISENABLER + 4, 4) & (a_bit | b_bit), a_bit, "ICENABLER while off");
	wr(CTLR, 4, 0x2);
	CHECK_INT(gic.enable[0][SPI_A], 1, "SPI 40 back on");
	CHECK_INT(gic.enable[0][SPI_B], 0, "SPI 41 disabled by the guest meanwhile");
	wr(CTLR, 4, 0x1);
	CHECK_INT(gic.enable[0][SPI_A], 0, "EnableGrp0 alone does not forward group 1");
	vgic_dist_reset(&dist);
	wr(CTLR, 4, 0x2);
	CHECK_INT(gic.enable[0][SPI_A], 0, "reset forgets the guest's enables");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");
	case_end("GICD_CTLR.EnableGrp1 = 0 gates the owned SPIs");
}

static uint64_t fake_lr_state;
static uint32_t lr_queries;

static uint64_t fake_lr_query(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	lr_queries++;
	CHECK_INT(cpu, 3, "asked about the CPU holding it");
	CHECK_INT(intid, VUART, "asked about the virtual SPI");
	return fake_lr_state;
}

static uint64_t rd_on(uint64_t off, uint32_t cpu)
{
	struct mmio_access a = {.offset = off, .size = 4, .cpu = cpu};

	CHECK(vgic_dist_mmio(&dist, &a), "read accepted");
	return a.value;
}

/* ISPENDR/ISACTIVER of a virtual SPI in a list register: its LR state, not "active". */
static void test_virtual_spi_lr_state(void)
{
	struct vgic_lr_state lrs;
	uint32_t bit = 1u << (VUART - 32);

	case_begin();
	setup();
	vgic_lr_init(&lrs, 3);
	vgic_dist_reset(&dist);
	wr(CTLR, 4, 0x2);
	wr(ISENABLER + 4, 4, bit);
	wr(IROUTER + 8 * VUART, 8, 0x3);
	wr(ISPENDR + 4, 4, bit);
	CHECK_INT(vgic_dist_collect(&dist, 3, &lrs), 1, "collected on cpu3");
	CHECK_U64(rd_on(ISACTIVER + 4, 3) & bit, 0, "no query: pending-only is not active");
	CHECK_U64(rd_on(ISPENDR + 4, 3) & bit, bit, "no query: handed over reads pending");

	vgic_dist_set_lr_query(&dist, fake_lr_query, NULL);
	fake_lr_state = 1; /* ICH_LR State pending */
	CHECK_U64(rd_on(ISACTIVER + 4, 3) & bit, 0, "LR pending: not active");
	CHECK_U64(rd_on(ISPENDR + 4, 3) & bit, bit, "LR pending: pending");
	fake_lr_state = 2; /* active */
	CHECK_U64(rd_on(ISACTIVER + 4, 3) & bit, bit, "LR active: active");
	CHECK_U64(rd_on(ISPENDR + 4, 3) & bit, 0, "LR active: not pending");
	fake_lr_state = 3; /* pending and active */
	CHECK_U64(rd_on(ICACTIVER + 4, 3) & bit, bit, "LR pending+active: active");
	CHECK_U64(rd_on(ICPENDR + 4, 3) & bit, bit, "LR pending+active: pending");
	fake_lr_state = 0; /* deactivated, maintenance not yet handled */
	CHECK_U64(rd_on(ISACTIVER + 4, 3) & bit, 0, "LR invalid: not active");
	CHECK_U64(rd_on(ISPENDR + 4, 3) & bit, 0, "LR invalid: not pending");
	lr_queries = 0;
	fake_lr_state = 2;
	CHECK_U64(rd_on(ISACTIVER + 4, 2) & bit, 0, "from cpu2: as handed over, not active");
	CHECK_INT(lr_queries, 0, "another CPU's list registers are never asked");
	vgic_dist_virq_eoi(&dist, VUART);
	CHECK_U64(rd_on(ISACTIVER + 4, 3) & bit, 0, "after EOI: not active");
	case_end("virtual SPI in a list register reads its LR state");
}

static void test_reset(void)
{
	case_begin();
	setup();
	gic.enable[0][SPI_A] = true;
	gic.pending[0][SPI_B] = true;
	gic.active[0][SPI_C] = true;
	gic.route[SPI_A] = 0x3;
	vgic_dist_reset(&dist);
	CHECK_INT(gic.enable[0][SPI_A], 0, "disabled");
	CHECK_INT(gic.pending[0][SPI_B], 0, "not pending");
	CHECK_INT(gic.active[0][SPI_C], 0, "not active");
	CHECK_U64(gic.route[SPI_A], 0x2, "routed to the first CPU");
	CHECK_U64(gic.priority[0][SPI_C], VGIC_RESET_PRIORITY, "reset priority");
	CHECK_INT(gic.violations, 0, "no foreign backend calls");

	/* A virtual SPI's trigger is its device's again after a restart. */
	wr(ICFGR + 8, 4, 2u << (2 * (VUART - 32)));
	CHECK_U64(rd(ICFGR + 8, 4) & (3u << (2 * (VUART - 32))), 2u << (2 * (VUART - 32)),
		  "the guest made virtual SPI 33 edge-triggered");
	vgic_dist_reset(&dist);
	CHECK_U64(rd(ICFGR + 8, 4) & (3u << (2 * (VUART - 32))), 0,
		  "after reset virtual SPI 33 is level-triggered again");
	case_end("cell reset puts owned SPIs and virtual SPIs to a known state");
}

int main(void)
{
	test_foreign_spi_untouchable();
	test_owned_reach_backend();
	test_priority_bytes();
	test_irouter_filter();
	test_ctlr_virtual();
	test_id_registers();
	test_unknown_and_sizes();
	test_sgi_range_raz();
	test_virtual_spi();
	test_grp1_gates_owned_spis();
	test_virtual_spi_lr_state();
	test_reset();
	return check_summary("vgic_dist");
}
