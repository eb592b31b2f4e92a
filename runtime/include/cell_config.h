/* SPDX-License-Identifier: MIT */
/*
 * Types of the constant tables the generator emits into <build>/generator/cells.c.
 *
 * This header is the contract between the Python generator (templates/cells.c.j2)
 * and the runtime: every count here is generated, never hand-kept, and every
 * table is const. Guest-physical addresses are called "guest", host physical
 * addresses "phys"; with identity mapping (the default) they are equal.
 */
#ifndef CELLFORGE_CELL_CONFIG_H
#define CELLFORGE_CELL_CONFIG_H

#include <stdint.h>

/* CPU masks are uint64_t: bit i names cf_board.cpus[i]. */
#define CF_MAX_CPUS 64u
/* INTIDs 0..1019 are SGIs, PPIs and SPIs (GICv3 spec, 2.2); 1020+ are special. */
#define CF_MAX_INTID 1020u
#define CF_IRQ_BITMAP_WORDS 32u

enum cf_region_kind {
	CF_REGION_RAM = 1,    /* normal memory, write-back cacheable */
	CF_REGION_DEVICE = 2, /* passthrough MMIO, Device-nGnRE; whole pages the cell alone owns */
	/*
	 * A sub-page device window: part of a page that holds something the cell
	 * does not own (e.g. QEMU virt's 512-byte virtio-mmio transports, 8 to a
	 * page). Never in stage 2: the page traps, and the hypervisor forwards each
	 * access that lies inside the window to the device (core/mmio_subpage.h).
	 */
	CF_REGION_SUBPAGE = 3,
	/*
	 * Read-only normal memory the guest executes from, like a boot flash
	 * (`image: firmware:`): backed by RAM of its own, loaded by the
	 * hypervisor at every start, a guest write is a stage-2 permission fault.
	 */
	CF_REGION_ROM = 4,
};

enum cf_console_kind {
	CF_CONSOLE_NONE = 0,
	CF_CONSOLE_VIRTUAL = 1,     /* virtual PL011 muxed onto the physical UART */
	CF_CONSOLE_PASSTHROUGH = 2, /* the cell owns the physical UART */
};

enum cf_fault_policy {
	CF_FAULT_STOP = 0,
	CF_FAULT_RESTART = 1,
	CF_FAULT_INJECT = 2,
};

enum cf_psci_conduit {
	CF_PSCI_SMC = 0,
	CF_PSCI_HVC = 1,
};

enum cf_uart_kind {
	CF_UART_PL011 = 0,
};

/*
 * A window of the address space a cell may access. A cell's regions are sorted
 * by guest address and never overlap; CF_REGION_RAM and CF_REGION_DEVICE ones
 * are 4 KiB aligned in guest, phys and size.
 */
struct cf_region {
	const char *name; /* "ram" or the board device's name */
	uint64_t phys;
	uint64_t guest;
	uint64_t size;
	uint32_t kind; /* enum cf_region_kind */
};

/* Bytes the runtime copies into a cell's RAM before starting it. */
struct cf_load {
	const char *what;     /* e.g. "hello.elf segment 0", "dtb" */
	const uint8_t *src;   /* pristine copy inside the hypervisor image */
	uint64_t file_size;   /* bytes copied from src */
	uint64_t mem_size;    /* bytes at guest..guest+mem_size; tail is zeroed */
	uint64_t guest;       /* guest-physical destination */
};

struct cf_cpu {
	const char *name;
	uint64_t mpidr; /* affinity fields as in MPIDR_EL1 (Aff3 at bits 39:32) */
};

/* A board device, known to the runtime so fault reports can name it. */
struct cf_device {
	const char *name;
	const char *compatible;
	uint64_t base;
	uint64_t size;
	int32_t owner; /* index into cf_cells, or -1 when no cell owns it */
};

struct cf_cell {
	const char *name;
	const char *source_file; /* partition file, for hints in reports */
	uint32_t index;
	uint64_t cpu_mask;
	uint32_t boot_cpu; /* board CPU index started at entry */
	const struct cf_region *regions;
	uint32_t region_count;
	const struct cf_load *loads;
	uint32_t load_count;
	uint64_t entry;    /* guest-physical entry point */
	uint64_t dtb_guest; /* x0 at entry */
	uint32_t irq_bitmap[CF_IRQ_BITMAP_WORDS]; /* bit n set: the cell owns INTID n */
	uint32_t console;   /* enum cf_console_kind */
	uint32_t on_fault;  /* enum cf_fault_policy */
	uint32_t restart_limit;
};

struct cf_board {
	const char *name;
	const struct cf_cpu *cpus;
	uint32_t cpu_count;
	const struct cf_region *ram; /* board RAM banks (phys == guest) */
	uint32_t ram_count;
	uint64_t hyp_base; /* the hypervisor's own reservation */
	uint64_t hyp_size;
	uint64_t uart_base;
	uint64_t uart_size;
	uint32_t uart_kind; /* enum cf_uart_kind */
	uint32_t uart_intid; /* the console UART's interrupt (SPI INTID), 0 if it has none */
	uint64_t gicd_base;
	uint64_t gicd_size;
	uint64_t gicr_base;
	uint64_t gicr_size;
	uint64_t gicr_stride;
	uint32_t maintenance_intid;
	uint32_t psci_conduit; /* enum cf_psci_conduit */
	const struct cf_device *devices;
	uint32_t device_count;
};

extern const struct cf_board cf_board;
extern const struct cf_cell cf_cells[];
extern const uint32_t cf_cell_count;

#endif
