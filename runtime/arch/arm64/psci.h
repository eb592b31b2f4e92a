/* SPDX-License-Identifier: MIT */
/*
 * PSCI client: how the hypervisor asks the firmware (EL3, or QEMU's built-in
 * PSCI) to power CPUs on and the machine off. Function IDs and return codes
 * from "Arm Power State Coordination Interface" (DEN 0022), 5.1 and 5.2.
 */
#ifndef CELLFORGE_ARM64_PSCI_H
#define CELLFORGE_ARM64_PSCI_H

#include <stdint.h>

#include "compiler.h"

#define PSCI_0_2_FN_PSCI_VERSION  0x84000000u
#define PSCI_0_2_FN64_CPU_ON	  0xc4000003u
#define PSCI_0_2_FN_CPU_OFF	  0x84000002u
#define PSCI_0_2_FN_SYSTEM_OFF	  0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET  0x84000009u
#define PSCI_1_0_FN_PSCI_FEATURES 0x8400000au

/*
 * SMC Calling Convention arch calls (DEN 0028, SMCCC 1.1+ section 7):
 * discovery (SMCCC_VERSION, SMCCC_ARCH_FEATURES) and the firmware
 * mitigations of CVE-2017-5715 (WORKAROUND_1: branch predictor
 * invalidation), CVE-2018-3639 (WORKAROUND_2: speculative store bypass) and
 * CVE-2017-5715 + CVE-2022-23960 (WORKAROUND_3: branch history as well).
 */
#define SMCCC_FN_VERSION	   0x80000000u
#define SMCCC_FN_ARCH_FEATURES	   0x80000001u
#define SMCCC_FN_ARCH_WORKAROUND_1 0x80008000u
#define SMCCC_FN_ARCH_WORKAROUND_2 0x80007fffu
#define SMCCC_FN_ARCH_WORKAROUND_3 0x80003fffu
#define SMCCC_VERSION_1_1	   0x00010001
#define SMCCC_RET_SUCCESS	   0
#define SMCCC_RET_NOT_SUPPORTED	   (-1)
#define SMCCC_RET_NOT_REQUIRED	   (-2)
/* SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_n) == 1: this PE is not affected. */
#define SMCCC_ARCH_WORKAROUND_NOT_AFFECTED 1

/*
 * What the firmware says about the calling CPU: SMCCC version (0x10000 for
 * 1.0, the only version without discovery) and SMCCC_ARCH_FEATURES of each
 * workaround (DEN 0028 return values; NOT_SUPPORTED without SMCCC 1.1).
 */
struct smccc_firmware {
	int32_t psci_features_smccc; /* PSCI_FEATURES(SMCCC_VERSION), the discovery gate */
	int32_t version;
	int32_t workaround[3]; /* ARCH_WORKAROUND_1, _2, _3 */
};

#define PSCI_SUCCESS		0
#define PSCI_E_NOT_SUPPORTED	(-1)
#define PSCI_E_INVALID_PARAMS	(-2)
#define PSCI_E_DENIED		(-3)
#define PSCI_E_ALREADY_ON	(-4)
#define PSCI_E_ON_PENDING	(-5)
#define PSCI_E_INTERNAL_FAILURE (-6)
#define PSCI_E_NOT_PRESENT	(-7)
#define PSCI_E_DISABLED		(-8)
#define PSCI_E_INVALID_ADDRESS	(-9)

/* Selects SMC or HVC, from cf_board.psci_conduit. */
void psci_init(uint32_t conduit);
/* Major version in bits [31:16], minor in [15:0]. */
uint32_t psci_version(void);
/* Starts the CPU with this MPIDR at entry (physical) with x0 = context. */
int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Powers the calling CPU off; does not return when the firmware obeys. */
void psci_cpu_off(void);
/* Does not return when the firmware obeys. */
void psci_system_off(void);

/* Asks the firmware about the calling CPU (DEN 0028, "Discovery"). */
void smccc_discover(struct smccc_firmware *fw);
/* A fast call with one argument, for the workarounds. */
int32_t smccc_call1(uint32_t fn, uint64_t arg);

/* "DENIED", "ALREADY_ON", ... for reports. */
const char *psci_error_name(int32_t status);

#endif
