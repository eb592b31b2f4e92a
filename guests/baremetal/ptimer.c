// SPDX-License-Identifier: MIT
/*
 * Test guest: the EL1 physical timer (CNTP_*_EL0), as FreeRTOS ports, U-Boot and
 * bare-metal programs use it. It reads the timer's state at entry (a cell starts
 * with it stopped and its compare value 0), checks that the physical and virtual
 * counters agree (CNTVOFF_EL2 0), takes TICKS interrupts on the physical timer's
 * PPI through the GIC (half armed with CNTP_TVAL, half with CNTP_CVAL), measures
 * each one's lateness, then leaves the timer armed and asks for a system reset: the
 * next run must find it stopped again.
 *
 * Console lines (the hypervisor adds "[<cell>] "):
 *   ptimer: entry cntp_ctl 0x<c> cntp_cval 0x<v>
 *   ptimer: counters cntpct-cntvct <d> ticks
 *   ptimer: intid <n>, <TICKS> ticks of <p> us
 *   ptimer: ticks <n> (tval <a>, cval <b>) in <t> us, programmed <T> us
 *   ptimer: late min <a> us avg <b> us max <c> us; other irqs <k>
 *   ptimer: result ok | result FAILED <why>
 *   ptimer: left armed, cntp_ctl 0x<c>; system reset
 */
#include "kit/kit.h"

#define TICKS		       20u
#define TICK_PERIOD_US	       10000u
#define TICK_TIMEOUT_US	       5000000u /* per tick; generous for QEMU TCG on a busy host */
#define ARMED_FAR_AHEAD_US     60000000u
#define COUNTER_SKEW_TICKS     1000000u /* CNTPCT read after CNTVCT: far less apart than this */
#define TIMER_PHYSICAL_INDEX   1u /* arm,armv8-timer: secure, non-secure physical, virtual, hyp */
#define PHYSICAL_TIMER_DEFAULT 30u

/* CNTP_CTL_EL0 (Arm ARM D19.12.12). */
#define CNTP_CTL_ENABLE (1ul << 0)
#define CNTP_CTL_IMASK	(1ul << 1)

static uint32_t ptimer_intid;
static uint64_t period_ticks;
static volatile uint32_t ticks_taken, other_irqs;
static volatile uint64_t late_min = ~0ul, late_max, late_sum;
static volatile uint64_t expected_at;

static uint64_t cntpct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v) : : "memory");
	return v;
}

static uint64_t cntp_ctl(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(v));
	return v;
}

static uint64_t cntp_cval(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntp_cval_el0" : "=r"(v));
	return v;
}

static void cntp_set_ctl(uint64_t v)
{
	__asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(v) : "memory");
}

static void cntp_set_cval(uint64_t v)
{
	__asm__ volatile("msr cntp_cval_el0, %0\n\tisb" : : "r"(v) : "memory");
}

static void cntp_set_tval(uint64_t v)
{
	__asm__ volatile("msr cntp_tval_el0, %0\n\tisb" : : "r"(v) : "memory");
}

/* The physical timer's PPI from the device tree's timer node, else the BSA default. */
static uint32_t physical_timer_intid(const struct fdt *fdt)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "arm,armv8-timer") : -1;
	const uint8_t *irqs;
	uint32_t len;

	if (node < 0)
		return PHYSICAL_TIMER_DEFAULT;
	irqs = fdt_prop(fdt, node, "interrupts", &len);
	/* Three cells per interrupt (type, number, flags); type 1 is a PPI. */
	if (!irqs || len < (TIMER_PHYSICAL_INDEX + 1) * 12 ||
	    fdt_be32(irqs + TIMER_PHYSICAL_INDEX * 12) != 1)
		return PHYSICAL_TIMER_DEFAULT;
	return 16u + (fdt_be32(irqs + TIMER_PHYSICAL_INDEX * 12 + 4) & 15u);
}

/* Even ticks are armed with TVAL (relative), odd ones with CVAL (absolute). */
static void arm_next(uint32_t n, uint64_t from)
{
	expected_at = from + period_ticks;
	if (n % 2 == 0)
		cntp_set_tval(period_ticks);
	else
		cntp_set_cval(expected_at);
	cntp_set_ctl(CNTP_CTL_ENABLE);
}

/* IRQ context: no printing. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();
	uint64_t now, late;

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid != ptimer_intid) {
		other_irqs = other_irqs + 1;
		gicv3_eoi(intid);
		return;
	}
	now = cntpct();
	/* The line stays high until the timer is re-armed or stopped: quiet it first. */
	cntp_set_ctl(CNTP_CTL_ENABLE | CNTP_CTL_IMASK);
	late = now > expected_at ? now - expected_at : 0;
	if (late < late_min)
		late_min = late;
	if (late > late_max)
		late_max = late;
	late_sum = late_sum + late;
	ticks_taken = ticks_taken + 1;
	if (ticks_taken < TICKS)
		arm_next(ticks_taken, now);
	else
		cntp_set_ctl(0);
	gicv3_eoi(intid);
}

static bool run_ticks(const char **why)
{
	uint64_t started, elapsed;
	uint32_t seen = 0;

	kit_set_irq_handler(on_irq);
	gicv3_enable_private(ptimer_intid);
	started = cntpct();
	arm_next(0, started);
	irq_enable();
	while (seen < TICKS) {
		uint64_t deadline = timer_deadline_us(TICK_TIMEOUT_US);

		while (ticks_taken == seen && !timer_expired(deadline))
			cpu_wfi();
		if (ticks_taken == seen)
			break;
		seen = ticks_taken;
	}
	irq_disable();
	cntp_set_ctl(0);
	elapsed = cntpct() - started;
	printf("ptimer: ticks %u (tval %u, cval %u) in %lu us, programmed %lu us\n", seen,
	       (seen + 1) / 2, seen / 2, timer_ticks_to_us(elapsed),
	       (uint64_t)TICKS * TICK_PERIOD_US);
	if (seen)
		printf("ptimer: late min %lu us avg %lu us max %lu us; other irqs %u\n",
		       timer_ticks_to_us(late_min), timer_ticks_to_us(late_sum / seen),
		       timer_ticks_to_us(late_max), other_irqs);
	if (seen != TICKS) {
		*why = "a tick never came";
		return false;
	}
	/* Never early: each came after its deadline (late is counted from it). */
	if (elapsed < (uint64_t)TICKS * period_ticks) {
		*why = "ticks came early";
		return false;
	}
	return true;
}

void guest_main(const struct kit_info *info)
{
	uint64_t ctl = cntp_ctl(), cval = cntp_cval(), v, p;
	const char *why = NULL, *tick_problem = NULL;
	int err;

	printf("ptimer: entry cntp_ctl 0x%lx cntp_cval 0x%lx\n", ctl, cval);
	if (ctl != 0 || cval != 0)
		why = "the physical timer was not reset at entry";
	v = timer_now();
	p = cntpct();
	printf("ptimer: counters cntpct-cntvct %ld ticks\n", (int64_t)(p - v));
	if (!why && (p < v || p - v > COUNTER_SKEW_TICKS))
		why = "physical and virtual counters disagree";

	if (!gicv3_setup(info->fdt, "ptimer"))
		return;
	ptimer_intid = physical_timer_intid(info->fdt);
	period_ticks = timer_us_to_ticks(TICK_PERIOD_US);
	printf("ptimer: intid %u, %u ticks of %u us\n", ptimer_intid, TICKS, TICK_PERIOD_US);
	if (!run_ticks(&tick_problem) && !why)
		why = tick_problem;
	if (why)
		printf("ptimer: result FAILED %s\n", why);
	else
		printf("ptimer: result ok\n");

	/* Armed far ahead and unmasked: a restart must find it stopped and zeroed. */
	cntp_set_cval(cntpct() + timer_us_to_ticks(ARMED_FAR_AHEAD_US));
	cntp_set_ctl(CNTP_CTL_ENABLE);
	printf("ptimer: left armed, cntp_ctl 0x%lx; system reset\n", cntp_ctl());
	err = psci_system_reset();
	printf("ptimer: SYSTEM_RESET returned %s (%d)\n", psci_strerror(err), err);
}
