// SPDX-License-Identifier: MIT
/*
 * Test guest: touches a device its cell does not own and reports what happened.
 * Under on_fault: inject the hypervisor turns the access into a synchronous external
 * abort at EL1, which this guest catches and survives; under stop or restart the cell
 * ends at the access (restart: it boots again and must find pristine memory).
 *
 * Console lines (one call each, for tests):
 *   faulter: start (boot <N>)          N counts boots without a reload: always 1 when
 *                                      the hypervisor restarts from a pristine image
 *   faulter: memory clean | faulter: memory DIRTY
 *   faulter: touching 0x<address>
 *   faulter: abort injected ESR 0x<esr> FAR 0x<far>      (from the exception handler)
 *   faulter: survived
 *   faulter: read returned 0x<value> (NOT contained)     (the read went through)
 * then PSCI SYSTEM_OFF.
 *
 * The address comes from /chosen/cellforge,probe-address (a u64, two cells).
 */
#include "kit/kit.h"

/*
 * Only the fallback when the device tree names no probe address: virtio-mmio
 * transport 31 on QEMU virt, a device that no cell is expected to own.
 */
#define FALLBACK_PROBE_ADDRESS 0x0a003e00u

#define MAGIC 0xce11f0e6deadbeefull

/*
 * In .data, not BSS (the kit clears BSS at every boot): it only counts past 1 when the
 * hypervisor restarts the cell without reloading its image.
 */
static volatile uint32_t boot_count __attribute__((section(".data.faulter_boot_count"))) = 0;

/*
 * Zero-filled by the loader like BSS, but the kit leaves .noinit alone (guest.ld), so
 * a non-zero value is what a previous run wrote: memory was not scrubbed.
 */
static volatile uint64_t residue __attribute__((section(".noinit.faulter_residue")));

static volatile uint32_t aborts_seen;

static bool on_sync_exception(struct kit_exception *e)
{
	uint32_t ec = KIT_ESR_EC(e->esr);

	if (ec != KIT_ESR_EC_DABT_SAME)
		return false; /* anything else is a bug in this guest: report it */
	printf("faulter: abort injected ESR 0x%lx FAR 0x%lx\n", e->esr, e->far);
	/* Give the load a defined result (0) when the syndrome names its register. */
	if ((e->esr & KIT_ESR_DABT_ISV) && KIT_ESR_DABT_SRT(e->esr) != 31)
		e->x[KIT_ESR_DABT_SRT(e->esr)] = 0;
	__atomic_store_n(&aborts_seen, aborts_seen + 1, __ATOMIC_RELEASE);
	kit_exception_skip(e);
	return true;
}

static uint64_t probe_address(const struct fdt *fdt)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : -1;
	const void *prop;
	uint32_t len;
	uint64_t addr;

	if (chosen < 0)
		return FALLBACK_PROBE_ADDRESS;
	prop = fdt_prop(fdt, chosen, "cellforge,probe-address", &len);
	if (!prop || len != 8 || fdt_read_cells(prop, 2, &addr) < 0)
		return FALLBACK_PROBE_ADDRESS;
	return addr;
}

void guest_main(const struct kit_info *info)
{
	uint64_t addr = probe_address(info->fdt);
	uint32_t value;

	boot_count = boot_count + 1;
	printf("faulter: start (boot %u)\n", boot_count);
	/* Two witnesses: one in the image (.noinit), one just past it, which only the
	 * hypervisor's scrub of the whole RAM can clear. */
	volatile uint64_t *outside = (volatile uint64_t *)(uintptr_t)info->image_end;

	printf("faulter: memory %s\n", residue == 0 && *outside == 0 ? "clean" : "DIRTY");
	residue = MAGIC;
	*outside = MAGIC;
	__asm__ volatile("dc civac, %0\n\tdsb sy" : : "r"(outside) : "memory");

	kit_set_sync_handler(on_sync_exception);
	printf("faulter: touching 0x%lx\n", addr);
	value = mmio_read32((uintptr_t)addr);
	if (__atomic_load_n(&aborts_seen, __ATOMIC_ACQUIRE) != 0)
		printf("faulter: survived\n");
	else
		printf("faulter: read returned 0x%x (NOT contained)\n", value);
	kit_set_sync_handler(NULL);
	psci_system_off();
	printf("faulter: SYSTEM_OFF returned\n");
}
