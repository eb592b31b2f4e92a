/* SPDX-License-Identifier: MIT */
/*
 * A cell's guest-physical address space: the stage-2 translation regime
 * (VTTBR_EL2/VTCR_EL2) built from cf_cells[i].regions with the generic
 * table builder (pgtable.h). Pure C: the host unit tests build cells' maps.
 *
 * Leaf attributes from the Arm ARM (DDI 0487), "Stage 2 VMSAv8-64 Block and
 * Page descriptor" with HCR_EL2.FWB == 0: MemAttr [5:2] combines with the
 * guest's stage-1 attributes (the weaker wins), so RAM is Normal write-back
 * and devices are Device-nGnRE whatever the guest's MMU says.
 */
#ifndef CELLFORGE_ARM64_STAGE2_H
#define CELLFORGE_ARM64_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/pgtable.h"
#include "cell_config.h"
#include "compiler.h"

#define S2_MEMATTR_DEVICE_nGnRE (UL(0x1) << 2) /* MemAttr 0b0001 */
#define S2_MEMATTR_NORMAL_WB	(UL(0xf) << 2) /* MemAttr 0b1111: outer and inner WB */
#define S2_AP_RW		(UL(3) << 6)   /* S2AP [7:6]: read and write */
#define S2_AP_RO		(UL(1) << 6)   /* S2AP [7:6] = 0b01: read-only (Arm ARM D8.4.3) */
#define S2_SH_INNER		(UL(3) << 8)   /* SH [9:8] */
#define S2_AF			BIT(10)
#define S2_XN			BIT(54) /* execute-never (XN[1] with FEAT_XNX) */
#define S2_ATTR_MASK		(GENMASK(5, 2) | GENMASK(7, 6) | GENMASK(9, 8) | S2_AF | S2_XN)

/*
 * 40-bit IPAs (1 TiB) cover every board address QEMU virt has below its
 * high PCIe window and need two concatenated level-1 tables, which spares
 * a level-0 lookup on every guest TLB miss.
 */
#define S2_IPA_BITS 40u

/* Leaf attributes for a cell region of this enum cf_region_kind. */
uint64_t stage2_attrs(uint32_t region_kind);

/* The regime for a CPU with pa_bits of physical address (ipa = min(40, pa_bits)). */
void stage2_regime_init(struct pt_regime *regime, uint32_t pa_bits);

/* VTCR_EL2 for that regime; parange is ID_AA64MMFR0_EL1.PARange. */
uint64_t stage2_vtcr(const struct pt_regime *regime, uint64_t parange);

/* VTTBR_EL2 for a cell: its VMID is its index + 1 (VMID 0 stays unused). */
uint64_t stage2_vttbr(const struct pt_table *table, uint32_t cell_index);

struct stage2_error {
	const char *what; /* region name */
	uint64_t guest;
	uint64_t size;
	int status; /* enum pt_status */
	uint64_t conflict_ipa;
};

/*
 * True for a region the cell must not get in its map: the board UART when the
 * cell has a virtual console (emulated), and the GIC (trapped and emulated).
 */
bool stage2_region_is_emulated(const struct cf_board *board, const struct cf_cell *cell,
			       const struct cf_region *region);

/* True if the region starts and ends on 4 KiB page boundaries (guest and phys). */
bool stage2_whole_pages(const struct cf_region *region);

/*
 * Maps every region of the cell guest -> phys, minus the emulated ones and the
 * sub-page device windows (CF_REGION_SUBPAGE: their pages trap). RAM is
 * rounded out to 4 KiB pages; a device region must be whole pages. Regions
 * whose guest ranges overlap, whose guest and phys addresses differ within a
 * page, or a device region that is not whole pages are refused. Returns PT_OK
 * or the first failure, described in *err.
 */
int stage2_build_cell(struct pt_table *table, const struct cf_board *board,
		      const struct cf_cell *cell, struct stage2_error *err);

/*
 * Physical address of [guest, guest + size) if it lies inside one RAM region
 * of the cell; false otherwise (also for size 0 and wrap-around).
 */
bool cell_ram_phys(const struct cf_cell *cell, uint64_t guest, uint64_t size, uint64_t *phys);

/*
 * As cell_ram_phys(), in one RAM or one read-only (CF_REGION_ROM) region: where
 * the loader may copy an image. Guest CPU entry points stay RAM-only checks.
 */
bool cell_image_phys(const struct cf_cell *cell, uint64_t guest, uint64_t size, uint64_t *phys);

#endif
