// SPDX-License-Identifier: MIT
/*
 * Bit definitions: runtime/arch/arm64/sysreg.h (HCR_EL2, CPTR_EL2, MDCR_EL2 in
 * the Arm ARM, DDI 0487, their E2H == 0 layouts); the features from the ID
 * register fields in id_regs.h.
 */
#include "arch/arm64/el2_controls.h"
#include "arch/arm64/id_regs.h"
#include "arch/arm64/sysreg.h"

/* ID_AA64DFR0_EL1.PMUVer as a PMUv3 version number (0: no PMUv3). */
static uint32_t pmu_version(const struct cpu_ids *ids)
{
	uint32_t v = id_field(ids->dfr0, ID_AA64DFR0_PMUVER_SHIFT);

	return v == ID_PMUVER_IMPDEF ? 0 : v;
}

bool cpu_has_fgt(const struct cpu_ids *ids)
{
	return id_field(ids->mmfr0, ID_AA64MMFR0_FGT_SHIFT) != 0;
}

bool cpu_has_hcx(const struct cpu_ids *ids)
{
	return id_field(ids->mmfr1, ID_AA64MMFR1_HCX_SHIFT) != 0;
}

bool cpu_has_amu(const struct cpu_ids *ids)
{
	return id_field(ids->pfr0, ID_AA64PFR0_AMU_SHIFT) != 0;
}

bool cpu_has_spe(const struct cpu_ids *ids)
{
	return id_field(ids->dfr0, ID_AA64DFR0_PMSVER_SHIFT) != 0;
}

bool cpu_has_trbe(const struct cpu_ids *ids)
{
	return id_field(ids->dfr0, ID_AA64DFR0_TRACEBUF_SHIFT) != 0;
}

bool cpu_has_trf(const struct cpu_ids *ids)
{
	return id_field(ids->dfr0, ID_AA64DFR0_TRACEFILT_SHIFT) != 0;
}

bool cpu_has_pauth(const struct cpu_ids *ids)
{
	return id_has_pauth(ids->isar1, ids->isar2);
}

uint64_t el2_hcr(uint64_t base, const struct cpu_ids *ids)
{
	uint64_t hcr = base;

	/* RAS error records are shared hardware: their registers trap (answered UNDEFINED). */
	if (id_field(ids->pfr0, ID_AA64PFR0_RAS_SHIFT))
		hcr |= HCR_EL2_TERR;
	/*
	 * Pointer authentication is the guest's: its keys are EL1 registers, the CPU
	 * belongs to this cell alone and the hypervisor never authenticates (it runs
	 * with SCTLR_EL2.EnIA/EnIB/EnDA/EnDB clear and without branch protection).
	 */
	if (cpu_has_pauth(ids))
		hcr |= HCR_EL2_API | HCR_EL2_APK;
	/* HCR_EL2.ATA stays clear: MTE is hidden and its tag accesses trap. */
	return hcr;
}

uint64_t el2_cptr(const struct cpu_ids *ids)
{
	/* TZ and TSM are among the RES1 bits: SVE and SME trap whether present or not. */
	uint64_t cptr = CPTR_EL2_RES1 | CPTR_EL2_TZ | CPTR_EL2_TSM;

	/* The trace unit observes execution and may write trace out: not the guest's. */
	if (id_field(ids->dfr0, ID_AA64DFR0_TRACEVER_SHIFT))
		cptr |= CPTR_EL2_TTA;
	/* Activity monitors count for the whole CPU over time: hidden and trapped. */
	if (cpu_has_amu(ids))
		cptr |= CPTR_EL2_TAM;
	return cptr;
}

uint64_t el2_mdcr(const struct cpu_ids *ids, uint32_t hpmn)
{
	uint32_t pmu = pmu_version(ids);
	uint64_t mdcr = (uint64_t)hpmn & MDCR_EL2_HPMN_MASK;

	/* The PMU is the guest's, but what the hypervisor does is not for it to count. */
	if (pmu >= ID_PMUVER_V3P1)
		mdcr |= MDCR_EL2_HPMD;
	if (pmu >= ID_PMUVER_V3P5)
		mdcr |= MDCR_EL2_HCCD;
	/*
	 * Statistical profiling and the trace buffer write to memory by physical or
	 * EL2 addresses: both buffers stay owned by EL2 (E2PB, E2TB 0b00, which makes
	 * EL1's accesses to their controls trap) and never enabled; SPE's sampling
	 * controls trap too (TPMS).
	 */
	mdcr |= MDCR_EL2_E2PB_EL2 | MDCR_EL2_E2TB_EL2;
	if (cpu_has_spe(ids))
		mdcr |= MDCR_EL2_TPMS;
	/* Trace filtering (TRFCR_EL1) could enable trace at EL1: trapped. */
	if (cpu_has_trf(ids))
		mdcr |= MDCR_EL2_TTRF;
	return mdcr;
}
