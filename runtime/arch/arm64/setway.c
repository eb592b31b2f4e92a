// SPDX-License-Identifier: MIT
#include "arch/arm64/setway.h"

/* CCSIDR_EL1 fields, Arm ARM D19.2.25: without and with FEAT_CCIDX. */
#define CCSIDR_WAYS_SHIFT	3
#define CCSIDR_WAYS_MASK	0x3ffull
#define CCSIDR_SETS_SHIFT	13
#define CCSIDR_SETS_MASK	0x7fffull
#define CCSIDR_CCIDX_WAYS_SHIFT 3
#define CCSIDR_CCIDX_WAYS_MASK	0x1fffffull
#define CCSIDR_CCIDX_SETS_SHIFT 32
#define CCSIDR_CCIDX_SETS_MASK	0xffffffull

bool setway_is_op(uint32_t id)
{
	return id == SYSREG_DC_ISW || id == SYSREG_DC_CSW || id == SYSREG_DC_CISW;
}

uint64_t setway_ops_per_sweep(uint64_t ccsidr, bool ccidx)
{
	uint64_t ways, sets, lines;

	if (ccidx) {
		ways = ((ccsidr >> CCSIDR_CCIDX_WAYS_SHIFT) & CCSIDR_CCIDX_WAYS_MASK) + 1;
		sets = ((ccsidr >> CCSIDR_CCIDX_SETS_SHIFT) & CCSIDR_CCIDX_SETS_MASK) + 1;
	} else {
		ways = ((ccsidr >> CCSIDR_WAYS_SHIFT) & CCSIDR_WAYS_MASK) + 1;
		sets = ((ccsidr >> CCSIDR_SETS_SHIFT) & CCSIDR_SETS_MASK) + 1;
	}
	lines = ways * sets; /* at most 2^21 * 2^24: no overflow */
	if (lines < SETWAY_MIN_OPS_PER_SWEEP)
		return SETWAY_MIN_OPS_PER_SWEEP;
	return lines > SETWAY_MAX_OPS_PER_SWEEP ? SETWAY_MAX_OPS_PER_SWEEP : lines;
}

void setway_cpu_reset(struct setway_cpu *s, uint64_t ops_per_sweep)
{
	s->ops_per_sweep = ops_per_sweep ? ops_per_sweep : SETWAY_MIN_OPS_PER_SWEEP;
	s->ops_since_sweep = 0;
	s->sweeps = 0;
	s->swept = false;
}

bool setway_op(struct setway_cpu *s)
{
	if (s->swept && s->ops_since_sweep < s->ops_per_sweep) {
		s->ops_since_sweep++;
		return false;
	}
	s->swept = true;
	s->ops_since_sweep = 1;
	s->sweeps++;
	return true;
}

uint64_t setway_sweep(const struct cf_cell *cell, setway_clean_inval_fn fn, void *ctx)
{
	uint64_t bytes = 0;

	for (uint32_t i = 0; i < cell->region_count; i++) {
		const struct cf_region *r = &cell->regions[i];

		if (r->kind != CF_REGION_RAM || r->size == 0 || r->phys + r->size < r->phys)
			continue;
		fn(r->phys, r->phys + r->size, ctx);
		bytes += r->size;
	}
	return bytes;
}
