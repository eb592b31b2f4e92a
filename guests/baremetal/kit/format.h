/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting. The kit compiles the runtime's freestanding formatter
 * (runtime/lib/printf.c, see meson.build) instead of carrying its own copy:
 * fmt_vprint() sends characters to a struct fmt_sink, fmt_snprintf()/fmt_vsnprintf()
 * write into a buffer. Conversions: %d %i %u %x %X %c %s %p %%, length modifiers
 * hh h l ll z, flags '-' '0' '#', width and precision (digits or '*').
 */
#ifndef KIT_FORMAT_H
#define KIT_FORMAT_H

#include "lib/printf.h"

#define KIT_PRINTF(fmt_index, first_arg) __printf_like(fmt_index, first_arg)

#endif
