// SPDX-License-Identifier: MIT
/*
 * Host tests of the console multiplexer (runtime/core/console_mux.c). The
 * console, the physical UART, the spinlocks, the vUART and the cell table are
 * fakes; everything written to the "terminal" lands in one transcript, where
 * the fake console adds "[hv] " at hypervisor line starts as console.c does.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "check.h"
#include "core/console.h"
#include "core/console_mux.h"
#include "core/vuart.h"
#include "drivers/pl011.h"
#include "lib/spinlock.h"

/* ---- cell table: alpha and beta have a virtual console, gamma not ---- */

const struct cf_board cf_board = {
	.name = "test", .uart_base = 0x09000000, .uart_kind = CF_UART_PL011};
const struct cf_cell cf_cells[] = {
	{.name = "alpha", .index = 0, .console = CF_CONSOLE_VIRTUAL},
	{.name = "gamma", .index = 1, .console = CF_CONSOLE_NONE},
	{.name = "beta", .index = 2, .console = CF_CONSOLE_VIRTUAL},
};
const uint32_t cf_cell_count = 3;

/* ---- fakes ---- */

static char out[16384];
static size_t out_len;
static bool hv_at_line_start = true;
static int console_depth;
static int raw_outside_lock;

static void out_put(char c)
{
	if (out_len < sizeof(out) - 1)
		out[out_len++] = c;
	out[out_len] = '\0';
}

void console_lock(void)
{
	CHECK(console_depth == 0, "console lock taken twice");
	console_depth++;
}

void console_unlock(void)
{
	console_depth--;
}

void pl011_putc(uint64_t base, char c)
{
	CHECK(base == 0x09000000, "wrong UART");
	if (console_depth == 0)
		raw_outside_lock++;
	out_put(c);
}

static void hv_vprint(const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (const char *p = buf; *p; p++) {
		if (hv_at_line_start)
			for (const char *q = "[hv] "; *q; q++)
				out_put(*q);
		hv_at_line_start = *p == '\n';
		if (*p == '\n')
			out_put('\r');
		out_put(*p);
	}
}

int console_printf_locked(const char *fmt, ...)
{
	va_list ap;

	CHECK(console_depth == 1, "console_printf_locked without the lock");
	va_start(ap, fmt);
	hv_vprint(fmt, ap);
	va_end(ap);
	return 0;
}

int hv_printf(const char *fmt, ...)
{
	va_list ap;

	console_lock();
	va_start(ap, fmt);
	hv_vprint(fmt, ap);
	va_end(ap);
	console_unlock();
	return 0;
}

static uint8_t in[256];
static size_t in_len, in_pos;

bool pl011_try_getc(uint64_t base, uint8_t *byte)
{
	CHECK(base == 0x09000000, "wrong UART");
	if (in_pos >= in_len)
		return false;
	*byte = in[in_pos++];
	return true;
}

void spin_lock(struct spinlock *lock)
{
	CHECK(lock->word == 0, "spin_lock on a held lock would deadlock");
	lock->word = 1;
}

void spin_unlock(struct spinlock *lock)
{
	CHECK(lock->word != 0, "spin_unlock of a free lock");
	lock->word = 0;
}

static bool trylock_fails;

bool spin_trylock(struct spinlock *lock)
{
	if (lock->word != 0 || trylock_fails)
		return false;
	lock->word = 1;
	return true;
}

static struct vuart vuarts[3];
static char got[3][256];
static size_t got_len[3];

void vuart_receive(struct vuart *u, uint8_t byte)
{
	size_t i = (size_t)(u - vuarts);

	CHECK(i < 3, "vuart_receive on an unknown vuart");
	if (i < 3 && got_len[i] < sizeof(got[i]) - 1) {
		got[i][got_len[i]++] = (char)byte;
		got[i][got_len[i]] = '\0';
	}
}

/* ---- helpers ---- */

static void clear_output(void)
{
	out_len = 0;
	out[0] = '\0';
	raw_outside_lock = 0;
}

static void fresh(bool attach)
{
	clear_output();
	memset(got, 0, sizeof(got));
	memset(got_len, 0, sizeof(got_len));
	in_len = in_pos = 0;
	trylock_fails = false;
	console_mux_init();
	if (attach) {
		console_mux_attach(0, &vuarts[0]);
		console_mux_attach(2, &vuarts[2]);
	}
}

static void type(const char *s, size_t n)
{
	memcpy(in + in_len, s, n);
	in_len += n;
}

static void puts_cell(uint32_t cell, const char *s)
{
	for (; *s; s++)
		console_mux_putc(cell, *s);
}

#define CHECK_HAS(text, needle)                                                                    \
	CHECK(strstr((text), (needle)) != NULL, "missing \"%s\" in:\n%s", (needle), (text))

/* ---- pure parts ---- */

struct lines {
	char text[8][256];
	bool continued[8];
	int count;
};

static void collect(void *ctx, const char *text, uint32_t len, bool continued)
{
	struct lines *l = ctx;

	if (l->count < 8) {
		memcpy(l->text[l->count], text, len);
		l->text[l->count][len] = '\0';
		l->continued[l->count] = continued;
	}
	l->count++;
}

static void put_all(struct mux_line *line, struct lines *l, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mux_line_put(line, (uint8_t)s[i], collect, l);
}

static void test_line_buffer(void)
{
	struct mux_line line = {.len = 0};
	struct lines l = {.count = 0};
	char long_text[400];

	case_begin();
	put_all(&line, &l, "ab\r\ncd", 6);
	CHECK_INT(l.count, 1, "one line finished");
	CHECK_STR(l.text[0], "ab", "CR dropped");
	CHECK(!l.continued[0], "not continued");
	mux_line_flush(&line, collect, &l);
	CHECK_INT(l.count, 2, "flush prints the partial line");
	CHECK_STR(l.text[1], "cd", "partial line");
	mux_line_flush(&line, collect, &l);
	CHECK_INT(l.count, 2, "flush of an empty line prints nothing");

	l.count = 0;
	put_all(&line, &l, "\x1b[31mred\t\x7f\x80\xff\x00!\n", 15);
	CHECK_STR(l.text[0], "\\x1b[31mred\t\\x7f\\x80\\xff\\x00!",
		  "non-printables escaped, tab kept");

	l.count = 0;
	memset(long_text, 'a', sizeof(long_text));
	put_all(&line, &l, long_text, 200);
	CHECK_INT(l.count, 1, "overflow: first 160 printed");
	CHECK_INT(strlen(l.text[0]), CONSOLE_MUX_LINE_MAX, "full line length");
	CHECK(l.continued[0], "full line marked as continued");
	put_all(&line, &l, "\n", 1);
	CHECK_INT(strlen(l.text[1]), 40, "rest in the next line");
	CHECK(!l.continued[1], "rest not continued");

	l.count = 0;
	put_all(&line, &l, long_text, CONSOLE_MUX_LINE_MAX - 2);
	put_all(&line, &l, "\x01\n", 2);
	CHECK_INT(l.count, 2, "escape that does not fit starts a new line");
	CHECK_INT(strlen(l.text[0]), CONSOLE_MUX_LINE_MAX - 2, "no half escape at the end");
	CHECK_STR(l.text[1], "\\x01", "escape whole in the next line");

	l.count = 0;
	put_all(&line, &l, long_text, CONSOLE_MUX_LINE_MAX);
	put_all(&line, &l, "\n", 1);
	CHECK_INT(l.count, 1, "exactly 160 then newline: one line");
	CHECK(!l.continued[0], "exactly full is not continued");
	case_end("line buffer: CR, escaping, overflow, flush");
}

static void test_escape_parser(void)
{
	struct mux_escape esc = {.pending = false};
	struct mux_key k;

	case_begin();
	k = mux_escape_feed(&esc, 'a');
	CHECK(k.action == MUX_KEY_DELIVER && k.arg == 'a', "plain byte delivered");
	k = mux_escape_feed(&esc, 0x1c);
	CHECK(k.action == MUX_KEY_NONE && esc.pending, "Ctrl-\\ starts an escape");
	k = mux_escape_feed(&esc, '7');
	CHECK(k.action == MUX_KEY_FOCUS && k.arg == 7, "digit: focus 7");
	CHECK(!esc.pending, "escape done");
	mux_escape_feed(&esc, 0x1c);
	k = mux_escape_feed(&esc, 'n');
	CHECK(k.action == MUX_KEY_NEXT, "n: next");
	mux_escape_feed(&esc, 0x1c);
	k = mux_escape_feed(&esc, 0x1c);
	CHECK(k.action == MUX_KEY_DELIVER && k.arg == 0x1c, "Ctrl-\\ Ctrl-\\: literal");
	k = mux_escape_feed(&esc, 0x1c);
	CHECK(k.action == MUX_KEY_NONE, "a literal does not leave an escape pending");
	k = mux_escape_feed(&esc, '?');
	CHECK(k.action == MUX_KEY_HELP, "?: help");
	mux_escape_feed(&esc, 0x1c);
	k = mux_escape_feed(&esc, 's');
	CHECK(k.action == MUX_KEY_STATS, "s: statistics");
	mux_escape_feed(&esc, 0x1c);
	k = mux_escape_feed(&esc, 'x');
	CHECK(k.action == MUX_KEY_UNKNOWN && k.arg == 'x', "unknown");
	k = mux_escape_feed(&esc, 'x');
	CHECK(k.action == MUX_KEY_DELIVER, "back to normal after unknown");
	case_end("escape parser");
}

/* ---- the whole mux ---- */

static void test_interleaved_lines(void)
{
	const char *a = "hello from alpha\n", *b = "beta says hi\n";

	case_begin();
	fresh(true);
	clear_output();
	/* Two cells' CPUs printing at the same time, byte by byte. */
	for (size_t i = 0; i < strlen(a) || i < strlen(b); i++) {
		if (i < strlen(a))
			console_mux_putc(0, a[i]);
		if (i < strlen(b))
			console_mux_putc(2, b[i]);
	}
	CHECK_STR(out, "[beta] beta says hi\r\n[alpha] hello from alpha\r\n",
		  "whole lines, each with its cell's prefix");
	CHECK_INT(raw_outside_lock, 0, "cell lines printed under the console lock");

	clear_output();
	puts_cell(0, "partial");
	hv_printf("boot done\n");
	console_mux_flush(0);
	console_mux_flush(2);
	CHECK_STR(out, "[hv] boot done\r\n[alpha] partial\r\n", "flush prints a partial line");

	clear_output();
	console_mux_putc(7, 'x');
	console_mux_putc(UINT32_MAX, '\n');
	console_mux_flush(UINT32_MAX);
	CHECK_STR(out, "", "bytes of nonexistent cells ignored");

	clear_output();
	puts_cell(0, "\x1b]0;pwned\x07\n");
	CHECK_STR(out, "[alpha] \\x1b]0;pwned\\x07\r\n", "no escape sequence reaches the terminal");
	case_end("cell output: whole lines, prefixes, flush");
}

static void test_focus_and_input(void)
{
	case_begin();
	fresh(false);
	type("lost", 4);
	console_mux_poll();
	CHECK_INT(got_len[0] + got_len[2], 0, "no cell attached: input dropped");
	console_mux_attach(0, &vuarts[0]);
	CHECK_STR(out,
		  "[hv] console: input goes to cell 'alpha' (Ctrl-\\ n: next, Ctrl-\\ 0-9: cell, "
		  "Ctrl-\\ ?: help)\r\n",
		  "first attached cell announced");
	console_mux_attach(2, &vuarts[2]);
	CHECK_INT(strlen(out),
		  strlen("[hv] console: input goes to cell 'alpha' (Ctrl-\\ n: next, "
			 "Ctrl-\\ 0-9: cell, Ctrl-\\ ?: help)\r\n"),
		  "announced once");

	clear_output();
	type("ls\r", 3);
	console_mux_poll();
	CHECK_STR(got[0], "ls\r", "input to the focused cell");

	type("\x1c"
	     "2pwd",
	     5);
	console_mux_poll();
	CHECK_HAS(out, "input goes to cell 'beta'");
	CHECK_STR(got[2], "pwd", "after Ctrl-\\ 2 input goes to beta");
	CHECK_STR(got[0], "ls\r", "alpha got nothing more");

	clear_output();
	type("\x1c"
	     "n"
	     "a",
	     3);
	console_mux_poll();
	CHECK_HAS(out, "input goes to cell 'alpha'");
	CHECK_STR(got[0], "ls\ra", "n wraps from beta to alpha");
	type("\x1c"
	     "n"
	     "b",
	     3);
	console_mux_poll();
	CHECK_STR(got[2], "pwdb", "n skips gamma (no virtual console)");

	clear_output();
	type("\x1c"
	     "1"
	     "c",
	     3);
	console_mux_poll();
	CHECK_HAS(out, "[hv] console: cell 'gamma' has no virtual console");
	CHECK_STR(got[2], "pwdbc", "focus stays on beta");
	type("\x1c"
	     "9",
	     2);
	console_mux_poll();
	CHECK_HAS(out, "there is no cell 9");

	type("\x1c\x1c", 2);
	console_mux_poll();
	CHECK_STR(got[2], "pwdbc\x1c", "Ctrl-\\ Ctrl-\\ sends one Ctrl-\\");

	clear_output();
	type("\x1c"
	     "x"
	     "d",
	     3);
	console_mux_poll();
	CHECK_STR(out, "[hv] console: unknown escape Ctrl-\\ 0x78 ignored (Ctrl-\\ ?: help)\r\n",
		  "unknown escape: hint");
	CHECK_STR(got[2],
		  "pwdbc\x1c"
		  "d",
		  "unknown escape swallowed, then normal input");

	clear_output();
	type("\x1c", 1);
	console_mux_poll();
	CHECK_STR(got[2],
		  "pwdbc\x1c"
		  "d",
		  "Ctrl-\\ at the end of a read: nothing delivered yet");
	type("0e", 2);
	console_mux_poll();
	CHECK_HAS(out, "input goes to cell 'alpha'");
	CHECK_STR(got[0], "ls\rae", "escape completed by the next poll");

	clear_output();
	type("\x1c?", 2);
	console_mux_poll();
	CHECK_HAS(out, "[hv] console: escape is Ctrl-\\");
	CHECK_HAS(out, "[hv] console:   0 'alpha' (input)\r\n");
	CHECK_HAS(out, "[hv] console:   2 'beta'\r\n");
	CHECK(strstr(out, "gamma") == NULL, "help lists only cells with a console");
	case_end("input routing and escapes");
}

static int stats_calls;

static void fake_print_stats(void)
{
	stats_calls++;
	hv_printf("stats cell 'alpha' cpu0: exits irq 1\n");
}

static void test_stats_key(void)
{
	case_begin();
	fresh(true);
	clear_output();
	type("\x1c"
	     "s",
	     2);
	console_mux_poll();
	CHECK_STR(out, "[hv] console: no statistics\r\n", "no hook: a hint, nothing delivered");
	CHECK_INT(got_len[0], 0, "Ctrl-\\ s is not input");

	console_mux_set_stats_hook(fake_print_stats);
	clear_output();
	type("a\x1c"
	     "sb",
	     4);
	console_mux_poll();
	CHECK_INT(stats_calls, 1, "Ctrl-\\ s prints the statistics once");
	CHECK_STR(out, "[hv] stats cell 'alpha' cpu0: exits irq 1\r\n", "the hook's lines");
	CHECK_STR(got[0], "ab", "input around the escape still delivered");
	console_mux_init();
	case_end("Ctrl-\\ s: statistics");
}

static void test_poll_limits(void)
{
	char many[100];

	case_begin();
	fresh(true);
	memset(many, 'm', sizeof(many));
	type(many, sizeof(many));
	console_mux_poll();
	CHECK_INT(got_len[0], CONSOLE_MUX_POLL_BUDGET, "one poll takes a bounded number of bytes");
	console_mux_poll();
	CHECK_INT(got_len[0], 100, "the next poll takes the rest");

	type("zz", 2);
	trylock_fails = true;
	console_mux_poll();
	CHECK_INT(got_len[0], 100, "poll lock busy: returns at once, reads nothing");
	trylock_fails = false;
	console_mux_poll();
	CHECK_INT(got_len[0], 102, "bytes stay for the next poll");

	fresh(false);
	type("\x1cn", 2);
	console_mux_poll();
	CHECK_HAS(out, "no cell has a virtual console");
	case_end("poll: budget, trylock, no cells");
}

int main(void)
{
	test_line_buffer();
	test_escape_parser();
	test_interleaved_lines();
	test_focus_and_input();
	test_poll_limits();
	test_stats_key();
	return check_summary("console_mux");
}
