// SPDX-License-Identifier: MIT
/*
 * Fuzzes the guest PSCI argument rules (runtime/core/guest_psci_rules.c):
 * CPU_ON and AFFINITY_INFO with any target MPIDR (real CPUs' affinities with
 * and without junk in the non-affinity bits, other cells' CPUs, nothing),
 * any entry point, any lowest affinity level, any on/pending state, and
 * PSCI_FEATURES / SMCCC_ARCH_FEATURES with any function ID.
 *
 * Board: 6 CPUs in two clusters and two Aff3 values. The cell has cpu1,
 * cpu2 and cpu5, 16 MiB of RAM at guest 0x40000000 (phys 0x60000000), a
 * second RAM window and a device window (not RAM).
 *
 * Invariants checked for every call:
 *   - CPU_ON succeeds only for an exact MPIDR (no bits outside the affinity
 *     fields) of a CPU of the cell that is neither on nor pending, with a
 *     4-byte aligned entry whose 4 bytes lie in one RAM region of the cell
 *     (independent check against the region table), and then names it;
 *   - every other CPU of the board is DENIED or INVALID_PARAMETERS, never
 *     SUCCESS, ALREADY_ON or ON_PENDING (no state of other cells leaks);
 *   - AFFINITY_INFO answers ON/OFF/ON_PENDING only for the cell's CPUs with
 *     lowest level 0, and the answer matches the masks;
 *   - FEATURES answers SUCCESS only for functions the module implements.
 */
#include "core/guest_psci.h"
#include "fuzz_common.h"

#define NCPUS	  6u
#define CELL_CPUS 0x26u /* cpu1, cpu2, cpu5 */

static const struct cf_cpu cpus[NCPUS] = {
	{"cpu0", 0x0},	 {"cpu1", 0x1},	    {"cpu2", 0x100},
	{"cpu3", 0x101}, {"cpu4", 0x10000}, {"cpu5", 0x100000000ull},
};
static const struct cf_board board = {.name = "fuzz", .cpus = cpus, .cpu_count = NCPUS};
static const struct cf_region regions[] = {
	{.name = "virtio0",
	 .phys = 0x0a000000,
	 .guest = 0x0a000000,
	 .size = 0x200,
	 .kind = CF_REGION_DEVICE},
	{.name = "ram",
	 .phys = 0x60000000,
	 .guest = 0x40000000,
	 .size = 0x1000000,
	 .kind = CF_REGION_RAM},
	{.name = "ram2",
	 .phys = 0x70000000,
	 .guest = 0xfffffff000ull,
	 .size = 0x1000,
	 .kind = CF_REGION_RAM},
};
static const struct cf_cell cell = {
	.name = "fuzzed", .cpu_mask = CELL_CPUS, .regions = regions, .region_count = 3};

static int32_t board_index(uint64_t mpidr)
{
	for (uint32_t i = 0; i < NCPUS; i++) {
		if (cpus[i].mpidr == mpidr)
			return (int32_t)i;
	}
	return -1;
}

static bool entry_in_ram(uint64_t entry)
{
	for (uint32_t i = 0; i < 3; i++) {
		const struct cf_region *r = &regions[i];

		if (r->kind == CF_REGION_RAM && entry >= r->guest && entry - r->guest < r->size &&
		    r->size - (entry - r->guest) >= 4)
			return true;
	}
	return false;
}

static uint64_t pick_mpidr(struct fuzz_in *in)
{
	uint8_t sel = fuzz_u8(in);
	uint64_t junk = fuzz_u64(in);

	switch (sel % 4u) {
	case 0:
		return cpus[(sel >> 2) % NCPUS].mpidr; /* exactly a CPU */
	case 1:
		return cpus[(sel >> 2) % NCPUS].mpidr | (junk & ~0xff00ffffffull); /* + junk */
	case 2:
		return cpus[(sel >> 2) % NCPUS].mpidr ^ (1ull << (junk % 64)); /* one bit off */
	default:
		return junk;
	}
}

static uint64_t pick_entry(struct fuzz_in *in)
{
	uint8_t sel = fuzz_u8(in);
	uint64_t v = fuzz_u64(in);

	switch (sel % 4u) {
	case 0:
		return 0x40000000u + v % 0x1000010u; /* around the RAM window and its end */
	case 1:
		return 0xfffffff000ull + (v & 0x1fffu); /* the window at the top of 40-bit IPAs */
	case 2:
		return 0x0a000000u + (v & 0x3ffu); /* the device window */
	default:
		return v;
	}
}

static const uint32_t known_fns[] = {
	PSCI_FN_PSCI_VERSION,	PSCI_FN_CPU_SUSPEND,	 PSCI_FN64_CPU_SUSPEND,
	PSCI_FN_CPU_OFF,	PSCI_FN_CPU_ON,		 PSCI_FN64_CPU_ON,
	PSCI_FN_AFFINITY_INFO,	PSCI_FN64_AFFINITY_INFO, PSCI_FN_SYSTEM_OFF,
	PSCI_FN_SYSTEM_RESET,	PSCI_FN_PSCI_FEATURES,	 SMCCC_FN_VERSION,
	SMCCC_FN_ARCH_FEATURES,
};

static bool is_known(uint32_t fn)
{
	for (uint32_t i = 0; i < sizeof(known_fns) / sizeof(known_fns[0]); i++) {
		if (known_fns[i] == fn)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};

	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint8_t op = fuzz_u8(&in);
		uint64_t on = fuzz_u64(&in), pending = fuzz_u64(&in);
		uint64_t mpidr = pick_mpidr(&in);
		int32_t idx = board_index(mpidr);
		bool mine = idx >= 0 && ((CELL_CPUS >> idx) & 1u);

		if (op & 1u) { /* on/pending only ever name the cell's CPUs in the runtime */
			on &= CELL_CPUS;
			pending &= CELL_CPUS & ~on;
		}
		switch (op % 6u) {
		case 0:
		case 1:
		case 2: {
			uint64_t entry = pick_entry(&in);
			uint32_t target = 0xdead;
			int32_t r = guest_psci_cpu_on_check(&board, &cell, on, pending, mpidr,
							    entry, &target);

			if (!mine)
				FUZZ_ASSERT(r == (idx < 0 ? PSCI_E_INVALID_PARAMS : PSCI_E_DENIED),
					    "CPU_ON 0x%llx (not the cell's) returned %d",
					    (unsigned long long)mpidr, r);
			if (r == PSCI_SUCCESS)
				FUZZ_ASSERT(mine && target == (uint32_t)idx &&
						    !((on | pending) >> idx & 1u) &&
						    (entry & 3u) == 0 && entry_in_ram(entry),
					    "CPU_ON 0x%llx entry 0x%llx granted (target %u)",
					    (unsigned long long)mpidr, (unsigned long long)entry,
					    target);
			else if (mine && !((on | pending) >> idx & 1u))
				FUZZ_ASSERT(r == PSCI_E_INVALID_ADDRESS &&
						    ((entry & 3u) || !entry_in_ram(entry)),
					    "CPU_ON of a free cell CPU, entry 0x%llx: %d",
					    (unsigned long long)entry, r);
			if (r == PSCI_E_ALREADY_ON || r == PSCI_E_ON_PENDING)
				FUZZ_ASSERT(mine, "state of foreign CPU 0x%llx revealed",
					    (unsigned long long)mpidr);
			break;
		}
		case 3:
		case 4: {
			uint64_t level = (fuzz_u8(&in) & 1u) ? 0 : fuzz_u64(&in);
			int32_t r =
				guest_psci_affinity_info(&board, &cell, on, pending, mpidr, level);

			if (!mine || level != 0) {
				FUZZ_ASSERT(r == PSCI_E_INVALID_PARAMS,
					    "AFFINITY_INFO 0x%llx level %llu: %d",
					    (unsigned long long)mpidr, (unsigned long long)level,
					    r);
				break;
			}
			FUZZ_ASSERT(r == ((on >> idx) & 1u	  ? PSCI_AFFINITY_ON
					  : (pending >> idx) & 1u ? PSCI_AFFINITY_ON_PENDING
								  : PSCI_AFFINITY_OFF),
				    "AFFINITY_INFO of cpu%d: %d", idx, r);
			break;
		}
		default: {
			uint32_t fn = (op & 0x80u) ? known_fns[fuzz_u8(&in) % 13u] : fuzz_u32(&in);
			int32_t f = guest_psci_features(fn);
			int32_t a = guest_smccc_arch_features(fn);

			FUZZ_ASSERT(guest_psci_is_known(fn) == is_known(fn), "fn 0x%x known?", fn);
			FUZZ_ASSERT(f == PSCI_E_NOT_SUPPORTED ||
					    (f == PSCI_SUCCESS && is_known(fn)),
				    "PSCI_FEATURES(0x%x) = %d", fn, f);
			FUZZ_ASSERT(a == SMCCC_NOT_SUPPORTED || (a == PSCI_SUCCESS && is_known(fn)),
				    "SMCCC_ARCH_FEATURES(0x%x) = %d", fn, a);
			break;
		}
		}
	}
	return 0;
}
