/* SPDX-License-Identifier: MIT */
/*
 * Identity-mapped stage-1 translation for the guest (VA = IPA), so that caches are on
 * and exclusives (spinlocks) are architecturally valid. 39-bit VA, 4 KiB granule:
 * a level-1 table of 1 GiB blocks, Device-nGnRE and never executable by default;
 * RAM (every /memory range, plus the image itself) is Normal write-back at 2 MiB
 * granularity, rounded outwards, with level-2 tables for GiBs that are partly RAM.
 */
#ifndef KIT_MMU_H
#define KIT_MMU_H

#include <stdint.h>

/*
 * Called by start.S on the boot CPU with the MMU off, after relocation and BSS
 * clearing. Fills the tables and returns the value for TTBR0_EL1, or 0 when the MMU
 * must stay off (kit_mmu_problem() says why).
 */
uint64_t kit_mmu_build(uint64_t dtb_pa);

/* TTBR0 for secondary CPUs; 0 when the boot CPU left the MMU off. */
extern uint64_t kit_mmu_ttbr0;

/* NULL when the MMU is on as planned, else why it is off. */
const char *kit_mmu_problem(void);

#endif
