/* SPDX-License-Identifier: MIT */
/*
 * Data cache maintenance by set/way (DC ISW, DC CSW, DC CISW), trapped with
 * HCR_EL2.TSW and emulated. Pure C (host-tested): the decision when to sweep
 * and what a sweep covers; the cache instructions come in as a callback.
 *
 * A set/way operation names a line slot of the local CPU's cache, not an
 * address: executed for real it would clean or discard whatever that slot
 * holds, another cell's lines included. A guest uses a loop of them to get
 * "every dirty line of mine has reached memory" (before turning its caches or
 * MMU off, or after turning them on). The emulation gives it that, by address:
 * a sweep is a clean+invalidate to the point of coherency (DC CIVAC) over the
 * cell's own RAM regions, through the hypervisor's identity map of them, and
 * nothing else.
 *
 * When: on the first set/way operation of a CPU after it entered the guest,
 * and then on the first one after at least ops_per_sweep more. ops_per_sweep
 * is the number of lines of the CPU's level 1 data cache, the shortest loop a
 * guest cleaning its caches makes, so a guest that cleans its whole cache
 * hierarchy (one pass is at least that many operations) gets a sweep at the
 * start of every pass. A guest looping on set/way operations gets at most one
 * sweep per ops_per_sweep exits: a sweep costs cell RAM / line size
 * instructions, so the cost is bounded by RAM / (line size * ops_per_sweep)
 * DC CIVAC per exit on average (32 MiB, 64-byte lines, 512 L1 lines: 1024 per
 * exit, 64 KiB of RAM), and every other exit costs none.
 *
 * DC ISW (invalidate only) is turned into a clean+invalidate too: an
 * invalidate by address over all the cell's RAM would discard dirty data the
 * guest never named (its other CPUs' writes, the images the hypervisor copied
 * in through its cacheable map), where a clean first loses nothing; the
 * guest's only observable difference is that memory is up to date sooner.
 */
#ifndef CELLFORGE_ARM64_SETWAY_H
#define CELLFORGE_ARM64_SETWAY_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/sysreg_trap.h"
#include "cell_config.h"

/* The set/way data cache instructions (Arm ARM C5.3.11, C5.3.12, C5.3.16: op0 1, CRn 7). */
#define SYSREG_DC_ISW  SYSREG_ID(1, 0, 7, 6, 2)
#define SYSREG_DC_CSW  SYSREG_ID(1, 0, 7, 10, 2)
#define SYSREG_DC_CISW SYSREG_ID(1, 0, 7, 14, 2)

/* Bounds of ops_per_sweep, whatever CCSIDR_EL1 says. */
#define SETWAY_MIN_OPS_PER_SWEEP 64u
#define SETWAY_MAX_OPS_PER_SWEEP (1u << 20)

/* One CPU's bookkeeping, reset at every guest entry. */
struct setway_cpu {
	uint64_t ops_per_sweep;	  /* see above */
	uint64_t ops_since_sweep; /* operations since (and including) the last sweep's */
	uint64_t sweeps;	  /* sweeps since the guest entry */
	bool swept;		  /* a sweep was made since the guest entry */
};

/* True for DC ISW, DC CSW and DC CISW. */
bool setway_is_op(uint32_t id);

/*
 * Lines of a cache from its CCSIDR_EL1 value (sets x ways; ccidx: the
 * FEAT_CCIDX layout, Arm ARM D19.2.25), as a sweep period within the bounds.
 */
uint64_t setway_ops_per_sweep(uint64_t ccsidr, bool ccidx);

void setway_cpu_reset(struct setway_cpu *s, uint64_t ops_per_sweep);

/* Records one operation; true if it must sweep the cell's RAM now. */
bool setway_op(struct setway_cpu *s);

/* Clean+invalidate [start, end) to the point of coherency (physical = EL2 address). */
typedef void (*setway_clean_inval_fn)(uint64_t start, uint64_t end, void *ctx);

/* One sweep: every RAM region of cell, nothing else. Returns the bytes covered. */
uint64_t setway_sweep(const struct cf_cell *cell, setway_clean_inval_fn fn, void *ctx);

#endif
