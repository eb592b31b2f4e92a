// SPDX-License-Identifier: MIT
/*
 * Host tests of the system register names (runtime/arch/arm64/sysreg_names.c)
 * used by fault reports.
 */
#include <stdint.h>

#include "arch/arm64/sysreg_names.h"
#include "arch/arm64/sysreg_trap.h"
#include "buf_sink.h"
#include "check.h"

static struct buf_sink b;

/* The name of id, or "" when it has none. */
static const char *name(uint32_t id)
{
	bool named = sysreg_print_name(buf_sink_reset(&b), id);

	CHECK(named == (b.len > 0), "returns true exactly when it prints (0x%x)", id);
	return b.text;
}

static void test_fixed_names(void)
{
	case_begin();
	CHECK_STR(name(SYSREG_CNTP_CTL_EL0), "CNTP_CTL_EL0", "physical timer");
	CHECK_STR(name(SYSREG_CNTP_CVAL_EL0), "CNTP_CVAL_EL0", "physical timer");
	CHECK_STR(name(SYSREG_ICC_SGI1R_EL1), "ICC_SGI1R_EL1", "GIC");
	CHECK_STR(name(SYSREG_ID(3, 0, 12, 12, 7)), "ICC_IGRPEN1_EL1", "GIC");
	CHECK_STR(name(SYSREG_ID(3, 0, 0, 4, 0)), "ID_AA64PFR0_EL1", "ID register");
	CHECK_STR(name(SYSREG_ID(3, 0, 0, 3, 0)), "MVFR0_EL1", "AArch32 ID register");
	CHECK_STR(name(SYSREG_ID(3, 0, 5, 3, 0)), "ERRIDR_EL1", "RAS");
	CHECK_STR(name(SYSREG_ID(3, 0, 5, 5, 3)), "ERXMISC3_EL1", "RAS");
	CHECK_STR(name(SYSREG_ID(3, 0, 1, 2, 0)), "ZCR_EL1", "SVE");
	CHECK_STR(name(SYSREG_ID(3, 0, 1, 0, 6)), "GCR_EL1", "MTE");
	CHECK_STR(name(SYSREG_ID(3, 0, 2, 1, 0)), "APIAKeyLo_EL1", "PAuth");
	CHECK_STR(name(SYSREG_ID(3, 3, 9, 12, 0)), "PMCR_EL0", "PMU");
	CHECK_STR(name(SYSREG_ID(3, 3, 14, 15, 7)), "PMCCFILTR_EL0", "PMEVTYPER31 is PMCCFILTR");
	CHECK_STR(name(SYSREG_ID(2, 0, 1, 0, 4)), "OSLAR_EL1", "debug");
	CHECK_STR(name(SYSREG_ID(3, 0, 9, 10, 0)), "PMBLIMITR_EL1", "SPE");
	CHECK_STR(name(SYSREG_ID(3, 0, 9, 11, 0)), "TRBLIMITR_EL1", "TRBE");
	CHECK_STR(name(SYSREG_ID(3, 3, 13, 2, 5)), "AMCNTENSET0_EL0", "AMU");
	CHECK_STR(name(SYSREG_ID(3, 0, 1, 0, 1)), "ACTLR_EL1", "TACR");
	CHECK_STR(name(SYSREG_ID(1, 0, 7, 14, 2)), "DC CISW", "TSW");
	case_end("timer, GIC, ID, RAS, SVE, MTE, PAuth, PMU, debug, SPE, TRBE, AMU registers");
}

static void test_numbered(void)
{
	case_begin();
	CHECK_STR(name(SYSREG_ID(2, 0, 0, 3, 4)), "DBGBVR3_EL1", "breakpoint value");
	CHECK_STR(name(SYSREG_ID(2, 0, 0, 0, 5)), "DBGBCR0_EL1", "breakpoint control");
	CHECK_STR(name(SYSREG_ID(2, 0, 0, 15, 7)), "DBGWCR15_EL1", "watchpoint control");
	CHECK_STR(name(SYSREG_ID(3, 3, 14, 8, 0)), "PMEVCNTR0_EL0", "event counter 0");
	CHECK_STR(name(SYSREG_ID(3, 3, 14, 11, 6)), "PMEVCNTR30_EL0", "event counter 30");
	CHECK_STR(name(SYSREG_ID(3, 3, 14, 12, 5)), "PMEVTYPER5_EL0", "event type 5");
	CHECK_STR(name(SYSREG_ID(3, 3, 13, 4, 1)), "AMEVCNTR01_EL0", "AMU group 0 counter 1");
	CHECK_STR(name(SYSREG_ID(3, 3, 13, 7, 2)), "AMEVTYPER010_EL0", "AMU group 0 type 10");
	CHECK_STR(name(SYSREG_ID(3, 3, 13, 13, 7)), "AMEVCNTR115_EL0", "AMU group 1 counter 15");
	CHECK_STR(name(SYSREG_ID(3, 3, 13, 14, 0)), "AMEVTYPER10_EL0", "AMU group 1 type 0");
	case_end("numbered registers: breakpoints, watchpoints, PMU and AMU counters");
}

static void test_classes_and_unknown(void)
{
	case_begin();
	CHECK_STR(name(SYSREG_ID(3, 1, 15, 2, 0)), "an IMPLEMENTATION DEFINED register", "CRn 15");
	CHECK_STR(name(SYSREG_ID(3, 0, 11, 0, 0)), "an IMPLEMENTATION DEFINED register", "CRn 11");
	CHECK_STR(name(SYSREG_ID(2, 1, 0, 2, 0)), "a trace unit register", "TRCPRGCTLR");
	CHECK_STR(name(SYSREG_ID(3, 0, 4, 7, 7)), "", "no name");
	CHECK_STR(name(SYSREG_ID(3, 0, 0, 0, 1)), "", "no name");
	sysreg_print_encoding(buf_sink_reset(&b), SYSREG_ID(3, 3, 14, 2, 1));
	CHECK_STR(b.text, "S3_3_C14_C2_1", "encoding form");
	sysreg_print_encoding(buf_sink_reset(&b), SYSREG_ID(1, 7, 15, 15, 7));
	CHECK_STR(b.text, "S1_7_C15_C15_7", "encoding form, largest fields");
	case_end("IMPLEMENTATION DEFINED and trace spaces named; unknown encodings print nothing");
}

int main(void)
{
	test_fixed_names();
	test_numbered();
	test_classes_and_unknown();
	return check_summary("sysreg_names");
}
