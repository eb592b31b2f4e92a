// SPDX-License-Identifier: MIT
/*
 * Fuzzes the virtual PL011 (runtime/core/vuart.c) and what it feeds, the
 * console multiplexer (runtime/core/console_mux.c): two cells' guests access
 * their vUARTs with any offset, size, direction and value while bytes arrive
 * from the physical UART (escapes, focus changes and all) or straight from
 * the mux, with cell resets and line flushes in between. The physical UART,
 * the console and the spinlocks are fakes; the "terminal" is checked byte by
 * byte.
 *
 * Cells: 0 "alpha" and 2 "beta" have a virtual console, 1 "gamma" has none.
 *
 * Invariants checked after every operation:
 *   - FIFO counts within their depth (RX within the current depth, TX at
 *     most 32), the RX head inside the buffer;
 *   - the interrupt output is MIS != 0, and every change of it reached the
 *     notify hook, which runs without the vUART's or the console's lock;
 *   - reads fit the access size; RIS/MIS have no bits beyond the defined ones;
 *     the plain registers read back as written (masked to their width) and
 *     return to reset values on a cell reset;
 *   - what reaches the terminal from guests is printable ASCII, tab, and
 *     CR LF line ends only, every line starts with "[alpha] " or "[beta] "
 *     and is at most the mux's line length: no guest can send escape
 *     sequences or forge another cell's or the hypervisor's lines;
 *   - no lock is taken twice or released while free.
 */
#include <stdarg.h>
#include <string.h>

#include "cell_config.h"
#include "core/console.h"
#include "core/console_mux.h"
#include "core/vuart.h"
#include "drivers/pl011.h"
#include "fuzz_spinlock.h"

#define NCELLS 3u

const struct cf_board cf_board = {
	.name = "fuzz", .uart_base = 0x09000000, .uart_kind = CF_UART_PL011};
const struct cf_cell cf_cells[NCELLS] = {
	{.name = "alpha", .index = 0, .console = CF_CONSOLE_VIRTUAL},
	{.name = "gamma", .index = 1, .console = CF_CONSOLE_NONE},
	{.name = "beta", .index = 2, .console = CF_CONSOLE_VIRTUAL},
};
const uint32_t cf_cell_count = NCELLS;

static struct vuart uarts[NCELLS];
static bool notified_level[NCELLS];

/* ---- the console and the physical UART ---- */

static int console_depth;
static char term_line[512];
static uint32_t term_len;
static bool term_cr; /* the previous byte was CR */

void console_lock(void)
{
	FUZZ_ASSERT(console_depth == 0, "console lock taken twice");
	console_depth++;
}

void console_unlock(void)
{
	FUZZ_ASSERT(console_depth == 1, "console unlock without the lock");
	console_depth--;
}

/* The hypervisor's own messages: formatted (so bad arguments show), not checked as guest text. */
static int format(const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

int console_printf_locked(const char *fmt, ...)
{
	va_list ap;
	int n;

	FUZZ_ASSERT(console_depth == 1, "console_printf_locked without the lock");
	va_start(ap, fmt);
	n = format(fmt, ap);
	va_end(ap);
	return n;
}

int hv_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	FUZZ_ASSERT(console_depth == 0, "hv_printf under the console lock would deadlock");
	va_start(ap, fmt);
	n = format(fmt, ap);
	va_end(ap);
	return n;
}

static bool starts_with(const char *s, uint32_t len, const char *prefix)
{
	uint32_t n = (uint32_t)strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* Every byte a guest line puts on the terminal. */
void pl011_putc(uint64_t base, char c)
{
	uint8_t b = (uint8_t)c;

	FUZZ_ASSERT(base == 0x09000000, "wrong UART 0x%llx", (unsigned long long)base);
	FUZZ_ASSERT(console_depth == 1, "terminal written without the console lock");
	FUZZ_ASSERT(b == '\t' || b == '\r' || b == '\n' || (b >= 0x20 && b < 0x7f),
		    "byte 0x%02x reached the terminal", b);
	FUZZ_ASSERT(!term_cr || b == '\n', "CR not followed by LF");
	term_cr = b == '\r';
	if (b == '\r')
		return;
	if (b == '\n') {
		FUZZ_ASSERT(starts_with(term_line, term_len, "[alpha] ") ||
				    starts_with(term_line, term_len, "[beta] "),
			    "line not attributed to a cell: \"%.*s\"", (int)term_len, term_line);
		term_len = 0;
		return;
	}
	/* "[alpha] " + at most CONSOLE_MUX_LINE_MAX characters + the continuation mark. */
	FUZZ_ASSERT(term_len < 8 + CONSOLE_MUX_LINE_MAX + 1, "terminal line too long");
	term_line[term_len++] = c;
}

static uint8_t input[64];
static uint32_t input_len, input_pos;

bool pl011_try_getc(uint64_t base, uint8_t *byte)
{
	FUZZ_ASSERT(base == 0x09000000, "wrong UART");
	if (input_pos >= input_len)
		return false;
	*byte = input[input_pos++];
	return true;
}

/* ---- vUART notifications ---- */

static void notify(void *ctx)
{
	uint32_t cell = (uint32_t)(uintptr_t)ctx;

	/* The hook takes the cell's vgic lock: never under the vUART's or the console's. */
	FUZZ_ASSERT(uarts[cell].lock.word == 0 && console_depth == 0,
		    "notify under the vUART or console lock");
	notified_level[cell] = vuart_irq_level(&uarts[cell]);
}

/*
 * ---- a model of the plain read/write registers (PL011 TRM, 3.3) ----
 * Offset, width mask, reset value. Reads return what the guest wrote (masked
 * to the register's width), reset values after a cell reset.
 */
static const struct {
	uint32_t offset, mask, reset;
} plain_regs[] = {
	{0x20, 0xff, 0},       /* ILPR */
	{0x24, 0xffff, 13},    /* IBRD: 115200 baud at 24 MHz */
	{0x28, 0x3f, 1},       /* FBRD */
	{0x2c, 0xff, 0x70},    /* LCR_H: 8 bits, FIFOs on */
	{0x30, 0xffff, 0x301}, /* CR: UARTEN, TXE, RXE */
	{0x34, 0x3f, 0x12},    /* IFLS: 1/2, 1/2 */
	{0x38, 0x7ff, 0},      /* IMSC */
	{0x48, 0x7, 0},	       /* DMACR */
};
#define PLAIN_REGS (sizeof(plain_regs) / sizeof(plain_regs[0]))

static uint32_t model_reg[NCELLS][PLAIN_REGS];

static void model_reset(uint32_t c)
{
	for (uint32_t i = 0; i < PLAIN_REGS; i++)
		model_reg[c][i] = plain_regs[i].reset;
}

static int plain_index(uint64_t offset)
{
	for (uint32_t i = 0; i < PLAIN_REGS; i++) {
		if (plain_regs[i].offset == offset)
			return (int)i;
	}
	return -1;
}

/* ---- invariants ---- */

static void check_uart(uint32_t c)
{
	struct vuart *u = &uarts[c];
	uint32_t depth = (u->lcr_h & (1u << 4)) ? VUART_FIFO_DEPTH : 1u;
	struct mmio_access mis = {.offset = 0x40, .size = 4};
	bool level = u->irq_level;

	FUZZ_ASSERT(u->rx_count <= depth, "cell %u: RX count %u, depth %u", c, u->rx_count, depth);
	FUZZ_ASSERT(u->rx_head < VUART_FIFO_DEPTH, "cell %u: RX head %u", c, u->rx_head);
	FUZZ_ASSERT(u->tx_count <= VUART_FIFO_DEPTH, "cell %u: TX count %u", c, u->tx_count);
	FUZZ_ASSERT(level == notified_level[c], "cell %u: level %d, last notified %d", c, level,
		    notified_level[c]);
	FUZZ_ASSERT(vuart_mmio(u, &mis), "MIS read refused");
	FUZZ_ASSERT((mis.value != 0) == level, "cell %u: MIS 0x%llx but level %d", c,
		    (unsigned long long)mis.value, level);
	FUZZ_ASSERT(u->irq_level == level, "reading MIS changed the level");
	FUZZ_ASSERT(fuzz_locks_held == 0 && console_depth == 0, "locks left held");
}

static void check_state(void)
{
	check_uart(0);
	check_uart(2);
}

/* ---- operations ---- */

static uint64_t pick_offset(struct fuzz_in *in)
{
	uint8_t sel = fuzz_u8(in);

	switch (sel % 4u) {
	case 0:
	case 1:
		return (sel >> 2) % 0x13u * 4u; /* DR .. DMACR */
	case 2:
		return 0xfe0u + (sel >> 2) % 8u * 4u; /* identification */
	default:
		return fuzz_u16(in) % 0x1100u; /* anywhere, a bit beyond the frame too */
	}
}

static void op_mmio(struct fuzz_in *in, uint32_t c)
{
	uint64_t off = pick_offset(in);
	uint8_t how = fuzz_u8(in);
	uint64_t value = fuzz_u64(in);
	struct mmio_access a = {
		.addr = 0x09000000u + off,
		.offset = off,
		.size = fuzz_size(how),
		.write = (how & 4u) != 0,
		.cpu = 0,
	};

	a.value = a.write ? (a.size >= 8 ? value : value & ((1ull << (8 * a.size)) - 1)) : 0;
	if (vuart_mmio(&uarts[c], &a) && plain_index(off) >= 0) {
		uint32_t i = (uint32_t)plain_index(off);

		if (a.write) {
			model_reg[c][i] = (uint32_t)a.value & plain_regs[i].mask;
		} else {
			uint32_t want = model_reg[c][i] & (a.size == 2 ? 0xffffu : ~0u);

			FUZZ_ASSERT(a.value == want,
				    "cell %u: register 0x%llx reads 0x%llx, expected 0x%x", c,
				    (unsigned long long)off, (unsigned long long)a.value, want);
		}
	}
	if (!a.write) {
		FUZZ_ASSERT(fuzz_fits(a.value, a.size), "read 0x%llx/%u returned 0x%llx",
			    (unsigned long long)off, a.size, (unsigned long long)a.value);
		if (off == 0x3c || off == 0x40)
			FUZZ_ASSERT((a.value & ~0x7ffull) == 0, "RIS/MIS 0x%llx",
				    (unsigned long long)a.value);
		if (off == 0x00)
			FUZZ_ASSERT(a.value <= 0xff, "DR with error bits 0x%llx",
				    (unsigned long long)a.value);
	}
}

static void setup(void)
{
	console_mux_init();
	memset(notified_level, 0, sizeof(notified_level));
	term_len = 0;
	term_cr = false;
	for (uint32_t c = 0; c < NCELLS; c++) {
		vuart_init(&uarts[c], c);
		model_reset(c);
		if (cf_cells[c].console == CF_CONSOLE_VIRTUAL) {
			vuart_set_notify(&uarts[c], notify, (void *)(uintptr_t)c);
			console_mux_attach(c, &uarts[c]);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};

	setup();
	check_state();
	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint8_t op = fuzz_u8(&in);
		uint32_t c = (op & 0x80u) ? 2u : 0u;

		switch (op % 8u) {
		case 0:
		case 1:
		case 2:
		case 3:
			op_mmio(&in, c);
			break;
		case 4: /* bytes typed on the physical console: escapes, focus, input */
			input_len = 1u + fuzz_u8(&in) % 8u;
			for (uint32_t i = 0; i < input_len; i++)
				input[i] = fuzz_u8(&in);
			input_pos = 0;
			console_mux_poll();
			break;
		case 5:
			vuart_receive(&uarts[c], fuzz_u8(&in));
			break;
		case 6:
			console_mux_flush((op >> 3) % (NCELLS + 1u)); /* cell stop, or no cell */
			break;
		default:
			if ((op >> 3) & 1u) {
				vuart_reset(&uarts[c]);
				model_reset(c);
			} else /* TX of a console cell, or of no cell (index 3) */
				console_mux_putc((op >> 4) & 1u ? 3u : c, (char)fuzz_u8(&in));
			break;
		}
		check_state();
	}
	console_mux_flush(0);
	console_mux_flush(2);
	return 0;
}
