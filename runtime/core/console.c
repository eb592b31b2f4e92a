// SPDX-License-Identifier: MIT
#include "core/console.h"
#include "core/percpu.h"
#include "drivers/pl011.h"
#include "lib/spinlock.h"

#define CONSOLE_PREFIX "[hv] "
/* Attempts before a panicking CPU gives up waiting for the console lock. */
#define PANIC_LOCK_ATTEMPTS 1000000u
#define NO_OWNER	    (-1)

static void console_put(struct fmt_sink *sink, char c);

/* All fields are protected by lock once smp_enabled is set. */
static struct console {
	struct fmt_sink sink;
	uint64_t uart_base;
	bool at_line_start;
	bool smp_enabled;
	int32_t owner; /* CPU index holding the lock, for the panic path */
	struct spinlock lock;
} console = {
    /* Usable (without a UART) even before console_init(). */
    .sink = {.put = console_put},
    .at_line_start = true,
    .owner = NO_OWNER,
    .lock = SPINLOCK_INIT,
};

static void uart_putc(char c)
{
	if (console.uart_base != 0)
		pl011_putc(console.uart_base, c);
}

static void console_put(struct fmt_sink *sink, char c)
{
	(void)sink;
	if (console.at_line_start) {
		for (const char *p = CONSOLE_PREFIX; *p != '\0'; p++)
			uart_putc(*p);
		console.at_line_start = false;
	}
	if (c == '\n') {
		uart_putc('\r'); /* terminals want CR LF */
		console.at_line_start = true;
	}
	uart_putc(c);
}

void console_init(const struct cf_board *board)
{
	console.uart_base = board->uart_kind == CF_UART_PL011 ? board->uart_base : 0;
	if (console.uart_base != 0)
		pl011_init(console.uart_base);
}

void console_enable_smp(void)
{
	console.smp_enabled = true;
}

static int32_t current_cpu_index(void)
{
	struct percpu *cpu = this_cpu();

	return cpu ? (int32_t)cpu->index : NO_OWNER;
}

void console_lock(void)
{
	if (!console.smp_enabled)
		return;
	spin_lock(&console.lock);
	console.owner = current_cpu_index();
}

void console_unlock(void)
{
	if (!console.smp_enabled)
		return;
	console.owner = NO_OWNER;
	spin_unlock(&console.lock);
}

struct fmt_sink *console_sink(void)
{
	return &console.sink;
}

int console_printf_locked(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vprint(&console.sink, fmt, ap);
	va_end(ap);
	return n;
}

int hv_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	console_lock();
	va_start(ap, fmt);
	n = fmt_vprint(&console.sink, fmt, ap);
	va_end(ap);
	console_unlock();
	return n;
}

void console_take_for_panic(void)
{
	if (console.smp_enabled && console.owner != current_cpu_index()) {
		for (uint32_t i = 0; i < PANIC_LOCK_ATTEMPTS; i++) {
			if (spin_trylock(&console.lock)) {
				console.owner = current_cpu_index();
				break;
			}
		}
	}
	if (!console.at_line_start)
		console_put(&console.sink, '\n');
}

void console_flush(void)
{
	if (console.uart_base != 0)
		pl011_flush(console.uart_base);
}
