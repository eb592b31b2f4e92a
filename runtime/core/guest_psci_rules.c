// SPDX-License-Identifier: MIT
#include "core/guest_psci.h"
#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"
#include "core/run_status.h"

static int32_t board_cpu_of(const struct cf_board *board, uint64_t mpidr)
{
	if (mpidr & ~MPIDR_AFFINITY_MASK)
		return -1;
	for (uint32_t i = 0; i < board->cpu_count && i < CF_MAX_CPUS; i++) {
		if ((board->cpus[i].mpidr & MPIDR_AFFINITY_MASK) == mpidr)
			return (int32_t)i;
	}
	return -1;
}

int32_t guest_psci_cpu_on_check(const struct cf_board *board, const struct cf_cell *cell,
				uint64_t on_mask, uint64_t pending_mask, uint64_t target_mpidr,
				uint64_t entry, uint32_t *target)
{
	int32_t index = board_cpu_of(board, target_mpidr);
	uint64_t phys;

	if (index < 0)
		return PSCI_E_INVALID_PARAMS;
	if (!(cell->cpu_mask & (UL(1) << index)))
		return PSCI_E_DENIED;
	if (on_mask & (UL(1) << index))
		return PSCI_E_ALREADY_ON;
	if (pending_mask & (UL(1) << index))
		return PSCI_E_ON_PENDING;
	if (!IS_ALIGNED(entry, 4) || !cell_ram_phys(cell, entry, 4, &phys))
		return PSCI_E_INVALID_ADDRESS;
	*target = (uint32_t)index;
	return PSCI_SUCCESS;
}

int32_t guest_psci_affinity_info(const struct cf_board *board, const struct cf_cell *cell,
				 uint64_t on_mask, uint64_t pending_mask, uint64_t target_mpidr,
				 uint64_t lowest_level)
{
	int32_t index = board_cpu_of(board, target_mpidr);

	if (lowest_level != 0 || index < 0 || !(cell->cpu_mask & (UL(1) << index)))
		return PSCI_E_INVALID_PARAMS;
	if (on_mask & (UL(1) << index))
		return PSCI_AFFINITY_ON;
	if (pending_mask & (UL(1) << index))
		return PSCI_AFFINITY_ON_PENDING;
	return PSCI_AFFINITY_OFF;
}

bool guest_psci_is_known(uint32_t fn)
{
	switch (fn) {
	case PSCI_FN_PSCI_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_PSCI_FEATURES:
	case SMCCC_FN_VERSION:
	case SMCCC_FN_ARCH_FEATURES:
	case CELLFORGE_FN_RESULT:
		return true;
	default:
		return false;
	}
}

int32_t guest_psci_features(uint32_t fn)
{
	/*
	 * CPU_SUSPEND: original power_state format, no OS-initiated mode: 0.
	 * cellforge's result call is no PSCI function (DEN 0022 5.1.14 asks
	 * about PSCI and SMCCC_VERSION only).
	 */
	if (guest_psci_is_known(fn) && fn != SMCCC_FN_ARCH_FEATURES && fn != CELLFORGE_FN_RESULT)
		return PSCI_SUCCESS;
	return PSCI_E_NOT_SUPPORTED;
}

int32_t guest_smccc_arch_features(uint32_t fn)
{
	/*
	 * The CPU workarounds (ARCH_WORKAROUND_1/2/3) never get here: guest_psci_call()
	 * answers them from the firmware's word for the CPU (core/guest_smccc.c).
	 */
	if (fn == SMCCC_FN_VERSION || fn == SMCCC_FN_ARCH_FEATURES)
		return PSCI_SUCCESS;
	return SMCCC_NOT_SUPPORTED;
}
