// SPDX-License-Identifier: MIT
#include "core/fault_report.h"
#include "arch/arm64/esr.h"

const struct cf_device *board_device_at(const struct cf_board *board, uint64_t addr)
{
	uint32_t lo = 0, hi = board->device_count;

	/* First device with base > addr; the candidate is the one before it. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (board->devices[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && addr - board->devices[lo - 1].base < board->devices[lo - 1].size)
		return &board->devices[lo - 1];
	return NULL;
}

static bool in_range(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

/* The other cell whose RAM (phys) holds addr, or -1. */
static int32_t ram_owner(const struct fault_report *r, uint64_t addr)
{
	for (uint32_t c = 0; c < r->cell_count; c++) {
		const struct cf_cell *cell = &r->cells[c];

		for (uint32_t i = 0; i < cell->region_count; i++) {
			if (cell->regions[i].kind == CF_REGION_RAM &&
			    in_range(addr, cell->regions[i].phys, cell->regions[i].size))
				return (int32_t)c;
		}
	}
	return -1;
}

static bool board_ram_contains(const struct cf_board *board, uint64_t addr)
{
	for (uint32_t i = 0; i < board->ram_count; i++) {
		if (in_range(addr, board->ram[i].phys, board->ram[i].size))
			return true;
	}
	return false;
}

void fault_describe_address(struct fmt_sink *sink, const struct fault_report *r, uint64_t addr)
{
	const struct cf_board *board = r->board;
	const struct cf_cell *cell = &r->cells[r->cell];
	const struct cf_device *dev;
	int32_t owner;

	if (r->refused_by) {
		fmt_print(sink,
			  "  0x%08llx is emulated device '%s' of cell '%s', which refused "
			  "this access\n",
			  (unsigned long long)addr, r->refused_by, cell->name);
		return;
	}
	if (in_range(addr, board->gicd_base, board->gicd_size) ||
	    in_range(addr, board->gicr_base, board->gicr_size)) {
		fmt_print(sink,
			  "  0x%08llx is the GIC %s of board '%s', not emulated for cells yet\n",
			  (unsigned long long)addr,
			  in_range(addr, board->gicd_base, board->gicd_size) ? "distributor"
									     : "redistributors",
			  board->name);
		return;
	}
	dev = board_device_at(board, addr);
	if (dev) {
		fmt_print(sink, "  0x%08llx is board device '%s' (%s), ", (unsigned long long)addr,
			  dev->name, dev->compatible);
		if (dev->owner >= 0 && (uint32_t)dev->owner < r->cell_count)
			fmt_print(sink, "assigned to cell '%s'\n", r->cells[dev->owner].name);
		else if (dev->base == board->uart_base)
			fmt_print(sink,
				  "the hypervisor's console; give cell '%s' a virtual console "
				  "with console: virtual in %s\n",
				  cell->name, cell->source_file);
		else
			fmt_print(sink, "not assigned to cell '%s'; add it to devices: in %s\n",
				  cell->name, cell->source_file);
		return;
	}
	if (in_range(addr, board->hyp_base, board->hyp_size)) {
		fmt_print(sink, "  0x%08llx is the hypervisor's memory\n",
			  (unsigned long long)addr);
		return;
	}
	owner = ram_owner(r, addr);
	if (owner >= 0) {
		fmt_print(sink, "  0x%08llx is RAM of cell '%s'\n", (unsigned long long)addr,
			  r->cells[owner].name);
		return;
	}
	if (board_ram_contains(board, addr)) {
		fmt_print(sink, "  0x%08llx is board RAM not given to cell '%s'\n",
			  (unsigned long long)addr, cell->name);
		return;
	}
	fmt_print(sink,
		  "  0x%08llx is not RAM or a device of cell '%s' (nothing on board '%s' there)\n",
		  (unsigned long long)addr, cell->name, board->name);
}

void fault_report_print(struct fmt_sink *sink, const struct fault_report *r)
{
	const struct cf_cell *cell = &r->cells[r->cell];
	uint32_t ec = esr_class(r->esr);
	bool data = ec == ESR_EC_DABT_LOWER;
	bool inst = ec == ESR_EC_IABT_LOWER;

	fmt_print(sink, "FAULT cell '%s' %s: ", cell->name, r->board->cpus[r->cpu].name);
	if (r->serror) {
		fmt_print(sink, "SError interrupt (ESR 0x%08llx), pc 0x%08llx\n",
			  (unsigned long long)r->esr, (unsigned long long)r->pc);
		return;
	}
	if (data && (r->esr & ESR_DABT_ISV) && r->ipa_valid) {
		fmt_print(sink, "data abort (%s, %u bytes) at 0x%08llx, pc 0x%08llx\n",
			  (r->esr & ESR_DABT_WNR) ? "write" : "read",
			  1u << FIELD_GET(ESR_DABT_SAS, r->esr), (unsigned long long)r->ipa,
			  (unsigned long long)r->pc);
	} else if (data && r->ipa_valid) {
		fmt_print(
			sink,
			"data abort the hardware cannot describe (ISV=0, e.g. load/store pair) at "
			"0x%08llx, pc 0x%08llx\n",
			(unsigned long long)r->ipa, (unsigned long long)r->pc);
	} else if ((data || inst) && r->ipa_valid) {
		fmt_print(sink, "%s at 0x%08llx, pc 0x%08llx\n", esr_class_name(ec),
			  (unsigned long long)r->ipa, (unsigned long long)r->pc);
	} else {
		fmt_print(sink, "%s, pc 0x%08llx\n", esr_class_name(ec), (unsigned long long)r->pc);
		esr_describe(sink, r->esr, "  ");
		return;
	}
	fault_describe_address(sink, r, r->ipa);
}

void fault_policy_stop_print(struct fmt_sink *sink, const struct cf_cell *cell)
{
	fmt_print(sink, "  policy stop: cell '%s' stopped\n", cell->name);
}

void fault_policy_restart_print(struct fmt_sink *sink, const struct cf_cell *cell,
				uint32_t restart_number)
{
	fmt_print(sink, "  policy restart: cell '%s' restarting (restart %u of %u)\n", cell->name,
		  restart_number, cell->restart_limit);
}

void fault_policy_limit_print(struct fmt_sink *sink, const struct cf_cell *cell)
{
	fmt_print(sink, "  policy restart: cell '%s' reached its restart limit (%u); stopped\n",
		  cell->name, cell->restart_limit);
}

void fault_policy_inject_print(struct fmt_sink *sink, const struct cf_cell *cell, bool abort)
{
	fmt_print(sink, "  policy inject: %s injected into cell '%s'\n",
		  abort ? "synchronous external abort" : "undefined instruction exception",
		  cell->name);
}
