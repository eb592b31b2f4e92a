/* SPDX-License-Identifier: MIT */
/*
 * The guest console: the PL011 named by /chosen/stdout-path (else the first enabled
 * "arm,pl011" node). printf formats under a lock, so a call's output is never
 * interleaved with another CPU's; print whole lines per call.
 */
#ifndef KIT_CONSOLE_H
#define KIT_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "kit/fdt.h"
#include "kit/format.h"

/* Where the console was found, for the boot report. */
enum console_source {
	CONSOLE_NONE,
	CONSOLE_STDOUT_PATH,
	CONSOLE_COMPATIBLE,
	CONSOLE_FALLBACK,
};

/* fdt may be NULL (no valid DTB): then fallback_base is used if non-zero. */
enum console_source console_init(const struct fdt *fdt, uintptr_t fallback_base);
uintptr_t console_base(void);

int printf(const char *fmt, ...) KIT_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);
void puts_line(const char *s); /* s followed by a newline, atomically */

/*
 * For the fatal-exception path: try to take the console lock for a bounded time and
 * print without it if another CPU died holding it. Returns whether it was taken.
 */
bool console_lock_bounded(void);
void console_unlock(void);
int printf_unlocked(const char *fmt, ...) KIT_PRINTF(1, 2);

#endif
