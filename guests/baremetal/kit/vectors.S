/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception vector table (Arm ARM D1.10.2: 16 entries of 128 bytes, 2 KiB aligned).
 * IRQs taken at EL1h go to the guest's handler (kit_set_irq_handler) and return;
 * everything else is unexpected: it is reported and the CPU stops.
 */
#include "kit/config.h"

/* Vector kinds, as exception.c decodes them: 4 * origin + type. */
#define ORIGIN_EL1_SP0 0
#define ORIGIN_EL1_SPX 1
#define ORIGIN_EL0_64  2
#define ORIGIN_EL0_32  3
#define TYPE_SYNC   0
#define TYPE_IRQ    1
#define TYPE_FIQ    2
#define TYPE_SERROR 3

.macro vector_fatal origin, type
	.balign	128
	mov	x1, sp				/* for the report */
	mov	x2, x30
	mov	x0, #(4 * \origin + \type)
	b	fatal_entry
.endm

	.section .text.kit.vectors, "ax"
	.balign	2048
	.globl	kit_vectors
kit_vectors:
	vector_fatal ORIGIN_EL1_SP0, TYPE_SYNC
	vector_fatal ORIGIN_EL1_SP0, TYPE_IRQ
	vector_fatal ORIGIN_EL1_SP0, TYPE_FIQ
	vector_fatal ORIGIN_EL1_SP0, TYPE_SERROR

	vector_fatal ORIGIN_EL1_SPX, TYPE_SYNC
	.balign	128
	b	irq_entry
	vector_fatal ORIGIN_EL1_SPX, TYPE_FIQ
	vector_fatal ORIGIN_EL1_SPX, TYPE_SERROR

	vector_fatal ORIGIN_EL0_64, TYPE_SYNC
	vector_fatal ORIGIN_EL0_64, TYPE_IRQ
	vector_fatal ORIGIN_EL0_64, TYPE_FIQ
	vector_fatal ORIGIN_EL0_64, TYPE_SERROR

	vector_fatal ORIGIN_EL0_32, TYPE_SYNC
	vector_fatal ORIGIN_EL0_32, TYPE_IRQ
	vector_fatal ORIGIN_EL0_32, TYPE_FIQ
	vector_fatal ORIGIN_EL0_32, TYPE_SERROR

/*
 * Never returns, so the old SP need not be trusted (it may be what faulted): continue
 * on the top of this CPU's own stack. x0 = kind, x1 = old SP, x2 = old LR.
 */
fatal_entry:
	mrs	x3, tpidr_el1
	cmp	x3, #KIT_MAX_CPUS
	csel	x3, xzr, x3, hs
	add	x3, x3, #1
	adrp	x4, kit_stacks
	add	x4, x4, :lo12:kit_stacks
	add	x4, x4, x3, lsl #KIT_STACK_SHIFT
	mov	sp, x4
	bl	kit_fatal_exception
	b	cpu_park

/* Caller-saved registers, x29/x30 and the return state: what C code may clobber. */
#define IRQ_FRAME 192
irq_entry:
	sub	sp, sp, #IRQ_FRAME
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	bl	kit_irq_dispatch
	ldr	x1, [sp, #176]
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #IRQ_FRAME
	eret

	.section .note.GNU-stack, "", %progbits
