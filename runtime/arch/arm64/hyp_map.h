/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own address space: the stage-1 EL2 translation regime
 * (TTBR0_EL2, E2H == 0) and the identity map built from cf_board at boot.
 *
 * Pure C (board and image layout come in as parameters) so that the host unit
 * tests can build the map for a sample board and inspect it.
 */
#ifndef CELLFORGE_ARM64_HYP_MAP_H
#define CELLFORGE_ARM64_HYP_MAP_H

#include <stdint.h>

#include "arch/arm64/pgtable.h"
#include "cell_config.h"
#include "compiler.h"

/*
 * MAIR_EL2 attribute indices. Stage-1 leaf attributes, from "Stage 1 VMSAv8-64
 * Block and Page descriptor" fields for a regime with one privilege level.
 */
#define HYP_MAIR_IDX_DEVICE 0 /* Device-nGnRE: MMIO */
#define HYP_MAIR_IDX_NORMAL 1 /* Normal write-back: RAM */

#define S1_ATTR_INDX(idx) ((uint64_t)(idx) << 2) /* AttrIndx [4:2] */
/* AP[2:1] [7:6]; AP[1] is RES1 in single-privilege regimes such as EL2. */
#define S1_ATTR_AP_RW	 (UL(1) << 6)
#define S1_ATTR_AP_RO	 (UL(3) << 6)
#define S1_ATTR_SH_INNER (UL(3) << 8) /* SH [9:8] inner shareable */
#define S1_ATTR_AF	 BIT(10)      /* access flag; clear would fault on first use */
#define S1_ATTR_XN	 BIT(54)      /* execute-never (EL2 regime: XN, not UXN/PXN) */
#define S1_EL2_ATTR_MASK (GENMASK(4, 2) | GENMASK(7, 6) | GENMASK(9, 8) | S1_ATTR_AF | S1_ATTR_XN)

/* What a piece of the hypervisor's address space holds. */
enum hyp_mem_kind {
	HYP_MEM_CODE,	/* read-only, executable */
	HYP_MEM_RODATA, /* read-only, execute-never */
	HYP_MEM_DATA,	/* read-write, execute-never (also all board RAM) */
	HYP_MEM_DEVICE, /* Device-nGnRE, read-write, execute-never */
};

/* Section boundaries of the hypervisor image, from the linker script. */
struct hyp_image_layout {
	uint64_t start;	     /* first byte of .text */
	uint64_t text_end;   /* end of code, page aligned */
	uint64_t rodata_end; /* end of read-only data, page aligned */
	uint64_t end;	     /* end of .data and .bss, page aligned */
};

/* Describes the piece of the map that could not be built. */
struct hyp_map_error {
	const char *what; /* "ram", "uart", "gicd", a device name, ... */
	uint64_t base;
	uint64_t size;
	int status; /* enum pt_status */
	uint64_t conflict_va;
};

uint64_t hyp_mem_attrs(enum hyp_mem_kind kind);

/* The regime for a CPU whose physical address size is pa_bits (<= 48). */
void hyp_regime_init(struct pt_regime *regime, uint32_t pa_bits);

/*
 * Identity-maps the board RAM (normal memory, with the image split into code,
 * read-only and read-write parts), the UART, the GIC and every board device.
 * Returns PT_OK or the first failure, described in *err.
 */
int hyp_map_build(struct pt_table *table, const struct cf_board *board,
		  const struct hyp_image_layout *image, struct hyp_map_error *err);

#endif
