/* SPDX-License-Identifier: MIT */
/*
 * Virtual PL011 (Arm PrimeCell UART r1p5), one per cell with a virtual
 * console, at the board UART's address so that an unmodified guest driver
 * (Linux amba-pl011 with console=ttyAMA0, or a polled bare-metal driver)
 * works. TX bytes go to the console multiplexer (core/console_mux.h), RX
 * bytes come from it.
 *
 * Model (register names and bits: PL011 TRM, Arm DDI 0183, chapter 3):
 *
 * - Reset state is what a guest finds after firmware on a real board: UART
 *   enabled (CR = UARTEN|TXE|RXE), 8N1 with FIFOs on (LCR_H = 0x70), 115200
 *   baud at a 24 MHz reference clock (IBRD 13, FBRD 1), IFLS 1/2, all
 *   interrupts masked. Linux's earlycon and polled guests rely on that.
 * - The transmitter drains instantly: the mux always takes a byte, so
 *   FR.TXFE = 1, TXFF = 0, BUSY = 0. Exception, as on hardware: while the
 *   UART or its transmitter is disabled (CR.UARTEN or CR.TXE clear) written
 *   bytes wait in a 32-entry TX FIFO (FR shows its level; bytes written to a
 *   full FIFO are lost) and leave when the transmitter is enabled again.
 *   With CR.LBE (loopback) transmitted bytes enter the own RX FIFO instead.
 * - RX FIFO: 32 entries with LCR_H.FEN set, 1 (the holding register) with FEN
 *   clear; toggling FEN empties it. A byte arriving while the UART or its
 *   receiver is disabled is lost; one arriving at a full FIFO is lost and
 *   sets RSR.OE and RIS.OEIS. DR reads return error bits 0.
 * - Interrupts (RIS), see vuart.c for the reasoning:
 *     TXIS  latched: set each time a byte leaves the (instantly draining) TX
 *           FIFO, i.e. the level crosses the IFLS TX trigger downwards;
 *           cleared by ICR.TXIC. So it stays set while a guest transmits:
 *           Linux keeps TXIM set only while it has bytes queued.
 *     RXIS  RX level >= IFLS RX trigger (4/8/16/24/28 of 32; 1 with FEN=0).
 *     RTIS  RX FIFO not empty (the 32-bit-time timeout is taken as elapsed).
 *     OEIS  latched on overrun, cleared by ICR.OEIC.
 *   ICR.RXIC/RTIC acknowledge the RX conditions until the RX FIFO next
 *   changes (a byte arrives or is read): then they are evaluated afresh, so
 *   an acknowledged condition that still holds comes back, and a guest can
 *   never miss data sitting in the FIFO.
 *   MIS = RIS & IMSC; the interrupt output is MIS != 0.
 * - Accesses: 32- or 16-bit at word-aligned offsets, also 8-bit to DR;
 *   unknown offsets read as zero and ignore writes; anything else (64-bit,
 *   misaligned, 8-bit to other registers) is refused (returns false).
 *
 * Locking: u->lock protects all state; several CPUs of a cell may access
 * the device at once, and the mux delivers input from any CPU. Bytes are
 * handed to console_mux_putc() and the notify hook is called after the lock
 * is released, so the lock order is simply "nothing after vuart".
 */
#ifndef CELLFORGE_CORE_VUART_H
#define CELLFORGE_CORE_VUART_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mmio.h"
#include "lib/spinlock.h"

#define VUART_FIFO_DEPTH 32u /* PL011 r1p5 */
#define VUART_MMIO_SIZE	 0x1000u

/*
 * Called (without the vuart lock held) after the interrupt output may have
 * changed; the callee reads the current level with vuart_irq_level(). Passing
 * no level keeps racing notifications correct: the last one to run reads the
 * newest state.
 */
typedef void (*vuart_notify_fn)(void *ctx);

struct vuart {
	struct spinlock lock;
	uint32_t cell_index;
	vuart_notify_fn notify;
	void *notify_ctx;

	/* Guest-visible registers, as written (masked to their width). */
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	uint32_t rsr;	      /* receive status: only OE is ever set */
	uint32_t ris_latched; /* TXIS, OEIS */
	bool rx_acked;	      /* ICR.RXIC seen since the RX FIFO last changed */
	bool rt_acked;	      /* ICR.RTIC likewise */
	bool irq_level;	      /* MIS != 0, read without the lock */

	uint8_t rx_fifo[VUART_FIFO_DEPTH];
	uint32_t rx_head, rx_count;
	uint8_t tx_fifo[VUART_FIFO_DEPTH]; /* only while the transmitter is off */
	uint32_t tx_count;
};

/* Everything to reset state, no notify hook. */
void vuart_init(struct vuart *u, uint32_t cell_index);
/* Registers and FIFOs to reset state (cell restart); keeps index and hook. */
void vuart_reset(struct vuart *u);
void vuart_set_notify(struct vuart *u, vuart_notify_fn fn, void *ctx);

/* mmio_handler_fn; access->offset is within the 4 KiB UART frame. */
bool vuart_mmio(void *vuart, struct mmio_access *access);
/* Input from the console mux into the RX FIFO. */
void vuart_receive(struct vuart *u, uint8_t byte);
/* The UART's interrupt output (UARTINTR): MIS != 0. */
bool vuart_irq_level(const struct vuart *u);

#endif
