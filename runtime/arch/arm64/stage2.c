// SPDX-License-Identifier: MIT
#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"

/* With a 4 KiB granule a level-1 table translates 39 bits of address. */
#define S2_LEVEL1_TABLE_BITS 39u

uint64_t stage2_attrs(uint32_t region_kind)
{
	if (region_kind == CF_REGION_RAM)
		return S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF;
	if (region_kind == CF_REGION_ROM)
		return S2_MEMATTR_NORMAL_WB | S2_AP_RO | S2_SH_INNER | S2_AF;
	/* Device memory ignores shareability; never executable. */
	return S2_MEMATTR_DEVICE_nGnRE | S2_AP_RW | S2_AF | S2_XN;
}

void stage2_regime_init(struct pt_regime *regime, uint32_t pa_bits)
{
	uint32_t ipa = pa_bits < S2_IPA_BITS ? pa_bits : S2_IPA_BITS;

	*regime = (struct pt_regime){
		.name = "stage 2",
		.ia_bits = ipa,
		.oa_bits = pa_bits > 48 ? 48 : pa_bits,
		.start_level = 1,
		.root_pages = ipa > S2_LEVEL1_TABLE_BITS ? 1u << (ipa - S2_LEVEL1_TABLE_BITS) : 1u,
		.attr_mask = S2_ATTR_MASK,
	};
}

uint64_t stage2_vtcr(const struct pt_regime *regime, uint64_t parange)
{
	/* SL0 = 1: the walk starts at level 1, as stage2_regime_init() says. */
	return VTCR_EL2_RES1 | ((64 - (uint64_t)regime->ia_bits) << VTCR_EL2_T0SZ_SHIFT) |
	       (UL(1) << VTCR_EL2_SL0_SHIFT) | VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA |
	       VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K | (parange << VTCR_EL2_PS_SHIFT);
}

uint64_t stage2_vttbr(const struct pt_table *table, uint32_t cell_index)
{
	return ((uint64_t)(cell_index + 1) << VTTBR_VMID_SHIFT) | pt_root_phys(table);
}

static bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

bool stage2_region_is_emulated(const struct cf_board *board, const struct cf_cell *cell,
			       const struct cf_region *region)
{
	if (cell->console == CF_CONSOLE_VIRTUAL &&
	    ranges_overlap(region->guest, region->size, board->uart_base, board->uart_size))
		return true;
	return ranges_overlap(region->guest, region->size, board->gicd_base, board->gicd_size) ||
	       ranges_overlap(region->guest, region->size, board->gicr_base, board->gicr_size);
}

bool stage2_whole_pages(const struct cf_region *region)
{
	return IS_ALIGNED(region->guest, PT_PAGE_SIZE) && IS_ALIGNED(region->phys, PT_PAGE_SIZE) &&
	       IS_ALIGNED(region->size, PT_PAGE_SIZE);
}

static int fail(struct stage2_error *err, const struct cf_region *r, int status, uint64_t ipa)
{
	*err = (struct stage2_error){.what = r->name,
				     .guest = r->guest,
				     .size = r->size,
				     .status = status,
				     .conflict_ipa = ipa};
	return status;
}

int stage2_build_cell(struct pt_table *table, const struct cf_board *board,
		      const struct cf_cell *cell, struct stage2_error *err)
{
	for (uint32_t i = 0; i < cell->region_count; i++) {
		const struct cf_region *r = &cell->regions[i];
		uint64_t first, last, pa_first;
		int status;

		if (r->size == 0 || stage2_region_is_emulated(board, cell, r))
			continue;
		if (r->guest + r->size < r->guest || r->phys + r->size < r->phys)
			return fail(err, r, PT_ERR_RANGE, r->guest);
		/* Windows must not overlap, trapped ones included (their pages may be shared). */
		for (uint32_t j = 0; j < i; j++) {
			const struct cf_region *o = &cell->regions[j];

			if (o->size != 0 && ranges_overlap(r->guest, r->size, o->guest, o->size))
				return fail(err, r, PT_ERR_CONFLICT, max_u64(r->guest, o->guest));
		}
		if ((r->guest & (PT_PAGE_SIZE - 1)) != (r->phys & (PT_PAGE_SIZE - 1)))
			return fail(err, r, PT_ERR_ALIGN, r->guest);
		if (r->kind == CF_REGION_SUBPAGE)
			continue; /* its page traps: core/mmio_subpage.c forwards the window */
		/*
		 * A device is mapped only as whole pages: rounding a window out to its
		 * page would hand the cell whatever else that page holds.
		 */
		if (r->kind != CF_REGION_RAM && !stage2_whole_pages(r))
			return fail(err, r, PT_ERR_ALIGN, r->guest);
		first = ALIGN_DOWN(r->guest, PT_PAGE_SIZE);
		last = ALIGN_UP(r->guest + r->size, PT_PAGE_SIZE);
		pa_first = ALIGN_DOWN(r->phys, PT_PAGE_SIZE);
		status = pt_map_range(table, first, pa_first, last - first, stage2_attrs(r->kind));
		if (status != PT_OK)
			return fail(err, r, status, table->conflict_va);
	}
	return PT_OK;
}

static bool cell_memory_phys(const struct cf_cell *cell, uint32_t kind, uint64_t guest,
			     uint64_t size, uint64_t *phys)
{
	if (size == 0 || guest + size < guest)
		return false;
	for (uint32_t i = 0; i < cell->region_count; i++) {
		const struct cf_region *r = &cell->regions[i];

		if (r->kind != kind || guest < r->guest)
			continue;
		if (guest - r->guest < r->size && size <= r->size - (guest - r->guest)) {
			*phys = r->phys + (guest - r->guest);
			return true;
		}
	}
	return false;
}

bool cell_ram_phys(const struct cf_cell *cell, uint64_t guest, uint64_t size, uint64_t *phys)
{
	return cell_memory_phys(cell, CF_REGION_RAM, guest, size, phys);
}

bool cell_image_phys(const struct cf_cell *cell, uint64_t guest, uint64_t size, uint64_t *phys)
{
	return cell_memory_phys(cell, CF_REGION_RAM, guest, size, phys) ||
	       cell_memory_phys(cell, CF_REGION_ROM, guest, size, phys);
}
