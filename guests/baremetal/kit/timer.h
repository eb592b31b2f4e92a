/* SPDX-License-Identifier: MIT */
/*
 * Arm generic timer, virtual view (CNTVCT_EL0, CNTV_*): what a guest under a
 * hypervisor should use. Delays and deadlines for bounded waits; the compare
 * registers for guests that take timer interrupts.
 */
#ifndef KIT_TIMER_H
#define KIT_TIMER_H

#include <stdbool.h>
#include <stdint.h>

/* CNTV_CTL_EL0 bits (Arm ARM D13.8.17). */
#define CNTV_CTL_ENABLE	 (1u << 0)
#define CNTV_CTL_IMASK	 (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

/* Counter frequency in Hz; CNTFRQ_EL0, or a fallback when firmware left it 0. */
uint64_t timer_frequency(void);
uint64_t timer_now(void); /* CNTVCT_EL0 */
uint64_t timer_us_to_ticks(uint64_t us);
uint64_t timer_ticks_to_us(uint64_t ticks);
/* Counter value 'us' microseconds from now. */
uint64_t timer_deadline_us(uint64_t us);
bool timer_expired(uint64_t deadline);
void timer_delay_us(uint64_t us);

/* Arms the virtual timer to fire at 'deadline' (counter value), interrupt unmasked. */
void timer_arm(uint64_t deadline);
void timer_disarm(void);

#endif
