// SPDX-License-Identifier: MIT
#include "kit/console.h"
#include "kit/pl011.h"
#include "kit/spinlock.h"
#include "kit/string.h"

/* Bounded wait for the console lock on the fatal path (iterations, not time: the
 * timer may be what failed). */
#define CONSOLE_PANIC_SPINS 20000000u

static struct pl011 console_uart;
static struct spinlock console_lock = SPINLOCK_INIT;

/* The node /chosen/stdout-path names; the path may carry ":options" (DT spec 3.6). */
static int stdout_node(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen", 7);
	const char *path;

	if (chosen < 0)
		return chosen;
	path = fdt_prop_string(fdt, chosen, "stdout-path");
	if (!path)
		path = fdt_prop_string(fdt, chosen, "linux,stdout-path");
	if (!path)
		return FDT_ERR_NOTFOUND;
	return fdt_path_offset(fdt, path, strnchr_index(path, strlen(path), ':'));
}

static bool node_base(const struct fdt *fdt, int node, uintptr_t *base)
{
	uint64_t addr, size;

	if (node < 0 || !fdt_node_enabled(fdt, node) || !fdt_is_compatible(fdt, node, "arm,pl011"))
		return false;
	if (fdt_reg(fdt, node, 0, &addr, &size) < 0 || addr == 0)
		return false;
	*base = (uintptr_t)addr;
	return true;
}

enum console_source console_init(const struct fdt *fdt, uintptr_t fallback_base)
{
	enum console_source source = CONSOLE_NONE;
	uintptr_t base = 0;

	if (fdt) {
		if (node_base(fdt, stdout_node(fdt), &base)) {
			source = CONSOLE_STDOUT_PATH;
		} else {
			for (int node = fdt_find_compatible(fdt, -1, "arm,pl011"); node >= 0;
			     node = fdt_find_compatible(fdt, node, "arm,pl011")) {
				if (node_base(fdt, node, &base)) {
					source = CONSOLE_COMPATIBLE;
					break;
				}
			}
		}
	} else if (fallback_base) {
		base = fallback_base;
		source = CONSOLE_FALLBACK;
	}
	pl011_init(&console_uart, base);
	return source;
}

uintptr_t console_base(void)
{
	return console_uart.base;
}

static void put_console(struct fmt_sink *sink, char c)
{
	(void)sink;
	if (c == '\n')
		pl011_putc(&console_uart, '\r');
	pl011_putc(&console_uart, c);
}

int vprintf(const char *fmt, va_list ap)
{
	struct fmt_sink sink = {.put = put_console}; /* on the stack: no relocation */
	int n;

	spin_lock(&console_lock);
	n = fmt_vprint(&sink, fmt, ap);
	spin_unlock(&console_lock);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void puts_line(const char *s)
{
	printf("%s\n", s);
}

bool console_lock_bounded(void)
{
	for (uint32_t i = 0; i < CONSOLE_PANIC_SPINS; i++) {
		if (spin_trylock(&console_lock))
			return true;
		cpu_relax();
	}
	return false;
}

void console_unlock(void)
{
	spin_unlock(&console_lock);
}

int printf_unlocked(const char *fmt, ...)
{
	struct fmt_sink sink = {.put = put_console};
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vprint(&sink, fmt, ap);
	va_end(ap);
	return n;
}
