// SPDX-License-Identifier: MIT
/*
 * Fuzzes the guest SGI filter (runtime/irqchip/vgic_sgi.c): a hostile guest
 * writes any ICC_SGI1R_EL1 value on any CPU of its cell. The input also
 * builds the board: up to 20 CPUs (more than one TargetList covers) spread
 * over clusters, Range Selector blocks and Aff2/Aff3 values, and the cell's
 * CPU mask, so the filter is tried on many topologies.
 *
 * Invariants checked for every write:
 *   - SGIs 14 and 15 are refused with an empty target mask;
 *   - every target is a CPU of the cell that exists on the board;
 *   - IRM = 1 reaches exactly the cell's CPUs except the sender;
 *   - otherwise exactly the named CPUs of the cell (an independent decode
 *     of Aff3.Aff2.Aff1, RS and TargetList), and the dropped count is the
 *     named targets that are not the cell's.
 */
#include <string.h>

#include "fuzz_common.h"
#include "irqchip/vgic_sgi.h"

#define MAX_BOARD_CPUS 20u

static struct cf_cpu cpus[MAX_BOARD_CPUS];

/* What the guest named: board CPUs whose affinity is in the list (the oracle). */
static uint64_t named_cpus(uint64_t v, uint32_t count, uint32_t *named)
{
	uint64_t aff3 = (v >> 48) & 0xff, aff2 = (v >> 32) & 0xff, aff1 = (v >> 16) & 0xff;
	uint64_t rs = (v >> 44) & 0xf;
	uint64_t mask = 0;

	*named = 0;
	for (uint32_t bit = 0; bit < 16; bit++) {
		uint64_t want;
		bool found = false;

		if (!((v >> bit) & 1u))
			continue;
		(*named)++;
		want = (aff3 << 32) | (aff2 << 16) | (aff1 << 8) | (rs * 16 + bit);
		for (uint32_t i = 0; i < count; i++) {
			if ((cpus[i].mpidr & 0xff00ffffffull) == want) {
				mask |= 1ull << i;
				found = true;
				break;
			}
		}
		(void)found;
	}
	return mask;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};
	uint32_t count = 1u + fuzz_u8(&in) % MAX_BOARD_CPUS;
	uint64_t cell_mask = fuzz_u32(&in) & ((1ull << count) - 1u);
	uint8_t layout = fuzz_u8(&in);

	if (cell_mask == 0)
		cell_mask = 1;
	/* Distinct affinities: CPU i in cluster i / per_cluster, Aff0 = position (+ RS block). */
	for (uint32_t i = 0; i < count; i++) {
		uint32_t per = 1u + (layout & 0x1fu);
		uint64_t cluster = i / per, aff0 = i % per;

		if (layout & 0x20u)
			aff0 += 16u; /* RS = 1 block */
		cpus[i].name = "cpu";
		cpus[i].mpidr = ((cluster & 3u) << 8) | ((cluster >> 2) << 16) |
				((layout & 0x40u) ? (1ull << 32) : 0) | aff0;
	}

	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint64_t v = fuzz_u64(&in);
		uint8_t sel = fuzz_u8(&in);
		uint32_t self = sel % count;
		uint64_t targets = 0xdead, expect;
		uint32_t intid = 99, named;
		int32_t dropped;

		if (sel & 0x80u) {
			/* Mostly a sender of the cell, as only those trap into this filter. */
			for (uint32_t k = 0; k < count && !((cell_mask >> self) & 1u); k++)
				self = (self + 1) % count;
		}
		dropped = vgic_sgi_targets(v, cell_mask, cpus, count, self, &targets, &intid);
		FUZZ_ASSERT(intid == ((v >> 24) & 0xf), "INTID %u from 0x%llx", intid,
			    (unsigned long long)v);
		if (intid >= 14) {
			FUZZ_ASSERT(dropped == VGIC_SGI_REFUSED && targets == 0,
				    "hypervisor SGI %u: dropped %d targets 0x%llx", intid, dropped,
				    (unsigned long long)targets);
			continue;
		}
		FUZZ_ASSERT((targets & ~cell_mask) == 0, "SGI to CPUs 0x%llx outside cell 0x%llx",
			    (unsigned long long)targets, (unsigned long long)cell_mask);
		if ((v >> 40) & 1u) {
			expect = cell_mask & ~(1ull << self);
			FUZZ_ASSERT(targets == expect && dropped == 0,
				    "IRM: targets 0x%llx, expected 0x%llx",
				    (unsigned long long)targets, (unsigned long long)expect);
			continue;
		}
		expect = named_cpus(v, count, &named) & cell_mask;
		FUZZ_ASSERT(targets == expect, "targets 0x%llx, expected 0x%llx for 0x%llx",
			    (unsigned long long)targets, (unsigned long long)expect,
			    (unsigned long long)v);
		FUZZ_ASSERT(dropped >= 0 &&
				    (uint32_t)dropped + (uint32_t)__builtin_popcountll(targets) ==
					    named,
			    "dropped %d of %u named, %d sent", dropped, named,
			    __builtin_popcountll(targets));
	}
	return 0;
}
