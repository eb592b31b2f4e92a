/* SPDX-License-Identifier: MIT */
/*
 * Test-and-set spinlock on exclusives. Exclusives are architecturally valid only on
 * Normal cacheable memory, which is why start.S turns the MMU and caches on before C
 * code runs (QEMU TCG also honours them with the MMU off).
 */
#ifndef KIT_SPINLOCK_H
#define KIT_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "kit/arch.h"

struct spinlock {
	uint32_t locked;
};

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0                                                                                  \
	}

static inline bool spin_trylock(struct spinlock *lock)
{
	return __atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE) == 0;
}

static inline void spin_lock(struct spinlock *lock)
{
	while (!spin_trylock(lock)) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0)
			cpu_relax();
	}
}

static inline void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE);
}

#endif
