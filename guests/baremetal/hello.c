// SPDX-License-Identifier: MIT
/*
 * Demo guest: greets from the boot CPU, starts every other CPU of the cell with PSCI
 * CPU_ON, waits until each has reported, and switches the cell off.
 *
 * Console markers (one whole line each, for tests):
 *   hello from <cell> on cpu mpidr 0x<n>
 *   <cell>: image 0x<start>-0x<end>, dtb 0x<a>, mmu on|off, psci <major>.<minor> via smc|hvc
 *   <cell>: CPU_ON 0x<mpidr>: <PSCI result>
 *   cpu 0x<mpidr> of <cell> up
 *   <cell>: all <k> CPUs up          (or "<cell>: only <j> of <k> CPUs up")
 *   <cell>: done
 */
#include "kit/kit.h"

/* Generous: under QEMU TCG on a loaded machine a CPU may take a while to appear. */
#define SECONDARY_TIMEOUT_US 5000000u

static const char *cell;
static uint32_t cpus_reported;

static void secondary_main(unsigned index)
{
	(void)index;
	printf("cpu 0x%lx of %s up\n", cpu_mpidr(), cell);
	__atomic_fetch_add(&cpus_reported, 1, __ATOMIC_RELEASE);
	/* Returning powers this CPU off (PSCI CPU_OFF). */
}

static unsigned start_other_cpus(const struct fdt *fdt, uint64_t self)
{
	unsigned started = 0, next_index = 1;
	uint64_t mpidr;

	if (!fdt)
		return 0;
	for (int node = kit_dt_next_cpu(fdt, -1, &mpidr); node >= 0;
	     node = kit_dt_next_cpu(fdt, node, &mpidr)) {
		int32_t ret;

		if (mpidr == self)
			continue;
		if (next_index >= KIT_MAX_CPUS) {
			printf("%s: CPU_ON 0x%lx: skipped, the kit supports %u CPUs\n", cell, mpidr,
			       KIT_MAX_CPUS);
			continue;
		}
		ret = kit_cpu_start(next_index, mpidr, secondary_main);
		printf("%s: CPU_ON 0x%lx: %s\n", cell, mpidr, psci_strerror(ret));
		if (ret == PSCI_SUCCESS) {
			started++;
			next_index++;
		}
	}
	return started;
}

void guest_main(const struct kit_info *info)
{
	uint64_t deadline;
	unsigned started, reported;
	int32_t version;

	cell = info->cell_name;
	printf("hello from %s on cpu mpidr 0x%lx\n", cell, info->boot_mpidr);
	version = psci_version();
	if (version < 0)
		version = 0; /* printed as "psci 0.0": VERSION itself failed */
	printf("%s: image 0x%lx-0x%lx, dtb 0x%lx, mmu %s, psci %d.%d via %s\n", cell,
	       info->image_start, info->image_end, info->dtb_pa, info->mmu_enabled ? "on" : "off",
	       version >> 16, version & 0xffff, psci_conduit() == PSCI_CONDUIT_HVC ? "hvc" : "smc");

	started = start_other_cpus(info->fdt, info->boot_mpidr);
	deadline = timer_deadline_us(SECONDARY_TIMEOUT_US);
	while ((reported = __atomic_load_n(&cpus_reported, __ATOMIC_ACQUIRE)) < started &&
	       !timer_expired(deadline))
		cpu_relax();

	if (reported == started)
		printf("%s: all %u CPUs up\n", cell, started + 1);
	else
		printf("%s: only %u of %u CPUs up after %u ms\n", cell, reported + 1, started + 1,
		       SECONDARY_TIMEOUT_US / 1000);
	printf("%s: done\n", cell);
	psci_system_off();
	printf("%s: SYSTEM_OFF returned\n", cell);
}
