/* SPDX-License-Identifier: MIT */
/*
 * Guest SGIs. A guest's write to ICC_SGI1R_EL1 traps (EC 0x18); the
 * hypervisor decodes it here into the board CPUs it may reach -- only CPUs of
 * the sender's cell -- and sends the same physical SGI to them. The receiving
 * CPU acknowledges it, deactivates it itself (ICC_DIR_EL1: an SGI cannot be a
 * hardware interrupt of a list register) and injects the virtual SGI
 * (vgic_redist_sgi_raise). SGIs 14 and 15 belong to the hypervisor.
 */
#ifndef CELLFORGE_IRQCHIP_VGIC_SGI_H
#define CELLFORGE_IRQCHIP_VGIC_SGI_H

#include <stdint.h>

#include "cell_config.h"
#include "compiler.h"

/* ICC_SGI1R_EL1, Interrupt Controller Software Generated Interrupt Group 1 Register. */
#define ICC_SGI1R_TARGETLIST_MASK GENMASK(15, 0)
#define ICC_SGI1R_AFF1_SHIFT	  16
#define ICC_SGI1R_AFF1_MASK	  GENMASK(23, 16)
#define ICC_SGI1R_INTID_SHIFT	  24
#define ICC_SGI1R_INTID_MASK	  GENMASK(27, 24)
#define ICC_SGI1R_AFF2_SHIFT	  32
#define ICC_SGI1R_AFF2_MASK	  GENMASK(39, 32)
#define ICC_SGI1R_IRM		  BIT(40) /* 1: every PE except the sender */
#define ICC_SGI1R_RS_SHIFT	  44	  /* TargetList bit n means Aff0 = RS * 16 + n */
#define ICC_SGI1R_RS_MASK	  GENMASK(47, 44)
#define ICC_SGI1R_AFF3_SHIFT	  48
#define ICC_SGI1R_AFF3_MASK	  GENMASK(55, 48)

/* First SGI the hypervisor keeps for itself (14 and 15). */
#define VGIC_FIRST_HYP_SGI 14u

/* vgic_sgi_targets' answer for an SGI the guest may not send. */
#define VGIC_SGI_REFUSED (-1)

/*
 * Decodes a guest's ICC_SGI1R_EL1 value written on board CPU `self`.
 * Stores the SGI number in *intid and, in *target_mask, the board CPU
 * indexes (bit i = cpus[i]) to send it to: the named CPUs that belong to the
 * cell (cell_cpu_mask), or with IRM = 1 all of the cell's CPUs except self.
 * Returns the number of named targets dropped because they are not the
 * cell's (another cell's CPU or no CPU at all), or VGIC_SGI_REFUSED with an
 * empty mask for SGIs 14 and 15.
 */
int32_t vgic_sgi_targets(uint64_t sgi1r, uint64_t cell_cpu_mask, const struct cf_cpu *cpus,
			 uint32_t cpu_count, uint32_t self, uint64_t *target_mask, uint32_t *intid);

#endif
