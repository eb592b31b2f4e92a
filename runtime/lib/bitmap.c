// SPDX-License-Identifier: MIT
#include "lib/bitmap.h"

bool bitmap_test(const uint32_t *map, uint32_t nbits, uint32_t bit)
{
	if (bit >= nbits)
		return false;
	return (map[bit / BITMAP_WORD_BITS] >> (bit % BITMAP_WORD_BITS)) & 1u;
}

void bitmap_set(uint32_t *map, uint32_t nbits, uint32_t bit)
{
	if (bit < nbits)
		map[bit / BITMAP_WORD_BITS] |= 1u << (bit % BITMAP_WORD_BITS);
}

void bitmap_clear(uint32_t *map, uint32_t nbits, uint32_t bit)
{
	if (bit < nbits)
		map[bit / BITMAP_WORD_BITS] &= ~(1u << (bit % BITMAP_WORD_BITS));
}

uint32_t bitmap_count(const uint32_t *map, uint32_t nbits)
{
	uint32_t n = 0;

	for (uint32_t bit = 0; bit < nbits; bit++)
		n += bitmap_test(map, nbits, bit);
	return n;
}

/*
 * Scans word by word; want_set selects whether we look for a 1 or a 0. Bits
 * of the last word beyond nbits are ignored, so a bitmap whose size is not a
 * multiple of 32 cannot report phantom bits.
 */
static uint32_t next_bit(const uint32_t *map, uint32_t nbits, uint32_t from, bool want_set)
{
	while (from < nbits) {
		uint32_t word = map[from / BITMAP_WORD_BITS];
		uint32_t shift = from % BITMAP_WORD_BITS;

		if (!want_set)
			word = ~word;
		word >>= shift;
		if (word != 0) {
			uint32_t bit = from + (uint32_t)__builtin_ctz(word);

			return bit < nbits ? bit : nbits;
		}
		from += BITMAP_WORD_BITS - shift;
	}
	return nbits;
}

uint32_t bitmap_next_set(const uint32_t *map, uint32_t nbits, uint32_t from)
{
	return next_bit(map, nbits, from, true);
}

uint32_t bitmap_next_clear(const uint32_t *map, uint32_t nbits, uint32_t from)
{
	return next_bit(map, nbits, from, false);
}

bool bitmap_next_range(const uint32_t *map, uint32_t nbits, uint32_t from, uint32_t *first,
		       uint32_t *last)
{
	uint32_t start = bitmap_next_set(map, nbits, from);

	if (start >= nbits)
		return false;
	*first = start;
	*last = bitmap_next_clear(map, nbits, start) - 1;
	return true;
}
