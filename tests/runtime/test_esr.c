// SPDX-License-Identifier: MIT
/*
 * Host tests of the ESR_EL2 decoder (runtime/arch/arm64/esr.c) that words
 * the hypervisor's exception reports. Syndromes are composed field by field
 * from the Arm ARM's ESR_EL2 layout.
 */
#include <stdint.h>

#include "arch/arm64/esr.h"
#include "buf_sink.h"
#include "check.h"

static const char *describe(uint64_t esr)
{
	static struct buf_sink b;

	b = (struct buf_sink){.sink = {.put = buf_put}};
	esr_describe(&b.sink, esr, "  ");
	return b.text;
}

#define CHECK_HAS(text, needle)                                                                    \
	CHECK(strstr((text), (needle)) != NULL, "missing \"%s\" in:\n%s", (needle), (text))

static uint64_t esr(uint32_t ec, uint64_t iss)
{
	return ((uint64_t)ec << ESR_EC_SHIFT) | ESR_IL | iss;
}

static void test_data_aborts(void)
{
	const char *t;

	case_begin();
	/* Hypervisor read of an unmapped address: translation fault, level 0. */
	t = describe(esr(ESR_EC_DABT_CURRENT, 0x04));
	CHECK_HAS(t, "ESR_EL2 0x96000004: EC 0x25 data abort without a change in exception level");
	CHECK_HAS(t, "DFSC 0x04 translation fault, level 0; read (WnR 0)");
	CHECK_HAS(t, "ISV 0");
	CHECK_HAS(t, "FnV 0 (FAR valid)");

	/* Guest 32-bit store of w3 with a full syndrome, translation fault at level 3. */
	t = describe(esr(ESR_EC_DABT_LOWER,
			 ESR_DABT_ISV | (2u << 22) | (3u << 16) | ESR_DABT_WNR | 0x07));
	CHECK_HAS(t, "EC 0x24 data abort from a lower exception level");
	CHECK_HAS(t, "DFSC 0x07 translation fault, level 3; write (WnR 1)");
	CHECK_HAS(t, "ISV 1: 4-byte access (SAS 2), register w3 (SRT 3, SF 0), SSE 0, AR 0");

	/* 64-bit sign-extending acquire load into x30. */
	t = describe(esr(ESR_EC_DABT_LOWER, ESR_DABT_ISV | (3u << 22) | ESR_DABT_SSE | (30u << 16) |
						    ESR_DABT_SF | ESR_DABT_AR | 0x0d));
	CHECK_HAS(t, "8-byte access (SAS 3), register x30 (SRT 30, SF 1), SSE 1, AR 1");
	CHECK_HAS(t, "DFSC 0x0d permission fault, level 1");

	t = describe(esr(ESR_EC_DABT_CURRENT, ESR_ABT_FNV | ESR_ABT_EA | 0x10));
	CHECK_HAS(t, "DFSC 0x10 synchronous external abort, not on a table walk; read");
	CHECK_HAS(t, "FnV 1 (FAR not valid), EA 1");

	t = describe(esr(ESR_EC_DABT_CURRENT, 0x21 | ESR_DABT_WNR));
	CHECK_HAS(t, "DFSC 0x21 alignment fault; write");
	case_end("data abort syndromes: DFSC, WnR, ISV with SAS/SRT/SF/SSE/AR, FnV, EA");
}

static void test_other_classes(void)
{
	const char *t;

	case_begin();
	t = describe(esr(ESR_EC_IABT_CURRENT, 0x0f | ESR_ABT_S1PTW));
	CHECK_HAS(t, "EC 0x21 instruction abort without a change in exception level");
	CHECK_HAS(t, "IFSC 0x0f permission fault, level 3");
	CHECK_HAS(t, "S1PTW 1");
	CHECK(strstr(t, "WnR") == NULL, "instruction aborts have no WnR:\n%s", t);

	/* MRS x2, MPIDR_EL1 (S3_0_C0_C0_5) trapped. */
	t = describe(esr(ESR_EC_SYSREG, (3u << 20) | (5u << 17) | (0u << 14) | (0u << 10) |
						(2u << 5) | (0u << 1) | 1u));
	CHECK_HAS(t, "EC 0x18 trapped MSR, MRS or system instruction");
	CHECK_HAS(t, "MRS (read) MPIDR_EL1 (S3_0_C0_C0_5), register x2");

	/* MSR S3_1_C15_C2_0, x7: implementation defined, named as such. */
	t = describe(esr(ESR_EC_SYSREG, (3u << 20) | (0u << 17) | (1u << 14) | (15u << 10) |
						(7u << 5) | (2u << 1) | 0u));
	CHECK_HAS(t, "MSR (write) an IMPLEMENTATION DEFINED register (S3_1_C15_C2_0), register x7");

	/* An encoding with no name: the encoding alone. MRS x1, S3_0_C4_C7_7. */
	t = describe(esr(ESR_EC_SYSREG, (3u << 20) | (7u << 17) | (0u << 14) | (4u << 10) |
						(1u << 5) | (7u << 1) | 1u));
	CHECK_HAS(t, "MRS (read) S3_0_C4_C7_7, register x1");

	/* DC ISW, x3 (SYS 1, 0, C7, C6, 2), trapped by HCR_EL2.TSW. */
	t = describe(esr(ESR_EC_SYSREG, (1u << 20) | (2u << 17) | (0u << 14) | (7u << 10) |
						(3u << 5) | (6u << 1) | 0u));
	CHECK_HAS(t, "SYS (system instruction) DC ISW (S1_0_C7_C6_2), register x3");

	t = describe(esr(ESR_EC_HVC64, 0x4711));
	CHECK_HAS(t, "EC 0x16 HVC from AArch64");
	CHECK_HAS(t, "immediate #0x4711");

	t = describe(((uint64_t)0x3f << ESR_EC_SHIFT) | 0x1234);
	CHECK_HAS(t, "EC 0x3f reserved exception class, 16-bit instruction");
	CHECK_HAS(t, "ISS 0x0001234");

	t = describe(esr(ESR_EC_UNKNOWN, 0));
	CHECK_HAS(t, "EC 0x00 unknown reason");
	case_end("instruction aborts, system register traps, HVC, reserved classes");
}

static void test_fault_codes(void)
{
	case_begin();
	CHECK_INT(esr_fault_level(0x04), 0, "translation level 0");
	CHECK_INT(esr_fault_level(0x0b), 3, "access flag level 3");
	CHECK_INT(esr_fault_level(0x2b), -1, "translation level -1");
	CHECK_INT(esr_fault_level(0x10), ESR_NO_LEVEL, "external abort has no level");
	CHECK_INT(esr_fault_level(0x21), ESR_NO_LEVEL, "alignment has no level");
	CHECK_STR(esr_fault_status_name(0x17), "synchronous external abort on a table walk",
		  "external abort on walk, level 3");
	CHECK_STR(esr_fault_status_name(0x3f), "reserved fault status code", "reserved");
	CHECK_STR(esr_class_name(0x2f), "SError interrupt", "SError");
	case_end("fault status codes and levels");
}

int main(void)
{
	test_data_aborts();
	test_other_classes();
	test_fault_codes();
	return check_summary("esr");
}
