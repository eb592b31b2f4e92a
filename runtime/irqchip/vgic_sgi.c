// SPDX-License-Identifier: MIT
#include "irqchip/vgic_sgi.h"
#include "irqchip/vgic_backend.h"

int32_t vgic_sgi_targets(uint64_t sgi1r, uint64_t cell_cpu_mask, const struct cf_cpu *cpus,
			 uint32_t cpu_count, uint32_t self, uint64_t *target_mask, uint32_t *intid)
{
	uint64_t list = sgi1r & ICC_SGI1R_TARGETLIST_MASK;
	uint64_t cluster, rs;
	uint64_t mask = 0;
	int32_t dropped = 0;

	if (cpu_count > CF_MAX_CPUS)
		cpu_count = CF_MAX_CPUS;
	if (cpu_count < CF_MAX_CPUS)
		cell_cpu_mask &= (UL(1) << cpu_count) - 1u;

	*intid = (uint32_t)((sgi1r & ICC_SGI1R_INTID_MASK) >> ICC_SGI1R_INTID_SHIFT);
	*target_mask = 0;
	if (*intid >= VGIC_FIRST_HYP_SGI)
		return VGIC_SGI_REFUSED;

	if (sgi1r & ICC_SGI1R_IRM) {
		/* The guest cannot see other cells' CPUs: nothing to drop. */
		if (self < CF_MAX_CPUS)
			cell_cpu_mask &= ~(UL(1) << self);
		*target_mask = cell_cpu_mask;
		return 0;
	}

	/* Affinity of the named cluster in MPIDR_EL1 layout (Aff3 39:32, Aff2 23:16, Aff1 15:8). */
	cluster = (((sgi1r & ICC_SGI1R_AFF3_MASK) >> ICC_SGI1R_AFF3_SHIFT) << 32) |
		  (((sgi1r & ICC_SGI1R_AFF2_MASK) >> ICC_SGI1R_AFF2_SHIFT) << 16) |
		  (((sgi1r & ICC_SGI1R_AFF1_MASK) >> ICC_SGI1R_AFF1_SHIFT) << 8);
	rs = (sgi1r & ICC_SGI1R_RS_MASK) >> ICC_SGI1R_RS_SHIFT;

	for (uint32_t bit = 0; bit < 16u; bit++) {
		uint32_t cpu;

		if (!(list & (UL(1) << bit)))
			continue;
		cpu = vgic_cpu_by_affinity(cpus, cpu_count, cluster | (rs * 16u + bit));
		if (cpu < cpu_count && (cell_cpu_mask & (UL(1) << cpu)))
			mask |= UL(1) << cpu;
		else
			dropped++;
	}
	*target_mask = mask;
	return dropped;
}
