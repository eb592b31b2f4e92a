/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO: the contract between the trap handler (which decodes a
 * guest's data abort) and the emulated devices (virtual PL011 now, virtual
 * GIC distributor/redistributors later).
 *
 * A cell has a sorted table of emulated regions; a stage-2 data abort whose
 * IPA falls into one is handed to its handler with the access already decoded
 * (the handler never sees the instruction). A handler returns false when the
 * access is not one the device accepts (e.g. an unsupported size); the trap
 * handler then treats it like an access outside the cell's map.
 */
#ifndef CELLFORGE_CORE_MMIO_H
#define CELLFORGE_CORE_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct mmio_access {
	uint64_t addr;	 /* guest-physical address of the access */
	uint64_t offset; /* addr minus the region's base */
	uint32_t size;	 /* bytes: 1, 2, 4 or 8 */
	bool write;
	uint64_t value; /* write: the guest's value (zero-extended); read: set by the handler */
	uint32_t cpu;	/* board CPU index making the access */
};

typedef bool (*mmio_handler_fn)(void *device, struct mmio_access *access);

struct mmio_region {
	uint64_t base; /* guest-physical */
	uint64_t size;
	mmio_handler_fn handler;
	void *device;
	const char *name; /* for reports and statistics, e.g. "vuart" */
};

/*
 * The region of a table sorted by base (no overlaps) that contains addr, or
 * NULL. Binary search: a cell may get one region per redistributor later.
 */
const struct mmio_region *mmio_find(const struct mmio_region *regions, uint32_t count,
				    uint64_t addr);

/* True if all `size` bytes from addr lie inside the region. */
bool mmio_contains_access(const struct mmio_region *region, uint64_t addr, uint32_t size);

/*
 * Adds a region to a sorted table, keeping it sorted. False (table unchanged)
 * when it is full, the region is empty or wraps, or it overlaps another.
 */
bool mmio_table_insert(struct mmio_region *regions, uint32_t *count, uint32_t capacity,
		       const struct mmio_region *region);

#endif
