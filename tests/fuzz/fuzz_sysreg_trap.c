// SPDX-License-Identifier: MIT
/*
 * Fuzzes the trapped MSR/MRS decode (runtime/arch/arm64/sysreg_trap.c) with
 * any ISS a guest's system register access can produce, and any register
 * file, then completes the access as the trap handlers do.
 *
 * Invariants checked for every trap:
 *   - op0, op1, CRn, CRm, op2 of the SYSREG_ID are the ISS fields (an
 *     independent decode of ESR_EL2's ISS for EC 0x18), so no encoding of
 *     another register can alias a handled one (the ICC_SGI*R_EL1 and
 *     CNTP_* IDs are compared against their architectural encodings);
 *   - Rt is at most 31 and the direction is ISS bit 0;
 *   - an MSR from XZR writes 0; an MRS completes into Rt only, never for XZR.
 */
#include <string.h>

#include "arch/arm64/sysreg_trap.h"
#include "fuzz_common.h"

static uint32_t field(uint64_t esr, uint32_t lsb, uint32_t width)
{
	return (uint32_t)(esr >> lsb) & ((1u << width) - 1u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};
	uint64_t x[31], before[31];

	for (uint32_t i = 0; i < 31; i++)
		x[i] = fuzz_u64(&in);
	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint64_t esr = (0x18ull << 26) | (1ull << 25) | (fuzz_u32(&in) & 0x1ffffffu);
		uint64_t value = fuzz_u64(&in);
		struct sysreg_trap t;
		uint32_t op0 = field(esr, 20, 2), op2 = field(esr, 17, 3), op1 = field(esr, 14, 3);
		uint32_t crn = field(esr, 10, 4), rt = field(esr, 5, 5), crm = field(esr, 1, 4);

		if (fuzz_u8(&in) & 1u) /* often one of the registers the hypervisor handles */
			esr = (esr & ~0x3ffc1eull) | (3ull << 20) |
			      ((value & 1u) ? ((5ull << 17) | (12ull << 10) | (11ull << 1))
					    : ((3ull << 14) | (14ull << 10) | (2ull << 1)));
		op0 = field(esr, 20, 2);
		op2 = field(esr, 17, 3);
		op1 = field(esr, 14, 3);
		crn = field(esr, 10, 4);
		rt = field(esr, 5, 5);
		crm = field(esr, 1, 4);
		sysreg_trap_decode(esr, &t);
		FUZZ_ASSERT(t.id == ((op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2),
			    "id 0x%x from ESR 0x%llx", t.id, (unsigned long long)esr);
		FUZZ_ASSERT(t.rt == rt && t.rt <= 31, "Rt %u from ESR 0x%llx", t.rt,
			    (unsigned long long)esr);
		FUZZ_ASSERT(t.read == (esr & 1u), "direction from ESR 0x%llx",
			    (unsigned long long)esr);
		if (t.id == SYSREG_ICC_SGI1R_EL1)
			FUZZ_ASSERT(op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 == 5,
				    "ICC_SGI1R_EL1 aliased by %u,%u,%u,%u,%u", op0, op1, crn, crm,
				    op2);
		if (t.id == SYSREG_CNTP_CTL_EL0)
			FUZZ_ASSERT(op0 == 3 && op1 == 3 && crn == 14 && crm == 2 && op2 == 1,
				    "CNTP_CTL_EL0 aliased by %u,%u,%u,%u,%u", op0, op1, crn, crm,
				    op2);
		if (!t.read) {
			FUZZ_ASSERT(sysreg_trap_value(&t, x) == (rt == 31 ? 0 : x[rt]),
				    "MSR value from x%u", rt);
			continue;
		}
		memcpy(before, x, sizeof(x));
		sysreg_trap_complete_read(&t, x, value);
		for (uint32_t i = 0; i < 31; i++)
			FUZZ_ASSERT(x[i] == (i == rt ? value : before[i]),
				    "MRS into x%u changed x%u", rt, i);
	}
	return 0;
}
