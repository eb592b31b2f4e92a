/* SPDX-License-Identifier: MIT */
/*
 * A cell's virtual GIC distributor. The physical GICD is never mapped into a
 * cell: every guest access traps and comes here as an mmio_access. Each
 * INTID falls into one of three classes:
 *   - owned: its bit is set in the cell's irq_bitmap; the access is applied to
 *     the physical distributor through the backend (vgic_backend.h);
 *   - virtual: a purely virtual SPI of the cell (vgic_dist_add_virq, e.g. the
 *     virtual PL011's), whose enable/pending/priority/config/route live here;
 *   - anything else: reads as zero, writes ignored (and counted).
 * INTIDs 0-31 read as zero here: with affinity routing they are configured
 * in each CPU's redistributor (vgic_redist.c).
 *
 * The guest sees a GICv3 with a single Security state (GICD_CTLR.DS = 1) and
 * affinity routing always on (ARE reads one), everything Group 1, no LPIs.
 *
 * Locking: a vgic_dist is shared by the cell's CPUs; the caller serialises
 * every call on it with one per-cell lock (the functions never block).
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_DIST_H
#define CELLFORGE_IRQCHIP_VGIC_DIST_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "compiler.h"
#include "core/mmio.h"
#include "irqchip/vgic_backend.h"
#include "irqchip/vgic_lr.h"

#define VGIC_DIST_MAX_VIRQS 4u
/* Reset priority of virtual SPIs and, at cell start, of owned SPIs. */
#define VGIC_RESET_PRIORITY 0xa0u

struct vgic_virq {
	uint32_t intid;
	uint64_t route; /* MPIDR affinity of the cell CPU it targets */
	uint8_t priority;
	bool enabled;
	bool edge;
	bool reset_edge; /* the trigger its device has, restored by a cell reset */
	bool line;	 /* input level as the emulated device drives it */
	bool soft_pend;	 /* edge seen or GICD_ISPENDR written, not yet in a list register */
	bool in_lr;	 /* handed to a list register, not yet deactivated by the guest */
	uint32_t lr_cpu; /* board CPU whose list registers hold it, while in_lr */
};

/*
 * Where a virtual SPI handed to a CPU is now: the ICH_LR State (pending,
 * active, both, or invalid once deactivated) of intid in the list registers
 * or the queue of board CPU cpu. Only ever called for the CPU making the
 * access (the one whose list registers are live), see vgic_dist_set_lr_query.
 */
typedef uint64_t (*vgic_lr_query_fn)(void *ctx, uint32_t cpu, uint32_t intid);

struct vgic_dist {
	const struct cf_cpu *cpus;
	uint32_t cpu_count;
	uint64_t cpu_mask;     /* the cell's CPUs */
	const uint32_t *owned; /* cf_cell.irq_bitmap */
	struct vgic_backend backend;
	uint32_t typer;
	uint32_t iidr;
	uint32_t nr_intids; /* 32 * (ITLinesNumber + 1), at most 1020 */
	uint32_t ctlr;	    /* the guest's EnableGrp0/EnableGrp1 */
	/*
	 * The guest's GICD_ISENABLER bits of its owned SPIs. The physical enable
	 * is this AND GICD_CTLR.EnableGrp1: a distributor with group 1 disabled
	 * forwards nothing (IHI 0069, 12.9 GICD_CTLR), so the owned SPIs are disabled
	 * physically meanwhile and stay pending there.
	 */
	uint32_t guest_enabled[CF_IRQ_BITMAP_WORDS];
	vgic_lr_query_fn lr_query; /* NULL: a handed-over virtual SPI reads pending */
	void *lr_query_ctx;
	struct vgic_virq virqs[VGIC_DIST_MAX_VIRQS];
	uint32_t virq_count;
	uint64_t kick_mask; /* cell CPUs that may have a virtual SPI to collect */
	/* statistics */
	uint64_t unknown_accesses; /* reserved/unknown offsets, RAZ/WI */
	uint64_t foreign_writes;   /* writes naming INTIDs or CPUs not the cell's, ignored */
};

/*
 * Boot, once per cell: phys_typer and phys_iidr are the physical GICD_TYPER
 * and GICD_IIDR (the guest sees the same number of SPIs and the same
 * implementer). No physical register is touched; see vgic_dist_reset.
 */
void vgic_dist_init(struct vgic_dist *d, const struct cf_board *board, const struct cf_cell *cell,
		    uint32_t phys_typer, uint32_t phys_iidr, const struct vgic_backend *backend);

/*
 * Declares a purely virtual SPI of the cell (e.g. the virtual UART's). False
 * if intid is not an SPI the distributor implements, is owned physically by
 * the cell, is already declared, or the table is full.
 */
bool vgic_dist_add_virq(struct vgic_dist *d, uint32_t intid, bool edge);

/*
 * Cell start or restart: the guest-visible state returns to reset values.
 * Virtual SPIs: disabled, not pending, priority VGIC_RESET_PRIORITY, routed to
 * the cell's first CPU, with the trigger mode they were declared with. Owned SPIs, through the
 * backend: disabled, pending and active cleared, priority VGIC_RESET_PRIORITY, routed to the first
 * CPU.
 */
void vgic_dist_reset(struct vgic_dist *d);

/*
 * How reads of GICD_ISPENDR/ISACTIVER learn the state of a virtual SPI that
 * sits in a list register: fn is asked when the reading CPU is the one
 * holding it. From any other CPU (its list registers are not reachable) it
 * reads as it was handed over: pending, not active.
 */
void vgic_dist_set_lr_query(struct vgic_dist *d, vgic_lr_query_fn fn, void *ctx);

/* Trap handler: a guest access inside the GICD region. False: fault it. */
bool vgic_dist_mmio(struct vgic_dist *d, struct mmio_access *a);

/* True when the cell owns intid physically (an SPI of its irq_bitmap). */
bool vgic_dist_owns(const struct vgic_dist *d, uint32_t intid);

/* The guest's priority for an owned or virtual SPI, for the list register. */
uint8_t vgic_dist_priority(const struct vgic_dist *d, uint32_t intid);

/*
 * An emulated device drives the input of a virtual SPI. Level-sensitive: pending
 * while high. Edge: a rising edge makes it pending. A CPU that must now
 * collect it is added to the kick mask.
 */
void vgic_dist_virq_set_level(struct vgic_dist *d, uint32_t intid, bool level);

/*
 * Queues the virtual SPIs that are enabled, pending, routed to board CPU cpu
 * and not already in a list register into that CPU's LR state. Call on cpu
 * itself, before vgic_fill_lrs. Returns how many were queued.
 */
uint32_t vgic_dist_collect(struct vgic_dist *d, uint32_t cpu, struct vgic_lr_state *lrs);

/*
 * The guest deactivated a virtual SPI (vINTID from vgic_lr_take_eois). A
 * level-sensitive one whose line is still high is pending again.
 */
void vgic_dist_virq_eoi(struct vgic_dist *d, uint32_t intid);

/* CPUs that may have something to collect since the last call (bit i = board CPU i). */
uint64_t vgic_dist_take_kicks(struct vgic_dist *d);

#endif
