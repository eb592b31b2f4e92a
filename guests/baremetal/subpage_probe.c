// SPDX-License-Identifier: MIT
/*
 * Test guest: owns one device that shares its 4 KiB page with a neighbour of
 * another cell (QEMU virt's virtio-mmio transports, 8 to a page) and checks that
 * it reaches its own registers and none of the neighbour's. Its partition uses
 * on_fault: inject, so a refused access becomes an abort this guest catches.
 *
 * From /chosen (each <base64 size64>):
 *   cellforge,own-device        the device this cell owns
 *   cellforge,neighbour-device  the device of another cell in the same page
 *
 * Console lines (one call each; tests match them):
 *   subpage_probe: own 0x<base> magic 0x<v> version 0x<v> device-id 0x<v>
 *   subpage_probe: own 0x<base> write status: ok|abort
 *   subpage_probe: own 0x<base> ldp: abort|returned ... (NOT contained)
 *   subpage_probe: neighbour 0x<addr> <what>: abort ESR 0x<esr> FAR 0x<far>
 *   subpage_probe: neighbour 0x<addr> <what>: returned 0x<v> (NOT contained)
 *   subpage_probe: missing <property>
 *   subpage_probe: done
 * then PSCI SYSTEM_OFF.
 */
#include "kit/kit.h"

/* virtio-mmio registers (virtio spec 1.2, 4.2.2). */
#define VIRTIO_MMIO_MAGIC     0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION   0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_STATUS    0x070 /* writing 0 resets the device */

#define WINDOW_SIZE 0x200u	/* of one QEMU virt transport */
#define POISON	    0x5ca1ab1eu /* a load the abort handler skipped leaves this */

static volatile uint32_t aborts;
static volatile uint64_t abort_esr, abort_far;

static bool on_sync_exception(struct kit_exception *e)
{
	if (KIT_ESR_EC(e->esr) != KIT_ESR_EC_DABT_SAME)
		return false; /* anything else is a bug in this guest: report it */
	abort_esr = e->esr;
	abort_far = e->far;
	__atomic_store_n(&aborts, aborts + 1, __ATOMIC_RELEASE);
	kit_exception_skip(e);
	return true;
}

static bool chosen_region(const struct fdt *fdt, const char *name, uint64_t *base)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : -1;
	uint32_t len = 0;
	const void *prop = chosen >= 0 ? fdt_prop(fdt, chosen, name, &len) : NULL;

	if (!prop || len != 16 || fdt_read_cells(prop, 2, base) < 0) {
		printf("subpage_probe: missing %s\n", name);
		return false;
	}
	return true;
}

static uint32_t read32(uint64_t addr)
{
	uint32_t v = POISON;

	/* One LDR with the result in a named register: the abort handler skips it. */
	__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(addr) : "memory");
	return v;
}

static void write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

/* A load pair: the abort syndrome has no ISV, so no hypervisor can emulate it. */
static uint64_t read_pair(uint64_t addr)
{
	uint32_t lo = POISON, hi = POISON;

	__asm__ volatile("ldp %w0, %w1, [%2]" : "+r"(lo), "+r"(hi) : "r"(addr) : "memory");
	return (uint64_t)hi << 32 | lo;
}

static uint32_t aborts_now(void)
{
	return __atomic_load_n(&aborts, __ATOMIC_ACQUIRE);
}

static void neighbour_read(uint64_t addr, const char *what)
{
	uint32_t before = aborts_now();
	uint32_t v = read32(addr);

	if (aborts_now() != before)
		printf("subpage_probe: neighbour 0x%lx %s: abort ESR 0x%lx FAR 0x%lx\n", addr, what,
		       abort_esr, abort_far);
	else
		printf("subpage_probe: neighbour 0x%lx %s: returned 0x%x (NOT contained)\n", addr,
		       what, v);
}

static void neighbour_write(uint64_t addr, uint32_t v, const char *what)
{
	uint32_t before = aborts_now();

	write32(addr, v);
	if (aborts_now() != before)
		printf("subpage_probe: neighbour 0x%lx %s: abort ESR 0x%lx FAR 0x%lx\n", addr, what,
		       abort_esr, abort_far);
	else
		printf("subpage_probe: neighbour 0x%lx %s: returned 0x0 (NOT contained)\n", addr,
		       what);
}

void guest_main(const struct kit_info *info)
{
	uint64_t own, neighbour;
	uint32_t magic, version, device_id, before;
	uint64_t pair;

	kit_set_sync_handler(on_sync_exception);
	if (chosen_region(info->fdt, "cellforge,own-device", &own) &&
	    chosen_region(info->fdt, "cellforge,neighbour-device", &neighbour)) {
		magic = read32(own + VIRTIO_MMIO_MAGIC);
		version = read32(own + VIRTIO_MMIO_VERSION);
		device_id = read32(own + VIRTIO_MMIO_DEVICE_ID);
		printf("subpage_probe: own 0x%lx magic 0x%x version 0x%x device-id 0x%x%s\n", own,
		       magic, version, device_id, aborts_now() ? " (aborted)" : "");

		before = aborts_now();
		write32(own + VIRTIO_MMIO_STATUS, 0);
		printf("subpage_probe: own 0x%lx write status: %s\n", own,
		       aborts_now() == before ? "ok" : "abort");

		before = aborts_now();
		pair = read_pair(own + VIRTIO_MMIO_MAGIC);
		if (aborts_now() != before)
			printf("subpage_probe: own 0x%lx ldp: abort\n", own);
		else
			printf("subpage_probe: own 0x%lx ldp: returned 0x%lx (NOT contained)\n",
			       own, pair);

		neighbour_read(neighbour + VIRTIO_MMIO_MAGIC, "magic");
		neighbour_read(neighbour + VIRTIO_MMIO_DEVICE_ID, "device-id");
		neighbour_write(neighbour + VIRTIO_MMIO_QUEUE_SEL, 0, "queue-sel");
		neighbour_write(neighbour + VIRTIO_MMIO_STATUS, 0, "reset");
		/* Next to its own window: the transports before and after it. */
		neighbour_read(own - 4, "last word before the window");
		neighbour_read(own + WINDOW_SIZE + VIRTIO_MMIO_VERSION, "version after the window");
	}
	kit_set_sync_handler(NULL);
	printf("subpage_probe: done\n");
	psci_system_off();
	printf("subpage_probe: SYSTEM_OFF returned\n");
}
