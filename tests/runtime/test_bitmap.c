// SPDX-License-Identifier: MIT
/*
 * Host tests of runtime/lib/bitmap.c and of the INTID range compression the
 * banner prints ("48-49,79"), checked against a straightforward reference.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "cell_config.h"
#include "buf_sink.h"
#include "check.h"
#include "core/banner.h"
#include "lib/bitmap.h"

static const char *ranges(const uint32_t *map, uint32_t nbits)
{
	static struct buf_sink b;

	b = (struct buf_sink){.sink = {.put = buf_put}};
	banner_print_ranges(&b.sink, map, nbits);
	return b.text;
}

/* Reference: the same text built bit by bit, the obvious way. */
static const char *reference_ranges(const bool *bits, uint32_t nbits)
{
	static char text[8192];
	size_t len = 0;

	text[0] = '\0';
	for (uint32_t i = 0; i < nbits; i++) {
		if (!bits[i] || (i > 0 && bits[i - 1]))
			continue;
		uint32_t j = i;

		while (j + 1 < nbits && bits[j + 1])
			j++;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%u", len ? "," : "", i);
		if (j > i)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "-%u", j);
	}
	return len ? text : "-";
}

static void test_basic_ops(void)
{
	uint32_t map[4] = {0};

	case_begin();
	bitmap_set(map, 100, 0);
	bitmap_set(map, 100, 31);
	bitmap_set(map, 100, 32);
	bitmap_set(map, 100, 99);
	bitmap_set(map, 100, 100); /* out of range: ignored */
	bitmap_set(map, 100, 127);
	CHECK_U64(map[0], 0x80000001u, "word 0");
	CHECK_U64(map[1], 0x00000001u, "word 1");
	CHECK_U64(map[3], 0x00000008u, "bit 99 in word 3, bits past nbits untouched");
	CHECK(bitmap_test(map, 100, 31) && bitmap_test(map, 100, 32), "set bits read back");
	CHECK(!bitmap_test(map, 100, 33), "clear bit reads back");
	CHECK(!bitmap_test(map, 100, 1000), "test beyond nbits is false");
	CHECK_INT(bitmap_count(map, 100), 4, "count");
	bitmap_clear(map, 100, 31);
	CHECK_U64(map[0], 0x00000001u, "clear");
	CHECK_INT(bitmap_next_set(map, 100, 1), 32, "next set across a word boundary");
	CHECK_INT(bitmap_next_set(map, 100, 33), 99, "next set far away");
	CHECK_INT(bitmap_next_set(map, 100, 100), 100, "none left: nbits");
	map[3] |= 0xfffffff0u; /* garbage past nbits must stay invisible */
	CHECK_INT(bitmap_next_set(map, 100, 100), 100, "bits past nbits ignored");
	{
		/* Garbage from bit 101 up, in the word that also holds bit 99. */
		uint32_t tail[4] = {0, 0, 0, 0xffffffe0u};

		CHECK_INT(bitmap_next_set(tail, 100, 0), 100,
			  "set bits past nbits in the last word");
		CHECK_INT(bitmap_next_clear(tail, 100, 96), 96, "clear bit in the last word");
		tail[3] = 0xffffffffu;
		CHECK_INT(bitmap_next_clear(tail, 101, 96), 101, "no clear bit below nbits");
	}
	CHECK_INT(bitmap_next_clear(map, 100, 0), 1, "next clear");
	memset(map, 0xff, sizeof(map));
	CHECK_INT(bitmap_next_clear(map, 100, 0), 100, "full map: no clear bit");
	CHECK_INT(bitmap_next_clear(map, 64, 0), 64, "full map of 64 bits");
	case_end("set/clear/test/count/next_set/next_clear stay within nbits");
}

static void test_ranges_fixed(void)
{
	uint32_t irq[CF_IRQ_BITMAP_WORDS] = {0};

	case_begin();
	CHECK_STR(ranges(irq, CF_MAX_INTID), "-", "empty bitmap");
	irq[1] = 0x00030000; /* 48, 49 */
	irq[2] = 0x00008000; /* 79 */
	CHECK_STR(ranges(irq, CF_MAX_INTID), "48-49,79", "the sample cell");
	memset(irq, 0, sizeof(irq));
	irq[0] = 0x80000000;
	irq[1] = 0x00000001;
	CHECK_STR(ranges(irq, CF_MAX_INTID), "31-32", "range across a word boundary");
	memset(irq, 0xff, sizeof(irq));
	CHECK_STR(ranges(irq, CF_MAX_INTID), "0-1019", "all INTIDs; 1020+ are not INTIDs");
	memset(irq, 0, sizeof(irq));
	irq[31] = 0xffffffff; /* 992..1023 */
	CHECK_STR(ranges(irq, CF_MAX_INTID), "992-1019", "special INTIDs never printed");
	memset(irq, 0, sizeof(irq));
	irq[0] = 0x55;
	CHECK_STR(ranges(irq, CF_MAX_INTID), "0,2,4,6", "singles");
	case_end("INTID ranges: fixed cases");
}

static void test_ranges_random(void)
{
	uint32_t map[CF_IRQ_BITMAP_WORDS];
	bool bits[CF_MAX_INTID];
	int mismatches = 0;

	case_begin();
	srand(12345);
	for (int round = 0; round < 2000; round++) {
		int density = 1 + round % 7; /* from sparse to dense */

		memset(map, 0, sizeof(map));
		for (uint32_t i = 0; i < CF_MAX_INTID; i++) {
			bits[i] = (rand() % 8) < density;
			if (bits[i])
				bitmap_set(map, CF_MAX_INTID, i);
		}
		if (strcmp(ranges(map, CF_MAX_INTID), reference_ranges(bits, CF_MAX_INTID)) != 0 &&
		    mismatches++ == 0)
			CHECK_STR(ranges(map, CF_MAX_INTID), reference_ranges(bits, CF_MAX_INTID),
				  "random bitmap");
	}
	CHECK_INT(mismatches, 0, "random bitmaps that differ from the reference");
	case_end("INTID ranges: 2000 random bitmaps agree with a reference");
}

int main(void)
{
	test_basic_ops();
	test_ranges_fixed();
	test_ranges_random();
	return check_summary("bitmap");
}
