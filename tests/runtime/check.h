/* SPDX-License-Identifier: MIT */
/*
 * Minimal test harness for the runtime's host unit tests. Each CHECK prints
 * a line on failure; each test case prints what it checked; the exit status
 * is non-zero if any check failed (meson counts that as a failed test).
 */
#ifndef CELLFORGE_TEST_CHECK_H
#define CELLFORGE_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_total;
static int check_failed;
static int case_failed_before;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		check_total++;                                                                     \
		if (!(cond)) {                                                                     \
			check_failed++;                                                            \
			printf("  FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                   \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

#define CHECK_U64(actual, expected, what)                                                          \
	do {                                                                                       \
		uint64_t check_a_ = (uint64_t)(actual), check_e_ = (uint64_t)(expected);           \
		CHECK(check_a_ == check_e_, "%s: got 0x%" PRIx64 ", expected 0x%" PRIx64, what,    \
		      check_a_, check_e_);                                                         \
	} while (0)

#define CHECK_INT(actual, expected, what)                                                          \
	do {                                                                                       \
		long long check_a_ = (long long)(actual), check_e_ = (long long)(expected);        \
		CHECK(check_a_ == check_e_, "%s: got %lld, expected %lld", what, check_a_,         \
		      check_e_);                                                                   \
	} while (0)

#define CHECK_STR(actual, expected, what)                                                          \
	do {                                                                                       \
		const char *check_a_ = (actual), *check_e_ = (expected);                           \
		CHECK(strcmp(check_a_, check_e_) == 0,                                             \
		      "%s:\n    got      \"%s\"\n    expected \"%s\"", what, check_a_, check_e_);  \
	} while (0)

/* Opens a test case; the matching case_end() prints its verdict. */
static inline void case_begin(void)
{
	case_failed_before = check_failed;
}

static inline void case_end(const char *what)
{
	printf("%s: %s\n", check_failed == case_failed_before ? "ok  " : "FAIL", what);
}

static inline int check_summary(const char *suite)
{
	printf("%s: %d checks, %d failed\n", suite, check_total, check_failed);
	return check_failed ? 1 : 0;
}

#endif
