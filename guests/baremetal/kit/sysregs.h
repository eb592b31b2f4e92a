/* SPDX-License-Identifier: MIT */
/*
 * System register values the kit programs, shared by C and assembly.
 * Section numbers refer to the Arm ARM (DDI 0487).
 */
#ifndef KIT_SYSREGS_H
#define KIT_SYSREGS_H

#ifdef __ASSEMBLER__
#define KIT_UL(x) x
#else
#define KIT_UL(x) x##ul
#endif

/* SCTLR_EL1 (D13.2.118): RES1 bits of Armv8.0 (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RES1 KIT_UL(0x30d00800)
#define SCTLR_EL1_M    (KIT_UL(1) << 0)	 /* stage-1 MMU enable */
#define SCTLR_EL1_C    (KIT_UL(1) << 2)	 /* data cacheability */
#define SCTLR_EL1_SA   (KIT_UL(1) << 3)	 /* SP alignment check, EL1 */
#define SCTLR_EL1_SA0  (KIT_UL(1) << 4)	 /* SP alignment check, EL0 */
#define SCTLR_EL1_I    (KIT_UL(1) << 12) /* instruction cacheability */
/* MMU off, caches off, little-endian: the state the boot ABI promises. */
#define SCTLR_EL1_OFF SCTLR_EL1_RES1
#define SCTLR_EL1_ON                                                                               \
	(SCTLR_EL1_RES1 | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_SA | SCTLR_EL1_SA0 | SCTLR_EL1_I)

/* MAIR_EL1 (D13.2.97): attribute 0 Device-nGnRE, attribute 1 Normal write-back RW-allocate. */
#define MAIR_IDX_DEVICE 0
#define MAIR_IDX_NORMAL 1
#define MAIR_EL1_VALUE	KIT_UL(0xff04)

/*
 * TCR_EL1 (D13.2.131): 39-bit VA (T0SZ = 25, walks start at level 1 with 1 GiB entries),
 * 4 KiB granule, walks inner-shareable write-back, TTBR1 walks disabled (EPD1).
 * IPS is filled in from ID_AA64MMFR0_EL1.PARange at run time.
 */
#define TCR_T0SZ_39BIT KIT_UL(25)
#define TCR_IRGN0_WBWA (KIT_UL(1) << 8)
#define TCR_ORGN0_WBWA (KIT_UL(1) << 10)
#define TCR_SH0_INNER  (KIT_UL(3) << 12)
#define TCR_TG0_4K     (KIT_UL(0) << 14)
#define TCR_T1SZ_39BIT (KIT_UL(25) << 16)
#define TCR_EPD1       (KIT_UL(1) << 23)
#define TCR_TG1_4K     (KIT_UL(2) << 30)
#define TCR_IPS_SHIFT  32
#define TCR_EL1_BASE                                                                               \
	(TCR_T0SZ_39BIT | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |           \
	 TCR_T1SZ_39BIT | TCR_EPD1 | TCR_TG1_4K)
/* Largest PARange/IPS encoding used: 5 = 48 bits (52 bits needs FEAT_LPA setup). */
#define TCR_IPS_MAX 5

/* MPIDR_EL1 (D13.2.101): the affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0). */
#define MPIDR_AFFINITY_MASK KIT_UL(0xff00ffffff)

/* ELF relocation type the start code applies (ELF for the Arm 64-bit Architecture, 5.7.12). */
#define R_AARCH64_NONE	   0
#define R_AARCH64_RELATIVE 1027

#endif
