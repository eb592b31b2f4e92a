// SPDX-License-Identifier: MIT
/*
 * What a guest sees of its CPU: the ID registers the hypervisor lets through,
 * whether a RAS error record register exists for it, and whether the PMU counts
 * while the hypervisor runs (it must not: MDCR_EL2.HPMD, HCCD).
 *
 * Console markers (one whole line each, for tests):
 *   cpufeat: <REGISTER> 0x<value>                  (every AArch64 ID register read)
 *   cpufeat: sees sve <n> sme <n> mte <n> ras <n> amu <n> spe <n> trbe <n> trace <n>
 *            trf <n> el2 <n> pauth <n> mpam <n> pmu <n>   (the fields, in one line)
 *   cpufeat: ERRIDR_EL1 undefined | ERRIDR_EL1 read 0x<value>
 *   cpufeat: pauth key write ok | pauth not seen
 *   cpufeat: pmu baseline event <p>% cycles <p>%, hvc loop event <p>% cycles <p>%
 *            (counted cycles per elapsed time, percent; "pmu not seen" without PMUv3p1)
 *   cpufeat: done
 *
 * Register encodings are Arm ARM (DDI 0487) "op0_op1_CRn_CRm_op2" forms, written
 * S3_... so the assembler needs no knowledge of newer registers.
 */
#include "kit/kit.h"

#define READ_S(enc)                                                                                \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " enc : "=r"(__v));                                      \
		__v;                                                                               \
	})
#define WRITE_S(enc, v) __asm__ volatile("msr " enc ", %0" : : "r"((uint64_t)(v)))

static unsigned field(uint64_t reg, unsigned shift)
{
	return (unsigned)(reg >> shift) & 0xfu;
}

/* Set by the synchronous exception handler when a probed instruction was undefined. */
static volatile bool undefined_seen;

static bool on_sync(struct kit_exception *e)
{
	if (KIT_ESR_EC(e->esr) != 0x00) /* EC 0: unknown reason (undefined instruction) */
		return false;
	undefined_seen = true;
	kit_exception_skip(e);
	return true;
}

struct id_reg {
	const char *name;
	uint64_t value;
};

static void print_id_registers(void)
{
	const struct id_reg regs[] = {
		{"ID_AA64PFR0_EL1", READ_S("S3_0_C0_C4_0")},
		{"ID_AA64PFR1_EL1", READ_S("S3_0_C0_C4_1")},
		{"ID_AA64PFR2_EL1", READ_S("S3_0_C0_C4_2")},
		{"ID_AA64ZFR0_EL1", READ_S("S3_0_C0_C4_4")},
		{"ID_AA64SMFR0_EL1", READ_S("S3_0_C0_C4_5")},
		{"ID_AA64DFR0_EL1", READ_S("S3_0_C0_C5_0")},
		{"ID_AA64DFR1_EL1", READ_S("S3_0_C0_C5_1")},
		{"ID_AA64ISAR0_EL1", READ_S("S3_0_C0_C6_0")},
		{"ID_AA64ISAR1_EL1", READ_S("S3_0_C0_C6_1")},
		{"ID_AA64ISAR2_EL1", READ_S("S3_0_C0_C6_2")},
		{"ID_AA64MMFR0_EL1", READ_S("S3_0_C0_C7_0")},
		{"ID_AA64MMFR1_EL1", READ_S("S3_0_C0_C7_1")},
		{"ID_AA64MMFR2_EL1", READ_S("S3_0_C0_C7_2")},
		{"ID_PFR0_EL1", READ_S("S3_0_C0_C1_0")},
		{"ID_PFR1_EL1", READ_S("S3_0_C0_C1_1")},
		{"ID_DFR0_EL1", READ_S("S3_0_C0_C1_2")},
		{"MVFR0_EL1", READ_S("S3_0_C0_C3_0")},
	};

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		printf("cpufeat: %s 0x%016lx\n", regs[i].name, regs[i].value);
}

static unsigned pmu_version(void)
{
	unsigned v = field(READ_S("S3_0_C0_C5_0"), 8); /* ID_AA64DFR0_EL1.PMUVer */

	return v == 0xf ? 0 : v; /* 0xf: an IMPLEMENTATION DEFINED PMU, not PMUv3 */
}

static void print_features(void)
{
	uint64_t pfr0 = READ_S("S3_0_C0_C4_0"), pfr1 = READ_S("S3_0_C0_C4_1");
	uint64_t dfr0 = READ_S("S3_0_C0_C5_0"), isar1 = READ_S("S3_0_C0_C6_1");
	uint64_t isar2 = READ_S("S3_0_C0_C6_2");
	unsigned pauth = field(isar1, 4) | field(isar1, 8) | field(isar1, 24) | field(isar1, 28) |
			 field(isar2, 8) | field(isar2, 12);

	printf("cpufeat: sees sve %u sme %u mte %u ras %u amu %u spe %u trbe %u trace %u trf %u "
	       "el2 %u pauth %u mpam %u pmu %u\n",
	       field(pfr0, 32), field(pfr1, 24), field(pfr1, 8), field(pfr0, 28), field(pfr0, 44),
	       field(dfr0, 32), field(dfr0, 44), field(dfr0, 4), field(dfr0, 40), field(pfr0, 8),
	       pauth ? 1u : 0u, field(pfr0, 40), pmu_version());
}

/* ERRIDR_EL1 (S3_0_C5_C3_0): the number of RAS error records this CPU can reach. */
static void probe_error_records(void)
{
	uint64_t v = 0;

	undefined_seen = false;
	__asm__ volatile("mov %0, xzr\n\tmrs %0, S3_0_C5_C3_0" : "=&r"(v)::"memory");
	if (undefined_seen)
		printf("cpufeat: ERRIDR_EL1 undefined\n");
	else
		printf("cpufeat: ERRIDR_EL1 read 0x%lx\n", v);
}

/* APIAKeyLo_EL1 (S3_0_C2_C1_0): the guest owns its pointer authentication keys. */
static void probe_pauth(void)
{
	uint64_t isar1 = READ_S("S3_0_C0_C6_1"), isar2 = READ_S("S3_0_C0_C6_2");

	if (!(field(isar1, 4) | field(isar1, 8) | field(isar2, 12))) {
		printf("cpufeat: pauth not seen\n");
		return;
	}
	WRITE_S("S3_0_C2_C1_0", 0x1234abcd5678ef01ul);
	isb();
	printf("cpufeat: pauth key write %s\n",
	       READ_S("S3_0_C2_C1_0") == 0x1234abcd5678ef01ul ? "ok" : "lost");
	WRITE_S("S3_0_C2_C1_0", 0);
}

/* PMU (Arm ARM D12, "The Performance Monitors Extension"). */
#define PMCR_E		   (1ul << 0)
#define PMCR_P		   (1ul << 1)
#define PMCR_C		   (1ul << 2)
#define PMEVTYPER_NSH	   (1ul << 27) /* count at EL2 too, unless EL2 prohibits it */
#define PMU_CPU_CYCLES	   0x11ul
#define PMCNTEN_COUNTER0   (1ul << 0)
#define PMCNTEN_CYCLES	   (1ul << 31)
#define QEMU_CYCLES_PER_NS 1ul /* QEMU's PMU: 1 GHz (TCG, no icount) */
#define HVC_LOOPS	   20000u
#define BASELINE_LOOPS	   2000000u

struct pmu_sample {
	uint64_t event, cycles, ticks;
};

static void pmu_read(struct pmu_sample *s)
{
	isb();
	s->event = READ_S("S3_3_C14_C8_0");  /* PMEVCNTR0_EL0 */
	s->cycles = READ_S("S3_3_C9_C13_0"); /* PMCCNTR_EL0 */
	s->ticks = timer_now();
}

/* Counted cycles as a percentage of the time that passed. */
static unsigned percent(uint64_t counted, uint64_t ticks)
{
	uint64_t elapsed_ns = timer_ticks_to_us(ticks) * 1000;

	if (elapsed_ns == 0)
		return 0;
	return (unsigned)(counted * 100 / (elapsed_ns * QEMU_CYCLES_PER_NS));
}

static void busy_loop(void)
{
	for (unsigned i = 0; i < BASELINE_LOOPS; i++)
		__asm__ volatile("" ::: "memory");
}

/* An HVC the hypervisor answers NOT_SUPPORTED: time spent almost only at EL2. */
static void hvc_loop(void)
{
	for (unsigned i = 0; i < HVC_LOOPS; i++) {
		register uint64_t x0 __asm__("x0") = 0x86000000ul; /* vendor hypervisor call */

		__asm__ volatile("hvc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	}
}

static void probe_pmu(void)
{
	struct pmu_sample a, b, c;

	if (pmu_version() < 4) { /* HPMD needs FEAT_PMUv3p1 */
		printf("cpufeat: pmu not seen\n");
		return;
	}
	WRITE_S("S3_3_C14_C12_0", PMU_CPU_CYCLES | PMEVTYPER_NSH);   /* PMEVTYPER0_EL0 */
	WRITE_S("S3_3_C14_C15_7", PMEVTYPER_NSH);		     /* PMCCFILTR_EL0 */
	WRITE_S("S3_3_C9_C12_1", PMCNTEN_COUNTER0 | PMCNTEN_CYCLES); /* PMCNTENSET_EL0 */
	WRITE_S("S3_3_C9_C12_0", PMCR_E | PMCR_P | PMCR_C);	     /* PMCR_EL0 */
	pmu_read(&a);
	busy_loop();
	pmu_read(&b);
	hvc_loop();
	pmu_read(&c);
	WRITE_S("S3_3_C9_C12_0", 0);
	printf("cpufeat: pmu baseline event %u%% cycles %u%%, hvc loop event %u%% cycles %u%%\n",
	       percent(b.event - a.event, b.ticks - a.ticks),
	       percent(b.cycles - a.cycles, b.ticks - a.ticks),
	       percent(c.event - b.event, c.ticks - b.ticks),
	       percent(c.cycles - b.cycles, c.ticks - b.ticks));
}

void guest_main(const struct kit_info *info)
{
	(void)info;
	kit_set_sync_handler(on_sync);
	print_id_registers();
	print_features();
	probe_error_records();
	probe_pauth();
	probe_pmu();
	kit_set_sync_handler(NULL);
	printf("cpufeat: done\n");
}
