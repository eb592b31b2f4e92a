// SPDX-License-Identifier: MIT
#include "core/percpu.h"
#include "arch/arm64/sysreg.h"
#include "compiler.h"

struct percpu percpu_data[CF_BOARD_CPU_COUNT];
const uint64_t hyp_cpu_slots = CF_BOARD_CPU_COUNT;

/*
 * Stacks live in their own section so that the linker script can keep them
 * together (a later guard page scheme needs them page aligned).
 */
uint8_t hyp_stacks[CF_BOARD_CPU_COUNT][HYP_STACK_SIZE] __aligned(4096) __section(".bss.stacks");
uint8_t boot_stack[BOOT_STACK_SIZE] __aligned(4096) __section(".bss.stacks");

struct percpu *this_cpu(void)
{
	return (struct percpu *)read_sysreg(tpidr_el2);
}

void percpu_set_current(uint32_t index)
{
	write_sysreg(&percpu_data[index], tpidr_el2);
}

uint64_t percpu_stack_top(uint32_t index)
{
	return (uint64_t)(uintptr_t)&hyp_stacks[index][HYP_STACK_SIZE - 1] + 1;
}

bool hyp_stack_contains(uint64_t addr, uint64_t size)
{
	uint64_t first = (uint64_t)(uintptr_t)&hyp_stacks[0][0];
	uint64_t boot = (uint64_t)(uintptr_t)&boot_stack[0];

	if (addr + size < addr)
		return false;
	if (addr >= first && addr + size <= first + sizeof(hyp_stacks))
		return true;
	return addr >= boot && addr + size <= boot + sizeof(boot_stack);
}

int32_t cpu_index_of_mpidr(const struct cf_board *board, uint64_t affinity)
{
	for (uint32_t i = 0; i < board->cpu_count && i < CF_BOARD_CPU_COUNT; i++) {
		if ((board->cpus[i].mpidr & MPIDR_AFFINITY_MASK) == affinity)
			return (int32_t)i;
	}
	return -1;
}
