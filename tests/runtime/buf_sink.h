/* SPDX-License-Identifier: MIT */
/*
 * A fmt_sink that collects text in a fixed buffer (truncating, always NUL
 * terminated), for tests of code that prints into a sink.
 */
#ifndef CELLFORGE_TEST_BUF_SINK_H
#define CELLFORGE_TEST_BUF_SINK_H

#include <stddef.h>

#include "lib/printf.h"

struct buf_sink {
	struct fmt_sink sink;
	char text[8192];
	size_t len;
};

static inline void buf_put(struct fmt_sink *s, char c)
{
	struct buf_sink *b = (struct buf_sink *)s;

	if (b->len < sizeof(b->text) - 1)
		b->text[b->len++] = c;
	b->text[b->len] = '\0';
}

/* Empties b and returns its sink. */
static inline struct fmt_sink *buf_sink_reset(struct buf_sink *b)
{
	b->sink.put = buf_put;
	b->len = 0;
	b->text[0] = '\0';
	return &b->sink;
}

#endif
