// SPDX-License-Identifier: MIT
/*
 * Console multiplexer, see core/console_mux.h. The line buffer and the
 * escape parser are pure; the hardware sits behind uart_write() and
 * uart_try_getc(), the rest goes through the console lock, cf_cells and the
 * vUART API (all replaced by fakes in the host tests).
 */
#include "core/console_mux.h"
#include "cell_config.h"
#include "compiler.h"
#include "core/console.h"
#include "core/vuart.h"
#include "drivers/pl011.h"
#include "lib/spinlock.h"

#define NO_FOCUS	 UINT32_MAX
#define CONTINUE_MARK	 '\\'
#define ESCAPED_BYTE_LEN 4u /* \xNN */
#define FOCUS_HINT	 "(Ctrl-\\ n: next, Ctrl-\\ 0-9: cell, Ctrl-\\ ?: help)"

/* ---- pure: line buffer ---- */

static bool is_shown_as_is(uint8_t byte)
{
	return byte == '\t' || (byte >= 0x20 && byte < 0x7f);
}

static void line_emit(struct mux_line *line, bool continued, mux_line_emit_fn emit, void *ctx)
{
	emit(ctx, line->text, line->len, continued);
	line->len = 0;
}

void mux_line_put(struct mux_line *line, uint8_t byte, mux_line_emit_fn emit, void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t need = is_shown_as_is(byte) ? 1u : ESCAPED_BYTE_LEN;

	if (byte == '\r')
		return; /* the mux ends lines itself */
	if (byte == '\n') {
		line_emit(line, false, emit, ctx);
		return;
	}
	/* Keep "\xNN" in one piece: break before it when it does not fit. */
	if (line->len + need > CONSOLE_MUX_LINE_MAX)
		line_emit(line, true, emit, ctx);
	if (need == 1) {
		line->text[line->len++] = (char)byte;
		return;
	}
	line->text[line->len++] = '\\';
	line->text[line->len++] = 'x';
	line->text[line->len++] = hex[byte >> 4];
	line->text[line->len++] = hex[byte & 0xf];
}

void mux_line_flush(struct mux_line *line, mux_line_emit_fn emit, void *ctx)
{
	if (line->len > 0)
		line_emit(line, false, emit, ctx);
}

/* ---- pure: escape parser ---- */

struct mux_key mux_escape_feed(struct mux_escape *esc, uint8_t byte)
{
	if (!esc->pending) {
		if (byte == CONSOLE_MUX_ESCAPE) {
			esc->pending = true;
			return (struct mux_key){.action = MUX_KEY_NONE};
		}
		return (struct mux_key){.action = MUX_KEY_DELIVER, .arg = byte};
	}
	esc->pending = false;
	if (byte >= '0' && byte <= '9')
		return (struct mux_key){.action = MUX_KEY_FOCUS, .arg = (uint8_t)(byte - '0')};
	switch (byte) {
	case 'n':
		return (struct mux_key){.action = MUX_KEY_NEXT};
	case '?':
		return (struct mux_key){.action = MUX_KEY_HELP};
	case 's':
		return (struct mux_key){.action = MUX_KEY_STATS};
	case CONSOLE_MUX_ESCAPE:
		return (struct mux_key){.action = MUX_KEY_DELIVER, .arg = byte};
	default:
		return (struct mux_key){.action = MUX_KEY_UNKNOWN, .arg = byte};
	}
}

/* ---- state ---- */

struct mux_cell {
	struct spinlock line_lock; /* protects line */
	struct mux_line line;
	struct vuart *vuart; /* set once at setup; NULL: no virtual console */
};

static struct console_mux {
	struct mux_cell cells[CONSOLE_MUX_MAX_CELLS];
	/* Tried, never waited for; protects escape and focus. */
	struct spinlock poll_lock;
	struct mux_escape escape;
	uint32_t focus;
	void (*print_stats)(void);
} mux = {.focus = NO_FOCUS};

/* ---- hardware ---- */

static bool uart_present(void)
{
	return cf_board.uart_kind == CF_UART_PL011 && cf_board.uart_base != 0;
}

/* Called with the console lock held. */
static void uart_write(const char *s, uint32_t len)
{
	if (!uart_present())
		return;
	for (uint32_t i = 0; i < len; i++)
		pl011_putc(cf_board.uart_base, s[i]);
}

static bool uart_try_getc(uint8_t *byte)
{
	return uart_present() && pl011_try_getc(cf_board.uart_base, byte);
}

/* ---- output ---- */

static uint32_t str_len(const char *s)
{
	uint32_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Prints one cell line; ctx is the cell index. Called with the cell's line lock held. */
static void print_cell_line(void *ctx, const char *text, uint32_t len, bool continued)
{
	uint32_t cell_index = (uint32_t)(uintptr_t)ctx;
	const char *name = cf_cells[cell_index].name;
	const char mark = CONTINUE_MARK;

	console_lock();
	uart_write("[", 1);
	uart_write(name, str_len(name));
	uart_write("] ", 2);
	uart_write(text, len);
	if (continued)
		uart_write(&mark, 1);
	uart_write("\r\n", 2); /* as console.c: terminals want CR LF */
	console_unlock();
}

static struct mux_cell *cell_of(uint32_t cell_index)
{
	if (cell_index >= cf_cell_count || cell_index >= CONSOLE_MUX_MAX_CELLS)
		return NULL;
	return &mux.cells[cell_index];
}

void console_mux_putc(uint32_t cell_index, char c)
{
	struct mux_cell *cell = cell_of(cell_index);

	if (!cell)
		return;
	spin_lock(&cell->line_lock);
	mux_line_put(&cell->line, (uint8_t)c, print_cell_line, (void *)(uintptr_t)cell_index);
	spin_unlock(&cell->line_lock);
}

void console_mux_flush(uint32_t cell_index)
{
	struct mux_cell *cell = cell_of(cell_index);

	if (!cell)
		return;
	spin_lock(&cell->line_lock);
	mux_line_flush(&cell->line, print_cell_line, (void *)(uintptr_t)cell_index);
	spin_unlock(&cell->line_lock);
}

/* ---- input ---- */

static struct vuart *vuart_of(uint32_t cell_index)
{
	struct mux_cell *cell = cell_of(cell_index);

	return cell ? __atomic_load_n(&cell->vuart, __ATOMIC_ACQUIRE) : NULL;
}

static void announce_focus(void)
{
	hv_printf("console: input goes to cell '%s' " FOCUS_HINT "\n", cf_cells[mux.focus].name);
}

/* Called with the poll lock held (or during setup). */
static void focus_cell(uint32_t cell_index)
{
	if (cell_index >= cf_cell_count) {
		hv_printf("console: there is no cell %u (%u cells)\n", cell_index, cf_cell_count);
		return;
	}
	if (!vuart_of(cell_index)) {
		hv_printf("console: cell '%s' has no virtual console\n", cf_cells[cell_index].name);
		return;
	}
	mux.focus = cell_index;
	announce_focus();
}

static void focus_next(void)
{
	uint32_t count = (uint32_t)min_u64(cf_cell_count, CONSOLE_MUX_MAX_CELLS);
	uint32_t first = mux.focus == NO_FOCUS ? 0 : mux.focus + 1;

	/* The cells after the focused one, wrapping around; the focused one last. */
	for (uint32_t i = 0; i < count; i++) {
		uint32_t candidate = (first + i) % count;

		if (vuart_of(candidate)) {
			focus_cell(candidate);
			return;
		}
	}
	hv_printf("console: no cell has a virtual console\n");
}

static void print_help(void)
{
	console_lock();
	console_printf_locked("console: escape is Ctrl-\\, then: 0-9 input to that cell, n next "
			      "cell, s statistics, Ctrl-\\ send Ctrl-\\, ? this help\n");
	for (uint32_t i = 0; i < cf_cell_count && i < CONSOLE_MUX_MAX_CELLS; i++) {
		if (vuart_of(i))
			console_printf_locked("console:   %u '%s'%s\n", i, cf_cells[i].name,
					      i == mux.focus ? " (input)" : "");
	}
	console_unlock();
}

static void handle_input(uint8_t byte)
{
	struct mux_key key = mux_escape_feed(&mux.escape, byte);
	struct vuart *target;

	switch (key.action) {
	case MUX_KEY_NONE:
		break;
	case MUX_KEY_DELIVER:
		target = mux.focus == NO_FOCUS ? NULL : vuart_of(mux.focus);
		if (target)
			vuart_receive(target, key.arg);
		break;
	case MUX_KEY_FOCUS:
		focus_cell(key.arg);
		break;
	case MUX_KEY_NEXT:
		focus_next();
		break;
	case MUX_KEY_HELP:
		print_help();
		break;
	case MUX_KEY_STATS:
		if (mux.print_stats)
			mux.print_stats();
		else
			hv_printf("console: no statistics\n");
		break;
	case MUX_KEY_UNKNOWN:
		hv_printf("console: unknown escape Ctrl-\\ 0x%02x ignored (Ctrl-\\ ?: help)\n",
			  key.arg);
		break;
	}
}

void console_mux_poll(void)
{
	uint8_t byte;

	if (!spin_trylock(&mux.poll_lock))
		return; /* another CPU is polling: it takes our bytes too */
	for (uint32_t i = 0; i < CONSOLE_MUX_POLL_BUDGET && uart_try_getc(&byte); i++)
		handle_input(byte);
	spin_unlock(&mux.poll_lock);
}

/* ---- setup ---- */

void console_mux_init(void)
{
	for (uint32_t i = 0; i < CONSOLE_MUX_MAX_CELLS; i++)
		mux.cells[i] = (struct mux_cell){.line_lock = SPINLOCK_INIT};
	mux.poll_lock = (struct spinlock)SPINLOCK_INIT;
	mux.escape = (struct mux_escape){.pending = false};
	mux.focus = NO_FOCUS;
	mux.print_stats = NULL;
}

void console_mux_set_stats_hook(void (*print_stats)(void))
{
	mux.print_stats = print_stats;
}

void console_mux_attach(uint32_t cell_index, struct vuart *u)
{
	struct mux_cell *cell = cell_of(cell_index);

	if (!cell) {
		hv_printf("console: cell %u cannot have a virtual console (at most %u cells)\n",
			  cell_index, CONSOLE_MUX_MAX_CELLS);
		return;
	}
	/* Setup is rare and a poll never waits, so waiting for it here is fine. */
	spin_lock(&mux.poll_lock);
	__atomic_store_n(&cell->vuart, u, __ATOMIC_RELEASE);
	if (mux.focus == NO_FOCUS && u) {
		mux.focus = cell_index;
		announce_focus();
	}
	spin_unlock(&mux.poll_lock);
}
