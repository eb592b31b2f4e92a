// SPDX-License-Identifier: MIT
/*
 * Demo guest: takes virtual-timer interrupts through the GIC on the boot CPU and
 * prints a line per tick, then switches the cell off.
 *
 * Console markers:
 *   <cell>: ticking every <p> ms on INTID <n>
 *   <cell>: tick <i>                 (i = 1..TICKS)
 *   <cell>: <n> ticks in <t> ms, programmed <p> ms   (measured on the virtual counter)
 *   <cell>: done
 */
#include "kit/kit.h"

#define TICKS		5
#define TICK_PERIOD_US	100000u
#define TICK_TIMEOUT_US 5000000u /* per tick; generous for QEMU TCG on a busy host */

static uint32_t timer_intid;
static uint64_t tick_ticks;
static uint32_t ticks_taken;
static uint32_t spurious;

/* Runs in IRQ context: no printing here (the interrupted code may hold the console). */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();

	if (intid == GIC_INTID_SPURIOUS) {
		spurious++;
		return;
	}
	if (intid == timer_intid) {
		/* Next deadline from the previous one: no drift from handling latency. */
		timer_arm(read_cntv_cval_el0() + tick_ticks);
		__atomic_fetch_add(&ticks_taken, 1, __ATOMIC_RELAXED);
	}
	gicv3_eoi(intid);
}

void guest_main(const struct kit_info *info)
{
	const char *cell = info->cell_name;
	uint32_t seen = 0;
	uint64_t started;

	if (!gicv3_setup(info->fdt, cell))
		return;
	timer_intid = gicv3_virtual_timer_intid(info->fdt);
	tick_ticks = timer_us_to_ticks(TICK_PERIOD_US);
	printf("%s: ticking every %u ms on INTID %u\n", cell, TICK_PERIOD_US / 1000, timer_intid);

	kit_set_irq_handler(on_irq);
	gicv3_enable_private(timer_intid);
	started = timer_now();
	timer_arm(started + tick_ticks);
	irq_enable();

	while (seen < TICKS) {
		uint64_t deadline = timer_deadline_us(TICK_TIMEOUT_US);
		uint32_t now;

		while ((now = __atomic_load_n(&ticks_taken, __ATOMIC_RELAXED)) == seen &&
		       !timer_expired(deadline))
			cpu_wfi();
		if (now == seen) {
			printf("%s: no tick within %u ms\n", cell, TICK_TIMEOUT_US / 1000);
			break;
		}
		while (seen < now && seen < TICKS)
			printf("%s: tick %u\n", cell, ++seen);
	}

	irq_disable();
	timer_disarm();
	/* The rate check: the last tick's deadline is started + seen periods on the counter. */
	printf("%s: %u ticks in %lu ms, programmed %u ms\n", cell, seen,
	       timer_ticks_to_us(timer_now() - started) / 1000, seen * (TICK_PERIOD_US / 1000));
	if (spurious)
		printf("%s: %u spurious interrupts\n", cell, spurious);
	printf("%s: done\n", cell);
}
