/* SPDX-License-Identifier: MIT */
/*
 * Entry points of the hypervisor image.
 *
 * _start: the boot CPU, from reset or a boot loader, MMU off. cellforge
 * must own EL2: at any other level it reports and halts.
 *
 * secondary_entry: other CPUs, from PSCI CPU_ON, at EL2 with the MMU off
 * and x0 = the board CPU index the boot CPU passed as context. They turn on
 * the MMU with the boot CPU's tables before they write any memory: writes
 * with the MMU off bypass the caches and could be lost to stale lines.
 */
#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "core/percpu.h"

	/* \reg = address of \sym (PC-relative, +/- 4 GiB). */
	.macro	adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	/*
	 * Known EL2 state: MMU off, little-endian, our vectors, no traps yet,
	 * no per-CPU pointer. Clobbers x1.
	 */
	.macro	el2_reset_state
	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	ldr	x1, =HCR_EL2_BOOT
	msr	hcr_el2, x1
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr
	msr	spsel, #1		/* run on SP_EL2 */
	isb
	ic	iallu			/* no stale instructions from before reset */
	dsb	nsh
	isb
	.endm

	.section .text.entry, "ax"
	.global	_start
_start:
	mrs	x19, CurrentEL
	cmp	x19, #CURRENTEL_EL2
	b.ne	wrong_el
	el2_reset_state
	bl	clear_bss
	adr_l	x0, boot_stack
	add	sp, x0, #BOOT_STACK_SIZE
	bl	boot_cpu_setup		/* returns this CPU's stack top */
	mov	sp, x0
	mov	x29, xzr		/* end of the frame-record chain */
	mov	x30, xzr
	bl	boot_main
	b	halt

wrong_el:
	/* Whatever this level's state, printing needs only BSS and a stack. */
	bl	clear_bss
	adr_l	x0, boot_stack
	add	sp, x0, #BOOT_STACK_SIZE
	lsr	x0, x19, #CURRENTEL_EL_SHIFT
	bl	boot_wrong_el
	b	halt

	.global	secondary_entry
secondary_entry:
	mov	x19, x0			/* CPU index */
	mrs	x1, CurrentEL
	cmp	x1, #CURRENTEL_EL2
	b.ne	halt
	el2_reset_state
	adr_l	x3, hyp_mmu_config
	ldr	x0, [x3, #MMU_CONFIG_TTBR0]
	ldr	x1, [x3, #MMU_CONFIG_TCR]
	ldr	x2, [x3, #MMU_CONFIG_MAIR]
	bl	el2_mmu_enable
	/* An index past the stack array would put SP into foreign memory. */
	adr_l	x1, hyp_cpu_slots
	ldr	x1, [x1]
	cmp	x19, x1
	b.hs	halt
	adr_l	x2, hyp_stacks
	ldr	x3, =HYP_STACK_SIZE
	madd	x2, x19, x3, x2
	add	sp, x2, x3		/* top of hyp_stacks[index] */
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	secondary_main
	/* fall through */
halt:
	wfe
	b	halt

	/* Zero [__bss_start, __bss_end), 16-byte aligned by linker.ld. */
clear_bss:
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	ret

	.ltorg
