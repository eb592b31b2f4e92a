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

#define PSCI_0_2_FN_PSCI_VERSION 0x84000000u
#define PSCI_0_2_FN64_CPU_ON	 0xc4000003u
#define PSCI_0_2_FN_CPU_OFF	 0x84000002u
#define PSCI_0_2_FN_SYSTEM_OFF	 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u

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

/* "DENIED", "ALREADY_ON", ... for reports. */
const char *psci_error_name(int32_t status);

#endif
