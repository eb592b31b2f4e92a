// SPDX-License-Identifier: MIT
/*
 * Register offsets and bits: Arm GICv3/v4 architecture specification (IHI 0069),
 * chapter 12 (distributor 12.9, redistributor 12.10, CPU interface 12.2).
 */
#include <stdbool.h>

#include "kit/arch.h"
#include "kit/config.h"
#include "kit/console.h"
#include "kit/gicv3.h"

#define GICD_CTLR      0x0000
#define GICD_CTLR_RWP  (1u << 31)
#define GICD_CTLR_ARE  (1u << 4) /* affinity routing (with GICD_CTLR.DS = 1: ARE) */
#define GICD_CTLR_GRP1 (1u << 1) /* EnableGrp1 (single security state) */

#define GICR_FRAME_STRIDE    0x20000 /* RD_base + SGI_base, GICv3 */
#define GICR_TYPER	     0x0008
#define GICR_TYPER_LAST	     (1ul << 4)
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_WAKER	     0x0014
#define GICR_WAKER_SLEEP     (1u << 1) /* ProcessorSleep */
#define GICR_WAKER_ASLEEP    (1u << 2) /* ChildrenAsleep */
#define GICR_SGI_BASE	     0x10000
#define GICR_IGROUPR0	     0x0080
#define GICR_ISENABLER0	     0x0100
#define GICR_IPRIORITYR	     0x0400

#define ICC_SRE_SRE    1u
#define GIC_PRIORITY   0xa0u
#define GIC_SPIN_LIMIT 1000000u

/* Timer PPIs in the arm,armv8-timer binding: secure, non-secure, virtual, hypervisor. */
#define TIMER_VIRTUAL_INDEX	2
#define GIC_PPI_BASE		16u
#define VIRTUAL_TIMER_INTID_DEF 27u

static uintptr_t gicd_base;
static uintptr_t gicr_base;
static uint64_t gicr_size;
static uint64_t gicr_stride;
/* Per CPU (kit index), found by gicv3_init_cpu. */
static uintptr_t cpu_rd_base[KIT_MAX_CPUS];

static uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile const uint64_t *)addr;
}

int gicv3_init(const struct fdt *fdt)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "arm,gic-v3") : FDT_ERR_NOTFOUND;
	uint64_t base, size;
	uint32_t stride;
	int err;

	if (node < 0)
		return node;
	err = fdt_reg(fdt, node, 0, &base, &size);
	if (err < 0)
		return err;
	gicd_base = (uintptr_t)base;
	err = fdt_reg(fdt, node, 1, &base, &gicr_size);
	if (err < 0)
		return err;
	gicr_base = (uintptr_t)base;
	gicr_stride = GICR_FRAME_STRIDE;
	if (fdt_prop_u32(fdt, node, "redistributor-stride", &stride) == 0 && stride)
		gicr_stride = stride;

	/* Affinity routing and group 1; a hypervisor may already have set (or filter) this. */
	if (!(mmio_read32(gicd_base + GICD_CTLR) & GICD_CTLR_ARE)) {
		mmio_write32(gicd_base + GICD_CTLR, GICD_CTLR_ARE);
		for (uint32_t i = 0;
		     i < GIC_SPIN_LIMIT && (mmio_read32(gicd_base + GICD_CTLR) & GICD_CTLR_RWP);
		     i++)
			cpu_relax();
	}
	mmio_write32(gicd_base + GICD_CTLR, mmio_read32(gicd_base + GICD_CTLR) | GICD_CTLR_GRP1);
	return 0;
}

static uintptr_t find_redistributor(void)
{
	uint64_t mpidr = cpu_mpidr();
	/* GICR_TYPER.Affinity_Value: Aff3.Aff2.Aff1.Aff0 */
	uint64_t want = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);

	for (uint64_t off = 0; gicr_stride && off + gicr_stride <= gicr_size; off += gicr_stride) {
		uint64_t typer = mmio_read64(gicr_base + off + GICR_TYPER);

		if ((typer >> GICR_TYPER_AFF_SHIFT) == want)
			return gicr_base + off;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

int gicv3_init_cpu(void)
{
	uintptr_t rd;
	uint64_t sre;
	unsigned cpu = cpu_index();

	if (!gicr_base || cpu >= sizeof(cpu_rd_base) / sizeof(cpu_rd_base[0]))
		return FDT_ERR_NOTFOUND;
	rd = find_redistributor();
	if (!rd)
		return FDT_ERR_NOTFOUND;
	cpu_rd_base[cpu] = rd;

	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (uint32_t i = 0;
	     i < GIC_SPIN_LIMIT && (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP); i++)
		cpu_relax();

	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(sre));
	__asm__ volatile("msr icc_sre_el1, %0" : : "r"(sre | ICC_SRE_SRE));
	isb();
	__asm__ volatile("msr icc_pmr_el1, %0" : : "r"(0xfful));
	__asm__ volatile("msr icc_bpr1_el1, %0" : : "r"(0ul));
	__asm__ volatile("msr icc_igrpen1_el1, %0" : : "r"(1ul));
	isb();
	return 0;
}

void gicv3_enable_private(uint32_t intid)
{
	unsigned cpu = cpu_index();
	uintptr_t sgi;

	if (intid >= 32 || cpu >= sizeof(cpu_rd_base) / sizeof(cpu_rd_base[0]) || !cpu_rd_base[cpu])
		return;
	sgi = cpu_rd_base[cpu] + GICR_SGI_BASE;
	mmio_write32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) | (1u << intid));
	/* IPRIORITYR is byte-accessible (IHI 0069, 12.10.20). */
	*(volatile uint8_t *)(sgi + GICR_IPRIORITYR + intid) = GIC_PRIORITY;
	mmio_write32(sgi + GICR_ISENABLER0, 1u << intid);
	dsb_sy();
}

uint32_t gicv3_ack(void)
{
	uint64_t iar;

	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar) : : "memory");
	return (uint32_t)iar & 0xffffff;
}

void gicv3_eoi(uint32_t intid)
{
	__asm__ volatile("msr icc_eoir1_el1, %0" : : "r"((uint64_t)intid) : "memory");
	isb();
}

uint32_t gicv3_virtual_timer_intid(const struct fdt *fdt)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "arm,armv8-timer") : FDT_ERR_NOTFOUND;
	const uint8_t *irqs;
	uint32_t len;

	if (node < 0)
		return VIRTUAL_TIMER_INTID_DEF;
	/* Three cells per interrupt (type, number, flags): GIC binding, type 1 = PPI. */
	irqs = fdt_prop(fdt, node, "interrupts", &len);
	if (!irqs || len < (TIMER_VIRTUAL_INDEX + 1) * 12 ||
	    fdt_be32(irqs + TIMER_VIRTUAL_INDEX * 12) != 1)
		return VIRTUAL_TIMER_INTID_DEF;
	return GIC_PPI_BASE + (fdt_be32(irqs + TIMER_VIRTUAL_INDEX * 12 + 4) & 15);
}

bool gicv3_setup(const struct fdt *fdt, const char *who)
{
	int err = gicv3_init(fdt);

	if (err == 0)
		err = gicv3_init_cpu();
	if (err < 0) {
		printf("%s: no usable GICv3 (%s)\n", who, fdt_strerror(err));
		return false;
	}
	return true;
}
