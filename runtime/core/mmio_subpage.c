// SPDX-License-Identifier: MIT
#include <stddef.h>

#include "compiler.h"
#include "core/mmio_subpage.h"

/* The stage-2 translation granule: the smallest piece stage 2 can give a cell. */
#define SUBPAGE_GRANULE UL(4096)

const struct cf_region *subpage_window_at(const struct cf_cell *cell, uint64_t addr)
{
	uint32_t lo = 0, hi = cell->region_count;
	const struct cf_region *r;

	/* First region with guest > addr; the candidate is the one before it. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (cell->regions[mid].guest <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	r = &cell->regions[lo - 1];
	if (r->kind != CF_REGION_SUBPAGE || addr - r->guest >= r->size)
		return NULL;
	return r;
}

enum subpage_verdict subpage_decide(const struct cf_cell *cell, uint64_t addr, uint32_t size,
				    const struct cf_region **window, uint64_t *phys)
{
	const struct cf_region *w = subpage_window_at(cell, addr);
	uint64_t offset, target;

	*window = w;
	if (!w)
		return SUBPAGE_OUTSIDE;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return SUBPAGE_BAD_SIZE;
	offset = addr - w->guest; /* < w->size: subpage_window_at checked */
	if (size > w->size - offset)
		return SUBPAGE_STRADDLE;
	target = w->phys + offset;
	/*
	 * The hypervisor makes the access itself, to Device memory, where an
	 * unaligned access is an alignment fault at EL2 (Arm ARM B2.5.2,
	 * "Alignment of data accesses"): refuse it rather than fault.
	 */
	if (!IS_ALIGNED(target, size))
		return SUBPAGE_UNALIGNED;
	*phys = target;
	return SUBPAGE_FORWARD;
}

bool subpage_mmio(void *device, struct mmio_access *access)
{
	const struct cf_cell *cell = device;
	const struct cf_region *window;
	uint64_t phys;

	/* access->offset is relative to the trapped page: the window decides, from addr. */
	if (subpage_decide(cell, access->addr, access->size, &window, &phys) != SUBPAGE_FORWARD)
		return false;
	if (access->write)
		mmio_bus_write(phys, access->size, access->value);
	else
		access->value = mmio_bus_read(phys, access->size);
	return true;
}

static bool window_is_sane(const struct cf_region *r)
{
	return r->size != 0 && r->guest + r->size > r->guest && r->phys + r->size > r->phys &&
	       r->guest + r->size <= ~SUBPAGE_GRANULE &&
	       (r->guest & (SUBPAGE_GRANULE - 1)) == (r->phys & (SUBPAGE_GRANULE - 1));
}

static bool insert_span(struct mmio_region *regions, uint32_t *count, uint32_t capacity,
			const struct cf_cell *cell, uint64_t first, uint64_t end)
{
	const struct mmio_region span = {
		.base = first,
		.size = end - first,
		.handler = subpage_mmio,
		.device = (void *)(uintptr_t)cell, /* read only: the table is const */
		.name = NULL, /* refusals name the board device at the address */
	};

	return mmio_table_insert(regions, count, capacity, &span);
}

bool subpage_register(struct mmio_region *regions, uint32_t *count, uint32_t capacity,
		      const struct cf_cell *cell, uint32_t *pages)
{
	uint64_t span_first = 0, span_end = 0;
	bool open = false;

	*pages = 0;
	for (uint32_t i = 0; i < cell->region_count; i++) {
		const struct cf_region *r = &cell->regions[i];
		uint64_t first, end;

		if (r->kind != CF_REGION_SUBPAGE)
			continue;
		if (!window_is_sane(r))
			return false;
		first = ALIGN_DOWN(r->guest, SUBPAGE_GRANULE);
		end = ALIGN_UP(r->guest + r->size, SUBPAGE_GRANULE);
		/* Windows of one cell in one page share its trapped region. */
		if (open && first < span_end) {
			if (end > span_end)
				span_end = end;
			continue;
		}
		if (open) {
			if (!insert_span(regions, count, capacity, cell, span_first, span_end))
				return false;
			(*pages)++;
		}
		span_first = first;
		span_end = end;
		open = true;
	}
	if (open) {
		if (!insert_span(regions, count, capacity, cell, span_first, span_end))
			return false;
		(*pages)++;
	}
	return true;
}
