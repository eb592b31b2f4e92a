// SPDX-License-Identifier: MIT
/* Host tests of the exit statistics lines (runtime/core/exit_stats.c). */
#include <stdint.h>

#include "buf_sink.h"
#include "check.h"
#include "core/exit_stats.h"

static void test_line(void)
{
	struct buf_sink b = {.sink = {.put = buf_put}};
	struct exit_stats s = {0};

	case_begin();
	s.exits[EXIT_IRQ] = 12;
	s.exits[EXIT_GICD] = 3;
	s.exits[EXIT_UART] = 1000;
	s.exits[EXIT_SUBPAGE] = 7;
	s.exits[EXIT_SETWAY] = 5;
	s.exits[EXIT_FAULT] = 1;
	s.irqs[IRQ_STAT_TIMER] = 10;
	s.irqs[IRQ_STAT_MAINT] = 2;
	exit_stats_print(&b.sink, "linux1", "cpu1", &s);
	CHECK_STR(b.text,
		  "stats cell 'linux1' cpu1: exits irq 12 gicd 3 gicr 0 sgi 0 uart 1000 subpage 7 "
		  "psci 0 smc-refused 0 hvc 0 setway 5 faults 1 (total 1028); irqs timer 10 dev 0 "
		  "sgi-in 0 "
		  "maint 2 kick 0 console 0\n",
		  "per-CPU line");
	CHECK_U64(exit_stats_total(&s), 1028, "total");
	case_end("a CPU's line");
}

static void test_cell_line_and_names(void)
{
	struct buf_sink b = {.sink = {.put = buf_put}};
	struct exit_stats s = {0};

	case_begin();
	s.exits[EXIT_PSCI] = UINT64_MAX;
	exit_stats_print(&b.sink, "ticker", NULL, &s);
	CHECK(strncmp(b.text, "stats cell 'ticker': exits irq 0", 32) == 0, "no CPU: %s", b.text);
	CHECK(strstr(b.text, "psci 18446744073709551615") != NULL, "64-bit counters: %s", b.text);
	b = (struct buf_sink){.sink = {.put = buf_put}};
	exit_stats_print_exits(&b.sink, &s);
	CHECK(strncmp(b.text, " irq 0 gicd 0", 13) == 0, "summary fragment: %s", b.text);
	for (uint32_t i = 0; i < EXIT_REASON_COUNT; i++)
		CHECK(exit_reason_name(i)[0] != '?', "exit %u has a name", i);
	for (uint32_t i = 0; i < IRQ_STAT_COUNT; i++)
		CHECK(irq_stat_name(i)[0] != '?', "irq stat %u has a name", i);
	CHECK_STR(exit_reason_name(EXIT_REASON_COUNT), "?", "out of range");
	CHECK_STR(irq_stat_name(1000), "?", "out of range");
	case_end("a cell's line, names");
}

int main(void)
{
	test_line();
	test_cell_line_and_names();
	return check_summary("exit_stats");
}
