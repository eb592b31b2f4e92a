/* SPDX-License-Identifier: MIT */
/*
 * Turning on the EL2 MMU. The boot CPU builds the hypervisor's identity map
 * with the MMU off and publishes the register values in hyp_mmu_config;
 * secondary CPUs load them in entry.S before they write any memory.
 */
#ifndef CELLFORGE_ARM64_MMU_H
#define CELLFORGE_ARM64_MMU_H

/* Offsets into struct mmu_el2_config, for entry.S. */
#define MMU_CONFIG_TTBR0 0
#define MMU_CONFIG_TCR	 8
#define MMU_CONFIG_MAIR	 16

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "cell_config.h"

struct mmu_el2_config {
	uint64_t ttbr0;
	uint64_t tcr;
	uint64_t mair;
};

_Static_assert(offsetof(struct mmu_el2_config, ttbr0) == MMU_CONFIG_TTBR0, "entry.S layout");
_Static_assert(offsetof(struct mmu_el2_config, tcr) == MMU_CONFIG_TCR, "entry.S layout");
_Static_assert(offsetof(struct mmu_el2_config, mair) == MMU_CONFIG_MAIR, "entry.S layout");

extern struct mmu_el2_config hyp_mmu_config;

/* Boot CPU, MMU off: build the map and enable the MMU; panics on failure. */
void mmu_init_boot_cpu(const struct cf_board *board);

/* mmu_enable.S: program MAIR/TCR/TTBR0_EL2, invalidate the TLB, set SCTLR_EL2.M/C/I. */
void el2_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair);

/* cache.S: data cache maintenance by address range to the point of coherency. */
void dcache_inval_range(uint64_t start, uint64_t end);
void dcache_clean_range(uint64_t start, uint64_t end);
#endif

#endif
