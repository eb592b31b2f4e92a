/* SPDX-License-Identifier: MIT */
/*
 * A cell's view of the GIC redistributors. The cell's device tree describes
 * the whole physical GICR region (every CPU's frames); none of it is mapped
 * in stage 2, so every access traps and comes here.
 *
 * Linux finds its redistributor by walking the frames: for each it checks
 * GICR_PIDR2.ArchRev, reads GICR_TYPER, stops at the frame whose affinity is
 * its own, or after the one with TYPER.Last. So in every frame PIDR2 and
 * TYPER read true values (TYPER with the LPI capabilities cleared), but only
 * the frames of the cell's own CPUs do anything else. Another cell's frame
 * reads zero and ignores writes, and each such access is counted.
 *
 * In a frame of the cell, per INTID < 32: SGIs the cell may use (0-13) are
 * virtual (enable, pending, priority per vCPU here); PPIs of the cell's
 * irq_bitmap (the timers) go to that CPU's physical redistributor through the
 * backend; the rest (hypervisor SGIs, maintenance and hypervisor timer PPIs)
 * read zero and ignore writes. GICR_WAKER is virtual per vCPU.
 *
 * Locking: shared by the cell's CPUs; the caller serialises every call with
 * the same per-cell lock as the vgic_dist.
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_REDIST_H
#define CELLFORGE_IRQCHIP_VGIC_REDIST_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "compiler.h"
#include "core/mmio.h"
#include "irqchip/vgic_backend.h"
#include "irqchip/vgic_lr.h"

/* SGIs a guest may use; 14 and 15 are the hypervisor's. */
#define VGIC_GUEST_SGI_MASK 0x3fffu

struct vgic_vcpu_redist {
	bool asleep;	      /* GICR_WAKER.ProcessorSleep (ChildrenAsleep follows it) */
	uint16_t sgi_enabled; /* bit n: SGI n */
	uint16_t sgi_pending; /* raised or set pending, not yet queued for a list register */
	uint8_t sgi_priority[16];
};

struct vgic_redist_view {
	const struct cf_cpu *cpus;
	uint32_t cpu_count;
	uint64_t cpu_mask;     /* the cell's CPUs */
	const uint32_t *owned; /* cf_cell.irq_bitmap: bits 0-31 usable SGIs/PPIs */
	struct vgic_backend backend;
	uint64_t stride;
	uint32_t iidr;
	uint32_t frame_count;		   /* physical frames, the last one has TYPER.Last */
	uint64_t frame_typer[CF_MAX_CPUS]; /* as the guest reads it */
	uint32_t frame_cpu[CF_MAX_CPUS];   /* board CPU index of each frame, or cpu_count */
	struct vgic_vcpu_redist vcpu[CF_MAX_CPUS]; /* by board CPU index */
	uint64_t kick_mask;
	/* statistics */
	uint64_t foreign_accesses; /* another cell's frame: RAZ/WI */
	uint64_t blocked_writes;   /* own frame, INTID not the cell's: ignored */
	uint64_t unknown_accesses; /* reserved offsets or beyond the last frame: RAZ/WI */
};

/*
 * Boot, once per cell. phys_typer[i] is the physical GICR_TYPER of frame i
 * (at board->gicr_base + i * board->gicr_stride), frame_count the number of
 * frames up to and including the one with TYPER.Last (at most CF_MAX_CPUS);
 * phys_iidr the physical GICR_IIDR. Frames map to board CPUs by affinity.
 */
void vgic_redist_init(struct vgic_redist_view *r, const struct cf_board *board,
		      const struct cf_cell *cell, const uint64_t *phys_typer, uint32_t frame_count,
		      uint32_t phys_iidr, const struct vgic_backend *backend);

/*
 * Cell start or restart: every vCPU's redistributor asleep, virtual SGIs
 * disabled and not pending at VGIC_RESET_PRIORITY; the cell's PPIs on each of
 * its CPUs disabled, not pending, not active, at VGIC_RESET_PRIORITY.
 */
void vgic_redist_reset(struct vgic_redist_view *r);
/* The same for one CPU of the cell. */
void vgic_redist_reset_cpu(struct vgic_redist_view *r, uint32_t cpu);

/* Trap handler: a guest access inside the GICR region. False: fault it. */
bool vgic_redist_mmio(struct vgic_redist_view *r, struct mmio_access *a);

/*
 * A physical SGI (0-13) from a sibling arrived on board CPU cpu (already
 * acknowledged and deactivated): makes the virtual SGI pending. False when
 * cpu is not the cell's or the SGI is not one the guest may use.
 */
bool vgic_redist_sgi_raise(struct vgic_redist_view *r, uint32_t cpu, uint32_t intid);

/* Queues cpu's pending, enabled virtual SGIs into its LR state. Returns how many. */
uint32_t vgic_redist_collect(struct vgic_redist_view *r, uint32_t cpu, struct vgic_lr_state *lrs);

/* The guest's priority of an SGI or owned PPI on cpu, for the list register. */
uint8_t vgic_redist_priority(const struct vgic_redist_view *r, uint32_t cpu, uint32_t intid);

/* CPUs that may have a virtual SGI to collect since the last call. */
uint64_t vgic_redist_take_kicks(struct vgic_redist_view *r);

/* GICR_TYPER.Affinity_Value (Aff3.Aff2.Aff1.Aff0) of an MPIDR_EL1 value. */
static inline uint64_t vgic_gicr_affinity(uint64_t mpidr)
{
	return ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);
}

#endif
