/* SPDX-License-Identifier: MIT */
/*
 * Counters of guest exits (why a CPU came to EL2) and of the interrupts the
 * hypervisor handled in IRQ exits, per CPU and per cell, and how they are
 * printed. Pure C (host-tested): the names and the line format are here.
 *
 * Exits (one per trap or interrupt exception from a guest):
 *   irq          physical interrupt exception (one per exit, several interrupts may be handled)
 *   gicd, gicr   emulated GIC distributor / redistributor accesses
 *   sgi          trapped ICC_SGI1R_EL1 (and the refused ICC_SGI0R/ASGI1R) writes
 *   uart         virtual PL011 accesses
 *   subpage      accesses forwarded to a sub-page device window (core/mmio_subpage.h)
 *   psci         PSCI/SMCCC calls answered
 *   smc-refused  SMCs with a function ID nobody serves
 *   hvc          hypercalls (none defined)
 *   setway       data cache maintenance by set/way, emulated (arch/arm64/setway.h)
 *   faults       faults of the cell
 * Interrupts handled in irq exits:
 *   timer        virtual timer (the virtual timer PPI) injected
 *   dev          other interrupts of the cell's devices injected (SPIs, PPIs)
 *   sgi-in       guest SGIs from sibling CPUs turned into virtual SGIs
 *   maint        maintenance interrupts (list registers freed or EOIs to see)
 *   kick         hypervisor SGIs (requests, interrupts to collect)
 *   console      physical console UART input
 *
 * Lines (the console adds "[hv] "):
 *   stats cell 'linux1' cpu1: exits irq 12 gicd 3 ... faults 0; irqs timer 10 dev 1 ...
 *   stats cell 'linux1': exits irq 20 ...
 */
#ifndef CELLFORGE_CORE_EXIT_STATS_H
#define CELLFORGE_CORE_EXIT_STATS_H

#include <stdint.h>

#include "lib/printf.h"

enum exit_reason {
	EXIT_IRQ,	  /* physical interrupt exception */
	EXIT_GICD,	  /* emulated distributor access */
	EXIT_GICR,	  /* emulated redistributor access */
	EXIT_SGI,	  /* trapped SGI generation register write */
	EXIT_UART,	  /* emulated PL011 access */
	EXIT_SUBPAGE,	  /* access forwarded to a sub-page device window */
	EXIT_PSCI,	  /* PSCI or SMCCC call answered */
	EXIT_SMC_REFUSED, /* SMC with a function ID nobody serves */
	EXIT_HVC,	  /* hypercall (none defined yet) */
	EXIT_SETWAY,	  /* DC ISW/CSW/CISW emulated */
	EXIT_FAULT,	  /* a fault of the cell */
	EXIT_REASON_COUNT,
};

enum irq_stat {
	IRQ_STAT_TIMER,	  /* virtual timer injected */
	IRQ_STAT_DEV,	  /* other owned interrupt injected */
	IRQ_STAT_SGI_IN,  /* relayed guest SGI */
	IRQ_STAT_MAINT,	  /* maintenance interrupt */
	IRQ_STAT_KICK,	  /* hypervisor SGI */
	IRQ_STAT_CONSOLE, /* physical console input */
	IRQ_STAT_COUNT,
};

struct exit_stats {
	uint64_t exits[EXIT_REASON_COUNT];
	uint64_t irqs[IRQ_STAT_COUNT];
};

const char *exit_reason_name(uint32_t reason);
const char *irq_stat_name(uint32_t stat);

/* Total of all exits. */
uint64_t exit_stats_total(const struct exit_stats *s);

/*
 * "stats cell '<cell>' <cpu>: exits irq N ...; irqs timer N ...\n", or
 * without the CPU when cpu is NULL.
 */
void exit_stats_print(struct fmt_sink *sink, const char *cell, const char *cpu,
		      const struct exit_stats *s);

/* " irq N gicd N ... faults N" (the exits only, for the summary line). */
void exit_stats_print_exits(struct fmt_sink *sink, const struct exit_stats *s);

#endif
