// SPDX-License-Identifier: MIT
/*
 * Test guest: makes the PMU's counters overflow and takes the overflow interrupt
 * through the GIC, as on the bare board.
 *
 * The PMU is found in the device tree (an arm,armv8-pmuv3 node, or any node named
 * 'pmu', with one PPI); without one the guest still tries INTID 23 (QEMU virt's
 * PMU PPI), which only a cell owning it can receive.
 *
 * /chosen/cellforge,pmu-mode (string):
 *   "overflow" (default): event counter 0 counts SW_INCR from 0xffffffff and
 *       overflows at each PMSWINC write (SWINC_ROUNDS times, one interrupt each),
 *       then the cycle counter overflows from 2^64 - CYCLE_HEADROOM (64-bit, LC)
 *       CYCLE_ROUNDS times (a real, clocked overflow).
 *   "quiet": leaves its PMU alone, enables the PMU PPI and counts for QUIET_US
 *       what arrives: a neighbour's overflows must never show up here.
 *
 * Console markers (every line starts with '<cell>: '):
 *   pmu node intid <n> | pmu node missing, trying intid 23
 *   pmu counters <N>                              (PMCR_EL0.N)
 *   pmu swinc overflow <i> irq ok|MISSING         (i = 1..SWINC_ROUNDS)
 *   pmu cycle overflow <i> irq ok|MISSING
 *   pmu quiet irqs <k> in <ms> ms                 (quiet mode)
 *   pmu irqs <k> counter0 <a> cycle <b> other-intids <o>
 *   done
 */
#include "kit/kit.h"

/* ID_AA64DFR0_EL1.PMUVer [11:8] (Arm ARM D19.2.61): 0 none, 0xf IMPLEMENTATION DEFINED. */
#define DFR0_PMUVER(v) (((v) >> 8) & 0xfu)
/* PMCR_EL0 (D19.5.7): E enable, P/C reset counters, LC 64-bit cycle overflow, N [15:11]. */
#define PMCR_E		    (1ul << 0)
#define PMCR_P		    (1ul << 1)
#define PMCR_C		    (1ul << 2)
#define PMCR_LC		    (1ul << 6)
#define PMCR_N(v)	    (((v) >> 11) & 0x1fu)
#define PMU_COUNTER0	    (1ul << 0)
#define PMU_CYCLE	    (1ul << 31)
#define PMU_EVENT_SW_INCR   0x00ul /* common event 0x0000: counts PMSWINC_EL0 writes */
#define DT_GIC_PPI	    1u
#define PPI_BASE	    16u
#define QEMU_VIRT_PMU_INTID 23u

#define SWINC_ROUNDS   3u
#define CYCLE_ROUNDS   3u
#define CYCLE_HEADROOM 0x10000ul /* ~65 us of QEMU's 1 GHz cycle counter */
#define IRQ_TIMEOUT_US 2000000u	 /* generous for TCG on a busy host */
#define QUIET_US       3000000u

#define SYSREG_READ(reg)                                                                           \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));                                     \
		__v;                                                                               \
	})
#define SYSREG_WRITE(reg, v) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)))

static uint32_t pmu_intid;
static volatile uint32_t irqs, counter0_overflows, cycle_overflows, other_intids;

/* Runs in IRQ context: no printing. Clears the overflow flags before the EOI, so the
 * level-sensitive line is low when the interrupt is deactivated. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();
	uint64_t ovs;

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == pmu_intid) {
		ovs = SYSREG_READ(pmovsset_el0);
		SYSREG_WRITE(pmovsclr_el0, ovs);
		isb();
		irqs = irqs + 1;
		if (ovs & PMU_COUNTER0)
			counter0_overflows = counter0_overflows + 1;
		if (ovs & PMU_CYCLE)
			cycle_overflows = cycle_overflows + 1;
	} else {
		other_intids = other_intids + 1;
	}
	gicv3_eoi(intid);
}

static const char *chosen_string(const struct fdt *fdt, const char *name)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : -1;

	return chosen < 0 ? NULL : fdt_prop_string(fdt, chosen, name);
}

/* The PMU PPI's INTID from the tree, 0 when there is no usable PMU node. */
static uint32_t pmu_intid_from_tree(const struct fdt *fdt)
{
	const uint8_t *cells;
	uint32_t len = 0;
	int node;

	if (!fdt)
		return 0;
	node = fdt_find_compatible(fdt, -1, "arm,armv8-pmuv3");
	if (node < 0)
		node = fdt_path_offset(fdt, "/pmu", 4);
	if (node < 0)
		return 0;
	cells = fdt_prop(fdt, node, "interrupts", &len);
	if (!cells || len != 12 || fdt_be32(cells) != DT_GIC_PPI || fdt_be32(cells + 4) > 15)
		return 0;
	return PPI_BASE + fdt_be32(cells + 4);
}

static bool wait_for(volatile uint32_t *count, uint32_t target)
{
	uint64_t deadline = timer_deadline_us(IRQ_TIMEOUT_US);

	while (*count < target && !timer_expired(deadline))
		cpu_relax();
	return *count >= target;
}

static void swinc_overflows(const char *cell)
{
	SYSREG_WRITE(pmselr_el0, 0);
	isb();
	SYSREG_WRITE(pmxevtyper_el0, PMU_EVENT_SW_INCR); /* counts at EL0 and EL1 */
	SYSREG_WRITE(pmintenset_el1, PMU_COUNTER0);
	SYSREG_WRITE(pmcntenset_el0, PMU_COUNTER0);
	SYSREG_WRITE(pmcr_el0, PMCR_E);
	for (uint32_t i = 1; i <= SWINC_ROUNDS; i++) {
		SYSREG_WRITE(pmselr_el0, 0);
		isb();
		SYSREG_WRITE(pmxevcntr_el0, 0xffffffffu);
		isb();
		SYSREG_WRITE(pmswinc_el0, PMU_COUNTER0); /* 0xffffffff + 1: overflow */
		isb();
		printf("%s: pmu swinc overflow %u irq %s\n", cell, i,
		       wait_for(&counter0_overflows, i) ? "ok" : "MISSING");
	}
	SYSREG_WRITE(pmcntenclr_el0, PMU_COUNTER0);
	SYSREG_WRITE(pmintenclr_el1, PMU_COUNTER0);
}

static void cycle_overflows_run(const char *cell)
{
	SYSREG_WRITE(pmccfiltr_el0, 0); /* count at EL0 and EL1 */
	SYSREG_WRITE(pmintenset_el1, PMU_CYCLE);
	for (uint32_t i = 1; i <= CYCLE_ROUNDS; i++) {
		SYSREG_WRITE(pmcntenclr_el0, PMU_CYCLE);
		isb();
		SYSREG_WRITE(pmccntr_el0, 0ul - CYCLE_HEADROOM);
		SYSREG_WRITE(pmcr_el0, PMCR_E | PMCR_LC);
		SYSREG_WRITE(pmcntenset_el0, PMU_CYCLE);
		isb();
		printf("%s: pmu cycle overflow %u irq %s\n", cell, i,
		       wait_for(&cycle_overflows, i) ? "ok" : "MISSING");
	}
	SYSREG_WRITE(pmcntenclr_el0, PMU_CYCLE);
	SYSREG_WRITE(pmintenclr_el1, PMU_CYCLE);
	SYSREG_WRITE(pmcr_el0, 0);
}

void guest_main(const struct kit_info *info)
{
	const char *cell = info->cell_name;
	const char *mode = chosen_string(info->fdt, "cellforge,pmu-mode");
	uint64_t dfr0 = SYSREG_READ(id_aa64dfr0_el1);

	if (DFR0_PMUVER(dfr0) == 0 || DFR0_PMUVER(dfr0) == 0xf) {
		printf("%s: pmu not implemented (PMUVer %lu)\n", cell, DFR0_PMUVER(dfr0));
		printf("%s: done\n", cell);
		return;
	}
	if (!gicv3_setup(info->fdt, cell))
		return;
	pmu_intid = pmu_intid_from_tree(info->fdt);
	if (pmu_intid)
		printf("%s: pmu node intid %u\n", cell, pmu_intid);
	else
		printf("%s: pmu node missing, trying intid %u\n", cell, QEMU_VIRT_PMU_INTID);
	if (!pmu_intid)
		pmu_intid = QEMU_VIRT_PMU_INTID;
	printf("%s: pmu counters %lu\n", cell, PMCR_N(SYSREG_READ(pmcr_el0)));

	kit_set_irq_handler(on_irq);
	gicv3_enable_private(pmu_intid);
	irq_enable();
	if (mode && strcmp(mode, "quiet") == 0) {
		uint64_t start = timer_now();

		timer_delay_us(QUIET_US);
		printf("%s: pmu quiet irqs %u in %lu ms\n", cell, irqs,
		       timer_ticks_to_us(timer_now() - start) / 1000);
	} else {
		if (PMCR_N(SYSREG_READ(pmcr_el0)) > 0)
			swinc_overflows(cell);
		cycle_overflows_run(cell);
	}
	irq_disable();
	printf("%s: pmu irqs %u counter0 %u cycle %u other-intids %u\n", cell, irqs,
	       counter0_overflows, cycle_overflows, other_intids);
	printf("%s: done\n", cell);
}
