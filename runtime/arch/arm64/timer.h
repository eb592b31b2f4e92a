/* SPDX-License-Identifier: MIT */
/*
 * The generic timer's physical count, used to bound waits in real time
 * (CNTPCT_EL0, CNTFRQ_EL0: Arm ARM DDI 0487, "The Generic Timer").
 */
#ifndef CELLFORGE_ARM64_TIMER_H
#define CELLFORGE_ARM64_TIMER_H

#include <stdint.h>

#include "arch/arm64/sysreg.h"

/* Used when firmware left CNTFRQ_EL0 zero; QEMU's virt runs it at 62.5 MHz. */
#define TIMER_FALLBACK_HZ 62500000u

static inline uint64_t timer_count(void)
{
	isb(); /* do not let the read float before earlier instructions */
	return read_sysreg(cntpct_el0);
}

static inline uint64_t timer_hz(void)
{
	uint64_t hz = read_sysreg(cntfrq_el0) & 0xffffffffu;

	return hz ? hz : TIMER_FALLBACK_HZ;
}

#endif
