/* SPDX-License-Identifier: MIT */
/*
 * Arm PL011 UART, polled transmit only. The kit leaves baud rate and line settings
 * to whoever owns the UART (firmware, or the hypervisor's virtual PL011).
 */
#ifndef KIT_PL011_H
#define KIT_PL011_H

#include <stdint.h>

struct pl011 {
	uintptr_t base; /* 0: no UART, output is dropped */
};

void pl011_init(struct pl011 *uart, uintptr_t base);
void pl011_putc(const struct pl011 *uart, char c);

#endif
