/* SPDX-License-Identifier: MIT */
/*
 * PSCI client (Arm Power State Coordination Interface, DEN0022). The conduit (SMC or
 * HVC) comes from the /psci node's "method"; SMC when the tree does not say.
 */
#ifndef KIT_PSCI_H
#define KIT_PSCI_H

#include <stdint.h>

#include "kit/fdt.h"

/* Function IDs (DEN0022, 5.1): SMC32 for argument-less calls, SMC64 where addresses pass. */
#define PSCI_FN_VERSION	      0x84000000u
#define PSCI_FN_CPU_SUSPEND   0xc4000001u
#define PSCI_FN_CPU_OFF	      0x84000002u
#define PSCI_FN_CPU_ON	      0xc4000003u
#define PSCI_FN_AFFINITY_INFO 0xc4000004u
#define PSCI_FN_SYSTEM_OFF    0x84000008u
#define PSCI_FN_SYSTEM_RESET  0x84000009u
#define PSCI_FN_FEATURES      0x8400000au

/* Return codes (DEN0022, 5.2.2). */
enum psci_ret {
	PSCI_SUCCESS = 0,
	PSCI_NOT_SUPPORTED = -1,
	PSCI_INVALID_PARAMETERS = -2,
	PSCI_DENIED = -3,
	PSCI_ALREADY_ON = -4,
	PSCI_ON_PENDING = -5,
	PSCI_INTERNAL_FAILURE = -6,
	PSCI_NOT_PRESENT = -7,
	PSCI_DISABLED = -8,
	PSCI_INVALID_ADDRESS = -9,
};

/* AFFINITY_INFO results (DEN0022, 5.7). */
enum psci_affinity_state {
	PSCI_AFFINITY_ON = 0,
	PSCI_AFFINITY_OFF = 1,
	PSCI_AFFINITY_ON_PENDING = 2,
};

enum psci_conduit {
	PSCI_CONDUIT_SMC,
	PSCI_CONDUIT_HVC,
};

/* Reads the conduit from the tree (fdt may be NULL); returns the one chosen. */
enum psci_conduit psci_init(const struct fdt *fdt);
enum psci_conduit psci_conduit(void);

/* Raw call: x0 = fn, x1..x3 = args; returns x0. */
uint64_t psci_call(uint32_t fn, uint64_t arg1, uint64_t arg2, uint64_t arg3);

/* (major << 16) | minor, or a negative error. */
int32_t psci_version(void);
int32_t psci_features(uint32_t fn);
int32_t psci_cpu_on(uint64_t target_mpidr, uint64_t entry_pa, uint64_t context_id);
/* Returns only on failure. */
int32_t psci_cpu_off(void);
/* A psci_affinity_state, or a negative error. lowest_level 0 asks about one CPU. */
int32_t psci_affinity_info(uint64_t target_mpidr, uint32_t lowest_level);
/* Return only on failure. */
int32_t psci_system_off(void);
int32_t psci_system_reset(void);

/*
 * cellforge's result call (docs/run-status.md): a vendor-specific hypervisor service
 * call (SMCCC DEN0028, owning entity 6, fast SMC32). w1 = the guest's result: 0
 * passed, 1..99 failed with that code, which `./cellforge run` exits with once every
 * cell has stopped. The guest runs on; the last report before the cell powers off
 * counts. SUCCESS, or INVALID_PARAMETERS above 99 (then recorded as 99).
 */
#define CELLFORGE_FN_RESULT 0x86000001u
#define CELLFORGE_RESULT_MAX 99u

static inline int32_t cellforge_report_result(uint32_t result)
{
	return (int32_t)psci_call(CELLFORGE_FN_RESULT, result, 0, 0);
}

/* "SUCCESS", "DENIED", ... */
const char *psci_strerror(int32_t ret);

#endif
