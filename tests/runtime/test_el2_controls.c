// SPDX-License-Identifier: MIT
/*
 * Host tests of the feature-dependent EL2 controls (runtime/arch/arm64/
 * el2_controls.c): HCR_EL2, CPTR_EL2 and MDCR_EL2 on an Armv8.0 core (QEMU's
 * cortex-a57), on QEMU 7.2's -cpu max and on made-up CPUs with one feature each.
 */
#include <stdint.h>

#include "arch/arm64/el2_controls.h"
#include "arch/arm64/id_regs.h"
#include "arch/arm64/sysreg.h"
#include "check.h"

#define BASE (HCR_EL2_VM | HCR_EL2_TID3)

/* QEMU 7.2 cortex-a57: Armv8.0, PMUv3 (PMUVer 1), no RAS, no PAuth. */
static const struct cpu_ids a57 = {
	.pfr0 = 0x00002222,
	.dfr0 = 0x10305106,
	.mmfr0 = 0x00001124,
};

/* QEMU 7.2 max,pauth-impdef=on, as read by guests/baremetal/cpufeat.c. */
static const struct cpu_ids max = {
	.pfr0 = 0x1201001121110222,
	.pfr1 = 0x0000000001000021,
	.dfr0 = 0x0000000010305609,
	.isar1 = 0x0011111110211102,
	.mmfr0 = 0x0000032310201126,
	.mmfr1 = 0x0000011010211122,
};

static struct cpu_ids with_dfr0(uint64_t dfr0)
{
	struct cpu_ids ids = a57;

	ids.dfr0 = dfr0;
	return ids;
}

static void test_armv8_0(void)
{
	case_begin();
	CHECK_U64(el2_hcr(BASE, &a57), BASE, "HCR_EL2: nothing added");
	CHECK_U64(el2_cptr(&a57), CPTR_EL2_RES1, "CPTR_EL2: the RES1 bits (TZ, TSM among them)");
	CHECK_U64(el2_mdcr(&a57, 6), 6, "MDCR_EL2: HPMN only (HPMD is RES0 before PMUv3p1)");
	CHECK(!cpu_has_fgt(&a57) && !cpu_has_hcx(&a57) && !cpu_has_pauth(&a57), "no FGT/HCX/PAuth");
	case_end("Armv8.0: no bit of a feature the CPU lacks");
}

static void test_qemu_max(void)
{
	case_begin();
	CHECK_U64(el2_hcr(BASE, &max), BASE | HCR_EL2_TERR | HCR_EL2_API | HCR_EL2_APK,
		  "HCR_EL2: TERR (RAS 2), API/APK (API 1)");
	CHECK(!(el2_hcr(BASE, &max) & HCR_EL2_ATA), "HCR_EL2.ATA stays clear");
	CHECK_U64(el2_cptr(&max), CPTR_EL2_RES1 | CPTR_EL2_TZ | CPTR_EL2_TSM,
		  "CPTR_EL2: SVE and SME trap, FP does not");
	CHECK(!(el2_cptr(&max) & CPTR_EL2_TFP), "FP/AdvSIMD not trapped");
	CHECK_U64(el2_mdcr(&max, 6), 6 | MDCR_EL2_HPMD | MDCR_EL2_HCCD,
		  "MDCR_EL2: HPMD and HCCD (PMUv3p5)");
	CHECK(cpu_has_hcx(&max), "HCX 1");
	CHECK(!cpu_has_fgt(&max), "FGT 0");
	case_end("QEMU -cpu max: TERR, API/APK, HPMD/HCCD; SVE/SME trapped");
}

static void test_one_feature_each(void)
{
	struct cpu_ids ids;

	case_begin();
	ids = with_dfr0((uint64_t)ID_PMUVER_V3P1 << ID_AA64DFR0_PMUVER_SHIFT);
	CHECK_U64(el2_mdcr(&ids, 31), 31 | MDCR_EL2_HPMD, "PMUv3p1: HPMD, no HCCD");
	ids = with_dfr0((uint64_t)ID_PMUVER_IMPDEF << ID_AA64DFR0_PMUVER_SHIFT);
	CHECK_U64(el2_mdcr(&ids, 0), 0, "IMPLEMENTATION DEFINED PMU: no PMUv3 bits");
	ids = with_dfr0(UL(1) << ID_AA64DFR0_PMSVER_SHIFT);
	CHECK_U64(el2_mdcr(&ids, 0), MDCR_EL2_TPMS, "SPE: TPMS, E2PB 0b00");
	CHECK(cpu_has_spe(&ids), "SPE detected");
	ids = with_dfr0(UL(1) << ID_AA64DFR0_TRACEFILT_SHIFT);
	CHECK_U64(el2_mdcr(&ids, 0), MDCR_EL2_TTRF, "TRF: TTRF");
	ids = with_dfr0(UL(1) << ID_AA64DFR0_TRACEBUF_SHIFT);
	CHECK_U64(el2_mdcr(&ids, 0), 0, "TRBE: E2TB 0b00 (owned by EL2, EL1 traps)");
	CHECK(cpu_has_trbe(&ids), "TRBE detected");
	ids = with_dfr0(UL(1) << ID_AA64DFR0_TRACEVER_SHIFT);
	CHECK_U64(el2_cptr(&ids), CPTR_EL2_RES1 | CPTR_EL2_TTA, "trace unit: TTA");
	ids = a57;
	ids.pfr0 |= UL(1) << ID_AA64PFR0_AMU_SHIFT;
	CHECK_U64(el2_cptr(&ids), CPTR_EL2_RES1 | CPTR_EL2_TAM, "AMU: TAM");
	ids = a57;
	ids.pfr0 |= UL(1) << ID_AA64PFR0_RAS_SHIFT;
	CHECK_U64(el2_hcr(0, &ids), HCR_EL2_TERR, "RAS: TERR");
	ids = a57;
	ids.isar2 = UL(1) << ID_AA64ISAR2_APA3_SHIFT;
	CHECK_U64(el2_hcr(0, &ids), HCR_EL2_API | HCR_EL2_APK, "QARMA3 PAuth: API/APK");
	ids = a57;
	ids.mmfr0 |= UL(1) << ID_AA64MMFR0_FGT_SHIFT;
	CHECK(cpu_has_fgt(&ids), "FGT detected");
	CHECK_U64(el2_mdcr(&a57, 0x3f), 0x1f, "HPMN is 5 bits");
	case_end("one feature at a time: each adds exactly its bits");
}

int main(void)
{
	test_armv8_0();
	test_qemu_max();
	test_one_feature_each();
	return check_summary("el2_controls");
}
