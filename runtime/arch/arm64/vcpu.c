// SPDX-License-Identifier: MIT
#include "arch/arm64/vcpu.h"
#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vcpu_reset.h"

uint64_t vcpu_vtcr;

/* Exception vector offsets from VBAR_EL1 (Arm ARM, "Exception vectors"). */
#define VECTOR_CURRENT_SP0 0x000
#define VECTOR_CURRENT_SPX 0x200
#define VECTOR_LOWER_A64   0x400
#define VECTOR_LOWER_A32   0x600
#define DFSC_SYNC_EXTERNAL 0x10

/*
 * Timers: EL1 may read the physical counter and owns the virtual timer;
 * CNTVOFF_EL2 is 0 for every cell, so CNTVCT equals CNTPCT and all cells
 * share one time base. The virtual timer's interrupt (PPI 27) is the cell's
 * and injected by the vGIC with the HW bit. The EL1 physical timer traps:
 * a guest at EL1 uses the virtual timer (as Linux does), and physical-timer
 * accesses are reported as faults naming the register.
 */
#define CNTHCTL_EL2_GUEST CNTHCTL_EL2_EL1PCTEN

static void reset_el1_state(void)
{
	write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, cpacr_el1);
	write_sysreg(0, tpidr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, mdscr_el1);
	write_sysreg(0, csselr_el1);
	write_sysreg(0, cntkctl_el1);
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(0, cntp_cval_el0);
}

__noreturn void vcpu_enter(uint64_t vttbr, uint64_t entry, uint64_t x0, uint64_t stack_top)
{
	uint64_t hpmn = (read_sysreg(pmcr_el0) >> PMCR_EL0_N_SHIFT) & PMCR_EL0_N_MASK;

	write_sysreg(HCR_EL2_GUEST, hcr_el2);
	/* The guest sees its CPU's real identity: DTB and MPIDR agree. */
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	/* FP/SIMD, trace and the PMU belong to the guest that owns the CPU. */
	write_sysreg(CPTR_EL2_RES1, cptr_el2);
	write_sysreg(hpmn, mdcr_el2);
	write_sysreg(CNTHCTL_EL2_GUEST, cnthctl_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(vcpu_vtcr, vtcr_el2);
	write_sysreg(vttbr, vttbr_el2);
	isb();
	/* Stale EL1 translations of this VMID (a previous run of the cell). */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tdsb nsh" ::: "memory");
	reset_el1_state();
	vcpu_reset_hw_state();
	isb();
	guest_start(entry, x0, stack_top, SPSR_GUEST_ENTRY);
}

bool vcpu_inject_sync(struct exc_frame *f)
{
	uint32_t ec = esr_class(f->esr);
	uint64_t mode = f->spsr & SPSR_M_MASK;
	bool from_el1 =
		!(f->spsr & SPSR_M_AARCH32) && (mode == SPSR_MODE_EL1T || mode == SPSR_MODE_EL1H);
	uint64_t offset, esr;
	bool abort = ec == ESR_EC_DABT_LOWER || ec == ESR_EC_IABT_LOWER;

	if (f->spsr & SPSR_M_AARCH32)
		offset = VECTOR_LOWER_A32;
	else if (!from_el1)
		offset = VECTOR_LOWER_A64;
	else
		offset = mode == SPSR_MODE_EL1H ? VECTOR_CURRENT_SPX : VECTOR_CURRENT_SP0;

	if (abort) {
		/* EC: "lower EL" class if the guest was at EL0, "same EL" at EL1. */
		uint32_t inj_ec = ec == ESR_EC_DABT_LOWER
					  ? (from_el1 ? ESR_EC_DABT_CURRENT : ESR_EC_DABT_LOWER)
					  : (from_el1 ? ESR_EC_IABT_CURRENT : ESR_EC_IABT_LOWER);

		esr = ((uint64_t)inj_ec << ESR_EC_SHIFT) | ESR_IL | DFSC_SYNC_EXTERNAL |
		      (ec == ESR_EC_DABT_LOWER ? (f->esr & ESR_DABT_WNR) : 0);
		write_sysreg(f->far, far_el1);
	} else {
		esr = ((uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL;
	}
	write_sysreg(esr, esr_el1);
	write_sysreg(f->elr, elr_el1);
	write_sysreg(f->spsr, spsr_el1);
	f->elr = read_sysreg(vbar_el1) + offset;
	f->spsr = SPSR_GUEST_ENTRY;
	return abort;
}
