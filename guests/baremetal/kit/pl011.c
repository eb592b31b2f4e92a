// SPDX-License-Identifier: MIT
/* Register layout: PrimeCell UART (PL011) Technical Reference Manual, 3.2. */
#include "kit/arch.h"
#include "kit/pl011.h"

#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1u << 5) /* transmit FIFO full */

/* A UART that never drains must not hang the guest: give up on a character after this. */
#define PL011_TX_SPIN_LIMIT 1000000u

void pl011_init(struct pl011 *uart, uintptr_t base)
{
	uart->base = base;
}

void pl011_putc(const struct pl011 *uart, char c)
{
	if (!uart->base)
		return;
	for (uint32_t spins = 0; mmio_read32(uart->base + UARTFR) & UARTFR_TXFF; spins++) {
		if (spins == PL011_TX_SPIN_LIMIT)
			return;
		cpu_relax();
	}
	mmio_write32(uart->base + UARTDR, (uint8_t)c);
}
