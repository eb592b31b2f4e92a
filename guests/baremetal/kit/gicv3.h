/* SPDX-License-Identifier: MIT */
/*
 * Minimal GICv3 client for guests that take interrupts: find the distributor and this
 * CPU's redistributor from the tree, enable private interrupts (PPIs, e.g. the
 * virtual timer), acknowledge and end them through the ICC system registers.
 * Group 1 only; under cellforge the runtime filters what a cell may touch.
 */
#ifndef KIT_GICV3_H
#define KIT_GICV3_H

#include <stdbool.h>
#include <stdint.h>

#include "kit/fdt.h"

#define GIC_INTID_SPURIOUS 1023u

/* Finds the GIC in the tree (once, boot CPU). Returns 0 or an FDT_ERR_* code. */
int gicv3_init(const struct fdt *fdt);
/* Wakes this CPU's redistributor and enables its CPU interface (every CPU). */
int gicv3_init_cpu(void);
/* Both of the above on the boot CPU; false after printing "<who>: no usable GICv3 (why)". */
bool gicv3_setup(const struct fdt *fdt, const char *who);
/* Enables PPI/SGI 'intid' (< 32) on this CPU as group 1 with a middle priority. */
void gicv3_enable_private(uint32_t intid);
uint32_t gicv3_ack(void);	/* ICC_IAR1_EL1: the INTID, or GIC_INTID_SPURIOUS */
void gicv3_eoi(uint32_t intid); /* ICC_EOIR1_EL1: priority drop and deactivation */

/* INTID of the virtual timer from the tree's arm,armv8-timer node (27 if absent). */
uint32_t gicv3_virtual_timer_intid(const struct fdt *fdt);

#endif
