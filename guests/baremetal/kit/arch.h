/* SPDX-License-Identifier: MIT */
/*
 * CPU helpers: system register access, barriers, MMIO, identity of this CPU.
 */
#ifndef KIT_ARCH_H
#define KIT_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "kit/sysregs.h"

#define KIT_DEFINE_SYSREG_READ(reg)                                                                \
	static inline uint64_t read_##reg(void)                                                    \
	{                                                                                          \
		uint64_t value;                                                                    \
		__asm__ volatile("mrs %0, " #reg : "=r"(value));                                   \
		return value;                                                                      \
	}

#define KIT_DEFINE_SYSREG_WRITE(reg)                                                               \
	static inline void write_##reg(uint64_t value)                                             \
	{                                                                                          \
		__asm__ volatile("msr " #reg ", %0" : : "r"(value) : "memory");                    \
	}

KIT_DEFINE_SYSREG_READ(mpidr_el1)
KIT_DEFINE_SYSREG_READ(esr_el1)
KIT_DEFINE_SYSREG_READ(far_el1)
KIT_DEFINE_SYSREG_READ(elr_el1)
KIT_DEFINE_SYSREG_READ(spsr_el1)
KIT_DEFINE_SYSREG_READ(sctlr_el1)
KIT_DEFINE_SYSREG_READ(tpidr_el1)
KIT_DEFINE_SYSREG_READ(currentel)
KIT_DEFINE_SYSREG_READ(cntfrq_el0)
KIT_DEFINE_SYSREG_READ(cntv_ctl_el0)
KIT_DEFINE_SYSREG_READ(cntv_cval_el0)
KIT_DEFINE_SYSREG_WRITE(cntv_ctl_el0)
KIT_DEFINE_SYSREG_WRITE(cntv_cval_el0)

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

static inline void cpu_wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* The affinity of this CPU, as /cpus/cpu@N/reg names it. */
static inline uint64_t cpu_mpidr(void)
{
	return read_mpidr_el1() & MPIDR_AFFINITY_MASK;
}

/* The kit's index of this CPU: 0 for the boot CPU, the CPU_ON context id otherwise. */
static inline unsigned cpu_index(void)
{
	return (unsigned)read_tpidr_el1();
}

static inline bool mmu_is_enabled(void)
{
	return (read_sctlr_el1() & SCTLR_EL1_M) != 0;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile const uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

/* Stop this CPU for good: interrupts masked, wait forever. */
__attribute__((noreturn)) void cpu_park(void);

#endif
