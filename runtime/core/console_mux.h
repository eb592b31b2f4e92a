/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: all cells with a virtual console share the
 * physical UART.
 *
 * Output: a cell's bytes are collected per cell and printed as one whole
 * line "[<cell name>] <text>" while holding the console lock, so lines of
 * cells and of the hypervisor ("[hv] ...") never mix. '\r' is dropped; bytes
 * other than printable ASCII and '\t' are shown as \xNN, so no guest can
 * send escape sequences to the user's terminal. A line longer than
 * CONSOLE_MUX_LINE_MAX characters is printed with a trailing '\' and goes on
 * in a new line.
 *
 * Input: bytes from the physical UART go to the focused cell's vUART. Ctrl-\
 * (0x1c) starts an escape:
 *	Ctrl-\ 0..9	input to cell N (cf_cells index)
 *	Ctrl-\ n	input to the next cell with a virtual console
 *	Ctrl-\ Ctrl-\	send one Ctrl-\ to the focused cell
 *	Ctrl-\ s	print the exit and interrupt statistics ("[hv] stats ..." lines)
 *	Ctrl-\ ?	help
 * Anything else after Ctrl-\ is ignored with a hint. The focus starts at the
 * first attached cell (cells are attached in cf_cells order at setup).
 *
 * Locks: the poll lock (only ever tried by console_mux_poll(), so a CPU
 * never waits for another's poll) is taken before a vUART's lock or the
 * console lock; a cell's line lock before the console lock. Callers of
 * console_mux_putc() must not hold their vUART's lock (vuart.c calls it after
 * dropping the lock), nor the console lock.
 */
#ifndef CELLFORGE_CORE_CONSOLE_MUX_H
#define CELLFORGE_CORE_CONSOLE_MUX_H

#include <stdbool.h>
#include <stdint.h>

/* Cells with an index at or above this cannot have a virtual console. */
#define CONSOLE_MUX_MAX_CELLS 16u
/* Characters of guest text per printed line (after \xNN escaping). */
#define CONSOLE_MUX_LINE_MAX 160u
#define CONSOLE_MUX_ESCAPE   0x1c /* Ctrl-\ */
/* Bytes one console_mux_poll() takes from the UART at most. */
#define CONSOLE_MUX_POLL_BUDGET 64u

struct vuart;

/* Before any other call, and before the cells are attached. */
void console_mux_init(void);
/*
 * Gives a cell with a virtual console its input; the first attached cell gets
 * the focus (announced). Takes a spinlock: only with the MMU on.
 */
void console_mux_attach(uint32_t cell_index, struct vuart *u);
/* A cell's TX byte (from vuart.c). */
void console_mux_putc(uint32_t cell_index, char c);
/* Prints a partial line (cell stops or restarts). */
void console_mux_flush(uint32_t cell_index);
/* Reads the physical UART's received bytes, handles escapes, feeds the focused cell. */
void console_mux_poll(void);
/* What Ctrl-\ s calls (with the poll lock held, no other lock); NULL: nothing. */
void console_mux_set_stats_hook(void (*print_stats)(void));

/* The pure parts, exposed for the host unit tests. */

struct mux_line {
	char text[CONSOLE_MUX_LINE_MAX];
	uint32_t len;
};

/* Receives a finished line; continued: the line goes on in the next one. */
typedef void (*mux_line_emit_fn)(void *ctx, const char *text, uint32_t len, bool continued);

/* Adds one TX byte; calls emit for every finished line (at most two). */
void mux_line_put(struct mux_line *line, uint8_t byte, mux_line_emit_fn emit, void *ctx);
/* Emits a partial line, if any. */
void mux_line_flush(struct mux_line *line, mux_line_emit_fn emit, void *ctx);

enum mux_key_action {
	MUX_KEY_NONE,	 /* swallowed (escape started) */
	MUX_KEY_DELIVER, /* give the byte to the focused cell */
	MUX_KEY_FOCUS,	 /* focus cell arg */
	MUX_KEY_NEXT,	 /* focus the next cell */
	MUX_KEY_HELP,
	MUX_KEY_STATS,	 /* print the statistics */
	MUX_KEY_UNKNOWN, /* unknown escape, arg: the byte */
};

struct mux_key {
	enum mux_key_action action;
	uint8_t arg;
};

struct mux_escape {
	bool pending; /* Ctrl-\ seen, waiting for the command */
};

struct mux_key mux_escape_feed(struct mux_escape *esc, uint8_t byte);

#endif
