/* SPDX-License-Identifier: MIT */
/*
 * What the kit hands the guest program, and what the guest program provides.
 */
#ifndef KIT_BOOT_H
#define KIT_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "kit/fdt.h"

struct kit_info {
	const struct fdt *fdt; /* NULL when x0 did not point at a valid DTB */
	uint64_t dtb_pa;       /* x0 at entry */
	const char *cell_name; /* /chosen/cellforge,cell-name, else "unnamed" */
	uint64_t boot_mpidr;
	uint64_t image_start; /* where the image was loaded (run-time address of offset 0) */
	uint64_t image_end;   /* end of BSS and stacks, 4 KiB aligned */
	bool mmu_enabled;
};

/*
 * The guest program, run on the boot CPU once console, PSCI conduit and MMU are set
 * up. When it returns, the kit asks PSCI for SYSTEM_OFF.
 */
void guest_main(const struct kit_info *info);

/* The cell name (valid on every CPU after the boot CPU's setup; "?" before). */
const char *kit_cell_name(void);
const struct kit_info *kit_info(void);

/* Called from start.S. */
__attribute__((noreturn)) void kit_boot_main(uint64_t dtb_pa, uint64_t bad_relocations);

#endif
