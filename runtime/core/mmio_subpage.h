/* SPDX-License-Identifier: MIT */
/*
 * Sub-page device windows (CF_REGION_SUBPAGE): devices that share a 4 KiB page
 * with something their cell does not own. Stage 2 cannot give a cell part of a
 * page, so such a page stays unmapped and traps; the hypervisor forwards to
 * the device exactly the accesses that lie inside a window the cell owns, with
 * the size and direction of the guest's own access. Everything else in the
 * page is refused and reported like any access outside the cell's map (the
 * report names the board device there).
 *
 * Each trapped page is one region of the cell's emulated-MMIO table (core/mmio.h),
 * so finding it is the table's binary search; finding the window inside it is a
 * binary search over the cell's constant region table. Work per access is
 * bounded by the size of those generated tables.
 *
 * Pure C (host-tested): the device access itself goes through mmio_bus_read()
 * and mmio_bus_write(), which the runtime implements in arch/arm64/mmio_bus.c.
 */
#ifndef CELLFORGE_CORE_MMIO_SUBPAGE_H
#define CELLFORGE_CORE_MMIO_SUBPAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "core/mmio.h"

/* Why an access to a trapped device page was not forwarded. */
enum subpage_verdict {
	SUBPAGE_FORWARD = 0, /* inside an owned window, register-width, aligned */
	SUBPAGE_OUTSIDE,     /* not inside any window of the cell */
	SUBPAGE_STRADDLE,    /* starts inside a window but ends past it */
	SUBPAGE_BAD_SIZE,    /* not 1, 2, 4 or 8 bytes */
	SUBPAGE_UNALIGNED,   /* not naturally aligned: no device register is */
};

/*
 * The CF_REGION_SUBPAGE region of the cell whose guest window contains addr,
 * or NULL. The cell's regions are sorted by guest address (cell_config.h).
 */
const struct cf_region *subpage_window_at(const struct cf_cell *cell, uint64_t addr);

/*
 * The forwarding decision for a guest access of `size` bytes at guest address
 * addr: SUBPAGE_FORWARD with *phys set to the device address, or the reason
 * for refusing it (*phys untouched). *window is set to the window that
 * contains addr, or NULL.
 */
enum subpage_verdict subpage_decide(const struct cf_cell *cell, uint64_t addr, uint32_t size,
				    const struct cf_region **window, uint64_t *phys);

/*
 * The emulated-MMIO handler of a trapped device page; `device` is the cell's
 * const struct cf_cell. Forwards the access or refuses it (false).
 */
bool subpage_mmio(void *device, struct mmio_access *access);

/*
 * Adds one emulated-MMIO region per trapped page of the cell (the pages its
 * CF_REGION_SUBPAGE windows touch) to its table. False when the table is full
 * or a page overlaps another emulated region (a generator bug: the caller
 * panics). *pages counts the regions added.
 */
bool subpage_register(struct mmio_region *regions, uint32_t *count, uint32_t capacity,
		      const struct cf_cell *cell, uint32_t *pages);

/* Implemented by the runtime (arch/arm64/mmio_bus.c), by fakes in host tests. */
uint64_t mmio_bus_read(uint64_t phys, uint32_t size);
void mmio_bus_write(uint64_t phys, uint32_t size, uint64_t value);

#endif
