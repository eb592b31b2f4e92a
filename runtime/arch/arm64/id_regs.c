// SPDX-License-Identifier: MIT
/*
 * ID register sanitisation (see id_regs.h for the decision per feature).
 *
 * Field names, positions and values are those of each register's own entry in
 * the Arm ARM (DDI 0487), part D, "AArch64 System Register Descriptions" (the
 * general system control registers; the AArch32 ID registers are read through
 * their ID_*_EL1 AArch64 views there too). Every field is 4 bits wide. For each
 * register:
 *   AArch64 registers list every field: PASS keeps the hardware value, SET
 *     replaces it ("not implemented" is 0 unless a rule says otherwise), MAX
 *     lowers it to a supported level (fields whose values grow with the feature);
 *     fields not listed (reserved, or added by a later Arm ARM) read as 0;
 *   AArch32 registers describe what AArch32 EL0 code may use (EL1 is AArch64,
 *     HCR_EL2.RW): the instruction set fields pass, and only the fields about
 *     EL2, EL3, trace, RAS and AMU are listed and replaced.
 */
#include "arch/arm64/id_regs.h"
#include "compiler.h"

enum id_policy { ID_PASS, ID_SET, ID_MAX };

struct id_field {
	uint8_t shift;
	uint8_t policy; /* enum id_policy */
	uint8_t value;	/* ID_SET: the value; ID_MAX: the highest value passed */
};

struct id_rule {
	uint32_t id;
	bool pass_unlisted; /* AArch32 registers: fields not listed keep their value */
	uint8_t count;
	const struct id_field *fields;
};

#define PASS(shift)                                                                                \
	{                                                                                          \
		(shift), ID_PASS, 0                                                                \
	}
#define HIDE(shift)                                                                                \
	{                                                                                          \
		(shift), ID_SET, 0                                                                 \
	}
#define SET(shift, v)                                                                              \
	{                                                                                          \
		(shift), ID_SET, (v)                                                               \
	}
#define AT_MOST(shift, v)                                                                          \
	{                                                                                          \
		(shift), ID_MAX, (v)                                                               \
	}

/* ID_AA64PFR0_EL1, AArch64 Processor Feature Register 0. */
static const struct id_field aa64pfr0[] = {
	PASS(0),	/* EL0: AArch64 (and AArch32) at EL0 */
	SET(4, 1),	/* EL1: AArch64 only, HCR_EL2.RW is set */
	HIDE(8),	/* EL2: the guest has no EL2 */
	PASS(12),	/* EL3: SMC is how the guest calls PSCI (answered by the hypervisor) */
	PASS(16),	/* FP (0xf: not implemented); the guest owns FP state */
	PASS(20),	/* AdvSIMD (0xf: not implemented) */
	PASS(24),	/* GIC: system register interface, virtual CPU interface at EL1 */
	HIDE(28),	/* RAS: error records are shared, HCR_EL2.TERR traps them */
	HIDE(32),	/* SVE: CPTR_EL2.TZ traps it */
	HIDE(36),	/* SEL2 */
	HIDE(40),	/* MPAM: partitioning of shared caches is the hypervisor's */
	HIDE(44),	/* AMU: CPTR_EL2.TAM traps it */
	PASS(48),	/* DIT: PSTATE.DIT, the guest's */
	HIDE(52),	/* RME */
	AT_MOST(56, 1), /* CSV2: 2 (FEAT_CSV2_2) adds SCXTNUM_ELx, trapped (HCR_EL2.EnSCXT 0) */
	PASS(60),	/* CSV3 */
};

/* ID_AA64PFR1_EL1, AArch64 Processor Feature Register 1. */
static const struct id_field aa64pfr1[] = {
	PASS(0),  /* BT: branch target identification, SCTLR_EL1.BT0/BT1 */
	PASS(4),  /* SSBS: PSTATE.SSBS */
	HIDE(8),  /* MTE: HCR_EL2.ATA clear, tag accesses trap */
	HIDE(12), /* RAS_frac */
	HIDE(16), /* MPAM_frac */
	HIDE(24), /* SME: CPTR_EL2.TSM traps it */
	HIDE(28), /* RNDR_trap: SCR_EL3.TRNDR is firmware's */
	HIDE(32), /* CSV2_frac: CSV2_1p1/1p2 also add SCXTNUM_ELx */
	HIDE(36), /* NMI: needs HCRX_EL2.TALLINT/VINMI handling */
	HIDE(40), /* MTE_frac */
	HIDE(44), /* GCS */
	HIDE(48), /* THE */
	HIDE(52), /* MTEX */
	HIDE(56), /* DF2 */
	HIDE(60), /* PFAR */
};

/* ID_AA64ISAR0_EL1, AArch64 Instruction Set Attribute Register 0. */
static const struct id_field aa64isar0[] = {
	PASS(4),  /* AES */
	PASS(8),  /* SHA1 */
	PASS(12), /* SHA2 */
	PASS(16), /* CRC32 */
	PASS(20), /* Atomic */
	HIDE(24), /* TME: transactions need HCR_EL2.TME */
	PASS(28), /* RDM */
	PASS(32), /* SHA3 */
	PASS(36), /* SM3 */
	PASS(40), /* SM4 */
	PASS(44), /* DP */
	PASS(48), /* FHM */
	PASS(52), /* TS: flag manipulation */
	PASS(56), /* TLB: TLBI outer shareable and range forms (stage 2 still applies) */
	PASS(60), /* RNDR */
};

/* ID_AA64ISAR1_EL1, AArch64 Instruction Set Attribute Register 1. */
static const struct id_field aa64isar1[] = {
	PASS(0),  /* DPB: DC CVAP/CVADP */
	PASS(4),  /* APA: address authentication, QARMA5 (HCR_EL2.API/APK set) */
	PASS(8),  /* API: address authentication, IMPLEMENTATION DEFINED algorithm */
	PASS(12), /* JSCVT */
	PASS(16), /* FCMA */
	PASS(20), /* LRCPC */
	PASS(24), /* GPA: generic authentication, QARMA5 */
	PASS(28), /* GPI: generic authentication, IMPLEMENTATION DEFINED algorithm */
	PASS(32), /* FRINTTS */
	PASS(36), /* SB */
	PASS(40), /* SPECRES: prediction restriction, limited to the guest's own VMID */
	PASS(44), /* BF16 */
	PASS(48), /* DGH */
	PASS(52), /* I8MM */
	PASS(56), /* XS: nXS forms of TLBI and DSB */
	HIDE(60), /* LS64: needs HCRX_EL2.EnALS/EnAS0/EnASR */
};

/* ID_AA64ISAR2_EL1, AArch64 Instruction Set Attribute Register 2. */
static const struct id_field aa64isar2[] = {
	PASS(0),  /* WFxT: WFIT/WFET, not trapped (HCR_EL2.TWI/TWE clear) */
	PASS(4),  /* RPRES */
	PASS(8),  /* GPA3: generic authentication, QARMA3 */
	PASS(12), /* APA3: address authentication, QARMA3 */
	HIDE(16), /* MOPS: UNDEFINED at EL1 unless HCRX_EL2.MSCEn */
	PASS(20), /* BC: BC.cond */
	PASS(24), /* PAC_frac */
	PASS(28), /* CLRBHB */
	HIDE(32), /* SYSREG_128 */
	HIDE(36), /* SYSINSTR_128 */
	PASS(40), /* PRFMSLC */
	PASS(48), /* RPRFM */
	PASS(52), /* CSSC */
	PASS(56), /* LUT */
	HIDE(60), /* ATS1A */
};

/* ID_AA64MMFR0_EL1, AArch64 Memory Model Feature Register 0. */
static const struct id_field aa64mmfr0[] = {
	AT_MOST(0, 5),	/* PARange: stage 2 gives cells at most 48-bit IPAs (cells_init) */
	PASS(4),	/* ASIDBits */
	PASS(8),	/* BigEnd */
	PASS(12),	/* SNSMem */
	PASS(16),	/* BigEndEL0 */
	PASS(20),	/* TGran16 (0: not implemented) */
	PASS(24),	/* TGran64 (0xf: not implemented) */
	PASS(28),	/* TGran4 (0xf: not implemented) */
	PASS(32),	/* TGran16_2: stage 2, of no use to a guest without EL2 */
	PASS(36),	/* TGran64_2 */
	PASS(40),	/* TGran4_2 */
	PASS(44),	/* ExS */
	HIDE(56),	/* FGT: EL2 controls */
	AT_MOST(60, 1), /* ECV: the self-synchronised counter views; 2 adds EL2 controls */
};

/* ID_AA64MMFR1_EL1, AArch64 Memory Model Feature Register 1. */
static const struct id_field aa64mmfr1[] = {
	PASS(0),  /* HAFDBS: hardware access flag and dirty state, stage 1 */
	HIDE(4),  /* VMIDBits: EL2 */
	HIDE(8),  /* VH: EL2 */
	PASS(12), /* HPDS */
	PASS(16), /* LO: LORegions, EL1 registers of the guest */
	PASS(20), /* PAN */
	PASS(24), /* SpecSEI */
	HIDE(28), /* XNX: stage 2 */
	HIDE(32), /* TWED: EL2 trap delays */
	PASS(36), /* ETS */
	HIDE(40), /* HCX: EL2 */
	PASS(44), /* AFP: FPCR.AH/FIZ/NEP, FP state the guest owns */
	PASS(48), /* nTLBPA */
	PASS(52), /* TIDCP1: SCTLR_EL1.TIDCP, EL1's control of EL0 */
	PASS(56), /* CMOW */
	PASS(60), /* ECBHB */
};

/* ID_AA64MMFR2_EL1, AArch64 Memory Model Feature Register 2. */
static const struct id_field aa64mmfr2[] = {
	PASS(0),  /* CnP */
	PASS(4),  /* UAO */
	PASS(8),  /* LSM */
	HIDE(12), /* IESB: part of RAS, hidden */
	PASS(16), /* VARange */
	PASS(20), /* CCIDX */
	HIDE(24), /* NV: nested virtualization */
	PASS(28), /* ST */
	PASS(32), /* AT */
	PASS(36), /* IDS: how these ID traps are reported */
	HIDE(40), /* FWB: stage 2 */
	PASS(48), /* TTL */
	PASS(52), /* BBM */
	HIDE(56), /* EVT: EL2 trap controls */
	PASS(60), /* E0PD */
};

/* ID_AA64DFR0_EL1, AArch64 Debug Feature Register 0. */
static const struct id_field aa64dfr0[] = {
	PASS(0),  /* DebugVer: breakpoints and watchpoints are the guest's */
	HIDE(4),  /* TraceVer: CPTR_EL2.TTA traps the trace unit */
	PASS(8),  /* PMUVer: the guest owns all counters (MDCR_EL2.HPMN = PMCR_EL0.N) */
	PASS(12), /* BRPs */
	HIDE(16), /* PMSS: PMU snapshots */
	PASS(20), /* WRPs */
	HIDE(24), /* SEBEP */
	PASS(28), /* CTX_CMPs */
	HIDE(32), /* PMSVer: SPE writes to memory, MDCR_EL2.TPMS/E2PB trap it */
	PASS(36), /* DoubleLock (0xf: not implemented) */
	HIDE(40), /* TraceFilt: MDCR_EL2.TTRF traps TRFCR_EL1 */
	HIDE(44), /* TraceBuffer: TRBE writes to memory, MDCR_EL2.E2TB traps it */
	PASS(48), /* MTPMU (0xf: not implemented) */
	HIDE(52), /* BRBE */
	HIDE(56), /* ExtTrcBuff */
	HIDE(60), /* HPMN0: EL2 */
};

/* ID_PFR0_EL1, AArch32 Processor Feature Register 0. */
static const struct id_field pfr0[] = {
	AT_MOST(16, 1), /* CSV2, as in ID_AA64PFR0_EL1 */
	HIDE(20),	/* AMU */
	HIDE(28),	/* RAS */
};

/* ID_PFR1_EL1, AArch32 Processor Feature Register 1. */
static const struct id_field pfr1[] = {
	HIDE(4),  /* Security: EL3 in AArch32 */
	HIDE(12), /* Virtualization: EL2 in AArch32 */
	HIDE(20), /* Sec_frac */
	HIDE(24), /* Virt_frac */
};

/* ID_PFR2_EL1, AArch32 Processor Feature Register 2. */
static const struct id_field pfr2[] = {
	HIDE(8), /* RAS_frac */
};

/* ID_DFR0_EL1, AArch32 Debug Feature Register 0. */
static const struct id_field dfr0[] = {
	HIDE(12), /* CopTrc */
	HIDE(16), /* MMapTrc */
	HIDE(28), /* TraceFilt */
};

/* ID_DFR1_EL1, AArch32 Debug Feature Register 1. */
static const struct id_field dfr1[] = {
	HIDE(4), /* HPMN0 */
};

/* ID_MMFR4_EL1, AArch32 Memory Model Feature Register 4. */
static const struct id_field mmfr4[] = {
	HIDE(8),  /* XNX: stage 2 */
	HIDE(28), /* EVT: EL2 trap controls */
};

/* AArch32 registers that need no change: every field passes. */
static const struct id_field none[] = {
	PASS(0),
};

#define AARCH64(reg, table)                                                                        \
	{                                                                                          \
		(reg), false, ARRAY_SIZE(table), (table)                                           \
	}
#define AARCH32(reg, table)                                                                        \
	{                                                                                          \
		(reg), true, ARRAY_SIZE(table), (table)                                            \
	}

static const struct id_rule rules[] = {
	AARCH64(SYSREG_ID_AA64PFR0_EL1, aa64pfr0),
	AARCH64(SYSREG_ID_AA64PFR1_EL1, aa64pfr1),
	AARCH64(SYSREG_ID_AA64ISAR0_EL1, aa64isar0),
	AARCH64(SYSREG_ID_AA64ISAR1_EL1, aa64isar1),
	AARCH64(SYSREG_ID_AA64ISAR2_EL1, aa64isar2),
	AARCH64(SYSREG_ID_AA64MMFR0_EL1, aa64mmfr0),
	AARCH64(SYSREG_ID_AA64MMFR1_EL1, aa64mmfr1),
	AARCH64(SYSREG_ID_AA64MMFR2_EL1, aa64mmfr2),
	AARCH64(SYSREG_ID_AA64DFR0_EL1, aa64dfr0),
	AARCH32(SYSREG_ID_PFR0_EL1, pfr0),
	AARCH32(SYSREG_ID_PFR1_EL1, pfr1),
	AARCH32(SYSREG_ID_PFR2_EL1, pfr2),
	AARCH32(SYSREG_ID_DFR0_EL1, dfr0),
	AARCH32(SYSREG_ID_DFR1_EL1, dfr1),
	AARCH32(SYSREG_ID_MMFR4_EL1, mmfr4),
	AARCH32(SYSREG_ID_MMFR0_EL1, none),
	AARCH32(SYSREG_ID_MMFR1_EL1, none),
	AARCH32(SYSREG_ID_MMFR2_EL1, none),
	AARCH32(SYSREG_ID_MMFR3_EL1, none),
	AARCH32(SYSREG_ID_MMFR5_EL1, none),
	AARCH32(SYSREG_ID_ISAR0_EL1, none),
	AARCH32(SYSREG_ID_ISAR1_EL1, none),
	AARCH32(SYSREG_ID_ISAR2_EL1, none),
	AARCH32(SYSREG_ID_ISAR3_EL1, none),
	AARCH32(SYSREG_ID_ISAR4_EL1, none),
	AARCH32(SYSREG_ID_ISAR5_EL1, none),
	AARCH32(SYSREG_ID_ISAR6_EL1, none),
	AARCH32(SYSREG_MVFR0_EL1, none),
	AARCH32(SYSREG_MVFR1_EL1, none),
	AARCH32(SYSREG_MVFR2_EL1, none),
	/*
	 * Not listed, hence all zero: ID_AFR0_EL1 and ID_AA64AFR0/1_EL1 (IMPLEMENTATION
	 * DEFINED), ID_AA64ZFR0_EL1 (SVE), ID_AA64SMFR0_EL1 (SME), ID_AA64DFR1_EL1,
	 * ID_AA64PFR2_EL1, ID_AA64FPFR0_EL1, ID_AA64ISAR3_EL1, ID_AA64MMFR3/4_EL1 and
	 * the reserved encodings.
	 */
};

bool id_reg_in_tid3_space(uint32_t id)
{
	uint32_t crm = (id >> 3) & 0xfu;

	return (id & ~(uint32_t)SYSREG_ID(0, 0, 0, 0xf, 7)) == SYSREG_ID(3, 0, 0, 0, 0) &&
	       crm >= ID_SPACE_CRM_FIRST && crm <= ID_SPACE_CRM_LAST;
}

static const struct id_rule *find_rule(uint32_t id)
{
	for (uint32_t i = 0; i < ARRAY_SIZE(rules); i++) {
		if (rules[i].id == id)
			return &rules[i];
	}
	return NULL;
}

uint64_t id_reg_sanitise(uint32_t id, uint64_t hw)
{
	const struct id_rule *rule = find_rule(id);
	uint64_t out;

	if (!rule || !id_reg_in_tid3_space(id))
		return 0;
	out = rule->pass_unlisted ? hw : 0;
	for (uint32_t i = 0; i < rule->count; i++) {
		const struct id_field *f = &rule->fields[i];
		uint64_t mask = ID_FIELD_MASK << f->shift;
		uint64_t value = id_field(hw, f->shift);

		if (f->policy == ID_SET)
			value = f->value;
		else if (f->policy == ID_MAX && value > f->value)
			value = f->value;
		out = (out & ~mask) | (value << f->shift);
	}
	return out;
}

bool id_has_pauth(uint64_t isar1, uint64_t isar2)
{
	return id_field(isar1, ID_AA64ISAR1_APA_SHIFT) || id_field(isar1, ID_AA64ISAR1_API_SHIFT) ||
	       id_field(isar1, ID_AA64ISAR1_GPA_SHIFT) || id_field(isar1, ID_AA64ISAR1_GPI_SHIFT) ||
	       id_field(isar2, ID_AA64ISAR2_APA3_SHIFT) || id_field(isar2, ID_AA64ISAR2_GPA3_SHIFT);
}
