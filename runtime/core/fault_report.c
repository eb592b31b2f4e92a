// SPDX-License-Identifier: MIT
#include "core/fault_report.h"
#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg_names.h"
#include "arch/arm64/sysreg_trap.h"

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

/* The cell's read-only firmware window (CF_REGION_ROM, guest address) holding addr. */
static bool cell_rom_contains(const struct cf_cell *cell, uint64_t addr)
{
	for (uint32_t i = 0; i < cell->region_count; i++) {
		if (cell->regions[i].kind == CF_REGION_ROM &&
		    in_range(addr, cell->regions[i].guest, cell->regions[i].size))
			return true;
	}
	return false;
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
	if (cell_rom_contains(cell, addr)) {
		fmt_print(sink,
			  "  0x%08llx is the read-only firmware window of cell '%s': it cannot be "
			  "written\n",
			  (unsigned long long)addr, cell->name);
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

/* Registers by encoding: op0, op1 (8: any), CRn and CRm ranges. */
struct sysreg_group {
	uint8_t op0, op1, crn_lo, crn_hi, crm_lo, crm_hi;
	const char *why;
};

#define ANY_OP1 8u

/* Why a cell's access is not emulated (the controls are in vcpu.h and el2_controls.c). */
static const struct sysreg_group sysreg_groups[] = {
	{3, 7, 14, 14, 2, 2, "the secure physical timer does not exist for cells"},
	{3, 0, 12, 12, 8, 12, "this GIC CPU interface access is not emulated"},
	{3, 0, 1, 1, 0, 0, "ACTLR_EL1 and the MTE controls (GCR_EL1, RGSR_EL1) trap"},
	{3, 0, 1, 1, 2, 2, "SVE, SME and trace filtering are hidden from cells"},
	{3, 0, 5, 5, 6, 6, "MTE is hidden from cells (ID_AA64PFR1_EL1.MTE reads 0)"},
	{3, 3, 4, 4, 2, 2, "SME is hidden from cells (ID_AA64PFR1_EL1.SME reads 0)"},
	{3, 0, 9, 9, 9, 10,
	 "statistical profiling is hidden from cells (ID_AA64DFR0_EL1.PMSVer reads 0)"},
	{3, 0, 9, 9, 11, 11,
	 "the trace buffer is hidden from cells (ID_AA64DFR0_EL1.TraceBuffer reads 0)"},
	{3, 3, 13, 13, 2, 15,
	 "activity monitors are hidden from cells (ID_AA64PFR0_EL1.AMU reads 0)"},
	{3, 0, 13, 13, 0, 0,
	 "SCXTNUM_EL1 and ACCDATA_EL1 are hidden (CSV2 reads at most 1, no LS64)"},
	{3, 3, 13, 13, 0, 0,
	 "SCXTNUM_EL0 and TPIDR2_EL0 are hidden (CSV2 reads at most 1, no SME)"},
	{3, 0, 10, 10, 4, 6, "MPAM is hidden from cells (ID_AA64PFR0_EL1.MPAM reads 0)"},
	{3, ANY_OP1, 11, 11, 0, 15,
	 "implementation defined registers reach shared hardware: not for cells"},
	{3, ANY_OP1, 15, 15, 0, 15,
	 "implementation defined registers reach shared hardware: not for cells"},
	{2, 1, 0, 7, 0, 15,
	 "the trace unit is hidden from cells (ID_AA64DFR0_EL1.TraceVer reads 0)"},
	/* DC ISW/CSW/CISW are emulated (arch/arm64/setway.c); what is left here are the MTE tag ops. */
	{1, 0, 7, 7, 6, 14, "the MTE tag set/way operations: MTE is hidden from cells"},
};

static const char *sysreg_fault_reason(uint32_t id)
{
	uint32_t op0 = (id >> 14) & 3u, op1 = (id >> 11) & 7u, crn = (id >> 7) & 0xfu;
	uint32_t crm = (id >> 3) & 0xfu;

	for (uint32_t i = 0; i < ARRAY_SIZE(sysreg_groups); i++) {
		const struct sysreg_group *g = &sysreg_groups[i];

		if (g->op0 == op0 && (g->op1 == ANY_OP1 || g->op1 == op1) && crn >= g->crn_lo &&
		    crn <= g->crn_hi && crm >= g->crm_lo && crm <= g->crm_hi)
			return g->why;
	}
	return "the hypervisor does not emulate it for cells";
}

/* "  CNTPS_CTL_EL1: the secure physical timer does not exist for cells" */
static void sysreg_fault_hint(struct fmt_sink *sink, uint64_t esr)
{
	uint32_t id = SYSREG_ID(
		(uint32_t)FIELD_GET(ESR_SYSREG_OP0, esr), (uint32_t)FIELD_GET(ESR_SYSREG_OP1, esr),
		(uint32_t)FIELD_GET(ESR_SYSREG_CRN, esr), (uint32_t)FIELD_GET(ESR_SYSREG_CRM, esr),
		(uint32_t)FIELD_GET(ESR_SYSREG_OP2, esr));

	fmt_print(sink, "  ");
	if (!sysreg_print_name(sink, id))
		sysreg_print_encoding(sink, id);
	fmt_print(sink, ": %s\n", sysreg_fault_reason(id));
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
		if (ec == ESR_EC_SYSREG)
			sysreg_fault_hint(sink, r->esr);
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
