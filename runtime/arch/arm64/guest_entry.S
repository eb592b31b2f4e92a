/* SPDX-License-Identifier: MIT */
/*
 * void guest_start(uint64_t entry, uint64_t x0, uint64_t stack_top, uint64_t spsr)
 *
 * Enters a guest at its entry point with every general-purpose register
 * zero except x0. The hypervisor stack restarts at stack_top: whatever
 * called this (the wait loop, a handler that stopped a cell) is abandoned,
 * and the next exit's frame sits at the top of the stack again.
 */
	.text
	.global	guest_start
guest_start:
	mov	sp, x2
	msr	elr_el2, x0
	msr	spsr_el2, x3
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	eret
