// SPDX-License-Identifier: MIT
/*
 * Host tests of the trapped MSR/MRS decoder (runtime/arch/arm64/sysreg_trap.c).
 * Syndromes are composed from the Arm ARM's ISS layout for EC 0x18:
 * Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read).
 */
#include <stdint.h>

#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg_trap.h"
#include "check.h"

static uint64_t iss(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm, uint32_t op2,
		    uint32_t rt, int read)
{
	return ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL | ((uint64_t)op0 << 20) |
	       ((uint64_t)op2 << 17) | ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) |
	       ((uint64_t)rt << 5) | ((uint64_t)crm << 1) | (read ? 1u : 0u);
}

static void test_gic_sgi_registers(void)
{
	struct sysreg_trap t;

	case_begin();
	/* msr icc_sgi1r_el1, x3 */
	sysreg_trap_decode(iss(3, 0, 12, 11, 5, 3, 0), &t);
	CHECK_U64(t.id, SYSREG_ICC_SGI1R_EL1, "ICC_SGI1R_EL1");
	CHECK_INT(t.rt, 3, "Rt");
	CHECK(!t.read, "a write");
	/* msr icc_asgi1r_el1, x30 and icc_sgi0r_el1, xzr */
	sysreg_trap_decode(iss(3, 0, 12, 11, 6, 30, 0), &t);
	CHECK_U64(t.id, SYSREG_ICC_ASGI1R_EL1, "ICC_ASGI1R_EL1");
	CHECK_INT(t.rt, 30, "Rt 30");
	sysreg_trap_decode(iss(3, 0, 12, 11, 7, 31, 0), &t);
	CHECK_U64(t.id, SYSREG_ICC_SGI0R_EL1, "ICC_SGI0R_EL1");
	CHECK_INT(t.rt, SYSREG_RT_XZR, "XZR");
	/* mrs x1, icc_sgi1r_el1 is a read of a write-only register */
	sysreg_trap_decode(iss(3, 0, 12, 11, 5, 1, 1), &t);
	CHECK(t.read, "a read");
	case_end("ICC SGI registers");
}

static void test_timer_and_others(void)
{
	struct sysreg_trap t;

	case_begin();
	sysreg_trap_decode(iss(3, 3, 14, 2, 1, 0, 1), &t);
	CHECK_U64(t.id, SYSREG_CNTP_CTL_EL0, "CNTP_CTL_EL0");
	sysreg_trap_decode(iss(3, 3, 14, 2, 2, 5, 0), &t);
	CHECK_U64(t.id, SYSREG_CNTP_CVAL_EL0, "CNTP_CVAL_EL0");
	sysreg_trap_decode(iss(3, 3, 14, 2, 0, 5, 0), &t);
	CHECK_U64(t.id, SYSREG_CNTP_TVAL_EL0, "CNTP_TVAL_EL0");
	/* Every field distinguishes: ICC_DIR_EL1 (op2 1) is not ICC_SGI1R_EL1. */
	sysreg_trap_decode(iss(3, 0, 12, 11, 1, 0, 0), &t);
	CHECK(t.id != SYSREG_ICC_SGI1R_EL1, "ICC_DIR_EL1 is another register");
	sysreg_trap_decode(iss(3, 1, 12, 11, 5, 0, 0), &t);
	CHECK(t.id != SYSREG_ICC_SGI1R_EL1, "op1 1 is another register");
	sysreg_trap_decode(iss(2, 0, 12, 11, 5, 0, 0), &t);
	CHECK(t.id != SYSREG_ICC_SGI1R_EL1, "op0 2 is another register");
	case_end("timer registers, fields distinguish");
}

static void test_values(void)
{
	struct sysreg_trap t = {.id = SYSREG_ICC_SGI1R_EL1, .rt = 7, .read = false};
	uint64_t x[31] = {0};

	case_begin();
	x[7] = 0x1234;
	CHECK_U64(sysreg_trap_value(&t, x), 0x1234, "MSR value from x7");
	t.rt = SYSREG_RT_XZR;
	CHECK_U64(sysreg_trap_value(&t, x), 0, "MSR from XZR writes 0");
	t.read = true;
	sysreg_trap_complete_read(&t, x, 0xdead); /* XZR: discarded, no out-of-bounds write */
	t.rt = 2;
	sysreg_trap_complete_read(&t, x, 0xbeef);
	CHECK_U64(x[2], 0xbeef, "MRS result in x2");
	case_end("MSR values, MRS results, XZR");
}

int main(void)
{
	test_gic_sgi_registers();
	test_timer_and_others();
	test_values();
	return check_summary("sysreg_trap");
}
