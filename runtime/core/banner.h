/* SPDX-License-Identifier: MIT */
/*
 * The boot banner and the cell table, one line per cell:
 *
 *   cellforge 0.1.0 on board 'qemu-arm64': 4 CPUs, 3 cells
 *   cell 0 'linux1': cpus cpu0,cpu1 ram 0x44000000-0x4bffffff irqs 48-49,79 \
 *       devices virtio0,virtio1 console virtual on_fault stop
 *
 * The QEMU tests parse these lines: change the format only together with
 * them. Pure C, printing into any sink (the console adds the "[hv] " prefix).
 */
#ifndef CELLFORGE_CORE_BANNER_H
#define CELLFORGE_CORE_BANNER_H

#include <stdint.h>

#include "cell_config.h"
#include "lib/printf.h"

void banner_print_header(struct fmt_sink *sink, const char *version, const struct cf_board *board,
			 uint32_t cell_count);
void banner_print_cell(struct fmt_sink *sink, const struct cf_board *board,
		       const struct cf_cell *cell);

/* Set bits as comma-separated ranges ("48-49,79"), or "-" when none is set. */
void banner_print_ranges(struct fmt_sink *sink, const uint32_t *bitmap, uint32_t nbits);

const char *console_kind_name(uint32_t kind);
const char *fault_policy_name(uint32_t policy);

#endif
