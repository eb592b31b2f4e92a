/* SPDX-License-Identifier: MIT */
/*
 * Trapped MSR/MRS (ESR_EL2.EC 0x18): which system register, which general
 * purpose register, which direction. Pure C (host-tested).
 *
 * Registers are named by their encoding op0, op1, CRn, CRm, op2 (Arm ARM
 * DDI 0487, "System instruction class encoding overview"); SYSREG_ID packs
 * them into one number that compares and switches well.
 */
#ifndef CELLFORGE_ARM64_SYSREG_TRAP_H
#define CELLFORGE_ARM64_SYSREG_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#define SYSREG_ID(op0, op1, crn, crm, op2)                                                         \
	((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2)))

/* GIC SGI generation registers (IHI 0069, 12.2): write-only, trapped with HCR_EL2.IMO/FMO. */
#define SYSREG_ICC_SGI1R_EL1  SYSREG_ID(3, 0, 12, 11, 5)
#define SYSREG_ICC_ASGI1R_EL1 SYSREG_ID(3, 0, 12, 11, 6)
#define SYSREG_ICC_SGI0R_EL1  SYSREG_ID(3, 0, 12, 11, 7)

/* EL1 physical timer (trapped: CNTHCTL_EL2.EL1PCEN = 0). */
#define SYSREG_CNTP_TVAL_EL0 SYSREG_ID(3, 3, 14, 2, 0)
#define SYSREG_CNTP_CTL_EL0  SYSREG_ID(3, 3, 14, 2, 1)
#define SYSREG_CNTP_CVAL_EL0 SYSREG_ID(3, 3, 14, 2, 2)

/* The zero register in an Rt field. */
#define SYSREG_RT_XZR 31u

struct sysreg_trap {
	uint32_t id; /* SYSREG_ID of the register */
	uint32_t rt; /* general purpose register, 31 = XZR */
	bool read;   /* MRS (else MSR) */
};

/* Decodes the ISS of an EC 0x18 syndrome (the class is not checked). */
void sysreg_trap_decode(uint64_t esr, struct sysreg_trap *trap);

/* The value an MSR writes: x[rt], or 0 for XZR. */
static inline uint64_t sysreg_trap_value(const struct sysreg_trap *trap, const uint64_t *x)
{
	return trap->rt == SYSREG_RT_XZR ? 0 : x[trap->rt];
}

/* Completes an MRS: x[rt] = value unless rt is XZR. */
static inline void sysreg_trap_complete_read(const struct sysreg_trap *trap, uint64_t *x,
					     uint64_t value)
{
	if (trap->rt != SYSREG_RT_XZR)
		x[trap->rt] = value;
}

#endif
