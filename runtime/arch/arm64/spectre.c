// SPDX-License-Identifier: MIT
#include "arch/arm64/spectre.h"
#include "cell_config.h"
#include "core/console.h"
#include "core/guest_smccc.h"
#include "core/percpu.h"

/* vectors.S finds the CPU's index at offset 0 of its percpu entry (TPIDR_EL2). */
_Static_assert(offsetof(struct percpu, index) == 0, "vectors.S reads percpu.index");
_Static_assert(sizeof(((struct percpu *)0)->index) == 4, "vectors.S reads a 32-bit index");

uint32_t spectre_exit_call[CF_BOARD_CPU_COUNT];
static struct smccc_firmware firmware[CF_BOARD_CPU_COUNT];
/* WORKAROUND_2(1): "enable the mitigation" for the calling PE (DEN 0028). */
#define WORKAROUND_2_ENABLE 1u

void spectre_cpu_init(uint32_t cpu, uint32_t conduit)
{
	struct smccc_firmware *fw;

	if (cpu >= CF_BOARD_CPU_COUNT)
		return;
	fw = &firmware[cpu];
	smccc_discover(fw);
	spectre_exit_call[cpu] = 0;
	/* The vectors make the call with SMC; a firmware reached by HVC is not below EL2. */
	if (conduit != CF_PSCI_SMC)
		return;
	spectre_exit_call[cpu] = guest_smccc_exit_workaround(fw);
	if (fw->workaround[1] == SMCCC_RET_SUCCESS)
		(void)smccc_call1(SMCCC_FN_ARCH_WORKAROUND_2, WORKAROUND_2_ENABLE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

const struct smccc_firmware *spectre_firmware(uint32_t cpu)
{
	static const struct smccc_firmware none = {
		.psci_features_smccc = SMCCC_RET_NOT_SUPPORTED,
		.version = 0x10000,
		.workaround = {SMCCC_RET_NOT_SUPPORTED, SMCCC_RET_NOT_SUPPORTED,
			       SMCCC_RET_NOT_SUPPORTED},
	};

	return cpu < CF_BOARD_CPU_COUNT ? &firmware[cpu] : &none;
}

static const char *exit_call_name(uint32_t fn)
{
	switch (fn) {
	case SMCCC_FN_ARCH_WORKAROUND_1:
		return "ARCH_WORKAROUND_1";
	case SMCCC_FN_ARCH_WORKAROUND_3:
		return "ARCH_WORKAROUND_3";
	default:
		return "none";
	}
}

void spectre_print(void)
{
	for (uint32_t i = 0; i < cf_board.cpu_count && i < CF_BOARD_CPU_COUNT; i++) {
		const struct smccc_firmware *fw = &firmware[i];

		if (!__atomic_load_n(&percpu_data[i].online, __ATOMIC_ACQUIRE))
			continue;
		hv_printf("%s firmware: PSCI_FEATURES(SMCCC_VERSION) %d, SMCCC %d.%d, "
			  "ARCH_WORKAROUND_1 %d _2 %d _3 %d; on guest exits: %s\n",
			  cf_board.cpus[i].name, (int)fw->psci_features_smccc,
			  (int)(fw->version >> 16), (int)(fw->version & 0xffff),
			  (int)fw->workaround[0], (int)fw->workaround[1], (int)fw->workaround[2],
			  exit_call_name(spectre_exit_call[i]));
	}
}
