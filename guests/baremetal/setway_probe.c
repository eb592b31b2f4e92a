// SPDX-License-Identifier: MIT
/*
 * Test guest: cache maintenance by set/way, as U-Boot and RTOSes do it around
 * turning their caches off. With the MMU and caches on (the kit's identity map) it
 * dirties a buffer, turns the data cache off (SCTLR_EL1.C), cleans and invalidates
 * every data or unified cache level up to the point of coherency by set/way
 * (DC CISW), then once more level 1 with DC CSW and DC ISW, and reads the buffer
 * back through the non-cacheable view. On hardware the read shows whether the data
 * reached memory; QEMU has no caches, so the test's verdict is the hypervisor's: the
 * cell survives every operation, and its "setway" exit counter equals the count
 * printed here.
 *
 * Console lines (the hypervisor adds "[<cell>] "):
 *   setway_probe: level <l> <sets> sets x <ways> ways, line <b> bytes
 *   setway_probe: uncached read after clean: <n>/<N> words intact
 *   setway_probe: ops cisw <a> csw <b> isw <c> total <t>
 *   setway_probe: done
 */
#include "kit/kit.h"

#define BUFFER_WORDS  512u
#define PATTERN	      0xc1ea4ed0c1ea4ed0ul
#define MAX_LEVELS    7u
#define MAX_OPS_LEVEL (1u << 20) /* bounds the loops whatever CCSIDR says */

/* CLIDR_EL1 (Arm ARM D19.2.27): Ctype<n> 3 bits per level, LoC [26:24]. */
#define CLIDR_LOC_SHIFT	 24
#define CLIDR_CTYPE_BITS 3
#define CTYPE_DATA	 2u /* 2 data, 3 separate I and D, 4 unified */

enum op { OP_CISW, OP_CSW, OP_ISW, OP_COUNT };

static volatile uint64_t buffer[BUFFER_WORDS] __attribute__((aligned(4096)));
static uint32_t ops[OP_COUNT];

static void issue(enum op op, uint64_t operand)
{
	switch (op) {
	case OP_CISW:
		__asm__ volatile("dc cisw, %0" : : "r"(operand) : "memory");
		break;
	case OP_CSW:
		__asm__ volatile("dc csw, %0" : : "r"(operand) : "memory");
		break;
	default:
		__asm__ volatile("dc isw, %0" : : "r"(operand) : "memory");
		break;
	}
	ops[op]++;
}

static uint32_t log2_ceil(uint32_t n)
{
	uint32_t l = 0;

	while (l < 31 && (1u << l) < n)
		l++;
	return l;
}

/* Every set and way of one level (0 = L1) with op (the operand layout of Arm ARM C5.3.13). */
static void sweep_level(uint32_t level, enum op op, bool say)
{
	uint64_t ccsidr;
	uint32_t line_shift, ways, sets, way_shift, n = 0;

	__asm__ volatile("msr csselr_el1, %1\n\tisb\n\tmrs %0, ccsidr_el1"
			 : "=r"(ccsidr)
			 : "r"((uint64_t)level << 1)
			 : "memory");
	line_shift = (uint32_t)(ccsidr & 7) + 4;
	ways = (uint32_t)((ccsidr >> 3) & 0x3ff) + 1;
	sets = (uint32_t)((ccsidr >> 13) & 0x7fff) + 1;
	way_shift = 32 - log2_ceil(ways);
	if (say)
		printf("setway_probe: level %u %u sets x %u ways, line %u bytes\n", level + 1, sets,
		       ways, 1u << line_shift);
	for (uint32_t way = 0; way < ways && n < MAX_OPS_LEVEL; way++) {
		for (uint32_t set = 0; set < sets && n < MAX_OPS_LEVEL; set++, n++)
			issue(op, (way_shift < 32 ? (uint64_t)way << way_shift : 0) |
					  (uint64_t)set << line_shift | (uint64_t)level << 1);
	}
}

static void set_sctlr(uint64_t v)
{
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(v) : "memory");
}

void guest_main(const struct kit_info *info)
{
	uint64_t clidr, sctlr = read_sctlr_el1();
	uint32_t loc, intact = 0;

	(void)info;
	if (!(sctlr & SCTLR_EL1_M) || !(sctlr & SCTLR_EL1_C))
		printf("setway_probe: warning: MMU or data cache off at start (sctlr 0x%lx)\n",
		       sctlr);
	for (uint32_t i = 0; i < BUFFER_WORDS; i++)
		buffer[i] = PATTERN ^ i;
	dsb_sy();

	/* Caches off first, so nothing new is allocated while they are cleaned. */
	set_sctlr(sctlr & ~SCTLR_EL1_C);
	__asm__ volatile("mrs %0, clidr_el1" : "=r"(clidr));
	loc = (uint32_t)(clidr >> CLIDR_LOC_SHIFT) & 7u;
	for (uint32_t level = 0; level < loc && level < MAX_LEVELS; level++) {
		uint32_t ctype = (uint32_t)(clidr >> (level * CLIDR_CTYPE_BITS)) & 7u;

		if (ctype >= CTYPE_DATA)
			sweep_level(level, OP_CISW, true);
	}
	sweep_level(0, OP_CSW, false);
	sweep_level(0, OP_ISW, false);
	dsb_sy();
	for (uint32_t i = 0; i < BUFFER_WORDS; i++)
		intact += buffer[i] == (PATTERN ^ i);
	set_sctlr(sctlr);

	printf("setway_probe: uncached read after clean: %u/%u words intact\n", intact,
	       BUFFER_WORDS);
	printf("setway_probe: ops cisw %u csw %u isw %u total %u\n", ops[OP_CISW], ops[OP_CSW],
	       ops[OP_ISW], ops[OP_CISW] + ops[OP_CSW] + ops[OP_ISW]);
	printf("setway_probe: done\n");
}
