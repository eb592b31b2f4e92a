// SPDX-License-Identifier: MIT
#include "core/device_quiesce.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/timer.h"
#include "lib/string.h"

/* virtio-mmio register layout (virtio 1.x, 4.2.2, "MMIO Device Register Layout"). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION	0x004
#define VIRTIO_MMIO_DEVICE_ID	0x008
#define VIRTIO_MMIO_STATUS	0x070
#define VIRTIO_MMIO_MAGIC	0x74726976u /* "virt", little-endian */
#define VIRTIO_MMIO_MIN_SIZE	0x100u	    /* through the Status register and config generation */

/* A device completes its reset at once in QEMU; hardware may take a little. */
#define VIRTIO_RESET_TIMEOUT_MS 100u

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

static bool virtio_reset(uint64_t base)
{
	uint64_t deadline;

	/* Not a transport (or an empty slot: Device ID 0): nothing can run there. */
	if (mmio_read32(base + VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    mmio_read32(base + VIRTIO_MMIO_DEVICE_ID) == 0)
		return true;
	mmio_write32(base + VIRTIO_MMIO_STATUS, 0);
	deadline = timer_count() + timer_hz() * VIRTIO_RESET_TIMEOUT_MS / 1000;
	while (mmio_read32(base + VIRTIO_MMIO_STATUS) != 0) {
		if (timer_count() > deadline)
			return false;
		cpu_relax();
	}
	/* Writes into RAM the device made before the reset are visible before the scrub. */
	dsb_sy();
	return true;
}

bool devices_quiesce(const struct cf_cell *cell, const char **failed)
{
	for (uint32_t i = 0; i < cf_board.device_count; i++) {
		const struct cf_device *d = &cf_board.devices[i];

		if (d->owner < 0 || (uint32_t)d->owner != cell->index || !d->compatible ||
		    strcmp(d->compatible, "virtio,mmio") != 0 || d->size < VIRTIO_MMIO_MIN_SIZE)
			continue;
		if (!virtio_reset(d->base)) {
			*failed = d->name;
			return false;
		}
	}
	return true;
}
