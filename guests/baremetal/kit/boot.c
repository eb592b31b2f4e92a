// SPDX-License-Identifier: MIT
#include "kit/arch.h"
#include "kit/boot.h"
#include "kit/config.h"
#include "kit/console.h"
#include "kit/image.h"
#include "kit/mmu.h"
#include "kit/psci.h"

static struct fdt boot_fdt;
static struct kit_info info;

const char *kit_cell_name(void)
{
	return info.cell_name ? info.cell_name : "?";
}

const struct kit_info *kit_info(void)
{
	return &info;
}

static const char *read_cell_name(const struct fdt *fdt)
{
	int chosen;
	const char *name;

	if (!fdt)
		return NULL;
	chosen = fdt_path_offset(fdt, "/chosen", 7);
	if (chosen < 0)
		return NULL;
	name = fdt_prop_string(fdt, chosen, "cellforge,cell-name");
	return name && name[0] ? name : NULL;
}

void kit_boot_main(uint64_t dtb_pa, uint64_t bad_relocations)
{
	int err = fdt_init(&boot_fdt, (const void *)(uintptr_t)dtb_pa, KIT_FDT_MAX_SIZE);
	const struct fdt *fdt = err == 0 ? &boot_fdt : NULL;
	const char *name = read_cell_name(fdt);

	psci_init(fdt);
	/* Without a tree there is no way to find the UART but a built-in guess. */
	console_init(fdt, KIT_FALLBACK_UART);

	info.fdt = fdt;
	info.dtb_pa = dtb_pa;
	info.cell_name = name ? name : "unnamed";
	info.boot_mpidr = cpu_mpidr();
	info.image_start = (uintptr_t)__image_start;
	info.image_end = (uintptr_t)__image_end;
	info.mmu_enabled = mmu_is_enabled();

	if (!fdt)
		printf("%s: warning: no usable device tree at x0=0x%lx (%s)\n", info.cell_name,
		       dtb_pa, fdt_strerror(err));
	if (bad_relocations)
		printf("%s: warning: %lu relocations of a type other than RELATIVE were skipped\n",
		       info.cell_name, bad_relocations);
	if (!info.mmu_enabled)
		printf("%s: warning: MMU left off: %s\n", info.cell_name,
		       kit_mmu_problem() ? kit_mmu_problem() : "unknown reason");

	guest_main(&info);

	psci_system_off();
	cpu_park();
}
