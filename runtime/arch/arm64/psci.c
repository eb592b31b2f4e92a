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
