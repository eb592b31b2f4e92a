/* SPDX-License-Identifier: MIT */
/*
 * Symbols of guest.ld and start.S seen from C. Hidden visibility makes the compiler
 * address them PC-relatively instead of through the GOT.
 */
#ifndef KIT_IMAGE_H
#define KIT_IMAGE_H

#define KIT_LINKER_SYMBOL __attribute__((visibility("hidden")))

/* Run-time bounds of the loaded image (start = load base, end includes BSS, 4 KiB aligned). */
extern char __image_start[] KIT_LINKER_SYMBOL;
extern char __image_end[] KIT_LINKER_SYMBOL;
/* PSCI CPU_ON entry point of secondary CPUs (start.S). */
extern char kit_secondary_entry[] KIT_LINKER_SYMBOL;

#endif
