// SPDX-License-Identifier: MIT
/*
 * Runs with the MMU and data cache off: every access is Device memory here, so this
 * file (and the FDT reader it uses) must only make naturally aligned accesses, which
 * -mstrict-align guarantees for compiler-generated code.
 *
 * Descriptor formats: Arm ARM D8.3 (VMSAv8-64 translation table descriptors).
 */
#include <stdbool.h>

#include "kit/config.h"
#include "kit/fdt.h"
#include "kit/image.h"
#include "kit/mmu.h"
#include "kit/string.h"
#include "kit/sysregs.h"

#define L1_SHIFT      30
#define L2_SHIFT      21
#define TABLE_ENTRIES 512u
#define SIZE_1G	      (1ul << L1_SHIFT)
#define SIZE_2M	      (1ul << L2_SHIFT)
#define VA_LIMIT      (1ul << 39) /* T0SZ = 25 */

#define DESC_TYPE_MASK	 3ul
#define DESC_BLOCK	 1ul /* level 1 and 2 */
#define DESC_TABLE	 3ul
#define DESC_ATTRINDX(i) ((uint64_t)(i) << 2)
#define DESC_SH_INNER	 (3ul << 8)
#define DESC_AF		 (1ul << 10) /* access flag set: no access-flag faults */
#define DESC_PXN	 (1ul << 53)
#define DESC_UXN	 (1ul << 54)
#define DESC_ADDR_MASK	 0x0000fffffffff000ul

/* AP = 00: read/write at EL1, no EL0 access. */
#define BLOCK_DEVICE (DESC_BLOCK | DESC_ATTRINDX(MAIR_IDX_DEVICE) | DESC_AF | DESC_PXN | DESC_UXN)
#define BLOCK_NORMAL                                                                               \
	(DESC_BLOCK | DESC_ATTRINDX(MAIR_IDX_NORMAL) | DESC_SH_INNER | DESC_AF | DESC_UXN)

static uint64_t l1_table[TABLE_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2_tables[KIT_MMU_L2_TABLES][TABLE_ENTRIES] __attribute__((aligned(4096)));
static unsigned l2_used;
static const char *mmu_problem;

uint64_t kit_mmu_ttbr0;

const char *kit_mmu_problem(void)
{
	return mmu_problem;
}

/* The level-2 table for the GiB containing addr, created (all Device) on first use. */
static uint64_t *l2_table_for(uint64_t addr)
{
	uint64_t *l1e = &l1_table[addr >> L1_SHIFT];
	uint64_t gib = addr & ~(SIZE_1G - 1);
	uint64_t *l2;

	if ((*l1e & DESC_TYPE_MASK) == DESC_TABLE)
		return (uint64_t *)(uintptr_t)(*l1e & DESC_ADDR_MASK);
	if (l2_used == KIT_MMU_L2_TABLES)
		return NULL;
	l2 = l2_tables[l2_used++];
	for (unsigned i = 0; i < TABLE_ENTRIES; i++)
		l2[i] = (gib + ((uint64_t)i << L2_SHIFT)) | BLOCK_DEVICE;
	*l1e = (uintptr_t)l2 | DESC_TABLE;
	return l2;
}

/* Makes [start, end) Normal memory, rounded outwards to 2 MiB; clipped to the VA range. */
static bool map_normal(uint64_t start, uint64_t end)
{
	uint64_t addr;

	if (end > VA_LIMIT || end < start)
		end = VA_LIMIT;
	if (start >= end)
		return true;
	addr = start & ~(SIZE_2M - 1);
	end = (end + SIZE_2M - 1) & ~(SIZE_2M - 1);
	while (addr < end) {
		uint64_t *l1e = &l1_table[addr >> L1_SHIFT];
		uint64_t *l2;

		if ((*l1e & DESC_TYPE_MASK) == DESC_BLOCK &&
		    (*l1e == ((addr & ~(SIZE_1G - 1)) | BLOCK_NORMAL) ||
		     ((addr & (SIZE_1G - 1)) == 0 && end - addr >= SIZE_1G))) {
			/* A whole GiB of RAM, or a GiB that already is. */
			*l1e = (addr & ~(SIZE_1G - 1)) | BLOCK_NORMAL;
			addr = (addr & ~(SIZE_1G - 1)) + SIZE_1G;
			continue;
		}
		l2 = l2_table_for(addr);
		if (!l2)
			return false;
		l2[(addr >> L2_SHIFT) & (TABLE_ENTRIES - 1)] = addr | BLOCK_NORMAL;
		addr += SIZE_2M;
	}
	return true;
}

static bool is_memory_node(const struct fdt *fdt, int node)
{
	const char *type = fdt_prop_string(fdt, node, "device_type");

	return type && strcmp(type, "memory") == 0 && fdt_node_enabled(fdt, node);
}

static bool map_dt_memory(const struct fdt *fdt)
{
	for (int node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		uint64_t base, size;

		if (!is_memory_node(fdt, node))
			continue;
		for (uint32_t i = 0; fdt_reg(fdt, node, i, &base, &size) == 0; i++) {
			if (size && !map_normal(base, base + size > base ? base + size : VA_LIMIT))
				return false;
		}
	}
	return true;
}

uint64_t kit_mmu_build(uint64_t dtb_pa)
{
	uint64_t image_start = (uintptr_t)__image_start;
	uint64_t image_end = (uintptr_t)__image_end;
	struct fdt fdt;

	for (unsigned i = 0; i < TABLE_ENTRIES; i++)
		l1_table[i] = ((uint64_t)i << L1_SHIFT) | BLOCK_DEVICE;
	if (image_end > VA_LIMIT) {
		mmu_problem = "the image lies above the 39-bit identity map";
		return 0;
	}
	if (fdt_init(&fdt, (const void *)(uintptr_t)dtb_pa, KIT_FDT_MAX_SIZE) == 0 &&
	    !map_dt_memory(&fdt)) {
		mmu_problem = "RAM is spread over too many partly-RAM GiB regions";
		return 0;
	}
	if (!map_normal(image_start, image_end)) {
		mmu_problem = "no level-2 table left for the image";
		return 0;
	}
	kit_mmu_ttbr0 = (uintptr_t)l1_table;
	return kit_mmu_ttbr0;
}
