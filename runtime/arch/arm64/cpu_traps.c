// SPDX-License-Identifier: MIT
#include "arch/arm64/cpu_traps.h"
#include "arch/arm64/id_regs.h"
#include "arch/arm64/setway.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vcpu.h"
#include "core/cell.h"
#include "core/percpu.h"

/* ID_AA64MMFR2_EL1.CCIDX [23:20] (Arm ARM D19.2.65): CCSIDR_EL1 in its 64-bit layout. */
#define ID_AA64MMFR2_CCIDX_SHIFT 20
#define ID_AA64MMFR2_CCIDX_MASK	 0xfull

#define ID_CASE(crm, op2)                                                                          \
	case SYSREG_ID(3, 0, 0, crm, op2):                                                         \
		return read_sysreg(S3_0_C0_C##crm##_##op2)

/*
 * The hardware value of an ID register id_regs.c passes fields of. The others
 * read as 0 for the guest whatever the hardware holds, so they are not read.
 */
static uint64_t id_reg_hw(uint32_t id)
{
	switch (id) {
		ID_CASE(1, 0); /* ID_PFR0_EL1 */
		ID_CASE(1, 1); /* ID_PFR1_EL1 */
		ID_CASE(1, 2); /* ID_DFR0_EL1 */
		ID_CASE(1, 4); /* ID_MMFR0_EL1 */
		ID_CASE(1, 5); /* ID_MMFR1_EL1 */
		ID_CASE(1, 6); /* ID_MMFR2_EL1 */
		ID_CASE(1, 7); /* ID_MMFR3_EL1 */
		ID_CASE(2, 0); /* ID_ISAR0_EL1 */
		ID_CASE(2, 1); /* ID_ISAR1_EL1 */
		ID_CASE(2, 2); /* ID_ISAR2_EL1 */
		ID_CASE(2, 3); /* ID_ISAR3_EL1 */
		ID_CASE(2, 4); /* ID_ISAR4_EL1 */
		ID_CASE(2, 5); /* ID_ISAR5_EL1 */
		ID_CASE(2, 6); /* ID_MMFR4_EL1 */
		ID_CASE(2, 7); /* ID_ISAR6_EL1 */
		ID_CASE(3, 0); /* MVFR0_EL1 */
		ID_CASE(3, 1); /* MVFR1_EL1 */
		ID_CASE(3, 2); /* MVFR2_EL1 */
		ID_CASE(3, 4); /* ID_PFR2_EL1 */
		ID_CASE(3, 5); /* ID_DFR1_EL1 */
		ID_CASE(3, 6); /* ID_MMFR5_EL1 */
		ID_CASE(4, 0); /* ID_AA64PFR0_EL1 */
		ID_CASE(4, 1); /* ID_AA64PFR1_EL1 */
		ID_CASE(5, 0); /* ID_AA64DFR0_EL1 */
		ID_CASE(6, 0); /* ID_AA64ISAR0_EL1 */
		ID_CASE(6, 1); /* ID_AA64ISAR1_EL1 */
		ID_CASE(6, 2); /* ID_AA64ISAR2_EL1 */
		ID_CASE(7, 0); /* ID_AA64MMFR0_EL1 */
		ID_CASE(7, 1); /* ID_AA64MMFR1_EL1 */
		ID_CASE(7, 2); /* ID_AA64MMFR2_EL1 */
	default:
		return 0;
	}
}

/* Set/way bookkeeping of each CPU (setway.h); each CPU writes its own only. */
static struct setway_cpu setway_cpus[CF_BOARD_CPU_COUNT];

void cpu_setway_reset(void)
{
	uint64_t mmfr2 = read_sysreg(S3_0_C0_C7_2); /* ID_AA64MMFR2_EL1 */
	bool ccidx = ((mmfr2 >> ID_AA64MMFR2_CCIDX_SHIFT) & ID_AA64MMFR2_CCIDX_MASK) != 0;
	uint64_t ccsidr;

	/* Level 1 data cache (CSSELR_EL1 0); the guest's CSSELR_EL1 is reset after this. */
	write_sysreg(0, csselr_el1);
	isb();
	ccsidr = read_sysreg(ccsidr_el1);
	setway_cpu_reset(&setway_cpus[this_cpu()->index], setway_ops_per_sweep(ccsidr, ccidx));
}

/* DC CIVAC over [start, end) through the hypervisor's identity map of board RAM. */
static void clean_inval_range(uint64_t start, uint64_t end, void *ctx)
{
	uint64_t line =
		4ull << ((read_sysreg(ctr_el0) >> CTR_EL0_DMINLINE_SHIFT) & CTR_EL0_DMINLINE_MASK);

	(void)ctx;
	for (uint64_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_sy();
}

static void emulate_setway(void)
{
	struct cell *c = cell_of_this_cpu();

	cell_count_exit(EXIT_SETWAY);
	if (c && setway_op(&setway_cpus[this_cpu()->index]))
		(void)setway_sweep(c->cfg, clean_inval_range, NULL);
}

bool cpu_handle_sysreg(struct exc_frame *f)
{
	struct sysreg_trap t;

	sysreg_trap_decode(f->esr, &t);
	if (id_reg_in_tid3_space(t.id)) {
		/* ID registers are read-only: an MSR is UNDEFINED and never traps here. */
		if (!t.read)
			return false;
		sysreg_trap_complete_read(&t, f->x, id_reg_sanitise(t.id, id_reg_hw(t.id)));
		f->elr += 4;
		return true;
	}
	if (setway_is_op(t.id) && !t.read) {
		/* Never the slot it names (another cell's line may be there): setway.h. */
		emulate_setway();
		f->elr += 4;
		return true;
	}
	if (sysreg_is_ras_error_record(t.id)) {
		/* The guest's ID registers show no RAS: these registers do not exist for it. */
		vcpu_inject_sync(f);
		return true;
	}
	return false;
}
