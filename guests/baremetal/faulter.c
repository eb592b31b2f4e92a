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
 * Restart hygiene: what this CPU's hardware shows at entry, then the same state dirtied
 * (a restarted run must find the first run's values again):
 *   faulter: reset <what> clean | faulter: reset <what> DIRTY <details>
 *       what: fp (V0-V31), fpcr-fpsr, pmu (controls), pmu-counters, debug (breakpoint
 *       and watchpoint 0), oslock (locked, as after a cold reset), sgi (no SGI pending)
 *   faulter: spi <intid> trigger level|edge        (the first interrupt of its first
 *                                                    virtio-mmio device, if it owns one)
 *   faulter: virtio 0x<base> status 0x<status>     (that device's Status register)
 *   faulter: dirtied <what>                        (after a read-back showed the change)
 * With a second CPU, that CPU checks its own SGIs too ("faulter: reset sgi-sibling ...")
 * and turns itself off; the boot CPU then sends it SGI 3, which stays pending in the GIC
 * for a CPU that is off ("faulter: sent SGI 3 to cpu 0x<mpidr>, which is off"), and
 * SGI 4 to itself just before the access. The restarted run must see neither.
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

/* ---- restart hygiene ---- */

#define CPACR_EL1_FPEN	    (3ul << 20)			/* FP/SIMD at EL1 and EL0 not trapped */
#define FPCR_DIRTY	    ((3ul << 22) | (1ul << 24)) /* RMode towards zero, FZ */
#define FPSR_DIRTY	    (0x1ful | (1ul << 27))	/* cumulative flags and QC */
#define PMCR_E		    1ul
#define PMU_CYCLE_COUNTER   (1ul << 31)
#define PMU_EVENT_INST_RET  0x08ul
#define PMCCFILTR_U	    (1ul << 30)
#define DBG_BCR_DIRTY	    0x1e6ul  /* BAS 0xf, PMC 3, E 0: never fires */
#define DBG_WCR_DIRTY	    0x1ffeul /* BAS 0xff, LSC 3, PAC 3, E 0 */
#define OSLSR_OSLK	    (1ul << 1)
#define SGI_TO_SIBLING	    3u
#define SGI_TO_SELF	    4u
#define GICR_SGI_ISPENDR0   (0x10000 + 0x200)
#define GICR_TYPER_OFF	    0x8
#define GICR_DEFAULT_STRIDE 0x20000
#define GICD_ICFGR	    0xc00
#define VIRTIO_STATUS	    0x70
#define VIRTIO_ACK_DRIVER   3u /* ACKNOWLEDGE | DRIVER */
#define SIBLING_TIMEOUT_US  1000000u

#define SYSREG_READ(reg)                                                                           \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));                                     \
		__v;                                                                               \
	})
#define SYSREG_WRITE(reg, v) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)))

static uint64_t fp_buffer[64] __attribute__((aligned(16)));
static volatile uint32_t sibling_checked;
static uint64_t boot_cpu_mpidr;

static void report(const char *what, bool clean, const char *details)
{
	if (clean)
		printf("faulter: reset %s clean\n", what);
	else
		printf("faulter: reset %s DIRTY %s\n", what, details);
}

static void fp_enable(void)
{
	SYSREG_WRITE(cpacr_el1, SYSREG_READ(cpacr_el1) | CPACR_EL1_FPEN);
	isb();
}

static void fp_save(uint64_t *buf)
{
	__asm__ volatile(".arch_extension fp\n\t.arch_extension simd\n\t"
			 "stp q0, q1, [%0, #0]\n\tstp q2, q3, [%0, #32]\n\t"
			 "stp q4, q5, [%0, #64]\n\tstp q6, q7, [%0, #96]\n\t"
			 "stp q8, q9, [%0, #128]\n\tstp q10, q11, [%0, #160]\n\t"
			 "stp q12, q13, [%0, #192]\n\tstp q14, q15, [%0, #224]\n\t"
			 "stp q16, q17, [%0, #256]\n\tstp q18, q19, [%0, #288]\n\t"
			 "stp q20, q21, [%0, #320]\n\tstp q22, q23, [%0, #352]\n\t"
			 "stp q24, q25, [%0, #384]\n\tstp q26, q27, [%0, #416]\n\t"
			 "stp q28, q29, [%0, #448]\n\tstp q30, q31, [%0, #480]"
			 :
			 : "r"(buf)
			 : "memory");
}

static void fp_load(const uint64_t *buf)
{
	__asm__ volatile(".arch_extension fp\n\t.arch_extension simd\n\t"
			 "ldp q0, q1, [%0, #0]\n\tldp q2, q3, [%0, #32]\n\t"
			 "ldp q4, q5, [%0, #64]\n\tldp q6, q7, [%0, #96]\n\t"
			 "ldp q8, q9, [%0, #128]\n\tldp q10, q11, [%0, #160]\n\t"
			 "ldp q12, q13, [%0, #192]\n\tldp q14, q15, [%0, #224]\n\t"
			 "ldp q16, q17, [%0, #256]\n\tldp q18, q19, [%0, #288]\n\t"
			 "ldp q20, q21, [%0, #320]\n\tldp q22, q23, [%0, #352]\n\t"
			 "ldp q24, q25, [%0, #384]\n\tldp q26, q27, [%0, #416]\n\t"
			 "ldp q28, q29, [%0, #448]\n\tldp q30, q31, [%0, #480]"
			 :
			 : "r"(buf)
			 : "memory");
}

static uint64_t fpcr_read(void)
{
	uint64_t v;

	__asm__ volatile(".arch_extension fp\n\tmrs %0, fpcr" : "=r"(v));
	return v;
}

static uint64_t fpsr_read(void)
{
	uint64_t v;

	__asm__ volatile(".arch_extension fp\n\tmrs %0, fpsr" : "=r"(v));
	return v;
}

static void fpcr_fpsr_write(uint64_t fpcr, uint64_t fpsr)
{
	__asm__ volatile(".arch_extension fp\n\tmsr fpcr, %0\n\tmsr fpsr, %1"
			 :
			 : "r"(fpcr), "r"(fpsr));
}

static void check_fp(void)
{
	char details[64];
	uint32_t dirty = 0;
	uint64_t fpcr, fpsr;

	fp_enable();
	fp_save(fp_buffer);
	for (uint32_t i = 0; i < 64; i++)
		if (fp_buffer[i])
			dirty++;
	fmt_snprintf(details, sizeof(details), "(%u non-zero halves, v0 0x%lx)", dirty,
		     fp_buffer[0]);
	report("fp", dirty == 0, details);
	fpcr = fpcr_read();
	fpsr = fpsr_read();
	fmt_snprintf(details, sizeof(details), "(FPCR 0x%lx FPSR 0x%lx)", fpcr, fpsr);
	report("fpcr-fpsr", fpcr == 0 && fpsr == 0, details);
}

static void dirty_fp(void)
{
	for (uint32_t i = 0; i < 64; i++)
		fp_buffer[i] = 0xf00dull << 48 | i;
	fp_load(fp_buffer);
	fpcr_fpsr_write(FPCR_DIRTY, FPSR_DIRTY);
	for (uint32_t i = 0; i < 64; i++)
		fp_buffer[i] = 0;
	fp_save(fp_buffer);
	if (fp_buffer[63] == (0xf00dull << 48 | 63) && fpcr_read() == FPCR_DIRTY &&
	    fpsr_read() == FPSR_DIRTY)
		printf("faulter: dirtied fp\n");
}

static void check_pmu(void)
{
	char details[160];
	uint64_t pmcr = SYSREG_READ(pmcr_el0), selr = SYSREG_READ(pmselr_el0);
	uint64_t cnten = SYSREG_READ(pmcntenset_el0), inten = SYSREG_READ(pmintenset_el1);
	uint64_t ovs = SYSREG_READ(pmovsset_el0), user = SYSREG_READ(pmuserenr_el0);
	uint64_t ccfilt = SYSREG_READ(pmccfiltr_el0), ccnt, evtype, evcnt;

	SYSREG_WRITE(pmselr_el0, 0);
	isb();
	evtype = SYSREG_READ(pmxevtyper_el0);
	evcnt = SYSREG_READ(pmxevcntr_el0);
	ccnt = SYSREG_READ(pmccntr_el0);
	fmt_snprintf(details, sizeof(details),
		     "(PMCR 0x%lx PMSELR 0x%lx PMCNTENSET 0x%lx PMINTENSET 0x%lx PMOVSSET 0x%lx "
		     "PMUSERENR 0x%lx PMCCFILTR 0x%lx PMEVTYPER0 0x%lx)",
		     pmcr, selr, cnten, inten, ovs, user, ccfilt, evtype);
	report("pmu",
	       !(pmcr & PMCR_E) && selr == 0 && cnten == 0 && inten == 0 && ovs == 0 && user == 0 &&
		       ccfilt == 0 && evtype == 0,
	       details);
	fmt_snprintf(details, sizeof(details), "(PMCCNTR 0x%lx PMEVCNTR0 0x%lx)", ccnt, evcnt);
	report("pmu-counters", ccnt == 0 && evcnt == 0, details);
}

static void dirty_pmu(void)
{
	SYSREG_WRITE(pmselr_el0, 0);
	isb();
	SYSREG_WRITE(pmxevtyper_el0, PMU_EVENT_INST_RET);
	SYSREG_WRITE(pmccfiltr_el0, PMCCFILTR_U);
	SYSREG_WRITE(pmcntenset_el0, PMU_CYCLE_COUNTER | 1u);
	SYSREG_WRITE(pmintenset_el1, 1u);
	SYSREG_WRITE(pmovsset_el0, 2u);
	SYSREG_WRITE(pmuserenr_el0, 1u);
	SYSREG_WRITE(pmcr_el0, SYSREG_READ(pmcr_el0) | PMCR_E);
	SYSREG_WRITE(pmselr_el0, 3u);
	isb();
	for (volatile uint32_t i = 0; i < 1000; i++)
		;
	if ((SYSREG_READ(pmcr_el0) & PMCR_E) && SYSREG_READ(pmselr_el0) == 3u &&
	    SYSREG_READ(pmccntr_el0) != 0)
		printf("faulter: dirtied pmu\n");
}

static void check_debug(void)
{
	char details[96];
	uint64_t bcr = SYSREG_READ(dbgbcr0_el1), bvr = SYSREG_READ(dbgbvr0_el1);
	uint64_t wcr = SYSREG_READ(dbgwcr0_el1), wvr = SYSREG_READ(dbgwvr0_el1);
	uint64_t oslsr = SYSREG_READ(oslsr_el1);

	fmt_snprintf(details, sizeof(details),
		     "(DBGBCR0 0x%lx DBGBVR0 0x%lx DBGWCR0 0x%lx DBGWVR0 0x%lx)", bcr, bvr, wcr,
		     wvr);
	report("debug", bcr == 0 && bvr == 0 && wcr == 0 && wvr == 0, details);
	fmt_snprintf(details, sizeof(details), "(OSLSR_EL1 0x%lx)", oslsr);
	report("oslock", (oslsr & OSLSR_OSLK) != 0, details);
}

static void dirty_debug(void)
{
	uint64_t where = (uint64_t)(uintptr_t)&check_debug & ~3ull;

	SYSREG_WRITE(dbgbvr0_el1, where);
	SYSREG_WRITE(dbgbcr0_el1, DBG_BCR_DIRTY);
	SYSREG_WRITE(dbgwvr0_el1, (uint64_t)(uintptr_t)&boot_count & ~7ull);
	SYSREG_WRITE(dbgwcr0_el1, DBG_WCR_DIRTY);
	SYSREG_WRITE(oslar_el1, 0); /* unlock the OS Lock */
	isb();
	if (SYSREG_READ(dbgbcr0_el1) == DBG_BCR_DIRTY && SYSREG_READ(dbgbvr0_el1) == where &&
	    SYSREG_READ(dbgwcr0_el1) == DBG_WCR_DIRTY && !(SYSREG_READ(oslsr_el1) & OSLSR_OSLK))
		printf("faulter: dirtied debug\n");
}

/* This CPU's redistributor frame, as the cell's device tree describes the GIC. */
static uintptr_t own_redistributor(const struct fdt *fdt)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "arm,gic-v3") : -1;
	uint64_t base, size, mpidr = cpu_mpidr();
	uint64_t want = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
	uint32_t stride = GICR_DEFAULT_STRIDE;

	if (node < 0 || fdt_reg(fdt, node, 1, &base, &size) < 0)
		return 0;
	if (fdt_prop_u32(fdt, node, "redistributor-stride", &stride) < 0 || stride == 0)
		stride = GICR_DEFAULT_STRIDE;
	for (uint64_t off = 0; off + stride <= size; off += stride) {
		uint64_t typer = *(volatile uint64_t *)(uintptr_t)(base + off + GICR_TYPER_OFF);

		if ((typer >> 32) == want)
			return (uintptr_t)(base + off);
		if (typer & (1u << 4))
			break;
	}
	return 0;
}

static void check_sgis(const struct fdt *fdt, const char *what)
{
	uintptr_t rd = own_redistributor(fdt);
	char details[48];
	uint32_t pending;

	if (!rd) {
		printf("faulter: no redistributor found\n");
		return;
	}
	pending = mmio_read32(rd + GICR_SGI_ISPENDR0) & 0xffffu;
	fmt_snprintf(details, sizeof(details), "(GICR_ISPENDR0 0x%x)", pending);
	report(what, pending == 0, details);
}

/* ICC_SGI1R_EL1 for one target (IHI 0069, 12.2.23). */
static void send_sgi(uint64_t mpidr, uint32_t intid)
{
	uint64_t v = (1ul << (mpidr & 0xf)) | ((mpidr >> 8) & 0xff) << 16 |
		     (uint64_t)(intid & 0xf) << 24 | ((mpidr >> 16) & 0xff) << 32 |
		     ((mpidr & 0xff) >> 4) << 44 | ((mpidr >> 32) & 0xff) << 48;

	__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" : : "r"(v));
}

static void sibling_main(unsigned index)
{
	(void)index;
	gicv3_init_cpu();
	check_sgis(kit_info()->fdt, "sgi-sibling");
	__atomic_store_n(&sibling_checked, 1, __ATOMIC_RELEASE);
	/* Returning turns this CPU off (kit_cpu_start). */
}

/*
 * Starts the cell's second CPU, lets it check its SGIs and turn itself off, then
 * sends it an SGI: nobody takes that one before the restart.
 */
static void sgi_to_sleeping_sibling(const struct fdt *fdt)
{
	uint64_t mpidr, deadline;

	if (!fdt)
		return;
	for (int node = kit_dt_next_cpu(fdt, -1, &mpidr); node >= 0;
	     node = kit_dt_next_cpu(fdt, node, &mpidr)) {
		if (mpidr == boot_cpu_mpidr)
			continue;
		if (kit_cpu_start(1, mpidr, sibling_main) != PSCI_SUCCESS)
			return;
		deadline = timer_deadline_us(SIBLING_TIMEOUT_US);
		while (!timer_expired(deadline) &&
		       (!__atomic_load_n(&sibling_checked, __ATOMIC_ACQUIRE) ||
			psci_affinity_info(mpidr, 0) != PSCI_AFFINITY_OFF))
			cpu_relax();
		if (psci_affinity_info(mpidr, 0) != PSCI_AFFINITY_OFF)
			return;
		send_sgi(mpidr, SGI_TO_SIBLING);
		printf("faulter: sent SGI %u to cpu 0x%lx, which is off\n", SGI_TO_SIBLING, mpidr);
		return;
	}
}

/* The cell's first virtio-mmio device: its base and first interrupt's INTID (0 if none). */
static uint64_t own_virtio(const struct fdt *fdt, uint32_t *intid)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "virtio,mmio") : -1;
	const void *irq;
	uint64_t base, size;
	uint32_t len;

	*intid = 0;
	if (node < 0 || fdt_reg(fdt, node, 0, &base, &size) < 0)
		return 0;
	irq = fdt_prop(fdt, node, "interrupts", &len);
	if (irq && len >= 12 && fdt_be32(irq) == 0) /* GIC_SPI n flags */
		*intid = 32u + fdt_be32((const uint8_t *)irq + 4);
	return base;
}

static uint32_t gicd_base(const struct fdt *fdt)
{
	int node = fdt ? fdt_find_compatible(fdt, -1, "arm,gic-v3") : -1;
	uint64_t base, size;

	if (node < 0 || fdt_reg(fdt, node, 0, &base, &size) < 0)
		return 0;
	return (uint32_t)base;
}

static bool spi_is_edge(uintptr_t gicd, uint32_t intid)
{
	return (mmio_read32(gicd + GICD_ICFGR + (intid / 16u) * 4u) >> (2u * (intid % 16u) + 1u)) &
	       1u;
}

static void spi_set_edge(uintptr_t gicd, uint32_t intid, bool edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + (intid / 16u) * 4u;
	uint32_t bit = 1u << (2u * (intid % 16u) + 1u);
	uint32_t v = mmio_read32(reg);

	mmio_write32(reg, edge ? (v | bit) : (v & ~bit));
}

/* Everything checked at entry, then dirtied; the restart must undo it. */
static void restart_hygiene(const struct fdt *fdt)
{
	uint32_t intid;
	uint64_t virtio = own_virtio(fdt, &intid);
	uintptr_t gicd = gicd_base(fdt);

	boot_cpu_mpidr = cpu_mpidr();
	check_fp();
	check_pmu();
	check_debug();
	gicv3_init(fdt);
	gicv3_init_cpu();
	check_sgis(fdt, "sgi");
	if (gicd && intid) {
		bool edge = spi_is_edge(gicd, intid);

		printf("faulter: spi %u trigger %s\n", intid, edge ? "edge" : "level");
		spi_set_edge(gicd, intid, !edge);
		if (spi_is_edge(gicd, intid) != edge)
			printf("faulter: dirtied spi\n");
	}
	if (virtio) {
		printf("faulter: virtio 0x%lx status 0x%x\n", virtio,
		       mmio_read32(virtio + VIRTIO_STATUS));
		mmio_write32(virtio + VIRTIO_STATUS, 1u);
		mmio_write32(virtio + VIRTIO_STATUS, VIRTIO_ACK_DRIVER);
		if (mmio_read32(virtio + VIRTIO_STATUS) == VIRTIO_ACK_DRIVER)
			printf("faulter: dirtied virtio\n");
	}
	dirty_fp();
	dirty_pmu();
	dirty_debug();
	sgi_to_sleeping_sibling(fdt);
}

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

	restart_hygiene(info->fdt);
	kit_set_sync_handler(on_sync_exception);
	printf("faulter: touching 0x%lx\n", addr);
	send_sgi(boot_cpu_mpidr, SGI_TO_SELF);
	value = mmio_read32((uintptr_t)addr);
	if (__atomic_load_n(&aborts_seen, __ATOMIC_ACQUIRE) != 0)
		printf("faulter: survived\n");
	else
		printf("faulter: read returned 0x%x (NOT contained)\n", value);
	kit_set_sync_handler(NULL);
	psci_system_off();
	printf("faulter: SYSTEM_OFF returned\n");
}
