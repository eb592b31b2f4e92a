// SPDX-License-Identifier: MIT
#include "core/guest_smccc.h"

static int32_t firmware_answer(const struct smccc_firmware *fw, uint32_t fn)
{
	switch (fn) {
	case SMCCC_FN_ARCH_WORKAROUND_1:
		return fw->workaround[0];
	case SMCCC_FN_ARCH_WORKAROUND_2:
		return fw->workaround[1];
	case SMCCC_FN_ARCH_WORKAROUND_3:
		return fw->workaround[2];
	default:
		return SMCCC_RET_NOT_SUPPORTED;
	}
}

uint32_t guest_smccc_exit_workaround(const struct smccc_firmware *fw)
{
	if (fw->workaround[2] == SMCCC_RET_SUCCESS)
		return SMCCC_FN_ARCH_WORKAROUND_3;
	if (fw->workaround[0] == SMCCC_RET_SUCCESS)
		return SMCCC_FN_ARCH_WORKAROUND_1;
	return 0;
}

bool guest_smccc_is_workaround(uint32_t fn)
{
	return fn == SMCCC_FN_ARCH_WORKAROUND_1 || fn == SMCCC_FN_ARCH_WORKAROUND_2 ||
	       fn == SMCCC_FN_ARCH_WORKAROUND_3;
}

int32_t guest_smccc_workaround_feature(const struct smccc_firmware *fw, uint32_t fn)
{
	int32_t answer = firmware_answer(fw, fn);

	if (fn == SMCCC_FN_ARCH_WORKAROUND_2) {
		if (answer == SMCCC_RET_SUCCESS)
			return SMCCC_RET_NOT_REQUIRED;
		if (answer == SMCCC_ARCH_WORKAROUND_NOT_AFFECTED ||
		    answer == SMCCC_RET_NOT_REQUIRED)
			return answer;
		return SMCCC_RET_NOT_SUPPORTED;
	}
	if (answer == SMCCC_RET_SUCCESS || answer == SMCCC_ARCH_WORKAROUND_NOT_AFFECTED)
		return answer;
	return SMCCC_RET_NOT_SUPPORTED;
}

int32_t guest_smccc_workaround_call(const struct smccc_firmware *fw, uint32_t fn)
{
	return guest_smccc_workaround_feature(fw, fn) == SMCCC_RET_NOT_SUPPORTED
		       ? SMCCC_RET_NOT_SUPPORTED
		       : SMCCC_RET_SUCCESS;
}
