// SPDX-License-Identifier: MIT
/*
 * Host tests of guest SGI filtering (runtime/irqchip/vgic_sgi.c). ICC_SGI1R_EL1
 * values are built here from the register description: TargetList [15:0],
 * Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48].
 *
 * Board: cpu0..cpu3 (MPIDR 0..3), cpu4/cpu5 in cluster Aff1 = 1, cpu6 with
 * Aff3 = 1 and Aff0 = 2, cpu7 with Aff0 = 17 (reached with RS = 1).
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "irqchip/vgic_sgi.h"

static const struct cf_cpu cpus[] = {
	{"cpu0", 0x0},
	{"cpu1", 0x1},
	{"cpu2", 0x2},
	{"cpu3", 0x3},
	{"cpu4", 0x100},
	{"cpu5", 0x101},
	{"cpu6", 0x100000002ull},
	{"cpu7", 0x11},
};

static uint64_t sgi1r(uint32_t intid, uint32_t aff3, uint32_t aff2, uint32_t aff1, uint32_t rs,
		      uint32_t targets)
{
	return ((uint64_t)aff3 << 48) | ((uint64_t)rs << 44) | ((uint64_t)aff2 << 32) |
	       ((uint64_t)intid << 24) | ((uint64_t)aff1 << 16) | targets;
}

#define IRM (1ull << 40)

static int32_t run(uint64_t v, uint64_t cell_mask, uint32_t self, uint64_t *mask, uint32_t *intid)
{
	return vgic_sgi_targets(v, cell_mask, cpus, 8, self, mask, intid);
}

static void test_target_list(void)
{
	uint64_t mask;
	uint32_t intid;

	case_begin();
	CHECK_INT(run(sgi1r(5, 0, 0, 0, 0, 0xc), 0xc, 2, &mask, &intid), 0,
		  "cpu2+cpu3: nothing dropped");
	CHECK_U64(mask, 0xc, "targets cpu2, cpu3");
	CHECK_INT(intid, 5, "INTID from bits 27:24");
	CHECK_INT(run(sgi1r(1, 0, 0, 0, 0, 0xf), 0xc, 2, &mask, &intid), 2, "cpu0, cpu1 dropped");
	CHECK_U64(mask, 0xc, "only the cell's CPUs");
	CHECK_INT(run(sgi1r(1, 0, 0, 0, 0, 0x3), 0xc, 2, &mask, &intid), 2, "all foreign");
	CHECK_U64(mask, 0, "nobody");
	CHECK_INT(run(sgi1r(1, 0, 0, 0, 0, 0x4), 0xc, 2, &mask, &intid), 0, "to itself");
	CHECK_U64(mask, 0x4, "self is a valid target");
	CHECK_INT(run(sgi1r(0, 0, 0, 0, 0, 0x10), 0xc, 2, &mask, &intid), 1,
		  "Aff0 4 does not exist: dropped");
	CHECK_U64(mask, 0, "nobody");

	CHECK_INT(run(sgi1r(2, 0, 0, 1, 0, 0x3), 0x30, 4, &mask, &intid), 0, "cluster 1");
	CHECK_U64(mask, 0x30, "cpu4, cpu5 by Aff1");
	CHECK_INT(run(sgi1r(2, 0, 0, 1, 0, 0x3), 0xc, 2, &mask, &intid), 2,
		  "cluster 1 is foreign to cpu2+cpu3");
	CHECK_INT(run(sgi1r(2, 1, 0, 0, 0, 0x4), 0x40, 6, &mask, &intid), 0, "Aff3 = 1");
	CHECK_U64(mask, 0x40, "cpu6 by Aff3");
	CHECK_INT(run(sgi1r(2, 0, 0, 0, 0, 0x4), 0x40, 6, &mask, &intid), 1,
		  "Aff3 = 0 names cpu2, not cpu6");
	CHECK_INT(run(sgi1r(2, 0, 0, 0, 1, 0x2), 0x80, 7, &mask, &intid), 0, "RS = 1");
	CHECK_U64(mask, 0x80, "Aff0 = 16 + 1: cpu7");
	CHECK_INT(run(sgi1r(2, 0, 0, 0, 0, 0x2), 0x80, 7, &mask, &intid), 1,
		  "RS = 0 bit 1 is cpu1, foreign");
	case_end("target list restricted to the cell's CPUs");
}

static void test_broadcast(void)
{
	uint64_t mask;
	uint32_t intid;

	case_begin();
	CHECK_INT(run(IRM | sgi1r(3, 0, 0, 0, 0, 0), 0xc, 2, &mask, &intid), 0,
		  "IRM: nothing dropped");
	CHECK_U64(mask, 0x8, "all the cell's CPUs except self");
	CHECK_INT(run(IRM | sgi1r(3, 0, 0, 0, 0, 0xff), 0x3c, 3, &mask, &intid), 0,
		  "IRM ignores the target list");
	CHECK_U64(mask, 0x34, "cpu2, cpu4, cpu5");
	CHECK_INT(run(IRM | sgi1r(3, 0, 0, 0, 0, 0), 0x4, 2, &mask, &intid), 0, "alone");
	CHECK_U64(mask, 0, "a one-CPU cell broadcasts to nobody");
	CHECK_INT(run(IRM, ~0ull, 0, &mask, &intid), 0, "a mask beyond the board");
	CHECK_U64(mask, 0xfe, "clipped to the board's CPUs");
	case_end("broadcast (IRM = 1) stays inside the cell");
}

static void test_reserved(void)
{
	uint64_t mask = 123;
	uint32_t intid;

	case_begin();
	CHECK_INT(run(sgi1r(14, 0, 0, 0, 0, 0xc), 0xc, 2, &mask, &intid), VGIC_SGI_REFUSED,
		  "SGI 14");
	CHECK_U64(mask, 0, "no targets");
	CHECK_INT(run(IRM | sgi1r(15, 0, 0, 0, 0, 0), 0xc, 2, &mask, &intid), VGIC_SGI_REFUSED,
		  "SGI 15 broadcast");
	CHECK_U64(mask, 0, "no targets");
	CHECK_INT(run(sgi1r(13, 0, 0, 0, 0, 0x8), 0xc, 2, &mask, &intid), 0, "SGI 13 allowed");
	CHECK_U64(mask, 0x8, "cpu3");
	case_end("hypervisor SGIs 14 and 15 refused");
}

int main(void)
{
	test_target_list();
	test_broadcast();
	test_reserved();
	return check_summary("vgic_sgi");
}
