// SPDX-License-Identifier: MIT
/*
 * Test guest: the victim next to the attacker. It keeps a heartbeat from the virtual
 * timer through the GIC (10 Hz), checks that its memory never changes and counts
 * every interrupt that is not its timer. Whatever the attacker does must not show here.
 *
 * Memory: a 1 MiB buffer in BSS, filled with a pattern once at start and never
 * written again, plus canary words at the start, the middle and the last word of its
 * RAM (/memory), which is where the attacker aims (attacker.c), unless that word lies
 * in the image or the device tree. The checksum is 32-bit FNV-1a over the buffer's
 * bytes, continued over the canary words.
 *
 * Stray interrupts: all SGIs (0..15) are enabled, so a foreign SGI that gets through
 * is taken and counted, like any INTID other than the timer's (1023, spurious, is not
 * counted). Each INTID seen is recorded with its count and the counter value (CNTVCT)
 * of its first arrival, so the test can tell which attack it came from.
 *
 * Stalls: the timer is re-armed from the time the beat was handled (not from the
 * previous deadline), so a CPU held away from the guest shows as a long gap instead
 * of a burst of catch-up beats; the largest gap between two beats is reported.
 *
 * Console lines (one call each; the hypervisor prefixes "[<cell>] "):
 *   VICTIM start seconds <s> hz 10 intid <n> canaries <c> checksum 0x<x> cntvct 0x<t>
 *   VICTIM heartbeat <n> checksum 0x<x> stray <k>     when n reaches a multiple of 5
 *   VICTIM last stray INTID <i>                        only if k > 0
 *   VICTIM irq intid <i> count <c> first-cntvct 0x<t>  one per INTID seen (not the timer)
 *   VICTIM done beats <n> checksum 0x<x> stray <k> max-gap-us <g> ending 0x<e> cntvct 0x<t>
 *     (<e>: the counter value at the end of the largest gap)
 * then PSCI SYSTEM_OFF. <s> is /chosen/cellforge,victim-seconds (u32 or u64), default 20.
 * All cells share one counter (CNTVOFF_EL2 is 0), so the test can order these
 * against the attacker's CNTVCT values.
 */
#include "kit/kit.h"

#define HEARTBEAT_HZ	 10u
#define BEATS_PER_LINE	 5u
#define DEFAULT_SECONDS	 20u
#define MAX_SECONDS	 3600u
#define BUFFER_BYTES	 (1u << 20)
#define FNV_OFFSET_BASIS 0x811c9dc5u
#define FNV_PRIME	 0x01000193u
#define CANARY_VALUE	 0xc0ffee11u
#define MAX_CANARIES	 3u

static uint32_t buffer[BUFFER_BYTES / 4] __attribute__((aligned(64)));

static uintptr_t canaries[MAX_CANARIES];
static uint32_t canary_count;

static uint32_t timer_intid;
static uint64_t beat_ticks;
static volatile uint32_t beats;
static volatile uint32_t stray;
static volatile uint32_t last_stray_intid;
static volatile uint64_t last_beat, max_gap, max_gap_end;
/* Every INTID the GIC can deliver (0..1019): how often, and when first. */
static volatile uint32_t seen_count[GIC_INTID_SPURIOUS - 3];
static volatile uint64_t seen_first[GIC_INTID_SPURIOUS - 3];

/* IRQ context: re-arm, count, acknowledge; never print. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == timer_intid) {
		uint64_t now = timer_now();

		/* From now, not from the deadline: a stall shows as one long gap. */
		if (now - last_beat > max_gap) {
			max_gap = now - last_beat;
			max_gap_end = now;
		}
		last_beat = now;
		timer_arm(now + beat_ticks);
		beats = beats + 1;
	} else {
		stray = stray + 1;
		last_stray_intid = intid;
		if (intid < GIC_INTID_SPURIOUS - 3) {
			if (seen_count[intid] == 0)
				seen_first[intid] = timer_now();
			seen_count[intid] = seen_count[intid] + 1;
		}
	}
	gicv3_eoi(intid);
}

static uint32_t chosen_seconds(const struct fdt *fdt)
{
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : -1;
	const void *p;
	uint32_t len;
	uint64_t v;

	if (chosen < 0)
		return DEFAULT_SECONDS;
	p = fdt_prop(fdt, chosen, "cellforge,victim-seconds", &len);
	if (!p || (len != 4 && len != 8) || fdt_read_cells(p, len / 4, &v) < 0 || v == 0)
		return DEFAULT_SECONDS;
	return v > MAX_SECONDS ? MAX_SECONDS : (uint32_t)v;
}

static bool overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/*
 * Canaries where the attacker writes: start, middle and last word of the RAM, each
 * only if it is free (not the image, not the DTB). Cleaned to memory right away, so
 * that a later non-cacheable write from elsewhere is what a re-read finds.
 */
static void place_canaries(const struct kit_info *info)
{
	const struct fdt *fdt = info->fdt;
	uint64_t base, size, where[MAX_CANARIES];
	int node = fdt ? fdt_path_offset(fdt, "/memory", 7) : -1;

	if (node < 0 || fdt_reg(fdt, node, 0, &base, &size) < 0 || size < 8)
		return;
	where[0] = base;
	where[1] = base + ((size / 2) & ~3ul);
	where[2] = base + size - 4;
	for (uint32_t i = 0; i < MAX_CANARIES; i++) {
		if (overlaps(where[i], 4, info->image_start, info->image_end - info->image_start) ||
		    overlaps(where[i], 4, info->dtb_pa, fdt->size))
			continue;
		*(volatile uint32_t *)(uintptr_t)where[i] = CANARY_VALUE;
		__asm__ volatile("dc civac, %0" : : "r"(where[i]) : "memory");
		canaries[canary_count++] = (uintptr_t)where[i];
	}
	dsb_sy();
}

static uint32_t fnv1a(uint32_t hash, const volatile uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		hash ^= p[i];
		hash *= FNV_PRIME;
	}
	return hash;
}

static uint32_t checksum(void)
{
	uint32_t hash = fnv1a(FNV_OFFSET_BASIS, (const volatile uint8_t *)buffer, BUFFER_BYTES);

	for (uint32_t i = 0; i < canary_count; i++) {
		uint32_t word;

		/* The line is clean (never written since): this only drops the cached copy. */
		__asm__ volatile("dc civac, %0" : : "r"(canaries[i]) : "memory");
		dsb_sy();
		word = *(volatile uint32_t *)canaries[i];
		hash = fnv1a(hash, (const volatile uint8_t *)&word, 4);
	}
	return hash;
}

void guest_main(const struct kit_info *info)
{
	uint32_t seconds = chosen_seconds(info->fdt), next_line = BEATS_PER_LINE, sum;
	uint64_t end;
	int err;

	for (uint32_t i = 0; i < BUFFER_BYTES / 4; i++)
		buffer[i] = (i * 2654435761u) ^ 0x5a5a5a5au;
	place_canaries(info);

	err = gicv3_init(info->fdt);
	if (err == 0)
		err = gicv3_init_cpu();
	if (err < 0) {
		printf("VICTIM no usable GICv3 (%s)\n", fdt_strerror(err));
		return;
	}
	timer_intid = gicv3_virtual_timer_intid(info->fdt);
	beat_ticks = timer_us_to_ticks(1000000u / HEARTBEAT_HZ);
	sum = checksum();
	printf("VICTIM start seconds %u hz %u intid %u canaries %u checksum 0x%x cntvct 0x%lx\n",
	       seconds, HEARTBEAT_HZ, timer_intid, canary_count, sum, timer_now());

	kit_set_irq_handler(on_irq);
	for (uint32_t sgi = 0; sgi < 16; sgi++)
		gicv3_enable_private(sgi);
	gicv3_enable_private(timer_intid);
	end = timer_deadline_us((uint64_t)seconds * 1000000u);
	last_beat = timer_now();
	timer_arm(last_beat + beat_ticks);
	irq_enable();

	/* Woken by every beat (or stray interrupt); a dead timer leaves no "done" line. */
	while (!timer_expired(end)) {
		uint32_t n;

		cpu_wfi();
		n = beats;
		if (n >= next_line) {
			sum = checksum();
			printf("VICTIM heartbeat %u checksum 0x%x stray %u\n", n, sum, stray);
			next_line = (n / BEATS_PER_LINE + 1) * BEATS_PER_LINE;
		}
	}

	irq_disable();
	timer_disarm();
	sum = checksum();
	if (stray)
		printf("VICTIM last stray INTID %u\n", last_stray_intid);
	for (uint32_t i = 0; i < GIC_INTID_SPURIOUS - 3; i++) {
		if (seen_count[i])
			printf("VICTIM irq intid %u count %u first-cntvct 0x%lx\n", i,
			       seen_count[i], seen_first[i]);
	}
	printf("VICTIM done beats %u checksum 0x%x stray %u max-gap-us %lu ending 0x%lx cntvct "
	       "0x%lx\n",
	       beats, sum, stray, timer_ticks_to_us(max_gap), max_gap_end, timer_now());
	psci_system_off();
	printf("VICTIM SYSTEM_OFF returned\n");
}
