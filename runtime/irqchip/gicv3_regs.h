/* SPDX-License-Identifier: MIT */
/*
 * GICv3 system registers by encoding (so that no assembler GIC support is
 * needed) and the accessors of the physical GIC code. Encodings from the
 * GICv3/v4 architecture specification (IHI 0069), 12.2 (ICC_*) and 12.4
 * (ICH_*). Only for the hypervisor image: inline assembly.
 */
#ifndef CELLFORGE_IRQCHIP_GICV3_REGS_H
#define CELLFORGE_IRQCHIP_GICV3_REGS_H

#include <stdint.h>

#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICH_AP0R0_EL2	S3_4_C12_C8_0
#define ICH_AP0R1_EL2	S3_4_C12_C8_1
#define ICH_AP0R2_EL2	S3_4_C12_C8_2
#define ICH_AP0R3_EL2	S3_4_C12_C8_3
#define ICH_AP1R0_EL2	S3_4_C12_C9_0
#define ICH_AP1R1_EL2	S3_4_C12_C9_1
#define ICH_AP1R2_EL2	S3_4_C12_C9_2
#define ICH_AP1R3_EL2	S3_4_C12_C9_3
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICH_VTR_EL2	S3_4_C12_C11_1
#define ICH_MISR_EL2	S3_4_C12_C11_2
#define ICH_VMCR_EL2	S3_4_C12_C11_7

/* ICC_CTLR_EL1.EOImode (12.2.6): 1 = EOIR only drops the priority, DIR deactivates. */
#define ICC_CTLR_EOIMODE BIT(1)

/* ICH_VTR_EL2.PREbits [28:26]: preemption bits - 1; 5 bits -> one APR of each group. */
#define ICH_VTR_PREBITS_SHIFT 26
#define ICH_VTR_PREBITS_MASK  UL(7)

#define __gic_stringify_1(x) #x
#define __gic_stringify(x)   __gic_stringify_1(x)

#define read_sysreg_s(enc)                                                                         \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " __gic_stringify(enc) : "=r"(__v));                     \
		__v;                                                                               \
	})
#define write_sysreg_s(v, enc)                                                                     \
	__asm__ volatile("msr " __gic_stringify(enc) ", %0" : : "r"((uint64_t)(v)))

#endif
