/* SPDX-License-Identifier: MIT */
/*
 * Small compiler helpers shared by C and assembly sources of the runtime.
 * Everything here must also compile on the host for the unit tests.
 */
#ifndef CELLFORGE_COMPILER_H
#define CELLFORGE_COMPILER_H

/* Assembly cannot parse the UL suffix, C needs it for 64-bit constants. */
#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define BIT(n) (UL(1) << (n))
/* Bits h..l set, as in the Arm ARM's field notation "[h:l]". */
#define GENMASK(h, l) (((~UL(0)) >> (63 - (h))) & ((~UL(0)) << (l)))

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	    (sizeof(a) / sizeof((a)[0]))
#define __noreturn	    __attribute__((noreturn))
#define __aligned(n)	    __attribute__((aligned(n)))
#define __section(s)	    __attribute__((section(s)))
#define __printf_like(f, a) __attribute__((format(printf, f, a)))
#define __unused	    __attribute__((unused))
#define FIELD_GET(mask, v)  (((v) & (mask)) >> __builtin_ctzll(mask))
#define IS_ALIGNED(x, a)    (((x) & ((a)-1)) == 0)
#define ALIGN_DOWN(x, a)    ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a)	    ALIGN_DOWN((x) + (a)-1, (a))

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}
#endif

#endif
