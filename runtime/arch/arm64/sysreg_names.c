// SPDX-License-Identifier: MIT
/*
 * Encodings from the Arm ARM (DDI 0487), each register's "Accessing" section,
 * and the GIC architecture specification (IHI 0069) for ICC_*; grouped by the
 * control that makes a guest trap on them.
 */
#include "arch/arm64/sysreg_names.h"
#include "arch/arm64/sysreg_trap.h"
#include "compiler.h"

struct sysreg_name {
	uint32_t id;
	const char *name;
};

#define R(op0, op1, crn, crm, op2, name)                                                           \
	{                                                                                          \
		SYSREG_ID(op0, op1, crn, crm, op2), name                                           \
	}

static const struct sysreg_name names[] = {
	/* Generic timer (CNTHCTL_EL2.EL1PCEN clear traps the EL1 physical timer). */
	R(3, 3, 14, 0, 0, "CNTFRQ_EL0"),
	R(3, 3, 14, 0, 1, "CNTPCT_EL0"),
	R(3, 3, 14, 0, 2, "CNTVCT_EL0"),
	R(3, 3, 14, 0, 5, "CNTPCTSS_EL0"),
	R(3, 3, 14, 0, 6, "CNTVCTSS_EL0"),
	R(3, 0, 14, 1, 0, "CNTKCTL_EL1"),
	R(3, 3, 14, 2, 0, "CNTP_TVAL_EL0"),
	R(3, 3, 14, 2, 1, "CNTP_CTL_EL0"),
	R(3, 3, 14, 2, 2, "CNTP_CVAL_EL0"),
	R(3, 3, 14, 3, 0, "CNTV_TVAL_EL0"),
	R(3, 3, 14, 3, 1, "CNTV_CTL_EL0"),
	R(3, 3, 14, 3, 2, "CNTV_CVAL_EL0"),
	R(3, 7, 14, 2, 0, "CNTPS_TVAL_EL1"),
	R(3, 7, 14, 2, 1, "CNTPS_CTL_EL1"),
	R(3, 7, 14, 2, 2, "CNTPS_CVAL_EL1"),
	/* GIC CPU interface (HCR_EL2.IMO/FMO: SGI generation traps). */
	R(3, 0, 4, 6, 0, "ICC_PMR_EL1"),
	R(3, 0, 12, 8, 0, "ICC_IAR0_EL1"),
	R(3, 0, 12, 8, 1, "ICC_EOIR0_EL1"),
	R(3, 0, 12, 8, 2, "ICC_HPPIR0_EL1"),
	R(3, 0, 12, 8, 3, "ICC_BPR0_EL1"),
	R(3, 0, 12, 8, 4, "ICC_AP0R0_EL1"),
	R(3, 0, 12, 8, 5, "ICC_AP0R1_EL1"),
	R(3, 0, 12, 8, 6, "ICC_AP0R2_EL1"),
	R(3, 0, 12, 8, 7, "ICC_AP0R3_EL1"),
	R(3, 0, 12, 9, 0, "ICC_AP1R0_EL1"),
	R(3, 0, 12, 9, 1, "ICC_AP1R1_EL1"),
	R(3, 0, 12, 9, 2, "ICC_AP1R2_EL1"),
	R(3, 0, 12, 9, 3, "ICC_AP1R3_EL1"),
	R(3, 0, 12, 11, 1, "ICC_DIR_EL1"),
	R(3, 0, 12, 11, 3, "ICC_RPR_EL1"),
	R(3, 0, 12, 11, 5, "ICC_SGI1R_EL1"),
	R(3, 0, 12, 11, 6, "ICC_ASGI1R_EL1"),
	R(3, 0, 12, 11, 7, "ICC_SGI0R_EL1"),
	R(3, 0, 12, 12, 0, "ICC_IAR1_EL1"),
	R(3, 0, 12, 12, 1, "ICC_EOIR1_EL1"),
	R(3, 0, 12, 12, 2, "ICC_HPPIR1_EL1"),
	R(3, 0, 12, 12, 3, "ICC_BPR1_EL1"),
	R(3, 0, 12, 12, 4, "ICC_CTLR_EL1"),
	R(3, 0, 12, 12, 5, "ICC_SRE_EL1"),
	R(3, 0, 12, 12, 6, "ICC_IGRPEN0_EL1"),
	R(3, 0, 12, 12, 7, "ICC_IGRPEN1_EL1"),
	/* Identification (HCR_EL2.TID3 traps CRm 1..7 of op0 3, op1 0, CRn 0). */
	R(3, 0, 0, 0, 0, "MIDR_EL1"),
	R(3, 0, 0, 0, 5, "MPIDR_EL1"),
	R(3, 0, 0, 0, 6, "REVIDR_EL1"),
	R(3, 0, 0, 1, 0, "ID_PFR0_EL1"),
	R(3, 0, 0, 1, 1, "ID_PFR1_EL1"),
	R(3, 0, 0, 1, 2, "ID_DFR0_EL1"),
	R(3, 0, 0, 1, 3, "ID_AFR0_EL1"),
	R(3, 0, 0, 1, 4, "ID_MMFR0_EL1"),
	R(3, 0, 0, 1, 5, "ID_MMFR1_EL1"),
	R(3, 0, 0, 1, 6, "ID_MMFR2_EL1"),
	R(3, 0, 0, 1, 7, "ID_MMFR3_EL1"),
	R(3, 0, 0, 2, 0, "ID_ISAR0_EL1"),
	R(3, 0, 0, 2, 1, "ID_ISAR1_EL1"),
	R(3, 0, 0, 2, 2, "ID_ISAR2_EL1"),
	R(3, 0, 0, 2, 3, "ID_ISAR3_EL1"),
	R(3, 0, 0, 2, 4, "ID_ISAR4_EL1"),
	R(3, 0, 0, 2, 5, "ID_ISAR5_EL1"),
	R(3, 0, 0, 2, 6, "ID_MMFR4_EL1"),
	R(3, 0, 0, 2, 7, "ID_ISAR6_EL1"),
	R(3, 0, 0, 3, 0, "MVFR0_EL1"),
	R(3, 0, 0, 3, 1, "MVFR1_EL1"),
	R(3, 0, 0, 3, 2, "MVFR2_EL1"),
	R(3, 0, 0, 3, 4, "ID_PFR2_EL1"),
	R(3, 0, 0, 3, 5, "ID_DFR1_EL1"),
	R(3, 0, 0, 3, 6, "ID_MMFR5_EL1"),
	R(3, 0, 0, 4, 0, "ID_AA64PFR0_EL1"),
	R(3, 0, 0, 4, 1, "ID_AA64PFR1_EL1"),
	R(3, 0, 0, 4, 2, "ID_AA64PFR2_EL1"),
	R(3, 0, 0, 4, 4, "ID_AA64ZFR0_EL1"),
	R(3, 0, 0, 4, 5, "ID_AA64SMFR0_EL1"),
	R(3, 0, 0, 4, 7, "ID_AA64FPFR0_EL1"),
	R(3, 0, 0, 5, 0, "ID_AA64DFR0_EL1"),
	R(3, 0, 0, 5, 1, "ID_AA64DFR1_EL1"),
	R(3, 0, 0, 5, 4, "ID_AA64AFR0_EL1"),
	R(3, 0, 0, 5, 5, "ID_AA64AFR1_EL1"),
	R(3, 0, 0, 6, 0, "ID_AA64ISAR0_EL1"),
	R(3, 0, 0, 6, 1, "ID_AA64ISAR1_EL1"),
	R(3, 0, 0, 6, 2, "ID_AA64ISAR2_EL1"),
	R(3, 0, 0, 6, 3, "ID_AA64ISAR3_EL1"),
	R(3, 0, 0, 7, 0, "ID_AA64MMFR0_EL1"),
	R(3, 0, 0, 7, 1, "ID_AA64MMFR1_EL1"),
	R(3, 0, 0, 7, 2, "ID_AA64MMFR2_EL1"),
	R(3, 0, 0, 7, 3, "ID_AA64MMFR3_EL1"),
	R(3, 0, 0, 7, 4, "ID_AA64MMFR4_EL1"),
	R(3, 1, 0, 0, 0, "CCSIDR_EL1"),
	R(3, 1, 0, 0, 1, "CLIDR_EL1"),
	R(3, 1, 0, 0, 4, "GMID_EL1"),
	R(3, 1, 0, 0, 6, "SMIDR_EL1"),
	R(3, 1, 0, 0, 7, "AIDR_EL1"),
	R(3, 2, 0, 0, 0, "CSSELR_EL1"),
	R(3, 3, 0, 0, 1, "CTR_EL0"),
	R(3, 3, 0, 0, 7, "DCZID_EL0"),
	/* System control (HCR_EL2.TACR; SVE, SME, MTE controls). */
	R(3, 0, 1, 0, 1, "ACTLR_EL1"),
	R(3, 0, 1, 0, 5, "RGSR_EL1"),
	R(3, 0, 1, 0, 6, "GCR_EL1"),
	R(3, 0, 1, 2, 0, "ZCR_EL1"),
	R(3, 0, 1, 2, 1, "TRFCR_EL1"),
	R(3, 0, 1, 2, 4, "SMPRI_EL1"),
	R(3, 0, 1, 2, 6, "SMCR_EL1"),
	R(3, 0, 5, 6, 0, "TFSR_EL1"),
	R(3, 0, 5, 6, 1, "TFSRE0_EL1"),
	R(3, 3, 4, 2, 2, "SVCR"),
	R(3, 3, 13, 0, 5, "TPIDR2_EL0"),
	R(3, 0, 13, 0, 5, "ACCDATA_EL1"),
	R(3, 0, 13, 0, 7, "SCXTNUM_EL1"),
	R(3, 3, 13, 0, 7, "SCXTNUM_EL0"),
	/* Pointer authentication keys (HCR_EL2.APK). */
	R(3, 0, 2, 1, 0, "APIAKeyLo_EL1"),
	R(3, 0, 2, 1, 1, "APIAKeyHi_EL1"),
	R(3, 0, 2, 1, 2, "APIBKeyLo_EL1"),
	R(3, 0, 2, 1, 3, "APIBKeyHi_EL1"),
	R(3, 0, 2, 2, 0, "APDAKeyLo_EL1"),
	R(3, 0, 2, 2, 1, "APDAKeyHi_EL1"),
	R(3, 0, 2, 2, 2, "APDBKeyLo_EL1"),
	R(3, 0, 2, 2, 3, "APDBKeyHi_EL1"),
	R(3, 0, 2, 3, 0, "APGAKeyLo_EL1"),
	R(3, 0, 2, 3, 1, "APGAKeyHi_EL1"),
	/* RAS (HCR_EL2.TERR traps the error record registers). */
	R(3, 0, 5, 3, 0, "ERRIDR_EL1"),
	R(3, 0, 5, 3, 1, "ERRSELR_EL1"),
	R(3, 0, 5, 4, 0, "ERXFR_EL1"),
	R(3, 0, 5, 4, 1, "ERXCTLR_EL1"),
	R(3, 0, 5, 4, 2, "ERXSTATUS_EL1"),
	R(3, 0, 5, 4, 3, "ERXADDR_EL1"),
	R(3, 0, 5, 4, 4, "ERXPFGF_EL1"),
	R(3, 0, 5, 4, 5, "ERXPFGCTL_EL1"),
	R(3, 0, 5, 4, 6, "ERXPFGCDN_EL1"),
	R(3, 0, 5, 5, 0, "ERXMISC0_EL1"),
	R(3, 0, 5, 5, 1, "ERXMISC1_EL1"),
	R(3, 0, 5, 5, 2, "ERXMISC2_EL1"),
	R(3, 0, 5, 5, 3, "ERXMISC3_EL1"),
	R(3, 0, 12, 1, 1, "DISR_EL1"),
	/* Debug (op0 2; breakpoint and watchpoint registers are numbered below). */
	R(2, 0, 0, 0, 2, "OSDTRRX_EL1"),
	R(2, 0, 0, 2, 2, "MDSCR_EL1"),
	R(2, 0, 0, 3, 2, "OSDTRTX_EL1"),
	R(2, 0, 0, 6, 2, "OSECCR_EL1"),
	R(2, 0, 1, 0, 0, "MDRAR_EL1"),
	R(2, 0, 1, 0, 4, "OSLAR_EL1"),
	R(2, 0, 1, 1, 4, "OSLSR_EL1"),
	R(2, 0, 1, 3, 4, "OSDLR_EL1"),
	R(2, 0, 1, 4, 4, "DBGPRCR_EL1"),
	R(2, 0, 7, 8, 6, "DBGCLAIMSET_EL1"),
	R(2, 0, 7, 9, 6, "DBGCLAIMCLR_EL1"),
	R(2, 0, 7, 14, 6, "DBGAUTHSTATUS_EL1"),
	R(2, 3, 0, 1, 0, "MDCCSR_EL0"),
	R(2, 3, 0, 4, 0, "DBGDTR_EL0"),
	R(2, 3, 0, 5, 0, "DBGDTRRX_EL0"),
	/* Performance monitors (event counters are numbered below). */
	R(3, 3, 9, 12, 0, "PMCR_EL0"),
	R(3, 3, 9, 12, 1, "PMCNTENSET_EL0"),
	R(3, 3, 9, 12, 2, "PMCNTENCLR_EL0"),
	R(3, 3, 9, 12, 3, "PMOVSCLR_EL0"),
	R(3, 3, 9, 12, 4, "PMSWINC_EL0"),
	R(3, 3, 9, 12, 5, "PMSELR_EL0"),
	R(3, 3, 9, 12, 6, "PMCEID0_EL0"),
	R(3, 3, 9, 12, 7, "PMCEID1_EL0"),
	R(3, 3, 9, 13, 0, "PMCCNTR_EL0"),
	R(3, 3, 9, 13, 1, "PMXEVTYPER_EL0"),
	R(3, 3, 9, 13, 2, "PMXEVCNTR_EL0"),
	R(3, 3, 9, 14, 0, "PMUSERENR_EL0"),
	R(3, 0, 9, 14, 1, "PMINTENSET_EL1"),
	R(3, 0, 9, 14, 2, "PMINTENCLR_EL1"),
	R(3, 3, 9, 14, 3, "PMOVSSET_EL0"),
	R(3, 0, 9, 14, 6, "PMMIR_EL1"),
	R(3, 3, 14, 15, 7, "PMCCFILTR_EL0"),
	/* Statistical profiling (MDCR_EL2.TPMS, E2PB). */
	R(3, 0, 9, 9, 0, "PMSCR_EL1"),
	R(3, 0, 9, 9, 2, "PMSICR_EL1"),
	R(3, 0, 9, 9, 3, "PMSIRR_EL1"),
	R(3, 0, 9, 9, 4, "PMSFCR_EL1"),
	R(3, 0, 9, 9, 5, "PMSEVFR_EL1"),
	R(3, 0, 9, 9, 6, "PMSLATFR_EL1"),
	R(3, 0, 9, 9, 7, "PMSIDR_EL1"),
	R(3, 0, 9, 10, 0, "PMBLIMITR_EL1"),
	R(3, 0, 9, 10, 1, "PMBPTR_EL1"),
	R(3, 0, 9, 10, 3, "PMBSR_EL1"),
	R(3, 0, 9, 10, 7, "PMBIDR_EL1"),
	/* Trace buffer (MDCR_EL2.E2TB). */
	R(3, 0, 9, 11, 0, "TRBLIMITR_EL1"),
	R(3, 0, 9, 11, 1, "TRBPTR_EL1"),
	R(3, 0, 9, 11, 2, "TRBBASER_EL1"),
	R(3, 0, 9, 11, 3, "TRBSR_EL1"),
	R(3, 0, 9, 11, 4, "TRBMAR_EL1"),
	R(3, 0, 9, 11, 6, "TRBTRG_EL1"),
	R(3, 0, 9, 11, 7, "TRBIDR_EL1"),
	/* Activity monitors (CPTR_EL2.TAM; the counters are numbered below). */
	R(3, 3, 13, 2, 0, "AMCR_EL0"),
	R(3, 3, 13, 2, 1, "AMCFGR_EL0"),
	R(3, 3, 13, 2, 2, "AMCGCR_EL0"),
	R(3, 3, 13, 2, 3, "AMUSERENR_EL0"),
	R(3, 3, 13, 2, 4, "AMCNTENCLR0_EL0"),
	R(3, 3, 13, 2, 5, "AMCNTENSET0_EL0"),
	R(3, 3, 13, 3, 0, "AMCNTENCLR1_EL0"),
	R(3, 3, 13, 3, 1, "AMCNTENSET1_EL0"),
	/* MPAM. */
	R(3, 0, 10, 4, 4, "MPAMIDR_EL1"),
	R(3, 0, 10, 5, 0, "MPAM1_EL1"),
	R(3, 0, 10, 5, 1, "MPAM0_EL1"),
	/* Cache maintenance by set/way (HCR_EL2.TSW): system instructions, op0 1. */
	R(1, 0, 7, 6, 2, "DC ISW"),
	R(1, 0, 7, 10, 2, "DC CSW"),
	R(1, 0, 7, 14, 2, "DC CISW"),
};

#define ID_OP0(id) (((id) >> 14) & 3u)
#define ID_OP1(id) (((id) >> 11) & 7u)
#define ID_CRN(id) (((id) >> 7) & 0xfu)
#define ID_CRM(id) (((id) >> 3) & 0xfu)
#define ID_OP2(id) ((id)&7u)

/* Numbered families: debug breakpoints/watchpoints, PMU and AMU event counters. */
static bool print_numbered(struct fmt_sink *sink, uint32_t id)
{
	static const char *const debug[] = {"DBGBVR", "DBGBCR", "DBGWVR", "DBGWCR"};
	static const char *const amu[] = {"AMEVCNTR0", "AMEVTYPER0", "AMEVCNTR1", "AMEVTYPER1"};
	uint32_t crm = ID_CRM(id), op2 = ID_OP2(id);

	if (ID_OP0(id) == 2 && ID_OP1(id) == 0 && ID_CRN(id) == 0 && op2 >= 4) {
		fmt_print(sink, "%s%u_EL1", debug[op2 - 4], (unsigned int)crm);
		return true;
	}
	if (ID_OP0(id) == 3 && ID_OP1(id) == 3 && ID_CRN(id) == 14 && crm >= 8) {
		/* n = CRm[1:0]:op2; PMEVTYPER31 is PMCCFILTR_EL0, in the table. */
		fmt_print(sink, "%s%u_EL0", crm >= 12 ? "PMEVTYPER" : "PMEVCNTR",
			  (unsigned int)((crm & 3u) * 8 + op2));
		return true;
	}
	if (ID_OP0(id) == 3 && ID_OP1(id) == 3 && ID_CRN(id) == 13 &&
	    ((crm >= 4 && crm <= 7) || crm >= 12)) {
		uint32_t group = crm >= 12 ? 2u : 0u;

		fmt_print(sink, "%s%u_EL0", amu[group + ((crm >> 1) & 1u)],
			  (unsigned int)((crm & 1u) * 8 + op2));
		return true;
	}
	return false;
}

bool sysreg_print_name(struct fmt_sink *sink, uint32_t id)
{
	for (uint32_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (names[i].id == id) {
			fmt_print(sink, "%s", names[i].name);
			return true;
		}
	}
	if (print_numbered(sink, id))
		return true;
	if (ID_OP0(id) == 2 && ID_OP1(id) == 1) {
		fmt_print(sink, "a trace unit register");
		return true;
	}
	/* The IMPLEMENTATION DEFINED space (HCR_EL2.TIDCP): CRn 11 and 15 of op0 3. */
	if (ID_OP0(id) == 3 && (ID_CRN(id) == 11 || ID_CRN(id) == 15)) {
		fmt_print(sink, "an IMPLEMENTATION DEFINED register");
		return true;
	}
	return false;
}

void sysreg_print_encoding(struct fmt_sink *sink, uint32_t id)
{
	fmt_print(sink, "S%u_%u_C%u_C%u_%u", (unsigned int)ID_OP0(id), (unsigned int)ID_OP1(id),
		  (unsigned int)ID_CRN(id), (unsigned int)ID_CRM(id), (unsigned int)ID_OP2(id));
}
