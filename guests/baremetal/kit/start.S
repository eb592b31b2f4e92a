/* SPDX-License-Identifier: MIT */
/*
 * Entry points of a bare-metal guest.
 *
 * Boot ABI (set by the cellforge runtime; Linux arm64 boot protocol style):
 *   boot CPU:      enters at _start (ELF entry, image offset 0) at EL1h, MMU and
 *                  caches off, DAIF masked, x0 = DTB guest-physical address.
 *   other CPUs:    started by the guest with PSCI CPU_ON at kit_secondary_entry,
 *                  same state, x0 = context id = the kit's CPU index (1..).
 * The image is linked at 0 and may be loaded at any 4 KiB-aligned address: the boot
 * CPU applies the R_AARCH64_RELATIVE relocations before any C code runs. The page
 * tables map VA = PA, so addresses taken before and after the MMU is on agree.
 */
#include "kit/config.h"
#include "kit/sysregs.h"

/* Linux arm64 Image header (Linux Documentation/arm64/booting.rst, "Call the kernel
 * image"): lets loaders that speak that protocol (QEMU -kernel, U-Boot booti) start a
 * raw binary of the guest and pass the DTB in x0. */
#define IMAGE_FLAG_PLACE_ANYWHERE (1 << 3)
#define IMAGE_MAGIC               0x644d5241 /* "ARM\x64" */

/* adrp + add: the run-time address of a symbol, PC-relative (no relocation). */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

	.section .kit.head, "ax"		/* first in the image: guest.ld */
	.globl	_start
	.type	_start, %function
_start:
	b	boot_cpu_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	__image_end - _start		/* image_size incl. BSS (PC-relative: no run-time reloc) */
	.quad	IMAGE_FLAG_PLACE_ANYWHERE	/* little-endian, any page size */
	.quad	0, 0, 0				/* reserved */
	.long	IMAGE_MAGIC
	.long	0				/* reserved */

boot_cpu_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* DTB address, kept in a callee-saved register */
	bl	cpu_reset_state
	msr	tpidr_el1, xzr			/* the boot CPU has kit index 0 */
	adr_l	x0, kit_stacks
	add	x0, x0, #KIT_STACK_SIZE
	mov	sp, x0

	/* Relocate: *(base + r_offset) = base + r_addend for every Elf64_Rela entry. */
	adr_l	x9, __image_start		/* run-time address of link address 0 */
	adr_l	x10, __rela_start
	adr_l	x11, __rela_end
	mov	x20, #0				/* count of relocations of unexpected types */
1:	cmp	x10, x11
	b.hs	3f
	ldp	x12, x13, [x10]			/* r_offset, r_info */
	ldr	x14, [x10, #16]			/* r_addend */
	add	x10, x10, #24
	and	x13, x13, #0xffffffff		/* ELF64_R_TYPE */
	cmp	x13, #R_AARCH64_RELATIVE
	b.ne	2f
	add	x14, x14, x9
	str	x14, [x9, x12]
	b	1b
2:	cbz	x13, 1b				/* R_AARCH64_NONE */
	add	x20, x20, #1
	b	1b

	/* Clear BSS (16-byte aligned at both ends, see guest.ld); the stacks are in it. */
3:	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
4:	cmp	x0, x1
	b.hs	5f
	stp	xzr, xzr, [x0], #16
	b	4b

	/* Page tables are written with the MMU off; drop any stale cache lines of the
	 * image before the first cacheable access, then turn the MMU on. */
5:	mov	x0, x19
	bl	kit_mmu_build
	cbz	x0, 6f
	mov	x21, x0
	adr_l	x0, __image_start
	adr_l	x1, __image_end
	bl	dcache_invalidate_range
	mov	x0, x21
	bl	kit_mmu_enable

6:	mov	x0, x19
	mov	x1, x20
	bl	kit_boot_main
	b	cpu_park
	.size	_start, . - _start

	.text
	.globl	kit_secondary_entry
	.type	kit_secondary_entry, %function
kit_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* context id = kit CPU index */
	bl	cpu_reset_state
	cbz	x19, cpu_park			/* index 0 is the boot CPU's */
	cmp	x19, #KIT_MAX_CPUS
	b.hs	cpu_park			/* no stack for it */
	msr	tpidr_el1, x19
	adr_l	x0, kit_stacks
	add	x1, x19, #1
	add	x0, x0, x1, lsl #KIT_STACK_SHIFT
	mov	sp, x0
	/* Written by the boot CPU with the MMU off, so memory holds it. */
	adr_l	x0, kit_mmu_ttbr0
	ldr	x0, [x0]
	cbz	x0, 1f
	bl	kit_mmu_enable
1:	mov	x0, x19
	bl	kit_secondary_main
	b	cpu_park
	.size	kit_secondary_entry, . - kit_secondary_entry

/* Known EL1 state whatever the loader left: MMU and caches off, vectors set, timer off. */
	.type	cpu_reset_state, %function
cpu_reset_state:
	ldr	x0, =SCTLR_EL1_OFF
	msr	sctlr_el1, x0
	isb
	adr_l	x0, kit_vectors
	msr	vbar_el1, x0
	msr	cntv_ctl_el0, xzr
	isb
	ret
	.size	cpu_reset_state, . - cpu_reset_state

/* x0 = TTBR0_EL1 value. Identity map, so execution continues at the next instruction. */
	.globl	kit_mmu_enable
	.type	kit_mmu_enable, %function
kit_mmu_enable:
	ldr	x1, =MAIR_EL1_VALUE
	msr	mair_el1, x1
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf			/* PARange */
	mov	x2, #TCR_IPS_MAX
	cmp	x1, x2
	csel	x1, x1, x2, ls
	ldr	x2, =TCR_EL1_BASE
	orr	x2, x2, x1, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x2
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	ish
	ic	iallu
	dsb	ish
	isb
	ldr	x1, =SCTLR_EL1_ON
	msr	sctlr_el1, x1
	isb
	ret
	.size	kit_mmu_enable, . - kit_mmu_enable

/* Invalidate data cache lines [x0, x1) to the point of coherency (DC IVAC). */
	.type	dcache_invalidate_range, %function
dcache_invalidate_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2 of words per line */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
	.size	dcache_invalidate_range, . - dcache_invalidate_range

	.globl	cpu_park
	.type	cpu_park, %function
cpu_park:
	msr	daifset, #0xf
1:	wfi
	b	1b
	.size	cpu_park, . - cpu_park

	.ltorg

	.section .bss.kit_stacks, "aw", %nobits
	.balign	4096
	.globl	kit_stacks
kit_stacks:
	.skip	KIT_MAX_CPUS * KIT_STACK_SIZE
	.size	kit_stacks, . - kit_stacks

	.section .note.GNU-stack, "", %progbits
