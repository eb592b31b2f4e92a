// SPDX-License-Identifier: MIT
#include "core/guest_psci.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/spectre.h"
#include "core/cell.h"
#include "core/guest_smccc.h"
#include "core/percpu.h"
#include "core/run_status.h"

void guest_psci_call(struct exc_frame *f)
{
	struct cell *c = cell_of_this_cpu();
	uint32_t fn = (uint32_t)f->x[0];
	uint64_t a1 = f->x[1], a2 = f->x[2], a3 = f->x[3];
	const struct smccc_firmware *fw = spectre_firmware(this_cpu()->index);
	int64_t ret;

	/* The CPU workarounds: answered for the physical CPU the guest runs on. */
	if (guest_smccc_is_workaround(fn)) {
		cell_count_exit(EXIT_PSCI);
		f->x[0] = (uint64_t)(int64_t)guest_smccc_workaround_call(fw, fn);
		return;
	}
	if (fn == SMCCC_FN_ARCH_FEATURES && guest_smccc_is_workaround((uint32_t)a1)) {
		cell_count_exit(EXIT_PSCI);
		f->x[0] = (uint64_t)(int64_t)guest_smccc_workaround_feature(fw, (uint32_t)a1);
		return;
	}
	if (!guest_psci_is_known(fn)) {
		cell_count_exit(EXIT_SMC_REFUSED);
		f->x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		return;
	}
	cell_count_exit(EXIT_PSCI);
	if (!(fn & SMCCC_FN_64BIT)) { /* SMC32: arguments are W registers */
		a1 &= 0xffffffffu;
		a2 &= 0xffffffffu;
		a3 &= 0xffffffffu;
	}
	switch (fn) {
	case PSCI_FN_PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FN_PSCI_FEATURES:
		ret = guest_psci_features((uint32_t)a1);
		break;
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
		/*
		 * Every power state is treated as standby: wait for an interrupt
		 * (a kick now, injected interrupts with the vGIC) and return.
		 */
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
		ret = PSCI_SUCCESS;
		break;
	case PSCI_FN_CPU_OFF:
		cell_cpu_off();
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
		ret = cell_cpu_on(c, a1, a2, a3);
		break;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
		ret = cell_affinity_info(c, a1, a2);
		break;
	case PSCI_FN_SYSTEM_OFF:
		cell_stop(c, CELL_STOP_SYSTEM_OFF);
	case PSCI_FN_SYSTEM_RESET:
		cell_system_reset(c);
	case CELLFORGE_FN_RESULT:
		ret = cell_report_result(c, a1);
		break;
	case SMCCC_FN_VERSION:
		ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_FN_ARCH_FEATURES:
		ret = guest_smccc_arch_features((uint32_t)a1);
		break;
	default:
		ret = PSCI_E_NOT_SUPPORTED;
		break;
	}
	f->x[0] = (uint64_t)ret;
}
