/* SPDX-License-Identifier: MIT */
/*
 * Bitmaps stored as arrays of uint32_t words, bit n in word n / 32 at position
 * n % 32 -- the layout of cf_cell.irq_bitmap. Every function takes the bitmap
 * size in bits and never touches a word beyond it.
 */
#ifndef CELLFORGE_LIB_BITMAP_H
#define CELLFORGE_LIB_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define BITMAP_WORD_BITS 32u

bool bitmap_test(const uint32_t *map, uint32_t nbits, uint32_t bit);
void bitmap_set(uint32_t *map, uint32_t nbits, uint32_t bit);
void bitmap_clear(uint32_t *map, uint32_t nbits, uint32_t bit);
uint32_t bitmap_count(const uint32_t *map, uint32_t nbits);

/* First set bit at or after from; returns nbits when there is none. */
uint32_t bitmap_next_set(const uint32_t *map, uint32_t nbits, uint32_t from);
/* First clear bit at or after from; returns nbits when there is none. */
uint32_t bitmap_next_clear(const uint32_t *map, uint32_t nbits, uint32_t from);

/*
 * Finds the next run of set bits starting at or after from. On success stores
 * the run's first and last bit and returns true; the caller continues at
 * *last + 1. This is how the banner compresses INTIDs into "48-49,79".
 */
bool bitmap_next_range(const uint32_t *map, uint32_t nbits, uint32_t from, uint32_t *first,
		       uint32_t *last);

#endif
