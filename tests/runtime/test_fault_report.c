// SPDX-License-Identifier: MIT
/*
 * Host tests of the cell fault report (runtime/core/fault_report.c): the
 * exact lines the QEMU tests parse, for every kind of address.
 */
#include <stdint.h>

#include "arch/arm64/esr.h"
#include "buf_sink.h"
#include "check.h"
#include "core/fault_report.h"

static const struct cf_cpu cpus[] = {
	{.name = "cpu0", .mpidr = 0x0},
	{.name = "cpu1", .mpidr = 0x1},
};

static const struct cf_region ram[] = {
	{.name = "ram",
	 .phys = 0x40000000,
	 .guest = 0x40000000,
	 .size = 0x40000000,
	 .kind = CF_REGION_RAM},
};

/* Sorted by base, as the generator emits them. */
static const struct cf_device devices[] = {
	{.name = "uart0",
	 .compatible = "arm,pl011",
	 .base = 0x09000000,
	 .size = 0x1000,
	 .owner = -1},
	{.name = "rtc", .compatible = "arm,pl031", .base = 0x09010000, .size = 0x1000, .owner = 1},
	{.name = "virtio0",
	 .compatible = "virtio,mmio",
	 .base = 0x0a000000,
	 .size = 0x200,
	 .owner = 0},
	{.name = "virtio31",
	 .compatible = "virtio,mmio",
	 .base = 0x0a003e00,
	 .size = 0x200,
	 .owner = -1},
};

static const struct cf_board board = {.name = "qemu-arm64",
				      .cpus = cpus,
				      .cpu_count = 2,
				      .ram = ram,
				      .ram_count = 1,
				      .hyp_base = 0x40000000,
				      .hyp_size = 0x4000000,
				      .uart_base = 0x09000000,
				      .uart_size = 0x1000,
				      .gicd_base = 0x08000000,
				      .gicd_size = 0x10000,
				      .gicr_base = 0x080a0000,
				      .gicr_size = 0xf60000,
				      .devices = devices,
				      .device_count = 4};

static const struct cf_region alpha_regions[] = {
	{.name = "ram",
	 .phys = 0x44000000,
	 .guest = 0x44000000,
	 .size = 0x8000000,
	 .kind = CF_REGION_RAM},
};
static const struct cf_region beta_regions[] = {
	{.name = "ram",
	 .phys = 0x60000000,
	 .guest = 0x60000000,
	 .size = 0x4000000,
	 .kind = CF_REGION_RAM},
};

static const struct cf_cell cells[] = {
	{.name = "alpha",
	 .source_file = "partitions/alpha.yaml",
	 .index = 0,
	 .regions = alpha_regions,
	 .region_count = 1,
	 .restart_limit = 2},
	{.name = "beta",
	 .source_file = "partitions/beta.yaml",
	 .index = 1,
	 .regions = beta_regions,
	 .region_count = 1},
};

static struct buf_sink out;

static uint64_t dabt(bool isv, bool write, uint32_t sas)
{
	return ((uint64_t)ESR_EC_DABT_LOWER << ESR_EC_SHIFT) | ESR_IL | (isv ? ESR_DABT_ISV : 0) |
	       ((uint64_t)sas << 22) | (write ? ESR_DABT_WNR : 0) | 0x07;
}

static const char *report(uint64_t esr, uint64_t addr, uint64_t pc)
{
	struct fault_report r = {.board = &board,
				 .cells = cells,
				 .cell_count = 2,
				 .cell = 0,
				 .cpu = 1,
				 .esr = esr,
				 .pc = pc,
				 .ipa = addr,
				 .ipa_valid = true};

	fault_report_print(buf_sink_reset(&out), &r);
	return out.text;
}

static void test_device_cases(void)
{
	case_begin();
	CHECK_STR(report(dabt(true, true, 2), 0x0a003e00, 0x44000124),
		  "FAULT cell 'alpha' cpu1: data abort (write, 4 bytes) at 0x0a003e00, pc "
		  "0x44000124\n"
		  "  0x0a003e00 is board device 'virtio31' (virtio,mmio), not assigned to cell "
		  "'alpha'; add it to devices: in partitions/alpha.yaml\n",
		  "unassigned device");
	CHECK_STR(
		report(dabt(true, false, 0), 0x09010004, 0x44000200),
		"FAULT cell 'alpha' cpu1: data abort (read, 1 bytes) at 0x09010004, pc 0x44000200\n"
		"  0x09010004 is board device 'rtc' (arm,pl031), assigned to cell 'beta'\n",
		"device of another cell");
	CHECK_STR(
		report(dabt(true, false, 3), 0x20000000, 0x44000000),
		"FAULT cell 'alpha' cpu1: data abort (read, 8 bytes) at 0x20000000, pc 0x44000000\n"
		"  0x20000000 is not RAM or a device of cell 'alpha' (nothing on board "
		"'qemu-arm64' there)\n",
		"nothing there");
	CHECK_STR(report(dabt(false, true, 0), 0x0a003e08, 0x44000010),
		  "FAULT cell 'alpha' cpu1: data abort the hardware cannot describe (ISV=0, e.g. "
		  "load/store pair) at 0x0a003e08, pc 0x44000010\n"
		  "  0x0a003e08 is board device 'virtio31' (virtio,mmio), not assigned to cell "
		  "'alpha'; add it to devices: in partitions/alpha.yaml\n",
		  "ISV=0");
	case_end("fault report: unassigned device, device of another cell, nothing there, ISV=0");
}

static void test_memory_cases(void)
{
	const char *t;

	case_begin();
	t = report(dabt(true, true, 2), 0x60001000, 0x44000000);
	CHECK(strstr(t, "\n  0x60001000 is RAM of cell 'beta'\n") != NULL, "%s", t);
	t = report(dabt(true, true, 2), 0x40001000, 0x44000000);
	CHECK(strstr(t, "\n  0x40001000 is the hypervisor's memory\n") != NULL, "%s", t);
	t = report(dabt(true, true, 2), 0x70000000, 0x44000000);
	CHECK(strstr(t, "\n  0x70000000 is board RAM not given to cell 'alpha'\n") != NULL, "%s",
	      t);
	t = report(dabt(true, false, 2), 0x08000004, 0x44000000);
	CHECK(strstr(t, "\n  0x08000004 is the GIC distributor of board 'qemu-arm64'") != NULL,
	      "%s", t);
	t = report(dabt(true, false, 2), 0x09000018, 0x44000000);
	CHECK(strstr(t, "is board device 'uart0' (arm,pl011), the hypervisor's console") != NULL,
	      "%s", t);
	case_end("fault report: other cell's RAM, hypervisor memory, free RAM, GIC, UART");
}

static void test_other_classes(void)
{
	const char *t;
	struct fault_report r = {.board = &board,
				 .cells = cells,
				 .cell_count = 2,
				 .cell = 0,
				 .cpu = 0,
				 .esr = ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL |
					0x300000 | 1,
				 .pc = 0x44000ab0};

	case_begin();
	fault_report_print(buf_sink_reset(&out), &r);
	t = out.text;
	CHECK(strncmp(t,
		      "FAULT cell 'alpha' cpu0: trapped MSR, MRS or system instruction, pc "
		      "0x44000ab0\n  ESR_EL2 0x",
		      79) == 0,
	      "%s", t);
	/* The register is named, with why a cell cannot have it. */
	CHECK(strstr(t, "  MRS (read) MIDR_EL1 (S3_0_C0_C0_0), register x0\n"
			"  MIDR_EL1: the hypervisor does not emulate it for cells\n") != NULL,
	      "%s", t);
	/* msr cntps_ctl_el1, x1: op0 3, op2 1, op1 7, CRn 14, Rt 1, CRm 2, write. */
	r.esr = ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL | (3u << 20) | (1u << 17) |
		(7u << 14) | (14u << 10) | (1u << 5) | (2u << 1);
	fault_report_print(buf_sink_reset(&out), &r);
	CHECK(strstr(out.text, "  MSR (write) CNTPS_CTL_EL1 (S3_7_C14_C2_1), register x1\n"
			       "  CNTPS_CTL_EL1: the secure physical timer does not exist for "
			       "cells\n") != NULL,
	      "%s", out.text);
	/* mrs x4, s3_0_c15_c0_0: implementation defined. */
	r.esr = ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL | (3u << 20) | (15u << 10) |
		(4u << 5) | 1u;
	fault_report_print(buf_sink_reset(&out), &r);
	CHECK(strstr(out.text, "  an IMPLEMENTATION DEFINED register: implementation defined "
			       "registers reach shared hardware: not for cells\n") != NULL,
	      "%s", out.text);
	/* An encoding without a name or group. */
	r.esr = ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL | (3u << 20) | (4u << 10) |
		(7u << 1) | 1u;
	fault_report_print(buf_sink_reset(&out), &r);
	CHECK(strstr(out.text, "  S3_0_C4_C7_0: the hypervisor does not emulate it for cells\n") !=
		  NULL,
	      "%s", out.text);
	r.refused_by = "vuart";
	r.esr = dabt(true, false, 3);
	r.ipa = 0x09000000;
	r.ipa_valid = true;
	fault_report_print(buf_sink_reset(&out), &r);
	CHECK(strstr(out.text, "  0x09000000 is emulated device 'vuart' of cell 'alpha', which "
			       "refused this access\n") != NULL,
	      "%s", out.text);
	case_end("fault report: other exception classes, system registers named with the reason, "
		 "access an emulated device refused");
}

static void test_policy_lines(void)
{
	case_begin();
	fault_policy_stop_print(buf_sink_reset(&out), &cells[0]);
	CHECK_STR(out.text, "  policy stop: cell 'alpha' stopped\n", "stop");
	fault_policy_restart_print(buf_sink_reset(&out), &cells[0], 1);
	CHECK_STR(out.text, "  policy restart: cell 'alpha' restarting (restart 1 of 2)\n",
		  "restart");
	fault_policy_limit_print(buf_sink_reset(&out), &cells[0]);
	CHECK_STR(out.text,
		  "  policy restart: cell 'alpha' reached its restart limit (2); stopped\n",
		  "limit");
	fault_policy_inject_print(buf_sink_reset(&out), &cells[0], true);
	CHECK_STR(out.text,
		  "  policy inject: synchronous external abort injected into cell 'alpha'\n",
		  "inject");
	case_end("policy lines");
}

static void test_device_lookup(void)
{
	case_begin();
	CHECK(board_device_at(&board, 0x08ffffff) == NULL, "below the first");
	CHECK_STR(board_device_at(&board, 0x09000000)->name, "uart0", "first byte");
	CHECK_STR(board_device_at(&board, 0x09000fff)->name, "uart0", "last byte");
	CHECK(board_device_at(&board, 0x09001000) == NULL, "gap");
	CHECK_STR(board_device_at(&board, 0x0a003fff)->name, "virtio31", "last device");
	CHECK(board_device_at(&board, 0x0a004000) == NULL, "after the last");
	case_end("board device lookup (binary search)");
}

int main(void)
{
	test_device_cases();
	test_memory_cases();
	test_other_classes();
	test_policy_lines();
	test_device_lookup();
	return check_summary("fault_report");
}
