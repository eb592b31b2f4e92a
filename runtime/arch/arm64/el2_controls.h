/* SPDX-License-Identifier: MIT */
/*
 * The feature-dependent EL2 controls while a guest runs, computed from the
 * CPU's ID registers: a bit that only exists with a feature is set only when
 * the ID registers say the feature is there (elsewhere it is RES0). Pure C
 * (host-tested); vcpu.c reads the registers and writes the results.
 */
#ifndef CELLFORGE_ARM64_EL2_CONTROLS_H
#define CELLFORGE_ARM64_EL2_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

/* The hardware ID registers the decisions depend on. */
struct cpu_ids {
	uint64_t pfr0;	/* ID_AA64PFR0_EL1 */
	uint64_t pfr1;	/* ID_AA64PFR1_EL1 */
	uint64_t dfr0;	/* ID_AA64DFR0_EL1 */
	uint64_t isar1; /* ID_AA64ISAR1_EL1 */
	uint64_t isar2; /* ID_AA64ISAR2_EL1 */
	uint64_t mmfr0; /* ID_AA64MMFR0_EL1 */
	uint64_t mmfr1; /* ID_AA64MMFR1_EL1 */
};

/* HCR_EL2: base (the unconditional HCR_EL2_GUEST) plus TERR and API/APK as present. */
uint64_t el2_hcr(uint64_t base, const struct cpu_ids *ids);

/* CPTR_EL2: FP/AdvSIMD free, SVE/SME (RES1 bits) trapped, trace and AMU trapped. */
uint64_t el2_cptr(const struct cpu_ids *ids);

/*
 * MDCR_EL2 with every PMU counter given to the guest (hpmn = PMCR_EL0.N), the
 * PMU prohibited from counting at EL2 and profiling/trace buffers and trace
 * filtering out of the guest's reach.
 */
uint64_t el2_mdcr(const struct cpu_ids *ids, uint32_t hpmn);

/* Features whose EL2 registers vcpu.c initialises. */
bool cpu_has_fgt(const struct cpu_ids *ids);
bool cpu_has_hcx(const struct cpu_ids *ids);
bool cpu_has_amu(const struct cpu_ids *ids);
bool cpu_has_spe(const struct cpu_ids *ids);
bool cpu_has_trbe(const struct cpu_ids *ids);
bool cpu_has_trf(const struct cpu_ids *ids);
bool cpu_has_pauth(const struct cpu_ids *ids);

#endif
