/* SPDX-License-Identifier: MIT */
/*
 * Names of the system registers (and system instructions) a guest can trap on,
 * for fault reports: "CNTP_CTL_EL0" rather than only "S3_3_C14_C2_1". Pure C
 * (host-tested).
 */
#ifndef CELLFORGE_ARM64_SYSREG_NAMES_H
#define CELLFORGE_ARM64_SYSREG_NAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/printf.h"

/*
 * Prints the Arm ARM name of the register or instruction with SYSREG_ID id
 * (e.g. "DBGBVR3_EL1", "DC ISW") and returns true, or prints nothing and
 * returns false when it has no name here.
 */
bool sysreg_print_name(struct fmt_sink *sink, uint32_t id);

/* Prints the generic encoding form, S<op0>_<op1>_C<n>_C<m>_<op2>. */
void sysreg_print_encoding(struct fmt_sink *sink, uint32_t id);

#endif
