// SPDX-License-Identifier: MIT
#include "arch/arm64/sysreg_trap.h"
#include "arch/arm64/esr.h"

void sysreg_trap_decode(uint64_t esr, struct sysreg_trap *trap)
{
	uint32_t op0 = (uint32_t)FIELD_GET(ESR_SYSREG_OP0, esr);
	uint32_t op1 = (uint32_t)FIELD_GET(ESR_SYSREG_OP1, esr);
	uint32_t crn = (uint32_t)FIELD_GET(ESR_SYSREG_CRN, esr);
	uint32_t crm = (uint32_t)FIELD_GET(ESR_SYSREG_CRM, esr);
	uint32_t op2 = (uint32_t)FIELD_GET(ESR_SYSREG_OP2, esr);

	trap->id = SYSREG_ID(op0, op1, crn, crm, op2);
	trap->rt = (uint32_t)FIELD_GET(ESR_SYSREG_RT, esr);
	trap->read = (esr & ESR_SYSREG_READ) != 0;
}
