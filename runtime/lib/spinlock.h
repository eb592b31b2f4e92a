/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks (first come, first served, so no CPU starves).
 *
 * The exclusive load/store pair only works on Normal cacheable memory on real
 * hardware, so a lock may only be taken once the calling CPU has its MMU and
 * caches on.
 */
#ifndef CELLFORGE_LIB_SPINLOCK_H
#define CELLFORGE_LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	union {
		uint32_t word; /* taken by the exclusive pair as a whole */
		struct {
			uint16_t owner; /* ticket now being served */
			uint16_t next;	/* ticket handed to the next arrival */
		};
	};
};

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		.word = 0                                                                          \
	}

void spin_lock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
/* Takes the lock only if it is free right now. */
bool spin_trylock(struct spinlock *lock);

#endif
