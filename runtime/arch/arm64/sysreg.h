/* SPDX-License-Identifier: MIT */
/*
 * System register bits used by the runtime, named after the Arm Architecture
 * Reference Manual for A-profile (DDI 0487, "AArch64 System Register
 * Descriptions"); each group names the register description it comes from.
 * EL2 registers are described for HCR_EL2.E2H == 0, which is how cellforge
 * runs (no VHE: the hypervisor does not host an EL0 world).
 *
 * Constants only (no C code) above the __ASSEMBLER__ guard, so that entry.S
 * shares them.
 */
#ifndef CELLFORGE_ARM64_SYSREG_H
#define CELLFORGE_ARM64_SYSREG_H

#include "compiler.h"

/* CurrentEL, Current Exception Level: EL in bits [3:2]. */
#define CURRENTEL_EL_SHIFT 2
#define CURRENTEL_EL2	   (UL(2) << CURRENTEL_EL_SHIFT)

/* SCTLR_EL2, System Control Register (EL2), E2H == 0 layout. */
#define SCTLR_EL2_M   BIT(0)  /* stage-1 MMU enable */
#define SCTLR_EL2_A   BIT(1)  /* alignment check on every access */
#define SCTLR_EL2_C   BIT(2)  /* data accesses cacheable */
#define SCTLR_EL2_SA  BIT(3)  /* SP alignment check */
#define SCTLR_EL2_I   BIT(12) /* instruction accesses cacheable */
#define SCTLR_EL2_WXN BIT(19) /* writable implies execute-never */
#define SCTLR_EL2_EE  BIT(25) /* big-endian data accesses at EL2 */
/* Bits 29:28, 23:22, 18, 16, 11, 5:4 are RES1 when E2H == 0. */
#define SCTLR_EL2_RES1                                                                             \
	(BIT(29) | BIT(28) | BIT(23) | BIT(22) | BIT(18) | BIT(16) | BIT(11) | BIT(5) | BIT(4))
/* Before the MMU is on: little-endian, SP alignment checked, I-cache on. */
#define SCTLR_EL2_BOOT (SCTLR_EL2_RES1 | SCTLR_EL2_SA | SCTLR_EL2_I)
/* With the MMU: caches on, W^X enforced by hardware. */
#define SCTLR_EL2_MMU_ON (SCTLR_EL2_BOOT | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_WXN)

/* HCR_EL2, Hypervisor Configuration Register. */
#define HCR_EL2_VM     BIT(0)	     /* stage-2 translation for EL1&0 */
#define HCR_EL2_SWIO   BIT(1)	     /* DC ISW by set/way acts as DC CISW */
#define HCR_EL2_PTW    BIT(2)	     /* stage-1 walks to Device memory fault */
#define HCR_EL2_FMO    BIT(3)	     /* physical FIQs routed to EL2 */
#define HCR_EL2_IMO    BIT(4)	     /* physical IRQs routed to EL2 */
#define HCR_EL2_AMO    BIT(5)	     /* SErrors routed to EL2 */
#define HCR_EL2_FB     BIT(9)	     /* TLB/I-cache maintenance broadcast */
#define HCR_EL2_BSU_IS (UL(1) << 10) /* barriers at least inner shareable */
#define HCR_EL2_TWI    BIT(13)	     /* trap WFI */
#define HCR_EL2_TWE    BIT(14)	     /* trap WFE */
#define HCR_EL2_TID3   BIT(18)	     /* trap ID group 3 (the ID registers) */
#define HCR_EL2_TSC    BIT(19)	     /* trap SMC */
#define HCR_EL2_TIDCP  BIT(20)	     /* trap implementation defined sysregs */
#define HCR_EL2_TACR   BIT(21)	     /* trap ACTLR_EL1 */
#define HCR_EL2_TSW    BIT(22)	     /* trap data cache set/way operations */
#define HCR_EL2_RW     BIT(31)	     /* EL1 is AArch64 */
#define HCR_EL2_E2H    BIT(34)	     /* VHE; cellforge keeps it 0 */
#define HCR_EL2_TERR   BIT(36)	     /* FEAT_RAS: trap error record registers */
#define HCR_EL2_APK    BIT(40)	     /* FEAT_PAuth: key registers not trapped */
#define HCR_EL2_API    BIT(41)	     /* FEAT_PAuth: PAuth instructions not trapped */
#define HCR_EL2_ATA    BIT(56)	     /* FEAT_MTE2: allocation tag access; kept 0 */
/* No guest runs yet: no traps, no stage 2; EL1 would be AArch64. */
#define HCR_EL2_BOOT HCR_EL2_RW

/* TCR_EL2, Translation Control Register (EL2), E2H == 0 layout. */
#define TCR_EL2_T0SZ_SHIFT 0		 /* input address size is 64 - T0SZ bits */
#define TCR_EL2_IRGN0_WBWA (UL(1) << 8)	 /* table walks: inner write-back */
#define TCR_EL2_ORGN0_WBWA (UL(1) << 10) /* table walks: outer write-back */
#define TCR_EL2_SH0_INNER  (UL(3) << 12) /* table walks: inner shareable */
#define TCR_EL2_TG0_4K	   (UL(0) << 14) /* 4 KiB granule */
#define TCR_EL2_PS_SHIFT   16		 /* output size, ID_AA64MMFR0_EL1.PARange encoding */
#define TCR_EL2_RES1	   (BIT(31) | BIT(23))

/* MAIR_EL2, Memory Attribute Indirection Register: one byte per index. */
#define MAIR_DEVICE_nGnRnE   UL(0x00)
#define MAIR_DEVICE_nGnRE    UL(0x04)
#define MAIR_NORMAL_NC	     UL(0x44) /* inner and outer non-cacheable */
#define MAIR_NORMAL_WB	     UL(0xff) /* inner and outer write-back, read/write-allocate */
#define MAIR_ATTR(idx, attr) ((attr) << ((idx)*8))

/* ID_AA64MMFR0_EL1, Memory Model Feature Register 0. */
#define ID_AA64MMFR0_PARANGE_MASK GENMASK(3, 0)

/* VTCR_EL2, Virtualization Translation Control Register. */
#define VTCR_EL2_T0SZ_SHIFT 0		  /* IPA size is 64 - T0SZ bits */
#define VTCR_EL2_SL0_SHIFT  6		  /* 4 KiB granule: 0 = level 2, 1 = level 1, 2 = level 0 */
#define VTCR_EL2_IRGN0_WBWA (UL(1) << 8)  /* table walks: inner write-back */
#define VTCR_EL2_ORGN0_WBWA (UL(1) << 10) /* table walks: outer write-back */
#define VTCR_EL2_SH0_INNER  (UL(3) << 12) /* table walks: inner shareable */
#define VTCR_EL2_TG0_4K	    (UL(0) << 14)
#define VTCR_EL2_PS_SHIFT   16 /* output size, ID_AA64MMFR0_EL1.PARange encoding */
#define VTCR_EL2_RES1	    BIT(31)

/* VTTBR_EL2: VMID in bits [55:48] (8-bit VMIDs: VTCR_EL2.VS == 0). */
#define VTTBR_VMID_SHIFT 48

/* HPFAR_EL2, Hypervisor IPA Fault Address Register: FIPA [43:4] holds IPA[51:12]. */
#define HPFAR_EL2_FIPA_MASK GENMASK(43, 4)

/*
 * CPTR_EL2, Architectural Feature Trap Register (EL2), E2H == 0: bits 13 and 7:0
 * are RES1; TZ (8) and TSM (12) are RES1 without SVE/SME and trap them with it;
 * bit 9 is RES1.
 */
#define CPTR_EL2_RES1  (GENMASK(13, 12) | GENMASK(9, 0))
#define CPTR_EL2_TZ    BIT(8)  /* FEAT_SVE: trap SVE instructions and ZCR_EL1 */
#define CPTR_EL2_TFP   BIT(10) /* trap FP/AdvSIMD; clear, the guest owns them */
#define CPTR_EL2_TSM   BIT(12) /* FEAT_SME: trap SME instructions and SMCR_EL1 */
#define CPTR_EL2_TTA   BIT(20) /* trap trace unit system registers */
#define CPTR_EL2_TAM   BIT(30) /* FEAT_AMUv1: trap activity monitor registers */
#define CPTR_EL2_TCPAC BIT(31) /* trap CPACR_EL1; clear */

/*
 * MDCR_EL2, Monitor Debug Configuration Register (EL2), E2H == 0. Trap bits for
 * debug and the PMU (TDE, TDA, TDOSA, TDRA, TPM, TPMCR) stay clear: breakpoints,
 * watchpoints, the OS lock and the PMU belong to the guest that owns the CPU.
 */
#define MDCR_EL2_HPMN_MASK  GENMASK(4, 0) /* counters [0, HPMN) are EL1's */
#define MDCR_EL2_E2PB_SHIFT 12		  /* FEAT_SPE: 0b00 = buffer owned by EL2, EL1 traps */
#define MDCR_EL2_E2PB_EL2   (UL(0) << MDCR_EL2_E2PB_SHIFT)
#define MDCR_EL2_TPMS	    BIT(14) /* FEAT_SPE: trap the profiling control registers */
#define MDCR_EL2_HPMD	    BIT(17) /* FEAT_PMUv3p1: event counting prohibited at EL2 */
#define MDCR_EL2_TTRF	    BIT(19) /* FEAT_TRF: trap TRFCR_EL1 */
#define MDCR_EL2_HCCD	    BIT(23) /* FEAT_PMUv3p5: cycle counting prohibited at EL2 */
#define MDCR_EL2_E2TB_SHIFT 24	    /* FEAT_TRBE: 0b00 = buffer owned by EL2, EL1 traps */
#define MDCR_EL2_E2TB_EL2   (UL(0) << MDCR_EL2_E2TB_SHIFT)

/*
 * Registers binutils 2.40 may not know, by encoding (op0_op1_Cn_Cm_op2), with
 * the feature they belong to. Use them with read_sysreg_enc/write_sysreg_enc.
 */
#define SYSREG_ENC_ID_AA64ISAR2_EL1 S3_0_C0_C6_2
#define SYSREG_ENC_HFGRTR_EL2	    S3_4_C1_C1_4  /* FEAT_FGT */
#define SYSREG_ENC_HFGWTR_EL2	    S3_4_C1_C1_5  /* FEAT_FGT */
#define SYSREG_ENC_HFGITR_EL2	    S3_4_C1_C1_6  /* FEAT_FGT */
#define SYSREG_ENC_HDFGRTR_EL2	    S3_4_C3_C1_4  /* FEAT_FGT */
#define SYSREG_ENC_HDFGWTR_EL2	    S3_4_C3_C1_5  /* FEAT_FGT */
#define SYSREG_ENC_HAFGRTR_EL2	    S3_4_C3_C1_6  /* FEAT_FGT with FEAT_AMUv1 */
#define SYSREG_ENC_HCRX_EL2	    S3_4_C1_C2_2  /* FEAT_HCX */
#define SYSREG_ENC_TRFCR_EL2	    S3_4_C1_C2_1  /* FEAT_TRF */
#define SYSREG_ENC_PMSCR_EL2	    S3_4_C9_C9_0  /* FEAT_SPE */
#define SYSREG_ENC_PMBLIMITR_EL1    S3_0_C9_C10_0 /* FEAT_SPE */
#define SYSREG_ENC_TRBLIMITR_EL1    S3_0_C9_C11_0 /* FEAT_TRBE */
#define SYSREG_ENC_APIAKEYLO_EL1    S3_0_C2_C1_0  /* FEAT_PAuth keys: C2_C1..C2_C3 */
#define SYSREG_ENC_APIAKEYHI_EL1    S3_0_C2_C1_1
#define SYSREG_ENC_APIBKEYLO_EL1    S3_0_C2_C1_2
#define SYSREG_ENC_APIBKEYHI_EL1    S3_0_C2_C1_3
#define SYSREG_ENC_APDAKEYLO_EL1    S3_0_C2_C2_0
#define SYSREG_ENC_APDAKEYHI_EL1    S3_0_C2_C2_1
#define SYSREG_ENC_APDBKEYLO_EL1    S3_0_C2_C2_2
#define SYSREG_ENC_APDBKEYHI_EL1    S3_0_C2_C2_3
#define SYSREG_ENC_APGAKEYLO_EL1    S3_0_C2_C3_0
#define SYSREG_ENC_APGAKEYHI_EL1    S3_0_C2_C3_1

/* CNTHCTL_EL2, E2H == 0. */
#define CNTHCTL_EL2_EL1PCTEN BIT(0) /* EL1 may read the physical counter */
#define CNTHCTL_EL2_EL1PCEN  BIT(1) /* EL1 may use the physical timer */

/* PMCR_EL0.N [15:11]: number of event counters, the reset value of MDCR_EL2.HPMN. */
#define PMCR_EL0_N_SHIFT 11
#define PMCR_EL0_N_MASK	 UL(0x1f)

/* SCTLR_EL1 bits 29:28, 23:22, 20 and 11 are RES1 in Armv8.0: MMU and caches off. */
#define SCTLR_EL1_RES1 (BIT(29) | BIT(28) | BIT(23) | BIT(22) | BIT(20) | BIT(11))

/* SPSR_ELx.M[3:0] values. */
#define SPSR_MODE_EL0T 0x0
#define SPSR_MODE_EL1T 0x4
#define SPSR_MODE_EL1H 0x5
#define SPSR_DAIF      (SPSR_D | SPSR_A | SPSR_I | SPSR_F)

/* MPIDR_EL1, Multiprocessor Affinity Register: Aff3 [39:32], Aff2..0 [23:0]. */
#define MPIDR_AFFINITY_MASK (GENMASK(39, 32) | GENMASK(23, 0))

/* CTR_EL0, Cache Type Register: DminLine [19:16] = log2(words per line). */
#define CTR_EL0_DMINLINE_SHIFT 16
#define CTR_EL0_DMINLINE_MASK  UL(0xf)

/* SPSR_EL2, Saved Program Status Register (EL2), AArch64 state. */
#define SPSR_M_MASK	GENMASK(3, 0) /* exception level and SP selection */
#define SPSR_M_AARCH32	BIT(4)
#define SPSR_F		BIT(6)
#define SPSR_I		BIT(7)
#define SPSR_A		BIT(8)
#define SPSR_D		BIT(9)
#define SPSR_IL		BIT(20) /* illegal execution state */
#define SPSR_SS		BIT(21) /* software step */
#define SPSR_NZCV_SHIFT 28

#ifndef __ASSEMBLER__
#include <stdint.h>

#define read_sysreg(reg)                                                                           \
	({                                                                                         \
		uint64_t __val;                                                                    \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));                                   \
		__val;                                                                             \
	})

#define write_sysreg(val, reg) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

/* The same for an encoding macro (SYSREG_ENC_*), expanded before it is quoted. */
#define __sysreg_quote(x)	   #x
#define __sysreg_expand(x)	   __sysreg_quote(x)
#define read_sysreg_enc(enc)	   read_sysreg_expanded(__sysreg_expand(enc))
#define write_sysreg_enc(val, enc) write_sysreg_expanded(val, __sysreg_expand(enc))
#define read_sysreg_expanded(name)                                                                 \
	({                                                                                         \
		uint64_t __val;                                                                    \
		__asm__ volatile("mrs %0, " name : "=r"(__val));                                   \
		__val;                                                                             \
	})
#define write_sysreg_expanded(val, name)                                                           \
	__asm__ volatile("msr " name ", %0" : : "r"((uint64_t)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" ::: "memory");
}

/* A hint to the core (and QEMU) that we are spinning. */
static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static inline uint64_t current_el(void)
{
	return read_sysreg(CurrentEL) >> CURRENTEL_EL_SHIFT;
}

static inline uint64_t mpidr_affinity(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFFINITY_MASK;
}
#endif

#endif
