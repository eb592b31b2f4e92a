// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdbool.h>

#include "core/panic.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/sysreg.h"
#include "core/console.h"
#include "core/percpu.h"

/* Used only before this CPU has per-CPU data. */
static uint32_t early_in_panic;

static uint32_t *panic_flag(void)
{
	struct percpu *cpu = this_cpu();

	return cpu ? &cpu->in_panic : &early_in_panic;
}

bool panic_begin(void)
{
	uint32_t *flag = panic_flag();

	if (*flag)
		return false;
	*flag = 1;
	console_take_for_panic();
	return true;
}

__noreturn void system_off(void)
{
	console_flush();
	psci_system_off();
	/* Firmware refused: stop this CPU at least. */
	for (;;)
		wfe();
}

__noreturn void panic_end(void)
{
	console_printf_locked("system off\n");
	system_off();
}

__noreturn void hv_panic(const char *fmt, ...)
{
	if (panic_begin()) {
		struct percpu *cpu = this_cpu();
		va_list ap;

		console_printf_locked("PANIC: ");
		if (cpu)
			console_printf_locked("%s: ", cf_board.cpus[cpu->index].name);
		va_start(ap, fmt);
		fmt_vprint(console_sink(), fmt, ap);
		va_end(ap);
		console_printf_locked("\n");
	}
	panic_end();
}
