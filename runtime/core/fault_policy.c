// SPDX-License-Identifier: MIT
#include "core/fault_policy.h"

enum fault_action fault_policy_action(uint32_t on_fault, bool serror, bool restart_left)
{
	switch (on_fault) {
	case CF_FAULT_INJECT:
		return serror ? FAULT_ACTION_SERROR : FAULT_ACTION_INJECT;
	case CF_FAULT_RESTART:
		if (serror)
			return FAULT_ACTION_SERROR;
		return restart_left ? FAULT_ACTION_RESTART : FAULT_ACTION_LIMIT;
	default:
		return FAULT_ACTION_STOP;
	}
}

void fault_policy_serror_print(struct fmt_sink *sink, const struct cf_cell *cell)
{
	fmt_print(sink,
		  "  policy %s: an SError is neither injected nor restarted; cell '%s' stopped\n",
		  cell->on_fault == CF_FAULT_RESTART ? "restart" : "inject", cell->name);
}
