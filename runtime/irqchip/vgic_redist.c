// SPDX-License-Identifier: MIT
#include "irqchip/vgic_redist.h"
#include "irqchip/vgic_dist.h" /* VGIC_RESET_PRIORITY */

/* Redistributor frames (IHI 0069, 12.10): RD_base, then SGI_base 64 KiB above. */
#define GICR_FRAME_SIZE	 0x10000u
#define GICR_SGI_BASE	 GICR_FRAME_SIZE
#define GICR_CTLR	 0x0000u
#define GICR_IIDR	 0x0004u
#define GICR_TYPER	 0x0008u
#define GICR_STATUSR	 0x0010u
#define GICR_WAKER	 0x0014u
#define GICR_SETLPIR	 0x0040u
#define GICR_CLRLPIR	 0x0048u
#define GICR_PROPBASER	 0x0070u
#define GICR_PENDBASER	 0x0078u
#define GICR_INVLPIR	 0x00a0u
#define GICR_INVALLR	 0x00b0u
#define GICR_SYNCR	 0x00c0u
#define GICR_ID_START	 0xffd0u
#define GICR_PIDR2	 0xffe8u
#define GICR_IGROUPR0	 (GICR_SGI_BASE + 0x0080u)
#define GICR_ISENABLER0	 (GICR_SGI_BASE + 0x0100u)
#define GICR_ICENABLER0	 (GICR_SGI_BASE + 0x0180u)
#define GICR_ISPENDR0	 (GICR_SGI_BASE + 0x0200u)
#define GICR_ICPENDR0	 (GICR_SGI_BASE + 0x0280u)
#define GICR_ISACTIVER0	 (GICR_SGI_BASE + 0x0300u)
#define GICR_ICACTIVER0	 (GICR_SGI_BASE + 0x0380u)
#define GICR_IPRIORITYR0 (GICR_SGI_BASE + 0x0400u) /* ..7: 0x41c */
#define GICR_ICFGR0	 (GICR_SGI_BASE + 0x0c00u)
#define GICR_ICFGR1	 (GICR_SGI_BASE + 0x0c04u)
#define GICR_IGRPMODR0	 (GICR_SGI_BASE + 0x0d00u)
#define GICR_NSACR	 (GICR_SGI_BASE + 0x0e00u)

/* GICR_TYPER, Redistributor Type Register (IHI 0069, 12.10), 64-bit. */
#define GICR_TYPER_PLPIS	    BIT(0)
#define GICR_TYPER_VLPIS	    BIT(1)
#define GICR_TYPER_DIRECTLPI	    BIT(3)
#define GICR_TYPER_LAST		    BIT(4)
#define GICR_TYPER_PROCESSOR_NUMBER GENMASK(23, 8)
#define GICR_TYPER_AFFINITY_SHIFT   32
#define GICR_TYPER_AFFINITY	    GENMASK(63, 32)
/* What a cell sees of the physical TYPER: no LPI features at all. */
#define GICR_TYPER_VISIBLE (GICR_TYPER_AFFINITY | GICR_TYPER_PROCESSOR_NUMBER | GICR_TYPER_LAST)

/* GICR_WAKER, Redistributor Wake Register (IHI 0069, 12.10). */
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)

#define FIRST_PPI	16u
#define PRIVATE_INTIDS	32u
#define ICFGR_EDGE_BIT	1u
#define GICR_FRAMES_END (2u * GICR_FRAME_SIZE)


static bool cpu_is_cells(const struct vgic_redist_view *r, uint32_t cpu)
{
	return cpu < r->cpu_count && (r->cpu_mask & (UL(1) << cpu));
}

static bool is_guest_sgi(const struct vgic_redist_view *r, uint32_t intid)
{
	return intid < FIRST_PPI && ((VGIC_GUEST_SGI_MASK >> intid) & 1u) &&
	       vgic_intid_in(r->owned, intid);
}

static bool is_owned_ppi(const struct vgic_redist_view *r, uint32_t intid)
{
	return intid >= FIRST_PPI && intid < PRIVATE_INTIDS && vgic_intid_in(r->owned, intid);
}

void vgic_redist_init(struct vgic_redist_view *r, const struct cf_board *board,
		      const struct cf_cell *cell, const uint64_t *phys_typer, uint32_t frame_count,
		      uint32_t phys_iidr, const struct vgic_backend *backend)
{
	*r = (struct vgic_redist_view){0};
	r->cpus = board->cpus;
	r->cpu_count = board->cpu_count < CF_MAX_CPUS ? board->cpu_count : CF_MAX_CPUS;
	r->cpu_mask = cell->cpu_mask;
	if (r->cpu_count < CF_MAX_CPUS)
		r->cpu_mask &= (UL(1) << r->cpu_count) - 1u;
	r->owned = cell->irq_bitmap;
	r->backend = *backend;
	r->stride = board->gicr_stride;
	r->iidr = phys_iidr;
	r->frame_count = frame_count < CF_MAX_CPUS ? frame_count : CF_MAX_CPUS;
	for (uint32_t i = 0; i < r->frame_count; i++) {
		uint64_t aff = phys_typer[i] >> GICR_TYPER_AFFINITY_SHIFT;
		uint64_t mpidr = ((aff & 0xff000000u) << 8) | (aff & 0xffffffu);

		r->frame_typer[i] = phys_typer[i] & GICR_TYPER_VISIBLE;
		r->frame_cpu[i] = vgic_cpu_by_affinity(r->cpus, r->cpu_count, mpidr);
	}
}

void vgic_redist_reset_cpu(struct vgic_redist_view *r, uint32_t cpu)
{
	const struct vgic_backend_ops *ops = r->backend.ops;
	struct vgic_vcpu_redist *v;

	if (!cpu_is_cells(r, cpu))
		return;
	v = &r->vcpu[cpu];
	v->asleep = true;
	v->sgi_enabled = 0;
	v->sgi_pending = 0;
	for (uint32_t i = 0; i < 16u; i++)
		v->sgi_priority[i] = VGIC_RESET_PRIORITY;
	for (uint32_t intid = FIRST_PPI; intid < PRIVATE_INTIDS; intid++) {
		if (!is_owned_ppi(r, intid))
			continue;
		ops->set_enable(r->backend.ctx, cpu, intid, false);
		ops->set_pending(r->backend.ctx, cpu, intid, false);
		ops->set_active(r->backend.ctx, cpu, intid, false);
		ops->set_priority(r->backend.ctx, cpu, intid, VGIC_RESET_PRIORITY);
	}
}

void vgic_redist_reset(struct vgic_redist_view *r)
{
	for (uint32_t cpu = 0; cpu < r->cpu_count; cpu++)
		vgic_redist_reset_cpu(r, cpu);
	r->kick_mask = 0;
}

static void note_sgis(struct vgic_redist_view *r, uint32_t cpu)
{
	const struct vgic_vcpu_redist *v = &r->vcpu[cpu];

	if (v->sgi_pending & v->sgi_enabled)
		r->kick_mask |= UL(1) << cpu;
}

/* ---- SGI_base frame of one of the cell's CPUs ---- */

static bool bit_read(struct vgic_redist_view *r, enum bitreg reg, uint32_t cpu, uint32_t intid)
{
	const struct vgic_backend_ops *ops = r->backend.ops;
	const struct vgic_vcpu_redist *v = &r->vcpu[cpu];

	if (is_guest_sgi(r, intid)) {
		switch (reg) {
		case BITREG_GROUP:
			return true;
		case BITREG_SET_ENABLE:
		case BITREG_CLEAR_ENABLE:
			return (v->sgi_enabled >> intid) & 1u;
		case BITREG_SET_PENDING:
		case BITREG_CLEAR_PENDING:
			return (v->sgi_pending >> intid) & 1u;
		case BITREG_SET_ACTIVE:
		case BITREG_CLEAR_ACTIVE:
			return false; /* lives in a list register */
		}
		return false;
	}
	if (!is_owned_ppi(r, intid))
		return false;
	switch (reg) {
	case BITREG_GROUP:
		return true;
	case BITREG_SET_ENABLE:
	case BITREG_CLEAR_ENABLE:
		return ops->get_enable(r->backend.ctx, cpu, intid);
	case BITREG_SET_PENDING:
	case BITREG_CLEAR_PENDING:
		return ops->get_pending(r->backend.ctx, cpu, intid);
	case BITREG_SET_ACTIVE:
	case BITREG_CLEAR_ACTIVE:
		return ops->get_active(r->backend.ctx, cpu, intid);
	}
	return false;
}

static void bit_write(struct vgic_redist_view *r, enum bitreg reg, uint32_t cpu, uint32_t intid)
{
	struct vgic_vcpu_redist *v = &r->vcpu[cpu];
	uint16_t bit = (uint16_t)(1u << (intid & 15u));

	if (reg == BITREG_GROUP)
		return;
	if (is_guest_sgi(r, intid)) {
		if (reg == BITREG_SET_ENABLE)
			v->sgi_enabled |= bit;
		else if (reg == BITREG_CLEAR_ENABLE)
			v->sgi_enabled &= (uint16_t)~bit;
		else if (reg == BITREG_SET_PENDING)
			v->sgi_pending |= bit;
		else if (reg == BITREG_CLEAR_PENDING)
			v->sgi_pending &= (uint16_t)~bit;
		note_sgis(r, cpu);
		return;
	}
	if (!is_owned_ppi(r, intid)) {
		r->blocked_writes++;
		return;
	}
	vgic_backend_apply_bitreg(&r->backend, reg, cpu, intid);
}

static void bitreg_access(struct vgic_redist_view *r, enum bitreg reg, uint32_t cpu,
			  struct mmio_access *a)
{
	uint32_t value = 0;

	for (uint32_t intid = 0; intid < PRIVATE_INTIDS; intid++) {
		if (a->write) {
			if (a->value & (UL(1) << intid))
				bit_write(r, reg, cpu, intid);
		} else if (bit_read(r, reg, cpu, intid)) {
			value |= 1u << intid;
		}
	}
	if (!a->write)
		a->value = value;
}

static void priority_access(struct vgic_redist_view *r, uint32_t cpu, uint32_t first_intid,
			    struct mmio_access *a)
{
	uint64_t value = 0;

	for (uint32_t i = 0; i < a->size; i++) {
		uint32_t intid = first_intid + i;
		uint8_t byte = (uint8_t)(a->value >> (8u * i));

		if (a->write) {
			if (is_guest_sgi(r, intid))
				r->vcpu[cpu].sgi_priority[intid] = byte;
			else if (is_owned_ppi(r, intid))
				r->backend.ops->set_priority(r->backend.ctx, cpu, intid, byte);
			else
				r->blocked_writes++;
		} else {
			value |= (uint64_t)vgic_redist_priority(r, cpu, intid) << (8u * i);
		}
	}
	if (!a->write)
		a->value = value;
}

/* ICFGR0: SGIs, always edge (read-only 0b10). ICFGR1: PPIs, through the backend. */
static void config_access(struct vgic_redist_view *r, uint32_t cpu, uint32_t word,
			  struct mmio_access *a)
{
	uint32_t value = 0;

	for (uint32_t i = 0; i < 16u; i++) {
		uint32_t intid = word * 16u + i;
		uint32_t shift = 2u * i + ICFGR_EDGE_BIT;
		bool edge = (a->value >> shift) & 1u;

		if (a->write) {
			if (is_owned_ppi(r, intid)) {
				const struct vgic_backend_ops *ops = r->backend.ops;

				if (ops->get_config(r->backend.ctx, cpu, intid) != edge)
					ops->set_config(r->backend.ctx, cpu, intid, edge);
			}
			continue;
		}
		if (is_guest_sgi(r, intid))
			edge = true;
		else if (is_owned_ppi(r, intid))
			edge = r->backend.ops->get_config(r->backend.ctx, cpu, intid);
		else
			edge = false;
		value |= (uint32_t)edge << shift;
	}
	if (!a->write)
		a->value = value;
}

static bool raz_wi(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0;
	return true;
}

static bool read_only(struct mmio_access *a, uint64_t value)
{
	if (!a->write)
		a->value = value;
	return true;
}

static bool unknown(struct vgic_redist_view *r, struct mmio_access *a)
{
	r->unknown_accesses++;
	return raz_wi(a);
}

/* GICR_TYPER as 64 bits at 0x8 or 32-bit halves at 0x8/0xc; false for other shapes. */
static bool typer_access(uint64_t typer, uint64_t off, struct mmio_access *a)
{
	if (a->size == 8 && off == GICR_TYPER)
		return read_only(a, typer);
	if (a->size == 4 && (off == GICR_TYPER || off == GICR_TYPER + 4u))
		return read_only(a, (uint32_t)(typer >> (8u * (off - GICR_TYPER))));
	return false;
}

static bool rd_frame_access(struct vgic_redist_view *r, uint32_t frame, uint32_t cpu, uint64_t off,
			    struct mmio_access *a)
{
	bool word = a->size == 4 && IS_ALIGNED(off, 4);
	bool dword = (a->size == 8 || a->size == 4) && IS_ALIGNED(off, a->size);

	switch (off) {
	case GICR_CTLR:
		/* No LPIs: EnableLPIs RAZ/WI; RWP and UWP read 0 (writes take effect at once). */
		return word && raz_wi(a);
	case GICR_IIDR:
		return word && read_only(a, r->iidr);
	case GICR_TYPER:
	case GICR_TYPER + 4u:
		return typer_access(r->frame_typer[frame], off, a);
	case GICR_STATUSR:
		return word && raz_wi(a);
	case GICR_WAKER:
		if (!word)
			return false;
		if (a->write)
			r->vcpu[cpu].asleep = (a->value & GICR_WAKER_PROCESSOR_SLEEP) != 0;
		else
			a->value = r->vcpu[cpu].asleep
					   ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP
					   : 0;
		return true;
	case GICR_SETLPIR:
	case GICR_CLRLPIR:
	case GICR_PROPBASER:
	case GICR_PENDBASER:
	case GICR_INVLPIR:
	case GICR_INVALLR:
		return dword && raz_wi(a); /* LPIs are not offered (TYPER.PLPIS = 0) */
	case GICR_SYNCR:
		return word && raz_wi(a); /* never Busy */
	default:
		break;
	}
	if (off >= GICR_ID_START && off < GICR_FRAME_SIZE)
		return word && read_only(a, vgic_id_reg(off));
	return unknown(r, a);
}

static bool sgi_frame_access(struct vgic_redist_view *r, uint32_t cpu, uint64_t off,
			     struct mmio_access *a)
{
	bool word = a->size == 4 && IS_ALIGNED(off, 4);

	if (off >= GICR_IGROUPR0 && off <= GICR_ICACTIVER0 && (off & 0x7fu) == 0) {
		if (!word)
			return false;
		bitreg_access(r, (enum bitreg)((off - GICR_IGROUPR0) / 0x80u), cpu, a);
		return true;
	}
	if (off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR0 + PRIVATE_INTIDS) {
		if (!(a->size == 1 || word))
			return false;
		priority_access(r, cpu, (uint32_t)(off - GICR_IPRIORITYR0), a);
		return true;
	}
	if (off == GICR_ICFGR0 || off == GICR_ICFGR1) {
		if (!word)
			return false;
		config_access(r, cpu, (uint32_t)(off - GICR_ICFGR0) / 4u, a);
		return true;
	}
	if (off == GICR_IGRPMODR0 || off == GICR_NSACR)
		return word && raz_wi(a);
	return unknown(r, a);
}

bool vgic_redist_mmio(struct vgic_redist_view *r, struct mmio_access *a)
{
	uint64_t frame64 = r->stride ? a->offset / r->stride : UINT64_MAX;
	uint64_t off = r->stride ? a->offset % r->stride : 0;
	uint32_t frame, cpu;

	if (frame64 >= r->frame_count)
		return unknown(r, a); /* no redistributor there: PIDR2 reads 0, scans stop */
	frame = (uint32_t)frame64;
	cpu = r->frame_cpu[frame];

	if (!cpu_is_cells(r, cpu)) {
		/* Identification is public: a guest's scan must get past other CPUs' frames. */
		if (!a->write && off == GICR_PIDR2 && a->size == 4)
			return read_only(a, vgic_id_reg(GICR_PIDR2));
		if (!a->write && (off == GICR_TYPER || off == GICR_TYPER + 4u) &&
		    typer_access(r->frame_typer[frame], off, a))
			return true;
		r->foreign_accesses++;
		return raz_wi(a);
	}
	if (off < GICR_FRAME_SIZE)
		return rd_frame_access(r, frame, cpu, off, a);
	if (off < GICR_FRAMES_END)
		return sgi_frame_access(r, cpu, off, a);
	return unknown(r, a); /* VLPI frames of a larger stride: not offered */
}

bool vgic_redist_sgi_raise(struct vgic_redist_view *r, uint32_t cpu, uint32_t intid)
{
	if (!cpu_is_cells(r, cpu) || !is_guest_sgi(r, intid))
		return false;
	r->vcpu[cpu].sgi_pending |= (uint16_t)(1u << intid);
	note_sgis(r, cpu);
	return true;
}

uint32_t vgic_redist_collect(struct vgic_redist_view *r, uint32_t cpu, struct vgic_lr_state *lrs)
{
	struct vgic_vcpu_redist *v;
	uint32_t count = 0;

	if (!cpu_is_cells(r, cpu))
		return 0;
	v = &r->vcpu[cpu];
	for (uint32_t intid = 0; intid < FIRST_PPI; intid++) {
		uint16_t bit = (uint16_t)(1u << intid);

		if (!(v->sgi_pending & v->sgi_enabled & bit))
			continue;
		/* SGIs are never hardware interrupts: the sender's CPU deactivated the physical
		 * one. */
		if (!vgic_queue(lrs, intid, false, 0, v->sgi_priority[intid], true))
			continue; /* stays pending; collected again after the next exit */
		v->sgi_pending &= (uint16_t)~bit;
		count++;
	}
	return count;
}

uint8_t vgic_redist_priority(const struct vgic_redist_view *r, uint32_t cpu, uint32_t intid)
{
	if (!cpu_is_cells(r, cpu))
		return 0;
	if (is_guest_sgi(r, intid))
		return r->vcpu[cpu].sgi_priority[intid];
	if (is_owned_ppi(r, intid))
		return r->backend.ops->get_priority(r->backend.ctx, cpu, intid);
	return 0;
}

uint64_t vgic_redist_take_kicks(struct vgic_redist_view *r)
{
	uint64_t kicks = r->kick_mask;

	r->kick_mask = 0;
	return kicks;
}
