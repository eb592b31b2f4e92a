// SPDX-License-Identifier: MIT
#include <stdbool.h>

#include "core/banner.h"
#include "lib/bitmap.h"
#include "lib/string.h"

void banner_print_header(struct fmt_sink *sink, const char *version, const struct cf_board *board,
			 uint32_t cell_count)
{
	/* Always plural: the line's shape stays the same for every board. */
	fmt_print(sink, "cellforge %s on board '%s': %u CPUs, %u cells\n", version, board->name,
		  board->cpu_count, cell_count);
}

void banner_print_ranges(struct fmt_sink *sink, const uint32_t *bitmap, uint32_t nbits)
{
	uint32_t first, last;
	bool any = false;

	for (uint32_t from = 0;
	     from < nbits && bitmap_next_range(bitmap, nbits, from, &first, &last);
	     from = last + 1) {
		if (any)
			fmt_print(sink, ",");
		if (first == last)
			fmt_print(sink, "%u", first);
		else
			fmt_print(sink, "%u-%u", first, last);
		any = true;
	}
	if (!any)
		fmt_print(sink, "-");
}

static void print_cpus(struct fmt_sink *sink, const struct cf_board *board, uint64_t mask)
{
	bool any = false;

	for (uint32_t i = 0; i < CF_MAX_CPUS; i++) {
		if (!(mask & (UINT64_C(1) << i)))
			continue;
		if (any)
			fmt_print(sink, ",");
		if (i < board->cpu_count)
			fmt_print(sink, "%s", board->cpus[i].name);
		else
			fmt_print(sink, "?%u", i); /* not a board CPU: the table is broken */
		any = true;
	}
	if (!any)
		fmt_print(sink, "-");
}

static bool region_is_device(const struct cf_region *r)
{
	return r->kind == CF_REGION_DEVICE || r->kind == CF_REGION_SUBPAGE;
}

/*
 * RAM ranges, or device names: a device split into mapped pages and forwarded
 * sub-page windows has adjacent regions (sorted by address), named once.
 */
static void print_regions(struct fmt_sink *sink, const struct cf_cell *cell, uint32_t kind)
{
	const char *last_device = NULL;
	bool any = false;

	for (uint32_t i = 0; i < cell->region_count; i++) {
		const struct cf_region *r = &cell->regions[i];

		if (kind == CF_REGION_RAM ? r->kind != kind : !region_is_device(r))
			continue;
		if (kind != CF_REGION_RAM) {
			if (last_device && r->name && strcmp(last_device, r->name) == 0)
				continue;
			last_device = r->name;
		}
		if (any)
			fmt_print(sink, ",");
		if (kind == CF_REGION_RAM)
			fmt_print(sink, "0x%llx-0x%llx", (unsigned long long)r->phys,
				  (unsigned long long)(r->phys + r->size - 1));
		else
			fmt_print(sink, "%s", r->name);
		any = true;
	}
	if (!any)
		fmt_print(sink, "-");
}

const char *console_kind_name(uint32_t kind)
{
	switch (kind) {
	case CF_CONSOLE_NONE:
		return "none";
	case CF_CONSOLE_VIRTUAL:
		return "virtual";
	case CF_CONSOLE_PASSTHROUGH:
		return "passthrough";
	default:
		return "unknown";
	}
}

const char *fault_policy_name(uint32_t policy)
{
	switch (policy) {
	case CF_FAULT_STOP:
		return "stop";
	case CF_FAULT_RESTART:
		return "restart";
	case CF_FAULT_INJECT:
		return "inject";
	default:
		return "unknown";
	}
}

void banner_print_cell(struct fmt_sink *sink, const struct cf_board *board,
		       const struct cf_cell *cell)
{
	fmt_print(sink, "cell %u '%s': cpus ", cell->index, cell->name);
	print_cpus(sink, board, cell->cpu_mask);
	fmt_print(sink, " ram ");
	print_regions(sink, cell, CF_REGION_RAM);
	fmt_print(sink, " irqs ");
	banner_print_ranges(sink, cell->irq_bitmap, CF_MAX_INTID);
	fmt_print(sink, " devices ");
	print_regions(sink, cell, CF_REGION_DEVICE);
	fmt_print(sink, " console %s on_fault %s\n", console_kind_name(cell->console),
		  fault_policy_name(cell->on_fault));
}
