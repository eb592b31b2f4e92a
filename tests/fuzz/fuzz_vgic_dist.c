// SPDX-License-Identifier: MIT
/*
 * Fuzzes the virtual distributor (runtime/irqchip/vgic_dist.c) as a hostile
 * guest drives it: any offset, size, direction and value from any CPU of the
 * cell, interleaved with the hypervisor's own calls (virtual SPI lines,
 * collect into list registers, the guest taking and deactivating them, EOI
 * maintenance, cell reset).
 *
 * Board: 6 CPUs in two clusters and two Aff3 values; the cell has cpu1,
 * cpu2 and cpu4. It owns SPIs 40, 41, 48, 63, 64, 287 and, beyond what the
 * distributor may implement, 300 and 1000; SPIs 42, 50 and 95 belong to
 * another cell. Virtual SPIs 33 (level) and 34 (edge). The first input byte
 * picks GICD_TYPER.ITLinesNumber, so the number of implemented SPIs varies.
 *
 * Invariants checked after every operation:
 *   - every backend call names an owned SPI the distributor implements; a
 *     route written names a CPU of the cell;
 *   - an owned SPI is enabled physically only while the guest has group 1
 *     enabled and has enabled it;
 *   - reads return nothing of foreign, unimplemented or private INTIDs and
 *     no bits beyond the access size;
 *   - kicks and collected virtual SPIs only concern the cell's CPUs, and the
 *     queue holds only virtual SPIs;
 *   - ISACTIVER reads a virtual SPI as active only when the list register
 *     of the reading CPU holds it active;
 *   - enables, priorities and trigger modes read back as the guest wrote
 *     them (a model), and return to reset values on a cell reset.
 */
#include <string.h>

#include "fuzz_common.h"
#include "irqchip/vgic_dist.h"
#include "vgic_fake_backend.h"

#define NCPUS	  6u
#define CELL_CPUS 0x16u /* cpu1, cpu2, cpu4 */
#define NR_LRS	  4u

static const struct cf_cpu cpus[NCPUS] = {
	{"cpu0", 0x0},	 {"cpu1", 0x1},	    {"cpu2", 0x100},
	{"cpu3", 0x101}, {"cpu4", 0x10000}, {"cpu5", 0x100000000ull},
};
static const struct cf_board board = {.name = "fuzz", .cpus = cpus, .cpu_count = NCPUS};
static const uint32_t owned_spis[] = {40, 41, 48, 63, 64, 287, 300, 1000};
static const uint32_t foreign_spis[] = {42, 50, 95};
static const uint32_t virq_ids[] = {33, 34};

static struct cf_cell cell = {.name = "fuzzed", .cpu_mask = CELL_CPUS};
static struct fake_gic gic;
static struct vgic_dist dist;

/* Per CPU: its list registers (the guest's view) and the LR queue. */
static uint64_t lr[NCPUS][NR_LRS];
static struct vgic_lr_state lrs[NCPUS];
static uint32_t lr_cpu_ctx[NCPUS];

static bool cell_cpu(uint32_t cpu)
{
	return cpu < NCPUS && (CELL_CPUS >> cpu) & 1u;
}

static bool is_virq(uint32_t intid)
{
	return intid == virq_ids[0] || intid == virq_ids[1];
}

/* What the distributor may show or touch: owned SPIs it implements and its virtual SPIs. */
static bool visible(uint32_t intid)
{
	if (intid < 32 || intid >= dist.nr_intids)
		return false;
	return is_virq(intid) || vgic_intid_in(cell.irq_bitmap, intid);
}

static bool is_cell_affinity(uint64_t route)
{
	for (uint32_t i = 0; i < NCPUS; i++) {
		if (cell_cpu(i) && (cpus[i].mpidr & VGIC_AFFINITY_MASK) == route)
			return true;
	}
	return false;
}

/* ---- the backend: the fake GIC behind an invariant check of every call ---- */

static void check_spi(const char *op, uint32_t intid)
{
	FUZZ_ASSERT(intid >= 32 && intid < dist.nr_intids && vgic_intid_in(cell.irq_bitmap, intid),
		    "%s reached INTID %u (not an implemented owned SPI)", op, intid);
}

#define CHECKED_BOOL_OPS(name)                                                                     \
	static void chk_set_##name(void *ctx, uint32_t cpu, uint32_t intid, bool v)                \
	{                                                                                          \
		check_spi("set_" #name, intid);                                                    \
		fake_set_##name(ctx, cpu, intid, v);                                               \
	}                                                                                          \
	static bool chk_get_##name(void *ctx, uint32_t cpu, uint32_t intid)                        \
	{                                                                                          \
		check_spi("get_" #name, intid);                                                    \
		return fake_get_##name(ctx, cpu, intid);                                           \
	}

CHECKED_BOOL_OPS(enable)
CHECKED_BOOL_OPS(pending)
CHECKED_BOOL_OPS(active)
CHECKED_BOOL_OPS(config)

static void chk_set_priority(void *ctx, uint32_t cpu, uint32_t intid, uint8_t v)
{
	check_spi("set_priority", intid);
	fake_set_priority(ctx, cpu, intid, v);
}

static uint8_t chk_get_priority(void *ctx, uint32_t cpu, uint32_t intid)
{
	check_spi("get_priority", intid);
	return fake_get_priority(ctx, cpu, intid);
}

static void chk_set_route(void *ctx, uint32_t intid, uint64_t mpidr)
{
	check_spi("set_route", intid);
	FUZZ_ASSERT(is_cell_affinity(mpidr), "SPI %u routed to 0x%llx, not a CPU of the cell",
		    intid, (unsigned long long)mpidr);
	fake_set_route(ctx, intid, mpidr);
}

static uint64_t chk_get_route(void *ctx, uint32_t intid)
{
	check_spi("get_route", intid);
	return fake_get_route(ctx, intid);
}

static const struct vgic_backend_ops checked_ops = {
	.set_enable = chk_set_enable,
	.get_enable = chk_get_enable,
	.set_pending = chk_set_pending,
	.get_pending = chk_get_pending,
	.set_active = chk_set_active,
	.get_active = chk_get_active,
	.set_priority = chk_set_priority,
	.get_priority = chk_get_priority,
	.set_config = chk_set_config,
	.get_config = chk_get_config,
	.set_route = chk_set_route,
	.get_route = chk_get_route,
};

/* ---- list registers ---- */

static uint64_t lr_read(void *ctx, uint32_t n)
{
	uint32_t cpu = *(const uint32_t *)ctx;

	FUZZ_ASSERT(n < NR_LRS, "LR%u read beyond ICH_VTR.ListRegs", n);
	return lr[cpu][n];
}

static void lr_write(void *ctx, uint32_t n, uint64_t v)
{
	uint32_t cpu = *(const uint32_t *)ctx;

	FUZZ_ASSERT(n < NR_LRS, "LR%u written beyond ICH_VTR.ListRegs", n);
	lr[cpu][n] = v;
}

static struct vgic_lr_access lr_access(uint32_t cpu)
{
	return (struct vgic_lr_access){.read = lr_read, .write = lr_write, .ctx = &lr_cpu_ctx[cpu]};
}

static uint32_t query_reader = NCPUS;

static uint64_t lr_query(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct vgic_lr_access acc = lr_access(cpu);

	(void)ctx;
	FUZZ_ASSERT(cpu == query_reader, "list registers of cpu%u asked by cpu%u", cpu,
		    query_reader);
	return vgic_lr_intid_state(&lrs[cpu], &acc, intid);
}

/*
 * ---- a model of what the guest wrote, which reads must return ----
 * Enables, priorities and trigger modes of the INTIDs the cell may see.
 * A cell reset returns enables and priorities to reset values, a virtual
 * SPI's trigger to the one its device declared; owned SPIs keep their
 * trigger mode (the reset does not touch ICFGR).
 */
static struct {
	bool enabled[CF_MAX_INTID];
	uint8_t priority[CF_MAX_INTID];
	bool edge[CF_MAX_INTID];
} model;

static void model_reset(bool at_boot)
{
	for (uint32_t intid = 32; intid < CF_MAX_INTID; intid++) {
		model.enabled[intid] = false;
		model.priority[intid] = VGIC_RESET_PRIORITY;
		if (at_boot)
			model.edge[intid] = false;
	}
	model.edge[virq_ids[0]] = false; /* as declared by vgic_dist_add_virq */
	model.edge[virq_ids[1]] = true;
}

/* An accepted write (the handler returned true, so its size was valid for the register). */
static void model_write(uint64_t off, uint32_t size, uint64_t value)
{
	if (off >= 0x100 && off < 0x200) {
		uint32_t first = (uint32_t)(off % 0x80) / 4u * 32u;

		for (uint32_t bit = 0; bit < 32; bit++) {
			if (((value >> bit) & 1u) && visible(first + bit))
				model.enabled[first + bit] = off < 0x180;
		}
	} else if (off >= 0x400 && off < 0x800) {
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(off - 0x400) + i;

			if (visible(intid))
				model.priority[intid] = (uint8_t)(value >> (8 * i));
		}
	} else if (off >= 0xc00 && off < 0xd00) {
		for (uint32_t i = 0; i < 16; i++) {
			uint32_t intid = (uint32_t)(off - 0xc00) / 4u * 16u + i;

			if (visible(intid))
				model.edge[intid] = (value >> (2 * i + 1)) & 1u;
		}
	}
}

static void model_check_read(uint64_t off, uint32_t size, uint64_t value)
{
	if (off >= 0x100 && off < 0x200) {
		uint32_t first = (uint32_t)(off % 0x80) / 4u * 32u;

		for (uint32_t bit = 0; bit < 32; bit++) {
			if (visible(first + bit))
				FUZZ_ASSERT(((value >> bit) & 1u) == model.enabled[first + bit],
					    "INTID %u reads enabled %u, the guest made it %u",
					    first + bit, (unsigned)((value >> bit) & 1u),
					    model.enabled[first + bit]);
		}
	} else if (off >= 0x400 && off < 0x800) {
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(off - 0x400) + i;

			if (visible(intid))
				FUZZ_ASSERT(((value >> (8 * i)) & 0xff) == model.priority[intid],
					    "INTID %u reads priority 0x%llx, expected 0x%x", intid,
					    (unsigned long long)((value >> (8 * i)) & 0xff),
					    model.priority[intid]);
		}
	} else if (off >= 0xc00 && off < 0xd00) {
		for (uint32_t i = 0; i < 16; i++) {
			uint32_t intid = (uint32_t)(off - 0xc00) / 4u * 16u + i;

			if (visible(intid))
				FUZZ_ASSERT(((value >> (2 * i + 1)) & 1u) == model.edge[intid],
					    "INTID %u reads edge %u, expected %u", intid,
					    (unsigned)((value >> (2 * i + 1)) & 1u),
					    model.edge[intid]);
		}
	}
}

/* ---- setup ---- */

static void setup(uint8_t itlines)
{
	static const struct vgic_backend backend = {.ops = &checked_ops, .ctx = &gic};

	memset(cell.irq_bitmap, 0, sizeof(cell.irq_bitmap));
	for (uint32_t i = 0; i < 14; i++)
		bitmap_add(cell.irq_bitmap, i); /* SGIs and PPIs: the redistributors' */
	bitmap_add(cell.irq_bitmap, 27);
	for (uint32_t i = 0; i < sizeof(owned_spis) / sizeof(owned_spis[0]); i++)
		bitmap_add(cell.irq_bitmap, owned_spis[i]);
	fake_init(&gic, cell.irq_bitmap, CELL_CPUS);
	/* Another cell's SPIs in a state the guest must neither see nor change. */
	for (uint32_t i = 0; i < sizeof(foreign_spis) / sizeof(foreign_spis[0]); i++) {
		uint32_t s = foreign_spis[i];

		gic.enable[0][s] = gic.pending[0][s] = gic.active[0][s] = gic.edge[0][s] = true;
		gic.priority[0][s] = 0x10;
		gic.route[s] = 0x101;
	}
	vgic_dist_init(&dist, &board, &cell, 0x037fc000u | (itlines & 0x1fu), 0x0100143bu,
		       &backend);
	for (uint32_t i = 0; i < 2; i++)
		(void)vgic_dist_add_virq(&dist, virq_ids[i], i == 1);
	vgic_dist_set_lr_query(&dist, lr_query, NULL);
	memset(lr, 0, sizeof(lr));
	for (uint32_t c = 0; c < NCPUS; c++) {
		vgic_lr_init(&lrs[c], NR_LRS - 1);
		lr_cpu_ctx[c] = c;
	}
	vgic_dist_reset(&dist);
	model_reset(true);
}

/* ---- read oracle ---- */

/* Checks that nothing of an INTID the cell may not see shows in a read value. */
static void check_read(uint64_t off, uint32_t size, uint64_t value, uint32_t cpu)
{
	FUZZ_ASSERT(fuzz_fits(value, size), "read 0x%llx/%u returned 0x%llx",
		    (unsigned long long)off, size, (unsigned long long)value);
	if (off >= 0x80 && off < 0x400) { /* IGROUPR .. ICACTIVER */
		uint32_t word = (uint32_t)(off % 0x80) / 4u;

		for (uint32_t bit = 0; bit < 32; bit++) {
			uint32_t intid = word * 32 + bit;

			if ((value >> bit) & 1u)
				FUZZ_ASSERT(visible(intid), "bit of INTID %u read at 0x%llx", intid,
					    (unsigned long long)off);
		}
		if (off >= 0x300 && word == 1) { /* ISACTIVER1/ICACTIVER1: SPIs 33, 34 */
			for (uint32_t i = 0; i < 2; i++) {
				uint32_t id = virq_ids[i];
				struct vgic_lr_access acc = lr_access(cpu);
				uint64_t st = vgic_lr_intid_state(&lrs[cpu], &acc, id);

				if ((value >> (id - 32)) & 1u)
					FUZZ_ASSERT(st & ICH_LR_STATE_ACTIVE,
						    "virtual SPI %u reads active, LR state %llu",
						    id, (unsigned long long)st);
			}
		}
	} else if (off >= 0x400 && off < 0x800) { /* IPRIORITYR */
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(off - 0x400) + i;

			if ((value >> (8 * i)) & 0xff)
				FUZZ_ASSERT(visible(intid), "priority of INTID %u read", intid);
		}
	} else if (off >= 0xc00 && off < 0xd00) { /* ICFGR */
		for (uint32_t i = 0; i < 16; i++) {
			uint32_t intid = (uint32_t)(off - 0xc00) / 4u * 16u + i;

			if ((value >> (2 * i)) & 3u)
				FUZZ_ASSERT(visible(intid), "config of INTID %u read", intid);
		}
	} else if (off >= 0x6000 && off < 0x8000) { /* IROUTER */
		uint32_t intid = (uint32_t)(off - 0x6000) / 8u;

		if (value) {
			FUZZ_ASSERT(visible(intid), "route of INTID %u read", intid);
			if (size == 8)
				FUZZ_ASSERT(is_cell_affinity(value), "route 0x%llx of INTID %u",
					    (unsigned long long)value, intid);
		}
	} else if ((off >= 0x800 && off < 0xc00) || (off >= 0xd00 && off < 0x6000)) {
		FUZZ_ASSERT(value == 0, "0x%llx (RAZ) read 0x%llx", (unsigned long long)off,
			    (unsigned long long)value);
	}
}

/* ---- state invariants ---- */

static void check_state(void)
{
	FUZZ_ASSERT(gic.violations == 0, "the fake GIC saw %u foreign calls", gic.violations);
	FUZZ_ASSERT(dist.virq_count <= VGIC_DIST_MAX_VIRQS, "virq_count %u", dist.virq_count);
	FUZZ_ASSERT((dist.kick_mask & ~(uint64_t)CELL_CPUS) == 0, "kick mask 0x%llx",
		    (unsigned long long)dist.kick_mask);
	for (uint32_t i = 0; i < sizeof(owned_spis) / sizeof(owned_spis[0]); i++) {
		uint32_t s = owned_spis[i];

		if (s >= CF_MAX_INTID)
			continue;
		if (gic.enable[0][s])
			FUZZ_ASSERT((dist.ctlr & 2u) && vgic_intid_in(dist.guest_enabled, s),
				    "SPI %u enabled physically with CTLR 0x%x", s, dist.ctlr);
	}
	for (uint32_t i = 0; i < sizeof(foreign_spis) / sizeof(foreign_spis[0]); i++) {
		uint32_t s = foreign_spis[i];

		FUZZ_ASSERT(gic.enable[0][s] && gic.pending[0][s] && gic.active[0][s] &&
				    gic.edge[0][s] && gic.priority[0][s] == 0x10 &&
				    gic.route[s] == 0x101,
			    "foreign SPI %u changed", s);
	}
	for (uint32_t i = 0; i < dist.virq_count; i++) {
		const struct vgic_virq *v = &dist.virqs[i];

		FUZZ_ASSERT(is_cell_affinity(v->route), "virtual SPI %u routed to 0x%llx", v->intid,
			    (unsigned long long)v->route);
		if (v->in_lr)
			FUZZ_ASSERT(cell_cpu(v->lr_cpu), "virtual SPI %u in cpu%u's LRs", v->intid,
				    v->lr_cpu);
	}
	for (uint32_t c = 0; c < NCPUS; c++) {
		FUZZ_ASSERT(lrs[c].queued <= VGIC_QUEUE_MAX, "queue of cpu%u: %u", c,
			    lrs[c].queued);
		for (uint32_t q = 0; q < lrs[c].queued; q++)
			FUZZ_ASSERT(cell_cpu(c) && is_virq(lrs[c].queue[q].intid),
				    "cpu%u queued INTID %u", c, lrs[c].queue[q].intid);
	}
}

/* ---- operations ---- */

/* Register offsets where the interesting things are, most of the time; else any offset. */
static uint64_t pick_offset(struct fuzz_in *in)
{
	uint8_t cls = fuzz_u8(in);
	uint16_t raw = fuzz_u16(in);

	switch (cls % 10u) {
	case 0:
		return raw % 0x14u; /* CTLR .. STATUSR */
	case 1:
	case 2:
		return 0x80u + (raw % 0x380u); /* the bit registers */
	case 3:
		return 0x400u + (raw % 0x400u); /* IPRIORITYR */
	case 4:
		return 0xc00u + (raw % 0x100u); /* ICFGR */
	case 5:
	case 6:
		return 0x6000u + (raw % 0x2000u); /* IROUTER */
	case 7:
		return 0x800u + (raw % 0x800u); /* ITARGETSR .. SPENDSGIR */
	case 8:
		return 0xffd0u + (raw % 0x30u); /* ID registers */
	default:
		return raw; /* anywhere in the 64 KiB frame */
	}
}

static uint32_t pick_cell_cpu(uint8_t sel)
{
	static const uint32_t cell_cpus[] = {1, 2, 4};

	return cell_cpus[sel % 3u];
}

static void op_mmio(struct fuzz_in *in)
{
	uint64_t off = pick_offset(in);
	uint8_t how = fuzz_u8(in);
	struct mmio_access a = {
		.addr = 0x08000000u + off,
		.offset = off,
		.size = fuzz_size(how),
		.write = (how & 4u) != 0,
		.cpu = pick_cell_cpu((uint8_t)(how >> 3)),
	};
	uint64_t value = fuzz_u64(in);

	/* A store of a narrow register is zero-extended by dabt_to_mmio. */
	a.value = a.write ? (a.size >= 8 ? value : value & ((1ull << (8 * a.size)) - 1)) : 0;
	query_reader = a.cpu;
	if (!vgic_dist_mmio(&dist, &a)) {
		/* Only 64-bit, 16-bit, misaligned or byte accesses outside IPRIORITYR may fault. */
		FUZZ_ASSERT(a.size == 8 || a.size == 2 || (a.offset & (a.size - 1u)) != 0 ||
				    (a.size == 1 && !(a.offset >= 0x400 && a.offset < 0xc00)),
			    "a well-formed access to 0x%llx/%u refused", (unsigned long long)off,
			    a.size);
	} else if (a.write) {
		model_write(off, a.size, a.value);
	} else {
		check_read(off, a.size, a.value, a.cpu);
		model_check_read(off, a.size, a.value);
	}
	query_reader = NCPUS;
}

/* The guest on cpu acts on its list registers: takes the best pending one or deactivates. */
static void op_guest_lr(uint32_t cpu, uint8_t what)
{
	uint32_t n = what % NR_LRS;
	uint64_t st = vgic_lr_state_of(lr[cpu][n]);

	if ((what >> 2) & 1u) {
		if (st == ICH_LR_STATE_PENDING)
			lr[cpu][n] = (lr[cpu][n] & ~ICH_LR_STATE_MASK) |
				     (ICH_LR_STATE_ACTIVE << ICH_LR_STATE_SHIFT);
	} else if (st == ICH_LR_STATE_ACTIVE || st == ICH_LR_STATE_PENDING_ACTIVE) {
		lr[cpu][n] =
			(lr[cpu][n] & ~ICH_LR_STATE_MASK) |
			((st == ICH_LR_STATE_ACTIVE ? ICH_LR_STATE_INVALID : ICH_LR_STATE_PENDING)
			 << ICH_LR_STATE_SHIFT);
	}
}

static void op_maintenance(uint32_t cpu)
{
	struct vgic_lr_access acc = lr_access(cpu);
	uint32_t ids[NR_LRS];
	uint32_t n = vgic_lr_take_eois(&lrs[cpu], &acc, ids, NR_LRS);

	for (uint32_t i = 0; i < n; i++) {
		FUZZ_ASSERT(is_virq(ids[i]), "EOI maintenance for INTID %u", ids[i]);
		vgic_dist_virq_eoi(&dist, ids[i]);
	}
}

static void op_collect(uint32_t cpu)
{
	struct vgic_lr_access acc = lr_access(cpu);

	(void)vgic_dist_collect(&dist, cpu, &lrs[cpu]);
	(void)vgic_fill_lrs(&lrs[cpu], &acc);
	for (uint32_t n = 0; n < NR_LRS; n++) {
		if (vgic_lr_state_of(lr[cpu][n]) != ICH_LR_STATE_INVALID) {
			uint32_t id = (uint32_t)(lr[cpu][n] & ICH_LR_VINTID_MASK);

			FUZZ_ASSERT(is_virq(id) && !(lr[cpu][n] & ICH_LR_HW),
				    "cpu%u LR%u holds INTID %u", cpu, n, id);
		}
	}
}

/* Reads back the enable, priority and trigger registers of every visible INTID from cpu1. */
static void sweep(void)
{
	for (uint32_t i = 0; i < sizeof(owned_spis) / sizeof(owned_spis[0]) + 2u; i++) {
		uint32_t intid = i < 2u ? virq_ids[i] : owned_spis[i - 2u];
		uint32_t offs[3] = {0x100u + intid / 32u * 4u, 0x400u + intid / 4u * 4u,
				    0xc00u + intid / 16u * 4u};

		if (!visible(intid))
			continue;
		for (uint32_t r = 0; r < 3; r++) {
			struct mmio_access a = {.offset = offs[r], .size = 4, .cpu = 1};

			query_reader = 1;
			FUZZ_ASSERT(vgic_dist_mmio(&dist, &a), "read of 0x%x refused", offs[r]);
			query_reader = NCPUS;
			check_read(offs[r], 4, a.value, 1);
			model_check_read(offs[r], 4, a.value);
		}
	}
}

/* Cell restart: each CPU drops its list registers (vgic_cpu_enter), the distributor resets. */
static void op_reset(void)
{
	for (uint32_t c = 0; c < NCPUS; c++) {
		struct vgic_lr_access acc = lr_access(c);
		uint32_t hw[NR_LRS + VGIC_QUEUE_MAX];

		(void)vgic_lr_reset(&lrs[c], &acc, hw, NR_LRS + VGIC_QUEUE_MAX);
	}
	vgic_dist_reset(&dist);
	model_reset(false);
	sweep();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};

	setup(fuzz_u8(&in));
	check_state();
	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint8_t op = fuzz_u8(&in);
		uint8_t arg = fuzz_u8(&in);
		uint32_t cpu = pick_cell_cpu(arg);

		switch (op % 12u) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
		case 5:
			op_mmio(&in);
			break;
		case 6: /* the emulated device drives a line (or any INTID) */
			vgic_dist_virq_set_level(
				&dist, (arg & 0x80u) ? fuzz_u16(&in) % 1100u : virq_ids[arg & 1u],
				(arg & 2u) != 0);
			break;
		case 7:
			op_collect(cpu);
			break;
		case 8:
			op_guest_lr(cpu, (uint8_t)(arg >> 2));
			break;
		case 9:
			op_maintenance(cpu);
			break;
		case 10:
			(void)vgic_dist_take_kicks(&dist);
			break;
		default:
			if ((arg & 0xfu) == 0xfu) /* now and then: a cell restart */
				op_reset();
			else
				(void)vgic_dist_priority(&dist, fuzz_u16(&in) % 1100u);
			break;
		}
		check_state();
	}
	return 0;
}
