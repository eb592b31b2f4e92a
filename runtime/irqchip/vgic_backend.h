/* SPDX-License-Identifier: MIT */
/*
 * What the virtual GIC needs from the physical one. The virtual distributor
 * and redistributors (vgic_dist.c, vgic_redist.c) are pure logic: they decide
 * whether a guest access may touch an interrupt and then call these ops for
 * the interrupts the cell owns physically. The runtime implements them with
 * GICD/GICR MMIO (irqchip/gicv3.c); host tests implement them with a fake
 * that records every call.
 *
 * `cpu` is a board CPU index (cf_board.cpus[cpu]) and selects the
 * redistributor for INTIDs 0-31; it is meaningless for SPIs (>= 32), which
 * live in the distributor. The vGIC only ever calls an op for an INTID whose
 * bit is set in the cell's irq_bitmap, and for INTIDs < 32 only for a CPU of
 * the cell, so an implementation may assume both.
 *
 * Single-bit set/clear operations map onto the write-1-to-set/clear registers
 * (GICD_ISENABLER and friends), which need no read-modify-write. Priority is
 * byte-accessible. ICFGR and IROUTER updates of SPIs that share a register
 * with other cells' SPIs (ICFGR) are read-modify-write: the implementation
 * serialises them with a lock of its own.
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_BACKEND_H
#define CELLFORGE_IRQCHIP_VGIC_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"

struct vgic_backend_ops {
	void (*set_enable)(void *ctx, uint32_t cpu, uint32_t intid, bool enable);
	bool (*get_enable)(void *ctx, uint32_t cpu, uint32_t intid);
	void (*set_pending)(void *ctx, uint32_t cpu, uint32_t intid, bool pending);
	bool (*get_pending)(void *ctx, uint32_t cpu, uint32_t intid);
	void (*set_active)(void *ctx, uint32_t cpu, uint32_t intid, bool active);
	bool (*get_active)(void *ctx, uint32_t cpu, uint32_t intid);
	void (*set_priority)(void *ctx, uint32_t cpu, uint32_t intid, uint8_t priority);
	uint8_t (*get_priority)(void *ctx, uint32_t cpu, uint32_t intid);
	/* edge: true = edge-triggered (ICFGR field 0b10), false = level (0b00). */
	void (*set_config)(void *ctx, uint32_t cpu, uint32_t intid, bool edge);
	bool (*get_config)(void *ctx, uint32_t cpu, uint32_t intid);
	/* SPIs only; mpidr holds affinity as in MPIDR_EL1 (Aff3 at 39:32), IRM = 0. */
	void (*set_route)(void *ctx, uint32_t intid, uint64_t mpidr);
	uint64_t (*get_route)(void *ctx, uint32_t intid);
};

struct vgic_backend {
	const struct vgic_backend_ops *ops;
	void *ctx;
};

/* The set/clear and group bit registers of GICD and GICR, one bit per INTID. */
enum bitreg {
	BITREG_GROUP,
	BITREG_SET_ENABLE,
	BITREG_CLEAR_ENABLE,
	BITREG_SET_PENDING,
	BITREG_CLEAR_PENDING,
	BITREG_SET_ACTIVE,
	BITREG_CLEAR_ACTIVE,
};

/* Applies a guest's write of one bit, already checked as the cell's, to the physical GIC. */
static inline void vgic_backend_apply_bitreg(const struct vgic_backend *b, enum bitreg reg,
					     uint32_t cpu, uint32_t intid)
{
	switch (reg) {
	case BITREG_GROUP:
		break; /* everything is Group 1 */
	case BITREG_SET_ENABLE:
	case BITREG_CLEAR_ENABLE:
		b->ops->set_enable(b->ctx, cpu, intid, reg == BITREG_SET_ENABLE);
		break;
	case BITREG_SET_PENDING:
	case BITREG_CLEAR_PENDING:
		b->ops->set_pending(b->ctx, cpu, intid, reg == BITREG_SET_PENDING);
		break;
	case BITREG_SET_ACTIVE:
	case BITREG_CLEAR_ACTIVE:
		b->ops->set_active(b->ctx, cpu, intid, reg == BITREG_SET_ACTIVE);
		break;
	}
}

/* Affinity fields of an MPIDR_EL1 / GICD_IROUTER value: Aff3 [39:32], Aff2..Aff0 [23:0]. */
#define VGIC_AFFINITY_MASK 0xff00ffffffULL

/* Bit n of a cf_cell.irq_bitmap-style array; false beyond CF_MAX_INTID. */
static inline bool vgic_intid_in(const uint32_t *bitmap, uint32_t intid)
{
	return intid < CF_MAX_INTID && ((bitmap[intid / 32u] >> (intid % 32u)) & 1u) != 0;
}

/* Board CPU index whose MPIDR affinity equals `affinity`, or cpu_count if none. */
static inline uint32_t vgic_cpu_by_affinity(const struct cf_cpu *cpus, uint32_t cpu_count,
					    uint64_t affinity)
{
	for (uint32_t i = 0; i < cpu_count; i++) {
		if ((cpus[i].mpidr & VGIC_AFFINITY_MASK) == (affinity & VGIC_AFFINITY_MASK))
			return i;
	}
	return cpu_count;
}

/* Lowest CPU index in a mask, or 64 for an empty mask. */
static inline uint32_t vgic_first_cpu(uint64_t mask)
{
	return mask ? (uint32_t)__builtin_ctzll(mask) : 64u;
}

/*
 * Identification registers at 0xffd0..0xfffc of GICD and of each GICR frame:
 * PIDR4..7, PIDR0..3, CIDR0..3 (IHI 0069, 12.9 and 12.10). Guests check only
 * PIDR2.ArchRev [7:4] (3 = GICv3); CIDR0..3 hold the standard component ID.
 */
#define VGIC_ID_REGS_START	0xffd0u
#define GIC_PIDR2_ARCHREV_SHIFT 4
#define GIC_PIDR2_ARCHREV_GICV3 3u

static inline uint32_t vgic_id_reg(uint64_t offset)
{
	switch (offset) {
	case 0xffe8: /* PIDR2 */
		return GIC_PIDR2_ARCHREV_GICV3 << GIC_PIDR2_ARCHREV_SHIFT;
	case 0xfff0: /* CIDR0 */
		return 0x0d;
	case 0xfff4: /* CIDR1 */
		return 0xf0;
	case 0xfff8: /* CIDR2 */
		return 0x05;
	case 0xfffc: /* CIDR3 */
		return 0xb1;
	default:
		return 0;
	}
}

#endif
