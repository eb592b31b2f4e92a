// SPDX-License-Identifier: MIT
/*
 * Fuzzes the cell's redistributor view (runtime/irqchip/vgic_redist.c): any
 * offset in the whole GICR region (every CPU's frames and beyond), any size,
 * direction and value, from any CPU of the cell, interleaved with physical
 * SGIs arriving (vgic_redist_sgi_raise, for any CPU and INTID), collects into
 * list registers, and per-CPU and whole-cell resets.
 *
 * Board: 6 CPUs in two clusters and two Aff3 values, one frame each; the
 * first input byte picks the stride (128 KiB or 256 KiB, as with VLPI
 * frames) and how many frames the hardware reports. The cell has cpu1, cpu2
 * and cpu4, owns SGIs 0-13, PPIs 27 and 30, and its bitmap also names SGIs 14
 * and 15 (the hypervisor's: must stay unreachable whatever the table says).
 *
 * Invariants checked after every operation:
 *   - every backend call names an owned PPI (16-31) on a CPU of the cell,
 *     the CPU whose frame was accessed;
 *   - a frame of another CPU reads zero except PIDR2 and TYPER, and writes
 *     to it change nothing;
 *   - TYPER never shows LPI features; reads fit the access size;
 *   - kicks and queued SGIs only concern the cell's CPUs and guest SGIs;
 *   - in the cell's own frames, enables, priorities and WAKER read back as
 *     the guest wrote them (a model) and return to reset values on a CPU or
 *     cell reset.
 */
#include <string.h>

#include "fuzz_common.h"
#include "irqchip/vgic_redist.h"
#include "vgic_fake_backend.h"

#define NCPUS	  6u
#define CELL_CPUS 0x16u /* cpu1, cpu2, cpu4 */

static const struct cf_cpu cpus[NCPUS] = {
	{"cpu0", 0x0},	 {"cpu1", 0x1},	    {"cpu2", 0x100},
	{"cpu3", 0x101}, {"cpu4", 0x10000}, {"cpu5", 0x100000000ull},
};
static struct cf_board board = {.name = "fuzz", .cpus = cpus, .cpu_count = NCPUS};
static struct cf_cell cell = {.name = "fuzzed", .cpu_mask = CELL_CPUS};
static struct fake_gic gic;
static struct vgic_redist_view view;
static struct vgic_lr_state lrs[NCPUS];
static uint32_t frames;
static uint32_t accessed_cpu = NCPUS; /* CPU of the frame being accessed, NCPUS: none */

static bool cell_cpu(uint32_t cpu)
{
	return cpu < NCPUS && (CELL_CPUS >> cpu) & 1u;
}

/* ---- the backend: the fake GIC behind an invariant check of every call ---- */

static void check_ppi(const char *op, uint32_t cpu, uint32_t intid)
{
	FUZZ_ASSERT(intid >= 16 && intid < 32 && vgic_intid_in(cell.irq_bitmap, intid),
		    "%s reached INTID %u (not an owned PPI)", op, intid);
	FUZZ_ASSERT(cell_cpu(cpu), "%s on cpu%u, not the cell's", op, cpu);
	FUZZ_ASSERT(accessed_cpu == NCPUS || cpu == accessed_cpu,
		    "%s on cpu%u from the frame of cpu%u", op, cpu, accessed_cpu);
}

#define CHECKED_BOOL_OPS(name)                                                                     \
	static void chk_set_##name(void *ctx, uint32_t cpu, uint32_t intid, bool v)                \
	{                                                                                          \
		check_ppi("set_" #name, cpu, intid);                                               \
		fake_set_##name(ctx, cpu, intid, v);                                               \
	}                                                                                          \
	static bool chk_get_##name(void *ctx, uint32_t cpu, uint32_t intid)                        \
	{                                                                                          \
		check_ppi("get_" #name, cpu, intid);                                               \
		return fake_get_##name(ctx, cpu, intid);                                           \
	}

CHECKED_BOOL_OPS(enable)
CHECKED_BOOL_OPS(pending)
CHECKED_BOOL_OPS(active)
CHECKED_BOOL_OPS(config)

static void chk_set_priority(void *ctx, uint32_t cpu, uint32_t intid, uint8_t v)
{
	check_ppi("set_priority", cpu, intid);
	fake_set_priority(ctx, cpu, intid, v);
}

static uint8_t chk_get_priority(void *ctx, uint32_t cpu, uint32_t intid)
{
	check_ppi("get_priority", cpu, intid);
	return fake_get_priority(ctx, cpu, intid);
}

static void chk_set_route(void *ctx, uint32_t intid, uint64_t mpidr)
{
	(void)ctx;
	(void)mpidr;
	FUZZ_ASSERT(false, "set_route(%u) from a redistributor", intid);
}

static uint64_t chk_get_route(void *ctx, uint32_t intid)
{
	(void)ctx;
	FUZZ_ASSERT(false, "get_route(%u) from a redistributor", intid);
	return 0;
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

/* ---- setup ---- */

static void model_reset_cpu(uint32_t cpu);

/* What the hardware says of frame i, with the LPI features a cell must not see. */
static uint64_t phys_typer(uint32_t i)
{
	uint64_t mpidr = cpus[i].mpidr;
	uint64_t aff = ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);

	return (aff << 32) | ((uint64_t)i << 8) | 0x2bu /* PLPIS, VLPIS, DirectLPI, ... */ |
	       (i + 1 == frames ? 0x10u : 0);
}

static void setup(uint8_t shape)
{
	static const struct vgic_backend backend = {.ops = &checked_ops, .ctx = &gic};
	uint64_t typers[NCPUS];

	memset(cell.irq_bitmap, 0, sizeof(cell.irq_bitmap));
	for (uint32_t i = 0; i < 14; i++)
		bitmap_add(cell.irq_bitmap, i);
	bitmap_add(cell.irq_bitmap, 14); /* a hostile table: SGIs 14, 15 stay the hypervisor's */
	bitmap_add(cell.irq_bitmap, 15);
	bitmap_add(cell.irq_bitmap, 27);
	bitmap_add(cell.irq_bitmap, 30);
	bitmap_add(cell.irq_bitmap, 40); /* an SPI: never reached through a redistributor */
	fake_init(&gic, cell.irq_bitmap, CELL_CPUS);
	/* PPI 27 of cpu3 (another cell's CPU): must never change. */
	gic.enable[3][27] = gic.pending[3][27] = true;
	gic.priority[3][27] = 0x10;
	board.gicr_stride = (shape & 1u) ? 0x40000u : 0x20000u;
	board.gicr_size = board.gicr_stride * NCPUS;
	frames = 1u + (uint32_t)(shape >> 1) % NCPUS;
	for (uint32_t i = 0; i < NCPUS; i++)
		typers[i] = phys_typer(i);
	vgic_redist_init(&view, &board, &cell, typers, frames, 0x0100143bu, &backend);
	for (uint32_t c = 0; c < NCPUS; c++)
		vgic_lr_init(&lrs[c], 3);
	vgic_redist_reset(&view);
	for (uint32_t c = 0; c < NCPUS; c++)
		model_reset_cpu(c);
}

/*
 * ---- a model of what the guest wrote in its own frames ----
 * Per CPU of the cell: enables and priorities of its SGIs 0-13 and owned
 * PPIs, and GICR_WAKER.ProcessorSleep; a CPU reset (leaving the guest) or a
 * cell reset returns them to reset values: disabled, VGIC_RESET_PRIORITY,
 * asleep.
 */
static struct {
	bool enabled[NCPUS][32];
	uint8_t priority[NCPUS][32];
	bool asleep[NCPUS];
} model;

static bool usable(uint32_t intid)
{
	return intid < 14 || intid == 27 || intid == 30;
}

static void model_reset_cpu(uint32_t cpu)
{
	if (!cell_cpu(cpu))
		return;
	for (uint32_t i = 0; i < 32; i++) {
		model.enabled[cpu][i] = false;
		model.priority[cpu][i] = 0xa0; /* VGIC_RESET_PRIORITY */
	}
	model.asleep[cpu] = true;
}

static void model_write(uint32_t cpu, uint64_t in, uint32_t size, uint64_t value)
{
	if (in == 0x10100 || in == 0x10180) {
		for (uint32_t i = 0; i < 32; i++) {
			if (((value >> i) & 1u) && usable(i))
				model.enabled[cpu][i] = in == 0x10100;
		}
	} else if (in >= 0x10400 && in < 0x10420) {
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(in - 0x10400) + i;

			if (usable(intid))
				model.priority[cpu][intid] = (uint8_t)(value >> (8 * i));
		}
	} else if (in == 0x14) {
		model.asleep[cpu] = (value & 2u) != 0;
	}
}

static void model_check_read(uint32_t cpu, uint64_t in, uint32_t size, uint64_t value)
{
	if (in == 0x10100 || in == 0x10180) {
		for (uint32_t i = 0; i < 32; i++) {
			if (usable(i))
				FUZZ_ASSERT(((value >> i) & 1u) == model.enabled[cpu][i],
					    "cpu%u INTID %u reads enabled %u, the guest made it %u",
					    cpu, i, (unsigned)((value >> i) & 1u),
					    model.enabled[cpu][i]);
		}
	} else if (in >= 0x10400 && in < 0x10420) {
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(in - 0x10400) + i;

			if (usable(intid))
				FUZZ_ASSERT(
					((value >> (8 * i)) & 0xff) == model.priority[cpu][intid],
					"cpu%u INTID %u reads priority 0x%llx, expected 0x%x", cpu,
					intid, (unsigned long long)((value >> (8 * i)) & 0xff),
					model.priority[cpu][intid]);
		}
	} else if (in == 0x14) {
		FUZZ_ASSERT(value == (model.asleep[cpu] ? 6u : 0u),
			    "cpu%u WAKER reads 0x%llx, asleep %d", cpu, (unsigned long long)value,
			    model.asleep[cpu]);
	}
}

/* ---- invariants ---- */

static void check_state(void)
{
	FUZZ_ASSERT(gic.violations == 0, "the fake GIC saw %u foreign calls", gic.violations);
	FUZZ_ASSERT((view.kick_mask & ~(uint64_t)CELL_CPUS) == 0, "kick mask 0x%llx",
		    (unsigned long long)view.kick_mask);
	FUZZ_ASSERT(gic.enable[3][27] && gic.pending[3][27] && gic.priority[3][27] == 0x10,
		    "PPI 27 of cpu3 changed");
	for (uint32_t c = 0; c < NCPUS; c++) {
		const struct vgic_vcpu_redist *v = &view.vcpu[c];

		if (!cell_cpu(c))
			FUZZ_ASSERT(v->sgi_enabled == 0 && v->sgi_pending == 0,
				    "foreign cpu%u has virtual SGI state", c);
		/* SGIs 0-13 are the guest's (literal here: the header's mask is under test). */
		FUZZ_ASSERT(((v->sgi_enabled | v->sgi_pending) & ~0x3fffu) == 0,
			    "cpu%u: hypervisor SGI in the virtual state (%#x/%#x)", c,
			    v->sgi_enabled, v->sgi_pending);
		FUZZ_ASSERT(lrs[c].queued <= VGIC_QUEUE_MAX, "queue of cpu%u: %u", c,
			    lrs[c].queued);
		for (uint32_t q = 0; q < lrs[c].queued; q++)
			FUZZ_ASSERT(cell_cpu(c) && lrs[c].queue[q].intid < 14 &&
					    !lrs[c].queue[q].hw,
				    "cpu%u queued INTID %u", c, lrs[c].queue[q].intid);
	}
}

/* Board CPU of the frame at offset, NCPUS if none. */
static uint32_t frame_cpu(uint64_t offset)
{
	uint64_t frame = offset / board.gicr_stride;

	return frame < frames ? (uint32_t)frame : NCPUS; /* frame i is cpus[i] here */
}

static void check_read(uint64_t off, uint32_t size, uint64_t value)
{
	uint32_t cpu = frame_cpu(off);
	uint64_t in = off % board.gicr_stride;

	FUZZ_ASSERT(fuzz_fits(value, size), "read 0x%llx/%u returned 0x%llx",
		    (unsigned long long)off, size, (unsigned long long)value);
	if (in == 0x8 && value)
		FUZZ_ASSERT((value & 0xbu) == 0, "TYPER shows LPI features: 0x%llx",
			    (unsigned long long)value);
	if (cpu == NCPUS || !cell_cpu(cpu)) {
		FUZZ_ASSERT(value == 0 || (in == 0xffe8 && size == 4) || in == 0x8 || in == 0xc,
			    "frame of cpu%u, offset 0x%llx read 0x%llx", cpu,
			    (unsigned long long)in, (unsigned long long)value);
		return;
	}
	if (in >= 0x10080 && in < 0x10400 && size == 4) { /* bit registers of INTIDs 0-31 */
		for (uint32_t bit = 0; bit < 32; bit++) {
			if ((value >> bit) & 1u)
				FUZZ_ASSERT((bit < 14 || bit == 27 || bit == 30),
					    "INTID %u reads set at 0x%llx", bit,
					    (unsigned long long)in);
		}
	}
	if (in >= 0x10400 && in < 0x10420) {
		for (uint32_t i = 0; i < size; i++) {
			uint32_t intid = (uint32_t)(in - 0x10400) + i;

			if ((value >> (8 * i)) & 0xff)
				FUZZ_ASSERT(intid < 14 || intid == 27 || intid == 30,
					    "priority of INTID %u read", intid);
		}
	}
}

static uint32_t pick_cell_cpu(uint8_t sel)
{
	static const uint32_t cell_cpus[] = {1, 2, 4};

	return cell_cpus[sel % 3u];
}

static uint64_t pick_offset(struct fuzz_in *in)
{
	uint8_t cls = fuzz_u8(in);
	uint64_t frame = (cls >> 4) % (NCPUS + 1u);
	uint16_t raw = fuzz_u16(in);
	uint64_t within;

	switch (cls % 8u) {
	case 0:
		within = raw % 0x100u; /* RD_base registers */
		break;
	case 1:
	case 2:
		within = 0x10080u + raw % 0x380u; /* SGI_base bit registers */
		break;
	case 3:
		within = 0x10400u + raw % 0x20u; /* IPRIORITYR0-7 */
		break;
	case 4:
		within = 0x10c00u + raw % 0x200u; /* ICFGR, IGRPMODR, NSACR */
		break;
	case 5:
		within = 0xffd0u + raw % 0x30u; /* ID registers */
		break;
	case 6:
		within = (uint64_t)raw << 2; /* anywhere in the frames, and beyond */
		break;
	default:
		return (uint64_t)raw << 8 | fuzz_u8(in); /* anywhere in the region */
	}
	return frame * board.gicr_stride + within;
}

static void op_mmio(struct fuzz_in *in)
{
	uint64_t off = pick_offset(in);
	uint8_t how = fuzz_u8(in);
	uint64_t value = fuzz_u64(in);
	struct mmio_access a = {
		.addr = 0x080a0000u + off,
		.offset = off,
		.size = fuzz_size(how),
		.write = (how & 4u) != 0,
		.cpu = pick_cell_cpu((uint8_t)(how >> 3)),
	};
	struct fake_gic before;
	bool foreign = !cell_cpu(frame_cpu(off));

	a.value = a.write ? (a.size >= 8 ? value : value & ((1ull << (8 * a.size)) - 1)) : 0;
	if (foreign)
		memcpy(&before, &gic, sizeof(gic));
	accessed_cpu = frame_cpu(off);
	if (vgic_redist_mmio(&view, &a) && !foreign) {
		if (a.write)
			model_write(frame_cpu(off), off % board.gicr_stride, a.size, a.value);
		else
			model_check_read(frame_cpu(off), off % board.gicr_stride, a.size, a.value);
	}
	if (!a.write)
		check_read(off, a.size, a.value);
	accessed_cpu = NCPUS;
	if (foreign)
		FUZZ_ASSERT(memcmp(&before, &gic, sizeof(gic)) == 0,
			    "access to a foreign frame (0x%llx) reached the GIC",
			    (unsigned long long)off);
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

		switch (op % 8u) {
		case 0:
		case 1:
		case 2:
		case 3:
			op_mmio(&in);
			break;
		case 4: { /* a physical SGI arrives: any CPU index, any INTID */
			uint32_t target = (arg >> 4) % (NCPUS + 2u);
			uint32_t intid = arg & 0xfu;
			bool ok = vgic_redist_sgi_raise(&view, target, intid);

			FUZZ_ASSERT(!ok || (cell_cpu(target) && intid < 14),
				    "SGI %u accepted for cpu%u", intid, target);
			break;
		}
		case 5: { /* the hypervisor collects before entering the guest (any CPU index) */
			uint32_t at = (arg & 0x80u) ? arg % (NCPUS + 2u) : cpu;

			(void)vgic_redist_collect(&view, at, &lrs[at % NCPUS]);
			break;
		}
		case 6:
			(void)vgic_redist_take_kicks(&view);
			(void)vgic_redist_priority(&view, arg % (NCPUS + 2u), fuzz_u8(&in));
			break;
		default:
			if (arg & 1u) {
				uint32_t at = (arg >> 1) % (NCPUS + 2u);

				vgic_redist_reset_cpu(&view, at);
				model_reset_cpu(at);
			} else if ((arg & 0xfu) == 0xeu) {
				vgic_redist_reset(&view);
				for (uint32_t c = 0; c < NCPUS; c++)
					model_reset_cpu(c);
			} else
				lrs[cpu].queued = 0; /* the guest took everything */
			break;
		}
		check_state();
	}
	return 0;
}
