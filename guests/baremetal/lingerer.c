// SPDX-License-Identifier: MIT
/*
 * Test guest that keeps running for a while: prints a numbered line every
 * 200 ms (polling the virtual counter, no interrupts), then switches the cell
 * off. Next to a cell that powers off early, it shows that one cell's
 * SYSTEM_OFF leaves the others running.
 *
 * Console markers:
 *   <cell>: lingering
 *   <cell>: still here N      (N = 1..5)
 *   <cell>: done
 */
#include "kit/kit.h"

#define LINES 5u
#define INTERVAL_US 200000u

void guest_main(const struct kit_info *info)
{
	printf("%s: lingering\n", info->cell_name);
	for (unsigned n = 1; n <= LINES; n++) {
		timer_delay_us(INTERVAL_US);
		printf("%s: still here %u\n", info->cell_name, n);
	}
	printf("%s: done\n", info->cell_name);
}
