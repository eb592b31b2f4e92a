/* SPDX-License-Identifier: MIT */
/*
 * Driver for the Arm PrimeCell UART (PL011), the physical console: polled
 * transmit, receive polled or announced by its RX interrupt.
 */
#ifndef CELLFORGE_DRIVERS_PL011_H
#define CELLFORGE_DRIVERS_PL011_H

#include <stdbool.h>
#include <stdint.h>

/* Makes sure the UART transmits; keeps the firmware's baud rate and framing. */
void pl011_init(uint64_t base);
void pl011_putc(uint64_t base, char c);
/* Waits until the last character has left the shift register. */
void pl011_flush(uint64_t base);
/* Takes one received byte if there is one; never waits. */
bool pl011_try_getc(uint64_t base, uint8_t *byte);
/* Raises the UART's interrupt while received bytes wait (RX and receive timeout). */
void pl011_enable_rx_interrupt(uint64_t base);

#endif
