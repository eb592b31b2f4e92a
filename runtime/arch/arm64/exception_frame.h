/* SPDX-License-Identifier: MIT */
/*
 * Register state saved by the EL2 exception vectors (vectors.S) and handed to
 * el2_exception(). The offsets are shared with the assembly; the C structure
 * is checked against them at compile time.
 */
#ifndef CELLFORGE_ARM64_EXCEPTION_FRAME_H
#define CELLFORGE_ARM64_EXCEPTION_FRAME_H

#define EXC_FRAME_X0   0   /* x0..x30, 8 bytes each */
#define EXC_FRAME_SP   248 /* SP at the time of the exception */
#define EXC_FRAME_ELR  256
#define EXC_FRAME_SPSR 264
#define EXC_FRAME_ESR  272
#define EXC_FRAME_FAR  280
#define EXC_FRAME_SIZE 288 /* a multiple of 16: SP stays aligned */

/* Vector table slots (Arm ARM DDI 0487, "Exception vectors"), 0x80 apart. */
#define EXC_VECTOR_COUNT 16

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct exc_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(offsetof(struct exc_frame, x) == EXC_FRAME_X0, "frame layout");
_Static_assert(offsetof(struct exc_frame, sp) == EXC_FRAME_SP, "frame layout");
_Static_assert(offsetof(struct exc_frame, elr) == EXC_FRAME_ELR, "frame layout");
_Static_assert(offsetof(struct exc_frame, spsr) == EXC_FRAME_SPSR, "frame layout");
_Static_assert(offsetof(struct exc_frame, esr) == EXC_FRAME_ESR, "frame layout");
_Static_assert(offsetof(struct exc_frame, far) == EXC_FRAME_FAR, "frame layout");
_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "frame layout");

/* Called by the vectors with the slot number 0..15. */
void el2_exception(struct exc_frame *frame, uint64_t vector);
#endif

#endif
