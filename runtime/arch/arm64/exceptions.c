// SPDX-License-Identifier: MIT
/*
 * EL2 exception entry from vectors.S. Exceptions from a lower EL are the
 * guests' (traps, interrupts while a guest runs) and go to guest_exit().
 * The hypervisor itself runs with interrupts masked and expects no
 * exception: one from EL2 is a hypervisor bug and ends in a decoded report
 * and a panic.
 */
#include "arch/arm64/esr.h"
#include "arch/arm64/exception_frame.h"
#include "arch/arm64/sysreg.h"
#include "core/cell.h"
#include "core/console.h"
#include "core/panic.h"
#include "core/percpu.h"

#define BACKTRACE_MAX_FRAMES 16u

static const char *const vector_kinds[4] = {"synchronous", "IRQ", "FIQ", "SError"};
static const char *const vector_sources[4] = {
	"current EL on SP_EL0",
	"current EL on SP_EL2 (the hypervisor itself)",
	"lower EL in AArch64 (a guest)",
	"lower EL in AArch32 (a guest)",
};

static const char *spsr_mode_name(uint64_t spsr)
{
	static const char *const modes[16] = {
		[0x0] = "EL0t", [0x4] = "EL1t", [0x5] = "EL1h", [0x8] = "EL2t", [0x9] = "EL2h",
	};
	const char *name = modes[spsr & SPSR_M_MASK];

	if (spsr & SPSR_M_AARCH32)
		return "AArch32";
	return name ? name : "reserved mode";
}

static void print_spsr(uint64_t spsr)
{
	console_printf_locked("  SPSR_EL2 0x%llx: %s, masked:%s%s%s%s, NZCV %c%c%c%c%s\n",
			      (unsigned long long)spsr, spsr_mode_name(spsr),
			      (spsr & SPSR_D) ? " D" : "", (spsr & SPSR_A) ? " A" : "",
			      (spsr & SPSR_I) ? " I" : "", (spsr & SPSR_F) ? " F" : "",
			      (spsr & BIT(SPSR_NZCV_SHIFT + 3)) ? 'N' : '-',
			      (spsr & BIT(SPSR_NZCV_SHIFT + 2)) ? 'Z' : '-',
			      (spsr & BIT(SPSR_NZCV_SHIFT + 1)) ? 'C' : '-',
			      (spsr & BIT(SPSR_NZCV_SHIFT + 0)) ? 'V' : '-',
			      (spsr & SPSR_IL) ? ", illegal execution state" : "");
}

static void print_registers(const struct exc_frame *f)
{
	for (uint32_t i = 0; i < 31; i += 4) {
		console_printf_locked(" ");
		for (uint32_t r = i; r < i + 4 && r < 31; r++)
			console_printf_locked(" %sx%u 0x%016llx", r < 10 ? " " : "", r,
					      (unsigned long long)f->x[r]);
		if (i + 4 > 31)
			console_printf_locked("   sp 0x%016llx", (unsigned long long)f->sp);
		console_printf_locked("\n");
	}
}

/*
 * Follows AAPCS64 frame records (x29 -> {previous x29, return address}) as
 * long as they stay inside the hypervisor's stacks, so a corrupt x29 cannot
 * make the report fault.
 */
static void print_backtrace(const struct exc_frame *f)
{
	uint64_t fp = f->x[29];

	console_printf_locked("  backtrace: 0x%llx", (unsigned long long)f->elr);
	for (uint32_t n = 0; n < BACKTRACE_MAX_FRAMES; n++) {
		if (!IS_ALIGNED(fp, 16) || !hyp_stack_contains(fp, 16))
			break;
		const uint64_t *record = (const uint64_t *)(uintptr_t)fp;

		if (record[1] == 0)
			break;
		console_printf_locked(" 0x%llx", (unsigned long long)record[1]);
		if (record[0] <= fp) /* frames grow towards lower addresses */
			break;
		fp = record[0];
	}
	console_printf_locked("\n");
}

static __noreturn void report_unexpected(const struct exc_frame *f, uint64_t vector)
{
	if (panic_begin()) {
		struct percpu *cpu = this_cpu();
		uint32_t ec = esr_class(f->esr);
		bool from_el2 = vector >= 4 && vector < 8;
		bool is_abort = ec == ESR_EC_DABT_LOWER || ec == ESR_EC_DABT_CURRENT ||
				ec == ESR_EC_IABT_LOWER || ec == ESR_EC_IABT_CURRENT;

		console_printf_locked(
			"PANIC: unexpected %s exception from %s on %s (mpidr 0x%llx)\n",
			vector_kinds[vector % 4], vector_sources[(vector / 4) % 4],
			cpu ? cf_board.cpus[cpu->index].name : "unknown CPU",
			(unsigned long long)mpidr_affinity());
		if (vector % 4 == 0 || vector % 4 == 3) /* ESR is only meaningful for these */
			esr_describe(console_sink(), f->esr, "  ");
		if (is_abort)
			console_printf_locked("  FAR_EL2 0x%016llx%s\n", (unsigned long long)f->far,
					      (f->esr & ESR_ABT_FNV) ? " (not valid)" : "");
		console_printf_locked("  ELR_EL2 0x%016llx%s\n", (unsigned long long)f->elr,
				      from_el2 ? " (at EL2)" : " (in a guest)");
		print_spsr(f->spsr);
		print_registers(f);
		if (from_el2)
			print_backtrace(f);
	}
	panic_end();
}

void el2_exception(struct exc_frame *frame, uint64_t vector)
{
	vector %= EXC_VECTOR_COUNT;
	if (vector >= 8) {
		guest_exit(frame, vector);
		return;
	}
	report_unexpected(frame, vector);
}
