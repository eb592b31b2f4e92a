// SPDX-License-Identifier: MIT
/*
 * Test guest: asks the PSCI/SMCCC implementation it sees (the hypervisor, for a
 * cell) about CPUs outside the cell and about calls it must refuse.
 *
 * Console lines (one call each, for tests):
 *   psci_probe: PSCI version <major>.<minor>      (or "PSCI_VERSION -> <NAME> (<code>)")
 *   for every MPIDR 0x0..0x7 not listed in the cell's /cpus:
 *     psci_probe: CPU_ON 0x<mpidr> -> <NAME> (<code>)
 *     psci_probe: AFFINITY_INFO 0x<mpidr> -> <NAME> (<code>)
 *   for the cell's second CPU, if it has one:
 *     psci_probe: CPU_ON 0x<mpidr> -> SUCCESS (0)
 *     psci_probe: cpu 0x<mpidr> up                 (printed by that CPU)
 *   psci_probe: SMC 0xc2000001 -> <NAME> (<code>)  (an unknown SiP call)
 *   psci_probe: SMC 0x86000000 -> <NAME> (<code>)  (an unknown call in another range)
 *   psci_probe: SMCCC_VERSION -> <major>.<minor>   (or "-> <NAME> (<code>)")
 *   psci_probe: PSCI_FEATURES SMCCC_VERSION -> <NAME> (<code>)   (SMCCC 1.1 discovery)
 *   psci_probe: SMCCC workarounds on cpu 0x<mpidr>
 *   for n = 1, 2, 3 (DEN 0028 return values: 0 offered, 1 this CPU is not affected,
 *   -1 not supported, -2 not required):
 *     psci_probe: SMCCC_ARCH_FEATURES ARCH_WORKAROUND_<n> -> <code>
 *     psci_probe: ARCH_WORKAROUND_<n> -> <code>      (the call itself)
 *   psci_probe: done
 * then PSCI SYSTEM_OFF; or, with /chosen/cellforge,end = "cpu-off", PSCI CPU_OFF on
 * every CPU (the second one already did when its function returned), which must stop
 * the cell. NAME is the PSCI return code's name (DENIED,
 * INVALID_PARAMETERS, NOT_SUPPORTED, ...); for AFFINITY_INFO also ON, OFF or
 * ON_PENDING.
 */
#include "kit/kit.h"

#define PROBE_MPIDR_COUNT    8
#define SMCCC_VERSION	     0x80000000u
#define UNKNOWN_SIP_CALL     0xc2000001u
#define UNKNOWN_OTHER_CALL   0x86000000u
#define SMCCC_ARCH_FEATURES  0x80000001u
#define PSCI_FEATURES_FN     0x8400000au
#define SECONDARY_TIMEOUT_US 5000000u

static uint32_t own_cpu_up;

static bool own_cpu(const struct fdt *fdt, uint64_t mpidr)
{
	uint64_t m;

	if (!fdt)
		return mpidr == cpu_mpidr();
	for (int node = kit_dt_next_cpu(fdt, -1, &m); node >= 0;
	     node = kit_dt_next_cpu(fdt, node, &m))
		if (m == mpidr)
			return true;
	return false;
}

static const char *affinity_name(int32_t ret)
{
	switch (ret) {
	case PSCI_AFFINITY_ON:
		return "ON";
	case PSCI_AFFINITY_OFF:
		return "OFF";
	case PSCI_AFFINITY_ON_PENDING:
		return "ON_PENDING";
	default:
		return psci_strerror(ret);
	}
}

/* "<what> <major>.<minor>", or "<what> -> <NAME> (<code>)" for an error. */
static void print_version(const char *what, int32_t ret)
{
	if (ret < 0)
		printf("psci_probe: %s -> %s (%d)\n", what, psci_strerror(ret), ret);
	else
		printf("psci_probe: %s %d.%d\n", what, ret >> 16, ret & 0xffff);
}

static void probe_foreign_cpus(const struct fdt *fdt)
{
	for (uint64_t mpidr = 0; mpidr < PROBE_MPIDR_COUNT; mpidr++) {
		int32_t ret;

		if (own_cpu(fdt, mpidr))
			continue;
		/*
		 * Should the call wrongly succeed, the foreign CPU enters cpu_park (start.S:
		 * no stack, no memory access) and stays there; the SUCCESS line tells.
		 */
		ret = psci_cpu_on(mpidr, (uintptr_t)cpu_park, 0);
		printf("psci_probe: CPU_ON 0x%lx -> %s (%d)\n", mpidr, psci_strerror(ret), ret);
		ret = psci_affinity_info(mpidr, 0);
		printf("psci_probe: AFFINITY_INFO 0x%lx -> %s (%d)\n", mpidr, affinity_name(ret),
		       ret);
	}
}

static void secondary_main(unsigned index)
{
	(void)index;
	printf("psci_probe: cpu 0x%lx up\n", cpu_mpidr());
	__atomic_store_n(&own_cpu_up, 1, __ATOMIC_RELEASE);
}

static void start_second_cpu(const struct fdt *fdt, uint64_t self)
{
	uint64_t mpidr, deadline;
	int32_t ret;

	if (!fdt)
		return;
	for (int node = kit_dt_next_cpu(fdt, -1, &mpidr); node >= 0;
	     node = kit_dt_next_cpu(fdt, node, &mpidr)) {
		if (mpidr == self)
			continue;
		ret = kit_cpu_start(1, mpidr, secondary_main);
		printf("psci_probe: CPU_ON 0x%lx -> %s (%d)\n", mpidr, psci_strerror(ret), ret);
		if (ret != PSCI_SUCCESS)
			return;
		deadline = timer_deadline_us(SECONDARY_TIMEOUT_US);
		while (!__atomic_load_n(&own_cpu_up, __ATOMIC_ACQUIRE) && !timer_expired(deadline))
			cpu_relax();
		if (!__atomic_load_n(&own_cpu_up, __ATOMIC_ACQUIRE))
			printf("psci_probe: cpu 0x%lx did not come up within %u ms\n", mpidr,
			       SECONDARY_TIMEOUT_US / 1000);
		return;
	}
}

static void probe_call(uint32_t fn)
{
	int32_t ret = (int32_t)psci_call(fn, 0, 0, 0);

	printf("psci_probe: SMC 0x%x -> %s (%d)\n", fn, psci_strerror(ret), ret);
}

/* The firmware CPU workarounds a hypervisor must answer truthfully (DEN 0028, 7.5-7.7). */
static void probe_workarounds(void)
{
	static const uint32_t ids[3] = {0x80008000u, 0x80007fffu, 0x80003fffu};
	int32_t ret;

	ret = (int32_t)psci_call(PSCI_FEATURES_FN, SMCCC_VERSION, 0, 0);
	printf("psci_probe: PSCI_FEATURES SMCCC_VERSION -> %s (%d)\n", psci_strerror(ret), ret);
	printf("psci_probe: SMCCC workarounds on cpu 0x%lx\n", cpu_mpidr());
	for (uint32_t n = 0; n < 3; n++) {
		ret = (int32_t)psci_call(SMCCC_ARCH_FEATURES, ids[n], 0, 0);
		printf("psci_probe: SMCCC_ARCH_FEATURES ARCH_WORKAROUND_%u -> %d\n", n + 1, ret);
		/* WORKAROUND_2 takes "enable" in w1; the others ignore it. */
		ret = (int32_t)psci_call(ids[n], 1, 0, 0);
		printf("psci_probe: ARCH_WORKAROUND_%u -> %d\n", n + 1, ret);
	}
}

static bool ends_with_cpu_off(const struct fdt *fdt)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : -1;
	const char *end = chosen >= 0 ? fdt_prop_string(fdt, chosen, "cellforge,end") : NULL;

	return end && strcmp(end, "cpu-off") == 0;
}

void guest_main(const struct kit_info *info)
{
	int32_t version = psci_version();

	print_version(version < 0 ? "PSCI_VERSION" : "PSCI version", version);
	probe_foreign_cpus(info->fdt);
	start_second_cpu(info->fdt, info->boot_mpidr);
	probe_call(UNKNOWN_SIP_CALL);
	probe_call(UNKNOWN_OTHER_CALL);
	version = (int32_t)psci_call(SMCCC_VERSION, 0, 0, 0);
	print_version(version < 0 ? "SMCCC_VERSION" : "SMCCC_VERSION ->", version);
	probe_workarounds();
	printf("psci_probe: done\n");
	if (ends_with_cpu_off(info->fdt)) {
		psci_cpu_off();
		printf("psci_probe: CPU_OFF returned\n");
	}
	psci_system_off();
	printf("psci_probe: SYSTEM_OFF returned\n");
}
