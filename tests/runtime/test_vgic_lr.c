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
#define HCR_TALL1  (1ull << 12)
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

/* The physical lines of the level interrupts in these tests, by pINTID. */
static bool line_high[64];
static uint32_t line_reads;

static bool line(void *ctx, uint32_t pintid)
{
	(void)ctx;
	line_reads++;
	CHECK(pintid < 64, "line of pINTID %u asked", pintid);
	return pintid < 64 && line_high[pintid];
}

static int find_lr(uint32_t intid)
{
	for (uint32_t n = 0; n < NR_LRS; n++) {
		if ((lr[n] & LR_STATE) && (lr[n] & 0xffffffffu) == intid)
			return (int)n;
	}
	return -1;
}

static void test_refire_signature(void)
{
	case_begin();
	setup();
	CHECK(!vgic_lr_refire_signature(&st, &lrs_acc, 34), "empty LRs: no signature");
	CHECK(vgic_queue(&st, 34, true, 34, 0x80, true), "queued");
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK(!vgic_lr_refire_signature(&st, &lrs_acc, 34), "still pending: not deactivated");
	CHECK_U64((uint64_t)guest_handle_one(), 34, "the guest takes 34");
	CHECK(vgic_lr_refire_signature(&st, &lrs_acc, 34),
	      "deactivated by the guest, LR not reused: the re-fire signature");
	CHECK(!vgic_lr_refire_signature(&st, &lrs_acc, 35), "another INTID has none");
	setup();
	lr[1] = 34; /* a software LR the guest deactivated: no physical interrupt followed it */
	CHECK(!vgic_lr_refire_signature(&st, &lrs_acc, 34), "HW = 0: no signature");
	case_end("vgic_lr_refire_signature: an HW LR of the INTID the guest has deactivated");
}

static void test_resample_line_low(void)
{
	struct vgic_resample_result r;
	int n;

	case_begin();
	setup();
	memset(line_high, 0, sizeof(line_high));
	CHECK(vgic_queue_resampled(&st, 34, 0x80, true), "queued to resample");
	CHECK(vgic_lr_has_resample(&st), "resample outstanding");
	CHECK_U64(vgic_fill_lrs(&st, &lrs_acc), HCR_TALL1, "fill asks for TALL1 only");
	n = find_lr(34);
	CHECK(n >= 0, "34 in an LR");
	if (n >= 0)
		CHECK_U64(lr[n] & (LR_STATE | LR_HW | 0x1fffull << 32),
			  LR_PENDING | LR_HW | (34ull << 32), "pending, HW, pINTID 34");
	/* the guest cleared the device, then takes the interrupt: its IAR read traps */
	vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
	CHECK_U64(r.ndropped, 1, "taken back");
	CHECK_U64(r.dropped[0], 34, "pINTID 34 to deactivate");
	CHECK_U64(r.nkept, 0, "nothing delivered");
	CHECK(find_lr(34) < 0, "no LR holds 34 any more");
	CHECK_U64(guest_handle_one(), (uint64_t)-1, "the guest's IAR finds nothing (1023)");
	CHECK(!vgic_lr_has_resample(&st), "resample done");
	CHECK_U64(vgic_fill_lrs(&st, &lrs_acc), 0, "no more TALL1");
	CHECK_U64(st.retracted, 1, "retracted counted");
	case_end("a re-fired level interrupt whose line dropped is taken back, never delivered");
}

static void test_resample_line_high(void)
{
	struct vgic_resample_result r;

	case_begin();
	setup();
	memset(line_high, 0, sizeof(line_high));
	line_high[27] = true; /* the guest did not reprogram its timer */
	CHECK(vgic_queue_resampled(&st, 27, 0xa0, true), "queued to resample");
	vgic_fill_lrs(&st, &lrs_acc);
	vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
	CHECK_U64(r.ndropped, 0, "nothing taken back");
	CHECK_U64(r.nkept, 1, "delivered");
	CHECK_U64(r.kept[0], 27, "vINTID 27");
	CHECK(find_lr(27) >= 0, "still in its LR");
	CHECK_U64(vgic_fill_lrs(&st, &lrs_acc), 0, "TALL1 off: the guest reads IAR natively");
	CHECK_U64((uint64_t)guest_handle_one(), 27, "the guest gets 27");
	CHECK_U64(st.confirmed, 1, "confirmed counted");
	case_end("a re-fired level interrupt whose line is still high is delivered");
}

static void test_resample_active_and_queued(void)
{
	struct vgic_resample_result r;
	int n;

	case_begin();
	setup();
	memset(line_high, 0, sizeof(line_high));
	/* acknowledged already (e.g. before TALL1 took effect): the guest has it */
	CHECK(vgic_queue_resampled(&st, 40, 0x80, true), "queued to resample");
	vgic_fill_lrs(&st, &lrs_acc);
	n = find_lr(40);
	CHECK(n >= 0, "in an LR");
	if (n >= 0)
		lr[n] = (lr[n] & ~LR_STATE) | LR_ACTIVE;
	vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
	CHECK_U64(r.ndropped, 0, "active: kept although the line is low");
	CHECK(find_lr(40) >= 0, "still active in its LR");

	/* LRs full of higher priorities: the resampled entry waits in the queue */
	setup();
	for (uint32_t i = 0; i < NR_LRS; i++)
		CHECK(vgic_queue(&st, 50 + i, true, 50 + i, 0x10, true), "filler");
	CHECK(vgic_queue_resampled(&st, 41, 0x80, true), "queued to resample");
	CHECK_U64(vgic_fill_lrs(&st, &lrs_acc) & HCR_TALL1, HCR_TALL1, "TALL1 asked");
	CHECK(vgic_lr_has_queued(&st), "41 waits in the queue");
	vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
	CHECK_U64(r.ndropped, 1, "taken out of the queue");
	CHECK(!vgic_lr_has_queued(&st), "queue empty");
	case_end("resampling keeps what the guest took and also looks in the queue");
}

static void test_resample_bounds_and_reset(void)
{
	struct vgic_resample_result r;
	uint32_t hw[VGIC_MAX_LRS + VGIC_QUEUE_MAX];

	case_begin();
	setup();
	memset(line_high, 0, sizeof(line_high));
	for (uint32_t i = 0; i < VGIC_RESAMPLE_MAX + 3; i++)
		CHECK(vgic_queue_resampled(&st, 33 + i, 0x80, true), "queued");
	CHECK(vgic_queue_resampled(&st, 33, 0x80, true), "same INTID again: merged");
	CHECK_U64(st.resample_count, VGIC_RESAMPLE_MAX, "resample list bounded");
	line_reads = 0;
	vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
	CHECK(line_reads <= VGIC_RESAMPLE_MAX, "one line read per listed entry (%u)", line_reads);
	CHECK_U64(r.ndropped + r.nkept, VGIC_RESAMPLE_MAX, "every listed entry resolved");
	CHECK(!vgic_queue(&st, 1020, false, 0, 0, true), "bad INTID");
	CHECK(!vgic_queue_resampled(&st, 8, 0x80, true), "an SGI cannot be a HW interrupt");
	CHECK_U64(st.resample_count, 0, "refused entries are not listed");

	setup();
	CHECK(vgic_queue_resampled(&st, 34, 0x80, true), "queued to resample");
	vgic_fill_lrs(&st, &lrs_acc);
	CHECK_U64(vgic_lr_reset(&st, &lrs_acc, hw, VGIC_MAX_LRS + VGIC_QUEUE_MAX), 1,
		  "reset hands back the HW interrupt");
	CHECK(!vgic_lr_has_resample(&st), "reset empties the resample list");
	CHECK_U64(vgic_fill_lrs(&st, &lrs_acc), 0, "no TALL1 after a reset");
	case_end("the resample list is bounded, merged, and emptied by a reset");
}

/*
 * The issue-10 sequence, 256 times: a level source fires, the guest takes it
 * and EOIs while the line is high, the physical interrupt fires again at once
 * (queued the way vgic.c does: to resample when the re-fire signature is
 * there), the guest clears the source, then takes whatever is pending.
 */
static void test_early_eoi_delivered_once(void)
{
	struct vgic_resample_result r;
	uint32_t runs = 0, retracted = 0;

	case_begin();
	setup();
	memset(line_high, 0, sizeof(line_high));
	for (uint32_t event = 0; event < 256; event++) {
		int64_t got;

		line_high[34] = true;
		if (vgic_lr_refire_signature(&st, &lrs_acc, 34))
			vgic_queue_resampled(&st, 34, 0x80, true);
		else
			vgic_queue(&st, 34, true, 34, 0x80, true);
		vgic_fill_lrs(&st, &lrs_acc);
		got = guest_handle_one(); /* IAR + EOI: LR invalid, line still high */
		runs += got == 34;
		/* re-fire at EL2: deactivated with the line high */
		CHECK(vgic_lr_refire_signature(&st, &lrs_acc, 34), "event %u: re-fire seen", event);
		CHECK(vgic_queue_resampled(&st, 34, 0x80, true), "event %u: queued", event);
		CHECK_U64(vgic_fill_lrs(&st, &lrs_acc) & HCR_TALL1, HCR_TALL1, "TALL1");
		line_high[34] = false; /* the guest clears the device */
		/* its next IAR read traps first */
		vgic_lr_resample(&st, &lrs_acc, line, NULL, &r);
		retracted += r.ndropped;
		vgic_fill_lrs(&st, &lrs_acc);
		got = guest_handle_one();
		runs += got == 34;
		/* the next real event must not look like a re-fire forever: it does here (no
		 * exit in between), and is resampled with the line high, i.e. delivered */
		lr[0] = lr[1] = lr[2] = lr[3] = 0;
	}
	CHECK_U64(runs, 256, "handler runs for 256 events");
	CHECK_U64(retracted, 256, "every re-fire taken back");
	case_end("256 level events EOI'd before clearing run the handler 256 times");
}

int main(void)
{
	test_compose();
	test_overflow_refill();
	test_queue_full();
	test_active_and_eviction();
	test_eoi_and_reset();
	test_intid_state();
	test_refire_signature();
	test_resample_line_low();
	test_resample_line_high();
	test_resample_active_and_queued();
	test_resample_bounds_and_reset();
	test_early_eoi_delivered_once();
	return check_summary("vgic_lr");
}
