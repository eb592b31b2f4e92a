/* SPDX-License-Identifier: MIT */
/*
 * Single-threaded spinlocks for harnesses of code that takes locks (vuart.c,
 * console_mux.c): taking a held lock would deadlock on the target, so it is
 * an invariant violation here, as is releasing a free one.
 */
#ifndef CELLFORGE_FUZZ_SPINLOCK_H
#define CELLFORGE_FUZZ_SPINLOCK_H

#include "fuzz_common.h"
#include "lib/spinlock.h"

static int fuzz_locks_held;

void spin_lock(struct spinlock *lock)
{
	FUZZ_ASSERT(lock->word == 0, "lock %p taken twice: deadlock", (void *)lock);
	lock->word = 1;
	fuzz_locks_held++;
}

void spin_unlock(struct spinlock *lock)
{
	FUZZ_ASSERT(lock->word != 0, "lock %p released while free", (void *)lock);
	lock->word = 0;
	fuzz_locks_held--;
}

bool spin_trylock(struct spinlock *lock)
{
	if (lock->word != 0)
		return false;
	spin_lock(lock);
	return true;
}

#endif
