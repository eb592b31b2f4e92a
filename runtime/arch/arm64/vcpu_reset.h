/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU hardware state a guest can read that neither the architecture's
 * EL1 reset list in vcpu.c nor the vGIC covers: FP/SIMD registers, the PMU
 * and the self-hosted debug registers. Whatever the previous run of a cell
 * (or the firmware, or another system before a warm reset) left there must
 * not reach the next guest on this CPU, so vcpu_enter() resets it on every
 * entry at a start or restart.
 */
#ifndef CELLFORGE_ARM64_VCPU_RESET_H
#define CELLFORGE_ARM64_VCPU_RESET_H

/*
 * Zeroes V0-V31, FPCR and FPSR; stops, clears and deconfigures the PMU
 * (counters, enables, overflow flags, event types, filters, EL0 access);
 * clears every implemented breakpoint and watchpoint and puts the OS Lock
 * in its cold-reset state. Runs at EL2 with MDCR_EL2 and CPTR_EL2 as
 * vcpu_enter() set them; leaves CPTR_EL2 as it found it.
 */
void vcpu_reset_hw_state(void);

#endif
