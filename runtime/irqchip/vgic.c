// SPDX-License-Identifier: MIT
/*
 * The vGIC in the running hypervisor; see vgic.h for the model and the lock
 * order, and gicv3.h for the physical side.
 */
#include "irqchip/vgic.h"
#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/sysreg_trap.h"
#include "core/cell.h"
#include "core/console.h"
#include "core/console_mux.h"
#include "core/panic.h"
#include "drivers/pl011.h"
#include "irqchip/gicv3.h"
#include "irqchip/gicv3_regs.h"
#include "irqchip/vgic_sgi.h"

/* Interrupts acknowledged per IRQ exit before the guest gets to run again. */
#define IRQ_BATCH 8u
/* The virtual timer's PPI on every board cellforge supports (arm,armv8-timer: PPI 11). */
#define VIRTUAL_TIMER_INTID 27u
#define FIRST_PPI	    16u
#define NO_CPU		    UINT32_MAX
/* Hardware INTIDs a reset can find: every list register and every queue entry. */
#define RESET_HW_MAX  (VGIC_MAX_LRS + VGIC_QUEUE_MAX)
#define UART_PRIORITY 0xa0u

static struct vgic_lr_state cpu_lrs[CF_BOARD_CPU_COUNT];

/* The EL1 physical timer's PPI (arm,armv8-timer: PPI 14). */
#define LEVEL_PHYS_TIMER_INTID 30u
/*
 * The compare value each EL1 timer had when its PPI was last injected on this
 * CPU (see refire_of_same_event). Index 0: virtual timer, 1: physical timer.
 * TIMER_NOT_SEEN after a guest entry: a timer with that compare value never
 * fires, and a false match would only cost one resample exit.
 */
#define TIMER_NOT_SEEN UINT64_MAX
static uint64_t cpu_timer_cval[CF_BOARD_CPU_COUNT][2];
static uint32_t apr_count; /* ICH_AP0R<n>/AP1R<n> registers implemented */

static uint32_t phys_gicd_typer, phys_gicd_iidr, phys_gicr_iidr;
static uint64_t phys_gicr_typer[CF_MAX_CPUS];
static uint32_t phys_gicr_frames;

/* The physical console UART's RX interrupt, taken by whichever CPU runs a guest. */
static uint32_t console_intid;	      /* 0: not used (no SPI, or a cell owns it) */
static uint32_t console_cpu = NO_CPU; /* where it is routed */
static struct spinlock console_route_lock = SPINLOCK_INIT;

/*
 * Group 1 CPU interface registers trapped by ICH_HCR_EL2.TALL1 (IHI 0069
 * 12.2: ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_HPPIR1_EL1, ICC_BPR1_EL1,
 * ICC_AP1R<n>_EL1, ICC_IGRPEN1_EL1), in SYSREG_ID form.
 */
#define SYSREG_ICC_AP1R0_EL1   SYSREG_ID(3, 0, 12, 9, 0)
#define SYSREG_ICC_AP1R3_EL1   SYSREG_ID(3, 0, 12, 9, 3)
#define SYSREG_ICC_IAR1_EL1    SYSREG_ID(3, 0, 12, 12, 0)
#define SYSREG_ICC_EOIR1_EL1   SYSREG_ID(3, 0, 12, 12, 1)
#define SYSREG_ICC_HPPIR1_EL1  SYSREG_ID(3, 0, 12, 12, 2)
#define SYSREG_ICC_BPR1_EL1    SYSREG_ID(3, 0, 12, 12, 3)
#define SYSREG_ICC_IGRPEN1_EL1 SYSREG_ID(3, 0, 12, 12, 7)

/* ---- list registers ---- */

static uint64_t lr_read(void *ctx, uint32_t n)
{
	(void)ctx;
	switch (n) {
	case 0:
		return read_sysreg_s(S3_4_C12_C12_0);
	case 1:
		return read_sysreg_s(S3_4_C12_C12_1);
	case 2:
		return read_sysreg_s(S3_4_C12_C12_2);
	case 3:
		return read_sysreg_s(S3_4_C12_C12_3);
	case 4:
		return read_sysreg_s(S3_4_C12_C12_4);
	case 5:
		return read_sysreg_s(S3_4_C12_C12_5);
	case 6:
		return read_sysreg_s(S3_4_C12_C12_6);
	case 7:
		return read_sysreg_s(S3_4_C12_C12_7);
	case 8:
		return read_sysreg_s(S3_4_C12_C13_0);
	case 9:
		return read_sysreg_s(S3_4_C12_C13_1);
	case 10:
		return read_sysreg_s(S3_4_C12_C13_2);
	case 11:
		return read_sysreg_s(S3_4_C12_C13_3);
	case 12:
		return read_sysreg_s(S3_4_C12_C13_4);
	case 13:
		return read_sysreg_s(S3_4_C12_C13_5);
	case 14:
		return read_sysreg_s(S3_4_C12_C13_6);
	case 15:
		return read_sysreg_s(S3_4_C12_C13_7);
	default:
		return 0;
	}
}

static void lr_write(void *ctx, uint32_t n, uint64_t v)
{
	(void)ctx;
	switch (n) {
	case 0:
		write_sysreg_s(v, S3_4_C12_C12_0);
		break;
	case 1:
		write_sysreg_s(v, S3_4_C12_C12_1);
		break;
	case 2:
		write_sysreg_s(v, S3_4_C12_C12_2);
		break;
	case 3:
		write_sysreg_s(v, S3_4_C12_C12_3);
		break;
	case 4:
		write_sysreg_s(v, S3_4_C12_C12_4);
		break;
	case 5:
		write_sysreg_s(v, S3_4_C12_C12_5);
		break;
	case 6:
		write_sysreg_s(v, S3_4_C12_C12_6);
		break;
	case 7:
		write_sysreg_s(v, S3_4_C12_C12_7);
		break;
	case 8:
		write_sysreg_s(v, S3_4_C12_C13_0);
		break;
	case 9:
		write_sysreg_s(v, S3_4_C12_C13_1);
		break;
	case 10:
		write_sysreg_s(v, S3_4_C12_C13_2);
		break;
	case 11:
		write_sysreg_s(v, S3_4_C12_C13_3);
		break;
	case 12:
		write_sysreg_s(v, S3_4_C12_C13_4);
		break;
	case 13:
		write_sysreg_s(v, S3_4_C12_C13_5);
		break;
	case 14:
		write_sysreg_s(v, S3_4_C12_C13_6);
		break;
	case 15:
		write_sysreg_s(v, S3_4_C12_C13_7);
		break;
	default:
		break;
	}
}

static const struct vgic_lr_access lr_access = {.read = lr_read, .write = lr_write, .ctx = NULL};

/* Active priorities of the virtual interface: none (a fresh or departed guest). */
static void clear_aprs(void)
{
	write_sysreg_s(0, ICH_AP0R0_EL2);
	write_sysreg_s(0, ICH_AP1R0_EL2);
	if (apr_count > 1) {
		write_sysreg_s(0, ICH_AP0R1_EL2);
		write_sysreg_s(0, ICH_AP1R1_EL2);
	}
	if (apr_count > 2) {
		write_sysreg_s(0, ICH_AP0R2_EL2);
		write_sysreg_s(0, ICH_AP1R2_EL2);
		write_sysreg_s(0, ICH_AP0R3_EL2);
		write_sysreg_s(0, ICH_AP1R3_EL2);
	}
}

static uint32_t self_index(void)
{
	return this_cpu()->index;
}

static struct vgic_lr_state *self_lrs(void)
{
	return &cpu_lrs[self_index()];
}

/* Kicks the CPUs in mask other than this one; this one collects before it returns. */
static void kick_others(uint64_t mask)
{
	uint32_t self = self_index();

	for (uint32_t i = 0; i < cf_board.cpu_count && i < CF_BOARD_CPU_COUNT; i++) {
		if (i == self || !(mask & (UL(1) << i)))
			continue;
		if (__atomic_load_n(&percpu_data[i].online, __ATOMIC_ACQUIRE))
			gic_send_sgi(cf_board.cpus[i].mpidr, GIC_SGI_KICK);
	}
}

static bool owns_intid(const struct cell *c, uint32_t intid)
{
	return vgic_intid_in(c->cfg->irq_bitmap, intid);
}

/* ---- the physical console's input interrupt ---- */

static void console_route_to(uint32_t cpu)
{
	console_cpu = cpu;
	gic_set_route(console_intid, cf_board.cpus[cpu].mpidr);
}

/* A CPU entering a guest takes the console interrupt if its current CPU is parked. */
static void console_claim(void)
{
	uint32_t self = self_index();

	if (!console_intid)
		return;
	spin_lock(&console_route_lock);
	if (console_cpu == NO_CPU ||
	    __atomic_load_n(&percpu_data[console_cpu].parked, __ATOMIC_ACQUIRE))
		console_route_to(self);
	spin_unlock(&console_route_lock);
}

/* A CPU going to the wait loop (IRQs masked) hands the console interrupt on. */
static void console_release(void)
{
	uint32_t self = self_index();

	if (!console_intid)
		return;
	spin_lock(&console_route_lock);
	if (console_cpu == self) {
		for (uint32_t i = 0; i < cf_board.cpu_count && i < CF_BOARD_CPU_COUNT; i++) {
			if (i != self && percpu_data[i].cell >= 0 &&
			    !__atomic_load_n(&percpu_data[i].parked, __ATOMIC_ACQUIRE)) {
				console_route_to(i);
				break;
			}
		}
	}
	spin_unlock(&console_route_lock);
}

static bool any_cell_owns(uint32_t intid)
{
	for (uint32_t i = 0; i < cf_cell_count; i++) {
		if (vgic_intid_in(cf_cells[i].irq_bitmap, intid))
			return true;
	}
	return false;
}

/* ---- boot ---- */

void vgic_boot_init(void)
{
	uint32_t intid = cf_board.uart_intid;

	phys_gicd_typer = gic_dist_typer();
	phys_gicd_iidr = gic_dist_iidr();
	phys_gicr_iidr = gic_redist_iidr();
	phys_gicr_frames = gic_redist_typers(&cf_board, phys_gicr_typer, CF_MAX_CPUS);

	/* A cell owning the UART (passthrough) owns its interrupt too; else it is ours. */
	if (intid >= GIC_FIRST_SPI && intid < CF_MAX_INTID && !any_cell_owns(intid) &&
	    cf_board.uart_base) {
		console_intid = intid;
		gic_set_config(0, intid, false);
		gic_set_priority(0, intid, UART_PRIORITY);
		console_route_to(this_cpu()->index);
		gic_set_enable(0, intid, true);
		pl011_enable_rx_interrupt(cf_board.uart_base);
	}
}

static void uart_notify(void *ctx)
{
	struct cell *c = ctx;
	struct vgic_cell *vc = &c->vgic;
	uint64_t kicks;

	spin_lock(&vc->lock);
	vgic_dist_virq_set_level(&vc->dist, vc->uart_virq, vuart_irq_level(&c->vuart));
	kicks = vgic_dist_take_kicks(&vc->dist);
	spin_unlock(&vc->lock);
	kick_others(kicks);
}

/* vgic_lr_query_fn: only asked for the CPU making the access, whose list registers are live. */
static uint64_t lr_query(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	if (cpu != self_index())
		return ICH_LR_STATE_PENDING;
	return vgic_lr_intid_state(self_lrs(), &lr_access, intid);
}

void vgic_cell_init(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;
	const struct cf_cell *cfg = c->cfg;
	struct mmio_region gicd = {
		.base = cf_board.gicd_base,
		.size = cf_board.gicd_size,
		.handler = vgic_gicd_mmio,
		.device = c,
		.name = "vgic-gicd",
	};
	struct mmio_region gicr = {
		.base = cf_board.gicr_base,
		.size = cf_board.gicr_size,
		.handler = vgic_gicr_mmio,
		.device = c,
		.name = "vgic-gicr",
	};

	vc->lock = (struct spinlock)SPINLOCK_INIT;
	vgic_dist_init(&vc->dist, &cf_board, cfg, phys_gicd_typer, phys_gicd_iidr, &gic_backend);
	vgic_redist_init(&vc->redist, &cf_board, cfg, phys_gicr_typer, phys_gicr_frames,
			 phys_gicr_iidr, &gic_backend);
	vgic_dist_set_lr_query(&vc->dist, lr_query, NULL);
	if (cfg->console == CF_CONSOLE_VIRTUAL && cf_board.uart_intid &&
	    vgic_dist_add_virq(&vc->dist, cf_board.uart_intid, false)) {
		vc->uart_virq = cf_board.uart_intid;
		vuart_set_notify(&c->vuart, uart_notify, c);
	}
	if (!mmio_table_insert(c->mmio, &c->mmio_count, CELL_MMIO_REGIONS, &gicd) ||
	    !mmio_table_insert(c->mmio, &c->mmio_count, CELL_MMIO_REGIONS, &gicr))
		hv_panic("cell '%s': cannot add the virtual GIC's regions", cfg->name);
	vgic_cell_reset(c);
}

void vgic_cell_reset(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;

	spin_lock(&vc->lock);
	vgic_dist_reset(&vc->dist);
	vgic_redist_reset(&vc->redist);
	if (vc->uart_virq)
		vgic_dist_virq_set_level(&vc->dist, vc->uart_virq, vuart_irq_level(&c->vuart));
	(void)vgic_dist_take_kicks(&vc->dist);
	spin_unlock(&vc->lock);
}

/* ---- per CPU ---- */

void vgic_cpu_init(void)
{
	uint64_t vtr = read_sysreg_s(ICH_VTR_EL2);
	uint32_t prebits = (uint32_t)((vtr >> ICH_VTR_PREBITS_SHIFT) & ICH_VTR_PREBITS_MASK) + 1u;

	/* 5 preemption bits: one APR per group; 6: two; 7: four. */
	apr_count = prebits >= 7 ? 4 : (prebits == 6 ? 2 : 1);
	vgic_lr_init(self_lrs(), vtr);
	for (uint32_t n = 0; n < self_lrs()->nr_lrs; n++)
		lr_write(NULL, n, 0);
	clear_aprs();
	write_sysreg_s(0, ICH_HCR_EL2);
	isb();
}

static void drop_list_registers(void)
{
	uint32_t hw[RESET_HW_MAX];
	uint32_t n = vgic_lr_reset(self_lrs(), &lr_access, hw, RESET_HW_MAX);

	/* Acknowledged (active) at the physical GIC: nobody else would deactivate them. */
	for (uint32_t i = 0; i < n; i++)
		gic_deactivate(hw[i]);
}

void vgic_cpu_enter(struct cell *c)
{
	(void)c;
	drop_list_registers();
	cpu_timer_cval[self_index()][0] = TIMER_NOT_SEEN;
	cpu_timer_cval[self_index()][1] = TIMER_NOT_SEEN;
	clear_aprs();
	/* Virtual interface at reset: priority mask 0 and groups disabled until the guest sets
	 * them. */
	write_sysreg_s(0, ICH_VMCR_EL2);
	write_sysreg_s(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
	console_claim();
}

void vgic_cpu_leave(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;

	drop_list_registers();
	write_sysreg_s(0, ICH_HCR_EL2);
	clear_aprs();
	/* The EL1 timers' interrupt lines drop: nothing stays pending for a parked CPU. */
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntp_ctl_el0);
	isb();
	spin_lock(&vc->lock);
	vgic_redist_reset_cpu(&vc->redist, self_index());
	(void)vgic_redist_take_kicks(&vc->redist);
	spin_unlock(&vc->lock);
	console_release();
}

/* ---- exits ---- */

static void maintenance(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;
	uint32_t ids[VGIC_MAX_LRS];
	uint32_t n = vgic_lr_take_eois(self_lrs(), &lr_access, ids, VGIC_MAX_LRS);
	uint64_t kicks;

	if (n == 0)
		return; /* list registers to refill: vgic_cpu_sync does it */
	spin_lock(&vc->lock);
	for (uint32_t i = 0; i < n; i++)
		vgic_dist_virq_eoi(&vc->dist, ids[i]);
	kicks = vgic_dist_take_kicks(&vc->dist);
	spin_unlock(&vc->lock);
	kick_others(kicks);
}

static void irq_stat(enum irq_stat s)
{
	cell_count_irq(s);
}

static enum irq_stat injected_stat(uint32_t intid)
{
	return intid == VIRTUAL_TIMER_INTID ? IRQ_STAT_TIMER : IRQ_STAT_DEV;
}

/*
 * True when the EL1 timer t of CPU self still has the compare value it had at
 * its last injection (self passed in: the IRQ exit's fast path computes it once).
 */
static bool timer_same_expiry(uint32_t self, uint32_t t, uint64_t cval)
{
	uint64_t *seen = &cpu_timer_cval[self][t];
	bool same = *seen == cval;

	*seen = cval;
	return same;
}

/*
 * The interrupted guest context has IRQs masked (SPSR_EL2.I; nothing at EL2
 * has taken an exception since the IRQ exit, so SPSR_EL2 is still the
 * guest's). Unmasked, the guest takes a pending interrupt at once, as it would
 * on the bare GIC: nothing can change the line in between.
 */
static bool guest_irqs_masked(void)
{
	return (read_sysreg(spsr_el2) & SPSR_I) != 0;
}

/*
 * A level-sensitive interrupt fired at EL2 that may be the previous event
 * again: the guest deactivated it (its EOI, which with the HW bit also
 * deactivates the physical interrupt) while its source still held the line
 * high, and may clear the source before it unmasks. Such an interrupt is
 * injected to be resampled at the guest's acknowledge (vgic_lr.h), which
 * costs one more exit; edge interrupts and fresh level events keep the
 * one-exit HW path. Marking too much only costs that exit (the resample
 * finds the line high and delivers); missing a re-fire is the double
 * delivery of issue 10. Every test here is true for a re-fire:
 *
 * - the guest has IRQs masked: a re-fire comes inside its handler, right
 *   after the EOI. With IRQs unmasked it takes the interrupt at once, on the
 *   bare GIC too, so there is nothing to resample.
 * - the timers (option (c) of issue 10): the line is ENABLE and not IMASK and
 *   CNT >= CVAL (Arm ARM D11.2.4). Between an injection and its re-fire the
 *   guest has not moved CVAL, or the line would have dropped; a guest that
 *   reprograms its timer in the handler (Linux) has a new CVAL at every
 *   expiry and never pays.
 * - level SPIs: the device is the guest's and cannot be read, so the re-fire
 *   signature is used: a list register still holds the vINTID with HW set
 *   and State invalid, i.e. the guest deactivated it and nothing reused that
 *   list register since. A fresh event of the same SPI that finds the guest
 *   masked with no exit since its last one (an idle guest in WFI with IRQs
 *   masked) looks the same and pays the exit.
 *
 * PPIs other than the timers' (none is owned today) keep the HW path.
 */
static bool refire_of_same_event(uint32_t self, struct vgic_lr_state *lrs, uint32_t intid)
{
	bool same;

	switch (intid) {
	case VIRTUAL_TIMER_INTID:
		same = timer_same_expiry(self, 0, read_sysreg(cntv_cval_el0));
		break;
	case LEVEL_PHYS_TIMER_INTID:
		same = timer_same_expiry(self, 1, read_sysreg(cntp_cval_el0));
		break;
	default:
		if (!gic_spi_is_level(intid))
			return false;
		return guest_irqs_masked() && vgic_lr_refire_signature(lrs, &lr_access, intid);
	}
	return same && guest_irqs_masked();
}

/* vgic_line_fn: a level interrupt's line is high while the physical GIC has it pending. */
static bool physical_line(void *ctx, uint32_t pintid)
{
	(void)ctx;
	return gic_get_pending(self_index(), pintid);
}

/*
 * The guest touched a Group 1 ICC register while interrupts waited to be
 * resampled (TALL1): those whose line has dropped are taken back and their
 * physical interrupt deactivated (inactive, line low: it stays quiet until
 * the source asserts again); the others are delivered and counted.
 */
static void resample_level(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;
	struct vgic_resample_result r;

	vgic_lr_resample(self_lrs(), &lr_access, physical_line, NULL, &r);
	for (uint32_t i = 0; i < r.ndropped; i++)
		gic_deactivate(r.dropped[i]);
	for (uint32_t i = 0; i < r.nkept; i++) {
		/*
		 * Delivered: the guest gets the expiry of the timer's compare value now
		 * (it may have been reprogrammed and expired again since the re-fire).
		 */
		if (r.kept[i] == VIRTUAL_TIMER_INTID)
			(void)timer_same_expiry(self_index(), 0, read_sysreg(cntv_cval_el0));
		else if (r.kept[i] == LEVEL_PHYS_TIMER_INTID)
			(void)timer_same_expiry(self_index(), 1, read_sysreg(cntp_cval_el0));
		irq_stat(injected_stat(r.kept[i]));
	}
	__atomic_fetch_add(&vc->level_resampled, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&vc->level_retracted, r.ndropped, __ATOMIC_RELAXED);
}

static bool is_tall1_register(uint32_t id)
{
	return id == SYSREG_ICC_IAR1_EL1 || id == SYSREG_ICC_EOIR1_EL1 ||
	       id == SYSREG_ICC_HPPIR1_EL1 || id == SYSREG_ICC_BPR1_EL1 ||
	       id == SYSREG_ICC_IGRPEN1_EL1 ||
	       (id >= SYSREG_ICC_AP1R0_EL1 && id <= SYSREG_ICC_AP1R3_EL1);
}

/* One acknowledged interrupt (priority already dropped). */
static void dispatch_irq(struct cell *c, uint32_t intid)
{
	struct vgic_cell *vc = &c->vgic;
	uint32_t self = self_index();

	if (intid == GIC_SGI_KICK || intid == GIC_SGI_RESERVED) {
		/* Kicks carry no data: the request field and the vGIC state say what to do. */
		gic_deactivate(intid);
		irq_stat(IRQ_STAT_KICK);
		return;
	}
	if (intid < FIRST_PPI) {
		/* A guest SGI from a sibling: becomes a virtual SGI (never a HW list register). */
		gic_deactivate(intid);
		spin_lock(&vc->lock);
		vgic_redist_sgi_raise(&vc->redist, self, intid);
		(void)vgic_redist_take_kicks(&vc->redist); /* self: collected on return */
		spin_unlock(&vc->lock);
		irq_stat(IRQ_STAT_SGI_IN);
		return;
	}
	if (intid == cf_board.maintenance_intid) {
		gic_deactivate(intid);
		irq_stat(IRQ_STAT_MAINT);
		maintenance(c);
		return;
	}
	if (console_intid && intid == console_intid) {
		gic_deactivate(intid);
		irq_stat(IRQ_STAT_CONSOLE);
		console_mux_poll();
		return;
	}
	if (owns_intid(c, intid)) {
		struct vgic_lr_state *lrs = &cpu_lrs[self];
		uint8_t prio = gic_get_priority(self, intid);

		if (refire_of_same_event(self, lrs, intid)) {
			/* Counted when resampled: only if the guest really gets it. */
			if (!vgic_queue_resampled(lrs, intid, prio, true)) {
				gic_deactivate(intid);
				__atomic_fetch_add(&vc->irq_dropped, 1, __ATOMIC_RELAXED);
			}
		} else if (vgic_queue(lrs, intid, true, intid, prio, true)) {
			irq_stat(injected_stat(intid));
		} else {
			gic_deactivate(intid);
			__atomic_fetch_add(&vc->irq_dropped, 1, __ATOMIC_RELAXED);
		}
		return;
	}
	/* Not the cell's (a stale route or a PPI left on): deactivated, counted, disabled if an SPI
	 * nobody owns. */
	gic_deactivate(intid);
	__atomic_fetch_add(&vc->irq_stray, 1, __ATOMIC_RELAXED);
	if (intid >= GIC_FIRST_SPI && !any_cell_owns(intid))
		gic_set_enable(self, intid, false);
}

void vgic_handle_irq(struct cell *c)
{
	for (uint32_t n = 0; n < IRQ_BATCH; n++) {
		uint32_t intid = gic_ack();

		if (intid >= GIC_INTID_SPURIOUS - 3) /* 1020..1023: none or special */
			break;
		gic_eoi(intid);
		dispatch_irq(c, intid);
	}
}

bool vgic_handle_sysreg(struct cell *c, struct exc_frame *f)
{
	struct vgic_cell *vc = &c->vgic;
	struct sysreg_trap t;
	uint64_t targets = 0;
	uint32_t intid = 0;
	int32_t dropped;

	sysreg_trap_decode(f->esr, &t);
	if (is_tall1_register(t.id)) {
		/*
		 * Only trapped while ICH_HCR_EL2.TALL1 is set, i.e. while interrupts wait
		 * to be resampled: resample, and let the guest execute the same
		 * instruction again (ELR unchanged) with TALL1 clear, natively.
		 */
		resample_level(c);
		return true;
	}
	switch (t.id) {
	case SYSREG_ICC_SGI1R_EL1:
		if (t.read)
			return false;
		dropped = vgic_sgi_targets(sysreg_trap_value(&t, f->x), c->cfg->cpu_mask,
					   cf_board.cpus, cf_board.cpu_count, self_index(),
					   &targets, &intid);
		if (dropped == VGIC_SGI_REFUSED) {
			__atomic_fetch_add(&vc->sgi_refused, 1, __ATOMIC_RELAXED);
			break;
		}
		if (dropped > 0)
			__atomic_fetch_add(&vc->sgi_dropped, (uint64_t)dropped, __ATOMIC_RELAXED);
		for (uint32_t i = 0; i < cf_board.cpu_count && i < CF_MAX_CPUS; i++) {
			if (targets & (UL(1) << i))
				gic_send_sgi(cf_board.cpus[i].mpidr, intid);
		}
		break;
	case SYSREG_ICC_SGI0R_EL1:
	case SYSREG_ICC_ASGI1R_EL1:
		/* Group 0 and the other Security state do not exist for a cell: ignored. */
		if (t.read)
			return false;
		__atomic_fetch_add(&vc->sgi_refused, 1, __ATOMIC_RELAXED);
		break;
	default:
		return false;
	}
	f->elr += 4;
	cell_count_exit(EXIT_SGI);
	return true;
}

void vgic_cpu_sync(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;
	uint32_t self = self_index();
	struct vgic_lr_state *lrs = &cpu_lrs[self]; /* this_cpu() once: every exit comes here */
	uint64_t bits;

	spin_lock(&vc->lock);
	vgic_dist_collect(&vc->dist, self, lrs);
	vgic_redist_collect(&vc->redist, self, lrs);
	spin_unlock(&vc->lock);
	bits = vgic_fill_lrs(lrs, &lr_access);
	write_sysreg_s(ICH_HCR_EN | bits, ICH_HCR_EL2);
	isb();
}

/* ---- emulated registers ---- */

bool vgic_gicd_mmio(void *cell, struct mmio_access *a)
{
	struct cell *c = cell;
	struct vgic_cell *vc = &c->vgic;
	uint64_t kicks;
	bool ok;

	spin_lock(&vc->lock);
	ok = vgic_dist_mmio(&vc->dist, a);
	kicks = vgic_dist_take_kicks(&vc->dist);
	spin_unlock(&vc->lock);
	kick_others(kicks);
	return ok;
}

bool vgic_gicr_mmio(void *cell, struct mmio_access *a)
{
	struct cell *c = cell;
	struct vgic_cell *vc = &c->vgic;
	uint64_t kicks;
	bool ok;

	spin_lock(&vc->lock);
	ok = vgic_redist_mmio(&vc->redist, a);
	kicks = vgic_redist_take_kicks(&vc->redist);
	spin_unlock(&vc->lock);
	kick_others(kicks);
	return ok;
}

void vgic_print_stats(struct cell *c)
{
	struct vgic_cell *vc = &c->vgic;

	hv_printf("vgic cell '%s': sgi-refused %llu sgi-dropped %llu irq-dropped %llu irq-stray "
		  "%llu gicd-unknown %llu gicd-foreign-writes %llu gicr-foreign %llu gicr-blocked "
		  "%llu gicr-unknown %llu level-resampled %llu level-retracted %llu\n",
		  c->cfg->name,
		  (unsigned long long)__atomic_load_n(&vc->sgi_refused, __ATOMIC_RELAXED),
		  (unsigned long long)__atomic_load_n(&vc->sgi_dropped, __ATOMIC_RELAXED),
		  (unsigned long long)__atomic_load_n(&vc->irq_dropped, __ATOMIC_RELAXED),
		  (unsigned long long)__atomic_load_n(&vc->irq_stray, __ATOMIC_RELAXED),
		  (unsigned long long)vc->dist.unknown_accesses,
		  (unsigned long long)vc->dist.foreign_writes,
		  (unsigned long long)vc->redist.foreign_accesses,
		  (unsigned long long)vc->redist.blocked_writes,
		  (unsigned long long)vc->redist.unknown_accesses,
		  (unsigned long long)__atomic_load_n(&vc->level_resampled, __ATOMIC_RELAXED),
		  (unsigned long long)__atomic_load_n(&vc->level_retracted, __ATOMIC_RELAXED));
}
