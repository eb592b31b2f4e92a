// SPDX-License-Identifier: MIT
/* Host tests of the set/way emulation's decisions (runtime/arch/arm64/setway.c). */
#include <stdint.h>

#include "arch/arm64/setway.h"
#include "check.h"

#define MAX_CALLS 8u

struct calls {
	uint32_t n;
	uint64_t start[MAX_CALLS], end[MAX_CALLS];
};

static void record(uint64_t start, uint64_t end, void *ctx)
{
	struct calls *c = ctx;

	if (c->n < MAX_CALLS) {
		c->start[c->n] = start;
		c->end[c->n] = end;
	}
	c->n++;
}

static void test_decode(void)
{
	case_begin();
	CHECK(setway_is_op(SYSREG_ID(1, 0, 7, 6, 2)), "DC ISW");
	CHECK(setway_is_op(SYSREG_ID(1, 0, 7, 10, 2)), "DC CSW");
	CHECK(setway_is_op(SYSREG_ID(1, 0, 7, 14, 2)), "DC CISW");
	CHECK(!setway_is_op(SYSREG_ID(1, 0, 7, 6, 1)), "DC IVAC is by address");
	CHECK(!setway_is_op(SYSREG_ID(1, 3, 7, 14, 1)), "DC CIVAC is by address");
	CHECK(!setway_is_op(SYSREG_ID(1, 0, 7, 14, 4)), "DC CIGSW (MTE) is not emulated");
	CHECK(!setway_is_op(SYSREG_ID(3, 3, 14, 2, 1)), "CNTP_CTL_EL0");
	case_end("which instructions are set/way operations");
}

static void test_ops_per_sweep(void)
{
	/* Cortex-A57 L1D: 32 KiB, 2 ways, 256 sets, 64-byte lines (LineSize 2). */
	uint64_t a57 = (255ull << 13) | (1ull << 3) | 2u;

	case_begin();
	CHECK_U64(setway_ops_per_sweep(a57, false), 512, "256 sets x 2 ways");
	CHECK_U64(setway_ops_per_sweep((255ull << 32) | (3ull << 3), true), 1024,
		  "FEAT_CCIDX layout: 256 sets x 4 ways");
	CHECK_U64(setway_ops_per_sweep(0, false), SETWAY_MIN_OPS_PER_SWEEP, "floor");
	CHECK_U64(setway_ops_per_sweep(~0ull, false), SETWAY_MAX_OPS_PER_SWEEP, "largest layout");
	CHECK_U64(setway_ops_per_sweep(~0ull, true), SETWAY_MAX_OPS_PER_SWEEP, "ceiling");
	case_end("sweep period from CCSIDR_EL1");
}

static void test_bound(void)
{
	struct setway_cpu s;
	uint32_t sweeps = 0, first_gap = 0;

	case_begin();
	setway_cpu_reset(&s, 512);
	CHECK(setway_op(&s), "the first operation after entry sweeps");
	for (uint32_t i = 1; i < 512 * 10; i++) {
		if (setway_op(&s)) {
			sweeps++;
			if (!first_gap)
				first_gap = i;
		}
	}
	CHECK_U64(first_gap, 512, "the next sweep comes after 512 more operations");
	CHECK_U64(sweeps, 9, "one sweep per 512 operations, not one per exit");
	CHECK_U64(s.sweeps, 10, "sweeps counted");
	setway_cpu_reset(&s, 512);
	CHECK(setway_op(&s), "a new entry sweeps again at once");
	setway_cpu_reset(&s, 0);
	CHECK_U64(s.ops_per_sweep, SETWAY_MIN_OPS_PER_SWEEP, "period 0 is not one sweep per exit");
	case_end("a guest looping on set/way gets a bounded number of sweeps");
}

static void test_sweep_only_own_ram(void)
{
	static const struct cf_region regions[] = {
		{.name = "ram",
		 .phys = 0x48000000,
		 .guest = 0x40000000,
		 .size = 0x2000000,
		 .kind = CF_REGION_RAM},
		{.name = "virtio0",
		 .phys = 0x0a000000,
		 .guest = 0x0a000000,
		 .size = 0x1000,
		 .kind = CF_REGION_DEVICE},
		{.name = "virtio5",
		 .phys = 0x0a000a00,
		 .guest = 0x0a000a00,
		 .size = 0x200,
		 .kind = CF_REGION_SUBPAGE},
		{.name = "ram",
		 .phys = 0x60000000,
		 .guest = 0x60000000,
		 .size = 0x100000,
		 .kind = CF_REGION_RAM},
		{.name = "ram",
		 .phys = 0xfffffffffffff000ull,
		 .guest = 0,
		 .size = 0x2000,
		 .kind = CF_REGION_RAM},
	};
	struct cf_cell cell = {.name = "alpha", .regions = regions, .region_count = 5};
	struct calls c = {0};

	case_begin();
	CHECK_U64(setway_sweep(&cell, record, &c), 0x2000000 + 0x100000, "bytes");
	CHECK_U64(c.n, 2, "one range per RAM region, none for devices or a wrapping region");
	CHECK_U64(c.start[0], 0x48000000, "by physical address (the EL2 map), not guest");
	CHECK_U64(c.end[0], 0x4a000000, "whole region");
	CHECK_U64(c.start[1], 0x60000000, "second bank");
	CHECK_U64(c.end[1], 0x60100000, "second bank end");
	case_end("a sweep covers the cell's own RAM and nothing else");
}

int main(void)
{
	test_decode();
	test_ops_per_sweep();
	test_bound();
	test_sweep_only_own_ram();
	return check_summary("setway");
}
