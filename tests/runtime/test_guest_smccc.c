// SPDX-License-Identifier: MIT
/*
 * Host tests of the SMCCC workaround answers cells get (runtime/core/guest_smccc.c)
 * for every firmware answer DEN 0028 defines.
 */
#include "check.h"
#include "core/guest_smccc.h"

static struct smccc_firmware firmware(int32_t wa1, int32_t wa2, int32_t wa3)
{
	struct smccc_firmware fw = {
		.psci_features_smccc = 0, .version = 0x10001, .workaround = {wa1, wa2, wa3}};

	return fw;
}

static void test_features(void)
{
	struct smccc_firmware none = firmware(-1, -1, -1), needed = firmware(0, 0, 0);
	struct smccc_firmware unaffected = firmware(1, 1, 1), wa2_static = firmware(1, -2, 1);

	case_begin();
	CHECK_INT(guest_smccc_workaround_feature(&none, SMCCC_FN_ARCH_WORKAROUND_1), -1,
		  "WA1 none");
	CHECK_INT(guest_smccc_workaround_feature(&none, SMCCC_FN_ARCH_WORKAROUND_2), -1,
		  "WA2 none");
	CHECK_INT(guest_smccc_workaround_feature(&none, SMCCC_FN_ARCH_WORKAROUND_3), -1,
		  "WA3 none");
	CHECK_INT(guest_smccc_workaround_feature(&needed, SMCCC_FN_ARCH_WORKAROUND_1), 0,
		  "WA1 needed: offered, run on every exit");
	/* The hypervisor enabled the dynamic mitigation for good: not required for a guest. */
	CHECK_INT(guest_smccc_workaround_feature(&needed, SMCCC_FN_ARCH_WORKAROUND_2), -2,
		  "WA2 dynamic: not required");
	CHECK_INT(guest_smccc_workaround_feature(&needed, SMCCC_FN_ARCH_WORKAROUND_3), 0,
		  "WA3 needed");
	CHECK_INT(guest_smccc_workaround_feature(&unaffected, SMCCC_FN_ARCH_WORKAROUND_1), 1,
		  "WA1 not affected");
	CHECK_INT(guest_smccc_workaround_feature(&unaffected, SMCCC_FN_ARCH_WORKAROUND_2), 1,
		  "WA2 not affected");
	CHECK_INT(guest_smccc_workaround_feature(&unaffected, SMCCC_FN_ARCH_WORKAROUND_3), 1,
		  "WA3 not affected");
	CHECK_INT(guest_smccc_workaround_feature(&wa2_static, SMCCC_FN_ARCH_WORKAROUND_2), -2,
		  "WA2 not required");
	/* Unknown firmware answers are never passed on as if they meant something. */
	struct smccc_firmware odd = firmware(7, 3, -2);
	CHECK_INT(guest_smccc_workaround_feature(&odd, SMCCC_FN_ARCH_WORKAROUND_1), -1, "WA1 7");
	CHECK_INT(guest_smccc_workaround_feature(&odd, SMCCC_FN_ARCH_WORKAROUND_2), -1, "WA2 3");
	CHECK_INT(guest_smccc_workaround_feature(&odd, SMCCC_FN_ARCH_WORKAROUND_3), -1, "WA3 -2");
	case_end("SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_n) follows the CPU's firmware");
}

static void test_calls(void)
{
	struct smccc_firmware none = firmware(-1, -1, -1), needed = firmware(0, 0, 0);

	case_begin();
	CHECK_INT(guest_smccc_workaround_call(&none, SMCCC_FN_ARCH_WORKAROUND_1), -1, "WA1 none");
	CHECK_INT(guest_smccc_workaround_call(&needed, SMCCC_FN_ARCH_WORKAROUND_1), 0, "WA1");
	CHECK_INT(guest_smccc_workaround_call(&needed, SMCCC_FN_ARCH_WORKAROUND_2), 0, "WA2");
	CHECK_INT(guest_smccc_workaround_call(&needed, SMCCC_FN_ARCH_WORKAROUND_3), 0, "WA3");
	CHECK(guest_smccc_is_workaround(SMCCC_FN_ARCH_WORKAROUND_2), "WA2 is a workaround");
	CHECK(!guest_smccc_is_workaround(SMCCC_FN_ARCH_FEATURES), "ARCH_FEATURES is not");
	case_end("ARCH_WORKAROUND_n calls");
}

static void test_exit_workaround(void)
{
	struct smccc_firmware none = firmware(-1, -1, -1), both = firmware(0, 0, 0);
	struct smccc_firmware only1 = firmware(0, -1, -1), only3 = firmware(-1, -1, 0);
	struct smccc_firmware unaffected = firmware(1, 1, 1);

	case_begin();
	CHECK_U64(guest_smccc_exit_workaround(&none), 0, "firmware offers none");
	CHECK_U64(guest_smccc_exit_workaround(&unaffected), 0, "CPU not affected");
	CHECK_U64(guest_smccc_exit_workaround(&both), SMCCC_FN_ARCH_WORKAROUND_3, "3 covers 1");
	CHECK_U64(guest_smccc_exit_workaround(&only1), SMCCC_FN_ARCH_WORKAROUND_1, "only 1");
	CHECK_U64(guest_smccc_exit_workaround(&only3), SMCCC_FN_ARCH_WORKAROUND_3, "only 3");
	case_end("the firmware call made on guest exits");
}

int main(void)
{
	test_features();
	test_calls();
	test_exit_workaround();
	return check_summary("guest_smccc");
}
