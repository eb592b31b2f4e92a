/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data and stacks, indexed by the board CPU index (cf_board.cpus[i]).
 * A CPU finds its own entry through TPIDR_EL2, which the hypervisor owns.
 */
#ifndef CELLFORGE_CORE_PERCPU_H
#define CELLFORGE_CORE_PERCPU_H

/* Shared with entry.S, hence plain numbers. */
#define HYP_STACK_SIZE	0x4000 /* per CPU, 16 KiB */
#define BOOT_STACK_SIZE 0x2000 /* boot CPU until it knows its index */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "board_limits.h"
#include "cell_config.h"
#include "core/exit_stats.h"

_Static_assert(CF_BOARD_CPU_COUNT >= 1 && CF_BOARD_CPU_COUNT <= CF_MAX_CPUS,
	       "CF_BOARD_CPU_COUNT out of range");

/* A CPU's life as a guest CPU; changed under its cell's lock. */
enum vcpu_state {
	VCPU_OFF = 0,	     /* waiting at EL2 for CPU_ON (or parked for good) */
	VCPU_ON_PENDING = 1, /* mailbox holds where to start */
	VCPU_ON = 2,	     /* running guest code (or handling its exit) */
};

/* Requests another CPU posts and announces with a kick SGI (and SEV). */
enum vcpu_request {
	VCPU_REQ_NONE = 0,
	VCPU_REQ_STOP = 1, /* leave the guest, go back to the wait loop */
};

struct percpu {
	uint32_t index;	      /* into cf_board.cpus */
	uint64_t mpidr;	      /* affinity as read from MPIDR_EL1 by the CPU itself */
	uint32_t online;      /* 1 once running C with the MMU on; written with release */
	uint32_t in_panic;    /* a second fault while reporting one must not recurse */
	int32_t cell;	      /* index into cf_cells, or -1 */
	uint32_t vcpu_state;  /* enum vcpu_state */
	uint32_t request;     /* enum vcpu_request, atomic */
	uint32_t parked;      /* 1 while in the wait loop, atomic */
	uint64_t start_entry; /* mailbox, valid in VCPU_ON_PENDING */
	uint64_t start_x0;
	struct exit_stats stats; /* written by this CPU only */
};

extern struct percpu percpu_data[CF_BOARD_CPU_COUNT];
/* Read by the secondary entry code (MMU off) to bound the index it gets. */
extern const uint64_t hyp_cpu_slots;

/* This CPU's data, or NULL before percpu_set_current() ran on it. */
struct percpu *this_cpu(void);
void percpu_set_current(uint32_t index);
uint64_t percpu_stack_top(uint32_t index);
/* True if [addr, addr + size) lies inside one of the hypervisor's stacks. */
bool hyp_stack_contains(uint64_t addr, uint64_t size);

/* Index of the board CPU with this MPIDR affinity, or -1. */
int32_t cpu_index_of_mpidr(const struct cf_board *board, uint64_t affinity);
#endif

#endif
