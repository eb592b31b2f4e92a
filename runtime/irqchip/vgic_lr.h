/* SPDX-License-Identifier: MIT */
/*
 * List registers of one CPU's virtual CPU interface and the queue of
 * interrupts waiting for a free one.
 *
 * An interrupt for the guest running on this CPU is first queued
 * (vgic_queue), then vgic_fill_lrs moves queued entries into empty list
 * registers, highest priority first, before the CPU returns to the guest.
 * Entries that do not fit stay queued and the maintenance interrupt is
 * requested (ICH_HCR_EL2.UIE/NPIE) so that they move in as soon as the guest
 * frees a list register. Nothing is ever dropped silently: an INTID already
 * queued or already pending in a list register is merged with the new
 * injection, and a full queue is refused and counted (the queue holds more
 * entries than one CPU has distinct interrupts in any board cellforge
 * supports: 16 SGIs, 16 PPIs and the cell's SPIs up to VGIC_QUEUE_MAX).
 *
 * Not locked: one vgic_lr_state belongs to one physical CPU and only that CPU
 * touches it, with interrupts masked (EL2 runs with PSTATE.I set).
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_LR_H
#define CELLFORGE_IRQCHIP_VGIC_LR_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"

/* ICH_LR<n>_EL2, Interrupt Controller List Registers (IHI 0069 12.4). */
#define ICH_LR_VINTID_MASK	    GENMASK(31, 0)
#define ICH_LR_PINTID_SHIFT	    32
#define ICH_LR_PINTID_MASK	    GENMASK(44, 32) /* only when HW == 1 */
#define ICH_LR_EOI		    BIT(41) /* only when HW == 0: maintenance IRQ on deactivation */
#define ICH_LR_PRIORITY_SHIFT	    48
#define ICH_LR_PRIORITY_MASK	    GENMASK(55, 48)
#define ICH_LR_GROUP		    BIT(60) /* 1: Group 1 */
#define ICH_LR_HW		    BIT(61) /* deactivation also deactivates pINTID */
#define ICH_LR_STATE_SHIFT	    62
#define ICH_LR_STATE_MASK	    GENMASK(63, 62)
#define ICH_LR_STATE_INVALID	    UL(0)
#define ICH_LR_STATE_PENDING	    UL(1)
#define ICH_LR_STATE_ACTIVE	    UL(2)
#define ICH_LR_STATE_PENDING_ACTIVE UL(3)

/* ICH_HCR_EL2, Interrupt Controller Hyp Control Register. */
#define ICH_HCR_EN   BIT(0) /* virtual CPU interface on */
#define ICH_HCR_UIE  BIT(1) /* maintenance IRQ while at most one LR holds a valid interrupt */
#define ICH_HCR_NPIE BIT(3) /* maintenance IRQ while no LR holds a pending interrupt */
/* Trap EL1 accesses to the Group 1 ICC registers (IAR1, EOIR1, HPPIR1, BPR1, AP1Rn, IGRPEN1). */
#define ICH_HCR_TALL1 BIT(12)

/* ICH_VTR_EL2, Interrupt Controller VGIC Type Register: ListRegs = LR count - 1. */
#define ICH_VTR_LISTREGS_MASK GENMASK(4, 0)

/* The architecture allows at most 16 list registers (ICH_LR0..15_EL2). */
#define VGIC_MAX_LRS   16u
#define VGIC_QUEUE_MAX 64u
/* pINTID must name an SPI or PPI: SGIs cannot be hardware interrupts. */
#define VGIC_MIN_HW_INTID 16u
/*
 * Level-sensitive interrupts injected "to resample" at once per CPU: the
 * timer PPIs and the few level SPIs a cell routes to one CPU. More are
 * injected the ordinary way (the guest may then see one extra delivery).
 */
#define VGIC_RESAMPLE_MAX 8u

struct vgic_irq_entry {
	uint32_t intid;	 /* vINTID */
	uint32_t pintid; /* physical INTID when hw */
	uint8_t priority;
	bool hw;
	bool group1;
	bool eoi_maintenance; /* !hw only: maintenance IRQ when the guest deactivates it */
};

/* Accessors for ICH_LR<n>_EL2, so host tests can use an array. */
struct vgic_lr_access {
	uint64_t (*read)(void *ctx, uint32_t n);
	void (*write)(void *ctx, uint32_t n, uint64_t value);
	void *ctx;
};

struct vgic_lr_state {
	uint32_t nr_lrs;
	uint32_t queued;
	struct vgic_irq_entry queue[VGIC_QUEUE_MAX]; /* by priority, FIFO among equals */
	uint64_t hcr_bits;			     /* ICH_HCR_UIE/NPIE/TALL1 wanted, see fill */
	/* Level interrupts to resample when the guest next acknowledges (vgic_lr_resample). */
	uint32_t resample[VGIC_RESAMPLE_MAX];
	uint32_t resample_count;
	/* statistics */
	uint64_t injected;  /* entries written into a list register */
	uint64_t merged;    /* injections folded into an existing queue entry or LR */
	uint64_t evicted;   /* pending LRs pushed back by a higher-priority entry */
	uint64_t overflows; /* vgic_queue refused: queue full */
	uint64_t invalid;   /* vgic_queue refused: bad INTID/pINTID */
	uint64_t retracted; /* resampled with the line low: taken back, never delivered */
	uint64_t confirmed; /* resampled with the line still high: delivered */
};

/* Empties the queue; nr_lrs from ICH_VTR_EL2. List registers are not touched. */
void vgic_lr_init(struct vgic_lr_state *s, uint64_t ich_vtr);

/*
 * Queues an interrupt for this CPU's guest. False if it cannot be held (queue
 * full or an invalid INTID, e.g. hw with a pINTID < 16): the caller counts it
 * and, for a hardware interrupt, deactivates the physical interrupt so that
 * it is not stuck active.
 */
bool vgic_queue(struct vgic_lr_state *s, uint32_t intid, bool hw, uint32_t pintid, uint8_t priority,
		bool group1);
/* Same, with every field of the entry (used for EOI-maintained virtual interrupts). */
bool vgic_queue_entry(struct vgic_lr_state *s, const struct vgic_irq_entry *e);

static inline bool vgic_lr_has_queued(const struct vgic_lr_state *s)
{
	return s->queued != 0;
}

/*
 * Level-sensitive interrupts that may drop before the guest takes them.
 *
 * With the HW bit, a guest that deactivates a level interrupt (its EOI)
 * before it clears the source deactivates the physical interrupt while the
 * line is still high: the interrupt fires again at EL2 at once. Latched as a
 * plain pending list register it would no longer follow the line, and the
 * guest would take it a second time after it has cleared the device (on the
 * bare GIC the pending state drops with the line, IHI 0069 4.1.1 level-
 * sensitive behaviour). The hypervisor cannot see the guest clear a
 * passthrough device, so such a re-fired interrupt is queued "to resample":
 * vgic_fill_lrs then asks for ICH_HCR_EL2.TALL1, so that the guest's next
 * Group 1 ICC access (its ICC_IAR1_EL1 read when it takes the interrupt)
 * traps; vgic_lr_resample reads the physical line and takes the interrupt
 * back if it has dropped, and the guest re-executes its read natively
 * (it reads 1023, as on a GIC whose pending state dropped between the
 * signal and the acknowledge).
 *
 * vgic_lr_refire_signature: an LR still holds vINTID intid with the HW bit,
 * State invalid: the guest has deactivated it since the hypervisor last
 * wrote the list registers, which is how a re-fire after an early EOI looks.
 */
bool vgic_lr_refire_signature(const struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			      uint32_t intid);
/*
 * Queues a hardware interrupt (pINTID = vINTID) to be resampled. False if it
 * cannot be queued (as vgic_queue); when the resample list is full it is
 * queued the ordinary way (delivered, never lost).
 */
bool vgic_queue_resampled(struct vgic_lr_state *s, uint32_t intid, uint8_t priority, bool group1);

static inline bool vgic_lr_has_resample(const struct vgic_lr_state *s)
{
	return s->resample_count != 0;
}

/* The physical line of a level interrupt: true while its GIC pending state is set. */
typedef bool (*vgic_line_fn)(void *ctx, uint32_t pintid);

struct vgic_resample_result {
	uint32_t dropped[VGIC_RESAMPLE_MAX]; /* pINTIDs taken back: the caller deactivates them */
	uint32_t ndropped;
	uint32_t kept[VGIC_RESAMPLE_MAX]; /* vINTIDs left for the guest: the caller counts them */
	uint32_t nkept;
};

/*
 * Resamples every interrupt queued with vgic_queue_resampled: one still
 * pending (in a list register or the queue) whose line is low is removed;
 * one the guest already has (active) or whose line is high stays. The
 * resample list is emptied, so the next fill no longer asks for TALL1.
 * Bounded: VGIC_RESAMPLE_MAX entries, each one look at the LRs and the queue.
 */
void vgic_lr_resample(struct vgic_lr_state *s, const struct vgic_lr_access *lrs, vgic_line_fn line,
		      void *ctx, struct vgic_resample_result *r);

/*
 * Moves queued entries into list registers. Returns the ICH_HCR_EL2
 * maintenance bits the caller ORs into ICH_HCR_EL2 (with En) before entering
 * the guest: UIE while entries remain queued; NPIE too when some LR still
 * holds a pending interrupt (setting NPIE with no pending LR would fire the
 * maintenance interrupt at once, forever); TALL1 while an interrupt waits
 * to be resampled.
 */
uint64_t vgic_fill_lrs(struct vgic_lr_state *s, const struct vgic_lr_access *lrs);

/*
 * Maintenance interrupt: collects the vINTIDs of list registers whose
 * EOI-maintained interrupt the guest has deactivated (the ICH_EISR_EL2
 * condition), clears those list registers and returns how many were stored
 * in intids (at most max; the rest stay for the next call).
 */
uint32_t vgic_lr_take_eois(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			   uint32_t *intids, uint32_t max);

/*
 * Cell stop/restart on this CPU: clears every list register and the queue.
 * Returns the physical INTIDs of hardware interrupts that were pending or
 * active in a list register or waiting in the queue (at most max); the caller
 * deactivates them in the physical GIC, or they would stay active forever.
 */
uint32_t vgic_lr_reset(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
		       uint32_t *hw_pintids, uint32_t max);

/*
 * Where vINTID intid is on this CPU, as an ICH_LR State: that of the list
 * register holding it, pending if it waits in the queue, ICH_LR_STATE_INVALID
 * if neither.
 */
uint64_t vgic_lr_intid_state(const struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			     uint32_t intid);

/* ICH_LR<n>_EL2 value for an entry, State = pending. */
uint64_t vgic_lr_compose(const struct vgic_irq_entry *e);
/* The entry in an ICH_LR<n>_EL2 value (state not included). */
void vgic_lr_decode(uint64_t lr, struct vgic_irq_entry *e);

static inline uint64_t vgic_lr_state_of(uint64_t lr)
{
	return (lr & ICH_LR_STATE_MASK) >> ICH_LR_STATE_SHIFT;
}

#endif
