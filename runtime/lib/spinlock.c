// SPDX-License-Identifier: MIT
/*
 * arm64 ticket lock built on LDAXR/STXR (no LSE atomics: the runtime must run
 * on plain Armv8.0 cores such as the Cortex-A57).
 */
#include "lib/spinlock.h"

#define TICKET_INCREMENT (1u << 16) /* 'next' is the upper half of 'word' */

_Static_assert(sizeof(struct spinlock) == 4, "lock word and its halves must overlap");

void spin_lock(struct spinlock *lock)
{
	uint32_t old, updated, failed;
	uint16_t serving;

	/* Draw a ticket: atomically increment 'next', keeping the old word. */
	__asm__ volatile(
	    "1:	ldaxr	%w[old], %[word]\n"
	    "	add	%w[upd], %w[old], %w[inc]\n"
	    "	stxr	%w[fail], %w[upd], %[word]\n"
	    "	cbnz	%w[fail], 1b\n"
	    : [old] "=&r"(old), [upd] "=&r"(updated), [fail] "=&r"(failed), [word] "+Q"(lock->word)
	    : [inc] "r"(TICKET_INCREMENT)
	    : "memory");

	uint16_t ticket = (uint16_t)(old >> 16);

	if ((uint16_t)old == ticket)
		return;
	/*
	 * Wait for our turn. LDAXRH arms the exclusive monitor on the lock, and
	 * the unlocking CPU's store clears it, which generates the event that ends
	 * WFE; a store between our load and WFE leaves the event pending, so no
	 * wake-up is lost.
	 */
	for (;;) {
		__asm__ volatile("ldaxrh %w0, %1" : "=r"(serving) : "Q"(lock->owner) : "memory");
		if (serving == ticket)
			break;
		__asm__ volatile("wfe" ::: "memory");
	}
}

void spin_unlock(struct spinlock *lock)
{
	uint16_t next_owner = (uint16_t)(lock->owner + 1);

	__asm__ volatile("stlrh %w1, %0" : "=Q"(lock->owner) : "r"(next_owner) : "memory");
}

bool spin_trylock(struct spinlock *lock)
{
	uint32_t old, tmp, failed, taken;

	/*
	 * One asm block, so that the compiler cannot put memory accesses between
	 * the exclusive load and store. The lock is free when owner == next, i.e.
	 * when the word XOR itself rotated by 16 is zero.
	 */
	__asm__ volatile("1:	ldaxr	%w[old], %[word]\n"
			 "	eor	%w[tmp], %w[old], %w[old], ror #16\n"
			 "	cbnz	%w[tmp], 2f\n"
			 "	add	%w[tmp], %w[old], %w[inc]\n"
			 "	stxr	%w[fail], %w[tmp], %[word]\n"
			 "	cbnz	%w[fail], 1b\n"
			 "	mov	%w[taken], #1\n"
			 "	b	3f\n"
			 "2:	clrex\n"
			 "	mov	%w[taken], #0\n"
			 "3:\n"
			 : [old] "=&r"(old), [tmp] "=&r"(tmp), [fail] "=&r"(failed),
			   [taken] "=&r"(taken), [word] "+Q"(lock->word)
			 : [inc] "r"(TICKET_INCREMENT)
			 : "memory");
	return taken != 0;
}
