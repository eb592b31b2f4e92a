/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception vector table (Arm ARM D1.10.2: 16 entries of 128 bytes, 2 KiB aligned).
 * IRQs taken at EL1h go to the guest's handler (kit_set_irq_handler) and return.
 * Synchronous exceptions at EL1h go to the guest's handler (kit_set_sync_handler) if
 * one is installed, and return if it handled them. Everything else is unexpected: it
 * is reported and the CPU stops.
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

	.balign	128
	b	sync_entry
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

/*
 * Synchronous exception at EL1h. Without a guest handler nothing is saved (the SP may
 * be what faulted) and the exception is reported as before. With one, the full
 * context goes into a struct kit_exception on the stack; should saving it fault
 * (a bad SP), the nested exception is reported instead of looping.
 * SP_EL0 and TPIDRRO_EL0 serve as scratch registers: the kit never runs at EL0.
 */
#define SYNC_KIND  (4 * ORIGIN_EL1_SPX + TYPE_SYNC)
#define SYNC_FRAME 288			/* sizeof(struct kit_exception), 16-byte aligned */
#define SYNC_ELR   248
#define SYNC_ESR   264
sync_entry:
	msr	sp_el0, x0
	adrp	x0, kit_sync_hook
	ldr	x0, [x0, :lo12:kit_sync_hook]
	cbz	x0, sync_fatal
	msr	tpidrro_el0, x1
	mrs	x0, elr_el1
	adr	x1, sync_save
	sub	x0, x0, x1
	cmp	x0, #(sync_save_end - sync_save)
	b.lo	sync_fatal			/* a fault while saving the frame below */
	mrs	x0, sp_el0
	mrs	x1, tpidrro_el0
sync_save:
	sub	sp, sp, #SYNC_FRAME
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
sync_save_end:
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #SYNC_ELR]
	mrs	x0, esr_el1
	mrs	x1, far_el1
	stp	x0, x1, [sp, #SYNC_ESR]
	mov	x0, sp
	bl	kit_sync_dispatch
	cbz	w0, sync_declined
	ldp	x0, x1, [sp, #SYNC_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #SYNC_FRAME
	eret
sync_declined:					/* ESR/FAR/ELR_EL1 still describe it */
	ldr	x2, [sp, #240]
	add	x1, sp, #SYNC_FRAME
	mov	x0, #SYNC_KIND
	b	fatal_entry
sync_fatal:
	mov	x1, sp
	mov	x2, x30
	mov	x0, #SYNC_KIND
	b	fatal_entry

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
