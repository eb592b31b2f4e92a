/* SPDX-License-Identifier: MIT */
/*
 * The cell's CPUs: enumeration from /cpus and start-up through PSCI CPU_ON.
 * Kit CPU indices: 0 is the boot CPU; the guest picks 1..KIT_MAX_CPUS-1 for the
 * others (the index selects the stack and is the CPU_ON context id).
 */
#ifndef KIT_SMP_H
#define KIT_SMP_H

#include <stdint.h>

#include "kit/fdt.h"

typedef void (*kit_secondary_fn)(unsigned index);

/*
 * The next enabled CPU node of /cpus after 'prev' (< 0: the first), with its MPIDR
 * (reg, read with /cpus' #address-cells of 1 or 2). Negative when there is none.
 */
int kit_dt_next_cpu(const struct fdt *fdt, int prev, uint64_t *mpidr);

/*
 * Starts the CPU 'mpidr' as kit CPU 'index', running fn(index) with the MMU set up
 * like the boot CPU's. When fn returns the CPU calls PSCI CPU_OFF. Returns the PSCI
 * result (enum psci_ret).
 */
int32_t kit_cpu_start(unsigned index, uint64_t mpidr, kit_secondary_fn fn);

/* Called from start.S. */
__attribute__((noreturn)) void kit_secondary_main(uint64_t index);

#endif
