// SPDX-License-Identifier: MIT
#include "arch/arm64/mmu.h"
#include "arch/arm64/hyp_map.h"
#include "arch/arm64/sysreg.h"
#include "core/panic.h"

/*
 * Enough for a board with a few RAM banks and a few dozen scattered devices:
 * every distinct 1 GiB region with non-block mappings costs a level-2 table,
 * every distinct 2 MiB region with sub-2 MiB mappings a level-3 table.
 */
#define HYP_PT_POOL_PAGES 64u

struct mmu_el2_config hyp_mmu_config;

static pt_page_t hyp_pt_pages[HYP_PT_POOL_PAGES] __aligned(PT_PAGE_SIZE);
static struct pt_pool hyp_pt_pool;
static struct pt_regime hyp_regime;
static struct pt_table hyp_table;

/* Section boundaries from linker.ld, all page aligned. */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

/* ID_AA64MMFR0_EL1.PARange encodings 0..5; 6 (52 bits) needs FEAT_LPA, unused. */
static const uint8_t parange_bits[] = {32, 36, 40, 42, 44, 48};

void mmu_init_boot_cpu(const struct cf_board *board)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;
	struct hyp_image_layout image = {
	    .start = (uint64_t)(uintptr_t)__image_start,
	    .text_end = (uint64_t)(uintptr_t)__text_end,
	    .rodata_end = (uint64_t)(uintptr_t)__rodata_end,
	    .end = (uint64_t)(uintptr_t)__image_end,
	};
	struct hyp_map_error err = {0};
	int status;

	/* hyp_layout.ld and cells.c come from the same board file; trust, but verify. */
	if (image.start != board->hyp_base || image.end > board->hyp_base + board->hyp_size)
		hv_panic(
		    "cellforge.elf occupies 0x%llx-0x%llx but board '%s' reserves 0x%llx-0x%llx",
		    (unsigned long long)image.start, (unsigned long long)image.end - 1, board->name,
		    (unsigned long long)board->hyp_base,
		    (unsigned long long)(board->hyp_base + board->hyp_size - 1));
	if (parange >= ARRAY_SIZE(parange_bits))
		parange = ARRAY_SIZE(parange_bits) - 1;
	hyp_regime_init(&hyp_regime, parange_bits[parange]);
	status = pt_pool_init(&hyp_pt_pool, hyp_pt_pages, HYP_PT_POOL_PAGES);
	if (status == PT_OK)
		status = pt_init(&hyp_table, &hyp_regime, &hyp_pt_pool);
	if (status != PT_OK)
		hv_panic("cannot set up the EL2 page tables: %s", pt_strerror(status));

	status = hyp_map_build(&hyp_table, board, &image, &err);
	if (status != PT_OK)
		hv_panic("cannot map %s at 0x%llx size 0x%llx in the EL2 map: %s (at 0x%llx)",
			 err.what, (unsigned long long)err.base, (unsigned long long)err.size,
			 pt_strerror(status), (unsigned long long)err.conflict_va);

	hyp_mmu_config = (struct mmu_el2_config){
	    .ttbr0 = pt_root_phys(&hyp_table),
	    .tcr = TCR_EL2_RES1 | ((64 - hyp_regime.ia_bits) << TCR_EL2_T0SZ_SHIFT) |
		   TCR_EL2_IRGN0_WBWA | TCR_EL2_ORGN0_WBWA | TCR_EL2_SH0_INNER | TCR_EL2_TG0_4K |
		   (parange << TCR_EL2_PS_SHIFT),
	    .mair = MAIR_ATTR(HYP_MAIR_IDX_DEVICE, MAIR_DEVICE_nGnRE) |
		    MAIR_ATTR(HYP_MAIR_IDX_NORMAL, MAIR_NORMAL_WB),
	};

	/*
	 * Everything so far was written with the MMU off, i.e. straight to
	 * memory. Discard any cache lines the firmware may have left for our
	 * image so that cacheable reads after the switch cannot see stale data.
	 * Secondary CPUs later read hyp_mmu_config with their MMU off, from
	 * memory, which already holds it.
	 */
	dcache_inval_range(image.start, image.end);
	el2_mmu_enable(hyp_mmu_config.ttbr0, hyp_mmu_config.tcr, hyp_mmu_config.mair);
}
