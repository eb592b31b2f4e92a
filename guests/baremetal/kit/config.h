/* SPDX-License-Identifier: MIT */
/*
 * Build-time limits of the bare-metal guest kit, shared by C and assembly.
 */
#ifndef KIT_CONFIG_H
#define KIT_CONFIG_H

/* CPUs a guest can run on; context ids of PSCI CPU_ON index the stacks. */
#define KIT_MAX_CPUS 8
/* Per-CPU stack; a power of two so start.S can compute stack tops by shifting. */
#define KIT_STACK_SHIFT 14
#define KIT_STACK_SIZE	(1 << KIT_STACK_SHIFT)

/* Second-level tables for 1 GiB regions that are only partly RAM (mmu.c). */
#define KIT_MMU_L2_TABLES 4

/* A device tree larger than this is treated as damaged (QEMU pads to 1 MiB). */
#define KIT_FDT_MAX_SIZE (4u << 20)

/*
 * Console used only when x0 does not point at a valid device tree (nothing else
 * could tell where the UART is): QEMU virt's PL011. Everything else comes from the DTB.
 */
#define KIT_FALLBACK_UART 0x09000000u

#endif
