/* SPDX-License-Identifier: MIT */
/*
 * Branch-target injection (Spectre-v2, CVE-2017-5715) across guest exits: a
 * guest can train the branch predictor so that an indirect branch at EL2
 * speculatively runs a gadget of its choice and leaks through the caches
 * what EL2 can read (every cell's RAM). Where the firmware says a CPU needs
 * it, the exit vectors (vectors.S) call its SMCCC_ARCH_WORKAROUND_3 (which
 * also covers the branch history, CVE-2022-23960) or _1 before the first
 * indirect branch; elsewhere the exit path pays one load and a branch.
 *
 * WORKAROUND_2 (speculative store bypass) is enabled for good at boot on
 * CPUs whose firmware implements the dynamic mitigation.
 */
#ifndef CELLFORGE_ARM64_SPECTRE_H
#define CELLFORGE_ARM64_SPECTRE_H

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "arch/arm64/psci.h"
#include "board_limits.h"

/* Per board CPU index: the firmware call vectors.S makes on guest exits, 0 for none. */
extern uint32_t spectre_exit_call[CF_BOARD_CPU_COUNT];

/* Each CPU for itself, before it reports online: asks the firmware, picks the exit call. */
void spectre_cpu_init(uint32_t cpu, uint32_t conduit);
/* What the firmware said about cpu (board index), for the guests' answers. */
const struct smccc_firmware *spectre_firmware(uint32_t cpu);
/* "[hv] cpuN firmware: ..." lines, once every CPU is online. */
void spectre_print(void);
#endif

#endif
