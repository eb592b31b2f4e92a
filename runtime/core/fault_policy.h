/* SPDX-License-Identifier: MIT */
/*
 * What a cell's on_fault policy does with one fault (pure, host-tested).
 *
 * An SError is asynchronous: it may be reported long after the access that
 * caused it and may come from hardware the cell shares, so neither policy
 * that keeps the cell going contains it: an abort injected into the guest
 * would name the wrong instruction, and a restart cannot know the hardware
 * is quiet. Under inject and restart an SError therefore stops the cell,
 * with its own policy line (not "restart limit", which it is not).
 *
 * Console line (tests parse it; the others come from fault_report.h):
 *   "  policy restart: an SError is neither injected nor restarted; cell 'a' stopped"
 */
#ifndef CELLFORGE_CORE_FAULT_POLICY_H
#define CELLFORGE_CORE_FAULT_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "lib/printf.h"

enum fault_action {
	FAULT_ACTION_STOP,    /* on_fault: stop */
	FAULT_ACTION_INJECT,  /* an abort into the guest, which goes on */
	FAULT_ACTION_RESTART, /* restart from the pristine image, counted */
	FAULT_ACTION_LIMIT,   /* on_fault: restart, but restart_limit is reached: stop */
	FAULT_ACTION_SERROR,  /* an SError under inject or restart: stop */
};

/* restart_left: the cell has restarts left under its restart_limit. */
enum fault_action fault_policy_action(uint32_t on_fault, bool serror, bool restart_left);

void fault_policy_serror_print(struct fmt_sink *sink, const struct cf_cell *cell);

#endif
