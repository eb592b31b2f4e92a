// SPDX-License-Identifier: MIT
/*
 * Host tests of the ID register sanitisation (runtime/arch/arm64/id_regs.c).
 * Inputs are the values QEMU 7.2's "-cpu max,pauth-impdef=on" reports (read by
 * guests/baremetal/cpufeat.c without HCR_EL2.TID3) and all-ones registers, in
 * which every field shows what its rule does. Expected values are worked out
 * field by field from the rules' comments, not by running the code.
 */
#include <stdint.h>

#include "arch/arm64/id_regs.h"
#include "check.h"

#define ALL_ONES UINT64_MAX

static void test_qemu_max(void)
{
	case_begin();
	/* CSV2 2 -> 1, SVE, RAS, SEL2, EL2 hidden, EL1 AArch64 only, EL0 kept (2). */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64PFR0_EL1, 0x1201001121110222), 0x1101000001110012,
		  "ID_AA64PFR0_EL1");
	/* SME 1 hidden; BT 1 and SSBS 2 kept. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64PFR1_EL1, 0x0000000001000021), 0x21,
		  "ID_AA64PFR1_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ZFR0_EL1, 0x0110110100110021), 0,
		  "ID_AA64ZFR0_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64SMFR0_EL1, 0x80f100fd00000000), 0,
		  "ID_AA64SMFR0_EL1");
	/* Debug v8.4, PMUv3p5, 6 breakpoints, 4 watchpoints: all the guest's. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64DFR0_EL1, 0x10305609), 0x10305609,
		  "ID_AA64DFR0_EL1");
	/* PARange 6 (52 bits) -> 5 (48 bits, the stage-2 limit). */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR0_EL1, 0x0000032310201126), 0x0000032310201125,
		  "ID_AA64MMFR0_EL1");
	/* HCX 1, XNX 1, VH 1, VMIDBits 2 hidden. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR1_EL1, 0x0000011010211122), 0x0000001000211002,
		  "ID_AA64MMFR1_EL1");
	/* FWB 1 and IESB 1 hidden. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR2_EL1, 0x1021011010011011), 0x1021001010010011,
		  "ID_AA64MMFR2_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ISAR0_EL1, 0x1221111110212120), 0x1221111110212120,
		  "ID_AA64ISAR0_EL1");
	/* API 1 and GPI 1: pointer authentication is supported. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ISAR1_EL1, 0x0011111110211102), 0x0011111110211102,
		  "ID_AA64ISAR1_EL1");
	/* AArch32: CSV2 2 -> 1, RAS 1 hidden; Virtualization 1 hidden; MMapTrc 1 hidden. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_PFR0_EL1, 0x11020131), 0x01010131, "ID_PFR0_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_PFR1_EL1, 0x10011001), 0x10010001, "ID_PFR1_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_DFR0_EL1, 0x06010009), 0x06000009, "ID_DFR0_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_MVFR0_EL1, 0x10110222), 0x10110222, "MVFR0_EL1");
	case_end("QEMU -cpu max: SVE, SME, RAS, EL2, HCX, FWB hidden, CSV2 and PARange lowered");
}

static void test_every_field(void)
{
	case_begin();
	/*
	 * CSV3 f, CSV2 1, RME 0, DIT f, AMU 0, MPAM 0, SEL2 0, SVE 0, RAS 0, GIC f,
	 * AdvSIMD f, FP f, EL3 f, EL2 0, EL1 1, EL0 f.
	 */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64PFR0_EL1, ALL_ONES), 0xf10f00000ffff01f,
		  "ID_AA64PFR0_EL1 all ones");
	/* BT and SSBS only: MTE, SME, NMI, GCS, the _frac fields... all 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64PFR1_EL1, ALL_ONES), 0xff,
		  "ID_AA64PFR1_EL1 all ones");
	/* Bits 3:0 reserved, TME 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ISAR0_EL1, ALL_ONES), 0xfffffffff0fffff0,
		  "ID_AA64ISAR0_EL1 all ones");
	/* LS64 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ISAR1_EL1, ALL_ONES), 0x0fffffffffffffff,
		  "ID_AA64ISAR1_EL1 all ones");
	/* ATS1A, bits 47:44, SYSINSTR_128, SYSREG_128, MOPS 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64ISAR2_EL1, ALL_ONES), 0x0fff0f00fff0ffff,
		  "ID_AA64ISAR2_EL1 all ones");
	/* ECV 1, FGT 0, bits 55:48 0, PARange 5. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR0_EL1, ALL_ONES), 0x1000fffffffffff5,
		  "ID_AA64MMFR0_EL1 all ones");
	/* HCX, TWED, XNX, VH, VMIDBits 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR1_EL1, ALL_ONES), 0xfffff0f00ffff00f,
		  "ID_AA64MMFR1_EL1 all ones");
	/* EVT, bits 47:44, FWB, NV, IESB 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR2_EL1, ALL_ONES), 0xf0ff00fff0ff0fff,
		  "ID_AA64MMFR2_EL1 all ones");
	/*
	 * HPMN0, ExtTrcBuff, BRBE 0, MTPMU f, TraceBuffer, TraceFilt 0, DoubleLock f,
	 * PMSVer 0, CTX_CMPs f, SEBEP 0, WRPs f, PMSS 0, BRPs f, PMUVer f, TraceVer 0,
	 * DebugVer f.
	 */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64DFR0_EL1, ALL_ONES), 0x000f00f0f0f0ff0f,
		  "ID_AA64DFR0_EL1 all ones");
	/* AArch32: only the listed fields change. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_PFR0_EL1, ALL_ONES), 0xffffffff0f01ffff,
		  "ID_PFR0_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_PFR1_EL1, ALL_ONES), 0xfffffffff00f0f0f,
		  "ID_PFR1_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_PFR2_EL1, ALL_ONES), 0xfffffffffffff0ff,
		  "ID_PFR2_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_DFR0_EL1, ALL_ONES), 0xffffffff0ff00fff,
		  "ID_DFR0_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_DFR1_EL1, ALL_ONES), 0xffffffffffffff0f,
		  "ID_DFR1_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_MMFR4_EL1, ALL_ONES), 0xffffffff0ffff0ff,
		  "ID_MMFR4_EL1 all ones");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_ISAR5_EL1, 0x12345678), 0x12345678, "ID_ISAR5_EL1");
	case_end("every field of every register: passed, replaced or lowered as documented");
}

static void test_lowering_keeps_lower_values(void)
{
	case_begin();
	/* CSV2 0 stays 0; PARange 2 (40 bits) stays 2; ECV 0 stays 0. */
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64PFR0_EL1, 0x0000000000000011), 0x11,
		  "ID_AA64PFR0_EL1 CSV2 0");
	CHECK_U64(id_reg_sanitise(SYSREG_ID_AA64MMFR0_EL1, 0x2), 0x2, "PARange 40 bits");
	case_end("AT_MOST fields below their limit are not raised");
}

static void test_unknown_and_outside(void)
{
	static const uint32_t zero[] = {
		SYSREG_ID_AA64ZFR0_EL1,	 SYSREG_ID_AA64SMFR0_EL1,  SYSREG_ID_AA64DFR1_EL1,
		SYSREG_ID_AA64AFR0_EL1,	 SYSREG_ID_AA64AFR1_EL1,   SYSREG_ID_AA64PFR2_EL1,
		SYSREG_ID_AA64FPFR0_EL1, SYSREG_ID_AA64ISAR3_EL1,  SYSREG_ID_AA64MMFR3_EL1,
		SYSREG_ID_AFR0_EL1,	 SYSREG_ID(3, 0, 0, 3, 7), SYSREG_ID(3, 0, 0, 7, 7),
	};

	case_begin();
	for (uint32_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		CHECK(id_reg_in_tid3_space(zero[i]), "0x%x is in the TID3 space", zero[i]);
		CHECK_U64(id_reg_sanitise(zero[i], ALL_ONES), 0, "unlisted register reads 0");
	}
	/* MIDR_EL1 (CRm 0), CRm 8, op1 1 (CCSIDR_EL1), CRn 1 (SCTLR_EL1) are not TID3's. */
	CHECK(!id_reg_in_tid3_space(SYSREG_ID(3, 0, 0, 0, 0)), "MIDR_EL1");
	CHECK(!id_reg_in_tid3_space(SYSREG_ID(3, 0, 0, 8, 0)), "CRm 8");
	CHECK(!id_reg_in_tid3_space(SYSREG_ID(3, 1, 0, 0, 0)), "CCSIDR_EL1");
	CHECK(!id_reg_in_tid3_space(SYSREG_ID(3, 0, 1, 0, 0)), "SCTLR_EL1");
	CHECK(!id_reg_in_tid3_space(SYSREG_ID(2, 0, 0, 4, 0)), "op0 2");
	CHECK(id_reg_in_tid3_space(SYSREG_ID(3, 0, 0, 1, 0)), "ID_PFR0_EL1");
	CHECK_U64(id_reg_sanitise(SYSREG_ID(3, 0, 0, 0, 0), ALL_ONES), 0, "outside: 0");
	case_end("registers without a rule and encodings outside the space read 0");
}

static void test_pauth_detection(void)
{
	case_begin();
	CHECK(!id_has_pauth(0, 0), "none");
	CHECK(id_has_pauth(UL(1) << ID_AA64ISAR1_APA_SHIFT, 0), "APA");
	CHECK(id_has_pauth(UL(1) << ID_AA64ISAR1_API_SHIFT, 0), "API");
	CHECK(id_has_pauth(UL(1) << ID_AA64ISAR1_GPI_SHIFT, 0), "GPI");
	CHECK(id_has_pauth(0, UL(1) << ID_AA64ISAR2_APA3_SHIFT), "APA3");
	CHECK(!id_has_pauth(~(UL(0xff) << 4 | UL(0xff) << 24), ~(UL(0xff) << 8)),
	      "other fields are not pointer authentication");
	case_end("pointer authentication detection: APA, API, GPA, GPI, APA3, GPA3");
}

int main(void)
{
	test_qemu_max();
	test_every_field();
	test_lowering_keeps_lower_values();
	test_unknown_and_outside();
	test_pauth_detection();
	return check_summary("id_regs");
}
