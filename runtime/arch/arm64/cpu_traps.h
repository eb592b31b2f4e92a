/* SPDX-License-Identifier: MIT */
/*
 * Trapped system register accesses about the CPU's features (EC 0x18): reads
 * of the ID registers (HCR_EL2.TID3) are answered with the sanitised values of
 * id_regs.c; the RAS error record registers (HCR_EL2.TERR) do not exist for a
 * guest, which sees no RAS, and are undefined for it. Data cache maintenance
 * by set/way (HCR_EL2.TSW) is emulated by address over the cell's own RAM
 * (setway.h) and counted as a "setway" exit.
 */
#ifndef CELLFORGE_ARM64_CPU_TRAPS_H
#define CELLFORGE_ARM64_CPU_TRAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/exception_frame.h"
#include "arch/arm64/sysreg_trap.h"

/*
 * The RAS error record registers (FEAT_RAS, Arm ARM DDI 0487 "RAS registers"):
 * ERRIDR_EL1, ERRSELR_EL1 (op0 3, op1 0, CRn 5, CRm 3, op2 0..1), ERXFR_EL1,
 * ERXCTLR_EL1, ERXSTATUS_EL1, ERXADDR_EL1, ERXPFGF/CTL/CDN_EL1 (CRm 4, op2
 * 0..6) and ERXMISC0..3_EL1 (CRm 5, op2 0..3): the set HCR_EL2.TERR traps.
 */
static inline bool sysreg_is_ras_error_record(uint32_t id)
{
	uint32_t crm = (id >> 3) & 0xfu, op2 = id & 7u;

	if ((id & ~(uint32_t)SYSREG_ID(0, 0, 0, 0xf, 7)) != SYSREG_ID(3, 0, 5, 0, 0))
		return false;
	return (crm == 3 && op2 <= 1) || (crm == 4 && op2 <= 6) || (crm == 5 && op2 <= 3);
}

/* At every guest entry, before the EL1 state is reset: this CPU's set/way bookkeeping. */
void cpu_setway_reset(void);

/*
 * Handles the trap in frame if it is one of these (completing or injecting it)
 * and returns true; false leaves it to the other handlers.
 */
bool cpu_handle_sysreg(struct exc_frame *frame);

#endif
