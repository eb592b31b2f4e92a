// SPDX-License-Identifier: MIT
/*
 * Register offsets and bits from the "PrimeCell UART (PL011) Technical
 * Reference Manual" (Arm DDI 0183), chapter 3 "Programmers Model".
 *
 * Transmit is polled; receive never waits (the console mux reads it when the
 * RX interrupt arrives, and on guest UART accesses). Waits
 * are bounded: a UART that never drains must not hang the hypervisor, losing
 * a character is the lesser evil.
 */
#include "drivers/pl011.h"
#include "compiler.h"

#define UARTDR	  0x000 /* data register */
#define UARTFR	  0x018 /* flag register */
#define UARTLCR_H 0x02c /* line control */
#define UARTCR	  0x030 /* control register */
#define UARTIFLS  0x034 /* interrupt FIFO level select */
#define UARTIMSC  0x038 /* interrupt mask set/clear */
#define UARTICR	  0x044 /* interrupt clear */

#define UARTIMSC_RXIM	 BIT(4) /* receive */
#define UARTIMSC_RTIM	 BIT(6) /* receive timeout */
#define UARTIFLS_RX_MASK (UL(7) << 3)
#define UARTIFLS_RX_1_8	 (UL(0) << 3) /* RX interrupt at 1/8 full: keystrokes come one by one */

#define UARTFR_BUSY BIT(3) /* transmitting, or FIFO not empty */
#define UARTFR_RXFE BIT(4) /* receive FIFO empty */
#define UARTFR_TXFF BIT(5) /* transmit FIFO full */

#define UARTLCR_H_FEN	 BIT(4)	      /* FIFOs enabled */
#define UARTLCR_H_WLEN_8 (UL(3) << 5) /* 8 data bits */
#define UARTCR_UARTEN	 BIT(0)
#define UARTCR_TXE	 BIT(8)
#define UARTCR_RXE	 BIT(9)

/* At 115200 baud one character takes ~87 us; this bounds a wait to far more. */
#define PL011_SPIN_LIMIT 1000000u

static inline uint32_t reg_read(uint64_t base, uint32_t offset)
{
	return *(volatile uint32_t *)(uintptr_t)(base + offset);
}

static inline void reg_write(uint64_t base, uint32_t offset, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)(base + offset) = value;
}

void pl011_init(uint64_t base)
{
	uint32_t cr = reg_read(base, UARTCR);

	/*
	 * Firmware normally left the UART running (and the baud rate depends on
	 * a reference clock we do not know), so only enable what is off. The
	 * line control may only change while the UART is disabled.
	 */
	if ((cr & (UARTCR_UARTEN | UARTCR_TXE)) != (UARTCR_UARTEN | UARTCR_TXE)) {
		reg_write(base, UARTCR, 0);
		reg_write(base, UARTLCR_H, UARTLCR_H_FEN | UARTLCR_H_WLEN_8);
		reg_write(base, UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
	}
}

void pl011_putc(uint64_t base, char c)
{
	for (uint32_t spin = 0; spin < PL011_SPIN_LIMIT; spin++) {
		if (!(reg_read(base, UARTFR) & UARTFR_TXFF))
			break;
	}
	reg_write(base, UARTDR, (uint8_t)c);
}

void pl011_flush(uint64_t base)
{
	for (uint32_t spin = 0; spin < PL011_SPIN_LIMIT; spin++) {
		if (!(reg_read(base, UARTFR) & UARTFR_BUSY))
			break;
	}
}

bool pl011_try_getc(uint64_t base, uint8_t *byte)
{
	if (reg_read(base, UARTFR) & UARTFR_RXFE)
		return false;
	/* Bits 11:8 are the byte's error flags; a damaged byte is still passed on. */
	*byte = (uint8_t)reg_read(base, UARTDR);
	return true;
}

void pl011_enable_rx_interrupt(uint64_t base)
{
	reg_write(base, UARTIFLS,
		  (reg_read(base, UARTIFLS) & ~(uint32_t)UARTIFLS_RX_MASK) |
			  (uint32_t)UARTIFLS_RX_1_8);
	reg_write(base, UARTICR, UARTIMSC_RXIM | UARTIMSC_RTIM);
	reg_write(base, UARTIMSC, reg_read(base, UARTIMSC) | UARTIMSC_RXIM | UARTIMSC_RTIM);
}
