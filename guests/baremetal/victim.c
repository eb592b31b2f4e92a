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
 * counted).
 *
 * Console lines (one call each; the hypervisor prefixes "[<cell>] "):
 *   VICTIM start seconds <s> hz 10 intid <n> canaries <c> checksum 0x<x>
 *   VICTIM heartbeat <n> checksum 0x<x> stray <k>     when n reaches a multiple of 5
 *   VICTIM last stray INTID <i>                        only if k > 0
 *   VICTIM done beats <n> checksum 0x<x> stray <k>    after <s> seconds
 * then PSCI SYSTEM_OFF. <s> is /chosen/cellforge,victim-seconds (u32 or u64), default 20.
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

/* IRQ context: re-arm, count, acknowledge; never print. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();

	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (intid == timer_intid) {
		/* Next deadline from the previous one: no drift from handling latency. */
		timer_arm(read_cntv_cval_el0() + beat_ticks);
		beats = beats + 1;
	} else {
		stray = stray + 1;
		last_stray_intid = intid;
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
	printf("VICTIM start seconds %u hz %u intid %u canaries %u checksum 0x%x\n", seconds,
	       HEARTBEAT_HZ, timer_intid, canary_count, checksum());

	kit_set_irq_handler(on_irq);
	for (uint32_t sgi = 0; sgi < 16; sgi++)
		gicv3_enable_private(sgi);
	gicv3_enable_private(timer_intid);
	end = timer_deadline_us((uint64_t)seconds * 1000000u);
	timer_arm(timer_now() + beat_ticks);
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
	printf("VICTIM done beats %u checksum 0x%x stray %u\n", beats, sum, stray);
	psci_system_off();
	printf("VICTIM SYSTEM_OFF returned\n");
}
