/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vector table. VBAR_EL2 needs 2 KiB alignment and every slot
 * is 0x80 bytes (32 instructions), too small to save a frame, so each slot
 * saves x0/x1, puts its slot number in x1 and branches to common code.
 * All 16 slots are populated: an exception from any source reaches C.
 */
#include "arch/arm64/exception_frame.h"

	/* .org refuses to move backwards: an overflowing slot fails the build. */
	.macro	vector_slot index
	.org	el2_vectors + \index * 0x80
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp, #EXC_FRAME_X0]
	mov	x1, #\index
	b	el2_exception_common
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0 (unused: the hypervisor runs on SP_EL2). */
	vector_slot 0	/* synchronous */
	vector_slot 1	/* IRQ */
	vector_slot 2	/* FIQ */
	vector_slot 3	/* SError */
	/* Current EL with SP_EL2: faults of the hypervisor itself. */
	vector_slot 4
	vector_slot 5
	vector_slot 6
	vector_slot 7
	/* Lower EL, AArch64: guests (traps, interrupts while a guest runs). */
	vector_slot 8
	vector_slot 9
	vector_slot 10
	vector_slot 11
	/* Lower EL, AArch32. */
	vector_slot 12
	vector_slot 13
	vector_slot 14
	vector_slot 15
	.org	el2_vectors + EXC_VECTOR_COUNT * 0x80

	.text
el2_exception_common:
	stp	x2, x3, [sp, #EXC_FRAME_X0 + 2 * 8]
	stp	x4, x5, [sp, #EXC_FRAME_X0 + 4 * 8]
	stp	x6, x7, [sp, #EXC_FRAME_X0 + 6 * 8]
	stp	x8, x9, [sp, #EXC_FRAME_X0 + 8 * 8]
	stp	x10, x11, [sp, #EXC_FRAME_X0 + 10 * 8]
	stp	x12, x13, [sp, #EXC_FRAME_X0 + 12 * 8]
	stp	x14, x15, [sp, #EXC_FRAME_X0 + 14 * 8]
	stp	x16, x17, [sp, #EXC_FRAME_X0 + 16 * 8]
	stp	x18, x19, [sp, #EXC_FRAME_X0 + 18 * 8]
	stp	x20, x21, [sp, #EXC_FRAME_X0 + 20 * 8]
	stp	x22, x23, [sp, #EXC_FRAME_X0 + 22 * 8]
	stp	x24, x25, [sp, #EXC_FRAME_X0 + 24 * 8]
	stp	x26, x27, [sp, #EXC_FRAME_X0 + 26 * 8]
	stp	x28, x29, [sp, #EXC_FRAME_X0 + 28 * 8]
	add	x2, sp, #EXC_FRAME_SIZE
	stp	x30, x2, [sp, #EXC_FRAME_X0 + 30 * 8]	/* x30 and the interrupted SP */
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #EXC_FRAME_ELR]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #EXC_FRAME_ESR]

	/*
	 * From a guest (slots 8-15): the branch predictor may hold the guest's
	 * training, so the firmware's workaround runs before the first indirect
	 * branch at EL2 (spectre.h); CPUs that need none pay a load and a
	 * branch. The guest's registers are in the frame, and SMCCC calls keep
	 * x18-x30 (DEN 0028), so only the slot number is kept aside in x19.
	 */
	cmp	x1, #8
	b.lo	1f
	mrs	x2, tpidr_el2
	ldr	w2, [x2]			/* percpu.index */
	adrp	x3, spectre_exit_call
	add	x3, x3, :lo12:spectre_exit_call
	ldr	w0, [x3, x2, lsl #2]
	cbz	w0, 1f
	mov	x19, x1
	smc	#0
	mov	x1, x19
1:

	/*
	 * Saved x29 and x30 sit next to each other, which is the shape of an
	 * AAPCS64 frame record: point x29 at them so that debuggers can unwind
	 * from the handler into the interrupted code's callers.
	 */
	add	x29, sp, #EXC_FRAME_X0 + 29 * 8
	mov	x0, sp
	bl	el2_exception

	/* The handler may have changed the frame (e.g. ELR to skip a trap). */
	ldp	x2, x3, [sp, #EXC_FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x0, x1, [sp, #EXC_FRAME_X0]
	ldp	x2, x3, [sp, #EXC_FRAME_X0 + 2 * 8]
	ldp	x4, x5, [sp, #EXC_FRAME_X0 + 4 * 8]
	ldp	x6, x7, [sp, #EXC_FRAME_X0 + 6 * 8]
	ldp	x8, x9, [sp, #EXC_FRAME_X0 + 8 * 8]
	ldp	x10, x11, [sp, #EXC_FRAME_X0 + 10 * 8]
	ldp	x12, x13, [sp, #EXC_FRAME_X0 + 12 * 8]
	ldp	x14, x15, [sp, #EXC_FRAME_X0 + 14 * 8]
	ldp	x16, x17, [sp, #EXC_FRAME_X0 + 16 * 8]
	ldp	x18, x19, [sp, #EXC_FRAME_X0 + 18 * 8]
	ldp	x20, x21, [sp, #EXC_FRAME_X0 + 20 * 8]
	ldp	x22, x23, [sp, #EXC_FRAME_X0 + 22 * 8]
	ldp	x24, x25, [sp, #EXC_FRAME_X0 + 24 * 8]
	ldp	x26, x27, [sp, #EXC_FRAME_X0 + 26 * 8]
	ldp	x28, x29, [sp, #EXC_FRAME_X0 + 28 * 8]
	ldr	x30, [sp, #EXC_FRAME_X0 + 30 * 8]
	add	sp, sp, #EXC_FRAME_SIZE
	eret
