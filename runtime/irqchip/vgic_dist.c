// SPDX-License-Identifier: MIT
#include "irqchip/vgic_dist.h"

/* Distributor register map (IHI 0069, 12.9). */
#define GICD_CTLR	 0x0000u
#define GICD_TYPER	 0x0004u
#define GICD_IIDR	 0x0008u
#define GICD_TYPER2	 0x000cu
#define GICD_STATUSR	 0x0010u
#define GICD_IGROUPR	 0x0080u
#define GICD_ISENABLER	 0x0100u
#define GICD_ICENABLER	 0x0180u
#define GICD_ISPENDR	 0x0200u
#define GICD_ICPENDR	 0x0280u
#define GICD_ISACTIVER	 0x0300u
#define GICD_ICACTIVER	 0x0380u
#define GICD_IPRIORITYR	 0x0400u
#define GICD_ITARGETSR	 0x0800u
#define GICD_ICFGR	 0x0c00u
#define GICD_IGRPMODR	 0x0d00u
#define GICD_NSACR	 0x0e00u
#define GICD_SGIR	 0x0f00u
#define GICD_CPENDSGIR	 0x0f10u
#define GICD_SPENDSGIR	 0x0f20u
#define GICD_IROUTER	 0x6000u /* + 8 * INTID, INTIDs 32..1019 */
#define GICD_IROUTER_END 0x7fe0u
#define GICD_ID_START	 0xffd0u /* PIDR4..7, PIDR0..3, CIDR0..3 */
#define GICD_PIDR2	 0xffe8u

/* GICD_CTLR with a single Security state (DS = 1), IHI 0069 12.9. */
#define GICD_CTLR_ENABLE_GRP0 BIT(0)
#define GICD_CTLR_ENABLE_GRP1 BIT(1)
#define GICD_CTLR_ARE	      BIT(4)
#define GICD_CTLR_DS	      BIT(6)
#define GICD_CTLR_RWP	      BIT(31)

/* GICD_TYPER, Interrupt Controller Type Register, IHI 0069 12.9. */
#define GICD_TYPER_ITLINES_MASK GENMASK(4, 0)
#define GICD_TYPER_MBIS		BIT(16)
#define GICD_TYPER_LPIS		BIT(17)
#define GICD_TYPER_IDBITS_SHIFT 19
#define GICD_TYPER_A3V		BIT(24)
#define GICD_TYPER_NO1N		BIT(25)
#define GICD_TYPER_RSS		BIT(26)

/* GICD_IROUTER<n>, IHI 0069 12.9: Interrupt_Routing_Mode, 1 = any PE ("1 of N"). */
#define GICD_IROUTER_IRM BIT(31)

/* INTID range of each GICD register class. */
#define GICD_BITREG_SPAN 0x80u	/* 1 bit per INTID: 1024 / 8 bytes */
#define GICD_PRIO_SPAN	 0x400u /* 8 bits per INTID */
#define GICD_ICFGR_SPAN	 0x100u /* 2 bits per INTID */
#define GICD_ID_END	 0x10000u
#define FIRST_SPI	 32u
#define SPECIAL_INTID	 1020u
#define GICD_IDBITS_10	 9u /* IDbits = number of INTID bits - 1 */
#define ICFGR_EDGE_BIT	 1u /* bit 1 of each 2-bit Int_config field */

static struct vgic_virq *find_virq(struct vgic_dist *d, uint32_t intid)
{
	for (uint32_t i = 0; i < d->virq_count; i++) {
		if (d->virqs[i].intid == intid)
			return &d->virqs[i];
	}
	return NULL;
}

static const struct vgic_virq *find_virq_const(const struct vgic_dist *d, uint32_t intid)
{
	return find_virq((struct vgic_dist *)d, intid);
}

bool vgic_dist_owns(const struct vgic_dist *d, uint32_t intid)
{
	return intid >= FIRST_SPI && intid < d->nr_intids && vgic_intid_in(d->owned, intid);
}

static uint64_t first_cpu_affinity(const struct vgic_dist *d)
{
	uint32_t cpu = vgic_first_cpu(d->cpu_mask);

	return cpu < d->cpu_count ? d->cpus[cpu].mpidr & VGIC_AFFINITY_MASK : 0;
}

/* Board CPU index a virtual SPI is routed to (the first cell CPU if the route is stale). */
static uint32_t virq_target(const struct vgic_dist *d, const struct vgic_virq *v)
{
	uint32_t cpu = vgic_cpu_by_affinity(d->cpus, d->cpu_count, v->route);

	if (cpu >= d->cpu_count || !(d->cpu_mask & (UL(1) << cpu)))
		cpu = vgic_first_cpu(d->cpu_mask);
	return cpu;
}

static bool virq_pending(const struct vgic_virq *v)
{
	return v->soft_pend || (!v->edge && v->line);
}

/*
 * ICH_LR State of a virtual SPI in a list register, as the CPU reading sees
 * it: asked of the list registers when they are the reader's own; otherwise
 * what it was handed over as (pending).
 */
static uint64_t virq_lr_state(const struct vgic_dist *d, const struct vgic_virq *v, uint32_t reader)
{
	if (!v->in_lr)
		return ICH_LR_STATE_INVALID;
	if (d->lr_query && reader == v->lr_cpu)
		return d->lr_query(d->lr_query_ctx, v->lr_cpu, v->intid) &
		       ICH_LR_STATE_PENDING_ACTIVE;
	return ICH_LR_STATE_PENDING;
}

static bool grp1_enabled(const struct vgic_dist *d)
{
	return (d->ctlr & GICD_CTLR_ENABLE_GRP1) != 0;
}

/* The physical enable of owned SPI intid: the guest's enable, gated by EnableGrp1. */
static void apply_enable(struct vgic_dist *d, uint32_t cpu, uint32_t intid)
{
	bool on = vgic_intid_in(d->guest_enabled, intid) && grp1_enabled(d);

	d->backend.ops->set_enable(d->backend.ctx, cpu, intid, on);
}

static void virq_note(struct vgic_dist *d, const struct vgic_virq *v)
{
	uint32_t cpu;

	if (!v->enabled || !virq_pending(v) || v->in_lr || !grp1_enabled(d))
		return;
	cpu = virq_target(d, v);
	if (cpu < CF_MAX_CPUS)
		d->kick_mask |= UL(1) << cpu;
}

void vgic_dist_init(struct vgic_dist *d, const struct cf_board *board, const struct cf_cell *cell,
		    uint32_t phys_typer, uint32_t phys_iidr, const struct vgic_backend *backend)
{
	uint32_t lines = phys_typer & GICD_TYPER_ITLINES_MASK;

	*d = (struct vgic_dist){0};
	d->cpus = board->cpus;
	d->cpu_count = board->cpu_count < CF_MAX_CPUS ? board->cpu_count : CF_MAX_CPUS;
	d->cpu_mask = cell->cpu_mask;
	if (d->cpu_count < CF_MAX_CPUS)
		d->cpu_mask &= (UL(1) << d->cpu_count) - 1u;
	d->owned = cell->irq_bitmap;
	d->backend = *backend;
	d->nr_intids = 32u * (lines + 1u);
	if (d->nr_intids > SPECIAL_INTID)
		d->nr_intids = SPECIAL_INTID;
	/*
	 * What the guest may rely on: the physical number of SPIs, affinity
	 * level 3 and range selector support as the hardware has them, no
	 * LPIs or message-based SPIs, and no "1 of N" routing (refused).
	 */
	d->typer = lines | (GICD_IDBITS_10 << GICD_TYPER_IDBITS_SHIFT) | GICD_TYPER_NO1N |
		   (phys_typer & (GICD_TYPER_A3V | GICD_TYPER_RSS));
	d->iidr = phys_iidr;
}

bool vgic_dist_add_virq(struct vgic_dist *d, uint32_t intid, bool edge)
{
	struct vgic_virq *v;

	if (intid < FIRST_SPI || intid >= d->nr_intids || vgic_intid_in(d->owned, intid) ||
	    find_virq(d, intid) || d->virq_count >= VGIC_DIST_MAX_VIRQS)
		return false;
	v = &d->virqs[d->virq_count++];
	*v = (struct vgic_virq){0};
	v->intid = intid;
	v->edge = edge;
	v->reset_edge = edge;
	v->priority = VGIC_RESET_PRIORITY;
	v->route = first_cpu_affinity(d);
	return true;
}

void vgic_dist_reset(struct vgic_dist *d)
{
	const struct vgic_backend_ops *ops = d->backend.ops;
	uint32_t first = vgic_first_cpu(d->cpu_mask);
	uint64_t route = first_cpu_affinity(d);

	d->ctlr = 0;
	d->kick_mask = 0;
	for (uint32_t w = 0; w < CF_IRQ_BITMAP_WORDS; w++)
		d->guest_enabled[w] = 0;
	for (uint32_t i = 0; i < d->virq_count; i++) {
		struct vgic_virq *v = &d->virqs[i];

		v->enabled = false;
		/* A guest may have changed the trigger in ICFGR; the next one finds the device's. */
		v->edge = v->reset_edge;
		v->soft_pend = false;
		v->in_lr = false;
		v->priority = VGIC_RESET_PRIORITY;
		v->route = route;
	}
	for (uint32_t intid = FIRST_SPI; intid < d->nr_intids; intid++) {
		if (!vgic_intid_in(d->owned, intid))
			continue;
		ops->set_enable(d->backend.ctx, first, intid, false);
		ops->set_pending(d->backend.ctx, first, intid, false);
		ops->set_active(d->backend.ctx, first, intid, false);
		ops->set_priority(d->backend.ctx, first, intid, VGIC_RESET_PRIORITY);
		ops->set_route(d->backend.ctx, intid, route);
	}
}

void vgic_dist_set_lr_query(struct vgic_dist *d, vgic_lr_query_fn fn, void *ctx)
{
	d->lr_query = fn;
	d->lr_query_ctx = ctx;
}

uint8_t vgic_dist_priority(const struct vgic_dist *d, uint32_t intid)
{
	const struct vgic_virq *v = find_virq_const(d, intid);

	if (v)
		return v->priority;
	if (vgic_dist_owns(d, intid))
		return d->backend.ops->get_priority(d->backend.ctx, vgic_first_cpu(d->cpu_mask),
						    intid);
	return 0;
}

/* ---- bit-per-INTID registers: IGROUPR, IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER ---- */

static bool bitreg_read_one(struct vgic_dist *d, enum bitreg reg, uint32_t cpu, uint32_t intid)
{
	const struct vgic_backend_ops *ops = d->backend.ops;
	struct vgic_virq *v = find_virq(d, intid);

	if (v) {
		switch (reg) {
		case BITREG_GROUP:
			return true;
		case BITREG_SET_ENABLE:
		case BITREG_CLEAR_ENABLE:
			return v->enabled;
		case BITREG_SET_PENDING:
		case BITREG_CLEAR_PENDING:
			return virq_pending(v) ||
			       (virq_lr_state(d, v, cpu) & ICH_LR_STATE_PENDING) != 0;
		case BITREG_SET_ACTIVE:
		case BITREG_CLEAR_ACTIVE:
			/* In a list register is not active: the guest may not have taken it. */
			return (virq_lr_state(d, v, cpu) & ICH_LR_STATE_ACTIVE) != 0;
		}
		return false;
	}
	if (!vgic_dist_owns(d, intid))
		return false;
	switch (reg) {
	case BITREG_GROUP:
		return true;
	case BITREG_SET_ENABLE:
	case BITREG_CLEAR_ENABLE:
		return vgic_intid_in(d->guest_enabled, intid); /* physical: gated by EnableGrp1 */
	case BITREG_SET_PENDING:
	case BITREG_CLEAR_PENDING:
		return ops->get_pending(d->backend.ctx, cpu, intid);
	case BITREG_SET_ACTIVE:
	case BITREG_CLEAR_ACTIVE:
		return ops->get_active(d->backend.ctx, cpu, intid);
	}
	return false;
}

/*
 * A 1 written for one INTID. The active state of a virtual SPI lives in a
 * list register of the CPU handling it and is not changed from here.
 */
static void bitreg_write_one(struct vgic_dist *d, enum bitreg reg, uint32_t cpu, uint32_t intid)
{
	struct vgic_virq *v = find_virq(d, intid);

	if (reg == BITREG_GROUP)
		return; /* everything is Group 1 */
	if (v) {
		if (reg == BITREG_SET_ENABLE)
			v->enabled = true;
		else if (reg == BITREG_CLEAR_ENABLE)
			v->enabled = false;
		else if (reg == BITREG_SET_PENDING)
			v->soft_pend = true;
		else if (reg == BITREG_CLEAR_PENDING)
			v->soft_pend = false;
		virq_note(d, v);
		return;
	}
	if (!vgic_dist_owns(d, intid)) {
		d->foreign_writes++;
		return;
	}
	if (reg == BITREG_SET_ENABLE || reg == BITREG_CLEAR_ENABLE) {
		uint32_t *word = &d->guest_enabled[intid / 32u];

		if (reg == BITREG_SET_ENABLE)
			*word |= 1u << (intid % 32u);
		else
			*word &= ~(1u << (intid % 32u));
		apply_enable(d, cpu, intid);
		return;
	}
	vgic_backend_apply_bitreg(&d->backend, reg, cpu, intid);
}

static void bitreg_access(struct vgic_dist *d, enum bitreg reg, uint32_t word,
			  struct mmio_access *a)
{
	uint32_t value = 0;

	for (uint32_t bit = 0; bit < 32u; bit++) {
		uint32_t intid = word * 32u + bit;

		if (intid < FIRST_SPI || intid >= d->nr_intids)
			continue; /* SGIs/PPIs are the redistributors'; beyond: reserved */
		if (a->write) {
			if (a->value & (UL(1) << bit))
				bitreg_write_one(d, reg, a->cpu, intid);
		} else if (bitreg_read_one(d, reg, a->cpu, intid)) {
			value |= 1u << bit;
		}
	}
	if (!a->write)
		a->value = value;
}

/* ---- IPRIORITYR, ICFGR, IROUTER ---- */

static void priority_access(struct vgic_dist *d, uint32_t first_intid, struct mmio_access *a)
{
	uint64_t value = 0;

	for (uint32_t i = 0; i < a->size; i++) {
		uint32_t intid = first_intid + i;
		uint8_t byte = (uint8_t)(a->value >> (8u * i));
		struct vgic_virq *v;

		if (intid < FIRST_SPI || intid >= d->nr_intids)
			continue;
		v = find_virq(d, intid);
		if (a->write) {
			if (v)
				v->priority = byte;
			else if (vgic_dist_owns(d, intid))
				d->backend.ops->set_priority(d->backend.ctx, a->cpu, intid, byte);
			else
				d->foreign_writes++;
		} else {
			if (v)
				byte = v->priority;
			else if (vgic_dist_owns(d, intid))
				byte = d->backend.ops->get_priority(d->backend.ctx, a->cpu, intid);
			else
				byte = 0;
			value |= (uint64_t)byte << (8u * i);
		}
	}
	if (!a->write)
		a->value = value;
}

/* ICFGR: 16 INTIDs per word, Int_config[1] = 1 edge, 0 level; bit 0 reserved. */
static void config_access(struct vgic_dist *d, uint32_t word, struct mmio_access *a)
{
	uint32_t value = 0;

	for (uint32_t i = 0; i < 16u; i++) {
		uint32_t intid = word * 16u + i;
		uint32_t shift = 2u * i + ICFGR_EDGE_BIT;
		bool edge = (a->value >> shift) & 1u;
		struct vgic_virq *v;

		if (intid < FIRST_SPI || intid >= d->nr_intids)
			continue;
		v = find_virq(d, intid);
		if (a->write) {
			if (v) {
				v->edge = edge;
				virq_note(d, v);
			} else if (vgic_dist_owns(d, intid)) {
				const struct vgic_backend_ops *ops = d->backend.ops;

				if (ops->get_config(d->backend.ctx, a->cpu, intid) != edge)
					ops->set_config(d->backend.ctx, a->cpu, intid, edge);
			} else if (edge) {
				d->foreign_writes++;
			}
		} else {
			if (v)
				edge = v->edge;
			else if (vgic_dist_owns(d, intid))
				edge = d->backend.ops->get_config(d->backend.ctx, a->cpu, intid);
			else
				edge = false;
			value |= (uint32_t)edge << shift;
		}
	}
	if (!a->write)
		a->value = value;
}

/*
 * A route must name one of the cell's CPUs; "any PE" (IRM = 1) is not
 * offered (GICD_TYPER.No1N) and means the cell's first CPU. Returns false
 * for a route to anything else: the write is ignored.
 */
static bool route_check(const struct vgic_dist *d, uint64_t value, uint64_t *route)
{
	uint32_t cpu;

	if (value & GICD_IROUTER_IRM) {
		*route = first_cpu_affinity(d);
		return true;
	}
	cpu = vgic_cpu_by_affinity(d->cpus, d->cpu_count, value);
	if (cpu >= d->cpu_count || !(d->cpu_mask & (UL(1) << cpu)))
		return false;
	*route = value & VGIC_AFFINITY_MASK;
	return true;
}

static void router_access(struct vgic_dist *d, uint32_t intid, uint32_t byte, struct mmio_access *a)
{
	struct vgic_virq *v = find_virq(d, intid);
	bool owned = !v && vgic_dist_owns(d, intid);
	uint64_t current = 0, value, route;
	uint32_t shift = byte * 8u;

	if (v)
		current = v->route;
	else if (owned)
		current = d->backend.ops->get_route(d->backend.ctx, intid) & VGIC_AFFINITY_MASK;

	if (!a->write) {
		a->value = a->size == 8 ? current : (uint32_t)(current >> shift);
		return;
	}
	if (!v && !owned) {
		d->foreign_writes++;
		return;
	}
	if (a->size == 8)
		value = a->value;
	else
		value = (current & ~(UL(0xffffffff) << shift)) |
			((a->value & 0xffffffffu) << shift);
	if (!route_check(d, value, &route)) {
		d->foreign_writes++;
		return;
	}
	if (v) {
		v->route = route;
		virq_note(d, v);
	} else {
		d->backend.ops->set_route(d->backend.ctx, intid, route);
	}
}

/* ---- the register map ---- */

static bool ctlr_access(struct vgic_dist *d, struct mmio_access *a)
{
	if (a->write) {
		bool was = grp1_enabled(d);

		d->ctlr = (uint32_t)a->value & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
		/* Owned SPIs the guest enabled follow the group enable (see guest_enabled). */
		if (grp1_enabled(d) != was) {
			for (uint32_t intid = FIRST_SPI; intid < d->nr_intids; intid++) {
				if (vgic_dist_owns(d, intid) &&
				    vgic_intid_in(d->guest_enabled, intid))
					apply_enable(d, a->cpu, intid);
			}
		}
		for (uint32_t i = 0; i < d->virq_count; i++)
			virq_note(d, &d->virqs[i]);
	} else {
		/* ARE and DS read one and ignore writes; RWP: writes take effect at once. */
		a->value = d->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
	}
	return true;
}

static bool raz_wi(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0;
	return true;
}

static bool unknown(struct vgic_dist *d, struct mmio_access *a)
{
	d->unknown_accesses++;
	return raz_wi(a);
}

static bool read_only(struct mmio_access *a, uint64_t value)
{
	if (!a->write)
		a->value = value;
	return true;
}

bool vgic_dist_mmio(struct vgic_dist *d, struct mmio_access *a)
{
	uint64_t off = a->offset;
	bool word = a->size == 4 && IS_ALIGNED(off, 4);
	bool byte_or_word = a->size == 1 || word;

	if (off < GICD_IGROUPR) {
		switch (off) {
		case GICD_CTLR:
			return word && ctlr_access(d, a);
		case GICD_TYPER:
			return word && read_only(a, d->typer);
		case GICD_IIDR:
			return word && read_only(a, d->iidr);
		case GICD_TYPER2:
			return word && read_only(a, 0);
		case GICD_STATUSR:
			return word && raz_wi(a);
		default:
			return unknown(d, a);
		}
	}
	if (off < GICD_IPRIORITYR) { /* IGROUPR .. ICACTIVER: 7 bit registers */
		uint32_t reg_index = (uint32_t)((off - GICD_IGROUPR) / GICD_BITREG_SPAN);
		uint32_t w = (uint32_t)((off - GICD_IGROUPR) % GICD_BITREG_SPAN) / 4u;

		if (!word)
			return false;
		bitreg_access(d, (enum bitreg)reg_index, w, a);
		return true;
	}
	if (off < GICD_IPRIORITYR + GICD_PRIO_SPAN) {
		if (!byte_or_word)
			return false;
		priority_access(d, (uint32_t)(off - GICD_IPRIORITYR), a);
		return true;
	}
	if (off < GICD_ITARGETSR + GICD_PRIO_SPAN) /* ITARGETSR: RAZ/WI with affinity routing */
		return byte_or_word && raz_wi(a);
	if (off < GICD_ICFGR + GICD_ICFGR_SPAN) {
		if (!word)
			return false;
		config_access(d, (uint32_t)(off - GICD_ICFGR) / 4u, a);
		return true;
	}
	if (off < GICD_IGRPMODR + GICD_BITREG_SPAN) /* IGRPMODR: one Security state, RAZ/WI */
		return word && raz_wi(a);
	if (off >= GICD_NSACR && off < GICD_NSACR + 0x100u)
		return word && raz_wi(a);
	if (off == GICD_SGIR) /* legacy SGI register: WI with affinity routing */
		return word && raz_wi(a);
	if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10u)
		return byte_or_word && raz_wi(a);
	if (off >= GICD_IROUTER + 8u * FIRST_SPI && off < GICD_IROUTER_END) {
		uint32_t intid = (uint32_t)(off - GICD_IROUTER) / 8u;
		uint32_t byte = (uint32_t)(off % 8u);

		if (!((a->size == 8 && byte == 0) || (a->size == 4 && (byte == 0 || byte == 4))))
			return false;
		if (intid >= d->nr_intids)
			return raz_wi(a);
		router_access(d, intid, byte, a);
		return true;
	}
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 8u * FIRST_SPI)
		return (a->size == 8 || a->size == 4) && IS_ALIGNED(off, a->size) && raz_wi(a);
	if (off >= GICD_ID_START && off < GICD_ID_END) {
		if (!word)
			return false;
		return read_only(a, vgic_id_reg(off));
	}
	return unknown(d, a);
}

/* ---- virtual SPIs and their list registers ---- */

void vgic_dist_virq_set_level(struct vgic_dist *d, uint32_t intid, bool level)
{
	struct vgic_virq *v = find_virq(d, intid);

	if (!v)
		return;
	if (v->edge && level && !v->line)
		v->soft_pend = true;
	v->line = level;
	virq_note(d, v);
}

uint32_t vgic_dist_collect(struct vgic_dist *d, uint32_t cpu, struct vgic_lr_state *lrs)
{
	uint32_t count = 0;

	if (!grp1_enabled(d))
		return 0;
	for (uint32_t i = 0; i < d->virq_count; i++) {
		struct vgic_virq *v = &d->virqs[i];
		struct vgic_irq_entry e = {
			.intid = v->intid,
			.priority = v->priority,
			.group1 = true,
			/* Told when the guest is done, to re-sample a level and release in_lr. */
			.eoi_maintenance = true,
		};

		if (!v->enabled || !virq_pending(v) || v->in_lr || virq_target(d, v) != cpu)
			continue;
		if (!vgic_queue_entry(lrs, &e))
			continue; /* stays pending here; collected again later */
		v->in_lr = true;
		v->lr_cpu = cpu;
		v->soft_pend = false;
		count++;
	}
	return count;
}

void vgic_dist_virq_eoi(struct vgic_dist *d, uint32_t intid)
{
	struct vgic_virq *v = find_virq(d, intid);

	if (!v)
		return;
	v->in_lr = false;
	virq_note(d, v);
}

uint64_t vgic_dist_take_kicks(struct vgic_dist *d)
{
	uint64_t kicks = d->kick_mask;

	d->kick_mask = 0;
	return kicks;
}
