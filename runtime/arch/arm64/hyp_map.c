// SPDX-License-Identifier: MIT
#include "arch/arm64/hyp_map.h"

/*
 * 48-bit input addresses (T0SZ = 16) start the walk at level 0 with a single
 * root table; the output size is whatever the CPU implements.
 */
#define HYP_VA_BITS 48u

uint64_t hyp_mem_attrs(enum hyp_mem_kind kind)
{
	const uint64_t normal = S1_ATTR_INDX(HYP_MAIR_IDX_NORMAL) | S1_ATTR_SH_INNER | S1_ATTR_AF;

	switch (kind) {
	case HYP_MEM_CODE:
		return normal | S1_ATTR_AP_RO;
	case HYP_MEM_RODATA:
		return normal | S1_ATTR_AP_RO | S1_ATTR_XN;
	case HYP_MEM_DATA:
		return normal | S1_ATTR_AP_RW | S1_ATTR_XN;
	case HYP_MEM_DEVICE:
	default:
		/* Shareability is ignored for Device memory; leave SH zero. */
		return S1_ATTR_INDX(HYP_MAIR_IDX_DEVICE) | S1_ATTR_AP_RW | S1_ATTR_AF | S1_ATTR_XN;
	}
}

void hyp_regime_init(struct pt_regime *regime, uint32_t pa_bits)
{
	*regime = (struct pt_regime){
	    .name = "EL2 stage 1",
	    .ia_bits = HYP_VA_BITS,
	    .oa_bits = pa_bits > 48 ? 48 : pa_bits,
	    .start_level = 0,
	    .root_pages = 1,
	    .attr_mask = S1_EL2_ATTR_MASK,
	};
}

static int map_identity(struct pt_table *table, const char *what, uint64_t base, uint64_t size,
			enum hyp_mem_kind kind, struct hyp_map_error *err)
{
	int status;

	if (size == 0)
		return PT_OK;
	if (base + size < base) {
		status = PT_ERR_RANGE;
	} else {
		/* MMIO windows may be smaller than a page (virtio-mmio: 512 B). */
		uint64_t first = ALIGN_DOWN(base, PT_PAGE_SIZE);
		uint64_t last = ALIGN_UP(base + size, PT_PAGE_SIZE);

		status = pt_map_range(table, first, first, last - first, hyp_mem_attrs(kind));
	}
	if (status != PT_OK) {
		*err = (struct hyp_map_error){.what = what,
					      .base = base,
					      .size = size,
					      .status = status,
					      .conflict_va = table->conflict_va};
	}
	return status;
}

/* Maps [base, base + size) minus the hypervisor image as read-write data. */
static int map_around_image(struct pt_table *table, const char *what, uint64_t base, uint64_t size,
			    const struct hyp_image_layout *image, struct hyp_map_error *err)
{
	uint64_t end = base + size;
	int status;

	if (end <= image->start || base >= image->end)
		return map_identity(table, what, base, size, HYP_MEM_DATA, err);
	if (base < image->start) {
		status = map_identity(table, what, base, image->start - base, HYP_MEM_DATA, err);
		if (status != PT_OK)
			return status;
	}
	if (end > image->end)
		return map_identity(table, what, image->end, end - image->end, HYP_MEM_DATA, err);
	return PT_OK;
}

int hyp_map_build(struct pt_table *table, const struct cf_board *board,
		  const struct hyp_image_layout *image, struct hyp_map_error *err)
{
	int status;

	/* Image first, so that RAM around it can never claim it as plain data. */
	status = map_identity(table, "hypervisor code", image->start,
			      image->text_end - image->start, HYP_MEM_CODE, err);
	if (status == PT_OK)
		status = map_identity(table, "hypervisor rodata", image->text_end,
				      image->rodata_end - image->text_end, HYP_MEM_RODATA, err);
	if (status == PT_OK)
		status = map_identity(table, "hypervisor data", image->rodata_end,
				      image->end - image->rodata_end, HYP_MEM_DATA, err);
	if (status == PT_OK)
		status = map_around_image(table, "hypervisor reservation", board->hyp_base,
					  board->hyp_size, image, err);
	for (uint32_t i = 0; status == PT_OK && i < board->ram_count; i++)
		status = map_around_image(table, "ram", board->ram[i].phys, board->ram[i].size,
					  image, err);
	if (status == PT_OK)
		status = map_identity(table, "uart", board->uart_base, board->uart_size,
				      HYP_MEM_DEVICE, err);
	if (status == PT_OK)
		status = map_identity(table, "gicd", board->gicd_base, board->gicd_size,
				      HYP_MEM_DEVICE, err);
	if (status == PT_OK)
		status = map_identity(table, "gicr", board->gicr_base, board->gicr_size,
				      HYP_MEM_DEVICE, err);
	for (uint32_t i = 0; status == PT_OK && i < board->device_count; i++)
		status = map_identity(table, board->devices[i].name, board->devices[i].base,
				      board->devices[i].size, HYP_MEM_DEVICE, err);
	return status;
}
