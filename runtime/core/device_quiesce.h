/* SPDX-License-Identifier: MIT */
/*
 * Stopping a cell's passthrough devices before its RAM is scrubbed and
 * reloaded: a device the previous run left running could otherwise keep
 * writing (DMA) into the fresh image, or read what the scrub is about to
 * erase. Runs with every CPU of the cell out of the guest.
 *
 * virtio-mmio transports (compatible "virtio,mmio") are reset by writing 0
 * to their Status register, which the device acknowledges by reading back 0
 * once the reset is complete (virtio 1.x, 4.2.2.1 and 2.1.2). Other devices
 * have no generic reset; their drivers must cope with what a restart finds.
 */
#ifndef CELLFORGE_CORE_DEVICE_QUIESCE_H
#define CELLFORGE_CORE_DEVICE_QUIESCE_H

#include <stdbool.h>

#include "cell_config.h"

/*
 * Resets every virtio-mmio transport the cell owns and waits (bounded) for
 * each to acknowledge. False if one did not: it may still be doing DMA, so
 * the caller must not scrub and reuse the cell's RAM. *failed names it.
 */
bool devices_quiesce(const struct cf_cell *cell, const char **failed);

#endif
