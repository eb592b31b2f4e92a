/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): the fuzz input as
 * a stream of guest operations, and the invariant check that turns a broken
 * isolation property into a crash libFuzzer reports and keeps.
 *
 * Reading past the end of the input yields zeros, so every prefix of an
 * input is itself a valid (shorter) sequence of operations and libFuzzer's
 * mutations never produce a "malformed" input.
 */
#ifndef CELLFORGE_FUZZ_COMMON_H
#define CELLFORGE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct fuzz_in {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static inline bool fuzz_more(const struct fuzz_in *in)
{
	return in->pos < in->size;
}

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | (uint16_t)fuzz_u8(in) << 8);
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t lo = fuzz_u32(in);

	return lo | (uint64_t)fuzz_u32(in) << 32;
}

/* Operations per input at most: keeps one execution short whatever the input size. */
#define FUZZ_MAX_OPS 512u

/*
 * A broken invariant: print what and where, then abort() so that libFuzzer
 * reports a crash, saves the input as crash-<sha1> and the runner fails.
 */
#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "INVARIANT VIOLATED %s:%d: %s: ", __FILE__, __LINE__,      \
				#cond);                                                            \
			fprintf(stderr, __VA_ARGS__);                                              \
			fprintf(stderr, "\n");                                                     \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The access sizes a data abort can report (SAS). */
static inline uint32_t fuzz_size(uint8_t sel)
{
	return 1u << (sel & 3u);
}

/* A value's bits above an access of size bytes are zero (reads return zero-extended values). */
static inline bool fuzz_fits(uint64_t value, uint32_t size)
{
	return size >= 8 || (value >> (8u * size)) == 0;
}

#endif
