// SPDX-License-Identifier: MIT
/*
 * Host tests of the virtual PL011 (runtime/core/vuart.c), driven through its
 * MMIO handler as a guest would. Register offsets and bits are spelled out
 * here from the PL011 TRM (Arm DDI 0183) rather than taken from vuart.c, so a
 * wrong constant there fails a test.
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "core/console_mux.h"
#include "core/vuart.h"
#include "lib/spinlock.h"

#define DR    0x000
#define RSR   0x004
#define FR    0x018
#define ILPR  0x020
#define IBRD  0x024
#define FBRD  0x028
#define LCR_H 0x02c
#define CR    0x030
#define IFLS  0x034
#define IMSC  0x038
#define RIS   0x03c
#define MIS   0x040
#define ICR   0x044
#define DMACR 0x048

#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)

#define LCR_H_FEN (1u << 4)
#define CR_UARTEN (1u << 0)
#define CR_LBE	  (1u << 7)
#define CR_TXE	  (1u << 8)
#define CR_RXE	  (1u << 9)
#define CR_ON	  (CR_UARTEN | CR_TXE | CR_RXE)

#define RXIS   (1u << 4)
#define TXIS   (1u << 5)
#define RTIS   (1u << 6)
#define OEIS   (1u << 10)
#define RSR_OE (1u << 3)

/* ---- fakes for what vuart.c links against ---- */

static int locks_held;

void spin_lock(struct spinlock *lock)
{
	CHECK(lock->word == 0, "spin_lock on a held lock would deadlock");
	lock->word = 1;
	locks_held++;
}

void spin_unlock(struct spinlock *lock)
{
	CHECK(lock->word != 0, "spin_unlock of a free lock");
	lock->word = 0;
	locks_held--;
}

bool spin_trylock(struct spinlock *lock)
{
	if (lock->word != 0)
		return false;
	spin_lock(lock);
	return true;
}

static char tx_text[4096];
static uint32_t tx_len;
static uint32_t tx_cell;
static int tx_under_lock;

void console_mux_putc(uint32_t cell_index, char c)
{
	tx_cell = cell_index;
	if (locks_held != 0)
		tx_under_lock++;
	if (tx_len < sizeof(tx_text) - 1)
		tx_text[tx_len++] = c;
	tx_text[tx_len] = '\0';
}

static int notifications;

static void count_notify(void *ctx)
{
	CHECK(locks_held == 0, "notify called with the vuart lock held");
	(*(int *)ctx)++;
}

/* ---- helpers ---- */

static struct vuart uart;
/* rx_n() sends 'a'..'z' over and over, continuing where its last call stopped. */
static uint32_t rx_next;

static void fresh(void)
{
	vuart_init(&uart, 3);
	notifications = 0;
	vuart_set_notify(&uart, count_notify, &notifications);
	tx_len = 0;
	tx_text[0] = '\0';
	tx_under_lock = 0;
	rx_next = 0;
}

static bool access(uint64_t offset, uint32_t size, bool write, uint64_t *value)
{
	struct mmio_access a = {.addr = 0x09000000 + offset,
				.offset = offset,
				.size = size,
				.write = write,
				.value = write ? *value : 0xdeadbeef,
				.cpu = 1};
	bool ok = vuart_mmio(&uart, &a);

	if (!write)
		*value = a.value;
	return ok;
}

static uint32_t rd(uint64_t offset)
{
	uint64_t v = 0;

	CHECK(access(offset, 4, false, &v), "32-bit read of 0x%03llx refused",
	      (unsigned long long)offset);
	return (uint32_t)v;
}

static void wr(uint64_t offset, uint32_t value)
{
	uint64_t v = value;

	CHECK(access(offset, 4, true, &v), "32-bit write of 0x%03llx refused",
	      (unsigned long long)offset);
}

static void rx(const char *s)
{
	for (; *s; s++)
		vuart_receive(&uart, (uint8_t)*s);
}

static void rx_n(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++, rx_next++)
		vuart_receive(&uart, (uint8_t)('a' + rx_next % 26));
}

/* ---- cases ---- */

static void test_reset_state(void)
{
	case_begin();
	fresh();
	CHECK_U64(rd(CR), CR_ON, "CR: enabled as firmware leaves it");
	CHECK_U64(rd(LCR_H), 0x70, "LCR_H: 8N1, FIFOs on");
	CHECK_U64(rd(IBRD), 13, "IBRD");
	CHECK_U64(rd(FBRD), 1, "FBRD");
	CHECK_U64(rd(IFLS), 0x12, "IFLS: 1/2, 1/2");
	CHECK_U64(rd(IMSC), 0, "IMSC: all masked");
	CHECK_U64(rd(RIS), 0, "RIS: nothing pending (TXIS only after a byte was sent)");
	CHECK(!vuart_irq_level(&uart), "irq output low after reset");
	case_end("reset state is what firmware leaves");
}

static void test_flags_follow_fifo(void)
{
	uint32_t fr;

	case_begin();
	fresh();
	fr = rd(FR);
	CHECK(fr & FR_RXFE, "empty: RXFE set");
	CHECK(!(fr & FR_RXFF), "empty: RXFF clear");
	CHECK(fr & FR_TXFE, "TXFE always set");
	CHECK(!(fr & (FR_TXFF | FR_BUSY)), "TXFF, BUSY clear");

	rx_n(1);
	fr = rd(FR);
	CHECK(!(fr & FR_RXFE) && !(fr & FR_RXFF), "one byte: neither empty nor full (0x%x)", fr);
	rx_n(VUART_FIFO_DEPTH - 1);
	CHECK(rd(FR) & FR_RXFF, "32 bytes: RXFF");
	CHECK_U64(rd(RSR), 0, "full but no overrun yet");
	rx_n(1);
	CHECK(rd(RSR) & RSR_OE, "33rd byte: overrun in RSR");
	CHECK(rd(RIS) & OEIS, "33rd byte: OEIS");
	CHECK(!(rd(FR) & FR_RXFE), "still full");
	for (uint32_t i = 0; i < VUART_FIFO_DEPTH; i++)
		CHECK_U64(rd(DR), 'a' + i % 26, "DR pops in order, error bits 0");
	CHECK(rd(FR) & FR_RXFE, "drained: RXFE");
	CHECK_U64(rd(DR), 0, "DR read of an empty FIFO");

	wr(RSR, 0); /* ECR */
	CHECK_U64(rd(RSR), 0, "ECR write clears RSR");
	CHECK(rd(RIS) & OEIS, "OEIS stays until ICR");
	wr(ICR, OEIS);
	CHECK(!(rd(RIS) & OEIS), "ICR clears OEIS");
	case_end("FR flags follow the FIFO; overrun");
}

static void test_fen_off_one_deep(void)
{
	case_begin();
	fresh();
	rx_n(3);
	wr(LCR_H, 0x60); /* FEN off */
	CHECK(rd(FR) & FR_RXFE, "toggling FEN empties the FIFO");
	rx("x");
	CHECK(rd(FR) & FR_RXFF, "FEN=0: one byte fills the holding register");
	CHECK(rd(RIS) & RXIS, "FEN=0: RXIS with one byte");
	rx("y");
	CHECK(rd(RSR) & RSR_OE, "FEN=0: second byte overruns");
	CHECK_U64(rd(DR), 'x', "FEN=0: first byte kept");
	CHECK(rd(FR) & FR_RXFE, "FEN=0: empty after one read");
	case_end("FEN=0: one-deep FIFO");
}

static void test_rx_trigger_levels(void)
{
	static const uint32_t levels[] = {4, 8, 16, 24, 28};

	case_begin();
	for (uint32_t sel = 0; sel < 5; sel++) {
		fresh();
		wr(IFLS, sel << 3);
		rx_n(levels[sel] - 1);
		CHECK(!(rd(RIS) & RXIS), "IFLS RX %u: no RXIS at %u bytes", sel, levels[sel] - 1);
		rx_n(1);
		CHECK(rd(RIS) & RXIS, "IFLS RX %u: RXIS at %u bytes", sel, levels[sel]);
		(void)rd(DR);
		CHECK(!(rd(RIS) & RXIS), "IFLS RX %u: reading below the trigger clears RXIS", sel);
	}
	fresh();
	wr(IFLS, 7u << 3); /* reserved: like 1/2 */
	rx_n(15);
	CHECK(!(rd(RIS) & RXIS), "reserved IFLS: no RXIS at 15");
	rx_n(1);
	CHECK(rd(RIS) & RXIS, "reserved IFLS: RXIS at 16");
	case_end("RX trigger levels from IFLS");
}

static void test_receive_timeout(void)
{
	case_begin();
	fresh();
	CHECK(!(rd(RIS) & RTIS), "empty: no RTIS");
	rx("a");
	CHECK_U64(rd(RIS) & (RTIS | RXIS), RTIS, "one byte below the trigger: RTIS only");
	wr(ICR, RTIS);
	CHECK(!(rd(RIS) & RTIS), "ICR acknowledges RTIS");
	rx("b");
	CHECK(rd(RIS) & RTIS, "a new byte re-asserts RTIS");
	wr(ICR, RTIS);
	(void)rd(DR);
	CHECK(rd(RIS) & RTIS, "reading one of two bytes re-evaluates: data left, RTIS again");
	(void)rd(DR);
	CHECK(!(rd(RIS) & RTIS), "FIFO empty: RTIS gone");

	rx_n(16);
	wr(ICR, RXIS | RTIS);
	CHECK(!(rd(RIS) & (RXIS | RTIS)), "ICR acknowledges RXIS and RTIS");
	rx_n(1);
	CHECK_U64(rd(RIS) & (RXIS | RTIS), RXIS | RTIS, "next byte: both back");
	case_end("RTIS and ICR acknowledgement");
}

static void test_mask_and_output(void)
{
	case_begin();
	fresh();
	wr(IMSC, 0xffffffff);
	CHECK_U64(rd(IMSC), 0x7ff, "IMSC keeps its 11 bits");
	wr(IMSC, RXIS | RTIS);
	CHECK(!vuart_irq_level(&uart), "nothing pending: low");
	rx("q");
	CHECK(vuart_irq_level(&uart), "RTIS & RTIM: high");
	CHECK_INT(notifications, 1, "one notification for the rising edge");
	CHECK_U64(rd(MIS), RTIS, "MIS = RIS & IMSC");
	rx("r");
	CHECK_INT(notifications, 1, "no notification while the level stays");
	wr(IMSC, 0);
	CHECK(!vuart_irq_level(&uart), "masked: low");
	CHECK_U64(rd(MIS), 0, "masked: MIS 0");
	CHECK(rd(RIS) & RTIS, "masked: RIS still shows it");
	CHECK_INT(notifications, 2, "falling edge notified");
	wr(IMSC, RTIS);
	CHECK(vuart_irq_level(&uart), "unmasked again: high");
	(void)rd(DR);
	(void)rd(DR);
	CHECK(!vuart_irq_level(&uart), "drained: low");
	CHECK_INT(notifications, 4, "every change notified");
	case_end("IMSC, MIS and the interrupt output");
}

static void test_transmit(void)
{
	case_begin();
	fresh();
	wr(DR, 'h');
	wr(DR, 0x100 | 'i'); /* upper bits ignored */
	CHECK_STR(tx_text, "hi", "bytes go to the mux");
	CHECK_U64(tx_cell, 3, "with the cell index");
	CHECK_INT(tx_under_lock, 0, "the mux is called without the vuart lock");
	CHECK(rd(RIS) & TXIS, "TXIS after a byte left");
	wr(ICR, TXIS);
	CHECK(!(rd(RIS) & TXIS), "ICR clears TXIS");

	/* Linux: writes while TXFF is clear, then unmasks TXIM and refills from the interrupt. */
	wr(DR, '!');
	wr(IMSC, TXIS);
	CHECK(vuart_irq_level(&uart), "TXIM with TXIS: interrupt");
	wr(DR, '?');
	CHECK(vuart_irq_level(&uart), "stays while the guest keeps sending");
	wr(IMSC, 0);
	CHECK(!vuart_irq_level(&uart), "masking TXIM ends it");
	CHECK(rd(FR) & FR_TXFE, "TX FIFO always drained");

	uint64_t byte = 'b';
	CHECK(access(DR, 1, true, &byte), "8-bit DR write accepted");
	CHECK_STR(tx_text, "hi!?b", "8-bit write transmitted");
	case_end("transmit and TXIS");
}

static void test_transmitter_disabled(void)
{
	case_begin();
	fresh();
	wr(CR, CR_UARTEN | CR_RXE); /* TXE off */
	wr(DR, 'x');
	wr(DR, 'y');
	CHECK_STR(tx_text, "", "TXE off: bytes wait");
	CHECK(!(rd(FR) & FR_TXFE), "TXE off: FIFO not empty");
	for (uint32_t i = 0; i < 40; i++)
		wr(DR, 'z');
	CHECK(rd(FR) & FR_TXFF, "TXE off: FIFO fills up");
	wr(CR, CR_ON);
	CHECK_INT(tx_len, VUART_FIFO_DEPTH,
		  "enabled: the 32 queued bytes leave, the rest was lost");
	CHECK(tx_text[0] == 'x' && tx_text[1] == 'y', "in order");
	CHECK(rd(FR) & FR_TXFE, "enabled: drained");

	fresh();
	wr(CR, CR_TXE | CR_RXE); /* UARTEN off */
	rx("a");
	CHECK(rd(FR) & FR_RXFE, "UARTEN off: input lost");
	wr(CR, CR_UARTEN | CR_TXE);
	rx("a");
	CHECK(rd(FR) & FR_RXFE, "RXE off: input lost");

	fresh();
	wr(CR, CR_ON | CR_LBE);
	wr(DR, 'L');
	CHECK_STR(tx_text, "", "loopback: nothing leaves");
	CHECK_U64(rd(DR), 'L', "loopback: byte comes back");
	case_end("disabled transmitter/receiver, loopback");
}

static void test_id_registers(void)
{
	uint32_t periph = 0, cell = 0;

	case_begin();
	fresh();
	for (uint32_t i = 0; i < 4; i++) {
		periph |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cell |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	CHECK_U64(periph & 0x000fffff, 0x00041011, "Linux's arm,pl011 match (id & mask)");
	CHECK_U64((periph >> 20) & 0xf, 3, "revision r1p5: Linux sizes the FIFO 32");
	CHECK_U64(cell, 0xb105f00d, "PrimeCell ID");
	case_end("AMBA ID registers");
}

static void test_access_rules(void)
{
	uint64_t v;

	case_begin();
	fresh();
	CHECK_U64(rd(0x008), 0, "reserved offset reads 0");
	CHECK_U64(rd(0x100), 0, "reserved offset reads 0");
	CHECK_U64(rd(ICR), 0, "ICR (write-only) reads 0");
	wr(0x100, 0xffffffff);
	wr(FR, 0);
	wr(RIS, 0xffffffff);
	CHECK_U64(rd(RIS), 0, "writes to read-only/reserved offsets ignored");
	CHECK_U64(rd(CR), CR_ON, "and change nothing");

	v = 0;
	CHECK(!access(DR, 8, false, &v), "64-bit read refused");
	v = 'x';
	CHECK(!access(DR, 8, true, &v), "64-bit write refused");
	CHECK_STR(tx_text, "", "refused write had no effect");
	CHECK(!access(FR + 1, 1, false, &v), "misaligned access refused");
	CHECK(!access(CR, 1, true, &v), "8-bit write to CR refused");
	CHECK(!access(0x1000, 4, false, &v), "offset beyond the frame refused");
	CHECK(access(FR, 2, false, &v), "16-bit FR read accepted");
	CHECK(v & FR_RXFE, "16-bit FR read value");
	v = 0xabcd1234;
	CHECK(access(IBRD, 4, true, &v), "IBRD write");
	CHECK_U64(rd(IBRD), 0x1234, "IBRD keeps 16 bits");
	wr(FBRD, 0xff);
	CHECK_U64(rd(FBRD), 0x3f, "FBRD keeps 6 bits");
	wr(ILPR, 0x1ff);
	CHECK_U64(rd(ILPR), 0xff, "ILPR keeps 8 bits");
	wr(DMACR, 0xff);
	CHECK_U64(rd(DMACR), 0x7, "DMACR keeps 3 bits");
	rx("A");
	CHECK(access(DR, 1, false, &v), "8-bit DR read accepted");
	CHECK_U64(v, 'A', "8-bit DR read value");
	case_end("access sizes, reserved offsets RAZ/WI");
}

static void test_reset_keeps_hook(void)
{
	case_begin();
	fresh();
	wr(IMSC, RTIS);
	rx("a");
	CHECK(vuart_irq_level(&uart), "high before reset");
	vuart_reset(&uart);
	CHECK(!vuart_irq_level(&uart), "low after reset");
	CHECK(rd(FR) & FR_RXFE, "FIFO emptied");
	CHECK_INT(notifications, 2, "reset notified the falling edge");
	wr(DR, 'k');
	CHECK_U64(tx_cell, 3, "cell index kept");
	case_end("vuart_reset");
}

int main(void)
{
	test_reset_state();
	test_flags_follow_fifo();
	test_fen_off_one_deep();
	test_rx_trigger_levels();
	test_receive_timeout();
	test_mask_and_output();
	test_transmit();
	test_transmitter_disabled();
	test_id_registers();
	test_access_rules();
	test_reset_keeps_hook();
	return check_summary("vuart");
}
