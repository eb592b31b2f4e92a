// SPDX-License-Identifier: MIT
#include "core/exit_stats.h"
#include "compiler.h"

static const char *const exit_names[EXIT_REASON_COUNT] = {
	[EXIT_IRQ] = "irq",
	[EXIT_GICD] = "gicd",
	[EXIT_GICR] = "gicr",
	[EXIT_SGI] = "sgi",
	[EXIT_UART] = "uart",
	[EXIT_SUBPAGE] = "subpage",
	[EXIT_PSCI] = "psci",
	[EXIT_SMC_REFUSED] = "smc-refused",
	[EXIT_HVC] = "hvc",
	[EXIT_SETWAY] = "setway",
	[EXIT_FAULT] = "faults",
};

static const char *const irq_names[IRQ_STAT_COUNT] = {
	[IRQ_STAT_TIMER] = "timer", [IRQ_STAT_DEV] = "dev",   [IRQ_STAT_SGI_IN] = "sgi-in",
	[IRQ_STAT_MAINT] = "maint", [IRQ_STAT_KICK] = "kick", [IRQ_STAT_CONSOLE] = "console",
};

const char *exit_reason_name(uint32_t reason)
{
	return reason < EXIT_REASON_COUNT ? exit_names[reason] : "?";
}

const char *irq_stat_name(uint32_t stat)
{
	return stat < IRQ_STAT_COUNT ? irq_names[stat] : "?";
}

uint64_t exit_stats_total(const struct exit_stats *s)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < EXIT_REASON_COUNT; i++)
		total += s->exits[i];
	return total;
}

void exit_stats_print_exits(struct fmt_sink *sink, const struct exit_stats *s)
{
	for (uint32_t i = 0; i < EXIT_REASON_COUNT; i++)
		fmt_print(sink, " %s %llu", exit_names[i], (unsigned long long)s->exits[i]);
}

void exit_stats_print(struct fmt_sink *sink, const char *cell, const char *cpu,
		      const struct exit_stats *s)
{
	fmt_print(sink, "stats cell '%s'%s%s: exits", cell, cpu ? " " : "", cpu ? cpu : "");
	exit_stats_print_exits(sink, s);
	fmt_print(sink, " (total %llu); irqs", (unsigned long long)exit_stats_total(s));
	for (uint32_t i = 0; i < IRQ_STAT_COUNT; i++)
		fmt_print(sink, " %s %llu", irq_names[i], (unsigned long long)s->irqs[i]);
	fmt_print(sink, "\n");
}
