// SPDX-License-Identifier: MIT
/*
 * Host tests of the guest PSCI argument rules (runtime/core/guest_psci_rules.c):
 * CPU_ON target and entry validation, AFFINITY_INFO, FEATURES answers.
 */
#include <stdint.h>

#include "check.h"
#include "core/guest_psci.h"

static const struct cf_cpu cpus[] = {
	{.name = "cpu0", .mpidr = 0x0},
	{.name = "cpu1", .mpidr = 0x1},
	{.name = "cpu2", .mpidr = 0x100},
	{.name = "cpu3", .mpidr = 0x100000000},
};

static const struct cf_board board = {.name = "test", .cpus = cpus, .cpu_count = 4};

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
};

/* Owns cpu1 and cpu3 (an Aff3 MPIDR). */
static const struct cf_cell cell = {
	.name = "alpha", .cpu_mask = 0xa, .regions = regions, .region_count = 2};

static int32_t cpu_on(uint64_t on, uint64_t pending, uint64_t mpidr, uint64_t entry,
		      uint32_t *target)
{
	return guest_psci_cpu_on_check(&board, &cell, on, pending, mpidr, entry, target);
}

static void test_cpu_on(void)
{
	uint32_t target = 99;

	case_begin();
	CHECK_INT(cpu_on(0x2, 0, 0x100000000, 0x40000000, &target), PSCI_SUCCESS, "own cpu3");
	CHECK_INT(target, 3, "target index");
	CHECK_INT(cpu_on(0, 0, 0x1, 0x40fffffc, &target), PSCI_SUCCESS, "last word of RAM");
	CHECK_INT(target, 1, "target index");
	CHECK_INT(cpu_on(0, 0, 0x2, 0x40000000, &target), PSCI_E_INVALID_PARAMS, "not a board CPU");
	CHECK_INT(cpu_on(0, 0, 0x80000001, 0x40000000, &target), PSCI_E_INVALID_PARAMS,
		  "bits outside the affinity fields");
	CHECK_INT(cpu_on(0, 0, 0x0, 0x40000000, &target), PSCI_E_DENIED, "cpu0 of another cell");
	CHECK_INT(cpu_on(0, 0, 0x100, 0x40000000, &target), PSCI_E_DENIED, "cpu2 of another cell");
	CHECK_INT(cpu_on(0x2, 0, 0x1, 0x40000000, &target), PSCI_E_ALREADY_ON, "already on");
	CHECK_INT(cpu_on(0, 0x2, 0x1, 0x40000000, &target), PSCI_E_ON_PENDING, "being started");
	CHECK_INT(cpu_on(0, 0, 0x1, 0x60000000, &target), PSCI_E_INVALID_ADDRESS,
		  "physical address of the RAM is not a guest address");
	CHECK_INT(cpu_on(0, 0, 0x1, 0x41000000, &target), PSCI_E_INVALID_ADDRESS, "past the RAM");
	CHECK_INT(cpu_on(0, 0, 0x1, 0x0a000000, &target), PSCI_E_INVALID_ADDRESS, "a device");
	CHECK_INT(cpu_on(0, 0, 0x1, 0x40000002, &target), PSCI_E_INVALID_ADDRESS, "misaligned");
	case_end("CPU_ON: INVALID_PARAMETERS, DENIED, ALREADY_ON, ON_PENDING, INVALID_ADDRESS");
}

static void test_affinity_info(void)
{
	case_begin();
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0x2, 0, 0x1, 0), PSCI_AFFINITY_ON, "on");
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0x2, 0x8, 0x100000000, 0),
		  PSCI_AFFINITY_ON_PENDING, "pending");
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0, 0, 0x1, 0), PSCI_AFFINITY_OFF, "off");
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0, 0, 0x0, 0), PSCI_E_INVALID_PARAMS,
		  "another cell's CPU");
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0, 0, 0x7, 0), PSCI_E_INVALID_PARAMS,
		  "no such CPU");
	CHECK_INT(guest_psci_affinity_info(&board, &cell, 0, 0, 0x1, 1), PSCI_E_INVALID_PARAMS,
		  "lowest level 1");
	case_end("AFFINITY_INFO: own CPUs only, level 0 only");
}

static void test_features(void)
{
	case_begin();
	CHECK_INT(guest_psci_features(PSCI_FN64_CPU_ON), PSCI_SUCCESS, "CPU_ON");
	CHECK_INT(guest_psci_features(PSCI_FN_SYSTEM_RESET), PSCI_SUCCESS, "SYSTEM_RESET");
	CHECK_INT(guest_psci_features(0xc4000012), PSCI_E_NOT_SUPPORTED, "SYSTEM_RESET2");
	CHECK_INT(guest_psci_features(0xc2000001), PSCI_E_NOT_SUPPORTED, "SiP call");
	CHECK_INT(guest_smccc_arch_features(0x80008000), SMCCC_NOT_SUPPORTED, "WORKAROUND_1");
	CHECK_INT(guest_smccc_arch_features(0x80007fff), SMCCC_NOT_SUPPORTED, "WORKAROUND_2");
	CHECK_INT(guest_smccc_arch_features(0x80003fff), SMCCC_NOT_SUPPORTED, "WORKAROUND_3");
	CHECK_INT(guest_smccc_arch_features(SMCCC_FN_VERSION), 0, "SMCCC_VERSION");
	CHECK(!guest_psci_is_known(0x84000005), "MIGRATE is refused");
	CHECK(guest_psci_is_known(PSCI_FN_CPU_OFF), "CPU_OFF");
	case_end("PSCI_FEATURES and SMCCC_ARCH_FEATURES answers");
}

int main(void)
{
	test_cpu_on();
	test_affinity_info();
	test_features();
	return check_summary("guest_psci");
}
