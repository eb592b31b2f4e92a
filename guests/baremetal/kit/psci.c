// SPDX-License-Identifier: MIT
#include "kit/arch.h"
#include "kit/psci.h"
#include "kit/string.h"

static enum psci_conduit conduit = PSCI_CONDUIT_SMC;

enum psci_conduit psci_init(const struct fdt *fdt)
{
	int node;
	const char *method;

	conduit = PSCI_CONDUIT_SMC;
	if (!fdt)
		return conduit;
	node = fdt_path_offset(fdt, "/psci", 5);
	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "arm,psci");
	if (node < 0)
		return conduit;
	method = fdt_prop_string(fdt, node, "method");
	if (method && strcmp(method, "hvc") == 0)
		conduit = PSCI_CONDUIT_HVC;
	return conduit;
}

enum psci_conduit psci_conduit(void)
{
	return conduit;
}

uint64_t psci_call(uint32_t fn, uint64_t arg1, uint64_t arg2, uint64_t arg3)
{
	/* SMCCC (DEN0028): arguments and result in x0..x3; x4..x17 may be clobbered (v1.0). */
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = arg1;
	register uint64_t x2 __asm__("x2") = arg2;
	register uint64_t x3 __asm__("x3") = arg3;

	if (conduit == PSCI_CONDUIT_HVC)
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

int32_t psci_version(void)
{
	return (int32_t)psci_call(PSCI_FN_VERSION, 0, 0, 0);
}

int32_t psci_features(uint32_t fn)
{
	return (int32_t)psci_call(PSCI_FN_FEATURES, fn, 0, 0);
}

int32_t psci_cpu_on(uint64_t target_mpidr, uint64_t entry_pa, uint64_t context_id)
{
	/* What the new CPU reads (its entry data) must be visible before it starts. */
	dsb_sy();
	return (int32_t)psci_call(PSCI_FN_CPU_ON, target_mpidr, entry_pa, context_id);
}

int32_t psci_cpu_off(void)
{
	return (int32_t)psci_call(PSCI_FN_CPU_OFF, 0, 0, 0);
}

int32_t psci_affinity_info(uint64_t target_mpidr, uint32_t lowest_level)
{
	return (int32_t)psci_call(PSCI_FN_AFFINITY_INFO, target_mpidr, lowest_level, 0);
}

int32_t psci_system_off(void)
{
	return (int32_t)psci_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
}

int32_t psci_system_reset(void)
{
	return (int32_t)psci_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
}

const char *psci_strerror(int32_t ret)
{
	switch (ret) {
	case PSCI_SUCCESS:
		return "SUCCESS";
	case PSCI_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS:
		return "INVALID_PARAMETERS";
	case PSCI_DENIED:
		return "DENIED";
	case PSCI_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_ON_PENDING:
		return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_DISABLED:
		return "DISABLED";
	case PSCI_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	default:
		return ret > 0 ? "positive (not an error code)" : "unknown error";
	}
}
