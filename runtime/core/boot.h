/* SPDX-License-Identifier: MIT */
/* C entry points called from arch/arm64/entry.S. */
#ifndef CELLFORGE_CORE_BOOT_H
#define CELLFORGE_CORE_BOOT_H

#include <stdint.h>

#include "compiler.h"

/* Entered at the wrong exception level: say so (the caller halts). */
void boot_wrong_el(uint64_t el);
/*
 * Boot CPU, on the boot stack, MMU off: identify this CPU and return the top
 * of its own stack, which entry.S switches to before boot_main().
 */
uint64_t boot_cpu_setup(void);
__noreturn void boot_main(void);
/* Secondary CPU with its MMU on, on its own stack; index from PSCI CPU_ON. */
__noreturn void secondary_main(uint64_t index);

#endif
