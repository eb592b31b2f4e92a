/* SPDX-License-Identifier: MIT */
/*
 * The ID registers a guest reads (HCR_EL2.TID3 traps them all): the hardware's
 * value with every feature the hypervisor does not support replaced by its "not
 * implemented" value. Pure C (host-tested): the caller reads the hardware.
 *
 * Per feature (the rules in id_regs.c name each field):
 *   supported, the guest owns the state outright (a CPU belongs to one cell and
 *     the hypervisor never uses it): FP/AdvSIMD, pointer authentication (keys are
 *     EL1 registers, HCR_EL2.API/APK let the guest use them untrapped; the
 *     hypervisor runs with SCTLR_EL2.EnIA/EnIB/EnDA/EnDB clear and is compiled
 *     without branch protection), BTI, SSBS, the PMU (all counters, HPMN = N),
 *     breakpoints and watchpoints, the instruction set extensions;
 *   hidden and trapped: SVE and SME (CPTR_EL2.TZ/TSM: the Z/P/ZA state and
 *     ZCR_EL2.LEN would have to be managed and FP reset would not cover them),
 *     MTE (HCR_EL2.ATA clear: tag accesses and GCR_EL1/RGSR_EL1 trap; QEMU virt
 *     needs mte=on to have it anyway), RAS (HCR_EL2.TERR: error records are shared
 *     hardware), AMU (CPTR_EL2.TAM), SPE, TRBE, trace and trace filtering
 *     (MDCR_EL2.TPMS/E2PB/E2TB/TTRF, CPTR_EL2.TTA: they write to memory or observe
 *     other exception levels), MPAM, RME, SEL2, the guest's own EL2 and the
 *     controls that only exist for it (VH, NV, FGT, HCX, XNX, TWED, FWB, EVT...),
 *     TME, LS64, MOPS (needs HCRX_EL2.MSCEn), NMI, GCS, SCXTNUM (CSV2 is capped at
 *     1: CSV2_2's SCXTNUM_EL1 traps with HCR_EL2.EnSCXT clear);
 *   unknown: fields and registers this table does not list read as zero, the
 *     "not implemented" value of every field Arm adds to an AArch64 ID register.
 */
#ifndef CELLFORGE_ARM64_ID_REGS_H
#define CELLFORGE_ARM64_ID_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/sysreg_trap.h"
#include "compiler.h"

/*
 * The ID register space HCR_EL2.TID3 traps: op0 3, op1 0, CRn 0, CRm 1..7 (Arm
 * ARM DDI 0487, "HCR_EL2.TID3" and the "ID register" encodings; the unallocated
 * encodings there are reserved RAZ).
 */
#define ID_SPACE_CRM_FIRST 1u
#define ID_SPACE_CRM_LAST  7u
bool id_reg_in_tid3_space(uint32_t id);

/* ID registers by SYSREG_ID encoding. */
#define SYSREG_ID_PFR0_EL1	SYSREG_ID(3, 0, 0, 1, 0)
#define SYSREG_ID_PFR1_EL1	SYSREG_ID(3, 0, 0, 1, 1)
#define SYSREG_ID_DFR0_EL1	SYSREG_ID(3, 0, 0, 1, 2)
#define SYSREG_ID_AFR0_EL1	SYSREG_ID(3, 0, 0, 1, 3)
#define SYSREG_ID_MMFR0_EL1	SYSREG_ID(3, 0, 0, 1, 4)
#define SYSREG_ID_MMFR1_EL1	SYSREG_ID(3, 0, 0, 1, 5)
#define SYSREG_ID_MMFR2_EL1	SYSREG_ID(3, 0, 0, 1, 6)
#define SYSREG_ID_MMFR3_EL1	SYSREG_ID(3, 0, 0, 1, 7)
#define SYSREG_ID_ISAR0_EL1	SYSREG_ID(3, 0, 0, 2, 0)
#define SYSREG_ID_ISAR1_EL1	SYSREG_ID(3, 0, 0, 2, 1)
#define SYSREG_ID_ISAR2_EL1	SYSREG_ID(3, 0, 0, 2, 2)
#define SYSREG_ID_ISAR3_EL1	SYSREG_ID(3, 0, 0, 2, 3)
#define SYSREG_ID_ISAR4_EL1	SYSREG_ID(3, 0, 0, 2, 4)
#define SYSREG_ID_ISAR5_EL1	SYSREG_ID(3, 0, 0, 2, 5)
#define SYSREG_ID_MMFR4_EL1	SYSREG_ID(3, 0, 0, 2, 6)
#define SYSREG_ID_ISAR6_EL1	SYSREG_ID(3, 0, 0, 2, 7)
#define SYSREG_MVFR0_EL1	SYSREG_ID(3, 0, 0, 3, 0)
#define SYSREG_MVFR1_EL1	SYSREG_ID(3, 0, 0, 3, 1)
#define SYSREG_MVFR2_EL1	SYSREG_ID(3, 0, 0, 3, 2)
#define SYSREG_ID_PFR2_EL1	SYSREG_ID(3, 0, 0, 3, 4)
#define SYSREG_ID_DFR1_EL1	SYSREG_ID(3, 0, 0, 3, 5)
#define SYSREG_ID_MMFR5_EL1	SYSREG_ID(3, 0, 0, 3, 6)
#define SYSREG_ID_AA64PFR0_EL1	SYSREG_ID(3, 0, 0, 4, 0)
#define SYSREG_ID_AA64PFR1_EL1	SYSREG_ID(3, 0, 0, 4, 1)
#define SYSREG_ID_AA64PFR2_EL1	SYSREG_ID(3, 0, 0, 4, 2)
#define SYSREG_ID_AA64ZFR0_EL1	SYSREG_ID(3, 0, 0, 4, 4)
#define SYSREG_ID_AA64SMFR0_EL1 SYSREG_ID(3, 0, 0, 4, 5)
#define SYSREG_ID_AA64FPFR0_EL1 SYSREG_ID(3, 0, 0, 4, 7)
#define SYSREG_ID_AA64DFR0_EL1	SYSREG_ID(3, 0, 0, 5, 0)
#define SYSREG_ID_AA64DFR1_EL1	SYSREG_ID(3, 0, 0, 5, 1)
#define SYSREG_ID_AA64AFR0_EL1	SYSREG_ID(3, 0, 0, 5, 4)
#define SYSREG_ID_AA64AFR1_EL1	SYSREG_ID(3, 0, 0, 5, 5)
#define SYSREG_ID_AA64ISAR0_EL1 SYSREG_ID(3, 0, 0, 6, 0)
#define SYSREG_ID_AA64ISAR1_EL1 SYSREG_ID(3, 0, 0, 6, 1)
#define SYSREG_ID_AA64ISAR2_EL1 SYSREG_ID(3, 0, 0, 6, 2)
#define SYSREG_ID_AA64ISAR3_EL1 SYSREG_ID(3, 0, 0, 6, 3)
#define SYSREG_ID_AA64MMFR0_EL1 SYSREG_ID(3, 0, 0, 7, 0)
#define SYSREG_ID_AA64MMFR1_EL1 SYSREG_ID(3, 0, 0, 7, 1)
#define SYSREG_ID_AA64MMFR2_EL1 SYSREG_ID(3, 0, 0, 7, 2)
#define SYSREG_ID_AA64MMFR3_EL1 SYSREG_ID(3, 0, 0, 7, 3)

/* Fields the runtime itself decides by (4 bits each, at these shifts). */
#define ID_FIELD_WIDTH		    4u
#define ID_FIELD_MASK		    UL(0xf)
#define ID_AA64PFR0_SVE_SHIFT	    32u
#define ID_AA64PFR0_AMU_SHIFT	    44u
#define ID_AA64PFR0_RAS_SHIFT	    28u
#define ID_AA64PFR1_SME_SHIFT	    24u
#define ID_AA64DFR0_TRACEVER_SHIFT  4u
#define ID_AA64DFR0_PMUVER_SHIFT    8u
#define ID_AA64DFR0_PMSVER_SHIFT    32u
#define ID_AA64DFR0_TRACEFILT_SHIFT 40u
#define ID_AA64DFR0_TRACEBUF_SHIFT  44u
#define ID_AA64ISAR1_APA_SHIFT	    4u
#define ID_AA64ISAR1_API_SHIFT	    8u
#define ID_AA64ISAR1_GPA_SHIFT	    24u
#define ID_AA64ISAR1_GPI_SHIFT	    28u
#define ID_AA64ISAR2_GPA3_SHIFT	    8u
#define ID_AA64ISAR2_APA3_SHIFT	    12u
#define ID_AA64MMFR0_FGT_SHIFT	    56u
#define ID_AA64MMFR1_HCX_SHIFT	    40u

/* PMUVer values (ID_AA64DFR0_EL1.PMUVer). */
#define ID_PMUVER_V3P1	 0x4u /* FEAT_PMUv3p1: MDCR_EL2.HPMD */
#define ID_PMUVER_V3P5	 0x6u /* FEAT_PMUv3p5: MDCR_EL2.HCCD */
#define ID_PMUVER_IMPDEF 0xfu /* an IMPLEMENTATION DEFINED PMU, not PMUv3 */

static inline uint32_t id_field(uint64_t reg, uint32_t shift)
{
	return (uint32_t)((reg >> shift) & ID_FIELD_MASK);
}

/*
 * What a guest reads from the ID register `id` (in the TID3 space) when the
 * hardware holds `hw`: supported fields unchanged or lowered, the rest at their
 * "not implemented" values, unknown registers 0. A pure function of (id, hw).
 */
uint64_t id_reg_sanitise(uint32_t id, uint64_t hw);

/* The hardware has pointer authentication (any algorithm, address or generic). */
bool id_has_pauth(uint64_t isar1, uint64_t isar2);

#endif
