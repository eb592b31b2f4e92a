/* SPDX-License-Identifier: MIT */
/*
 * void el2_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair)
 *
 * A leaf that touches no memory, so that secondary CPUs can call it before
 * they have a usable (cacheable) stack. The identity map makes the switch
 * seamless: the next instruction is fetched from the same address.
 */
#include "arch/arm64/sysreg.h"

	.text
	.global	el2_mmu_enable
el2_mmu_enable:
	dsb	sy			/* table writes complete before the walker may read them */
	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb				/* new translation registers in effect */
	tlbi	alle2			/* no stale EL2 translations from before reset/firmware */
	dsb	nsh
	isb
	ldr	x3, =SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x3
	isb				/* following fetches are translated */
	ret
	.ltorg
