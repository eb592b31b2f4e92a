// SPDX-License-Identifier: MIT
/*
 * Host tests of the banner and cell table lines (runtime/core/banner.c).
 * The QEMU tests parse these lines, so the exact text is pinned here.
 */
#include <stdint.h>

#include "cell_config.h"
#include "buf_sink.h"
#include "check.h"
#include "core/banner.h"

static const struct cf_cpu cpus[] = {{"cpu0", 0}, {"cpu1", 1}, {"cpu2", 2}, {"cpu3", 3}};
static const struct cf_board board = {
	.name = "qemu-arm64",
	.cpus = cpus,
	.cpu_count = 4,
};

static const struct cf_region linux1_regions[] = {
	{"ram", 0x44000000, 0x44000000, 0x8000000, CF_REGION_RAM},
	{"virtio0", 0x0a000000, 0x0a000000, 0x200, CF_REGION_SUBPAGE},
	{"virtio1", 0x0a000200, 0x0a000200, 0x200, CF_REGION_SUBPAGE},
	/* One device: a mapped page and a forwarded tail, named once. */
	{"flash", 0x0c000000, 0x0c000000, 0x1000, CF_REGION_DEVICE},
	{"flash", 0x0c001000, 0x0c001000, 0x800, CF_REGION_SUBPAGE},
};
static const struct cf_region rtos_regions[] = {
	{"ram", 0x4c000000, 0x4c000000, 0x4000000, CF_REGION_RAM},
};
static const struct cf_region split_regions[] = {
	{"uart1", 0x09040000, 0x09040000, 0x1000, CF_REGION_DEVICE},
	{"ram", 0x50000000, 0x50000000, 0x1000000, CF_REGION_RAM},
	{"ram", 0x52000000, 0x10000000, 0x200000, CF_REGION_RAM},
};

static const struct cf_cell cells[] = {
	{
		.name = "linux1",
		.index = 0,
		.cpu_mask = 0x3,
		.regions = linux1_regions,
		.region_count = 5,
		.irq_bitmap = {[1] = 0x00030000, [2] = 0x00008000},
		.console = CF_CONSOLE_VIRTUAL,
		.on_fault = CF_FAULT_STOP,
	},
	{
		.name = "rtos",
		.index = 1,
		.cpu_mask = 0x4,
		.regions = rtos_regions,
		.region_count = 1,
		.console = CF_CONSOLE_VIRTUAL,
		.on_fault = CF_FAULT_STOP,
	},
	{
		.name = "split",
		.index = 2,
		.cpu_mask = 0x8 | (UINT64_C(1) << 40), /* bit 40: not a board CPU */
		.regions = split_regions,
		.region_count = 3,
		.irq_bitmap = {[0] = 0x08000000, [3] = 0x000000f0},
		.console = CF_CONSOLE_PASSTHROUGH,
		.on_fault = CF_FAULT_RESTART,
	},
	{
		.name = "empty",
		.index = 3,
		.console = CF_CONSOLE_NONE,
		.on_fault = CF_FAULT_INJECT,
	},
};

static const char *cell_line(const struct cf_cell *cell)
{
	static struct buf_sink b;

	b = (struct buf_sink){.sink = {.put = buf_put}};
	banner_print_cell(&b.sink, &board, cell);
	return b.text;
}

static void test_header(void)
{
	struct buf_sink b = {.sink = {.put = buf_put}};

	case_begin();
	banner_print_header(&b.sink, "0.1.0", &board, 3);
	CHECK_STR(b.text, "cellforge 0.1.0 on board 'qemu-arm64': 4 CPUs, 3 cells\n", "header");
	case_end("banner header line");
}

static void test_cells(void)
{
	case_begin();
	CHECK_STR(cell_line(&cells[0]),
		  "cell 0 'linux1': cpus cpu0,cpu1 ram 0x44000000-0x4bffffff irqs 48-49,79 "
		  "devices virtio0,virtio1,flash console virtual on_fault stop\n",
		  "cell with devices and IRQs");
	CHECK_STR(cell_line(&cells[1]),
		  "cell 1 'rtos': cpus cpu2 ram 0x4c000000-0x4fffffff irqs - devices - "
		  "console virtual on_fault stop\n",
		  "cell without devices or IRQs");
	CHECK_STR(cell_line(&cells[2]),
		  "cell 2 'split': cpus cpu3,?40 ram 0x50000000-0x50ffffff,0x52000000-0x521fffff "
		  "irqs 27,100-103 devices uart1 console passthrough on_fault restart\n",
		  "two RAM regions (physical addresses), a device listed first, a bad CPU bit");
	CHECK_STR(cell_line(&cells[3]),
		  "cell 3 'empty': cpus - ram - irqs - devices - console none on_fault inject\n",
		  "a cell with nothing");
	case_end("cell table lines");
}

static void test_names(void)
{
	case_begin();
	CHECK_STR(console_kind_name(7), "unknown", "console out of range");
	CHECK_STR(fault_policy_name(9), "unknown", "policy out of range");
	case_end("enum names, including out-of-range values");
}

int main(void)
{
	test_header();
	test_cells();
	test_names();
	return check_summary("banner");
}
