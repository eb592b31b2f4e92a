/* SPDX-License-Identifier: MIT */
/*
 * A translation-table builder for the VMSAv8-64 long-descriptor format with a
 * 4 KiB granule (Arm ARM DDI 0487, "VMSAv8-64 translation table format
 * descriptors"). It is used for the hypervisor's own stage-1 EL2 map and, with
 * a different struct pt_regime, for the cells' stage-2 maps: the table
 * geometry and the valid/table/block/page encodings are the same in both,
 * only the leaf attribute bits differ, and those are the caller's business.
 *
 * Pure C: no system registers, no barriers, no TLB maintenance. The builder
 * only ever turns invalid entries into valid ones (it refuses to change a
 * valid entry), so building a live table never needs break-before-make; the
 * caller still issues DSB before the new entries are relied upon.
 *
 * Table pages come from a caller-provided pool; nothing is ever freed.
 * Table pages are addressed by their physical address, which the runtime
 * equates with the pointer (the hypervisor is identity mapped).
 */
#ifndef CELLFORGE_ARM64_PGTABLE_H
#define CELLFORGE_ARM64_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"

#define PT_PAGE_SHIFT 12
#define PT_PAGE_SIZE  (UL(1) << PT_PAGE_SHIFT)
#define PT_ENTRIES    512u /* 4 KiB / 8-byte descriptors */
#define PT_MAX_LEVEL  3u   /* level 3 holds 4 KiB pages */
/* Stage 2 may concatenate up to 16 tables at the initial lookup level. */
#define PT_MAX_ROOT_PAGES 16u

/* Descriptor bits common to stage 1 and stage 2. */
#define PT_DESC_VALID BIT(0)
#define PT_DESC_TABLE BIT(1) /* levels 0-2: next-level table; clear: block */
#define PT_DESC_PAGE  BIT(1) /* level 3: must be set for a valid page */
/* Output address (or next-level table address), 48-bit physical addresses. */
#define PT_DESC_ADDR_MASK GENMASK(47, 12)
/* Leaf attributes live in bits [11:2] (lower) and [63:50] (upper). */
#define PT_LEAF_ATTR_MASK (GENMASK(11, 2) | GENMASK(63, 50))

enum pt_status {
	PT_OK = 0,
	PT_ERR_ALIGN = -1,    /* address or size not a multiple of 4 KiB */
	PT_ERR_RANGE = -2,    /* outside the regime's input or output address size */
	PT_ERR_CONFLICT = -3, /* overlaps a mapping with another target or attributes */
	PT_ERR_NOMEM = -4,    /* the table pool is exhausted */
	PT_ERR_ATTR = -5,     /* attribute bits outside the regime's attribute mask */
	PT_ERR_NOT_MAPPED = -6,
	PT_ERR_CORRUPT = -7, /* a table entry points outside the pool */
	PT_ERR_REGIME = -8,  /* inconsistent regime description */
};

/* The geometry of one translation regime (a stage-1 or stage-2 walk). */
struct pt_regime {
	const char *name;
	uint32_t ia_bits;     /* input address bits: 64 - TnSZ */
	uint32_t oa_bits;     /* output address bits the implementation supports, <= 48 */
	uint32_t start_level; /* initial lookup level, 0..3 */
	/* Tables concatenated at the initial level (stage 2 only; else 1). */
	uint32_t root_pages;
	/* Leaf attribute bits a caller may set; everything else is rejected. */
	uint64_t attr_mask;
};

typedef uint64_t pt_page_t[PT_ENTRIES];

/* Static storage for table pages: no allocation after boot. */
struct pt_pool {
	pt_page_t *pages; /* 4 KiB aligned */
	uint32_t capacity;
	uint32_t used;
};

struct pt_table {
	const struct pt_regime *regime;
	struct pt_pool *pool;
	uint64_t *root;
	/* Where the last PT_ERR_CONFLICT was found (input address). */
	uint64_t conflict_va;
};

/* The outcome of a table walk. */
struct pt_translation {
	uint64_t pa;
	uint64_t attrs;	     /* leaf attribute bits (PT_LEAF_ATTR_MASK) */
	uint32_t level;	     /* level of the leaf: 1 = 1 GiB, 2 = 2 MiB, 3 = 4 KiB */
	uint64_t block_size; /* bytes mapped by the leaf */
};

int pt_pool_init(struct pt_pool *pool, pt_page_t *pages, uint32_t count);
uint32_t pt_pool_free(const struct pt_pool *pool);

/* Takes the root table(s) from the pool and clears them. */
int pt_init(struct pt_table *table, const struct pt_regime *regime, struct pt_pool *pool);

/*
 * Maps [va, va + size) to [pa, pa + size) with leaf attributes attrs, using
 * the largest blocks that the alignment of va and pa allows. All or nothing:
 * on error the tables are unchanged. Parts already mapped to the same
 * addresses with the same attributes are accepted (so overlapping device
 * windows that share a page are fine); any other overlap is PT_ERR_CONFLICT.
 */
int pt_map_range(struct pt_table *table, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/* Walks the tables like the hardware would. */
int pt_translate(const struct pt_table *table, uint64_t va, struct pt_translation *out);

/* Physical address of the root table(s), for TTBR0_EL2 or VTTBR_EL2. */
uint64_t pt_root_phys(const struct pt_table *table);

/* Bytes of input address space one entry at this level maps. */
uint64_t pt_level_span(uint32_t level);

const char *pt_strerror(int status);

#endif
