// SPDX-License-Identifier: MIT
#include "kit/arch.h"
#include "kit/config.h"
#include "kit/image.h"
#include "kit/psci.h"
#include "kit/smp.h"
#include "kit/string.h"

static kit_secondary_fn secondary_fns[KIT_MAX_CPUS];

static int is_cpu_node(const struct fdt *fdt, int node)
{
	const char *type = fdt_prop_string(fdt, node, "device_type");
	const char *name;

	if (type)
		return strcmp(type, "cpu") == 0;
	/* device_type is deprecated for most nodes; accept "cpu@<reg>" names too. */
	name = fdt_node_name(fdt, node);
	return name && strncmp(name, "cpu@", 4) == 0;
}

int kit_dt_next_cpu(const struct fdt *fdt, int prev, uint64_t *mpidr)
{
	int node;

	if (prev < 0) {
		int cpus = fdt_path_offset(fdt, "/cpus", 5);

		if (cpus < 0)
			return cpus;
		node = fdt_first_child(fdt, cpus);
	} else {
		node = fdt_next_sibling(fdt, prev);
	}
	for (; node >= 0; node = fdt_next_sibling(fdt, node)) {
		uint64_t reg, size;

		if (is_cpu_node(fdt, node) && fdt_node_enabled(fdt, node) &&
		    fdt_reg_raw(fdt, node, 0, &reg, &size) == 0) {
			*mpidr = reg & MPIDR_AFFINITY_MASK;
			return node;
		}
	}
	return node;
}

int32_t kit_cpu_start(unsigned index, uint64_t mpidr, kit_secondary_fn fn)
{
	if (index == 0 || index >= KIT_MAX_CPUS || !fn)
		return PSCI_INVALID_PARAMETERS;
	__atomic_store_n(&secondary_fns[index], fn, __ATOMIC_RELEASE);
	/* Identity map: the run-time address of the entry is its physical address. */
	return psci_cpu_on(mpidr, (uintptr_t)kit_secondary_entry, index);
}

void kit_secondary_main(uint64_t index)
{
	kit_secondary_fn fn = NULL;

	if (index < KIT_MAX_CPUS)
		fn = __atomic_load_n(&secondary_fns[index], __ATOMIC_ACQUIRE);
	if (fn)
		fn((unsigned)index);
	psci_cpu_off();
	cpu_park();
}
