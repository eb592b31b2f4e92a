// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own device accesses on behalf of a guest (sub-page windows,
 * core/mmio_subpage.h): one load or store of exactly the guest's size, so the
 * device sees what it would have seen from the guest. Every board device is
 * identity-mapped Device-nGnRE at EL2 (hyp_map.c); the caller has checked
 * that the address is aligned and inside a window of the cell.
 */
#include "compiler.h"
#include "core/mmio_subpage.h"

uint64_t mmio_bus_read(uint64_t phys, uint32_t size)
{
	uint64_t value;

	switch (size) {
	case 1:
		__asm__ volatile("ldrb %w0, [%1]" : "=r"(value) : "r"(phys) : "memory");
		break;
	case 2:
		__asm__ volatile("ldrh %w0, [%1]" : "=r"(value) : "r"(phys) : "memory");
		break;
	case 4:
		__asm__ volatile("ldr %w0, [%1]" : "=r"(value) : "r"(phys) : "memory");
		break;
	default:
		__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(phys) : "memory");
		break;
	}
	return value;
}

void mmio_bus_write(uint64_t phys, uint32_t size, uint64_t value)
{
	switch (size) {
	case 1:
		__asm__ volatile("strb %w0, [%1]" : : "r"(value), "r"(phys) : "memory");
		break;
	case 2:
		__asm__ volatile("strh %w0, [%1]" : : "r"(value), "r"(phys) : "memory");
		break;
	case 4:
		__asm__ volatile("str %w0, [%1]" : : "r"(value), "r"(phys) : "memory");
		break;
	default:
		__asm__ volatile("str %0, [%1]" : : "r"(value), "r"(phys) : "memory");
		break;
	}
}
