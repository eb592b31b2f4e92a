/* SPDX-License-Identifier: MIT */
/*
 * Data cache maintenance by virtual address to the point of coherency
 * (DC IVAC / DC CVAC). The line size comes from CTR_EL0.DminLine, the
 * smallest data cache line of all caches in the system.
 */
#include "arch/arm64/sysreg.h"

	/* \line = smallest D-cache line in bytes; clobbers \tmp. */
	.macro	dcache_line_size line, tmp
	mrs	\tmp, ctr_el0
	ubfx	\tmp, \tmp, #CTR_EL0_DMINLINE_SHIFT, #4
	mov	\line, #4		/* DminLine counts 4-byte words */
	lsl	\line, \line, \tmp
	.endm

	.text
	/* void dcache_inval_range(uint64_t start, uint64_t end) */
	.global	dcache_inval_range
dcache_inval_range:
	dcache_line_size x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

	/* void dcache_clean_range(uint64_t start, uint64_t end) */
	.global	dcache_clean_range
dcache_clean_range:
	dcache_line_size x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	cvac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
