/* SPDX-License-Identifier: MIT */
/*
 * Exceptions at EL1. IRQs go to one handler the guest installs (which acknowledges
 * the interrupt at the GIC itself). Synchronous exceptions taken from the guest's own
 * code (EL1h) go to an optional synchronous handler, which may fix things up and
 * resume. Everything else, and whatever that handler declines, is reported on the
 * console (ESR/FAR/ELR decoded) and stops the CPU.
 */
#ifndef KIT_EXCEPTION_H
#define KIT_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

/* ESR_EL1 fields (Arm ARM D13.2.37). */
#define KIT_ESR_EC(esr)	      ((uint32_t)((esr) >> 26) & 0x3fu)
#define KIT_ESR_ISS(esr)      ((uint32_t)(esr)&0x1ffffffu)
#define KIT_ESR_EC_DABT_SAME  0x25u /* data abort taken without a change of EL */
#define KIT_ESR_EC_IABT_SAME  0x21u
#define KIT_ESR_DFSC(esr)     ((uint32_t)(esr)&0x3fu)
#define KIT_ESR_DFSC_SYNC_EXT 0x10u	 /* synchronous external abort */
#define KIT_ESR_DABT_ISV      (1u << 24) /* SRT/SAS valid */
#define KIT_ESR_DABT_SRT(esr) ((uint32_t)((esr) >> 16) & 0x1fu)

/*
 * The interrupted context of a synchronous exception, as saved by vectors.S. A
 * handler may change x[], elr and spsr: they are restored on return.
 */
struct kit_exception {
	uint64_t x[31]; /* x0..x30 at the time of the exception */
	uint64_t elr;	/* ELR_EL1: the faulting instruction (for aborts) */
	uint64_t spsr;
	uint64_t esr; /* ESR_EL1, FAR_EL1: read-only copies */
	uint64_t far;
};

/*
 * Returns true when it handled the exception: the CPU then resumes at e->elr with
 * e's registers. false: the kit reports the exception and stops the CPU as usual.
 * It runs on the faulting CPU's stack with interrupts masked; it may printf unless
 * the faulting code could hold the console lock (i.e. the fault came from printf).
 */
typedef bool (*kit_sync_handler)(struct kit_exception *e);

/*
 * Installs the synchronous exception handler for all CPUs; NULL (the default)
 * makes every synchronous exception fatal again. A fault inside the handler itself
 * is fatal.
 */
void kit_set_sync_handler(kit_sync_handler handler);

/* Resume after the faulting instruction (A64 instructions are 4 bytes). */
static inline void kit_exception_skip(struct kit_exception *e)
{
	e->elr += 4;
}

typedef void (*kit_irq_handler)(void);

/* Installs the IRQ handler for all CPUs; NULL makes IRQs fatal again. */
void kit_set_irq_handler(kit_irq_handler handler);

/* Called from vectors.S. */
void kit_irq_dispatch(void);
bool kit_sync_dispatch(struct kit_exception *e);
__attribute__((noreturn)) void kit_fatal_exception(uint64_t kind, uint64_t sp, uint64_t lr);

#endif
