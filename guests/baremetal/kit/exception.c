// SPDX-License-Identifier: MIT
/* ESR_EL1 layout and exception classes: Arm ARM D13.2.37. */
#include <stdbool.h>
#include <stddef.h>

#include "kit/arch.h"
#include "kit/boot.h"
#include "kit/config.h"
#include "kit/console.h"
#include "kit/exception.h"
#include "kit/image.h"

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3fu
#define ESR_IL	     (1u << 25)
#define ESR_ISS_MASK 0x1ffffffu
/* Data/instruction abort ISS fields (D13.2.37, "ISS encoding for an exception from a
 * Data Abort"). */
#define ISS_DABT_ISV	   (1u << 24)
#define ISS_DABT_SAS_SHIFT 22
#define ISS_DABT_FNV	   (1u << 10)
#define ISS_DABT_WNR	   (1u << 6)
#define ISS_FSC_MASK	   0x3fu

#define EC_UNKNOWN    0x00
#define EC_WFX	      0x01
#define EC_FP_ACCESS  0x07
#define EC_ILLEGAL    0x0e
#define EC_SVC64      0x15
#define EC_HVC64      0x16
#define EC_SMC64      0x17
#define EC_SYSREG     0x18
#define EC_IABT_LOWER 0x20
#define EC_IABT_SAME  0x21
#define EC_PC_ALIGN   0x22
#define EC_DABT_LOWER 0x24
#define EC_DABT_SAME  0x25
#define EC_SP_ALIGN   0x26
#define EC_SERROR     0x2f
#define EC_BRK64      0x3c

/* vectors.S builds the frame with these offsets (SYNC_FRAME, SYNC_ELR, SYNC_ESR). */
_Static_assert(offsetof(struct kit_exception, elr) == 248, "vectors.S SYNC_ELR");
_Static_assert(offsetof(struct kit_exception, esr) == 264, "vectors.S SYNC_ESR");
_Static_assert(sizeof(struct kit_exception) <= 288, "vectors.S SYNC_FRAME");

static kit_irq_handler irq_handler;
/* Read by vectors.S to decide whether a synchronous exception needs a frame at all. */
kit_sync_handler kit_sync_hook;
static uint8_t in_fatal[KIT_MAX_CPUS];
static uint8_t in_sync[KIT_MAX_CPUS];

void kit_set_irq_handler(kit_irq_handler handler)
{
	__atomic_store_n(&irq_handler, handler, __ATOMIC_RELEASE);
}

void kit_irq_dispatch(void)
{
	kit_irq_handler handler = __atomic_load_n(&irq_handler, __ATOMIC_ACQUIRE);

	if (!handler)
		kit_fatal_exception(4 * 1 + 1, 0, 0); /* IRQ at EL1h, nobody to take it */
	handler();
}

void kit_set_sync_handler(kit_sync_handler handler)
{
	__atomic_store_n(&kit_sync_hook, handler, __ATOMIC_RELEASE);
}

bool kit_sync_dispatch(struct kit_exception *e)
{
	kit_sync_handler handler = __atomic_load_n(&kit_sync_hook, __ATOMIC_ACQUIRE);
	unsigned cpu = cpu_index() < KIT_MAX_CPUS ? cpu_index() : 0;
	bool handled;

	/* A fault in the handler itself would call it again, forever: report it instead. */
	if (!handler || in_sync[cpu])
		return false;
	in_sync[cpu] = 1;
	handled = handler(e);
	in_sync[cpu] = 0;
	return handled;
}

static const char *ec_name(uint32_t ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason (undefined instruction?)";
	case EC_WFX:
		return "trapped WFI/WFE";
	case EC_FP_ACCESS:
		return "FP/SIMD access (the kit builds with -mgeneral-regs-only)";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC";
	case EC_HVC64:
		return "HVC";
	case EC_SMC64:
		return "trapped SMC";
	case EC_SYSREG:
		return "trapped system register access";
	case EC_IABT_LOWER:
	case EC_IABT_SAME:
		return "instruction abort";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOWER:
	case EC_DABT_SAME:
		return "data abort";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "BRK instruction";
	default:
		return "other";
	}
}

static bool is_abort(uint32_t ec)
{
	return ec == EC_DABT_SAME || ec == EC_DABT_LOWER || ec == EC_IABT_SAME ||
	       ec == EC_IABT_LOWER;
}

/* Fault status code of an abort (D13.2.37, DFSC/IFSC). */
static void print_fault_status(uint32_t fsc)
{
	static const char *const kinds[] = {"address size fault", "translation fault",
					    "access flag fault", "permission fault"};

	if (fsc < 0x10)
		printf_unlocked("%s, level %u", kinds[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		printf_unlocked("synchronous external abort");
	else if (fsc == 0x21)
		printf_unlocked("alignment fault");
	else if (fsc == 0x30)
		printf_unlocked("TLB conflict abort");
	else
		printf_unlocked("fault status 0x%02x", fsc);
}

static void print_location(const char *what, uint64_t addr)
{
	uint64_t start = (uintptr_t)__image_start, end = (uintptr_t)__image_end;

	printf_unlocked("  %s 0x%016lx", what, addr);
	if (addr >= start && addr < end)
		printf_unlocked(" (image + 0x%lx)", addr - start);
	printf_unlocked("\n");
}

void kit_fatal_exception(uint64_t kind, uint64_t sp, uint64_t lr)
{
	static const char *const origins[] = {"EL1 on SP_EL0", "EL1", "EL0 (AArch64)",
					      "EL0 (AArch32)"};
	static const char *const types[] = {"synchronous exception", "IRQ", "FIQ", "SError"};
	uint64_t esr = read_esr_el1(), far = read_far_el1(), elr = read_elr_el1();
	uint64_t spsr = read_spsr_el1();
	unsigned cpu = cpu_index() < KIT_MAX_CPUS ? cpu_index() : 0;
	uint32_t ec = (uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	uint32_t iss = (uint32_t)esr & ESR_ISS_MASK;
	bool sync = (kind & 3) == 0;
	bool locked;

	/* A fault while reporting a fault: the console itself may be what fails. */
	if (in_fatal[cpu]++)
		cpu_park();
	locked = console_lock_bounded();

	printf_unlocked("\n*** %s: cpu 0x%lx (kit index %u): unexpected %s from %s\n",
			kit_cell_name(), cpu_mpidr(), cpu, types[kind & 3],
			origins[(kind >> 2) & 3]);
	if (sync) {
		printf_unlocked("  ESR_EL1 0x%08lx: EC 0x%02x %s, IL %u, ISS 0x%07x\n", esr, ec,
				ec_name(ec), (esr & ESR_IL) ? 1u : 0u, iss);
		if (is_abort(ec)) {
			printf_unlocked("  ");
			print_fault_status(iss & ISS_FSC_MASK);
			if (ec == EC_DABT_SAME || ec == EC_DABT_LOWER) {
				printf_unlocked(", %s", (iss & ISS_DABT_WNR) ? "write" : "read");
				if (iss & ISS_DABT_ISV)
					printf_unlocked(" of %u bytes",
							1u << ((iss >> ISS_DABT_SAS_SHIFT) & 3));
			}
			printf_unlocked("%s\n", (iss & ISS_DABT_FNV) ? ", FAR not valid" : "");
		}
		if (is_abort(ec) || ec == EC_PC_ALIGN)
			print_location("FAR_EL1", far);
	}
	print_location("ELR_EL1", elr);
	printf_unlocked("  SPSR_EL1 0x%08lx\n", spsr);
	if (sp)
		print_location("SP     ", sp);
	if (lr)
		print_location("LR     ", lr);
	printf_unlocked("*** cpu 0x%lx stopped\n", cpu_mpidr());

	if (locked)
		console_unlock();
	cpu_park();
}
