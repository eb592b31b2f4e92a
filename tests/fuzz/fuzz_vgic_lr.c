// SPDX-License-Identifier: MIT
/*
 * Fuzzes the list-register queue with hardware interrupts and level
 * resampling (runtime/irqchip/vgic_lr.c) against a model of the physical GIC
 * and of a guest that takes, EOIs and clears its interrupts in any order.
 *
 * Invariants after every operation:
 *  - a physical interrupt is active exactly while the vGIC holds it (a valid
 *    HW list register or a queue entry): none stuck active, none deactivated
 *    twice or while inactive;
 *  - no two valid list registers hold the same vINTID;
 *  - fill asks for ICH_HCR_EL2.TALL1 exactly while resamples are outstanding;
 *  - a resample takes back only interrupts whose line is low, and leaves
 *    pending only those whose line is high (or that the guest already has).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "irqchip/vgic_lr.h"

#define NR_LRS	4u
#define NR_IDS	6u
#define MAX_IDS 64u

/* INTIDs of the model: level timer PPIs and SPIs, one edge SPI. */
static const uint32_t ids[NR_IDS] = {27, 30, 34, 35, 40, 48};
static const bool level[NR_IDS] = {true, true, true, true, true, false};

static uint64_t lr[NR_LRS];
static struct vgic_lr_state st;
static bool phys_active[MAX_IDS];
static bool line_high[MAX_IDS];
static bool tall1; /* what the last fill asked for */

static uint64_t lr_read(void *ctx, uint32_t n)
{
	(void)ctx;
	FUZZ_ASSERT(n < NR_LRS, "read of LR%u", n);
	return n < NR_LRS ? lr[n] : 0;
}

static void lr_write(void *ctx, uint32_t n, uint64_t v)
{
	(void)ctx;
	FUZZ_ASSERT(n < NR_LRS, "write of LR%u", n);
	if (n < NR_LRS)
		lr[n] = v;
}

static const struct vgic_lr_access acc = {.read = lr_read, .write = lr_write};

static bool line(void *ctx, uint32_t pintid)
{
	(void)ctx;
	FUZZ_ASSERT(pintid < MAX_IDS, "line of %u asked", pintid);
	return pintid < MAX_IDS && line_high[pintid];
}

static bool held(uint32_t id)
{
	for (uint32_t n = 0; n < NR_LRS; n++) {
		if (vgic_lr_state_of(lr[n]) != ICH_LR_STATE_INVALID && (lr[n] & ICH_LR_HW) &&
		    ((lr[n] & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT) == id)
			return true;
	}
	for (uint32_t i = 0; i < st.queued; i++) {
		if (st.queue[i].hw && st.queue[i].pintid == id)
			return true;
	}
	return false;
}

static void check_state(void)
{
	for (uint32_t i = 0; i < NR_IDS; i++)
		FUZZ_ASSERT(phys_active[ids[i]] == held(ids[i]), "INTID %u physically %s, held %d",
			    ids[i], phys_active[ids[i]] ? "active" : "inactive", held(ids[i]));
	for (uint32_t a = 0; a < NR_LRS; a++) {
		for (uint32_t b = a + 1; b < NR_LRS; b++)
			FUZZ_ASSERT(vgic_lr_state_of(lr[a]) == ICH_LR_STATE_INVALID ||
					    vgic_lr_state_of(lr[b]) == ICH_LR_STATE_INVALID ||
					    (lr[a] & ICH_LR_VINTID_MASK) !=
						    (lr[b] & ICH_LR_VINTID_MASK),
				    "LR%u and LR%u hold the same vINTID", a, b);
	}
	FUZZ_ASSERT(st.resample_count <= VGIC_RESAMPLE_MAX, "resample list overflow");
}

static void deactivate(uint32_t id, const char *who)
{
	FUZZ_ASSERT(id < MAX_IDS && phys_active[id], "%s deactivates inactive INTID %u", who, id);
	if (id < MAX_IDS)
		phys_active[id] = false;
}

/* The physical interrupt fires at EL2: acknowledged (active), queued as vgic.c does. */
static void op_fire(uint32_t i, bool resample)
{
	uint32_t id = ids[i];
	bool ok;

	if (phys_active[id] || (level[i] && !line_high[id]))
		return; /* an active or quiet interrupt is not signalled */
	phys_active[id] = true;
	if (level[i] && (resample || vgic_lr_refire_signature(&st, &acc, id)))
		ok = vgic_queue_resampled(&st, id, (uint8_t)(0x80u + 8u * i), true);
	else
		ok = vgic_queue(&st, id, true, id, (uint8_t)(0x80u + 8u * i), true);
	if (!ok)
		deactivate(id, "a refused queue");
}

static void op_fill(void)
{
	uint64_t bits = vgic_fill_lrs(&st, &acc);

	tall1 = (bits & ICH_HCR_TALL1) != 0;
	FUZZ_ASSERT(tall1 == (st.resample_count != 0), "TALL1 %d with %u resamples", tall1,
		    st.resample_count);
}

static void op_resample(void)
{
	struct vgic_resample_result r;

	vgic_lr_resample(&st, &acc, line, NULL, &r);
	FUZZ_ASSERT(r.ndropped + r.nkept <= VGIC_RESAMPLE_MAX, "too many results");
	for (uint32_t k = 0; k < r.ndropped; k++) {
		FUZZ_ASSERT(r.dropped[k] < MAX_IDS && !line_high[r.dropped[k]],
			    "INTID %u taken back with its line high", r.dropped[k]);
		deactivate(r.dropped[k], "a resample");
	}
	for (uint32_t k = 0; k < r.nkept; k++) {
		uint32_t id = r.kept[k];

		for (uint32_t n = 0; n < NR_LRS; n++) {
			if ((lr[n] & ICH_LR_VINTID_MASK) == id &&
			    vgic_lr_state_of(lr[n]) == ICH_LR_STATE_PENDING)
				FUZZ_ASSERT(id < MAX_IDS && line_high[id],
					    "INTID %u left pending with its line low", id);
		}
	}
	FUZZ_ASSERT(!vgic_lr_has_resample(&st), "resample list not emptied");
}

/* The guest: acknowledges (trapping first while TALL1 is set), or deactivates. */
static void op_guest(uint8_t what)
{
	uint32_t n = what % NR_LRS;
	uint64_t state = vgic_lr_state_of(lr[n]);

	if (what & 4u) {
		if (state != ICH_LR_STATE_PENDING)
			return;
		if (tall1) {
			/* the trap: resample, sync (fill) and the read re-executes */
			op_resample();
			op_fill();
			state = vgic_lr_state_of(lr[n]);
			if (state != ICH_LR_STATE_PENDING)
				return;
		}
		lr[n] = (lr[n] & ~ICH_LR_STATE_MASK) | (ICH_LR_STATE_ACTIVE << ICH_LR_STATE_SHIFT);
	} else if (state == ICH_LR_STATE_ACTIVE || state == ICH_LR_STATE_PENDING_ACTIVE) {
		lr[n] = (lr[n] & ~ICH_LR_STATE_MASK) |
			((state == ICH_LR_STATE_ACTIVE ? ICH_LR_STATE_INVALID
						       : ICH_LR_STATE_PENDING)
			 << ICH_LR_STATE_SHIFT);
		if ((lr[n] & ICH_LR_HW) && state == ICH_LR_STATE_ACTIVE)
			deactivate((uint32_t)((lr[n] & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT),
				   "the guest's EOI");
	}
}

static void op_reset(void)
{
	uint32_t hw[VGIC_MAX_LRS + VGIC_QUEUE_MAX];
	uint32_t n = vgic_lr_reset(&st, &acc, hw, VGIC_MAX_LRS + VGIC_QUEUE_MAX);

	for (uint32_t k = 0; k < n; k++)
		deactivate(hw[k], "a reset");
	tall1 = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};

	memset(lr, 0, sizeof(lr));
	memset(phys_active, 0, sizeof(phys_active));
	memset(line_high, 0, sizeof(line_high));
	tall1 = false;
	vgic_lr_init(&st, NR_LRS - 1);
	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint8_t op = fuzz_u8(&in);
		uint8_t arg = fuzz_u8(&in);
		uint32_t i = arg % NR_IDS;

		switch (op % 7u) {
		case 0: /* the source drives its line */
			line_high[ids[i]] = level[i] && (arg & 0x80u);
			break;
		case 1:
			op_fire(i, (arg & 0x40u) != 0);
			break;
		case 2:
			op_fill();
			break;
		case 3:
		case 4:
			op_guest((uint8_t)(arg >> 1));
			break;
		case 5:
			op_resample();
			break;
		default:
			if ((arg & 0xfu) == 0xfu)
				op_reset();
			break;
		}
		check_state();
	}
	return 0;
}
