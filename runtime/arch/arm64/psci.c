// SPDX-License-Identifier: MIT
#include "arch/arm64/psci.h"
#include "cell_config.h"

static uint32_t psci_conduit = CF_PSCI_SMC;

void psci_init(uint32_t conduit)
{
	psci_conduit = conduit;
}

/*
 * SMC Calling Convention (DEN 0028): function ID in x0, arguments in x1-x3,
 * result in x0. Callers of SMCCC v1.0 firmware must assume x0-x17 are
 * clobbered, so they are all listed.
 */
static uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (psci_conduit == CF_PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return x0;
}

uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
}

int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int32_t)psci_call(PSCI_0_2_FN64_CPU_ON, mpidr, entry, context);
}

void psci_cpu_off(void)
{
	psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

int32_t smccc_call1(uint32_t fn, uint64_t arg)
{
	return (int32_t)psci_call(fn, arg, 0, 0);
}

/*
 * SMCCC_VERSION exists from SMCCC 1.1; firmware that predates it may not
 * even return NOT_SUPPORTED for it, so PSCI 1.0's PSCI_FEATURES is asked
 * first. Without it the firmware is SMCCC 1.0 and offers no workaround.
 */
void smccc_discover(struct smccc_firmware *fw)
{
	static const uint32_t workarounds[3] = {
		SMCCC_FN_ARCH_WORKAROUND_1,
		SMCCC_FN_ARCH_WORKAROUND_2,
		SMCCC_FN_ARCH_WORKAROUND_3,
	};
	uint32_t psci = psci_version();
	int32_t version;

	fw->psci_features_smccc = SMCCC_RET_NOT_SUPPORTED;
	fw->version = 0x10000;
	for (uint32_t i = 0; i < ARRAY_SIZE(workarounds); i++)
		fw->workaround[i] = SMCCC_RET_NOT_SUPPORTED;
	if ((int32_t)psci < 0 || (psci >> 16) < 1)
		return;
	fw->psci_features_smccc =
		(int32_t)psci_call(PSCI_1_0_FN_PSCI_FEATURES, SMCCC_FN_VERSION, 0, 0);
	if (fw->psci_features_smccc != PSCI_SUCCESS)
		return;
	version = (int32_t)psci_call(SMCCC_FN_VERSION, 0, 0, 0);
	if (version > 0)
		fw->version = version;
	if (version < SMCCC_VERSION_1_1)
		return;
	for (uint32_t i = 0; i < ARRAY_SIZE(workarounds); i++)
		fw->workaround[i] =
			(int32_t)psci_call(SMCCC_FN_ARCH_FEATURES, workarounds[i], 0, 0);
}

const char *psci_error_name(int32_t status)
{
	static const char *const names[] = {
		"SUCCESS",    "NOT_SUPPORTED",	 "INVALID_PARAMETERS", "DENIED",
		"ALREADY_ON", "ON_PENDING",	 "INTERNAL_FAILURE",   "NOT_PRESENT",
		"DISABLED",   "INVALID_ADDRESS",
	};

	if (status <= 0 && -status < (int32_t)ARRAY_SIZE(names))
		return names[-status];
	return "unknown PSCI status";
}
