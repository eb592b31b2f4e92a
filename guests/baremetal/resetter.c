// SPDX-License-Identifier: MIT
/*
 * Test guest: asks PSCI for SYSTEM_RESET right after booting. For a cell the
 * hypervisor restarts only this cell (from a pristine image) until the cell's restart
 * limit, then stops it; other cells carry on.
 *
 * Console lines (one call each, for tests):
 *   resetter: boot <N>                   N counts boots without a reload: always 1
 *                                        when every restart reloads the image
 *   resetter: calling SYSTEM_RESET
 *   resetter: reset returned <NAME> (<code>)   (only if the call returns)
 * then PSCI SYSTEM_OFF.
 */
#include "kit/kit.h"

/* In .data, not BSS (which the kit clears at boot): see faulter.c. */
static volatile uint32_t boot_count __attribute__((section(".data.resetter_boot_count"))) = 0;

void guest_main(const struct kit_info *info)
{
	int32_t ret;

	(void)info;
	boot_count = boot_count + 1;
	printf("resetter: boot %u\n", boot_count);
	printf("resetter: calling SYSTEM_RESET\n");
	ret = psci_system_reset();
	printf("resetter: reset returned %s (%d)\n", psci_strerror(ret), ret);
	psci_system_off();
	printf("resetter: SYSTEM_OFF returned\n");
}
