// SPDX-License-Identifier: MIT
#include <stddef.h>

#include "core/mmio.h"

const struct mmio_region *mmio_find(const struct mmio_region *regions, uint32_t count,
				    uint64_t addr)
{
	uint32_t lo = 0, hi = count;

	/* First region with base > addr; the candidate is the one before it. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (regions[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	if (addr - regions[lo - 1].base < regions[lo - 1].size)
		return &regions[lo - 1];
	return NULL;
}

bool mmio_contains_access(const struct mmio_region *region, uint64_t addr, uint32_t size)
{
	uint64_t offset = addr - region->base;

	return addr >= region->base && offset < region->size && size <= region->size - offset;
}

bool mmio_table_insert(struct mmio_region *regions, uint32_t *count, uint32_t capacity,
		       const struct mmio_region *region)
{
	uint32_t at = *count;

	if (*count >= capacity || region->size == 0 || region->base + region->size < region->base)
		return false;
	for (uint32_t i = 0; i < *count; i++) {
		const struct mmio_region *o = &regions[i];

		if (region->base < o->base + o->size && o->base < region->base + region->size)
			return false;
		if (o->base > region->base && at == *count)
			at = i;
	}
	for (uint32_t i = *count; i > at; i--)
		regions[i] = regions[i - 1];
	regions[at] = *region;
	(*count)++;
	return true;
}
