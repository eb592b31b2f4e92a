// SPDX-License-Identifier: MIT
/*
 * Generic translation-table builder (see pgtable.h for the contract).
 *
 * Mapping walks the input range chunk by chunk from the root; each chunk ends
 * at the next boundary of the level where it is placed, so every step either
 * descends one level (at most three times) or consumes part of the range:
 * the loops are bounded by the range size and the table depth, and there is
 * no recursion. A dry run of the same walk first checks for conflicts and
 * counts the table pages needed, which makes pt_map_range all-or-nothing.
 */
#include "arch/arm64/pgtable.h"
#include "lib/string.h"

/* With a 4 KiB granule, blocks exist at levels 1 (1 GiB) and 2 (2 MiB) only. */
#define PT_FIRST_BLOCK_LEVEL 1u
#define PT_BITS_PER_LEVEL    9u

uint64_t pt_level_span(uint32_t level)
{
	return UL(1) << (PT_PAGE_SHIFT + PT_BITS_PER_LEVEL * (PT_MAX_LEVEL - level));
}

static uint32_t level_shift(uint32_t level)
{
	return PT_PAGE_SHIFT + PT_BITS_PER_LEVEL * (PT_MAX_LEVEL - level);
}

/* Number of entries at the initial level, across concatenated tables. */
static uint64_t root_entries(const struct pt_regime *r)
{
	return UL(1) << (r->ia_bits - level_shift(r->start_level));
}

static uint32_t entry_index(const struct pt_regime *r, uint32_t level, uint64_t va)
{
	uint64_t entries = level == r->start_level ? root_entries(r) : PT_ENTRIES;

	return (uint32_t)((va >> level_shift(level)) & (entries - 1));
}

static uint64_t page_phys(const uint64_t *page)
{
	return (uint64_t)(uintptr_t)page;
}

int pt_pool_init(struct pt_pool *pool, pt_page_t *pages, uint32_t count)
{
	uint64_t first = page_phys(&pages[0][0]);

	pool->pages = pages;
	pool->capacity = 0;
	pool->used = 0;
	if (!IS_ALIGNED(first, PT_PAGE_SIZE))
		return PT_ERR_ALIGN;
	/* Tables are referenced by 48-bit physical addresses. */
	if (first + (uint64_t)count * PT_PAGE_SIZE > (UL(1) << 48))
		return PT_ERR_RANGE;
	pool->capacity = count;
	return PT_OK;
}

uint32_t pt_pool_free(const struct pt_pool *pool)
{
	return pool->capacity - pool->used;
}

/* Takes count contiguous pages aligned to count pages (concatenated roots). */
static uint64_t *pool_alloc(struct pt_pool *pool, uint32_t count)
{
	uint32_t first = pool->used;

	while (first < pool->capacity &&
	       !IS_ALIGNED(page_phys(&pool->pages[first][0]), (uint64_t)count * PT_PAGE_SIZE))
		first++;
	if (first > pool->capacity || pool->capacity - first < count)
		return NULL;
	pool->used = first + count;
	memset(&pool->pages[first][0], 0, (size_t)count * PT_PAGE_SIZE);
	return &pool->pages[first][0];
}

/* A table address found in a descriptor, checked to be one of our pages. */
static uint64_t *table_from_desc(const struct pt_pool *pool, uint64_t desc)
{
	uint64_t addr = desc & PT_DESC_ADDR_MASK;
	uint64_t first = page_phys(&pool->pages[0][0]);

	if (addr < first || (addr - first) / PT_PAGE_SIZE >= pool->used)
		return NULL;
	return &pool->pages[(addr - first) / PT_PAGE_SIZE][0];
}

static bool desc_valid(uint64_t desc)
{
	return desc & PT_DESC_VALID;
}

/* A block (levels 1-2) or page (level 3) descriptor. */
static bool desc_is_leaf(uint64_t desc, uint32_t level)
{
	if (!desc_valid(desc))
		return false;
	if (level == PT_MAX_LEVEL)
		return desc & PT_DESC_PAGE;
	return level >= PT_FIRST_BLOCK_LEVEL && !(desc & PT_DESC_TABLE);
}

/* A valid table descriptor; anything else valid and not a leaf is corrupt. */
static bool desc_is_table(uint64_t desc, uint32_t level)
{
	return desc_valid(desc) && level < PT_MAX_LEVEL && (desc & PT_DESC_TABLE);
}

static uint64_t leaf_output(uint64_t desc, uint32_t level)
{
	return desc & PT_DESC_ADDR_MASK & ~(pt_level_span(level) - 1);
}

static uint64_t make_leaf(uint64_t pa, uint64_t attrs, uint32_t level)
{
	uint64_t type = level == PT_MAX_LEVEL ? PT_DESC_PAGE : 0;

	return pa | attrs | type | PT_DESC_VALID;
}

static int check_regime(const struct pt_regime *r)
{
	if (r->start_level > PT_MAX_LEVEL || r->ia_bits > 48 || r->oa_bits > 48 ||
	    r->oa_bits < 32 || r->ia_bits <= level_shift(r->start_level))
		return PT_ERR_REGIME;
	if (r->ia_bits - level_shift(r->start_level) > PT_BITS_PER_LEVEL + 4)
		return PT_ERR_REGIME; /* more than 16 concatenated tables */
	uint64_t pages = root_entries(r) <= PT_ENTRIES ? 1 : root_entries(r) / PT_ENTRIES;

	if (r->root_pages != pages || (r->attr_mask & ~PT_LEAF_ATTR_MASK) != 0)
		return PT_ERR_REGIME;
	return PT_OK;
}

int pt_init(struct pt_table *table, const struct pt_regime *regime, struct pt_pool *pool)
{
	int status = check_regime(regime);

	table->regime = regime;
	table->pool = pool;
	table->root = NULL;
	table->conflict_va = 0;
	if (status != PT_OK)
		return status;
	table->root = pool_alloc(pool, regime->root_pages);
	return table->root ? PT_OK : PT_ERR_NOMEM;
}

uint64_t pt_root_phys(const struct pt_table *table)
{
	return page_phys(table->root);
}

/*
 * One pass over [va, va + size). With commit false nothing is written: tables
 * that would be created are only counted, and remembered per level by the
 * input address they would cover, so that later chunks under the same
 * not-yet-existing table do not count it again (the walk is monotonic).
 */
static int map_walk(struct pt_table *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs,
		    bool commit, uint32_t *tables_needed)
{
	const struct pt_regime *r = t->regime;
	const uint64_t end = va + size;
	uint64_t planned_base[PT_MAX_LEVEL + 1] = {0};
	bool planned[PT_MAX_LEVEL + 1] = {false};
	uint32_t needed = 0;

	while (va < end) {
		uint64_t *tbl = t->root; /* NULL: below a table not yet created */
		uint32_t level = r->start_level;
		uint64_t chunk_end;

		for (;;) {
			uint64_t span = pt_level_span(level);
			uint64_t base = va & ~(span - 1);
			uint64_t *slot = tbl ? &tbl[entry_index(r, level, va)] : NULL;
			uint64_t desc = slot ? *slot : 0;

			chunk_end = min_u64(end, base + span);
			if (desc_is_leaf(desc, level)) {
				/* Already mapped: fine only if it is the same mapping. */
				if (leaf_output(desc, level) + (va - base) != pa ||
				    (desc & PT_LEAF_ATTR_MASK) != attrs) {
					t->conflict_va = va;
					return PT_ERR_CONFLICT;
				}
				break;
			}
			if (desc_is_table(desc, level)) {
				tbl = table_from_desc(t->pool, desc);
				if (!tbl)
					return PT_ERR_CORRUPT;
				level++;
				continue;
			}
			if (desc_valid(desc))
				return PT_ERR_CORRUPT; /* reserved encoding */

			bool whole_block = va == base && chunk_end == base + span &&
					   IS_ALIGNED(pa, span) && level >= PT_FIRST_BLOCK_LEVEL;
			if (whole_block || level == PT_MAX_LEVEL) {
				if (commit)
					*slot = make_leaf(pa, attrs, level);
				break;
			}
			/* The chunk needs a finer level below this entry. */
			if (!commit) {
				if (!planned[level + 1] || planned_base[level + 1] != base) {
					planned[level + 1] = true;
					planned_base[level + 1] = base;
					needed++;
				}
				tbl = NULL;
			} else {
				uint64_t *next = pool_alloc(t->pool, 1);

				if (!next)
					return PT_ERR_NOMEM;
				*slot = page_phys(next) | PT_DESC_TABLE | PT_DESC_VALID;
				tbl = next;
			}
			level++;
		}
		pa += chunk_end - va;
		va = chunk_end;
	}
	if (tables_needed)
		*tables_needed = needed;
	return PT_OK;
}

int pt_map_range(struct pt_table *table, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	const struct pt_regime *r = table->regime;
	uint32_t needed = 0;
	int status;

	if (!table->root)
		return PT_ERR_REGIME;
	if (!IS_ALIGNED(va | pa | size, PT_PAGE_SIZE))
		return PT_ERR_ALIGN;
	if (size == 0 || size > (UL(1) << r->ia_bits) || va > (UL(1) << r->ia_bits) - size ||
	    size > (UL(1) << r->oa_bits) || pa > (UL(1) << r->oa_bits) - size)
		return PT_ERR_RANGE;
	if ((attrs & ~r->attr_mask) != 0)
		return PT_ERR_ATTR;

	status = map_walk(table, va, pa, size, attrs, false, &needed);
	if (status != PT_OK)
		return status;
	if (needed > pt_pool_free(table->pool))
		return PT_ERR_NOMEM;
	return map_walk(table, va, pa, size, attrs, true, NULL);
}

int pt_translate(const struct pt_table *table, uint64_t va, struct pt_translation *out)
{
	const struct pt_regime *r = table->regime;
	const uint64_t *tbl = table->root;

	if (!tbl)
		return PT_ERR_REGIME;
	if (r->ia_bits < 64 && (va >> r->ia_bits) != 0)
		return PT_ERR_RANGE;
	for (uint32_t level = r->start_level; level <= PT_MAX_LEVEL; level++) {
		uint64_t desc = tbl[entry_index(r, level, va)];

		if (!desc_valid(desc))
			return PT_ERR_NOT_MAPPED;
		if (desc_is_leaf(desc, level)) {
			uint64_t span = pt_level_span(level);

			out->pa = leaf_output(desc, level) + (va & (span - 1));
			out->attrs = desc & PT_LEAF_ATTR_MASK;
			out->level = level;
			out->block_size = span;
			return PT_OK;
		}
		if (!desc_is_table(desc, level))
			return PT_ERR_CORRUPT;
		tbl = table_from_desc(table->pool, desc);
		if (!tbl)
			return PT_ERR_CORRUPT;
	}
	return PT_ERR_CORRUPT;
}

const char *pt_strerror(int status)
{
	switch (status) {
	case PT_OK:
		return "ok";
	case PT_ERR_ALIGN:
		return "address or size not 4 KiB aligned";
	case PT_ERR_RANGE:
		return "outside the translation's address range";
	case PT_ERR_CONFLICT:
		return "overlaps a different mapping";
	case PT_ERR_NOMEM:
		return "out of table pages";
	case PT_ERR_ATTR:
		return "attribute bits not valid for this translation regime";
	case PT_ERR_NOT_MAPPED:
		return "not mapped";
	case PT_ERR_CORRUPT:
		return "corrupt translation table";
	case PT_ERR_REGIME:
		return "invalid translation regime";
	default:
		return "unknown error";
	}
}
