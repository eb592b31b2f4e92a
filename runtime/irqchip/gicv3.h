/* SPDX-License-Identifier: MIT */
/*
 * The physical GICv3, minimally: enough for the hypervisor's own SGIs
 * (kicks between CPUs). Register layout from the GICv3/v4 architecture
 * specification (IHI 0069): GICD 12.9, GICR 12.10, ICC system registers 12.2.
 *
 * Interrupts routed to EL2 (HCR_EL2.IMO) while a guest runs are acknowledged
 * with ICC_IAR1_EL1 and completed with ICC_EOIR1_EL1 under EOImode 0: the
 * EOI both drops the priority and deactivates. The vGIC will switch to
 * EOImode 1 when guests deactivate their hardware interrupts themselves.
 */
#ifndef CELLFORGE_IRQCHIP_GICV3_H
#define CELLFORGE_IRQCHIP_GICV3_H

#include <stdint.h>

#include "cell_config.h"

/* Hypervisor SGIs (the generator never gives INTIDs 14 and 15 to cells). */
#define GIC_SGI_KICK	   15u /* "look at your pending request" */
#define GIC_SGI_RESERVED   14u
#define GIC_INTID_SPURIOUS 1023u

/* Boot CPU, once: distributor with affinity routing and group 1 enabled. */
void gic_init_distributor(const struct cf_board *board);
/* Every CPU, for itself: wake its redistributor, enable SGIs 14/15, CPU interface on. */
void gic_init_cpu(const struct cf_board *board, uint64_t mpidr);
/* Sends a hypervisor SGI to the CPU with this MPIDR affinity. */
void gic_send_sgi(uint64_t mpidr, uint32_t intid);
/* Acknowledges the highest pending interrupt: its INTID, or 1023 if none. */
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);

#endif
