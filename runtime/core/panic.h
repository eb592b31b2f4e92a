/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor bugs and impossible configurations end here: print
 * "[hv] PANIC: ..." and power the machine off (QEMU exits). Guests never
 * cause a panic; their faults are handled by their cell's policy.
 */
#ifndef CELLFORGE_CORE_PANIC_H
#define CELLFORGE_CORE_PANIC_H

#include <stdbool.h>

#include "compiler.h"

__noreturn void hv_panic(const char *fmt, ...) __printf_like(1, 2);

/*
 * For reports longer than one message: panic_begin() returns false when this
 * CPU is already panicking (a fault inside the report), in which case the
 * caller must skip the report and go straight to panic_end().
 */
bool panic_begin(void);
__noreturn void panic_end(void);

/* Powers off via PSCI SYSTEM_OFF; parks the CPU if the firmware refuses. */
__noreturn void system_off(void);

#endif
