/* SPDX-License-Identifier: MIT */
/*
 * The outcome of a run, for scripts (docs/run-status.md).
 *
 * A guest reports its own result with a vendor-specific hypervisor service
 * call (SMCCC, DEN 0028 section 6: owning entity 6, fast call, SMC32):
 *
 *   x0 = CELLFORGE_FN_RESULT, w1 = result (0 passed, 1..99 failed)
 *
 * by the cell's PSCI conduit. It only records the result: the cell runs on
 * and ends as usual (SYSTEM_OFF). A larger w1 is recorded as
 * RUN_STATUS_GUEST_MAX and the call returns INVALID_PARAMETERS, so a guest
 * that gets the range wrong still fails. A restart starts a new run and
 * forgets the result.
 *
 * When every cell has stopped the hypervisor prints one line before it powers
 * the machine off, the last it prints (tools/qemu_runner.py parses it):
 *
 *   result: cell 'a' ok, cell 'b' failed 3, cell 'c' fault; system status 100
 *
 * cell words: ok | failed N | fault | restart limit | not run.
 * The system status is the first that applies of: a cell stopped by a fault
 * (100), a cell at its restart limit (101), a cell that did not run or whose
 * device did not reset (102), the first cell (partition order) with a
 * non-zero result (that result), else 0.
 */
#ifndef CELLFORGE_CORE_RUN_STATUS_H
#define CELLFORGE_CORE_RUN_STATUS_H

/* SMCCC function ID: fast call (bit 31), SMC32, OEN 6 (vendor hypervisor), function 1. */
#define CELLFORGE_FN_RESULT 0x86000001u

#define RUN_STATUS_PASS		 0u
#define RUN_STATUS_GUEST_MAX	 99u
#define RUN_STATUS_FAULT	 100u
#define RUN_STATUS_RESTART_LIMIT 101u
#define RUN_STATUS_NOT_RUN	 102u
/* Only the runner gives these: the machine powered off without a result line (a panic). */
#define RUN_STATUS_NO_RESULT 110u

#endif
