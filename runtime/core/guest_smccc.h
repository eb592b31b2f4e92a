/* SPDX-License-Identifier: MIT */
/*
 * The SMCCC CPU workarounds as cells see them (DEN 0028: SMCCC_ARCH_FEATURES
 * of ARCH_WORKAROUND_1/2/3, and the calls). A guest runs on one physical CPU
 * and the answers are that CPU's, derived from what its firmware said
 * (struct smccc_firmware) and what the hypervisor does about it:
 *
 *   WORKAROUND_1/_3  firmware 0 (this PE needs it, call implemented): the
 *                    hypervisor makes the call on every guest exit, so it
 *                    offers it (0) and a guest's call, itself an exit, is
 *                    already served. Firmware 1 (PE not affected): 1, the
 *                    call is a no-op. Otherwise NOT_SUPPORTED.
 *   WORKAROUND_2     firmware 0 (dynamic mitigation): the hypervisor enabled
 *                    it for good at boot, so the truthful answer is
 *                    NOT_REQUIRED (-2) and a call changes nothing. Firmware
 *                    1 or NOT_REQUIRED: passed on. Otherwise NOT_SUPPORTED.
 *
 * Pure logic (host-testable); guest_psci.c calls it.
 */
#ifndef CELLFORGE_CORE_GUEST_SMCCC_H
#define CELLFORGE_CORE_GUEST_SMCCC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/psci.h"

/*
 * The firmware call the hypervisor makes on this CPU's guest exits:
 * ARCH_WORKAROUND_3 where the firmware needs and implements it (it covers
 * _1 too), else ARCH_WORKAROUND_1 where that is needed, else 0 (none).
 */
uint32_t guest_smccc_exit_workaround(const struct smccc_firmware *fw);

/* True for SMCCC_ARCH_WORKAROUND_1, _2 and _3. */
bool guest_smccc_is_workaround(uint32_t fn);
/* SMCCC_ARCH_FEATURES(fn) for a workaround fn, given the CPU's firmware. */
int32_t guest_smccc_workaround_feature(const struct smccc_firmware *fw, uint32_t fn);
/* x0 after the guest called workaround fn: 0 when offered, else NOT_SUPPORTED. */
int32_t guest_smccc_workaround_call(const struct smccc_firmware *fw, uint32_t fn);

#endif
