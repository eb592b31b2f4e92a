/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's console on the physical UART. Every line starts with
 * "[hv] " (tests parse these lines), and output of different CPUs never mixes
 * within one print call: a call holds the console lock from first to last
 * character. Several calls that form one line hold the lock explicitly:
 *
 *	console_lock();
 *	console_printf_locked("...");
 *	console_printf_locked("...\n");
 *	console_unlock();
 */
#ifndef CELLFORGE_CORE_CONSOLE_H
#define CELLFORGE_CORE_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>

#include "cell_config.h"
#include "compiler.h"
#include "lib/printf.h"

void console_init(const struct cf_board *board);
/*
 * Called by the boot CPU once its MMU is on: from then on printing takes the
 * lock (exclusives need cacheable memory, so not earlier), and every other
 * CPU must have its MMU on before it prints.
 */
void console_enable_smp(void);

void console_lock(void);
void console_unlock(void);
int console_printf_locked(const char *fmt, ...) __printf_like(1, 2);
/* The sink behind console_printf_locked, for formatters taking a sink. */
struct fmt_sink *console_sink(void);

/* One atomic print: lock, format, unlock. */
int hv_printf(const char *fmt, ...) __printf_like(1, 2);

/*
 * For the panic path: takes the lock if it can within a bounded time (the
 * holder may be this very CPU, or a CPU that died), else prints anyway. Starts
 * a fresh line. There is no matching unlock: the machine is going down.
 */
void console_take_for_panic(void);
void console_flush(void);

#endif
