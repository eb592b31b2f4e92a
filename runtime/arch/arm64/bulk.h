/* SPDX-License-Identifier: MIT */
#ifndef CELLFORGE_ARCH_ARM64_BULK_H
#define CELLFORGE_ARCH_ARM64_BULK_H

#include <stdint.h>

/* Zeroes [phys, phys + size) of normal memory (MMU on); both page aligned. */
void bulk_zero(uint64_t phys, uint64_t size);
/* memcpy for large, usually 8-byte aligned buffers. */
void bulk_copy(void *dst, const void *src, uint64_t n);

#endif
