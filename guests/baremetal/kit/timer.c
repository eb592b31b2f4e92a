// SPDX-License-Identifier: MIT
#include "kit/arch.h"
#include "kit/timer.h"

/* QEMU virt's counter rate; used only if CNTFRQ_EL0 reads 0 (firmware did not set it). */
#define TIMER_FALLBACK_HZ 62500000u

uint64_t timer_frequency(void)
{
	uint64_t hz = read_cntfrq_el0() & 0xffffffffu;

	return hz ? hz : TIMER_FALLBACK_HZ;
}

uint64_t timer_now(void)
{
	uint64_t v;

	/* Without the ISB the read may be performed early, out of program order. */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

uint64_t timer_us_to_ticks(uint64_t us)
{
	uint64_t hz = timer_frequency();

	/* Split to avoid overflow for long delays at high rates. */
	return (us / 1000000u) * hz + (us % 1000000u) * hz / 1000000u;
}

uint64_t timer_ticks_to_us(uint64_t ticks)
{
	uint64_t hz = timer_frequency();

	return (ticks / hz) * 1000000u + (ticks % hz) * 1000000u / hz;
}

uint64_t timer_deadline_us(uint64_t us)
{
	return timer_now() + timer_us_to_ticks(us);
}

bool timer_expired(uint64_t deadline)
{
	return (int64_t)(timer_now() - deadline) >= 0;
}

void timer_delay_us(uint64_t us)
{
	uint64_t deadline = timer_deadline_us(us);

	while (!timer_expired(deadline))
		cpu_relax();
}

void timer_arm(uint64_t deadline)
{
	write_cntv_cval_el0(deadline);
	write_cntv_ctl_el0(CNTV_CTL_ENABLE);
	isb();
}

void timer_disarm(void)
{
	write_cntv_ctl_el0(0);
	isb();
}
