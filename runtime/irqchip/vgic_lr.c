// SPDX-License-Identifier: MIT
#include "irqchip/vgic_lr.h"

/* INTIDs a guest can be given: SGIs, PPIs, SPIs (1020..1023 are special). */
#define VGIC_INTID_LIMIT 1020u

void vgic_lr_init(struct vgic_lr_state *s, uint64_t ich_vtr)
{
	uint32_t n = (uint32_t)(ich_vtr & ICH_VTR_LISTREGS_MASK) + 1u;

	*s = (struct vgic_lr_state){0};
	s->nr_lrs = n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
}

uint64_t vgic_lr_compose(const struct vgic_irq_entry *e)
{
	uint64_t lr = (uint64_t)e->intid & ICH_LR_VINTID_MASK;

	lr |= ((uint64_t)e->priority << ICH_LR_PRIORITY_SHIFT) & ICH_LR_PRIORITY_MASK;
	if (e->group1)
		lr |= ICH_LR_GROUP;
	if (e->hw)
		lr |= ICH_LR_HW |
		      (((uint64_t)e->pintid << ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK);
	else if (e->eoi_maintenance)
		lr |= ICH_LR_EOI;
	return lr | (ICH_LR_STATE_PENDING << ICH_LR_STATE_SHIFT);
}

void vgic_lr_decode(uint64_t lr, struct vgic_irq_entry *e)
{
	e->intid = (uint32_t)(lr & ICH_LR_VINTID_MASK);
	e->priority = (uint8_t)((lr & ICH_LR_PRIORITY_MASK) >> ICH_LR_PRIORITY_SHIFT);
	e->group1 = (lr & ICH_LR_GROUP) != 0;
	e->hw = (lr & ICH_LR_HW) != 0;
	e->pintid = e->hw ? (uint32_t)((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT) : 0;
	e->eoi_maintenance = !e->hw && (lr & ICH_LR_EOI) != 0;
}

/*
 * ICH_ELRSR_EL2's rule: a list register is free when its State is invalid and
 * it does not hold an EOI maintenance interrupt not yet handled (HW = 0 with
 * EOI = 1), which vgic_lr_take_eois must see first.
 */
static bool lr_is_free(uint64_t lr)
{
	if (vgic_lr_state_of(lr) != ICH_LR_STATE_INVALID)
		return false;
	return (lr & ICH_LR_HW) != 0 || (lr & ICH_LR_EOI) == 0;
}

static void queue_remove(struct vgic_lr_state *s, uint32_t at)
{
	for (uint32_t i = at; i + 1 < s->queued; i++)
		s->queue[i] = s->queue[i + 1];
	s->queued--;
}

/* Inserts behind every entry of the same or a higher priority (lower value). */
static void queue_insert_sorted(struct vgic_lr_state *s, const struct vgic_irq_entry *e)
{
	uint32_t at = s->queued;

	while (at > 0 && s->queue[at - 1].priority > e->priority) {
		s->queue[at] = s->queue[at - 1];
		at--;
	}
	s->queue[at] = *e;
	s->queued++;
}

bool vgic_queue_entry(struct vgic_lr_state *s, const struct vgic_irq_entry *e)
{
	if (e->intid >= VGIC_INTID_LIMIT ||
	    (e->hw && (e->pintid < VGIC_MIN_HW_INTID || e->pintid >= VGIC_INTID_LIMIT))) {
		s->invalid++;
		return false;
	}
	for (uint32_t i = 0; i < s->queued; i++) {
		if (s->queue[i].intid == e->intid) {
			s->merged++;
			return true;
		}
	}
	if (s->queued >= VGIC_QUEUE_MAX) {
		s->overflows++;
		return false;
	}
	queue_insert_sorted(s, e);
	return true;
}

bool vgic_queue(struct vgic_lr_state *s, uint32_t intid, bool hw, uint32_t pintid, uint8_t priority,
		bool group1)
{
	struct vgic_irq_entry e = {
		.intid = intid,
		.pintid = pintid,
		.priority = priority,
		.hw = hw,
		.group1 = group1,
		.eoi_maintenance = false,
	};

	return vgic_queue_entry(s, &e);
}

/*
 * An entry whose vINTID is already in a list register. Pending there: the
 * injection is merged. Active there, software interrupt: the LR becomes
 * pending+active, which is how the GIC itself records an edge arriving while
 * the previous one is being handled. Active hardware interrupt: the physical
 * interrupt cannot fire again before the guest deactivates it, so a second
 * injection can only come from a guest's GICD_ISPENDR write; it waits in the
 * queue until the LR frees. Returns true when the entry was consumed.
 */
static bool merge_into_lr(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			  uint64_t *lr_val, uint32_t n, const struct vgic_irq_entry *e)
{
	uint64_t state = vgic_lr_state_of(lr_val[n]);

	if (state == ICH_LR_STATE_PENDING || state == ICH_LR_STATE_PENDING_ACTIVE) {
		s->merged++;
		return true;
	}
	if (state == ICH_LR_STATE_ACTIVE && !(lr_val[n] & ICH_LR_HW) && !e->hw) {
		lr_val[n] = (lr_val[n] & ~ICH_LR_STATE_MASK) |
			    (ICH_LR_STATE_PENDING_ACTIVE << ICH_LR_STATE_SHIFT);
		lrs->write(lrs->ctx, n, lr_val[n]);
		s->merged++;
		return true;
	}
	return false;
}

/* The pending-only LR with the lowest priority (highest value) worse than prio, or nr_lrs. */
static uint32_t eviction_victim(const struct vgic_lr_state *s, const uint64_t *lr_val, uint8_t prio)
{
	uint32_t victim = s->nr_lrs;
	uint32_t worst = prio;

	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint32_t p =
			(uint32_t)((lr_val[n] & ICH_LR_PRIORITY_MASK) >> ICH_LR_PRIORITY_SHIFT);

		if (vgic_lr_state_of(lr_val[n]) == ICH_LR_STATE_PENDING && p > worst) {
			worst = p;
			victim = n;
		}
	}
	return victim;
}

uint64_t vgic_fill_lrs(struct vgic_lr_state *s, const struct vgic_lr_access *lrs)
{
	uint64_t lr_val[VGIC_MAX_LRS];
	uint32_t i = 0;
	bool any_pending = false;

	for (uint32_t n = 0; n < s->nr_lrs; n++)
		lr_val[n] = lrs->read(lrs->ctx, n);

	/*
	 * Each round either consumes the entry at i or moves past it; an
	 * eviction puts a strictly lower-priority entry behind i. Bounded by
	 * the queue size plus one eviction per list register per round.
	 */
	for (uint32_t round = 0; i < s->queued && round < 2u * VGIC_QUEUE_MAX + VGIC_MAX_LRS;
	     round++) {
		struct vgic_irq_entry e = s->queue[i];
		uint32_t same = s->nr_lrs, free_lr = s->nr_lrs, victim;

		for (uint32_t n = 0; n < s->nr_lrs; n++) {
			if (vgic_lr_state_of(lr_val[n]) != ICH_LR_STATE_INVALID &&
			    (lr_val[n] & ICH_LR_VINTID_MASK) == e.intid)
				same = n;
			else if (free_lr == s->nr_lrs && lr_is_free(lr_val[n]))
				free_lr = n;
		}
		if (same < s->nr_lrs) {
			if (merge_into_lr(s, lrs, lr_val, same, &e))
				queue_remove(s, i);
			else
				i++;
			continue;
		}
		if (free_lr < s->nr_lrs) {
			lr_val[free_lr] = vgic_lr_compose(&e);
			lrs->write(lrs->ctx, free_lr, lr_val[free_lr]);
			queue_remove(s, i);
			s->injected++;
			continue;
		}
		victim = eviction_victim(s, lr_val, e.priority);
		if (victim < s->nr_lrs) {
			struct vgic_irq_entry out;

			vgic_lr_decode(lr_val[victim], &out);
			queue_remove(s, i);
			queue_insert_sorted(s, &out); /* room: one entry just left */
			lr_val[victim] = vgic_lr_compose(&e);
			lrs->write(lrs->ctx, victim, lr_val[victim]);
			s->evicted++;
			s->injected++;
			continue;
		}
		i++;
	}

	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint64_t state = vgic_lr_state_of(lr_val[n]);

		if (state == ICH_LR_STATE_PENDING || state == ICH_LR_STATE_PENDING_ACTIVE)
			any_pending = true;
	}
	s->hcr_bits = 0;
	if (s->queued) {
		s->hcr_bits = ICH_HCR_UIE;
		if (any_pending)
			s->hcr_bits |= ICH_HCR_NPIE;
	}
	if (s->resample_count)
		s->hcr_bits |= ICH_HCR_TALL1;
	return s->hcr_bits;
}

bool vgic_lr_refire_signature(const struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			      uint32_t intid)
{
	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint64_t lr = lrs->read(lrs->ctx, n);

		if ((lr & ICH_LR_VINTID_MASK) == intid && (lr & ICH_LR_HW) &&
		    vgic_lr_state_of(lr) == ICH_LR_STATE_INVALID)
			return true;
	}
	return false;
}

bool vgic_queue_resampled(struct vgic_lr_state *s, uint32_t intid, uint8_t priority, bool group1)
{
	bool listed = false;

	if (!vgic_queue(s, intid, true, intid, priority, group1))
		return false;
	for (uint32_t i = 0; i < s->resample_count; i++)
		listed = listed || s->resample[i] == intid;
	if (!listed && s->resample_count < VGIC_RESAMPLE_MAX)
		s->resample[s->resample_count++] = intid;
	return true;
}

/* Takes vINTID intid back if it is still only pending and its line is low. */
static bool resample_one(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			 vgic_line_fn line, void *ctx, uint32_t intid)
{
	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint64_t lr = lrs->read(lrs->ctx, n);
		uint64_t state = vgic_lr_state_of(lr);

		if (state == ICH_LR_STATE_INVALID || (lr & ICH_LR_VINTID_MASK) != intid)
			continue;
		/* Acknowledged already (active): the guest has it, as on the bare GIC. */
		if (state != ICH_LR_STATE_PENDING || !(lr & ICH_LR_HW) || line(ctx, intid))
			return false;
		lrs->write(lrs->ctx, n, 0);
		return true;
	}
	for (uint32_t i = 0; i < s->queued; i++) {
		if (s->queue[i].intid != intid)
			continue;
		if (!s->queue[i].hw || line(ctx, s->queue[i].pintid))
			return false;
		queue_remove(s, i);
		return true;
	}
	return false;
}

void vgic_lr_resample(struct vgic_lr_state *s, const struct vgic_lr_access *lrs, vgic_line_fn line,
		      void *ctx, struct vgic_resample_result *r)
{
	uint32_t count =
		s->resample_count > VGIC_RESAMPLE_MAX ? VGIC_RESAMPLE_MAX : s->resample_count;

	r->ndropped = 0;
	r->nkept = 0;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t intid = s->resample[i];

		if (resample_one(s, lrs, line, ctx, intid)) {
			r->dropped[r->ndropped++] = intid;
			s->retracted++;
		} else {
			r->kept[r->nkept++] = intid;
			s->confirmed++;
		}
	}
	s->resample_count = 0;
}

uint32_t vgic_lr_take_eois(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			   uint32_t *intids, uint32_t max)
{
	uint32_t count = 0;

	for (uint32_t n = 0; n < s->nr_lrs && count < max; n++) {
		uint64_t lr = lrs->read(lrs->ctx, n);

		if (vgic_lr_state_of(lr) == ICH_LR_STATE_INVALID && !(lr & ICH_LR_HW) &&
		    (lr & ICH_LR_EOI)) {
			intids[count++] = (uint32_t)(lr & ICH_LR_VINTID_MASK);
			lrs->write(lrs->ctx, n, 0);
		}
	}
	return count;
}

uint32_t vgic_lr_reset(struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
		       uint32_t *hw_pintids, uint32_t max)
{
	uint32_t count = 0;

	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint64_t lr = lrs->read(lrs->ctx, n);

		if ((lr & ICH_LR_HW) && vgic_lr_state_of(lr) != ICH_LR_STATE_INVALID && count < max)
			hw_pintids[count++] =
				(uint32_t)((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT);
		lrs->write(lrs->ctx, n, 0);
	}
	for (uint32_t i = 0; i < s->queued; i++) {
		if (s->queue[i].hw && count < max)
			hw_pintids[count++] = s->queue[i].pintid;
	}
	s->queued = 0;
	s->hcr_bits = 0;
	s->resample_count = 0;
	return count;
}

uint64_t vgic_lr_intid_state(const struct vgic_lr_state *s, const struct vgic_lr_access *lrs,
			     uint32_t intid)
{
	for (uint32_t n = 0; n < s->nr_lrs; n++) {
		uint64_t lr = lrs->read(lrs->ctx, n);
		uint64_t state = vgic_lr_state_of(lr);

		if (state != ICH_LR_STATE_INVALID && (lr & ICH_LR_VINTID_MASK) == intid)
			return state;
	}
	for (uint32_t i = 0; i < s->queued; i++) {
		if (s->queue[i].intid == intid)
			return ICH_LR_STATE_PENDING;
	}
	return ICH_LR_STATE_INVALID;
}
