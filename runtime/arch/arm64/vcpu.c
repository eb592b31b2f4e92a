// SPDX-License-Identifier: MIT
#include "arch/arm64/vcpu.h"
#include "arch/arm64/cpu_traps.h"
#include "arch/arm64/el2_controls.h"
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
 * Timers (CNTHCTL_EL2, Arm ARM D19.12.3, without FEAT_VHE): EL1 reads the
 * physical counter (EL1PCTEN) and owns both EL1 timers, the virtual one and
 * the physical one (EL1PCEN: CNTP_CTL/CVAL/TVAL_EL0 do not trap). No
 * switching is needed: a CPU belongs to one cell, and the hypervisor times
 * itself with CNTPCT_EL0 alone (timer.h), never with the EL1 physical timer;
 * its own EL2 timer (CNTHP_*) is UNDEFINED at EL1. Both timers are stopped
 * and their compare values zeroed at every entry (reset_el1_state) and when
 * the CPU leaves the cell (vgic_cpu_leave). CNTVOFF_EL2 is 0 for every cell,
 * so CNTVCT equals CNTPCT and all cells share one time base. Their
 * interrupts (PPI 27 virtual, PPI 30 physical) are the cell's on each of its
 * CPUs and injected by the vGIC with the HW bit.
 */
#define CNTHCTL_EL2_GUEST (CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN)

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

static void read_cpu_ids(struct cpu_ids *ids)
{
	ids->pfr0 = read_sysreg(id_aa64pfr0_el1);
	ids->pfr1 = read_sysreg(id_aa64pfr1_el1);
	ids->dfr0 = read_sysreg(id_aa64dfr0_el1);
	ids->isar1 = read_sysreg(id_aa64isar1_el1);
	ids->isar2 = read_sysreg_enc(SYSREG_ENC_ID_AA64ISAR2_EL1);
	ids->mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	ids->mmfr1 = read_sysreg(id_aa64mmfr1_el1);
}

/*
 * EL2 registers of newer features whose reset values are UNKNOWN: written
 * deliberately so that nothing the firmware or a reset left there applies.
 */
static void init_feature_controls(const struct cpu_ids *ids)
{
	/*
	 * FEAT_FGT: no fine-grained traps beyond the coarse controls. A 0 in the
	 * "n"-prefixed bits (nTPIDR2_EL0, nSMPRI_EL1, nGCS_*, nBRB*, nPMSNEVFR_EL1,
	 * nACCDATA_EL1, ...) traps the registers of features the guest is not shown.
	 */
	if (cpu_has_fgt(ids)) {
		write_sysreg_enc(0, SYSREG_ENC_HFGRTR_EL2);
		write_sysreg_enc(0, SYSREG_ENC_HFGWTR_EL2);
		write_sysreg_enc(0, SYSREG_ENC_HFGITR_EL2);
		write_sysreg_enc(0, SYSREG_ENC_HDFGRTR_EL2);
		write_sysreg_enc(0, SYSREG_ENC_HDFGWTR_EL2);
		if (cpu_has_amu(ids))
			write_sysreg_enc(0, SYSREG_ENC_HAFGRTR_EL2);
	}
	/*
	 * FEAT_HCX: every enable off (LS64, MOPS, TCR2/SCTLR2, NMI, GCS...): those
	 * features are hidden, and off they are UNDEFINED or trap at EL1.
	 */
	if (cpu_has_hcx(ids))
		write_sysreg_enc(0, SYSREG_ENC_HCRX_EL2);
	/* Trace prohibited at EL2 (TRFCR_EL2.E2TRE, E0HTRE 0), trace buffer off. */
	if (cpu_has_trf(ids))
		write_sysreg_enc(0, SYSREG_ENC_TRFCR_EL2);
	if (cpu_has_trbe(ids))
		write_sysreg_enc(0, SYSREG_ENC_TRBLIMITR_EL1);
	/* No sampling at EL2 (PMSCR_EL2.E2SPE, E0HSPE 0), profiling buffer off. */
	if (cpu_has_spe(ids)) {
		write_sysreg_enc(0, SYSREG_ENC_PMSCR_EL2);
		write_sysreg_enc(0, SYSREG_ENC_PMBLIMITR_EL1);
	}
}

/* The guest's pointer authentication keys start at 0 on every (re)start. */
static void reset_pauth_keys(const struct cpu_ids *ids)
{
	if (!cpu_has_pauth(ids))
		return;
	write_sysreg_enc(0, SYSREG_ENC_APIAKEYLO_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APIAKEYHI_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APIBKEYLO_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APIBKEYHI_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APDAKEYLO_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APDAKEYHI_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APDBKEYLO_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APDBKEYHI_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APGAKEYLO_EL1);
	write_sysreg_enc(0, SYSREG_ENC_APGAKEYHI_EL1);
}

__noreturn void vcpu_enter(uint64_t vttbr, uint64_t entry, uint64_t x0, uint64_t stack_top)
{
	uint32_t hpmn = (uint32_t)((read_sysreg(pmcr_el0) >> PMCR_EL0_N_SHIFT) & PMCR_EL0_N_MASK);
	struct cpu_ids ids;

	read_cpu_ids(&ids);
	write_sysreg(el2_hcr(HCR_EL2_GUEST, &ids), hcr_el2);
	/* The guest sees its CPU's real identity: DTB and MPIDR agree. */
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	/*
	 * FP/SIMD, the PMU and the debug registers belong to the guest that owns
	 * the CPU; SVE, SME, trace and activity monitors trap (id_regs.h).
	 */
	write_sysreg(el2_cptr(&ids), cptr_el2);
	write_sysreg(el2_mdcr(&ids, hpmn), mdcr_el2);
	init_feature_controls(&ids);
	write_sysreg(CNTHCTL_EL2_GUEST, cnthctl_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(vcpu_vtcr, vtcr_el2);
	write_sysreg(vttbr, vttbr_el2);
	isb();
	cpu_setway_reset();
	/* Stale EL1 translations of this VMID (a previous run of the cell). */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tdsb nsh" ::: "memory");
	reset_el1_state();
	reset_pauth_keys(&ids);
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
