// SPDX-License-Identifier: MIT
/*
 * See vcpu_reset.h. Register descriptions from the Arm ARM (DDI 0487),
 * "AArch64 System Register Descriptions": ID_AA64DFR0_EL1, CPTR_EL2, the
 * PMU registers (D13.4) and the debug registers (D13.3).
 */
#include "arch/arm64/vcpu_reset.h"
#include "arch/arm64/sysreg.h"
#include "compiler.h"

/* ID_AA64DFR0_EL1 fields. */
#define DFR0_PMUVER_SHIFT     8	 /* [11:8] 0: no PMU, 0xf: IMPLEMENTATION DEFINED PMU */
#define DFR0_BRPS_SHIFT	      12 /* [15:12] breakpoints - 1 */
#define DFR0_WRPS_SHIFT	      20 /* [23:20] watchpoints - 1 */
#define DFR0_DOUBLELOCK_SHIFT 36 /* [39:36] 0: FEAT_DoubleLock, 0xf: not implemented */
#define DFR0_FIELD_MASK	      UL(0xf)
#define DFR0_PMUVER_IMPDEF    UL(0xf)
#define DFR0_DOUBLELOCK_NONE  UL(0xf)

/* CPTR_EL2.TFP (E2H == 0): traps FP/SIMD at EL2 and below. */
#define CPTR_EL2_TFP BIT(10)

/* PMCR_EL0: E enables the counters, P and C reset the event and cycle counters. */
#define PMCR_EL0_P BIT(1)
#define PMCR_EL0_C BIT(2)
/* PMCNTENCLR/PMINTENCLR/PMOVSCLR: event counters [30:0] (RAZ/WI above N), cycle counter 31. */
#define PMU_ALL_COUNTERS UL(0xffffffff)
/* PMSELR_EL0.SEL values above PMCR_EL0.N - 1 are reserved (31 selects PMCCFILTR). */
#define PMU_MAX_EVENT_COUNTERS 31u

/* OSLAR_EL1.OSLK: 1 locks the OS Lock, its state after a cold reset. */
#define OSLAR_EL1_OSLK BIT(0)

#define MAX_BREAKPOINTS 16u

static uint64_t dfr0_field(uint64_t dfr0, uint32_t shift)
{
	return (dfr0 >> shift) & DFR0_FIELD_MASK;
}

/*
 * The hypervisor is built with -mgeneral-regs-only: the compiler never
 * touches these registers, so nothing needs saving. FP/SIMD must not trap at
 * EL2 while this runs; CPTR_EL2 is put back to what the caller chose.
 */
static void reset_fp_simd(void)
{
	uint64_t cptr = read_sysreg(cptr_el2);

	write_sysreg(cptr & ~CPTR_EL2_TFP, cptr_el2);
	isb();
	__asm__ volatile(
		".arch_extension fp\n\t"
		".arch_extension simd\n\t"
		"movi v0.2d, #0\n\tmovi v1.2d, #0\n\tmovi v2.2d, #0\n\tmovi v3.2d, #0\n\t"
		"movi v4.2d, #0\n\tmovi v5.2d, #0\n\tmovi v6.2d, #0\n\tmovi v7.2d, #0\n\t"
		"movi v8.2d, #0\n\tmovi v9.2d, #0\n\tmovi v10.2d, #0\n\tmovi v11.2d, #0\n\t"
		"movi v12.2d, #0\n\tmovi v13.2d, #0\n\tmovi v14.2d, #0\n\tmovi v15.2d, #0\n\t"
		"movi v16.2d, #0\n\tmovi v17.2d, #0\n\tmovi v18.2d, #0\n\tmovi v19.2d, #0\n\t"
		"movi v20.2d, #0\n\tmovi v21.2d, #0\n\tmovi v22.2d, #0\n\tmovi v23.2d, #0\n\t"
		"movi v24.2d, #0\n\tmovi v25.2d, #0\n\tmovi v26.2d, #0\n\tmovi v27.2d, #0\n\t"
		"movi v28.2d, #0\n\tmovi v29.2d, #0\n\tmovi v30.2d, #0\n\tmovi v31.2d, #0\n\t"
		"msr fpcr, xzr\n\t"
		"msr fpsr, xzr" ::
			: "memory");
	write_sysreg(cptr, cptr_el2);
	isb();
}

/*
 * Counters stopped and zeroed, nothing enabled, no overflow or interrupt
 * left, every event type and filter back to 0, EL0 access off. At EL2 the
 * whole PMU is reachable whatever MDCR_EL2.HPMN says.
 */
static void reset_pmu(uint64_t dfr0)
{
	uint64_t pmuver = dfr0_field(dfr0, DFR0_PMUVER_SHIFT);
	uint64_t counters;

	if (pmuver == 0 || pmuver == DFR0_PMUVER_IMPDEF)
		return;
	counters = (read_sysreg(pmcr_el0) >> PMCR_EL0_N_SHIFT) & PMCR_EL0_N_MASK;
	if (counters > PMU_MAX_EVENT_COUNTERS)
		counters = PMU_MAX_EVENT_COUNTERS;
	write_sysreg(PMU_ALL_COUNTERS, pmcntenclr_el0);
	write_sysreg(PMU_ALL_COUNTERS, pmintenclr_el1);
	write_sysreg(PMU_ALL_COUNTERS, pmovsclr_el0);
	isb();
	for (uint64_t n = 0; n < counters; n++) {
		write_sysreg(n, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
	}
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmselr_el0);
	write_sysreg(0, pmuserenr_el0);
	/* E = 0 and every other control at 0; P and C zero the counters. */
	write_sysreg(PMCR_EL0_P | PMCR_EL0_C, pmcr_el0);
	isb();
}

#define CLEAR_BREAKPOINT(n)                                                                        \
	case n:                                                                                    \
		write_sysreg(0, dbgbcr##n##_el1);                                                  \
		write_sysreg(0, dbgbvr##n##_el1);                                                  \
		break

#define CLEAR_WATCHPOINT(n)                                                                        \
	case n:                                                                                    \
		write_sysreg(0, dbgwcr##n##_el1);                                                  \
		write_sysreg(0, dbgwvr##n##_el1);                                                  \
		break

static void clear_breakpoint(uint32_t n)
{
	switch (n) {
		CLEAR_BREAKPOINT(0);
		CLEAR_BREAKPOINT(1);
		CLEAR_BREAKPOINT(2);
		CLEAR_BREAKPOINT(3);
		CLEAR_BREAKPOINT(4);
		CLEAR_BREAKPOINT(5);
		CLEAR_BREAKPOINT(6);
		CLEAR_BREAKPOINT(7);
		CLEAR_BREAKPOINT(8);
		CLEAR_BREAKPOINT(9);
		CLEAR_BREAKPOINT(10);
		CLEAR_BREAKPOINT(11);
		CLEAR_BREAKPOINT(12);
		CLEAR_BREAKPOINT(13);
		CLEAR_BREAKPOINT(14);
		CLEAR_BREAKPOINT(15);
	default:
		break;
	}
}

static void clear_watchpoint(uint32_t n)
{
	switch (n) {
		CLEAR_WATCHPOINT(0);
		CLEAR_WATCHPOINT(1);
		CLEAR_WATCHPOINT(2);
		CLEAR_WATCHPOINT(3);
		CLEAR_WATCHPOINT(4);
		CLEAR_WATCHPOINT(5);
		CLEAR_WATCHPOINT(6);
		CLEAR_WATCHPOINT(7);
		CLEAR_WATCHPOINT(8);
		CLEAR_WATCHPOINT(9);
		CLEAR_WATCHPOINT(10);
		CLEAR_WATCHPOINT(11);
		CLEAR_WATCHPOINT(12);
		CLEAR_WATCHPOINT(13);
		CLEAR_WATCHPOINT(14);
		CLEAR_WATCHPOINT(15);
	default:
		break;
	}
}

/*
 * Every implemented breakpoint and watchpoint disabled with a zero address,
 * no double lock, and the OS Lock locked as after a cold
 * reset (which is how the first run of a cell finds it: an OS that uses
 * self-hosted debug unlocks it at boot). MDSCR_EL1 is zeroed by vcpu.c.
 * The claim tags (DBGCLAIM*_EL1) are left alone: QEMU does not implement
 * them (the access is UNDEFINED there) and they only coordinate debuggers.
 */
static void reset_debug(uint64_t dfr0)
{
	uint32_t brps = (uint32_t)dfr0_field(dfr0, DFR0_BRPS_SHIFT) + 1u;
	uint32_t wrps = (uint32_t)dfr0_field(dfr0, DFR0_WRPS_SHIFT) + 1u;

	for (uint32_t n = 0; n < brps && n < MAX_BREAKPOINTS; n++)
		clear_breakpoint(n);
	for (uint32_t n = 0; n < wrps && n < MAX_BREAKPOINTS; n++)
		clear_watchpoint(n);
	if (dfr0_field(dfr0, DFR0_DOUBLELOCK_SHIFT) != DFR0_DOUBLELOCK_NONE)
		write_sysreg(0, osdlr_el1);
	write_sysreg(OSLAR_EL1_OSLK, oslar_el1);
	isb();
}

void vcpu_reset_hw_state(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);

	reset_fp_simd();
	reset_pmu(dfr0);
	reset_debug(dfr0);
}
