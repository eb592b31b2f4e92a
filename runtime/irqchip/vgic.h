/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC in the running hypervisor: glue between the pure vGIC
 * models (vgic_dist, vgic_redist, vgic_lr, vgic_sgi), the physical GIC
 * (gicv3.c) and the cells.
 *
 * Per cell (struct vgic_cell, inside struct cell): the virtual distributor
 * and redistributor view, behind vc->lock, and the cell's virtual UART SPI.
 * Per CPU (vgic.c): the list-register queue of the guest running there.
 *
 * Life of an interrupt the cell owns (SPI of a passthrough device, the
 * virtual timer PPI): the physical GIC signals it to EL2 (HCR_EL2.IMO); the
 * CPU acknowledges it, drops the priority (EOImode 1) and queues it for a
 * list register with the HW bit and pINTID = vINTID. When the guest
 * deactivates the virtual interrupt, the GIC deactivates the physical one:
 * one exit per interrupt, none for the EOI. A level interrupt the guest
 * deactivated before clearing its source fires again at once; it is
 * resampled at the guest's next acknowledge (ICH_HCR_EL2.TALL1) and taken
 * back if the line has dropped (vgic.c refire_of_same_event, vgic_lr.h).
 *
 * Guest SGIs: an ICC_SGI1R_EL1 write traps, goes to the same cell's CPUs as
 * the physical SGI, which the receiver acknowledges, deactivates and turns
 * into a pending virtual SGI (vgic_redist). Purely virtual SPIs (the virtual
 * UART) are pending in vgic_dist and use list registers with EOI maintenance.
 *
 * After every change to a cell's virtual state, the CPUs that must look at
 * it are kicked with the hypervisor SGI; every return to a guest collects
 * the CPU's pending virtual interrupts and refills its list registers.
 *
 * Lock order: a cell's vgic lock, then gic_lock (inside the backend). Nothing
 * else is taken under a vgic lock; in particular the console mux and the
 * vUART call in with no vgic lock held.
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_H
#define CELLFORGE_IRQCHIP_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/exception_frame.h"
#include "core/mmio.h"
#include "irqchip/vgic_dist.h"
#include "irqchip/vgic_redist.h"
#include "lib/spinlock.h"

struct cell;

struct vgic_cell {
	struct spinlock lock; /* dist and redist */
	struct vgic_dist dist;
	struct vgic_redist_view redist;
	uint32_t uart_virq; /* the virtual console's SPI, 0 if none */
	/* statistics (atomic adds) */
	uint64_t sgi_refused;	  /* SGIs 14/15, ICC_SGI0R/ASGI1R writes */
	uint64_t sgi_dropped;	  /* targets that are not the cell's CPUs */
	uint64_t irq_dropped;	  /* interrupts that could not be queued (deactivated) */
	uint64_t irq_stray;	  /* interrupts taken that the cell does not own */
	uint64_t level_resampled; /* exits for a resample (TALL1 traps) */
	uint64_t level_retracted; /* re-fired level interrupts taken back: line low */
};

/* Boot CPU, after gic_init_distributor, before the cells: physical GIC facts, console IRQ. */
void vgic_boot_init(void);
/* Boot CPU, per cell: models, MMIO regions (GICD, GICR), the virtual UART SPI. */
void vgic_cell_init(struct cell *c);
/* Cell start/restart/stop: virtual state to reset, owned interrupts disabled and inactive. */
void vgic_cell_reset(struct cell *c);

/* Every CPU in a cell, once: list registers. */
void vgic_cpu_init(void);
/* This CPU enters its cell's guest at an entry point: clean virtual CPU interface. */
void vgic_cpu_enter(struct cell *c);
/*
 * This CPU leaves the guest for the wait loop: list registers cleared (their
 * hardware interrupts deactivated), virtual interface and EL1 timers off.
 * Idempotent.
 */
void vgic_cpu_leave(struct cell *c);

/* IRQ exit: acknowledges and dispatches what is pending at the physical CPU interface. */
void vgic_handle_irq(struct cell *c);
/*
 * A trapped MSR/MRS (EC 0x18) of a GIC register: handled (true, the
 * instruction skipped) or not a GIC register the guest may use (false).
 */
bool vgic_handle_sysreg(struct cell *c, struct exc_frame *f);
/* Before every return to the guest: collect pending virtual interrupts, fill list registers. */
void vgic_cpu_sync(struct cell *c);

/* MMIO handlers (device = the struct cell), for exit statistics by handler. */
bool vgic_gicd_mmio(void *cell, struct mmio_access *a);
bool vgic_gicr_mmio(void *cell, struct mmio_access *a);

/* "[hv] vgic cell '...': ..." counters of the cell. */
void vgic_print_stats(struct cell *c);

#endif
