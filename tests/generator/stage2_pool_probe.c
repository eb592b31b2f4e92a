// SPDX-License-Identifier: MIT
/*
 * Builds one cell's stage-2 map with the runtime's own code (stage2.c and
 * pgtable.c compiled for the host) from a pool of a given size, so that
 * test_stage2_pool.py can hold the generator's page count (CF_STAGE2_POOL_PAGES)
 * against what the runtime really allocates.
 *
 * stdin, one item per line (numbers in C notation):
 *   board UART_BASE UART_SIZE GICD_BASE GICD_SIZE GICR_BASE GICR_SIZE
 *   cell CONSOLE POOL_PAGES            (CONSOLE: enum cf_console_kind)
 *   region KIND PHYS GUEST SIZE        (at most MAX_REGIONS, in cells.c order)
 * The pool starts at an odd page, the worst case for the 8 KiB-aligned pair of
 * roots. stdout: "status S used U", S the pt_status of stage2_build_cell (or of
 * the pool/root setup), U the pages taken from the pool, the skipped one included.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/stage2.h"

#define MAX_REGIONS   256u
#define MAX_POOL      (1u << 20)
#define LINE_SIZE     512u
#define REGION_NAME   "probe"
#define FIELDS_BOARD  6
#define FIELDS_CELL   2
#define FIELDS_REGION 4

static struct cf_region regions[MAX_REGIONS];

static int fail(const char *why)
{
	fprintf(stderr, "stage2_pool_probe: %s\n", why);
	return 2;
}

int main(void)
{
	struct cf_board board = {.name = "probe"};
	struct cf_cell cell = {.name = "probe", .regions = regions};
	uint32_t pool_pages = 0;
	char line[LINE_SIZE];

	while (fgets(line, sizeof(line), stdin)) {
		int64_t a, b, c, d, e, f; /* %i reads 0x-prefixed hex too */

		if (sscanf(line,
			   "board %" SCNi64 " %" SCNi64 " %" SCNi64 " %" SCNi64 " %" SCNi64
			   " %" SCNi64,
			   &a, &b, &c, &d, &e, &f) == FIELDS_BOARD) {
			board.uart_base = (uint64_t)a;
			board.uart_size = (uint64_t)b;
			board.gicd_base = (uint64_t)c;
			board.gicd_size = (uint64_t)d;
			board.gicr_base = (uint64_t)e;
			board.gicr_size = (uint64_t)f;
		} else if (sscanf(line, "cell %" SCNi64 " %" SCNi64, &a, &b) == FIELDS_CELL) {
			if (a < 0 || b <= 0 || b > MAX_POOL)
				return fail("pool size out of range");
			cell.console = (uint32_t)a;
			pool_pages = (uint32_t)b;
		} else if (sscanf(line, "region %" SCNi64 " %" SCNi64 " %" SCNi64 " %" SCNi64, &a,
				  &b, &c, &d) == FIELDS_REGION) {
			if (cell.region_count >= MAX_REGIONS)
				return fail("too many regions");
			if (a < 0 || b < 0 || c < 0 || d < 0)
				return fail("negative region field");
			regions[cell.region_count++] = (struct cf_region){.name = REGION_NAME,
									  .kind = (uint32_t)a,
									  .phys = (uint64_t)b,
									  .guest = (uint64_t)c,
									  .size = (uint64_t)d};
		} else if (line[0] != '\n') {
			return fail("unreadable line");
		}
	}
	if (pool_pages == 0)
		return fail("no cell line");

	/* One page more than the pool, 8 KiB aligned: the pool starts at its odd page. */
	size_t bytes = ((size_t)pool_pages + 1) * PT_PAGE_SIZE;
	pt_page_t *pages = aligned_alloc(2 * PT_PAGE_SIZE, bytes);
	struct pt_regime regime;
	struct pt_pool pool;
	struct pt_table table;
	struct stage2_error err = {0};
	int status;

	if (!pages)
		return fail("out of memory");
	memset(pages, 0xa5, bytes);
	stage2_regime_init(&regime, 44); /* QEMU's cortex-a57: 44-bit PA, so 40-bit IPA */
	status = pt_pool_init(&pool, pages + 1, pool_pages);
	if (status == PT_OK)
		status = pt_init(&table, &regime, &pool);
	if (status == PT_OK)
		status = stage2_build_cell(&table, &board, &cell, &err);
	printf("status %d used %" PRIu32 "\n", status, pool.used);
	free(pages);
	return 0;
}
