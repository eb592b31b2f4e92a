// SPDX-License-Identifier: MIT
/*
 * Boot flow: the boot CPU maps the hypervisor and turns on its MMU, prints
 * the banner and the cell table, then starts every other board CPU with
 * PSCI CPU_ON and waits (bounded) for each to report in. Then it builds the
 * cells (cells_init) and every CPU goes to its cell (cpu_run_cells).
 */
#include <stdbool.h>

#include "core/boot.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/spectre.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/timer.h"
#include "core/banner.h"
#include "core/cell.h"
#include "core/console.h"
#include "core/panic.h"
#include "core/percpu.h"

#ifndef CELLFORGE_VERSION
#define CELLFORGE_VERSION "unknown"
#endif

/* QEMU brings a CPU up in well under a millisecond; hardware in a few. */
#define CPU_ONLINE_TIMEOUT_MS 2000u

/* entry.S: where PSCI CPU_ON starts secondary CPUs (a physical address). */
extern char secondary_entry[];

void boot_wrong_el(uint64_t el)
{
	console_init(&cf_board);
	hv_printf("cellforge must be entered at EL2 but runs at EL%llu: halting\n",
		  (unsigned long long)el);
}

uint64_t boot_cpu_setup(void)
{
	uint64_t affinity = mpidr_affinity();
	int32_t index;

	console_init(&cf_board);
	psci_init(cf_board.psci_conduit);
	if (cf_board.cpu_count == 0 || cf_board.cpu_count > CF_BOARD_CPU_COUNT)
		hv_panic("board '%s' has %u CPUs but the runtime is sized for %u", cf_board.name,
			 cf_board.cpu_count, (unsigned int)CF_BOARD_CPU_COUNT);
	index = cpu_index_of_mpidr(&cf_board, affinity);
	if (index < 0)
		hv_panic("the boot CPU has MPIDR affinity 0x%llx, not a CPU of board '%s'",
			 (unsigned long long)affinity, cf_board.name);
	percpu_data[index].index = (uint32_t)index;
	percpu_data[index].mpidr = affinity;
	percpu_set_current((uint32_t)index);
	return percpu_stack_top((uint32_t)index);
}

static void print_tables(void)
{
	console_lock();
	banner_print_header(console_sink(), CELLFORGE_VERSION, &cf_board, cf_cell_count);
	console_unlock();
	for (uint32_t i = 0; i < cf_cell_count; i++) {
		console_lock();
		banner_print_cell(console_sink(), &cf_board, &cf_cells[i]);
		console_unlock();
	}
}

static void report_online(struct percpu *cpu)
{
	const struct cf_cpu *board_cpu = &cf_board.cpus[cpu->index];

	console_lock();
	if (cpu->mpidr != (board_cpu->mpidr & MPIDR_AFFINITY_MASK))
		console_printf_locked(
			"%s: warning: MPIDR affinity is 0x%llx, the board says 0x%llx\n",
			board_cpu->name, (unsigned long long)cpu->mpidr,
			(unsigned long long)board_cpu->mpidr);
	console_printf_locked("%s mpidr 0x%llx online at EL%llu\n", board_cpu->name,
			      (unsigned long long)cpu->mpidr, (unsigned long long)current_el());
	console_unlock();
	/* Pairs with the acquire in cpu_is_online(): the line is out first. */
	__atomic_store_n(&cpu->online, 1, __ATOMIC_RELEASE);
}

static bool cpu_is_online(uint32_t index)
{
	return __atomic_load_n(&percpu_data[index].online, __ATOMIC_ACQUIRE) != 0;
}

/* Returns the CPUs that the firmware accepted to start, self included. */
static uint64_t start_secondaries(uint32_t self)
{
	uint64_t started = UINT64_C(1) << self;

	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		uint64_t mpidr = cf_board.cpus[i].mpidr & MPIDR_AFFINITY_MASK;
		int32_t status;

		if (i == self)
			continue;
		percpu_data[i].index = i;
		percpu_data[i].online = 0;
		status = psci_cpu_on(mpidr, (uint64_t)(uintptr_t)secondary_entry, i);
		if (status != PSCI_SUCCESS) {
			hv_printf("%s mpidr 0x%llx: PSCI CPU_ON failed: %s (%d)\n",
				  cf_board.cpus[i].name, (unsigned long long)mpidr,
				  psci_error_name(status), (int)status);
			continue;
		}
		started |= UINT64_C(1) << i;
	}
	return started;
}

/* Waits until every started CPU is online, or the timeout; returns the online count. */
static uint32_t wait_for_cpus(uint64_t started)
{
	uint64_t deadline = timer_count() + timer_hz() * CPU_ONLINE_TIMEOUT_MS / 1000;
	uint32_t online, missing;

	for (;;) {
		online = 0;
		missing = 0;
		for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
			if (cpu_is_online(i))
				online++;
			else if (started & (UINT64_C(1) << i))
				missing++;
		}
		if (missing == 0 || timer_count() > deadline)
			break;
		cpu_relax();
	}
	return online;
}

__noreturn void boot_main(void)
{
	struct percpu *self = this_cpu();
	uint32_t online;

	mmu_init_boot_cpu(&cf_board);
	console_enable_smp();
	print_tables();

	spectre_cpu_init(self->index, cf_board.psci_conduit);
	report_online(self);
	online = wait_for_cpus(start_secondaries(self->index));
	spectre_print();

	if (online == cf_board.cpu_count) {
		hv_printf("all %u CPUs online\n", online);
	} else {
		for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
			if (!cpu_is_online(i))
				hv_printf("%s mpidr 0x%llx did not come online\n",
					  cf_board.cpus[i].name,
					  (unsigned long long)cf_board.cpus[i].mpidr);
		}
		hv_printf("%u of %u CPUs online\n", online, cf_board.cpu_count);
	}
	cells_init();
	cpu_run_cells();
}

__noreturn void secondary_main(uint64_t index)
{
	struct percpu *cpu;

	/* entry.S bounded index by the array size; the board may have fewer. */
	if (index >= cf_board.cpu_count)
		for (;;)
			wfe();
	percpu_set_current((uint32_t)index);
	cpu = this_cpu();
	cpu->index = (uint32_t)index;
	cpu->mpidr = mpidr_affinity();
	spectre_cpu_init(cpu->index, cf_board.psci_conduit);
	report_online(cpu);
	cpu_run_cells();
}
