// SPDX-License-Identifier: MIT
#include "irqchip/gicv3.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/timer.h"
#include "core/panic.h"

/* Distributor (IHI 0069, 12.9). */
#define GICD_CTLR      0x0000
#define GICD_CTLR_GRP0 BIT(0)
#define GICD_CTLR_GRP1 BIT(1)
#define GICD_CTLR_ARE  BIT(4) /* affinity routing, single security state layout */
#define GICD_CTLR_RWP  BIT(31)

/* Redistributor: RD_base frame, then SGI_base 64 KiB above (12.10). */
#define GICR_TYPER		  0x0008
#define GICR_TYPER_LAST		  BIT(4)
#define GICR_TYPER_AFF_SHIFT	  32
#define GICR_WAKER		  0x0014
#define GICR_WAKER_PROCESSORSLEEP BIT(1)
#define GICR_WAKER_CHILDRENASLEEP BIT(2)
#define GICR_SGI_BASE		  0x10000
#define GICR_IGROUPR0		  (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		  (GICR_SGI_BASE + 0x0100)
#define GICR_IPRIORITYR		  (GICR_SGI_BASE + 0x0400)

/* ICC system registers by encoding, so that no assembler GIC support is needed. */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICH_HCR_EL2	S3_4_C12_C11_0

#define ICC_SRE_SRE    BIT(0) /* system register interface */
#define ICC_SRE_DFB    BIT(1) /* FIQ bypass disabled */
#define ICC_SRE_DIB    BIT(2) /* IRQ bypass disabled */
#define ICC_SRE_ENABLE BIT(3) /* EL1 may use ICC_SRE_EL1 */

/* ICC_SGI1R_EL1 fields (12.2.23). */
#define SGI1R_AFF1_SHIFT  16
#define SGI1R_INTID_SHIFT 24
#define SGI1R_AFF2_SHIFT  32
#define SGI1R_RS_SHIFT	  44
#define SGI1R_AFF3_SHIFT  48

/* Middle priority for the hypervisor SGIs; the mask lets every priority through. */
#define GIC_SGI_PRIORITY 0x80u
#define GIC_PMR_ALL	 0xffu
#define GIC_WAIT_MS	 100u

#define read_sysreg_s(enc)                                                                         \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " __stringify(enc) : "=r"(__v));                         \
		__v;                                                                               \
	})
#define write_sysreg_s(v, enc)                                                                     \
	__asm__ volatile("msr " __stringify(enc) ", %0" : : "r"((uint64_t)(v)))
#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

static inline uint64_t mmio_read64(uint64_t addr)
{
	return *(volatile uint64_t *)(uintptr_t)addr;
}

/* Waits (bounded) until (reg & mask) == want. */
static void wait_bits(uint64_t reg, uint32_t mask, uint32_t want, const char *what)
{
	uint64_t deadline = timer_count() + timer_hz() * GIC_WAIT_MS / 1000;

	while ((mmio_read32(reg) & mask) != want) {
		if (timer_count() > deadline)
			hv_panic("GIC: timeout waiting for %s", what);
		cpu_relax();
	}
}

void gic_init_distributor(const struct cf_board *board)
{
	uint64_t gicd = board->gicd_base;

	mmio_write32(gicd + GICD_CTLR, 0);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_bits(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "GICD_CTLR.RWP");
}

/* GICR_TYPER.Affinity_Value packs Aff3.Aff2.Aff1.Aff0 into 32 bits. */
static uint64_t packed_affinity(uint64_t mpidr)
{
	return ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);
}

static uint64_t find_redistributor(const struct cf_board *board, uint64_t mpidr)
{
	uint64_t want = packed_affinity(mpidr);

	for (uint64_t off = 0; off + board->gicr_stride <= board->gicr_size;
	     off += board->gicr_stride) {
		uint64_t typer = mmio_read64(board->gicr_base + off + GICR_TYPER);

		if ((typer >> GICR_TYPER_AFF_SHIFT) == want)
			return board->gicr_base + off;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

void gic_init_cpu(const struct cf_board *board, uint64_t mpidr)
{
	uint64_t rd = find_redistributor(board, mpidr);
	uint32_t waker;

	if (rd == 0 || board->gicr_stride == 0)
		hv_panic("GIC: no redistributor for mpidr 0x%llx", (unsigned long long)mpidr);
	waker = mmio_read32(rd + GICR_WAKER);
	mmio_write32(rd + GICR_WAKER, waker & ~(uint32_t)GICR_WAKER_PROCESSORSLEEP);
	wait_bits(rd + GICR_WAKER, GICR_WAKER_CHILDRENASLEEP, 0, "GICR_WAKER.ChildrenAsleep");

	mmio_write32(rd + GICR_IGROUPR0, mmio_read32(rd + GICR_IGROUPR0) | (1u << GIC_SGI_KICK) |
						 (1u << GIC_SGI_RESERVED));
	for (uint32_t intid = GIC_SGI_RESERVED; intid <= GIC_SGI_KICK; intid++) {
		uint64_t word = rd + GICR_IPRIORITYR + (intid & ~3u);
		uint32_t shift = (intid & 3u) * 8;

		mmio_write32(word,
			     (mmio_read32(word) & ~(0xffu << shift)) | (GIC_SGI_PRIORITY << shift));
	}
	mmio_write32(rd + GICR_ISENABLER0, (1u << GIC_SGI_KICK) | (1u << GIC_SGI_RESERVED));

	write_sysreg_s(ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE, ICC_SRE_EL2);
	isb();
	write_sysreg_s(0, ICH_HCR_EL2); /* no virtual CPU interface until the vGIC */
	write_sysreg_s(GIC_PMR_ALL, ICC_PMR_EL1);
	write_sysreg_s(0, ICC_BPR1_EL1);
	write_sysreg_s(0, ICC_CTLR_EL1); /* EOImode 0 */
	write_sysreg_s(1, ICC_IGRPEN1_EL1);
	isb();
}

void gic_send_sgi(uint64_t mpidr, uint32_t intid)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v = (UL(1) << (aff0 & 0xf)) | (((mpidr >> 8) & 0xff) << SGI1R_AFF1_SHIFT) |
		     ((uint64_t)(intid & 0xf) << SGI1R_INTID_SHIFT) |
		     (((mpidr >> 16) & 0xff) << SGI1R_AFF2_SHIFT) |
		     ((aff0 >> 4) << SGI1R_RS_SHIFT) | (((mpidr >> 32) & 0xff) << SGI1R_AFF3_SHIFT);

	dsb_ish(); /* the request the SGI announces is visible first */
	write_sysreg_s(v, ICC_SGI1R_EL1);
	isb();
}

uint32_t gic_ack(void)
{
	uint32_t intid = (uint32_t)read_sysreg_s(ICC_IAR1_EL1) & 0xffffffu;

	__asm__ volatile("dsb sy" ::: "memory");
	return intid;
}

void gic_eoi(uint32_t intid)
{
	write_sysreg_s(intid, ICC_EOIR1_EL1);
	isb();
}
