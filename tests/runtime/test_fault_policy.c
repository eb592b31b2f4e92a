// SPDX-License-Identifier: MIT
/*
 * Host tests of the on_fault decision (runtime/core/fault_policy.c): an SError
 * stops the cell under every policy and is not reported as a restart limit.
 */
#include <stdbool.h>

#include "buf_sink.h"
#include "check.h"
#include "core/fault_policy.h"

static void test_actions(void)
{
	case_begin();
	CHECK_INT(fault_policy_action(CF_FAULT_STOP, false, true), FAULT_ACTION_STOP, "stop");
	CHECK_INT(fault_policy_action(CF_FAULT_STOP, true, true), FAULT_ACTION_STOP,
		  "stop, SError");
	CHECK_INT(fault_policy_action(CF_FAULT_INJECT, false, false), FAULT_ACTION_INJECT,
		  "inject");
	CHECK_INT(fault_policy_action(CF_FAULT_INJECT, true, true), FAULT_ACTION_SERROR,
		  "inject, SError");
	CHECK_INT(fault_policy_action(CF_FAULT_RESTART, false, true), FAULT_ACTION_RESTART,
		  "restart");
	CHECK_INT(fault_policy_action(CF_FAULT_RESTART, false, false), FAULT_ACTION_LIMIT,
		  "restart, limit reached");
	CHECK_INT(fault_policy_action(CF_FAULT_RESTART, true, true), FAULT_ACTION_SERROR,
		  "restart, SError with restarts left");
	CHECK_INT(fault_policy_action(CF_FAULT_RESTART, true, false), FAULT_ACTION_SERROR,
		  "restart, SError at the limit");
	case_end("on_fault actions, SErrors included");
}

static void test_serror_line(void)
{
	struct buf_sink b;
	struct cf_cell cell = {.name = "alpha", .on_fault = CF_FAULT_RESTART};

	case_begin();
	fault_policy_serror_print(buf_sink_reset(&b), &cell);
	CHECK_STR(b.text,
		  "  policy restart: an SError is neither injected nor restarted; cell "
		  "'alpha' stopped\n",
		  "restart");
	cell.on_fault = CF_FAULT_INJECT;
	fault_policy_serror_print(buf_sink_reset(&b), &cell);
	CHECK_STR(b.text,
		  "  policy inject: an SError is neither injected nor restarted; cell "
		  "'alpha' stopped\n",
		  "inject");
	case_end("the SError policy line names the policy, not a restart limit");
}

int main(void)
{
	test_actions();
	test_serror_line();
	return check_summary("fault_policy");
}
