// SPDX-License-Identifier: MIT
/*
 * Host tests of the list-register queue (runtime/irqchip/vgic_lr.c) against an
 * array standing in for ICH_LR<n>_EL2 and a model of the guest acknowledging
 * and deactivating interrupts. LR bit positions are spelled out here from the
 * ICH_LR<n>_EL2 description: vINTID [31:0], pINTID [44:32], EOI [41],
 * Priority [55:48], Group [60], HW [61], State [63:62].
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "irqchip/vgic_lr.h"

#define LR_HW	   (1ull << 61)
#define LR_GROUP   (1ull << 60)
#define LR_EOI	   (1ull << 41)
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE  (2ull << 62)
#define LR_STATE   (3ull << 62)
#define HCR_UIE	   (1ull << 1)
#define HCR_NPIE   (1ull << 3)
#define NR_LRS	   4u

static uint64_t lr[16];
static uint32_t lr_writes;

static uint64_t lr_read(void *ctx, uint32_t n)
{
	(void)ctx;
	CHECK(n < NR_LRS, "read of LR%u beyond ICH_VTR.ListRegs", n);
	return n < 16 ? lr[n] : 0;
}

static void lr_write(void *ctx, uint32_t n, uint64_t v)
{
	(void)ctx;
	CHECK(n < NR_LRS, "write of LR%u beyond ICH_VTR.ListRegs", n);
	if (n < 16)
		lr[n] = v;
	lr_writes++;
}

static const struct vgic_lr_access lrs_acc = {.read = lr_read, .write = lr_write};
static struct vgic_lr_state st;

static void setup(void)
{
	memset(lr, 0, sizeof(lr));
	lr_writes = 0;
	vgic_lr_init(&st, NR_LRS - 1); /* ICH_VTR_EL2.ListRegs = 3 */
}

/* The guest takes the highest-priority pending LR and deactivates it. Returns its vINTID. */
static int64_t guest_handle_one(void)
{
	int best = -1;

	for (uint32_t n = 0; n < NR_LRS; n++) {
		if ((lr[n] & LR_STATE) == LR_PENDING &&
		    (best < 0 || ((lr[n] >> 48) & 0xff) < ((lr[best] >> 48) & 0xff)))
			best = (int)n;
	}
	if (best < 0)
		return -1;
	lr[best] &= ~LR_STATE; /* ack then deactivate: State 00 */
	return (int64_t)(lr[best] & 0xffffffffu);
}

static void test_compose(void)
{
	struct vgic_irq_entry e = {
		.intid = 48, .pintid = 48, .priority = 0xa0, .hw = true, .group1 = true};
	struct vgic_irq_entry back;

	case_begin();
	CHECK_U64(vgic_lr_compose(&e),
		  LR_PENDING | LR_HW | LR_GROUP | (0xa0ull << 48) | (48ull << 32) | 48,
		  "HW SPI 48");
	e = (struct vgic_irq_entry){
		.intid = 33, .priority = 0x80, .group1 = true, .eoi_maintenance = true};
	CHECK_U64(vgic_lr_compose(&e), LR_PENDING | LR_GROUP | LR_EOI | (0x80ull << 48) | 33,
		  "virtual level SPI 33 with EOI maintenance");
	e.pintid = 0x1fff; /* ignored without HW */
	CHECK_U64(vgic_lr_compose(&e) & (0x1fffull << 32), LR_EOI, "no pINTID without HW");
	vgic_lr_decode(LR_ACTIVE | LR_HW | (27ull << 32) | (0x10ull << 48) | 27, &back);
	CHECK(back.hw && back.intid == 27 && back.pintid == 27 && back.priority == 0x10 &&
		      !back.group1,
	      "decode");
	setup();
	CHECK_INT(st.nr_lrs, 4, "ICH_VTR.ListRegs + 1");
	vgic_lr_init(&st, 0xffffffff);
	CHECK_INT(st.nr_lrs, 16, "at most 16 list registers");
	case_end("list register layout");
}

static void test_overflow_refill(void)
{
	uint32_t seen[64] = {0};
	uint32_t delivered = 0;
	uint64_t hcr;

	case_begin();
	setup();
	/* 10 interrupts, priorities shuffled */
	for (uint32_t i = 0; i < 10; i++) {
		uint32_t intid = 40 + i;

		CHECK(vgic_queue(&st, intid, true, intid, (uint8_t)(((i * 7) % 10) * 0x10), true),
		      "queued %u", intid);
	}
	for (uint32_t i = 1; i < st.queued; i++)
		CHECK(st.queue[i - 1].priority <= st.queue[i].priority, "queue sorted at %u", i);
	hcr = vgic_fill_lrs(&st, &lrs_acc);
	CHECK_INT(st.queued, 6, "4 in list registers, 6 wait");
	CHECK_U64(hcr, HCR_UIE | HCR_NPIE, "underflow + no-pending maintenance requested");
	for (uint32_t n = 0; n < NR_LRS; n++)
		CHECK((lr[n] >> 48 & 0xff) <= 0x30, "LR%u holds one of the 4 highest priorities",
		      n);
	/* a second injection of an INTID already pending in an LR merges */
	CHECK(vgic_queue(&st, (uint32_t)(lr[0] & 0xffffffff), true, (uint32_t)(lr[0] & 0xffffffff),
			 0, true),
	      "re-injection accepted");
	/* and one already in the queue merges there */
	CHECK(vgic_queue(&st, st.queue[0].intid, true, st.queue[0].intid, 0, true), "merge");
	CHECK_INT(st.queued, 7, "queue holds the LR duplicate until the next fill");
	/* the hypervisor fills before it returns to the guest: the duplicate merges */
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_INT(st.queued, 6, "duplicate of a pending LR merged");

	for (uint32_t round = 0; round < 100 && (st.queued || delivered < 10); round++) {
		int64_t got = guest_handle_one();

		if (got >= 0) {
			CHECK(got >= 40 && got < 50, "delivered INTID %lld", (long long)got);
			if (got >= 0 && got < 64)
				seen[got]++;
			delivered++;
		}
		hcr = vgic_fill_lrs(&st, &lrs_acc);
	}
	for (uint32_t i = 40; i < 50; i++)
		CHECK_INT(seen[i], 1, "each INTID delivered exactly once");
	CHECK_INT(st.queued, 0, "queue drained");
	CHECK_U64(hcr, 0, "no maintenance once drained");
	CHECK_INT(st.merged, 2, "two merges");
	case_end("LR overflow and refill: no loss, no duplicates");
}

static void test_queue_full(void)
{
	uint32_t accepted = 0;

	case_begin();
	setup();
	for (uint32_t i = 0; i < VGIC_QUEUE_MAX + 5; i++)
		accepted += vgic_queue(&st, 32 + i, true, 32 + i, 0x80, true);
	CHECK_INT(accepted, VGIC_QUEUE_MAX, "the queue takes VGIC_QUEUE_MAX entries");
	CHECK_INT(st.overflows, 5, "refusals counted, never silent");
	CHECK(vgic_queue(&st, 32, true, 32, 0x80, true), "a duplicate still merges when full");
	for (uint32_t i = 0; i < VGIC_QUEUE_MAX; i++)
		CHECK_INT(st.queue[i].intid, 32 + i, "FIFO among equal priorities");
	CHECK(!vgic_queue(&st, 5, true, 5, 0x80, true), "an SGI cannot be HW");
	CHECK(!vgic_queue(&st, 1020, false, 0, 0x80, true), "special INTID refused");
	CHECK_INT(st.invalid, 2, "invalid injections counted");
	case_end("queue full is refused and counted");
}

static void test_active_and_eviction(void)
{
	uint64_t hcr;

	case_begin();
	setup();
	/* software edge interrupt active in the guest, then raised again */
	CHECK(vgic_queue(&st, 7, false, 0, 0x80, true), "SGI 7");
	vgic_fill_lrs(&st, &lrs_acc);
	lr[0] = (lr[0] & ~LR_STATE) | LR_ACTIVE;
	CHECK(vgic_queue(&st, 7, false, 0, 0x80, true), "SGI 7 again");
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_U64(lr[0] & LR_STATE, LR_STATE, "pending+active in the same LR");
	CHECK_U64(lr[1], 0, "not a second LR");

	/* HW interrupt active: a new injection waits for the LR to free */
	setup();
	CHECK(vgic_queue(&st, 48, true, 48, 0x80, true), "SPI 48");
	vgic_fill_lrs(&st, &lrs_acc);
	lr[0] = (lr[0] & ~LR_STATE) | LR_ACTIVE;
	CHECK(vgic_queue(&st, 48, true, 48, 0x80, true), "SPI 48 again");
	hcr = vgic_fill_lrs(&st, &lrs_acc);
	CHECK_INT(st.queued, 1, "waits in the queue");
	CHECK_U64(lr[1], 0, "never twice in the LRs");
	CHECK_U64(hcr, HCR_UIE, "UIE only: no pending LR, NPIE would fire forever");
	lr[0] &= ~LR_STATE; /* guest deactivates */
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_INT(st.queued, 0, "then it moves in");

	/* all LRs pending with low priority; a high-priority one evicts the worst */
	setup();
	for (uint32_t i = 0; i < NR_LRS; i++)
		vgic_queue(&st, 40 + i, true, 40 + i, (uint8_t)(0xc0 + i), true);
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK(vgic_queue(&st, 60, true, 60, 0x10, true), "urgent SPI 60");
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_INT(st.evicted, 1, "one eviction");
	CHECK_INT(st.queued, 1, "the evicted one waits");
	CHECK_INT(st.queue[0].intid, 43, "the lowest priority one was evicted");
	CHECK(st.queue[0].hw && st.queue[0].pintid == 43, "with its HW binding");
	case_end("active LRs, pending+active merge, eviction by priority");
}

static void test_eoi_and_reset(void)
{
	uint32_t ids[8];

	case_begin();
	setup();
	lr[0] = LR_EOI | LR_GROUP | 33;	    /* deactivated, EOI maintenance due */
	lr[1] = LR_HW | (48ull << 32) | 48; /* deactivated HW: simply free */
	lr[2] = LR_ACTIVE | LR_EOI | 34;    /* still active */
	lr[3] = LR_PENDING | LR_HW | (49ull << 32) | 49;
	vgic_queue(&st, 50, true, 50, 0, true);
	vgic_queue(&st, 51, true, 51, 0, true);
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_U64(lr[0] & 0xffffffff, 33, "an unhandled EOI LR is not reused");
	CHECK_U64(lr[1] & 0xffffffff, 50, "a free HW LR is reused");
	CHECK_INT(vgic_lr_take_eois(&st, &lrs_acc, ids, 8), 1, "one EOI");
	CHECK_INT(ids[0], 33, "vINTID 33");
	CHECK_U64(lr[0], 0, "its LR cleared");
	CHECK_INT(vgic_lr_reset(&st, &lrs_acc, ids, 8), 3, "HW interrupts to deactivate");
	CHECK(ids[0] == 50 && ids[1] == 49 && ids[2] == 51, "from LRs then the queue");
	CHECK_U64(lr[0] | lr[1] | lr[2] | lr[3], 0, "LRs cleared");
	CHECK_INT(st.queued, 0, "queue cleared");
	case_end("EOI maintenance and reset");
}

static void test_intid_state(void)
{
	case_begin();
	setup();
	CHECK(vgic_queue(&st, 33, false, 0, 0xa0, true), "queued");
	CHECK_U64(vgic_lr_intid_state(&st, &lrs_acc, 33), 1, "queued reads pending");
	CHECK_U64(vgic_lr_intid_state(&st, &lrs_acc, 34), 0, "unknown reads invalid");
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_U64(vgic_lr_intid_state(&st, &lrs_acc, 33), 1, "in an LR, pending");
	for (uint32_t n = 0; n < NR_LRS; n++) {
		if ((lr[n] & 0xffffffffu) == 33)
			lr[n] = (lr[n] & ~LR_STATE) | LR_ACTIVE; /* the guest acknowledged it */
	}
	CHECK_U64(vgic_lr_intid_state(&st, &lrs_acc, 33), 2, "acknowledged: active");
	lr[2] = LR_EOI | 41; /* deactivated, waiting for maintenance */
	CHECK_U64(vgic_lr_intid_state(&st, &lrs_acc, 41), 0, "invalid LR: not there");
	case_end("vgic_lr_intid_state reports the LR or queue state of a vINTID");
}

int main(void)
{
	test_compose();
	test_overflow_refill();
	test_queue_full();
	test_active_and_eviction();
	test_eoi_and_reset();
	test_intid_state();
	return check_summary("vgic_lr");
}
