/* SPDX-License-Identifier: MIT */
/*
 * The report printed when a cell faults (an access outside its map, a trap
 * the hypervisor does not emulate), and the policy lines after it. Tests
 * parse these lines; the console adds "[hv] " to each:
 *
 *   FAULT cell 'alpha' cpu1: data abort (write, 4 bytes) at 0x0a003e00, pc 0x44000124
 *     0x0a003e00 is board device 'virtio31' (virtio,mmio), not assigned to cell 'alpha'; add it to
 * devices: in partitions/alpha.yaml policy stop: cell 'alpha' stopped
 *
 * Pure C: everything comes in as parameters (host-tested).
 */
#ifndef CELLFORGE_CORE_FAULT_REPORT_H
#define CELLFORGE_CORE_FAULT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "lib/printf.h"

struct fault_report {
	const struct cf_board *board;
	const struct cf_cell *cells; /* all cells, to name another owner */
	uint32_t cell_count;
	uint32_t cell; /* index of the faulting cell */
	uint32_t cpu;  /* board CPU index */
	uint64_t esr;  /* ESR_EL2 (or an SError's syndrome) */
	uint64_t pc;   /* guest virtual address of the instruction */
	uint64_t ipa;  /* for aborts: guest-physical address of the access */
	bool ipa_valid;
	/* An emulated region that refused the access (e.g. "vuart"), or NULL. */
	const char *refused_by;
	bool serror; /* an SError rather than a synchronous exception */
};

/* The board device whose window contains addr (devices sorted by base), or NULL. */
const struct cf_device *board_device_at(const struct cf_board *board, uint64_t addr);

/* The FAULT line and the lines that explain the address or the trap. */
void fault_report_print(struct fmt_sink *sink, const struct fault_report *report);

/* The second line alone: what is at addr, from the point of view of cell `cell`. */
void fault_describe_address(struct fmt_sink *sink, const struct fault_report *report,
			    uint64_t addr);

/* Policy lines. restart_number counts from 1; limit is the cell's restart_limit. */
void fault_policy_stop_print(struct fmt_sink *sink, const struct cf_cell *cell);
void fault_policy_restart_print(struct fmt_sink *sink, const struct cf_cell *cell,
				uint32_t restart_number);
void fault_policy_limit_print(struct fmt_sink *sink, const struct cf_cell *cell);
void fault_policy_inject_print(struct fmt_sink *sink, const struct cf_cell *cell, bool abort);

#endif
