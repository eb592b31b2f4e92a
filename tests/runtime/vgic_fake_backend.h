/* SPDX-License-Identifier: MIT */
/*
 * A fake physical GIC for the vGIC tests: plain arrays for the state that the
 * backend ops read and write, a log of the last set_* call, and a violation
 * counter for any call about an INTID/CPU the cell does not own -- the vGIC
 * must never make one, whatever the guest writes.
 */
#ifndef CELLFORGE_TEST_VGIC_FAKE_BACKEND_H
#define CELLFORGE_TEST_VGIC_FAKE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "irqchip/vgic_backend.h"

#define FAKE_CPUS 8u

struct fake_gic {
	/* index [cpu][intid] for intid < 32, [0][intid] for SPIs */
	bool enable[FAKE_CPUS][CF_MAX_INTID];
	bool pending[FAKE_CPUS][CF_MAX_INTID];
	bool active[FAKE_CPUS][CF_MAX_INTID];
	uint8_t priority[FAKE_CPUS][CF_MAX_INTID];
	bool edge[FAKE_CPUS][CF_MAX_INTID];
	uint64_t route[CF_MAX_INTID];
	/* what the cell may touch */
	const uint32_t *owned;
	uint64_t cpu_mask;
	/* log */
	uint32_t set_calls;
	uint32_t violations;
	const char *last_op;
	uint32_t last_cpu, last_intid;
	uint64_t last_value;
};

static uint32_t fake_slot(struct fake_gic *g, uint32_t cpu, uint32_t intid)
{
	if (intid >= CF_MAX_INTID || !vgic_intid_in(g->owned, intid)) {
		g->violations++;
		printf("  backend called for INTID %u the cell does not own\n", intid);
		return FAKE_CPUS;
	}
	if (intid >= 32)
		return 0;
	if (cpu >= FAKE_CPUS || !(g->cpu_mask & (1ull << cpu))) {
		g->violations++;
		printf("  backend called for INTID %u on foreign cpu %u\n", intid, cpu);
		return FAKE_CPUS;
	}
	return cpu;
}

static void fake_log(struct fake_gic *g, const char *op, uint32_t cpu, uint32_t intid,
		     uint64_t value)
{
	g->set_calls++;
	g->last_op = op;
	g->last_cpu = cpu;
	g->last_intid = intid;
	g->last_value = value;
}

#define FAKE_BOOL_OPS(name, field)                                                                 \
	static void fake_set_##name(void *ctx, uint32_t cpu, uint32_t intid, bool v)               \
	{                                                                                          \
		struct fake_gic *g = ctx;                                                          \
		uint32_t s = fake_slot(g, cpu, intid);                                             \
		fake_log(g, "set_" #name, cpu, intid, v);                                          \
		if (s < FAKE_CPUS)                                                                 \
			g->field[s][intid] = v;                                                    \
	}                                                                                          \
	static bool fake_get_##name(void *ctx, uint32_t cpu, uint32_t intid)                       \
	{                                                                                          \
		struct fake_gic *g = ctx;                                                          \
		uint32_t s = fake_slot(g, cpu, intid);                                             \
		return s < FAKE_CPUS ? g->field[s][intid] : false;                                 \
	}

FAKE_BOOL_OPS(enable, enable)
FAKE_BOOL_OPS(pending, pending)
FAKE_BOOL_OPS(active, active)
FAKE_BOOL_OPS(config, edge)

static void fake_set_priority(void *ctx, uint32_t cpu, uint32_t intid, uint8_t v)
{
	struct fake_gic *g = ctx;
	uint32_t s = fake_slot(g, cpu, intid);

	fake_log(g, "set_priority", cpu, intid, v);
	if (s < FAKE_CPUS)
		g->priority[s][intid] = v;
}

static uint8_t fake_get_priority(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct fake_gic *g = ctx;
	uint32_t s = fake_slot(g, cpu, intid);

	return s < FAKE_CPUS ? g->priority[s][intid] : 0;
}

static void fake_set_route(void *ctx, uint32_t intid, uint64_t mpidr)
{
	struct fake_gic *g = ctx;
	uint32_t s = fake_slot(g, 0, intid < 32 ? 1000 : intid);

	fake_log(g, "set_route", 0, intid, mpidr);
	if (s < FAKE_CPUS)
		g->route[intid] = mpidr;
}

static uint64_t fake_get_route(void *ctx, uint32_t intid)
{
	struct fake_gic *g = ctx;
	uint32_t s = fake_slot(g, 0, intid < 32 ? 1000 : intid);

	return s < FAKE_CPUS ? g->route[intid] : 0;
}

static const struct vgic_backend_ops fake_ops = {
	.set_enable = fake_set_enable,
	.get_enable = fake_get_enable,
	.set_pending = fake_set_pending,
	.get_pending = fake_get_pending,
	.set_active = fake_set_active,
	.get_active = fake_get_active,
	.set_priority = fake_set_priority,
	.get_priority = fake_get_priority,
	.set_config = fake_set_config,
	.get_config = fake_get_config,
	.set_route = fake_set_route,
	.get_route = fake_get_route,
};

static void fake_init(struct fake_gic *g, const uint32_t *owned, uint64_t cpu_mask)
{
	memset(g, 0, sizeof(*g));
	g->owned = owned;
	g->cpu_mask = cpu_mask;
}

static void bitmap_add(uint32_t *map, uint32_t intid)
{
	map[intid / 32] |= 1u << (intid % 32);
}

#endif
