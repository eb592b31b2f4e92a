// SPDX-License-Identifier: MIT
/*
 * Names from the Arm ARM (DDI 0487), "ESR_EL2, Exception Syndrome Register
 * (EL2)": the EC table and the DFSC/IFSC encodings of the abort ISS.
 */
#include <stdbool.h>

#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg_names.h"
#include "arch/arm64/sysreg_trap.h"

struct code_name {
	uint8_t code;
	const char *name;
};

static const struct code_name exception_classes[] = {
    {0x00, "unknown reason (e.g. undefined instruction)"},
    {0x01, "trapped WFI or WFE"},
    {0x03, "trapped AArch32 MCR or MRC (coproc 0b1111)"},
    {0x04, "trapped AArch32 MCRR or MRRC (coproc 0b1111)"},
    {0x05, "trapped AArch32 MCR or MRC (coproc 0b1110)"},
    {0x06, "trapped AArch32 LDC or STC"},
    {0x07, "trapped SVE, SIMD or floating-point access"},
    {0x08, "trapped AArch32 VMRS (ID group)"},
    {0x09, "trapped pointer authentication instruction"},
    {0x0a, "trapped LD64B/ST64B instruction"},
    {0x0c, "trapped AArch32 MRRC (coproc 0b1110)"},
    {0x0d, "branch target exception"},
    {0x0e, "illegal execution state"},
    {0x11, "SVC from AArch32"},
    {0x12, "HVC from AArch32"},
    {0x13, "SMC from AArch32"},
    {0x15, "SVC from AArch64"},
    {0x16, "HVC from AArch64"},
    {0x17, "SMC from AArch64"},
    {0x18, "trapped MSR, MRS or system instruction"},
    {0x19, "trapped SVE access"},
    {0x1a, "trapped ERET"},
    {0x1c, "pointer authentication failure"},
    {0x20, "instruction abort from a lower exception level"},
    {0x21, "instruction abort without a change in exception level"},
    {0x22, "PC alignment fault"},
    {0x24, "data abort from a lower exception level"},
    {0x25, "data abort without a change in exception level"},
    {0x26, "SP alignment fault"},
    {0x27, "memory operation exception"},
    {0x28, "trapped AArch32 floating-point exception"},
    {0x2c, "trapped AArch64 floating-point exception"},
    {0x2f, "SError interrupt"},
    {0x30, "breakpoint from a lower exception level"},
    {0x31, "breakpoint without a change in exception level"},
    {0x32, "software step from a lower exception level"},
    {0x33, "software step without a change in exception level"},
    {0x34, "watchpoint from a lower exception level"},
    {0x35, "watchpoint without a change in exception level"},
    {0x38, "AArch32 BKPT instruction"},
    {0x3a, "AArch32 vector catch"},
    {0x3c, "AArch64 BRK instruction"},
};

/* Fault status codes that are not one of the per-level families. */
static const struct code_name fault_status_codes[] = {
    {0x10, "synchronous external abort, not on a table walk"},
    {0x11, "synchronous tag check fault"},
    {0x13, "synchronous external abort on a table walk, level -1"},
    {0x18, "synchronous parity or ECC error, not on a table walk"},
    {0x1b, "synchronous parity or ECC error on a table walk, level -1"},
    {0x21, "alignment fault"},
    {0x22, "granule protection fault, not on a table walk"},
    {0x23, "granule protection fault on a table walk, level -1"},
    {0x29, "address size fault, level -1"},
    {0x2b, "translation fault, level -1"},
    {0x30, "TLB conflict abort"},
    {0x31, "unsupported atomic hardware update fault"},
    {0x34, "implementation defined fault (lockdown)"},
    {0x35, "implementation defined fault (unsupported exclusive or atomic access)"},
};

/* Families of four codes, one per lookup level 0..3 in the low two bits. */
static const struct code_name fault_status_families[] = {
    {0x00, "address size fault"},
    {0x04, "translation fault"},
    {0x08, "access flag fault"},
    {0x0c, "permission fault"},
    {0x14, "synchronous external abort on a table walk"},
    {0x1c, "synchronous parity or ECC error on a table walk"},
    {0x24, "granule protection fault on a table walk"},
};

static const char *lookup(const struct code_name *table, uint32_t count, uint32_t code)
{
	for (uint32_t i = 0; i < count; i++) {
		if (table[i].code == code)
			return table[i].name;
	}
	return NULL;
}

const char *esr_class_name(uint32_t ec)
{
	const char *name = lookup(exception_classes, ARRAY_SIZE(exception_classes), ec);

	return name ? name : "reserved exception class";
}

static const char *fault_family(uint32_t fsc)
{
	/* 0x08 alone is level 0 access flag fault only with FEAT_LPA2. */
	return lookup(fault_status_families, ARRAY_SIZE(fault_status_families), fsc & ~3u);
}

int esr_fault_level(uint32_t fsc)
{
	if (fsc == 0x13 || fsc == 0x1b || fsc == 0x23 || fsc == 0x29 || fsc == 0x2b)
		return -1;
	if (!lookup(fault_status_codes, ARRAY_SIZE(fault_status_codes), fsc) && fault_family(fsc))
		return (int)(fsc & 3u);
	return ESR_NO_LEVEL;
}

const char *esr_fault_status_name(uint32_t fsc)
{
	const char *name = lookup(fault_status_codes, ARRAY_SIZE(fault_status_codes), fsc);

	if (!name)
		name = fault_family(fsc);
	return name ? name : "reserved fault status code";
}

static void describe_abort(struct fmt_sink *sink, uint64_t esr, const char *indent, bool data)
{
	uint32_t fsc = (uint32_t)FIELD_GET(ESR_ABT_FSC, esr);
	int level = esr_fault_level(fsc);

	fmt_print(sink, "%s%s 0x%02x %s", indent, data ? "DFSC" : "IFSC", fsc,
		  esr_fault_status_name(fsc));
	if (level >= 0) /* level -1 codes say so in their name */
		fmt_print(sink, ", level %d", level);
	if (data)
		fmt_print(sink, "; %s (WnR %u)", (esr & ESR_DABT_WNR) ? "write" : "read",
			  (unsigned int)FIELD_GET(ESR_DABT_WNR, esr));
	fmt_print(sink, "\n");

	if (data) {
		if (esr & ESR_DABT_ISV) {
			unsigned int sas = (unsigned int)FIELD_GET(ESR_DABT_SAS, esr);
			unsigned int srt = (unsigned int)FIELD_GET(ESR_DABT_SRT, esr);

			fmt_print(
			    sink,
			    "%sISV 1: %u-byte access (SAS %u), register %c%u (SRT %u, SF %u), "
			    "SSE %u, AR %u\n",
			    indent, 1u << sas, sas, (esr & ESR_DABT_SF) ? 'x' : 'w', srt, srt,
			    (unsigned int)FIELD_GET(ESR_DABT_SF, esr),
			    (unsigned int)FIELD_GET(ESR_DABT_SSE, esr),
			    (unsigned int)FIELD_GET(ESR_DABT_AR, esr));
		} else {
			fmt_print(sink, "%sISV 0: no access size or register in the syndrome\n",
				  indent);
		}
	}
	fmt_print(
	    sink, "%sFnV %u (FAR %s), EA %u, S1PTW %u", indent,
	    (unsigned int)FIELD_GET(ESR_ABT_FNV, esr), (esr & ESR_ABT_FNV) ? "not valid" : "valid",
	    (unsigned int)FIELD_GET(ESR_ABT_EA, esr), (unsigned int)FIELD_GET(ESR_ABT_S1PTW, esr));
	if (data)
		fmt_print(sink, ", CM %u", (unsigned int)FIELD_GET(ESR_DABT_CM, esr));
	fmt_print(sink, "\n");
}

static void describe_sysreg(struct fmt_sink *sink, uint64_t esr, const char *indent)
{
	uint32_t op0 = (uint32_t)FIELD_GET(ESR_SYSREG_OP0, esr);
	uint32_t id = SYSREG_ID(op0, (uint32_t)FIELD_GET(ESR_SYSREG_OP1, esr),
				(uint32_t)FIELD_GET(ESR_SYSREG_CRN, esr),
				(uint32_t)FIELD_GET(ESR_SYSREG_CRM, esr),
				(uint32_t)FIELD_GET(ESR_SYSREG_OP2, esr));
	bool read = (esr & ESR_SYSREG_READ) != 0;
	const char *kind;

	/* op0 0 and 1 encode system instructions (SYS, SYSL), 2 and 3 registers. */
	if (op0 <= 1)
		kind = read ? "SYSL (system instruction)" : "SYS (system instruction)";
	else
		kind = read ? "MRS (read)" : "MSR (write)";
	fmt_print(sink, "%s%s ", indent, kind);
	if (sysreg_print_name(sink, id)) {
		fmt_print(sink, " (");
		sysreg_print_encoding(sink, id);
		fmt_print(sink, ")");
	} else {
		sysreg_print_encoding(sink, id);
	}
	fmt_print(sink, ", register x%u\n", (unsigned int)FIELD_GET(ESR_SYSREG_RT, esr));
}

void esr_describe(struct fmt_sink *sink, uint64_t esr, const char *indent)
{
	uint32_t ec = esr_class(esr);

	fmt_print(sink, "%sESR_EL2 0x%08llx: EC 0x%02x %s, %s instruction\n", indent,
		  (unsigned long long)esr, ec, esr_class_name(ec),
		  (esr & ESR_IL) ? "32-bit" : "16-bit");
	switch (ec) {
	case ESR_EC_DABT_LOWER:
	case ESR_EC_DABT_CURRENT:
		describe_abort(sink, esr, indent, true);
		break;
	case ESR_EC_IABT_LOWER:
	case ESR_EC_IABT_CURRENT:
		describe_abort(sink, esr, indent, false);
		break;
	case ESR_EC_SYSREG:
		describe_sysreg(sink, esr, indent);
		break;
	case ESR_EC_HVC64:
	case ESR_EC_SMC64:
	case ESR_EC_BRK64:
		fmt_print(sink, "%simmediate #0x%x\n", indent, (unsigned int)(esr & 0xffff));
		break;
	default:
		fmt_print(sink, "%sISS 0x%07x\n", indent, (unsigned int)(esr & ESR_ISS_MASK));
		break;
	}
}
