// SPDX-License-Identifier: MIT
/*
 * Bulk zeroing and copying for starting cells: every start scrubs the cell's
 * RAM (hundreds of MiB for a Linux cell) and copies its images (tens of MiB),
 * so these run per 64-byte block or per doubleword, not per byte.
 */
#include <stdint.h>

#include "arch/arm64/bulk.h"

/*
 * DCZID_EL0 (Arm ARM, register description "DCZID_EL0"): DZP set means DC ZVA
 * is prohibited; BS is log2 of the zeroed block size in words.
 */
#define DCZID_DZP     (1u << 4)
#define DCZID_BS_MASK 0xfu

void bulk_zero(uint64_t phys, uint64_t size)
{
	uint64_t dczid;

	__asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
	if (!(dczid & DCZID_DZP)) {
		uint64_t block = 4u << (dczid & DCZID_BS_MASK);

		if (phys % block == 0 && size % block == 0) {
			for (uint64_t a = phys; a < phys + size; a += block)
				__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
			return;
		}
	}
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)phys;

	for (uint64_t i = 0; i < size / sizeof(uint64_t); i++)
		p[i] = 0;
}

void bulk_copy(void *dst, const void *src, uint64_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	uint64_t i = 0;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; i + 32 <= n; i += 32) {
			const uint64_t *from = (const uint64_t *)(s + i);
			uint64_t *to = (uint64_t *)(d + i);

			to[0] = from[0];
			to[1] = from[1];
			to[2] = from[2];
			to[3] = from[3];
		}
	}
	for (; i < n; i++)
		d[i] = s[i];
}
