// SPDX-License-Identifier: MIT
#include "irqchip/gicv3.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/timer.h"
#include "board_limits.h"
#include "core/panic.h"
#include "irqchip/gicv3_regs.h"
#include "lib/spinlock.h"

/* Distributor (IHI 0069, 12.9). */
#define GICD_CTLR		0x0000
#define GICD_CTLR_GRP0		BIT(0)
#define GICD_CTLR_GRP1		BIT(1)
#define GICD_CTLR_ARE		BIT(4) /* affinity routing, single security state layout */
#define GICD_CTLR_RWP		BIT(31)
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_TYPER_ITLINES_MASK 0x1fu

/* Redistributor: RD_base frame, then SGI_base 64 KiB above (12.10). */
#define GICR_IIDR		  0x0004
#define GICR_TYPER		  0x0008
#define GICR_TYPER_LAST		  BIT(4)
#define GICR_TYPER_AFF_SHIFT	  32
#define GICR_WAKER		  0x0014
#define GICR_WAKER_PROCESSORSLEEP BIT(1)
#define GICR_WAKER_CHILDRENASLEEP BIT(2)
#define GICR_SGI_BASE		  0x10000
#define GICR_IGROUPR0		  (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		  (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		  (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0		  (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0		  (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0		  (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0		  (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR		  (GICR_SGI_BASE + 0x0400)
#define GICR_ICFGR0		  (GICR_SGI_BASE + 0x0c00)

#define ICC_SRE_SRE    BIT(0) /* system register interface */
#define ICC_SRE_DFB    BIT(1) /* FIQ bypass disabled */
#define ICC_SRE_DIB    BIT(2) /* IRQ bypass disabled */
#define ICC_SRE_ENABLE BIT(3) /* EL1 may use ICC_SRE_EL1 */

/* ICC_SGI1R_EL1 fields (12.2.23). */
#define SGI1R_AFF1_SHIFT  16
#define SGI1R_INTID_SHIFT 24
#define SGI1R_AFF2_SHIFT  32
#define SGI1R_RS_SHIFT	  44
#define SGI1R_AFF3_SHIFT  48

/*
 * Physical priorities only order what EL2 acknowledges first (EL2 never
 * preempts itself): the hypervisor's SGIs and the maintenance interrupt
 * above everything a guest configures.
 */
#define GIC_HYP_PRIORITY     0x80u
#define GIC_DEFAULT_PRIORITY 0xa0u
#define GIC_PMR_ALL	     0xffu
#define GIC_WAIT_MS	     100u
#define ALL_ONES	     0xffffffffu

/* Guest SGIs: INTIDs 0..13 (14 and 15 are the hypervisor's). */
#define GUEST_SGI_MASK ((1u << GIC_SGI_RESERVED) - 1u)
/* GICD_ICFGR<n>: 16 two-bit Int_config fields per word (12.9.9). */
#define ICFGR_WORDS ((CF_MAX_INTID + 15u) / 16u)

static uint64_t gicd;
/* GICD_ICFGR as found at boot (the board's trigger configuration); words 0-1 unused. */
static uint32_t icfgr_at_boot[ICFGR_WORDS];
/*
 * Which SPIs are level-sensitive now (GICD_ICFGR Int_config[1] = 0), one bit
 * per INTID: a copy of what gic_set_config wrote, so that the IRQ exit asks
 * without an MMIO read. Written under gic_lock, read without it (one word).
 */
uint32_t gic_spi_level_bits[GIC_SPI_LEVEL_WORDS];

static void note_config(uint32_t intid, bool edge)
{
	uint32_t *w = &gic_spi_level_bits[intid / 32u];
	uint32_t bit = 1u << (intid % 32u);

	if (intid < GIC_FIRST_SPI || intid >= CF_MAX_INTID)
		return;
	__atomic_store_n(w, edge ? (*w & ~bit) : (*w | bit), __ATOMIC_RELAXED);
}

static uint64_t rd_base[CF_BOARD_CPU_COUNT]; /* by board CPU index, 0: none */
static struct spinlock gic_lock = SPINLOCK_INIT;

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

static inline uint8_t mmio_read8(uint64_t addr)
{
	return *(volatile uint8_t *)(uintptr_t)addr;
}

static inline void mmio_write8(uint64_t addr, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)addr = v;
}

static inline uint64_t mmio_read64(uint64_t addr)
{
	return *(volatile uint64_t *)(uintptr_t)addr;
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)(uintptr_t)addr = v;
}

/* Waits (bounded) until (reg & mask) == want. */
static void wait_bits(uint64_t reg, uint32_t mask, uint32_t want, const char *what)
{
	uint64_t deadline = timer_count() + timer_hz() * GIC_WAIT_MS / 1000;

	while ((mmio_read32(reg) & mask) != want) {
		if (timer_count() > deadline)
			hv_panic("GIC: timeout waiting for %s", what);
		cpu_relax();
	}
}

/* GICR_TYPER.Affinity_Value packs Aff3.Aff2.Aff1.Aff0 into 32 bits. */
static uint64_t packed_affinity(uint64_t mpidr)
{
	return ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);
}

static uint64_t find_redistributor(const struct cf_board *board, uint64_t mpidr)
{
	uint64_t want = packed_affinity(mpidr);

	for (uint64_t off = 0; board->gicr_stride && off + board->gicr_stride <= board->gicr_size;
	     off += board->gicr_stride) {
		uint64_t typer = mmio_read64(board->gicr_base + off + GICR_TYPER);

		if ((typer >> GICR_TYPER_AFF_SHIFT) == want)
			return board->gicr_base + off;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static uint32_t spi_limit(void)
{
	uint32_t n = 32u * ((mmio_read32(gicd + GICD_TYPER) & GICD_TYPER_ITLINES_MASK) + 1u);

	return n > 1020u ? 1020u : n;
}

/* SGIs and PPIs of one CPU: all Group 1; only the hypervisor's enabled. */
static void init_private(uint64_t rd, uint32_t maintenance_intid)
{
	mmio_write32(rd + GICR_ICENABLER0, ALL_ONES);
	mmio_write32(rd + GICR_ICPENDR0, ALL_ONES);
	mmio_write32(rd + GICR_ICACTIVER0, ALL_ONES);
	mmio_write32(rd + GICR_IGROUPR0, ALL_ONES);
	for (uint32_t intid = 0; intid < 32u; intid++) {
		bool hyp = intid >= GIC_SGI_RESERVED && (intid < 16u || intid == maintenance_intid);

		mmio_write8(rd + GICR_IPRIORITYR + intid,
			    hyp ? GIC_HYP_PRIORITY : GIC_DEFAULT_PRIORITY);
	}
	/*
	 * Every SGI is enabled: 14 and 15 are the hypervisor's kicks, 0-13 carry
	 * guest SGIs between the CPUs of a cell (relayed into virtual SGIs).
	 */
	mmio_write32(rd + GICR_ISENABLER0,
		     0xffffu | (maintenance_intid < 32u ? BIT(maintenance_intid) : 0));
}

void gic_init_distributor(const struct cf_board *board)
{
	uint32_t limit;

	gicd = board->gicd_base;
	mmio_write32(gicd + GICD_CTLR, 0);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");

	/* SPIs: Group 1, disabled, inactive, default priority, to the boot CPU. */
	limit = spi_limit();
	for (uint32_t intid = GIC_FIRST_SPI; intid < limit; intid += 16u)
		icfgr_at_boot[intid / 16u] = mmio_read32(gicd + GICD_ICFGR + (intid / 16u) * 4u);
	for (uint32_t intid = GIC_FIRST_SPI; intid < limit && intid < CF_MAX_INTID; intid++)
		note_config(intid, (icfgr_at_boot[intid / 16u] >> (2u * (intid % 16u) + 1u)) & 1u);
	for (uint32_t intid = GIC_FIRST_SPI; intid < limit; intid += 32u) {
		mmio_write32(gicd + GICD_ICENABLER + intid / 8u, ALL_ONES);
		mmio_write32(gicd + GICD_ICPENDR + intid / 8u, ALL_ONES);
		mmio_write32(gicd + GICD_ICACTIVER + intid / 8u, ALL_ONES);
		mmio_write32(gicd + GICD_IGROUPR + intid / 8u, ALL_ONES);
	}
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
	for (uint32_t intid = GIC_FIRST_SPI; intid < limit; intid++) {
		mmio_write8(gicd + GICD_IPRIORITYR + intid, GIC_DEFAULT_PRIORITY);
		mmio_write64(gicd + GICD_IROUTER + 8u * intid, mpidr_affinity());
	}
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");

	for (uint32_t i = 0; i < board->cpu_count && i < CF_BOARD_CPU_COUNT; i++) {
		rd_base[i] = find_redistributor(board, board->cpus[i].mpidr);
		if (rd_base[i])
			init_private(rd_base[i], board->maintenance_intid);
	}
}

void gic_init_cpu(const struct cf_board *board, uint64_t mpidr)
{
	uint64_t rd = find_redistributor(board, mpidr);
	uint32_t waker;

	if (rd == 0 || board->gicr_stride == 0)
		hv_panic("GIC: no redistributor for mpidr 0x%llx", (unsigned long long)mpidr);
	waker = mmio_read32(rd + GICR_WAKER);
	mmio_write32(rd + GICR_WAKER, waker & ~(uint32_t)GICR_WAKER_PROCESSORSLEEP);
	wait_bits(rd + GICR_WAKER, GICR_WAKER_CHILDRENASLEEP, 0, "GICR_WAKER.ChildrenAsleep");

	write_sysreg_s(ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE, ICC_SRE_EL2);
	isb();
	write_sysreg_s(0, ICH_HCR_EL2); /* the virtual interface is on only while a guest runs */
	write_sysreg_s(GIC_PMR_ALL, ICC_PMR_EL1);
	write_sysreg_s(0, ICC_BPR1_EL1);
	write_sysreg_s(ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg_s(1, ICC_IGRPEN1_EL1);
	isb();
}

void gic_send_sgi(uint64_t mpidr, uint32_t intid)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v = (UL(1) << (aff0 & 0xf)) | (((mpidr >> 8) & 0xff) << SGI1R_AFF1_SHIFT) |
		     ((uint64_t)(intid & 0xf) << SGI1R_INTID_SHIFT) |
		     (((mpidr >> 16) & 0xff) << SGI1R_AFF2_SHIFT) |
		     ((aff0 >> 4) << SGI1R_RS_SHIFT) | (((mpidr >> 32) & 0xff) << SGI1R_AFF3_SHIFT);

	dsb_ish(); /* the request the SGI announces is visible first */
	write_sysreg_s(v, ICC_SGI1R_EL1);
	isb();
}

uint32_t gic_ack(void)
{
	uint32_t intid = (uint32_t)read_sysreg_s(ICC_IAR1_EL1) & 0xffffffu;

	__asm__ volatile("dsb sy" ::: "memory");
	return intid;
}

void gic_eoi(uint32_t intid)
{
	write_sysreg_s(intid, ICC_EOIR1_EL1);
	isb();
}

void gic_deactivate(uint32_t intid)
{
	write_sysreg_s(intid, ICC_DIR_EL1);
	isb();
}

uint32_t gic_dist_typer(void)
{
	return mmio_read32(gicd + GICD_TYPER);
}

uint32_t gic_dist_iidr(void)
{
	return mmio_read32(gicd + GICD_IIDR);
}

uint32_t gic_redist_iidr(void)
{
	return rd_base[0] ? mmio_read32(rd_base[0] + GICR_IIDR) : 0;
}

uint32_t gic_redist_typers(const struct cf_board *board, uint64_t *typer, uint32_t max)
{
	uint32_t n = 0;

	for (uint64_t off = 0;
	     board->gicr_stride && off + board->gicr_stride <= board->gicr_size && n < max;
	     off += board->gicr_stride) {
		typer[n] = mmio_read64(board->gicr_base + off + GICR_TYPER);
		if (typer[n++] & GICR_TYPER_LAST)
			break;
	}
	return n;
}

/* ---- single interrupts: SPIs in the distributor, SGIs/PPIs in cpu's redistributor ---- */

/* Base of the register block holding intid's bit, and intid's index in it. */
static uint64_t block_of(uint32_t cpu, uint32_t intid, uint64_t gicd_off, uint64_t gicr_off)
{
	if (intid >= GIC_FIRST_SPI)
		return gicd + gicd_off;
	if (cpu >= CF_BOARD_CPU_COUNT || rd_base[cpu] == 0)
		return 0;
	return rd_base[cpu] + gicr_off;
}

static void write_bit(uint32_t cpu, uint32_t intid, uint64_t gicd_off, uint64_t gicr_off)
{
	uint64_t base = block_of(cpu, intid, gicd_off, gicr_off);

	if (base)
		mmio_write32(base + (intid / 32u) * 4u, 1u << (intid % 32u));
}

static bool read_bit(uint32_t cpu, uint32_t intid, uint64_t gicd_off, uint64_t gicr_off)
{
	uint64_t base = block_of(cpu, intid, gicd_off, gicr_off);

	return base && ((mmio_read32(base + (intid / 32u) * 4u) >> (intid % 32u)) & 1u);
}

void gic_set_enable(uint32_t cpu, uint32_t intid, bool enable)
{
	if (enable)
		write_bit(cpu, intid, GICD_ISENABLER, GICR_ISENABLER0);
	else
		write_bit(cpu, intid, GICD_ICENABLER, GICR_ICENABLER0);
}

static bool backend_get_enable(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	return read_bit(cpu, intid, GICD_ISENABLER, GICR_ISENABLER0);
}

static void backend_set_enable(void *ctx, uint32_t cpu, uint32_t intid, bool enable)
{
	(void)ctx;
	gic_set_enable(cpu, intid, enable);
}

static void backend_set_pending(void *ctx, uint32_t cpu, uint32_t intid, bool pending)
{
	(void)ctx;
	if (pending)
		write_bit(cpu, intid, GICD_ISPENDR, GICR_ISPENDR0);
	else
		write_bit(cpu, intid, GICD_ICPENDR, GICR_ICPENDR0);
}

bool gic_get_pending(uint32_t cpu, uint32_t intid)
{
	return read_bit(cpu, intid, GICD_ISPENDR, GICR_ISPENDR0);
}

static bool backend_get_pending(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	return gic_get_pending(cpu, intid);
}

static void backend_set_active(void *ctx, uint32_t cpu, uint32_t intid, bool active)
{
	(void)ctx;
	if (active)
		write_bit(cpu, intid, GICD_ISACTIVER, GICR_ISACTIVER0);
	else
		write_bit(cpu, intid, GICD_ICACTIVER, GICR_ICACTIVER0);
}

static bool backend_get_active(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	return read_bit(cpu, intid, GICD_ISACTIVER, GICR_ISACTIVER0);
}

void gic_set_priority(uint32_t cpu, uint32_t intid, uint8_t priority)
{
	uint64_t base = block_of(cpu, intid, GICD_IPRIORITYR, GICR_IPRIORITYR);

	if (base)
		mmio_write8(base + intid, priority);
}

uint8_t gic_get_priority(uint32_t cpu, uint32_t intid)
{
	uint64_t base = block_of(cpu, intid, GICD_IPRIORITYR, GICR_IPRIORITYR);

	return base ? mmio_read8(base + intid) : 0;
}

static void backend_set_priority(void *ctx, uint32_t cpu, uint32_t intid, uint8_t priority)
{
	(void)ctx;
	gic_set_priority(cpu, intid, priority);
}

static uint8_t backend_get_priority(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	return gic_get_priority(cpu, intid);
}

/* Int_config[1] of intid's 2-bit field in GICD_ICFGR<n> / GICR_ICFGR0-1. */
void gic_set_config(uint32_t cpu, uint32_t intid, bool edge)
{
	uint64_t base = block_of(cpu, intid, GICD_ICFGR, GICR_ICFGR0);
	uint64_t reg;
	uint32_t bit = 2u * (intid % 16u) + 1u;
	uint32_t v;

	if (!base || intid < 16u) /* SGIs are always edge */
		return;
	reg = base + (intid / 16u) * 4u;
	spin_lock(&gic_lock);
	v = mmio_read32(reg);
	v = edge ? (v | (1u << bit)) : (v & ~(1u << bit));
	mmio_write32(reg, v);
	note_config(intid, edge);
	spin_unlock(&gic_lock);
}

void gic_reset_guest_sgis(uint32_t cpu)
{
	if (cpu >= CF_BOARD_CPU_COUNT || rd_base[cpu] == 0)
		return;
	mmio_write32(rd_base[cpu] + GICR_ICPENDR0, GUEST_SGI_MASK);
	mmio_write32(rd_base[cpu] + GICR_ICACTIVER0, GUEST_SGI_MASK);
}

void gic_reset_spi(uint32_t intid)
{
	uint64_t reg = gicd + GICD_ICFGR + (intid / 16u) * 4u;
	uint32_t field = 3u << (2u * (intid % 16u));
	uint32_t v;

	if (intid < GIC_FIRST_SPI || intid >= spi_limit())
		return;
	/* Int_config may only change while the interrupt is disabled (12.9.9). */
	gic_set_enable(0, intid, false);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
	spin_lock(&gic_lock);
	v = mmio_read32(reg);
	mmio_write32(reg, (v & ~field) | (icfgr_at_boot[intid / 16u] & field));
	note_config(intid, (icfgr_at_boot[intid / 16u] >> (2u * (intid % 16u) + 1u)) & 1u);
	spin_unlock(&gic_lock);
	write_bit(0, intid, GICD_ICPENDR, GICR_ICPENDR0);
	write_bit(0, intid, GICD_ICACTIVER, GICR_ICACTIVER0);
}

static void backend_set_config(void *ctx, uint32_t cpu, uint32_t intid, bool edge)
{
	(void)ctx;
	gic_set_config(cpu, intid, edge);
}

static bool backend_get_config(void *ctx, uint32_t cpu, uint32_t intid)
{
	uint64_t base = block_of(cpu, intid, GICD_ICFGR, GICR_ICFGR0);

	(void)ctx;
	if (intid < 16u)
		return true;
	return base && ((mmio_read32(base + (intid / 16u) * 4u) >> (2u * (intid % 16u) + 1u)) & 1u);
}

void gic_set_route(uint32_t intid, uint64_t mpidr)
{
	if (intid >= GIC_FIRST_SPI && intid < 1020u)
		mmio_write64(gicd + GICD_IROUTER + 8u * intid, mpidr & VGIC_AFFINITY_MASK);
}

static void backend_set_route(void *ctx, uint32_t intid, uint64_t mpidr)
{
	(void)ctx;
	gic_set_route(intid, mpidr);
}

static uint64_t backend_get_route(void *ctx, uint32_t intid)
{
	(void)ctx;
	if (intid < GIC_FIRST_SPI || intid >= 1020u)
		return 0;
	return mmio_read64(gicd + GICD_IROUTER + 8u * intid);
}

static const struct vgic_backend_ops gic_backend_ops = {
	.set_enable = backend_set_enable,
	.get_enable = backend_get_enable,
	.set_pending = backend_set_pending,
	.get_pending = backend_get_pending,
	.set_active = backend_set_active,
	.get_active = backend_get_active,
	.set_priority = backend_set_priority,
	.get_priority = backend_get_priority,
	.set_config = backend_set_config,
	.get_config = backend_get_config,
	.set_route = backend_set_route,
	.get_route = backend_get_route,
};

const struct vgic_backend gic_backend = {.ops = &gic_backend_ops, .ctx = NULL};
