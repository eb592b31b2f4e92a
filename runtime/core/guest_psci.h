/* SPDX-License-Identifier: MIT */
/*
 * PSCI and SMCCC as the cells see them (DEN 0022 PSCI 1.1, DEN 0028 SMCCC
 * 1.1). A guest's SMC never reaches the firmware: the hypervisor answers it
 * within the cell. CPU_ON may only start CPUs of the caller's own cell,
 * SYSTEM_OFF and SYSTEM_RESET act on the cell only.
 *
 * The argument rules are pure functions (host-tested); guest_psci_call()
 * acts on them in the runtime.
 */
#ifndef CELLFORGE_CORE_GUEST_PSCI_H
#define CELLFORGE_CORE_GUEST_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/exception_frame.h"
#include "arch/arm64/psci.h"
#include "cell_config.h"

#define PSCI_FN_PSCI_VERSION	0x84000000u
#define PSCI_FN_CPU_SUSPEND	0x84000001u
#define PSCI_FN_CPU_OFF		0x84000002u
#define PSCI_FN_CPU_ON		0x84000003u
#define PSCI_FN_AFFINITY_INFO	0x84000004u
#define PSCI_FN_SYSTEM_OFF	0x84000008u
#define PSCI_FN_SYSTEM_RESET	0x84000009u
#define PSCI_FN_PSCI_FEATURES	0x8400000au
#define PSCI_FN64_CPU_SUSPEND	0xc4000001u
#define PSCI_FN64_CPU_ON	0xc4000003u
#define PSCI_FN64_AFFINITY_INFO 0xc4000004u
#define SMCCC_FN_VERSION	0x80000000u
#define SMCCC_FN_ARCH_FEATURES	0x80000001u
/* Bit 30 of a function ID: SMC64 calling convention (else 32-bit arguments). */
#define SMCCC_FN_64BIT (1u << 30)

#define PSCI_VERSION_1_1    0x00010001
#define SMCCC_VERSION_1_1   0x00010001
#define SMCCC_NOT_SUPPORTED (-1)

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON	 0
#define PSCI_AFFINITY_OFF	 1
#define PSCI_AFFINITY_ON_PENDING 2

/*
 * CPU_ON checks for a caller in `cell`: target_mpidr must be a board CPU
 * (else INVALID_PARAMETERS) of the same cell (else DENIED), not on or being
 * started (ALREADY_ON / ON_PENDING, from the masks of board CPU indexes),
 * entry a 4-byte aligned address in the cell's RAM (else INVALID_ADDRESS).
 * On SUCCESS *target is the board CPU index.
 */
int32_t guest_psci_cpu_on_check(const struct cf_board *board, const struct cf_cell *cell,
				uint64_t on_mask, uint64_t pending_mask, uint64_t target_mpidr,
				uint64_t entry, uint32_t *target);

/*
 * AFFINITY_INFO checks: lowest_level must be 0 and the target a CPU of the
 * cell (else INVALID_PARAMETERS); returns PSCI_AFFINITY_*.
 */
int32_t guest_psci_affinity_info(const struct cf_board *board, const struct cf_cell *cell,
				 uint64_t on_mask, uint64_t pending_mask, uint64_t target_mpidr,
				 uint64_t lowest_level);

/* PSCI_FEATURES / SMCCC_ARCH_FEATURES answers for a function ID. */
int32_t guest_psci_features(uint32_t fn);
int32_t guest_smccc_arch_features(uint32_t fn);

/* True for function IDs this module answers (PSCI and SMCCC arch calls). */
bool guest_psci_is_known(uint32_t fn);

/*
 * Handles an SMC (or HVC with the HVC conduit) whose function ID is in x0.
 * Returns only when the guest continues; x0 holds the result.
 */
void guest_psci_call(struct exc_frame *frame);

#endif
