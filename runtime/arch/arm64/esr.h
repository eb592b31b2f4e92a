/* SPDX-License-Identifier: MIT */
/*
 * Decoding of ESR_EL2, Exception Syndrome Register (EL2), into words, so that
 * a fault report says "data abort ... translation fault, level 1, write"
 * instead of a bare number. Pure C (host-tested).
 */
#ifndef CELLFORGE_ARM64_ESR_H
#define CELLFORGE_ARM64_ESR_H

#include <stdint.h>

#include "compiler.h"
#include "lib/printf.h"

/* ESR_ELx fields common to all exception classes. */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  GENMASK(31, 26) /* exception class */
#define ESR_IL	     BIT(25)	     /* 32-bit instruction (else 16-bit) */
#define ESR_ISS_MASK GENMASK(24, 0)  /* instruction specific syndrome */

/* Exception classes the runtime handles or names specially. */
#define ESR_EC_UNKNOWN	    0x00
#define ESR_EC_WFX	    0x01
#define ESR_EC_HVC64	    0x16
#define ESR_EC_SMC64	    0x17
#define ESR_EC_SYSREG	    0x18
#define ESR_EC_IABT_LOWER   0x20
#define ESR_EC_IABT_CURRENT 0x21
#define ESR_EC_PC_ALIGN	    0x22
#define ESR_EC_DABT_LOWER   0x24
#define ESR_EC_DABT_CURRENT 0x25
#define ESR_EC_SP_ALIGN	    0x26
#define ESR_EC_SERROR	    0x2f
#define ESR_EC_BRK64	    0x3c

/* ISS of data and instruction aborts ("ISS encoding for an exception from a Data Abort"). */
#define ESR_DABT_ISV  BIT(24)	      /* bits 23:14 hold a valid syndrome */
#define ESR_DABT_SAS  GENMASK(23, 22) /* access size: 1 << SAS bytes */
#define ESR_DABT_SSE  BIT(21)	      /* sign-extended load */
#define ESR_DABT_SRT  GENMASK(20, 16) /* transfer register */
#define ESR_DABT_SF   BIT(15)	      /* 64-bit register */
#define ESR_DABT_AR   BIT(14)	      /* acquire/release semantics */
#define ESR_ABT_FNV   BIT(10)	      /* FAR not valid */
#define ESR_ABT_EA    BIT(9)	      /* external abort */
#define ESR_DABT_CM   BIT(8)	      /* cache maintenance instruction */
#define ESR_ABT_S1PTW BIT(7)	      /* fault on a stage-1 table walk (stage 2) */
#define ESR_DABT_WNR  BIT(6)	      /* write, not read */
#define ESR_ABT_FSC   GENMASK(5, 0)   /* fault status code (DFSC/IFSC) */

/* ISS of trapped MSR/MRS/system instructions (EC 0x18). */
#define ESR_SYSREG_OP0	GENMASK(21, 20)
#define ESR_SYSREG_OP2	GENMASK(19, 17)
#define ESR_SYSREG_OP1	GENMASK(16, 14)
#define ESR_SYSREG_CRN	GENMASK(13, 10)
#define ESR_SYSREG_RT	GENMASK(9, 5)
#define ESR_SYSREG_CRM	GENMASK(4, 1)
#define ESR_SYSREG_READ BIT(0)

static inline uint32_t esr_class(uint64_t esr)
{
	return (uint32_t)((esr & ESR_EC_MASK) >> ESR_EC_SHIFT);
}

/* Name of an exception class, e.g. "data abort from a lower exception level". */
const char *esr_class_name(uint32_t ec);

/* Meaning of a data/instruction abort fault status code (DFSC/IFSC). */
const char *esr_fault_status_name(uint32_t fsc);

/*
 * Lookup level (0..3, or -1 with FEAT_LPA2) a fault status code reports, or
 * ESR_NO_LEVEL for codes that are not about one level of a table walk.
 */
#define ESR_NO_LEVEL (-2)
int esr_fault_level(uint32_t fsc);

/*
 * Writes a decoding of esr as lines starting with indent, each ending in
 * '\n': the class on the first, class-specific ISS fields on the next.
 */
void esr_describe(struct fmt_sink *sink, uint64_t esr, const char *indent);

#endif
