/* SPDX-License-Identifier: MIT */
/*
 * Cells at run time: their stage-2 map, emulated devices, state and
 * statistics, and the lifecycle (start, stop, restart) across their CPUs.
 *
 * Locking: cell->lock protects state, stop_reason, the restart counters and
 * the vcpu_state/mailbox of the cell's CPUs. Nothing prints or calls a device
 * with a cell lock held. A CPU that wants another CPU of its cell out of the
 * guest posts VCPU_REQ_STOP and kicks it (SGI); every exit to EL2 looks at
 * the request before anything else.
 *
 * Console lines (tests parse them):
 *   cell 'alpha' started on cpu0,cpu1
 *   cell 'alpha' stopped (system off|fault|restart limit|all CPUs off|a device did not reset)
 *   cell 'alpha' restarting (system reset, restart 1 of 2)
 *   cell 'alpha' reached its restart limit (2) at a system reset; stopped
 *   summary cell 'alpha': state stopped (system off), exits irq 2 gicd 10 gicr 4 \
 *       sgi 0 uart 123 psci 4 smc-refused 0 hvc 0 faults 0, restarts 0
 *   stats cell 'alpha' cpu0: exits ... (total N); irqs timer N ...   (core/exit_stats.h)
 *   all cells stopped; system off
 *   result: cell 'alpha' ok, cell 'beta' failed 3; system status 3   (core/run_status.h)
 */
#ifndef CELLFORGE_CORE_CELL_H
#define CELLFORGE_CORE_CELL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/exception_frame.h"
#include "arch/arm64/pgtable.h"
#include "board_limits.h"
#include "cell_config.h"
#include "compiler.h"
#include "core/mmio.h"
#include "core/percpu.h"
#include "core/vuart.h"
#include "irqchip/vgic.h"
#include "lib/spinlock.h"

/*
 * The virtual UART, the GIC distributor and the redistributor region, and one
 * trapped page per sub-page device window at most (the generator counts them).
 */
#define CELL_MMIO_REGIONS (8u + CF_MAX_SUBPAGE_WINDOWS)

enum cell_state {
	CELL_STOPPED = 0,
	CELL_RUNNING = 1,
	CELL_STOPPING = 2, /* one CPU is taking the others out */
};

enum cell_stop_reason {
	CELL_STOP_NONE = 0,
	CELL_STOP_SYSTEM_OFF,
	CELL_STOP_FAULT,
	CELL_STOP_RESTART_LIMIT,
	CELL_STOP_ALL_CPUS_OFF, /* every CPU of the cell called PSCI CPU_OFF */
	CELL_STOP_DEVICE_RESET, /* a passthrough device did not acknowledge its reset */
};

struct cell {
	const struct cf_cell *cfg;
	struct spinlock lock;
	uint32_t state;	      /* enum cell_state */
	uint32_t stop_reason; /* enum cell_stop_reason */
	uint32_t restarts;    /* all restarts, for the summary */
	/* Restarts by the fault policy or SYSTEM_RESET, bounded by restart_limit. */
	uint32_t limited_restarts;
	bool devices_quiet; /* its devices acknowledged their reset before its first load */
	uint64_t vttbr;
	struct pt_table stage2;
	struct mmio_region mmio[CELL_MMIO_REGIONS]; /* sorted by base */
	uint32_t mmio_count;
	struct vuart vuart;
	struct vgic_cell vgic;
	struct exit_stats stats; /* atomic adds */
};

extern struct cell cells[CF_CELL_COUNT];

/* Boot CPU, all CPUs online: GIC, stage-2 maps, images, then start every cell. */
void cells_init(void);

/* Every CPU after it reported online; never returns. */
__noreturn void cpu_run_cells(void);

/* This CPU's cell, or NULL. */
struct cell *cell_of_this_cpu(void);

void cell_count_exit(enum exit_reason reason);
/* An interrupt handled in an IRQ exit, for the statistics. */
void cell_count_irq(enum irq_stat stat);
/* "[hv] stats ..." lines of every cell and CPU, and the vGIC's counters (Ctrl-\ s, summary). */
void cells_print_stats(void);

/* A lower-EL exception: traps and interrupts from the guest (vectors 8..15). */
void guest_exit(struct exc_frame *frame, uint64_t vector);

/* Back to the wait loop when another CPU asked for it; returns otherwise. */
void vcpu_check_request(void);

/* The wait loop: leaves only into the guest (CPU_ON or a cell start). */
__noreturn void vcpu_wait(void);

/* PSCI from the guest. */
int32_t cell_cpu_on(struct cell *cell, uint64_t mpidr, uint64_t entry, uint64_t context);
int32_t cell_affinity_info(struct cell *cell, uint64_t mpidr, uint64_t lowest_level);
__noreturn void cell_cpu_off(void);
/* Stops the caller's cell (reason) or restarts it; the caller ends in the wait loop. */
__noreturn void cell_stop(struct cell *cell, enum cell_stop_reason reason);
__noreturn void cell_restart(struct cell *cell, const char *why);
/*
 * PSCI SYSTEM_RESET: restarts the cell, counted against its restart_limit
 * (so a guest in a reset loop ends), else stops it.
 */
__noreturn void cell_system_reset(struct cell *cell);

/*
 * CELLFORGE_FN_RESULT from the guest (core/run_status.h): records its result
 * for the result line; PSCI_SUCCESS, or INVALID_PARAMS for a result above
 * RUN_STATUS_GUEST_MAX (recorded as that).
 */
int32_t cell_report_result(struct cell *cell, uint64_t result);

/* Report a fault of the calling CPU's cell and apply on_fault (may return for inject). */
void cell_fault(struct exc_frame *frame, uint64_t ipa, bool ipa_valid, const char *refused_by,
		bool serror);

#endif
