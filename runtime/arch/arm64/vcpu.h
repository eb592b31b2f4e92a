/* SPDX-License-Identifier: MIT */
/*
 * Putting a physical CPU into a cell's guest: the EL2 controls that confine
 * it (HCR_EL2, stage 2, timer and trap controls) and the EL1 state a guest
 * finds at its entry point (architectural reset values, MMU and caches off).
 */
#ifndef CELLFORGE_ARM64_VCPU_H
#define CELLFORGE_ARM64_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/exception_frame.h"
#include "compiler.h"

/*
 * HCR_EL2 while a guest runs, bit by bit:
 *   VM     stage-2 translation: the cell sees only its own map.
 *   SWIO   set/way invalidate acts as clean+invalidate (no data loss), in case
 *          TSW is ever relaxed.
 *   PTW    a guest page-table walk that hits Device memory faults instead of
 *          reading a device.
 *   FMO, IMO, AMO
 *          physical FIQs, IRQs and SErrors come to EL2 (kicks, the vGIC's
 *          injection), EL1 uses the virtual CPU interface, and EL1 writes of
 *          the SGI generation registers (ICC_SGI1R_EL1 & co.) trap.
 *   FB     TLB and I-cache maintenance is broadcast inner shareable, so a
 *          guest CPU's TLBI reaches the other CPUs of its cell.
 *   BSU    barriers at least inner shareable, for the same reason.
 *   TSC    SMC traps: PSCI is answered by the hypervisor, never forwarded.
 *   TIDCP  implementation defined system registers trap (they can reach
 *          shared hardware such as cache and power controls).
 *   TACR   ACTLR_EL1 traps (implementation defined CPU controls).
 *   TSW    data cache set/way operations trap: they would clean or
 *          invalidate lines that belong to other cells.
 *   TID3   ID register reads trap and are answered with what the hypervisor
 *          supports (id_regs.c): a guest must not use a feature that traps.
 *   RW     EL1 is AArch64.
 * TERR (RAS) and API/APK (pointer authentication) are added when the CPU has
 * the feature (el2_controls.c).
 * WFI and WFE are not trapped (TWI, TWE clear): a CPU belongs to one cell,
 * there is nothing else to run while it waits.
 */
#define HCR_EL2_GUEST                                                                              \
	(HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_PTW | HCR_EL2_FMO | HCR_EL2_IMO | HCR_EL2_AMO |       \
	 HCR_EL2_FB | HCR_EL2_BSU_IS | HCR_EL2_TSC | HCR_EL2_TIDCP | HCR_EL2_TACR | HCR_EL2_TSW |  \
	 HCR_EL2_TID3 | HCR_EL2_RW)

/* Guest PSTATE at entry and after an injected exception: EL1h, DAIF masked. */
#define SPSR_GUEST_ENTRY (SPSR_MODE_EL1H | SPSR_DAIF)

/* VTCR_EL2 all cells share, set once by the boot CPU. */
extern uint64_t vcpu_vtcr;

/*
 * Sets this CPU up for the cell (EL2 controls, VTTBR, EL1 reset state, TLB
 * flush for the VMID) and enters the guest at entry in EL1h with x0 and
 * x1-x3 zero. The hypervisor stack starts over from stack_top.
 */
__noreturn void vcpu_enter(uint64_t vttbr, uint64_t entry, uint64_t x0, uint64_t stack_top);

/*
 * Turns the trapped exception in frame into a synchronous external abort
 * (data or instruction, by the trap's class) taken to the guest's EL1, or an
 * undefined instruction exception for any other class. Returns true for an
 * abort.
 */
bool vcpu_inject_sync(struct exc_frame *frame);

/* guest_entry.S */
__noreturn void guest_start(uint64_t entry, uint64_t x0, uint64_t stack_top, uint64_t spsr);

#endif
