// SPDX-License-Identifier: MIT
/*
 * Test guest: a hostile inmate. It tries every escape from its cell that we can name,
 * one at a time, and prints one line per attempt with a verdict taken from what it
 * observed (an abort or undefined-instruction exception it caught, a register read
 * back, a return code). Its partition uses on_fault: inject, so a blocked access
 * becomes a synchronous exception here instead of stopping the cell.
 *
 * What it attacks comes from its device tree: its own RAM (/memory), CPUs (/cpus) and
 * GIC (the arm,gic-v3 node: GICD, GICR region), and from /chosen:
 *   cellforge,victim-ram        = <base64 size64>  another cell's RAM
 *   cellforge,hypervisor-ram    = <base64 size64>
 *   cellforge,foreign-device    = <base64 size64>  another cell's virtio-mmio transport
 *   cellforge,foreign-spi       = <n>              an SPI of another cell (INTID 32 + n)
 *   cellforge,foreign-cpus      = <mpidr64 ...>    another cell's CPUs
 *   cellforge,own-device        = <base64 size64>  a device it owns ...
 *   cellforge,neighbour-device  = <base64 size64>  ... and another cell's in the same page
 * (u32 or u64 where a number is expected). Two addresses are QEMU virt facts: the GIC
 * ITS frame (absent with its=off) and the PCIe ECAM, which no cell owns.
 *
 * Console lines (one call each; the hypervisor prefixes "[<cell>] "):
 *   attacker: <facts it found>                   informational, not attacks
 *   ATTACKS declared <N>
 *   ATTACKS begin cntvct 0x<t>                   the shared counter, for the overlap check
 *   ATTACK <name> contained <detail>             N lines in all, one per attempt
 *   ATTACK <name> ESCAPED <detail>
 *   ATTACK <name> skipped <why>                  could not attempt (fails the test)
 *   ATTACK <name> n/a <why>                      decided by the architecture alone
 *   ATTACKS expect <counter> <n> ...             what the hypervisor's counters must say
 *   ATTACKS end cntvct 0x<t>
 *   ATTACKS done <contained>/<N - n/a> n/a <k>
 * then PSCI SYSTEM_RESET, which must stop this cell alone (restart_limit: 0). A
 * "contained" detail carries the evidence the test looks up in the hypervisor's
 * output: fault=<kind>@0x<address or pc> (its FAULT line) and count=<counter>:<n>
 * (its share of a power-off counter); see fault_token() and the expect counters.
 *
 * N is found by running the whole plan once in a counting pass (attack_start() only
 * counts there), so the declared number cannot drift from the attacks made.
 */
#include "kit/kit.h"

/* QEMU virt: GIC ITS frame (GICv3 its=off: nothing there) and the PCIe ECAM window. */
#define QEMU_VIRT_GIC_ITS   0x08080000ul
#define QEMU_VIRT_PCIE_ECAM 0x4010000000ul

#define MAX_FOREIGN_CPUS 8u
#define WRITE_PATTERN	 0xa77ac4edu /* what hostile writes store */
#define POISON32	 0x5ca1ab1eu /* a load that was skipped leaves this */
#define POISON64	 0x5ca1ab1e5ca1ab1eul

/* virtio-mmio (virtio spec 1.2, 4.2.2): Status, writing 0 resets the device. */
#define VIRTIO_MMIO_STATUS 0x070

/* PL011 (DDI 0183): interrupt mask set/clear register. */
#define PL011_UARTIMSC 0x038

/* GICv3 (IHI 0069): distributor 12.9, redistributor 12.10, ICC_SGI1R_EL1 12.2.22. */
#define GICD_CTLR	      0x0000
#define GICD_CTLR_RWP	      (1u << 31)
#define GICD_CTLR_ENABLE_GRPS 3u /* EnableGrp0, EnableGrp1 (single security state) */
#define GICD_IGROUPR	      0x0080
#define GICD_ISENABLER	      0x0100
#define GICD_ICENABLER	      0x0180
#define GICD_ISPENDR	      0x0200
#define GICD_ICPENDR	      0x0280
#define GICD_ISACTIVER	      0x0300
#define GICD_ICACTIVER	      0x0380
#define GICD_IPRIORITYR	      0x0400
#define GICD_ICFGR	      0x0c00
#define GICD_IROUTER	      0x6000
#define GICD_IROUTER_IRM      (1ul << 31)
#define GICR_CTLR	      0x0000
#define GICR_CTLR_HOSTILE     (1u | (7u << 24)) /* EnableLPIs, DPG0, DPG1NS, DPG1S */
#define GICR_TYPER	      0x0008
#define GICR_TYPER_LAST	      (1ul << 4)
#define GICR_WAKER	      0x0014
#define GICR_WAKER_SLEEP      (1u << 1) /* ProcessorSleep */
#define GICR_FRAME_STRIDE     0x20000ul /* RD_base + SGI_base */
#define GICR_SGI_BASE	      0x10000ul
#define GICR_ISENABLER0	      0x0100
#define GICR_ICENABLER0	      0x0180
#define GICR_ISPENDR0	      0x0200
#define GICR_IPRIORITYR0      0x0400
#define GICR_MAX_FRAMES	      256u
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF1_SHIFT  16
#define ICC_SGI1R_AFF2_SHIFT  32
#define ICC_SGI1R_IRM	      (1ul << 40)
#define ICC_SGI1R_RS_SHIFT    44
#define ICC_SGI1R_AFF3_SHIFT  48

#define TIMER_PPI_VIRTUAL  27u /* the victim's heartbeat */
#define TIMER_PPI_PHYSICAL 30u /* the EL1 physical timer's, each cell's own */
#define SGI_FOREIGN	   1u
#define SGI_BROADCAST	   2u
#define SGI_STORM	   0u
#define SGI_FLOOD	   3u
#define SGI_WAIT_US	   20000u
#define PTIMER_WAIT_US	   200000u /* an interrupt due at once; slack for a loaded host */
#define STORM_US	   1000000u
/* Before the first attempt: the test checks that the victim was beating by then. */
#define ATTACK_DELAY_US 1000000u

/* SMCCC (DEN0028) and IDs in ranges nobody serves. */
#define SMCCC_ARCH_FEATURES	0x80000001u
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u
#define SMC_UNKNOWN_STANDARD	0xc4000fffu
#define SMC_SIP			0xc2000000u
#define SMC_OEM			0xc3000000u
#define HVC_VENDOR_HYP		0xc6000000u

/* CCSIDR_EL1 (Arm ARM D13.2.25, without FEAT_CCIDX) and the set/way operand (C5.3). */
#define SETWAY_MAX_OPS 8192u

/* CNTP_CTL_EL0 (D13.8.12), CNTHP_CTL_EL2 has the same layout. */
#define CNTP_CTL_ENABLE (1ul << 0)
#define CNTP_CTL_IMASK	(1ul << 1)

/* ESR_EL1 exception class 0: unknown reason, e.g. an undefined instruction. */
#define ESR_EC_UNKNOWN 0x00u

enum prop_state { PROP_MISSING, PROP_BAD, PROP_OK };

struct range {
	enum prop_state state;
	uint64_t base, size;
};

static struct {
	const struct fdt *fdt;
	uint64_t self_mpidr;
	bool have_ram;
	uint64_t ram_base, ram_size;
	bool have_gic;
	uintptr_t gicd, gicr;
	uint64_t gicr_size, gicr_stride;
	struct range victim, hypervisor, device;
	enum prop_state spi_state;
	uint32_t spi;
	enum prop_state foreign_state;
	uint32_t foreign_count;
	uint64_t foreign[MAX_FOREIGN_CPUS];
} cfg;

/* --- Plan bookkeeping ----------------------------------------------------------- */

static bool counting;
static uint32_t declared, made, contained, not_counted;
static char attack_name[64];

/*
 * Every attack starts here. Counting pass: counts it and returns false (do nothing).
 * Real pass: names it and returns true; the attack then ends in exactly one
 * verdict() or skipped().
 */
static bool attack_start(const char *fmt, ...) KIT_PRINTF(1, 2);
static bool attack_start(const char *fmt, ...)
{
	va_list ap;

	if (counting) {
		declared++;
		return false;
	}
	va_start(ap, fmt);
	fmt_vsnprintf(attack_name, sizeof(attack_name), fmt, ap);
	va_end(ap);
	return true;
}

static void verdict(bool ok, const char *fmt, ...) KIT_PRINTF(2, 3);
static void verdict(bool ok, const char *fmt, ...)
{
	char detail[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	made++;
	if (ok)
		contained++;
	printf("ATTACK %s %s %s\n", attack_name, ok ? "contained" : "ESCAPED", detail);
}

/* Not attempted: counts as made but never as contained, so the summary shows it. */
static void skipped(const char *why)
{
	made++;
	printf("ATTACK %s skipped %s\n", attack_name, why);
}

static const char *prop_problem(enum prop_state s)
{
	return s == PROP_MISSING ? "missing-property" : "bad-property";
}

/* --- Catching what the attempts provoke ----------------------------------------- */

static volatile bool armed;
static volatile uint32_t traps;
static volatile uint64_t trap_esr, trap_far, trap_elr;

/*
 * Only while an attempt is armed: aborts and undefined instructions are recorded and
 * skipped; an instruction abort (a branch into forbidden memory) returns to the
 * caller via x30. Anything else, or anything outside an attempt, is a bug in this
 * guest and stays fatal.
 */
static bool on_sync_exception(struct kit_exception *e)
{
	uint32_t ec = KIT_ESR_EC(e->esr);

	if (!armed)
		return false;
	if (traps == 0) /* before skipping: the pc the hypervisor's fault log names */
		trap_elr = e->elr;
	if (ec == KIT_ESR_EC_DABT_SAME || ec == ESR_EC_UNKNOWN) {
		/* A load whose syndrome names its register gets the poison value. */
		if (ec == KIT_ESR_EC_DABT_SAME && (e->esr & KIT_ESR_DABT_ISV) &&
		    KIT_ESR_DABT_SRT(e->esr) != 31)
			e->x[KIT_ESR_DABT_SRT(e->esr)] = POISON32;
		kit_exception_skip(e);
	} else if (ec == KIT_ESR_EC_IABT_SAME) {
		e->elr = e->x[30];
	} else {
		return false;
	}
	if (traps == 0) {
		trap_esr = e->esr;
		trap_far = e->far;
	}
	traps = traps + 1;
	return true;
}

static void arm(void)
{
	traps = 0;
	__atomic_store_n(&armed, true, __ATOMIC_SEQ_CST);
}

static void disarm(void)
{
	__atomic_store_n(&armed, false, __ATOMIC_SEQ_CST);
}

/* "abort ESR .. FAR .." or "undefined ESR ..": only called when traps != 0. */
static const char *trap_text(void)
{
	static char text[96];
	uint32_t ec = KIT_ESR_EC(trap_esr);

	if (ec == ESR_EC_UNKNOWN)
		fmt_snprintf(text, sizeof(text), "undefined ESR 0x%lx", trap_esr);
	else
		fmt_snprintf(text, sizeof(text), "abort ESR 0x%lx FAR 0x%lx", trap_esr, trap_far);
	return text;
}

static bool trapped_abort(void)
{
	return traps && KIT_ESR_EC(trap_esr) == KIT_ESR_EC_DABT_SAME;
}

static bool trapped_undefined(void)
{
	return traps && KIT_ESR_EC(trap_esr) == ESR_EC_UNKNOWN;
}

/*
 * Evidence for the test, which finds the hypervisor's own record of the same event:
 *   fault=<read|write|isv0>@0x<address>   a "[hv] FAULT cell 'attacker'" data abort
 *                                          line at that address (isv0: the ISV=0 form)
 * An exception the hypervisor did not report (QEMU's own external abort, an
 * instruction undefined at EL1 by the architecture) therefore does not count.
 */
static const char *fault_token(const char *kind, uint64_t where)
{
	static char text[48];

	fmt_snprintf(text, sizeof(text), "fault=%s@0x%lx", kind, where);
	return text;
}

/*
 * What the hypervisor's counters for this cell must show at power-off, added up over
 * the attempts (each attempt's share is printed as count=<name>:<n>):
 *   sgi-refused          SGI writes naming INTID 14 or 15 (the hypervisor's)
 *   sgi-dropped          foreign CPUs named in SGI writes (one per target bit)
 *   smc-refused          SMCs with an ID nobody serves
 *   hvc                  HVCs that are not PSCI on this board's conduit
 *   gicd-foreign-writes  foreign INTIDs a distributor write tried to change
 *                        (bit registers: bits set; IPRIORITYR: bytes; ICFGR: edge
 *                        bits set; IROUTER: one; IGROUPR: none, Group 1 is fixed)
 *   gicr-foreign         accesses to another cell's redistributor frame other than
 *                        the public GICR_TYPER and GICR_PIDR2 reads
 *   setway               data cache set/way operations (each one emulated)
 */
enum expect {
	EXP_SGI_REFUSED,
	EXP_SGI_DROPPED,
	EXP_SMC_REFUSED,
	EXP_HVC,
	EXP_GICD_FOREIGN,
	EXP_GICR_FOREIGN,
	EXP_SETWAY,
	EXP_COUNT,
};

static const char *const expect_names[EXP_COUNT] = {
	[EXP_SGI_REFUSED] = "sgi-refused",
	[EXP_SGI_DROPPED] = "sgi-dropped",
	[EXP_SMC_REFUSED] = "smc-refused",
	[EXP_HVC] = "hvc",
	[EXP_GICD_FOREIGN] = "gicd-foreign-writes",
	[EXP_GICR_FOREIGN] = "gicr-foreign",
	[EXP_SETWAY] = "setway",
};

static uint64_t expected[EXP_COUNT];

/* Adds n to a counter; the text is for the verdict line. */
static const char *expect_add(enum expect which, uint64_t n)
{
	static char text[48];

	expected[which] += n;
	fmt_snprintf(text, sizeof(text), "count=%s:%lu", expect_names[which], n);
	return text;
}

/* Not meaningful here (decided without the hypervisor): printed, never counted. */
static void not_applicable(const char *why)
{
	made++;
	not_counted++;
	printf("ATTACK %s n/a %s\n", attack_name, why);
}

/*
 * Accesses of exactly one instruction each. The destination starts out as the poison
 * value, so a load skipped by the handler has a defined result.
 */
static uint64_t probe_read64(uintptr_t a)
{
	uint64_t v = POISON64;

	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
	return v;
}

static uint32_t probe_read32(uintptr_t a)
{
	uint32_t v = POISON32;

	__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(a) : "memory");
	return v;
}

static uint8_t probe_read8(uintptr_t a)
{
	uint32_t v = POISON32 & 0xff;

	__asm__ volatile("ldrb %w0, [%1]" : "+r"(v) : "r"(a) : "memory");
	return (uint8_t)v;
}

static void probe_write64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static void probe_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static void probe_write16(uintptr_t a, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory");
}

static void probe_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory");
}

/* SMCCC call through HVC regardless of the PSCI conduit, with a chosen immediate. */
static uint64_t raw_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

/* --- What the device tree says -------------------------------------------------- */

static const void *chosen_prop(const char *name, uint32_t *len)
{
	int chosen = cfg.fdt ? fdt_path_offset(cfg.fdt, "/chosen", 7) : -1;

	return chosen < 0 ? NULL : fdt_prop(cfg.fdt, chosen, name, len);
}

/* <base size>: two u64 (2 cells each), or two u32. */
static struct range chosen_range(const char *name)
{
	struct range r = {PROP_MISSING, 0, 0};
	uint32_t len;
	const uint8_t *p = chosen_prop(name, &len);
	uint32_t cells;

	if (!p)
		return r;
	cells = len == 16 ? 2 : len == 8 ? 1 : 0;
	r.state = PROP_BAD;
	if (cells && fdt_read_cells(p, cells, &r.base) == 0 &&
	    fdt_read_cells(p + 4 * cells, cells, &r.size) == 0 && r.size >= 4 &&
	    r.base + r.size > r.base)
		r.state = PROP_OK;
	return r;
}

static void read_device_tree(const struct kit_info *info)
{
	const struct fdt *fdt = info->fdt;
	uint32_t len, stride;
	const uint8_t *p;
	int node;

	cfg.fdt = fdt;
	cfg.self_mpidr = cpu_mpidr();
	if (!fdt)
		return;
	node = fdt_path_offset(fdt, "/memory", 7);
	cfg.have_ram = node >= 0 && fdt_reg(fdt, node, 0, &cfg.ram_base, &cfg.ram_size) == 0;

	node = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	if (node < 0)
		node = fdt_path_offset(fdt, "/interrupt-controller", 21);
	if (node >= 0) {
		uint64_t base, size;

		if (fdt_reg(fdt, node, 0, &base, &size) == 0) {
			cfg.gicd = (uintptr_t)base;
			if (fdt_reg(fdt, node, 1, &base, &cfg.gicr_size) == 0) {
				cfg.gicr = (uintptr_t)base;
				cfg.have_gic = true;
			}
		}
		cfg.gicr_stride = GICR_FRAME_STRIDE;
		if (fdt_prop_u32(fdt, node, "redistributor-stride", &stride) == 0 && stride)
			cfg.gicr_stride = stride;
	}

	cfg.victim = chosen_range("cellforge,victim-ram");
	cfg.hypervisor = chosen_range("cellforge,hypervisor-ram");
	cfg.device = chosen_range("cellforge,foreign-device");

	p = chosen_prop("cellforge,foreign-spi", &len);
	cfg.spi_state = p ? PROP_BAD : PROP_MISSING;
	if (p && (len == 4 || len == 8)) {
		uint64_t v;

		if (fdt_read_cells(p, len / 4, &v) == 0 && v < 988) { /* INTID 32 + v < 1020 */
			cfg.spi = (uint32_t)v;
			cfg.spi_state = PROP_OK;
		}
	}

	/* u64 each (two cells); a list of u32 is accepted when the length says so. */
	p = chosen_prop("cellforge,foreign-cpus", &len);
	cfg.foreign_state = p ? PROP_BAD : PROP_MISSING;
	if (p && len > 0 && len % 4 == 0) {
		uint32_t cells = len % 8 == 0 ? 2 : 1;
		uint32_t n = len / (4 * cells);

		if (n <= MAX_FOREIGN_CPUS) {
			for (uint32_t i = 0; i < n; i++)
				fdt_read_cells(p + 4 * cells * i, cells, &cfg.foreign[i]);
			cfg.foreign_count = n;
			cfg.foreign_state = PROP_OK;
		}
	}
}

/* A foreign CPU for attack names: its MPIDR, or "unknown" without the property. */
static const char *foreign_label(uint32_t i)
{
	static char label[24];

	if (cfg.foreign_state != PROP_OK)
		return "unknown";
	fmt_snprintf(label, sizeof(label), "0x%lx", cfg.foreign[i]);
	return label;
}

/* --- Memory ------------------------------------------------------------------- */

static void attack_read(const char *name, enum prop_state state, uint64_t addr)
{
	uint32_t v;

	if (!attack_start("%s-read", name))
		return;
	if (state != PROP_OK) {
		skipped(prop_problem(state));
		return;
	}
	arm();
	v = probe_read32((uintptr_t)addr);
	disarm();
	if (traps)
		verdict(trapped_abort(), "0x%lx %s %s", addr, trap_text(),
			fault_token("read", addr));
	else
		verdict(false, "read 0x%lx returned 0x%x", addr, v);
}

static void attack_write(const char *name, enum prop_state state, uint64_t addr)
{
	if (!attack_start("%s-write", name))
		return;
	if (state != PROP_OK) {
		skipped(prop_problem(state));
		return;
	}
	arm();
	probe_write32((uintptr_t)addr, WRITE_PATTERN);
	disarm();
	if (traps)
		verdict(trapped_abort(), "0x%lx %s %s", addr, trap_text(),
			fault_token("write", addr));
	else
		verdict(false, "wrote 0x%x to 0x%lx", WRITE_PATTERN, addr);
}

static void attack_read_write(const char *name, enum prop_state state, uint64_t addr)
{
	attack_read(name, state, addr);
	attack_write(name, state, addr);
}

static void attack_memory(void)
{
	const struct range *v = &cfg.victim, *h = &cfg.hypervisor;

	/* Where the victim keeps canaries when they are free (victim.c). */
	attack_read_write("victim-ram-start", v->state, v->base);
	attack_read_write("victim-ram-middle", v->state, v->base + ((v->size / 2) & ~3ul));
	attack_read_write("victim-ram-end", v->state, v->base + v->size - 4);
	attack_read_write("hypervisor-ram", h->state, h->base);
	attack_read_write("own-ram-past-end", cfg.have_ram ? PROP_OK : PROP_MISSING,
			  cfg.ram_base + cfg.ram_size);
}

/* --- Devices ------------------------------------------------------------------ */

static void attack_devices(void)
{
	/* Read the MagicValue; write Status = 0, which resets a virtio device. */
	attack_read("foreign-device", cfg.device.state, cfg.device.base);
	attack_write("foreign-device", cfg.device.state, cfg.device.base + VIRTIO_MMIO_STATUS);
	/* GITS_CTLR (offset 0): would enable or disable the ITS. */
	attack_read_write("gic-its", PROP_OK, QEMU_VIRT_GIC_ITS);
	/* Bus 0, device 0, function 0: vendor ID, then the command register. */
	attack_read("pcie-ecam", PROP_OK, QEMU_VIRT_PCIE_ECAM);
	attack_write("pcie-ecam", PROP_OK, QEMU_VIRT_PCIE_ECAM + 4);
}

/* --- Distributor: another cell's SPI ------------------------------------------- */

/* False (after printing skipped) when the attack cannot be attempted. */
static bool gicd_target_ready(void)
{
	if (!cfg.have_gic) {
		skipped("missing-gic");
		return false;
	}
	if (cfg.spi_state != PROP_OK) {
		skipped(prop_problem(cfg.spi_state));
		return false;
	}
	return true;
}

/*
 * Set/clear-enable, -pending, -active registers: one bit per INTID, reads give the
 * state. Contained: an abort, or the bit reads 0 before and after the write (the
 * foreign interrupt is invisible and the write changed nothing).
 */
static void gicd_bit_attack(const char *name, uint32_t reg_offset)
{
	uint32_t intid = 32 + cfg.spi, bit = 1u << (intid % 32), before, after;
	uintptr_t reg = cfg.gicd + reg_offset + 4 * (intid / 32);

	if (!attack_start("gicd-%s", name) || !gicd_target_ready())
		return;
	arm();
	before = probe_read32(reg);
	probe_write32(reg, bit);
	after = probe_read32(reg);
	disarm();
	if (traps)
		verdict(false, "INTID %u unexpected %s (a word access is emulated)", intid,
			trap_text());
	else
		verdict(!(before & bit) && !(after & bit), "INTID %u bit before %u after %u %s",
			intid, (before & bit) ? 1u : 0u, (after & bit) ? 1u : 0u,
			expect_add(EXP_GICD_FOREIGN, 1));
}

/*
 * Enable and set pending the foreign SPI, and leave it so. The read-back cannot
 * tell whether the writes reached the hardware (a filtered view reads zero
 * either way), but if they did, the SPI fires at its owner: the victim counts
 * it as a stray interrupt, which the test checks.
 */
static void gicd_leave_pending_attack(void)
{
	uint32_t intid = 32 + cfg.spi, bit = 1u << (intid % 32), enabled, pending;
	uintptr_t word = 4 * (intid / 32);

	if (!attack_start("gicd-enable-and-leave-pending") || !gicd_target_ready())
		return;
	arm();
	probe_write32(cfg.gicd + GICD_ISENABLER + word, bit);
	probe_write32(cfg.gicd + GICD_ISPENDR + word, bit);
	enabled = probe_read32(cfg.gicd + GICD_ISENABLER + word);
	pending = probe_read32(cfg.gicd + GICD_ISPENDR + word);
	disarm();
	if (traps)
		verdict(false, "INTID %u unexpected %s", intid, trap_text());
	else
		verdict(!(enabled & bit) && !(pending & bit),
			"INTID %u reads enabled %u pending %u; victim checked by test %s", intid,
			(enabled & bit) ? 1u : 0u, (pending & bit) ? 1u : 0u,
			expect_add(EXP_GICD_FOREIGN, 2));
}

/*
 * Read-write fields: the write flips them. Contained: an abort, or the field reads the
 * same afterwards.
 */
static void gicd_field_attack(const char *name, uint32_t reg_offset, uint32_t mask,
			      uint32_t foreign_intids)
{
	uint32_t intid = 32 + cfg.spi, before, after;
	uintptr_t reg = cfg.gicd + reg_offset;

	if (!attack_start("gicd-%s", name) || !gicd_target_ready())
		return;
	arm();
	before = probe_read32(reg);
	probe_write32(reg, before ^ mask);
	after = probe_read32(reg);
	disarm();
	if (traps)
		verdict(false, "INTID %u unexpected %s", intid, trap_text());
	else
		verdict(((before ^ after) & mask) == 0,
			"INTID %u wrote 0x%x: before 0x%x after 0x%x %s", intid, before ^ mask,
			before, after, expect_add(EXP_GICD_FOREIGN, foreign_intids));
}

static void gicd_priority_byte_attack(void)
{
	uint32_t intid = 32 + cfg.spi;
	uintptr_t reg = cfg.gicd + GICD_IPRIORITYR + intid;
	uint8_t before, after;

	if (!attack_start("gicd-ipriorityr-byte") || !gicd_target_ready())
		return;
	arm();
	before = probe_read8(reg);
	probe_write8(reg, before ^ 0x40);
	after = probe_read8(reg);
	disarm();
	if (traps)
		verdict(false, "INTID %u unexpected %s", intid, trap_text());
	else
		verdict(after == before, "INTID %u wrote 0x%x: before 0x%x after 0x%x %s", intid,
			before ^ 0x40, before, after, expect_add(EXP_GICD_FOREIGN, 1));
}

/* Route the SPI to this CPU (64-bit access). */
static void gicd_irouter_attack(void)
{
	uint32_t intid = 32 + cfg.spi;
	uintptr_t reg = cfg.gicd + GICD_IROUTER + 8ul * intid;
	uint64_t before, after, value = cfg.self_mpidr & MPIDR_AFFINITY_MASK;

	if (!attack_start("gicd-irouter") || !gicd_target_ready())
		return;
	arm();
	before = probe_read64(reg);
	/* Make the write observable even if it already (seemingly) pointed here. */
	if (value == before)
		value |= GICD_IROUTER_IRM;
	probe_write64(reg, value);
	after = probe_read64(reg);
	disarm();
	if (traps)
		verdict(false, "INTID %u unexpected %s", intid, trap_text());
	else
		verdict(after == before, "INTID %u wrote 0x%lx: before 0x%lx after 0x%lx %s", intid,
			value, before, after, expect_add(EXP_GICD_FOREIGN, 1));
}

/* GICD_ISENABLER written with a halfword: the architecture only allows words. */
static void gicd_halfword_attack(void)
{
	uint32_t intid = 32 + cfg.spi, bit = 1u << (intid % 32), before, after;
	uintptr_t word = cfg.gicd + GICD_ISENABLER + 4 * (intid / 32);
	uintptr_t half = word + 2 * ((intid % 32) / 16);

	if (!attack_start("gicd-isenabler-halfword") || !gicd_target_ready())
		return;
	arm();
	before = probe_read32(word);
	probe_write16(half, (uint16_t)(1u << (intid % 16)));
	after = probe_read32(word);
	disarm();
	if (traps)
		verdict(trapped_abort(), "INTID %u %s %s", intid, trap_text(),
			fault_token("write", half));
	else
		verdict(!(before & bit) && !(after & bit), "INTID %u bit before %u after %u", intid,
			(before & bit) ? 1u : 0u, (after & bit) ? 1u : 0u);
}

/*
 * GICD_CTLR = 0 would switch the whole distributor off. Its effect on others cannot be
 * seen from here: a per-cell copy that took the write and the real distributor read
 * back alike, so the victim's heartbeat is the real verdict. What is checked here is
 * that the write was absorbed: the read-back has both group enables clear (this
 * cell's view took it; ARE/DS may read as one) or equals the old value (ignored).
 * Enables that read back set although neither was written are unexplained and count
 * as an escape. The old value is written back so this cell's own interrupts keep
 * working.
 */
static void gicd_ctlr_attack(void)
{
	uint32_t before, after, restored;

	if (!attack_start("gicd-ctlr-disable"))
		return;
	if (!cfg.have_gic) {
		skipped("missing-gic");
		return;
	}
	arm();
	before = probe_read32(cfg.gicd + GICD_CTLR) & ~GICD_CTLR_RWP;
	probe_write32(cfg.gicd + GICD_CTLR, 0);
	after = probe_read32(cfg.gicd + GICD_CTLR) & ~GICD_CTLR_RWP;
	probe_write32(cfg.gicd + GICD_CTLR, before);
	restored = probe_read32(cfg.gicd + GICD_CTLR) & ~GICD_CTLR_RWP;
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict((after & GICD_CTLR_ENABLE_GRPS) == 0 || after == before,
			"wrote 0: read back 0x%x (was 0x%x, restored 0x%x); victim checked by test",
			after, before, restored);
}

static bool own_gic_ready(void);

static void attack_distributor(void)
{
	uint32_t intid = 32 + cfg.spi;
	uint32_t prio_lane = 8 * (intid % 4);

	/* Set up like any guest first (affinity routing, group 1), so the distributor is in
	 * the state the attacks should find and gicd-ctlr-disable has something to clear. */
	if (!counting)
		own_gic_ready();

	gicd_bit_attack("isenabler", GICD_ISENABLER);
	gicd_bit_attack("icenabler", GICD_ICENABLER);
	gicd_bit_attack("ispendr", GICD_ISPENDR);
	gicd_bit_attack("icpendr", GICD_ICPENDR);
	gicd_bit_attack("isactiver", GICD_ISACTIVER);
	gicd_bit_attack("icactiver", GICD_ICACTIVER);
	/* The attacker owns no SPI: every INTID of the priority word is foreign (4). */
	gicd_field_attack("ipriorityr-word", GICD_IPRIORITYR + (intid & ~3u), 0x80u << prio_lane,
			  4);
	gicd_priority_byte_attack();
	gicd_field_attack("igroupr", GICD_IGROUPR + 4 * (intid / 32), 1u << (intid % 32), 0);
	/* Int_config, the upper bit of the 2-bit field: level <-> edge. */
	gicd_field_attack("icfgr", GICD_ICFGR + 4 * (intid / 16), 2u << (2 * (intid % 16)), 1);
	gicd_irouter_attack();
	gicd_halfword_attack();
	gicd_leave_pending_attack();
	gicd_ctlr_attack();
}

/* --- Redistributors of the foreign CPUs ----------------------------------------- */

/* GICR_TYPER.Affinity_Value layout: Aff3.Aff2.Aff1.Aff0. */
static uint64_t typer_affinity(uint64_t mpidr)
{
	return ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
}

/*
 * The redistributor frame of 'mpidr', found like Linux does: walk the frames and
 * compare GICR_TYPER's affinity. If the walk finds nothing (frames hidden or aborting),
 * fall back to QEMU virt's order (frame n = CPU n, Aff0 + 16 * Aff1) and say so.
 */
static uintptr_t gicr_frame_of(uint64_t mpidr, bool *guessed)
{
	uint64_t want = typer_affinity(mpidr), frames = cfg.gicr_size / cfg.gicr_stride;
	uint64_t guess = (mpidr & 0xff) + 16 * ((mpidr >> 8) & 0xff);

	*guessed = false;
	if (frames > GICR_MAX_FRAMES)
		frames = GICR_MAX_FRAMES;
	arm();
	for (uint64_t i = 0; i < frames; i++) {
		uintptr_t rd = cfg.gicr + i * cfg.gicr_stride;
		uint64_t typer;

		traps = 0;
		typer = probe_read64(rd + GICR_TYPER);
		if (traps)
			break;
		if ((typer >> 32) == want) {
			disarm();
			return rd;
		}
		if (typer & GICR_TYPER_LAST)
			break;
	}
	disarm();
	*guessed = true;
	return guess < frames ? cfg.gicr + guess * cfg.gicr_stride : 0;
}

static bool gicr_target_ready(uint64_t mpidr, uintptr_t *rd, const char **how)
{
	bool guessed;

	if (!cfg.have_gic) {
		skipped("missing-gic");
		return false;
	}
	if (cfg.foreign_state != PROP_OK) {
		skipped(prop_problem(cfg.foreign_state));
		return false;
	}
	*rd = gicr_frame_of(mpidr, &guessed);
	if (!*rd) {
		skipped("no-redistributor-frame");
		return false;
	}
	*how = guessed ? "frame guessed" : "frame by TYPER";
	return true;
}

/* Disable the victim's timer PPI (27). If it reads disabled, enable it first so that
 * the disable would be visible: contained only if bit 27 always reads 0. */
static void gicr_disable_timer_attack(uint32_t i)
{
	uint64_t mpidr = cfg.foreign[i];
	uint32_t bit = 1u << TIMER_PPI_VIRTUAL, b0, b1, b2;
	const char *how;
	uintptr_t rd, sgi;

	if (!attack_start("gicr-icenabler0-%s", foreign_label(i)) ||
	    !gicr_target_ready(mpidr, &rd, &how))
		return;
	sgi = rd + GICR_SGI_BASE;
	arm();
	b0 = probe_read32(sgi + GICR_ISENABLER0);
	if (!(b0 & bit))
		probe_write32(sgi + GICR_ISENABLER0, bit);
	b1 = probe_read32(sgi + GICR_ISENABLER0);
	probe_write32(sgi + GICR_ICENABLER0, bit);
	b2 = probe_read32(sgi + GICR_ISENABLER0);
	disarm();
	if (traps)
		verdict(false, "rd 0x%lx unexpected %s", (uint64_t)rd, trap_text());
	else
		verdict(!((b0 | b1 | b2) & bit),
			"rd 0x%lx (%s) PPI 27 enable: before %u, after set %u, after clear %u %s",
			(uint64_t)rd, how, (b0 & bit) ? 1u : 0u, (b1 & bit) ? 1u : 0u,
			(b2 & bit) ? 1u : 0u, expect_add(EXP_GICR_FOREIGN, (b0 & bit) ? 4 : 5));
}

static void gicr_pend_sgi_attack(uint32_t i)
{
	uint64_t mpidr = cfg.foreign[i];
	uint32_t before, after;
	const char *how;
	uintptr_t rd;

	if (!attack_start("gicr-ispendr0-%s", foreign_label(i)) ||
	    !gicr_target_ready(mpidr, &rd, &how))
		return;
	arm();
	before = probe_read32(rd + GICR_SGI_BASE + GICR_ISPENDR0);
	probe_write32(rd + GICR_SGI_BASE + GICR_ISPENDR0, 1u); /* SGI 0 */
	after = probe_read32(rd + GICR_SGI_BASE + GICR_ISPENDR0);
	disarm();
	if (traps)
		verdict(false, "rd 0x%lx unexpected %s", (uint64_t)rd, trap_text());
	else
		verdict(!((before | after) & 1u),
			"rd 0x%lx (%s) SGI 0 pending: before %u after %u %s", (uint64_t)rd, how,
			before & 1u, after & 1u, expect_add(EXP_GICR_FOREIGN, 3));
}

/* Flip a register's hostile bits; contained: an abort or no visible change. */
static void gicr_flip_attack(const char *name, uint32_t i, uint32_t offset, uint32_t flip)
{
	uint64_t mpidr = cfg.foreign[i];
	uint32_t before, after;
	const char *how;
	uintptr_t rd;

	if (!attack_start("gicr-%s-%s", name, foreign_label(i)) ||
	    !gicr_target_ready(mpidr, &rd, &how))
		return;
	arm();
	before = probe_read32(rd + offset);
	probe_write32(rd + offset, before ^ flip);
	after = probe_read32(rd + offset);
	disarm();
	if (traps)
		verdict(false, "rd 0x%lx unexpected %s", (uint64_t)rd, trap_text());
	else
		verdict(after == before, "rd 0x%lx (%s) wrote 0x%x: before 0x%x after 0x%x %s",
			(uint64_t)rd, how, before ^ flip, before, after,
			expect_add(EXP_GICR_FOREIGN, 3));
}

static void attack_redistributors(void)
{
	uint32_t n = cfg.foreign_state == PROP_OK ? cfg.foreign_count : 1;

	for (uint32_t i = 0; i < n; i++) {
		gicr_disable_timer_attack(i);
		gicr_pend_sgi_attack(i);
		/* ProcessorSleep: flipped, so an awake redistributor would be put to sleep. */
		gicr_flip_attack("waker", i, GICR_WAKER, GICR_WAKER_SLEEP);
		gicr_flip_attack("ctlr", i, GICR_CTLR, GICR_CTLR_HOSTILE);
	}
}

/* --- SGIs ---------------------------------------------------------------------- */

static volatile uint32_t sgi_seen[16];
static volatile uint32_t other_irqs, spurious_irqs;
static volatile uint32_t ptimer_seen; /* the EL1 physical timer's own PPI, taken here */
static bool irqs_ready, gic_unusable;

/* IRQ context: count and acknowledge, never print. */
static void on_irq(void)
{
	uint32_t intid = gicv3_ack();

	if (intid == GIC_INTID_SPURIOUS) {
		spurious_irqs = spurious_irqs + 1;
		return;
	}
	if (intid < 16) {
		sgi_seen[intid] = sgi_seen[intid] + 1;
	} else if (intid == TIMER_PPI_PHYSICAL) {
		/* Its line stays high until the timer is stopped: stop it here. */
		__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb" : : : "memory");
		ptimer_seen = ptimer_seen + 1;
	} else {
		other_irqs = other_irqs + 1;
	}
	gicv3_eoi(intid);
}

/* ICC_SGI1R_EL1 naming one CPU by its affinity (target list bit Aff0 % 16, RS Aff0 / 16). */
static uint64_t sgi1r_to(uint64_t mpidr, uint32_t intid)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff, aff2 = (mpidr >> 16) & 0xff,
		 aff3 = (mpidr >> 32) & 0xff;

	return (1ul << (aff0 % 16)) | aff1 << ICC_SGI1R_AFF1_SHIFT |
	       (uint64_t)intid << ICC_SGI1R_INTID_SHIFT | aff2 << ICC_SGI1R_AFF2_SHIFT |
	       (aff0 / 16) << ICC_SGI1R_RS_SHIFT | aff3 << ICC_SGI1R_AFF3_SHIFT;
}

static void write_sgi1r(uint64_t v)
{
	__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" : : "r"(v) : "memory");
}

/* This cell's own CPU interface, for the reserved-SGI checks and the storm. */
static bool own_gic_ready(void)
{
	int err;

	if (irqs_ready)
		return true;
	if (!cfg.have_gic || gic_unusable)
		return false;
	/* The kit's GIC setup must not meet an abort (it would be fatal): look first. */
	arm();
	probe_read32(cfg.gicd + GICD_CTLR);
	probe_read64(cfg.gicr + GICR_TYPER);
	disarm();
	if (traps) {
		gic_unusable = true;
		printf("attacker: own GIC unusable: %s\n", trap_text());
		return false;
	}
	err = gicv3_init(cfg.fdt);
	if (err == 0)
		err = gicv3_init_cpu();
	if (err < 0) {
		gic_unusable = true;
		printf("attacker: own GIC unusable (%s)\n", fdt_strerror(err));
		return false;
	}
	kit_set_irq_handler(on_irq);
	gicv3_enable_private(SGI_STORM);
	gicv3_enable_private(14);
	gicv3_enable_private(15);
	irqs_ready = true;
	return true;
}

/*
 * What an SGI to another cell's CPU does can only be seen there: the victim records
 * every INTID it receives and the hypervisor counts the targets it dropped, which
 * the test compares with the count=sgi-dropped shares printed here. Here the write
 * must just complete (the hypervisor emulates ICC_SGI1R_EL1; no exception).
 */
static void sgi_send_attack(uint64_t value, const char *what, enum expect which, uint64_t n)
{
	arm();
	write_sgi1r(value);
	disarm();
	if (traps)
		verdict(false, "%s unexpected %s", what, trap_text());
	else
		verdict(true, "sent %s (ICC_SGI1R_EL1 0x%lx); victim checked by test %s", what,
			value, expect_add(which, n));
}

/*
 * SGIs 14 and 15 are the hypervisor's: a write naming them must be refused (counted
 * as sgi-refused); to itself, this CPU must also never receive them.
 */
static void sgi_reserved_attack(uint32_t intid)
{
	uint32_t seen_before;

	if (!attack_start("sgi-%u-self", intid))
		return;
	if (!own_gic_ready()) {
		skipped(cfg.have_gic ? "own-gic-unusable" : "missing-gic");
		return;
	}
	seen_before = sgi_seen[intid];
	irq_enable();
	arm();
	write_sgi1r(sgi1r_to(cfg.self_mpidr, intid));
	disarm();
	timer_delay_us(SGI_WAIT_US);
	irq_disable();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(sgi_seen[intid] == seen_before, "%s within %u ms %s",
			sgi_seen[intid] == seen_before ? "not received" : "delivered to itself",
			SGI_WAIT_US / 1000, expect_add(EXP_SGI_REFUSED, 1));
}

static void attack_sgis(void)
{
	uint32_t n = cfg.foreign_state == PROP_OK ? cfg.foreign_count : 1;

	for (uint32_t i = 0; i < n; i++) {
		char what[48];

		if (!attack_start("sgi-foreign-%s", foreign_label(i)))
			continue;
		if (cfg.foreign_state != PROP_OK) {
			skipped(prop_problem(cfg.foreign_state));
			continue;
		}
		fmt_snprintf(what, sizeof(what), "SGI %u to 0x%lx", SGI_FOREIGN, cfg.foreign[i]);
		sgi_send_attack(sgi1r_to(cfg.foreign[i], SGI_FOREIGN), what, EXP_SGI_DROPPED, 1);
	}
	/* Its own CPUs are all it may reach: the victim must see nothing, nothing dropped. */
	if (attack_start("sgi-broadcast"))
		sgi_send_attack(ICC_SGI1R_IRM | (uint64_t)SGI_BROADCAST << ICC_SGI1R_INTID_SHIFT,
				"SGI 2 to all but self (IRM)", EXP_SGI_DROPPED, 0);
	/* The hypervisor's SGIs aimed at another cell: refused before any target is looked at. */
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t intid = 14; intid <= 15; intid++) {
			char what[48];

			if (!attack_start("sgi-%u-foreign-%s", intid, foreign_label(i)))
				continue;
			if (cfg.foreign_state != PROP_OK) {
				skipped(prop_problem(cfg.foreign_state));
				continue;
			}
			fmt_snprintf(what, sizeof(what), "SGI %u to 0x%lx", intid, cfg.foreign[i]);
			sgi_send_attack(sgi1r_to(cfg.foreign[i], intid), what, EXP_SGI_REFUSED, 1);
		}
	}
	sgi_reserved_attack(15);
	sgi_reserved_attack(14);
}

/*
 * SGI 0 to itself for about a second, as fast as it goes, interrupts unmasked. What
 * it could hurt is the others' time: the test checks the victim's largest beat gap
 * over the whole attack phase, which this overlaps.
 */
static void attack_storm(void)
{
	uint64_t value, deadline, started;
	uint32_t sent = 0, received, base;

	if (!attack_start("sgi-storm-self"))
		return;
	if (!own_gic_ready()) {
		skipped(cfg.have_gic ? "own-gic-unusable" : "missing-gic");
		return;
	}
	value = sgi1r_to(cfg.self_mpidr, SGI_STORM);
	base = sgi_seen[SGI_STORM];
	started = timer_now();
	deadline = started + timer_us_to_ticks(STORM_US);
	irq_enable();
	arm();
	while (!timer_expired(deadline) && !traps) {
		write_sgi1r(value);
		sent++;
	}
	disarm();
	timer_delay_us(SGI_WAIT_US); /* let the last ones arrive */
	irq_disable();
	received = sgi_seen[SGI_STORM] - base;
	if (traps)
		verdict(false, "unexpected after %u sent: %s", sent, trap_text());
	else
		verdict(true,
			"survived: sent %u received %u from cntvct 0x%lx to 0x%lx (other IRQs %u); "
			"victim's beat gap checked by test",
			sent, received, started, timer_now(), other_irqs);
}

/*
 * SGIs at every foreign CPU in a loop for about a second: each one must be dropped
 * (the test compares the hypervisor's sgi-dropped count with what was sent), the
 * victim must receive none, and its heartbeat must not stall.
 */
static void attack_flood(void)
{
	uint64_t deadline, started;
	uint64_t sent = 0;

	if (!attack_start("sgi-flood-foreign"))
		return;
	if (cfg.foreign_state != PROP_OK) {
		skipped(prop_problem(cfg.foreign_state));
		return;
	}
	started = timer_now();
	deadline = started + timer_us_to_ticks(STORM_US);
	arm();
	while (!timer_expired(deadline) && !traps) {
		for (uint32_t i = 0; i < cfg.foreign_count; i++)
			write_sgi1r(sgi1r_to(cfg.foreign[i], SGI_FLOOD));
		sent += cfg.foreign_count;
	}
	disarm();
	if (traps)
		verdict(false, "unexpected after %lu sent: %s", sent, trap_text());
	else
		verdict(true,
			"sent %lu SGI %u from cntvct 0x%lx to 0x%lx; victim checked by test %s",
			sent, SGI_FLOOD, started, timer_now(), expect_add(EXP_SGI_DROPPED, sent));
}

/* --- PSCI and other SMCCC calls ---------------------------------------------------- */

static void psci_cpu_attacks(void)
{
	uint32_t n = cfg.foreign_state == PROP_OK ? cfg.foreign_count : 1;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t mpidr = cfg.foreign[i];
		int32_t ret;

		if (attack_start("psci-cpu-on-%s", foreign_label(i))) {
			if (cfg.foreign_state != PROP_OK) {
				skipped(prop_problem(cfg.foreign_state));
			} else {
				/* Should it start, that CPU parks at once (like psci_probe). */
				arm();
				ret = psci_cpu_on(mpidr, (uintptr_t)cpu_park, 0);
				disarm();
				if (traps)
					verdict(true, "%s", trap_text());
				else
					verdict(ret == PSCI_DENIED ||
							ret == PSCI_INVALID_PARAMETERS,
						"-> %s (%d)", psci_strerror(ret), ret);
			}
		}
		if (attack_start("psci-affinity-info-%s", foreign_label(i))) {
			if (cfg.foreign_state != PROP_OK) {
				skipped(prop_problem(cfg.foreign_state));
			} else {
				arm();
				ret = psci_affinity_info(mpidr, 0);
				disarm();
				if (traps)
					verdict(true, "%s", trap_text());
				else
					verdict(ret == PSCI_DENIED ||
							ret == PSCI_INVALID_PARAMETERS,
						"-> %d (%s)", ret,
						ret >= 0 ? "state of a foreign CPU"
							 : psci_strerror(ret));
			}
		}
	}
}

/* Where an SMCCC call made with psci_call() is counted: SMC or HVC, the board's conduit. */
static enum expect unknown_call_counter(void)
{
	return psci_conduit() == PSCI_CONDUIT_SMC ? EXP_SMC_REFUSED : EXP_HVC;
}

/*
 * A call nobody serves: answered NOT_SUPPORTED, and counted by the hypervisor as
 * refused (QEMU's own PSCI answers NOT_SUPPORTED too, so the count is what shows
 * that the hypervisor answered instead of forwarding it).
 */
static void smc_unknown_attack(const char *name, uint32_t fn)
{
	int32_t ret;

	if (!attack_start("%s-0x%x", name, fn))
		return;
	arm();
	ret = (int32_t)psci_call(fn, 0, 0, 0);
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(ret == PSCI_NOT_SUPPORTED, "-> %s (%d) %s", psci_strerror(ret), ret,
			expect_add(unknown_call_counter(), 1));
}

/* SMCCC_ARCH_WORKAROUND_1: any SMCCC answer is fine; if offered, it is also called. */
static void smccc_workaround_attack(void)
{
	int32_t ret, call = 0;
	bool called = false;

	if (!attack_start("smccc-arch-workaround-1"))
		return;
	arm();
	ret = (int32_t)psci_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0);
	if (!traps && ret == 0) {
		call = (int32_t)psci_call(SMCCC_ARCH_WORKAROUND_1, 0, 0, 0);
		called = true;
	}
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else if (called)
		verdict(true, "ARCH_FEATURES -> 0, the call itself -> %d", call);
	else
		/* SMCCC return values here: 0, 1 or an error; anything else is nonsense. */
		verdict(ret == 1 || ret == PSCI_NOT_SUPPORTED || ret == PSCI_INVALID_PARAMETERS,
			"ARCH_FEATURES -> %d", ret);
}

/* This cell's other CPU (off until started), or false if it has none. */
static bool own_other_cpu(uint64_t *mpidr)
{
	int node = -1;
	uint64_t m;

	if (!cfg.fdt)
		return false;
	for (uint32_t i = 0; i < 64; i++) {
		node = kit_dt_next_cpu(cfg.fdt, node, &m);
		if (node < 0)
			return false;
		if ((m & MPIDR_AFFINITY_MASK) != (cfg.self_mpidr & MPIDR_AFFINITY_MASK)) {
			*mpidr = m & MPIDR_AFFINITY_MASK;
			return true;
		}
	}
	return false;
}

/*
 * CPU_ON of this cell's own (off) CPU with an entry point the cell does not own:
 * the hypervisor must answer INVALID_ADDRESS (or INVALID_PARAMETERS) and start
 * nothing. If it starts the CPU, the CPU would fetch from memory the cell cannot
 * reach; the answer differs, and the test also looks for a second CPU's fault.
 */
static void psci_entry_attack(const char *name, enum prop_state state, uint64_t entry)
{
	uint64_t other;
	int32_t ret;

	if (!attack_start("psci-cpu-on-entry-%s", name))
		return;
	if (state != PROP_OK) {
		skipped(prop_problem(state));
		return;
	}
	if (!own_other_cpu(&other)) {
		skipped("no-second-cpu");
		return;
	}
	arm();
	ret = psci_cpu_on(other, entry, 0);
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(ret == PSCI_INVALID_ADDRESS || ret == PSCI_INVALID_PARAMETERS,
			"own cpu 0x%lx entry 0x%lx -> %s (%d)", other, entry, psci_strerror(ret),
			ret);
}

/*
 * An MPIDR with bits outside the affinity fields (RES0 63:40, the U/MT bits, RES1
 * bit 31) or another Aff3 must not alias a CPU: INVALID_PARAMETERS, not a start
 * (own CPU, valid entry) or DENIED-after-aliasing a foreign one (both are refusals,
 * but only INVALID_PARAMETERS says the MPIDR named nobody).
 */
static void psci_mpidr_attack(const char *name, uint64_t mpidr)
{
	int32_t ret;

	if (!attack_start("psci-cpu-on-mpidr-%s", name))
		return;
	arm();
	ret = psci_cpu_on(mpidr, (uintptr_t)cpu_park, 0);
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(ret == PSCI_INVALID_PARAMETERS, "mpidr 0x%lx -> %s (%d)", mpidr,
			psci_strerror(ret), ret);
}

/* AFFINITY_INFO with a lowest affinity level above 0: not offered, INVALID_PARAMETERS. */
static void psci_affinity_level_attack(const char *name, uint64_t mpidr, uint32_t level)
{
	int32_t ret;

	if (!attack_start("psci-affinity-info-level%u-%s", level, name))
		return;
	arm();
	ret = psci_affinity_info(mpidr, level);
	disarm();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(ret == PSCI_INVALID_PARAMETERS, "mpidr 0x%lx level %u -> %d (%s)", mpidr,
			level, ret, ret >= 0 ? "an affinity state" : psci_strerror(ret));
}

/*
 * CPU_SUSPEND with hostile power states and an entry point in another cell's RAM.
 * The hypervisor treats every state as standby: it waits for an interrupt and
 * returns here, never jumping to the entry point. The virtual timer (armed, the
 * interrupt masked here) ends the wait. Contained: it returned to the caller with
 * SUCCESS, INVALID_PARAMETERS or DENIED.
 */
static void psci_suspend_attack(const char *name, uint32_t power_state, uint64_t entry)
{
	int32_t ret;

	if (!attack_start("psci-cpu-suspend-%s", name))
		return;
	if (!own_gic_ready()) {
		skipped(cfg.have_gic ? "own-gic-unusable" : "missing-gic");
		return;
	}
	gicv3_enable_private(TIMER_PPI_VIRTUAL);
	timer_arm(timer_now() + timer_us_to_ticks(SGI_WAIT_US));
	arm();
	ret = (int32_t)psci_call(PSCI_FN_CPU_SUSPEND, power_state, entry, 0);
	disarm();
	timer_disarm();
	/* The timer's interrupt is still pending in the GIC: take it (IRQ handler acks). */
	irq_enable();
	timer_delay_us(1000);
	irq_disable();
	if (traps)
		verdict(false, "unexpected %s", trap_text());
	else
		verdict(ret == PSCI_SUCCESS || ret == PSCI_INVALID_PARAMETERS || ret == PSCI_DENIED,
			"power_state 0x%x entry 0x%lx -> returned here, %s (%d)", power_state,
			entry, psci_strerror(ret), ret);
}

static void attack_psci_arguments(void)
{
	uint64_t victim_cpu = cfg.foreign_state == PROP_OK ? cfg.foreign[0] : 0, other = 0;
	uint64_t victim_entry = cfg.victim.state == PROP_OK ? cfg.victim.base : 0;
	bool have_other = counting || own_other_cpu(&other);

	psci_entry_attack("victim-ram", cfg.victim.state, cfg.victim.base);
	psci_entry_attack("hypervisor-ram", cfg.hypervisor.state, cfg.hypervisor.base);
	psci_entry_attack("past-own-ram", cfg.have_ram ? PROP_OK : PROP_MISSING,
			  cfg.ram_base + cfg.ram_size);
	psci_entry_attack("unaligned", cfg.have_ram ? PROP_OK : PROP_MISSING,
			  (uintptr_t)cpu_park + 2);
	/* RES0 bit 40 and Aff3 = 1 over the victim's affinity; the U bit (30) over its own. */
	psci_mpidr_attack("res0-victim", victim_cpu | (1ul << 40));
	psci_mpidr_attack("aff3-victim", victim_cpu | (1ul << 32));
	psci_mpidr_attack("u-bit-own", (have_other ? other : cfg.self_mpidr) | (1ul << 30));
	psci_affinity_level_attack("own", cfg.self_mpidr & MPIDR_AFFINITY_MASK, 1);
	psci_affinity_level_attack("victim", victim_cpu, 2);
	/* Power-down state (StateType bit 16), every bit set, and an entry point elsewhere. */
	psci_suspend_attack("powerdown", 1u << 16, victim_entry);
	psci_suspend_attack("all-ones", 0xffffffffu, victim_entry);
}

static void attack_psci(void)
{
	psci_cpu_attacks();
	smc_unknown_attack("smc-unknown", SMC_UNKNOWN_STANDARD);
	smc_unknown_attack("smc-sip", SMC_SIP);
	smc_unknown_attack("smc-oem", SMC_OEM);
	smccc_workaround_attack();
}

/* --- Hypercalls -------------------------------------------------------------------- */

static void attack_hypercalls(void)
{
	uint64_t target = cfg.victim.state == PROP_OK ? cfg.victim.base : 0;
	uint64_t ret;

	/* Vendor hypervisor range with hostile arguments: foreign address, huge size,
	 * misaligned pointer. Contained: an error (negative), counted as a hypercall. */
	if (attack_start("hvc-vendor-0x%x", HVC_VENDOR_HYP)) {
		arm();
		ret = raw_hvc(HVC_VENDOR_HYP, target, 1ul << 40, target + 3);
		disarm();
		if (traps)
			verdict(false, "unexpected %s", trap_text());
		else
			verdict((int64_t)ret < 0, "(x1 0x%lx x2 1<<40 x3 0x%lx) -> %ld %s", target,
				target + 3, (int64_t)ret, expect_add(EXP_HVC, 1));
	}
	/* PSCI CPU_ON through HVC, the conduit the cell was not told to use. */
	for (uint32_t i = 0; i < (cfg.foreign_state == PROP_OK ? cfg.foreign_count : 1); i++) {
		bool psci_by_hvc = psci_conduit() == PSCI_CONDUIT_HVC;
		int32_t r;

		if (!attack_start("hvc-cpu-on-%s", foreign_label(i)))
			continue;
		if (cfg.foreign_state != PROP_OK) {
			skipped(prop_problem(cfg.foreign_state));
			continue;
		}
		arm();
		r = (int32_t)raw_hvc(PSCI_FN_CPU_ON, cfg.foreign[i], (uintptr_t)cpu_park, 0);
		disarm();
		if (traps)
			verdict(false, "unexpected %s", trap_text());
		else
			verdict(r == PSCI_NOT_SUPPORTED || r == PSCI_DENIED ||
					r == PSCI_INVALID_PARAMETERS,
				"-> %s (%d) %s", psci_strerror(r), r,
				expect_add(EXP_HVC, psci_by_hvc ? 0 : 1));
	}
}

/* --- System registers ---------------------------------------------------------------- */

/* Own dirty data: a set/way invalidate that reached the cache would lose it. */
static volatile uint64_t setway_canary[8] __attribute__((aligned(64)));

enum setway_op { SETWAY_CISW, SETWAY_CSW, SETWAY_ISW };

static void setway_issue(enum setway_op op, uint64_t operand)
{
	switch (op) {
	case SETWAY_CISW:
		__asm__ volatile("dc cisw, %0" : : "r"(operand) : "memory");
		break;
	case SETWAY_CSW:
		__asm__ volatile("dc csw, %0" : : "r"(operand) : "memory");
		break;
	case SETWAY_ISW:
		__asm__ volatile("dc isw, %0" : : "r"(operand) : "memory");
		break;
	}
}

static uint32_t log2_ceil(uint32_t n)
{
	uint32_t l = 0;

	while (l < 31 && (1u << l) < n)
		l++;
	return l;
}

/*
 * Sweeps every set and way of the level 1 data cache (CSSELR 0) with the operation;
 * stops at the first exception. Executed for real, a set/way operation would clean
 * or discard whatever line its slot holds, another cell's included. The hypervisor
 * emulates them (HCR_EL2.TSW: by address, over this cell's RAM only), so the cell
 * survives and its own dirty data too (DC ISW is upgraded to clean+invalidate).
 * QEMU has no caches to lose data from, so "intact" proves little: the evidence is
 * the hypervisor's setway counter (one per operation, count=setway) and the victim's
 * unchanged checksum.
 */
static void setway_attack(const char *name, enum setway_op op)
{
	uint64_t ccsidr, pattern = 0x5e7a5e7a00000000ul | (uint64_t)op << 16;
	uint32_t line_shift, ways, sets, way_shift, ops = 0;
	bool intact = true;

	if (!attack_start("%s", name))
		return;
	for (uint32_t i = 0; i < 8; i++)
		setway_canary[i] = pattern + i;
	dsb_sy();
	arm();
	__asm__ volatile("msr csselr_el1, xzr\n\tisb\n\tmrs %0, ccsidr_el1"
			 : "=r"(ccsidr)
			 :
			 : "memory");
	line_shift = (uint32_t)(ccsidr & 7) + 4;
	ways = (uint32_t)((ccsidr >> 3) & 0x3ff) + 1;
	sets = (uint32_t)((ccsidr >> 13) & 0x7fff) + 1;
	way_shift = 32 - log2_ceil(ways);
	for (uint32_t way = 0; way < ways && !traps && ops < SETWAY_MAX_OPS; way++) {
		for (uint32_t set = 0; set < sets && !traps && ops < SETWAY_MAX_OPS; set++) {
			uint64_t operand = (way_shift < 32 ? (uint64_t)way << way_shift : 0) |
					   (uint64_t)set << line_shift; /* level 1: field 0 */

			setway_issue(op, operand);
			ops++;
		}
	}
	dsb_sy();
	disarm();
	for (uint32_t i = 0; i < 8; i++)
		intact = intact && setway_canary[i] == pattern + i;
	if (traps)
		verdict(false, "%s after %u ops: the cell's set/way maintenance was refused",
			trap_text(), ops - 1);
	else
		verdict(intact, "%u ops over L1 (%u sets x %u ways), own dirty data %s %s", ops,
			sets, ways, intact ? "intact" : "LOST", expect_add(EXP_SETWAY, ops));
}

/*
 * An EL2-only instruction. At EL1 it is UNDEFINED by the architecture whatever the
 * hypervisor does (no FEAT_NV here), so it proves nothing about the hypervisor: it is
 * still executed (an escape would show) but reported n/a when it was undefined.
 */
enum el2_only { EL2_TLBI_VMALLS12E1, EL2_TLBI_ALLE2, EL2_CNTVOFF, EL2_CNTHP_CTL, EL2_CNTHP_CVAL };

static void el2_only_attack(const char *name, enum el2_only which)
{
	if (!attack_start("%s", name))
		return;
	arm();
	switch (which) {
	case EL2_TLBI_VMALLS12E1:
		__asm__ volatile("tlbi vmalls12e1\n\tdsb sy\n\tisb" : : : "memory");
		break;
	case EL2_TLBI_ALLE2:
		__asm__ volatile("tlbi alle2\n\tdsb sy\n\tisb" : : : "memory");
		break;
	case EL2_CNTVOFF:
		__asm__ volatile("msr cntvoff_el2, %0\n\tisb" : : "r"(1ul << 40) : "memory");
		break;
	case EL2_CNTHP_CTL:
		/* The hypervisor's own timer (EL2 physical): enabled, unmasked. */
		__asm__ volatile("msr cnthp_ctl_el2, %0\n\tisb"
				 :
				 : "r"(CNTP_CTL_ENABLE)
				 : "memory");
		break;
	case EL2_CNTHP_CVAL:
		__asm__ volatile("msr cnthp_cval_el2, xzr\n\tisb" : : : "memory");
		break;
	}
	disarm();
	if (trapped_undefined())
		not_applicable("undefined-at-el1-by-architecture");
	else
		verdict(false, "executed at EL1 without an undefined-instruction exception");
}

/*
 * The EL1 physical timer is the cell's (CNTHCTL_EL2.EL1PCEN): armed to fire at
 * once, unmasked, with its PPI enabled, its interrupt must come here, on this CPU,
 * and nowhere else. Contained: no exception, this CPU took its own PPI. The victim
 * (another cell's CPU) records every INTID it gets: the test requires it saw
 * nothing but its own timer, and beat on.
 */
static void cntp_fire_attack(void)
{
	uint64_t deadline;
	uint32_t before;

	if (!attack_start("cntp-fire-own"))
		return;
	if (!own_gic_ready()) {
		skipped(cfg.have_gic ? "own-gic-unusable" : "missing-gic");
		return;
	}
	gicv3_enable_private(TIMER_PPI_PHYSICAL);
	before = ptimer_seen;
	arm();
	__asm__ volatile("msr cntp_cval_el0, xzr\n\tisb\n\tmsr cntp_ctl_el0, %0\n\tisb"
			 :
			 : "r"(CNTP_CTL_ENABLE)
			 : "memory");
	irq_enable();
	deadline = timer_deadline_us(PTIMER_WAIT_US);
	while (!traps && ptimer_seen == before && !timer_expired(deadline))
		cpu_relax();
	irq_disable();
	if (!traps)
		__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb" : : : "memory");
	disarm();
	if (traps)
		verdict(false, "%s: the cell's own physical timer was refused", trap_text());
	else
		verdict(ptimer_seen != before,
			"own PPI %u taken %u times within %u ms; victim checked by test",
			TIMER_PPI_PHYSICAL, ptimer_seen - before, PTIMER_WAIT_US / 1000);
}

static void attack_system_registers(void)
{
	uint64_t cntpct;

	setway_attack("dc-cisw", SETWAY_CISW);
	setway_attack("dc-csw", SETWAY_CSW);
	setway_attack("dc-isw", SETWAY_ISW);
	el2_only_attack("tlbi-vmalls12e1", EL2_TLBI_VMALLS12E1);
	el2_only_attack("tlbi-alle2", EL2_TLBI_ALLE2);
	el2_only_attack("cntvoff-el2-write", EL2_CNTVOFF);
	el2_only_attack("cnthp-ctl-write", EL2_CNTHP_CTL);
	el2_only_attack("cnthp-cval-write", EL2_CNTHP_CVAL);
	cntp_fire_attack();
	if (!counting) {
		/* Allowed (CNTHCTL_EL2.EL1PCTEN): not an attack, just a fact. */
		__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(cntpct) : : "memory");
		printf("attacker: CNTPCT_EL0 0x%lx CNTVCT_EL0 0x%lx (allowed read, not an "
		       "attack)\n",
		       cntpct, timer_now());
	}
}

/* --- Emulated regions: accesses the emulation must refuse -------------------------- */

/*
 * Load/store pair and writeback forms leave ESR_EL2.ISV = 0 (Arm ARM D17.2.40: no
 * syndrome for pairs or writeback), 8-byte accesses name a size the 32-bit registers
 * used here do not have. Each must be refused (an abort the hypervisor reports at
 * that address), never half-emulated: a writeback the hypervisor performed or lost
 * would show in the base register, which must read as if the instruction never ran.
 * (Unaligned accesses are not tried: the cell maps these regions as Device memory,
 * where the CPU raises an alignment fault at EL1 before the hypervisor sees them.)
 */
enum region_op { OP_READ64, OP_WRITE64, OP_LDP, OP_STP, OP_LDR_POST, OP_STR_PRE, OP_COUNT };

static const char *const region_op_names[OP_COUNT] = {
	[OP_READ64] = "read64", [OP_WRITE64] = "write64",   [OP_LDP] = "ldp",
	[OP_STP] = "stp",	[OP_LDR_POST] = "ldr-post", [OP_STR_PRE] = "str-pre",
};

/* Runs one op at a; returns false if a writeback-form base register came out wrong. */
static bool region_op_run(enum region_op op, uintptr_t a, uint64_t value)
{
	uint32_t x = POISON32, y = POISON32;
	uintptr_t base;

	switch (op) {
	case OP_READ64:
		probe_read64(a);
		return true;
	case OP_WRITE64:
		probe_write64(a, value);
		return true;
	case OP_LDP:
		__asm__ volatile("ldp %w0, %w1, [%2]" : "+r"(x), "+r"(y) : "r"(a) : "memory");
		return true;
	case OP_STP:
		__asm__ volatile("stp %w0, %w0, [%1]" : : "r"((uint32_t)value), "r"(a) : "memory");
		return true;
	case OP_LDR_POST:
		base = a;
		__asm__ volatile("ldr %w0, [%1], #4" : "+r"(x), "+r"(base) : : "memory");
		return base == a; /* refused: no writeback */
	case OP_STR_PRE:
		base = a - 4;
		__asm__ volatile("str %w1, [%0, #4]!"
				 : "+r"(base)
				 : "r"((uint32_t)value)
				 : "memory");
		return base == a - 4;
	default:
		return true;
	}
}

/*
 * wide: a 32-bit register, for the 8-byte accesses. narrow: a register that also
 * takes byte accesses, for the ISV=0 forms: an emulator that guessed a syndrome
 * (the fields are RES0 with ISV=0: a byte access through x0) would accept them there.
 */
static void region_attack(const char *region, bool present, uintptr_t wide, uintptr_t narrow)
{
	for (uint32_t op = 0; op < OP_COUNT; op++) {
		bool write = op == OP_WRITE64 || op == OP_STP || op == OP_STR_PRE;
		bool isv0 = op != OP_READ64 && op != OP_WRITE64;
		uintptr_t a = isv0 ? narrow : wide;
		uint32_t current;
		bool base_ok;

		if (!attack_start("%s-%s", region, region_op_names[op]))
			continue;
		if (!present) {
			skipped("missing-region");
			continue;
		}
		/* Writes store what the register holds: harmless should one get through. */
		arm();
		current = probe_read32(a);
		traps = 0;
		base_ok = region_op_run((enum region_op)op, a, current);
		disarm();
		if (traps)
			verdict(trapped_abort() && base_ok, "0x%lx %s%s %s", (uint64_t)a,
				trap_text(), base_ok ? "" : " BASE REGISTER CHANGED",
				fault_token(isv0    ? "isv0"
					    : write ? "write"
						    : "read",
					    a));
		else
			verdict(false, "0x%lx %s completed (emulated%s)", (uint64_t)a,
				region_op_names[op], base_ok ? "" : ", base register changed");
	}
}

/* Own redistributor frame and the virtual UART, found like the GIC above. */
static void attack_emulated_regions(void)
{
	uint64_t uart = 0, size;
	bool guessed, have_uart = false;
	uintptr_t rd = 0;
	int node;

	if (!counting) {
		node = cfg.fdt ? fdt_find_compatible(cfg.fdt, -1, "arm,pl011") : -1;
		have_uart = node >= 0 && fdt_reg(cfg.fdt, node, 0, &uart, &size) == 0;
		if (cfg.have_gic)
			rd = gicr_frame_of(cfg.self_mpidr, &guessed);
	}
	/* IPRIORITYR of INTIDs 32..35 (not the attacker's: read as 0, writes dropped). */
	region_attack("gicd", cfg.have_gic, cfg.gicd + GICD_CTLR, cfg.gicd + GICD_IPRIORITYR + 32);
	/* Its own frame: GICR_CTLR; the priorities of its own SGIs 0..3. */
	region_attack("gicr", rd != 0, rd + GICR_CTLR, rd + GICR_SGI_BASE + GICR_IPRIORITYR0);
	/*
	 * UARTIMSC: its own value written back is harmless, even where a real PL011 sits
	 * (UARTDR, the one byte register, would print there).
	 */
	region_attack("vuart", have_uart, (uintptr_t)uart + PL011_UARTIMSC,
		      (uintptr_t)uart + PL011_UARTIMSC);
}

/* --- A device of its own, and the one next to it on the same page ----------------- */

/*
 * Sub-page device windows (virtio-mmio transports are 0x200 apart, 8 to a 4 KiB
 * page). With /chosen cellforge,own-device (a device the cell owns) and
 * cellforge,neighbour-device (another cell's device on the same page), it reads its
 * own device (must work: the hypervisor forwards it) and then the neighbour's
 * MagicValue and Status (must be refused, reported by the hypervisor at that
 * address). Without the properties the attempt is skipped, which fails the test.
 */
static void attack_neighbour_device(void)
{
	struct range own = chosen_range("cellforge,own-device");
	struct range next = chosen_range("cellforge,neighbour-device");

	for (uint32_t w = 0; w < 2; w++) {
		uintptr_t target = (uintptr_t)next.base + (w ? VIRTIO_MMIO_STATUS : 0);
		uint32_t magic;

		if (!attack_start("neighbour-device-%s", w ? "write" : "read"))
			continue;
		if (own.state != PROP_OK || next.state != PROP_OK) {
			skipped(own.state != PROP_OK ? "own-device-missing"
						     : "neighbour-device-missing");
			continue;
		}
		arm();
		magic = probe_read32((uintptr_t)own.base);
		disarm();
		if (traps) {
			skipped("own-device-unreachable");
			continue;
		}
		arm();
		if (w)
			probe_write32(target, 0);
		else
			probe_read32(target);
		disarm();
		if (traps)
			verdict(trapped_abort(), "own 0x%lx reads 0x%x; 0x%lx %s %s", own.base,
				magic, (uint64_t)target, trap_text(),
				fault_token(w ? "write" : "read", target));
		else
			verdict(false, "own 0x%lx reads 0x%x; neighbour 0x%lx %s", own.base, magic,
				(uint64_t)target, w ? "written" : "read");
	}
}

/* --- The plan ------------------------------------------------------------------------ */

/*
 * The last attempt: SYSTEM_RESET. It must restart or stop this cell only (the
 * partition's restart_limit is 0: stopped); the test checks the hypervisor's line
 * and that the victim and Linux go on. Printed before the call, which does not return.
 */
static void attack_system_reset(void)
{
	if (!attack_start("system-reset"))
		return;
	verdict(true, "requested; the hypervisor's answer and the other cells checked by test");
}

static void run_plan(void)
{
	attack_devices();
	attack_neighbour_device();
	attack_distributor();
	attack_redistributors();
	attack_emulated_regions();
	attack_sgis();
	attack_psci();
	attack_psci_arguments();
	attack_hypercalls();
	attack_system_registers();
	attack_storm();
	attack_flood();
	/* Late, so the victim has long taken its checksum: a write that got through shows. */
	attack_memory();
	attack_system_reset();
}

static void print_facts(const struct kit_info *info)
{
	printf("attacker: cpu 0x%lx, ram 0x%lx+0x%lx, gicd 0x%lx gicr 0x%lx+0x%lx, image 0x%lx\n",
	       cfg.self_mpidr, cfg.ram_base, cfg.ram_size, (uint64_t)cfg.gicd, (uint64_t)cfg.gicr,
	       cfg.gicr_size, info->image_start);
	if (cfg.victim.state == PROP_OK)
		printf("attacker: victim ram 0x%lx+0x%lx\n", cfg.victim.base, cfg.victim.size);
	if (cfg.hypervisor.state == PROP_OK)
		printf("attacker: hypervisor ram 0x%lx+0x%lx\n", cfg.hypervisor.base,
		       cfg.hypervisor.size);
	if (cfg.device.state == PROP_OK)
		printf("attacker: foreign device 0x%lx+0x%lx\n", cfg.device.base, cfg.device.size);
	if (cfg.spi_state == PROP_OK)
		printf("attacker: foreign SPI %u (INTID %u)\n", cfg.spi, 32 + cfg.spi);
	for (uint32_t i = 0; cfg.foreign_state == PROP_OK && i < cfg.foreign_count; i++)
		printf("attacker: foreign cpu 0x%lx\n", cfg.foreign[i]);
}

void guest_main(const struct kit_info *info)
{
	char line[200];
	uint32_t line_len;
	int32_t ret;

	read_device_tree(info);
	print_facts(info);

	counting = true;
	run_plan();
	counting = false;
	printf("ATTACKS declared %u\n", declared);
	/* The cells start together; the victim needs a moment to fill and sum its memory. */
	timer_delay_us(ATTACK_DELAY_US);
	printf("ATTACKS begin cntvct 0x%lx\n", timer_now());

	kit_set_sync_handler(on_sync_exception);
	run_plan();
	kit_set_sync_handler(NULL);
	if (made != declared)
		printf("attacker: BUG: declared %u attacks but made %u\n", declared, made);
	line_len = fmt_snprintf(line, sizeof(line), "ATTACKS expect");
	for (uint32_t i = 0; i < EXP_COUNT && line_len < sizeof(line); i++)
		line_len += fmt_snprintf(line + line_len, sizeof(line) - line_len, " %s %lu",
					 expect_names[i], expected[i]);
	printf("%s\n", line);
	printf("ATTACKS end cntvct 0x%lx\n", timer_now());
	printf("ATTACKS done %u/%u n/a %u\n", contained, declared - not_counted, not_counted);

	/* The system-reset attempt (the plan's last line). */
	ret = psci_system_reset();
	printf("attacker: SYSTEM_RESET returned %s (%d)\n", psci_strerror(ret), ret);
}
