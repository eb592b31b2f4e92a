// SPDX-License-Identifier: MIT
/*
 * Host tests of data-abort decoding (runtime/arch/arm64/dabt.c): the IPA from
 * HPFAR_EL2 and FAR_EL2, the syndrome fields, the store value and the
 * register write-back rules for loads (sign extension, W registers, XZR).
 */
#include <stdint.h>
#include <string.h>

#include "arch/arm64/dabt.h"
#include "arch/arm64/esr.h"
#include "check.h"

/* ESR for a lower-EL data abort with a valid syndrome. */
static uint64_t dabt_esr(uint32_t sas, bool sse, uint32_t srt, bool sf, bool write)
{
	return ((uint64_t)ESR_EC_DABT_LOWER << ESR_EC_SHIFT) | ESR_IL | ESR_DABT_ISV |
	       ((uint64_t)sas << 22) | (sse ? ESR_DABT_SSE : 0) | ((uint64_t)srt << 16) |
	       (sf ? ESR_DABT_SF : 0) | (write ? ESR_DABT_WNR : 0) | 0x07;
}

static void test_ipa(void)
{
	case_begin();
	/* HPFAR holds IPA[47:12] in bits [43:4]. */
	CHECK_U64(dabt_fault_ipa(0xffff000012345abc, 0x0a0030), 0x0a003abc, "page from HPFAR");
	CHECK_U64(dabt_fault_ipa(0x0abc, (UINT64_C(0xfffffffff) << 4)), 0xfffffffff000 | 0xabc,
		  "IPA bit 47");
	CHECK_U64(dabt_fault_ipa(0x1, UINT64_C(0xf) << 60), 0x1, "HPFAR bits above FIPA ignored");
	case_end("IPA = HPFAR_EL2.FIPA << 8 | FAR_EL2[11:0]");
}

static void test_decode(void)
{
	struct dabt_info d;

	case_begin();
	dabt_decode(dabt_esr(2, false, 3, false, true), 0x9000000, 0x90000, &d);
	CHECK(d.isv && d.write && !d.reg64 && !d.sign_extend, "str w3 flags");
	CHECK_INT(d.size, 4, "size");
	CHECK_INT(d.reg, 3, "register");
	CHECK_U64(d.ipa, 0x09000000, "ipa");
	CHECK(dabt_emulatable(&d), "emulatable");

	dabt_decode(dabt_esr(0, true, 31, true, false), 0x18, 0x90000, &d);
	CHECK(d.isv && !d.write && d.reg64 && d.sign_extend, "ldrsb x flags");
	CHECK_INT(d.size, 1, "size");
	CHECK_INT(d.reg, 31, "xzr");
	CHECK_U64(d.ipa, 0x09000018, "ipa");

	dabt_decode(((uint64_t)ESR_EC_DABT_LOWER << ESR_EC_SHIFT) | ESR_IL | 0x07, 0, 0, &d);
	CHECK(!d.isv && !dabt_emulatable(&d), "ISV=0 is not emulated");
	dabt_decode(dabt_esr(3, false, 1, true, false) | ESR_ABT_S1PTW, 0, 0, &d);
	CHECK(!dabt_emulatable(&d), "stage-1 walk is not emulated");
	dabt_decode(dabt_esr(3, false, 1, true, true) | ESR_DABT_CM, 0, 0, &d);
	CHECK(!dabt_emulatable(&d), "cache maintenance is not emulated");
	for (uint32_t fsc = 0; fsc < 64; fsc++) {
		bool translation = (fsc >= 0x04 && fsc <= 0x07) || fsc == 0x2b;

		dabt_decode((dabt_esr(2, false, 1, false, false) & ~UINT64_C(0x3f)) | fsc, 0, 0, &d);
		CHECK_INT(d.fsc, fsc, "DFSC decoded");
		CHECK(dabt_emulatable(&d) == translation,
		      "DFSC 0x%02x: only stage-2 translation faults are emulated (HPFAR valid)", fsc);
	}
	case_end("syndrome fields: SAS, SSE, SRT, SF, WnR, ISV, S1PTW, CM, DFSC");
}

static void test_store_value(void)
{
	uint64_t regs[31];
	struct dabt_info d;
	struct mmio_access a;

	case_begin();
	for (uint32_t i = 0; i < 31; i++)
		regs[i] = 0x1122334455667788u + i;
	dabt_decode(dabt_esr(0, false, 2, false, true), 0x9000000, 0x90000, &d);
	dabt_to_mmio(&d, regs, 5, &a);
	CHECK_U64(a.value, 0x8a, "strb: low byte only");
	CHECK(a.write, "write");
	CHECK_INT(a.cpu, 5, "cpu");
	CHECK_INT(a.size, 1, "size");
	CHECK_U64(a.addr, 0x09000000, "addr");
	dabt_decode(dabt_esr(3, false, 30, true, true), 0, 0, &d);
	dabt_to_mmio(&d, regs, 0, &a);
	CHECK_U64(a.value, 0x1122334455667788u + 30, "str x30: all 64 bits");
	dabt_decode(dabt_esr(2, false, 31, false, true), 0, 0, &d);
	dabt_to_mmio(&d, regs, 0, &a);
	CHECK_U64(a.value, 0, "str wzr stores zero");
	dabt_decode(dabt_esr(2, false, 4, false, false), 0, 0, &d);
	dabt_to_mmio(&d, regs, 0, &a);
	CHECK_U64(a.value, 0, "a load starts with value 0");
	case_end("store value: truncated to the access size, XZR reads as zero");
}

static uint64_t load(uint32_t sas, bool sse, bool sf, uint64_t value)
{
	struct dabt_info d;

	dabt_decode(dabt_esr(sas, sse, 1, sf, false), 0, 0, &d);
	return dabt_load_result(&d, value);
}

static void test_load_rules(void)
{
	uint64_t regs[31];
	struct dabt_info d;

	case_begin();
	CHECK_U64(load(0, false, false, 0xffffff80), 0x80, "ldrb: zero-extended, truncated");
	CHECK_U64(load(0, true, true, 0x80), 0xffffffffffffff80u, "ldrsb x: sign-extended to 64");
	CHECK_U64(load(0, true, false, 0x80), 0xffffff80u, "ldrsb w: sign-extended to 32");
	CHECK_U64(load(0, true, true, 0x7f), 0x7f, "ldrsb x of a positive byte");
	CHECK_U64(load(1, true, true, 0x8000), 0xffffffffffff8000u, "ldrsh x");
	CHECK_U64(load(1, false, false, 0x12348000), 0x8000, "ldrh");
	CHECK_U64(load(2, true, true, 0x80000000), 0xffffffff80000000u, "ldrsw");
	CHECK_U64(load(2, false, false, 0xaabbccdd11223344u), 0x11223344, "ldr w");
	CHECK_U64(load(3, false, true, 0xaabbccdd11223344u), 0xaabbccdd11223344u, "ldr x");

	memset(regs, 0x5a, sizeof(regs));
	dabt_decode(dabt_esr(2, false, 7, false, false), 0, 0, &d);
	dabt_complete_load(&d, regs, 0xdeadbeefcafe0001u);
	CHECK_U64(regs[7], 0xcafe0001, "ldr w7 written back");
	CHECK_U64(regs[6], 0x5a5a5a5a5a5a5a5au, "neighbour untouched");
	dabt_decode(dabt_esr(2, false, 31, false, false), 0, 0, &d);
	dabt_complete_load(&d, regs, 0x1234);
	for (uint32_t i = 0; i < 31; i++)
		CHECK_U64(regs[i], i == 7 ? 0xcafe0001 : 0x5a5a5a5a5a5a5a5au, "load into xzr");
	case_end("load write-back: sign extension (SSE), 32-bit (SF=0), XZR discarded");
}

int main(void)
{
	test_ipa();
	test_decode();
	test_store_value();
	test_load_rules();
	return check_summary("dabt");
}
