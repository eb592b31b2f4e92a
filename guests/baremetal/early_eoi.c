// SPDX-License-Identifier: MIT
/*
 * Level-triggered interrupts handled "EOI first, clear the source after":
 * the handler signals the end of the interrupt (ICC_EOIR1_EL1, which also
 * deactivates it) before it reprograms the virtual timer or clears the PL031
 * RTC's match interrupt. On the bare GIC the pending state follows the line,
 * so each event runs the handler exactly once; a hypervisor that latches the
 * re-fired interrupt delivers it a second time, with the source already clear.
 *
 * Console markers:
 *   <cell>: timer: <e> expiries, <r> handler runs, <c> with the source clear, <s> spurious
 *   <cell>: rtc: <m> matches, <r> handler runs, <c> with the source clear, <s> spurious
 *   <cell>: rtc: not assigned               (no arm,pl031 node in the device tree)
 *   <cell>: timer-clean: <e> expiries, <r> handler runs, <c> with the source clear, <s> spurious
 *                                            (the polite order: reprogram, then EOI,
 *                                             waiting in WFI with IRQs masked like Linux)
 *   <cell>: done
 */
#include "kit/kit.h"

#define TIMER_EVENTS	 256u
#define TIMER_PERIOD_US	 300u
#define RTC_EVENTS	 16u
#define CLEAN_EVENTS	 64u
#define EVENT_TIMEOUT_US 2000000u /* per event; generous for QEMU TCG on a busy host */
#define SETTLE_US	 20000u	  /* after the last event: time for a stray second delivery */

/* PL031 registers (ARM DDI 0224). */
#define RTC_DR	 0x00u /* data: seconds counter */
#define RTC_MR	 0x04u /* match */
#define RTC_CR	 0x0cu /* control: bit 0 start */
#define RTC_IMSC 0x10u /* interrupt mask set/clear: bit 0 enables the match interrupt */
#define RTC_MIS	 0x18u /* masked interrupt status */
#define RTC_ICR	 0x1cu /* interrupt clear */

/* GICD registers for one SPI (IHI 0069 12.9). */
#define GICD_IGROUPR	0x0080u
#define GICD_ISENABLER	0x0100u
#define GICD_IPRIORITYR 0x0400u
#define GICD_ICFGR	0x0c00u
#define GICD_IROUTER	0x6000u
#define SPI_PRIORITY	0x80u

struct source {
	volatile uint32_t runs;	 /* handler runs for this INTID */
	volatile uint32_t clear; /* of which the source was no longer asserting */
};

static uint32_t timer_intid, rtc_intid;
static uintptr_t rtc_base;
static uint64_t period_ticks;
static volatile uint32_t timer_armed;	 /* expiries still to program */
static volatile uint32_t timer_expiries; /* handler runs that found the timer asserting */
static struct source timer_src, rtc_src;
static volatile uint32_t spurious;
static volatile bool eoi_first = true; /* false: the polite order, source first */

static uint64_t read_cntv_ctl(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(v));
	return v;
}

/* Runs in IRQ context: no printing. The EOI comes before the source is cleared. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();

	if (intid == GIC_INTID_SPURIOUS) {
		spurious++;
		return;
	}
	if (intid == timer_intid) {
		uint64_t ctl = read_cntv_ctl();
		bool asserted = (ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)) ==
				(CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS);

		timer_src.runs++;
		if (!asserted)
			timer_src.clear++;
		if (eoi_first)
			gicv3_eoi(intid);
		if (asserted) {
			timer_expiries++;
			if (timer_armed > 0) {
				timer_armed--;
				timer_arm(timer_now() + period_ticks);
			} else {
				timer_disarm();
			}
		}
		if (!eoi_first)
			gicv3_eoi(intid);
		return;
	}
	if (rtc_intid && intid == rtc_intid) {
		rtc_src.runs++;
		if (!(mmio_read32(rtc_base + RTC_MIS) & 1u))
			rtc_src.clear++;
		gicv3_eoi(intid);
		mmio_write32(rtc_base + RTC_ICR, 1u);
		return;
	}
	gicv3_eoi(intid);
}

/* Waits until *count reaches want (events are seen one at a time: bounded by the timeout). */
static bool wait_count(const volatile uint32_t *count, uint32_t want, uint64_t timeout_us)
{
	uint64_t deadline = timer_deadline_us(timeout_us);

	while (*count < want && !timer_expired(deadline))
		cpu_relax();
	return *count >= want;
}

/*
 * Waits like an idle Linux: WFI with IRQs masked (a pending interrupt still
 * wakes it), then unmasks to take it. Every interrupt arrives while masked.
 */
static bool wait_count_idle(const volatile uint32_t *count, uint32_t want, uint64_t timeout_us)
{
	uint64_t deadline = timer_deadline_us(timeout_us);

	while (*count < want && !timer_expired(deadline)) {
		irq_disable();
		if (*count < want)
			cpu_wfi();
		irq_enable();
	}
	return *count >= want;
}

static void run_timer(const char *cell, const char *name, uint32_t events)
{
	uint32_t before = spurious;

	timer_expiries = 0;
	timer_src = (struct source){0};
	period_ticks = timer_us_to_ticks(TIMER_PERIOD_US);
	timer_armed = events - 1u;
	gicv3_enable_private(timer_intid);
	timer_arm(timer_now() + period_ticks);
	if (!(eoi_first ? wait_count : wait_count_idle)(&timer_expiries, events, 30000000u))
		printf("%s: %s: stuck after %u expiries\n", cell, name, timer_expiries);
	timer_delay_us(SETTLE_US);
	printf("%s: %s: %u expiries, %u handler runs, %u with the source clear, %u spurious\n",
	       cell, name, timer_expiries, timer_src.runs, timer_src.clear, spurious - before);
}

static uintptr_t find_rtc(const struct fdt *fdt, uint32_t *intid)
{
	int node = fdt_find_compatible(fdt, -1, "arm,pl031");
	const uint8_t *irq;
	uint64_t base, size;
	uint32_t len;

	*intid = 0;
	if (node < 0 || !fdt_node_enabled(fdt, node) || fdt_reg(fdt, node, 0, &base, &size) < 0)
		return 0;
	irq = fdt_prop(fdt, node, "interrupts", &len);
	if (!irq || len < 12 || fdt_be32(irq) != 0) /* GIC_SPI n flags */
		return 0;
	*intid = 32u + fdt_be32(irq + 4);
	return (uintptr_t)base;
}

static uintptr_t find_gicd(const struct fdt *fdt)
{
	int node = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	uint64_t base, size;

	if (node < 0 || fdt_reg(fdt, node, 0, &base, &size) < 0)
		return 0;
	return (uintptr_t)base;
}

/* Group 1, level-sensitive, routed here, enabled. */
static void enable_spi(uintptr_t gicd, uint32_t intid)
{
	uintptr_t cfg = gicd + GICD_ICFGR + (intid / 16u) * 4u;
	uint32_t word = (intid / 32u) * 4u, bit = 1u << (intid % 32u);

	mmio_write32(gicd + GICD_IGROUPR + word, mmio_read32(gicd + GICD_IGROUPR + word) | bit);
	*(volatile uint8_t *)(gicd + GICD_IPRIORITYR + intid) = SPI_PRIORITY;
	mmio_write32(cfg, mmio_read32(cfg) & ~(1u << (2u * (intid % 16u) + 1u)));
	*(volatile uint64_t *)(gicd + GICD_IROUTER + 8u * intid) = cpu_mpidr();
	mmio_write32(gicd + GICD_ISENABLER + word, bit);
	dsb_sy();
}

static void run_rtc(const char *cell, const struct fdt *fdt)
{
	uintptr_t gicd = find_gicd(fdt);
	uint32_t before = spurious;

	rtc_base = find_rtc(fdt, &rtc_intid);
	if (!rtc_base || !gicd) {
		rtc_intid = 0;
		printf("%s: rtc: not assigned\n", cell);
		return;
	}
	mmio_write32(rtc_base + RTC_CR, 1u);
	mmio_write32(rtc_base + RTC_ICR, 1u);
	mmio_write32(rtc_base + RTC_IMSC, 1u);
	enable_spi(gicd, rtc_intid);
	for (uint32_t i = 1; i <= RTC_EVENTS; i++) {
		bool seen = false;

		/*
		 * A match register equal to the counter matches at once. The counter
		 * can tick between the read and the write: then try again.
		 */
		for (uint32_t attempt = 0; attempt < 3 && !seen; attempt++) {
			mmio_write32(rtc_base + RTC_MR, mmio_read32(rtc_base + RTC_DR));
			seen = wait_count(&rtc_src.runs, i, EVENT_TIMEOUT_US);
		}
		if (!seen) {
			printf("%s: rtc: no match interrupt for event %u\n", cell, i);
			break;
		}
	}
	timer_delay_us(SETTLE_US);
	mmio_write32(rtc_base + RTC_IMSC, 0u);
	printf("%s: rtc: %u matches, %u handler runs, %u with the source clear, %u spurious\n",
	       cell, RTC_EVENTS, rtc_src.runs, rtc_src.clear, spurious - before);
}

void guest_main(const struct kit_info *info)
{
	const char *cell = info->cell_name;

	if (!gicv3_setup(info->fdt, cell))
		return;
	timer_intid = gicv3_virtual_timer_intid(info->fdt);
	kit_set_irq_handler(on_irq);
	irq_enable();
	run_timer(cell, "timer", TIMER_EVENTS);
	run_rtc(cell, info->fdt);
	eoi_first = false;
	run_timer(cell, "timer-clean", CLEAN_EVENTS);
	irq_disable();
	printf("%s: done\n", cell);
}
