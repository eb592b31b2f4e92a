/* SPDX-License-Identifier: MIT */
/*
 * Exceptions at EL1. IRQs go to one handler the guest installs (which acknowledges
 * the interrupt at the GIC itself); any other exception is reported on the console
 * (ESR/FAR/ELR decoded) and stops the CPU.
 */
#ifndef KIT_EXCEPTION_H
#define KIT_EXCEPTION_H

#include <stdint.h>

typedef void (*kit_irq_handler)(void);

/* Installs the IRQ handler for all CPUs; NULL makes IRQs fatal again. */
void kit_set_irq_handler(kit_irq_handler handler);

/* Called from vectors.S. */
void kit_irq_dispatch(void);
__attribute__((noreturn)) void kit_fatal_exception(uint64_t kind, uint64_t sp, uint64_t lr);

#endif
