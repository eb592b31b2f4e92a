// SPDX-License-Identifier: MIT
/*
 * Cell lifecycle and guest exits. See cell.h for the locking rules and the
 * console lines.
 */
#include "core/cell.h"
#include "arch/arm64/bulk.h"
#include "arch/arm64/cpu_traps.h"
#include "arch/arm64/dabt.h"
#include "arch/arm64/esr.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/timer.h"
#include "arch/arm64/vcpu.h"
#include "core/console.h"
#include "core/console_mux.h"
#include "core/device_quiesce.h"
#include "core/fault_policy.h"
#include "core/fault_report.h"
#include "core/guest_psci.h"
#include "core/mmio_subpage.h"
#include "core/guest_smccc.h"
#include "core/panic.h"
#include "core/run_status.h"
#include "irqchip/gicv3.h"
#include "lib/string.h"

/*
 * Stage-2 table pages per cell: two concatenated roots, a level-2 table per
 * GiB with sub-GiB regions, a level-3 table per 2 MiB with sub-2 MiB ones,
 * counted by the generator from the cells' regions (board_limits.h).
 */
#define STAGE2_POOL_PAGES CF_STAGE2_POOL_PAGES
/*
 * How long a CPU taking its cell down waits for the others to acknowledge.
 * A guest cannot hold a CPU in the guest (the kick SGI reaches EL2 whatever
 * EL1 masks) and every path at EL2 checks the request within bounded time,
 * so only a hypervisor bug can exceed this: generous, then a panic.
 */
#define CELL_STOP_TIMEOUT_MS 5000u

struct cell cells[CF_CELL_COUNT];

static pt_page_t stage2_pages[CF_CELL_COUNT][STAGE2_POOL_PAGES] __aligned(PT_PAGE_SIZE);
static struct pt_pool stage2_pools[CF_CELL_COUNT];
static struct pt_regime stage2_regime;

static uint32_t cells_ready;   /* set once by the boot CPU, read with acquire */
static uint32_t cells_running; /* the CPU that brings it to 0 powers off */
/* What each cell's guest reported (CELLFORGE_FN_RESULT); c->lock. A restart clears it. */
static uint32_t guest_results[CF_CELL_COUNT];

static void print_result(void);

/* ID_AA64MMFR0_EL1.PARange encodings 0..5. */
static const uint8_t parange_bits[] = {32, 36, 40, 42, 44, 48};

static const char *const stop_reason_names[] = {
	[CELL_STOP_NONE] = "not started",
	[CELL_STOP_SYSTEM_OFF] = "system off",
	[CELL_STOP_FAULT] = "fault",
	[CELL_STOP_RESTART_LIMIT] = "restart limit",
	[CELL_STOP_ALL_CPUS_OFF] = "all CPUs off",
	[CELL_STOP_DEVICE_RESET] = "a device did not reset",
};

struct cell *cell_of_this_cpu(void)
{
	struct percpu *cpu = this_cpu();

	if (!cpu || cpu->cell < 0 || (uint32_t)cpu->cell >= cf_cell_count)
		return NULL;
	return &cells[cpu->cell];
}

void cell_count_exit(enum exit_reason reason)
{
	struct percpu *cpu = this_cpu();
	struct cell *c = cell_of_this_cpu();

	cpu->stats.exits[reason]++;
	if (c)
		__atomic_fetch_add(&c->stats.exits[reason], 1, __ATOMIC_RELAXED);
}

void cell_count_irq(enum irq_stat stat)
{
	struct percpu *cpu = this_cpu();
	struct cell *c = cell_of_this_cpu();

	cpu->stats.irqs[stat]++;
	if (c)
		__atomic_fetch_add(&c->stats.irqs[stat], 1, __ATOMIC_RELAXED);
}

/* A snapshot of counters other CPUs add to (each 64-bit load is single-copy atomic). */
static void stats_snapshot(const struct exit_stats *from, struct exit_stats *to)
{
	for (uint32_t i = 0; i < EXIT_REASON_COUNT; i++)
		to->exits[i] = __atomic_load_n(&from->exits[i], __ATOMIC_RELAXED);
	for (uint32_t i = 0; i < IRQ_STAT_COUNT; i++)
		to->irqs[i] = __atomic_load_n(&from->irqs[i], __ATOMIC_RELAXED);
}

void cells_print_stats(void)
{
	for (uint32_t i = 0; i < cf_cell_count && i < CF_CELL_COUNT; i++) {
		struct cell *c = &cells[i];
		struct exit_stats snap;

		for (uint32_t cpu = 0; cpu < cf_board.cpu_count; cpu++) {
			if (!(c->cfg->cpu_mask & (UL(1) << cpu)))
				continue;
			stats_snapshot(&percpu_data[cpu].stats, &snap);
			console_lock();
			exit_stats_print(console_sink(), c->cfg->name, cf_board.cpus[cpu].name,
					 &snap);
			console_unlock();
		}
		stats_snapshot(&c->stats, &snap);
		console_lock();
		exit_stats_print(console_sink(), c->cfg->name, NULL, &snap);
		console_unlock();
		vgic_print_stats(c);
	}
}

static bool cpu_in_cell(const struct cell *c, uint32_t cpu)
{
	return cpu < cf_board.cpu_count && (c->cfg->cpu_mask & (UL(1) << cpu));
}

static bool cpu_online(uint32_t cpu)
{
	return __atomic_load_n(&percpu_data[cpu].online, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Scrubs the cell's RAM and copies its images from their pristine copies.
 * Scrubbing happens on every start, the first included: whatever the RAM held
 * before (a boot loader, the cell's previous run, another system before a warm
 * reset) must not reach the guest. The guest starts with its MMU and caches
 * off and then invalidates by address, so every line written here is cleaned
 * to the point of coherency first.
 */
static void cell_load(struct cell *c)
{
	const struct cf_cell *cfg = c->cfg;

	for (uint32_t i = 0; i < cfg->region_count; i++) {
		const struct cf_region *r = &cfg->regions[i];

		if (r->kind != CF_REGION_RAM && r->kind != CF_REGION_ROM)
			continue;
		bulk_zero(r->phys, r->size);
		dcache_clean_range(r->phys, r->phys + r->size);
	}
	for (uint32_t i = 0; i < cfg->load_count; i++) {
		const struct cf_load *ld = &cfg->loads[i];
		uint64_t phys;

		if (ld->mem_size == 0)
			continue;
		if (ld->file_size > ld->mem_size ||
		    !cell_image_phys(cfg, ld->guest, ld->mem_size, &phys))
			hv_panic("cell '%s': %s (0x%llx, 0x%llx bytes) is not inside its RAM",
				 cfg->name, ld->what, (unsigned long long)ld->guest,
				 (unsigned long long)ld->mem_size);
		/* The tail up to mem_size (BSS) stays zero from the scrub above. */
		bulk_copy((void *)(uintptr_t)phys, ld->src, ld->file_size);
		dcache_clean_range(phys, phys + ld->mem_size);
	}
	/* No stale instructions of a previous run, on any CPU. */
	__asm__ volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

static void print_cpu_list(const struct cell *c)
{
	bool first = true;

	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (!cpu_in_cell(c, i))
			continue;
		console_printf_locked("%s%s", first ? "" : ",", cf_board.cpus[i].name);
		first = false;
	}
}

/* Called with c->lock held: posts the cell's entry to its boot CPU. */
static void post_cell_start(struct cell *c)
{
	struct percpu *boot = &percpu_data[c->cfg->boot_cpu];

	boot->start_entry = c->cfg->entry;
	boot->start_x0 = c->cfg->dtb_guest;
	__atomic_store_n(&boot->vcpu_state, VCPU_ON_PENDING, __ATOMIC_RELEASE);
}

static void print_started(const struct cell *c)
{
	console_lock();
	console_printf_locked("cell '%s' started on ", c->cfg->name);
	print_cpu_list(c);
	console_printf_locked("\n");
	console_unlock();
}

static void cell_setup(struct cell *c, uint32_t index)
{
	const struct cf_cell *cfg = &cf_cells[index];
	struct stage2_error err = {0};
	uint32_t subpages;
	const char *device = NULL;
	int status;

	c->cfg = cfg;
	c->lock = (struct spinlock)SPINLOCK_INIT;
	if (cfg->boot_cpu >= cf_board.cpu_count || !cpu_in_cell(c, cfg->boot_cpu))
		hv_panic("cell '%s': boot CPU %u is not one of its CPUs", cfg->name, cfg->boot_cpu);

	status = pt_pool_init(&stage2_pools[index], stage2_pages[index], STAGE2_POOL_PAGES);
	if (status == PT_OK)
		status = pt_init(&c->stage2, &stage2_regime, &stage2_pools[index]);
	if (status == PT_OK)
		status = stage2_build_cell(&c->stage2, &cf_board, cfg, &err);
	if (status != PT_OK)
		hv_panic("cell '%s': cannot map %s at 0x%llx size 0x%llx: %s (at 0x%llx)",
			 cfg->name, err.what ? err.what : "tables", (unsigned long long)err.guest,
			 (unsigned long long)err.size, pt_strerror(status),
			 (unsigned long long)err.conflict_ipa);
	c->vttbr = stage2_vttbr(&c->stage2, index);

	if (cfg->console == CF_CONSOLE_VIRTUAL) {
		struct mmio_region uart = {
			.base = cf_board.uart_base,
			.size = cf_board.uart_size,
			.handler = vuart_mmio,
			.device = &c->vuart,
			.name = "vuart",
		};

		vuart_init(&c->vuart, index);
		console_mux_attach(index, &c->vuart);
		if (!mmio_table_insert(c->mmio, &c->mmio_count, CELL_MMIO_REGIONS, &uart))
			hv_panic("cell '%s': cannot add the virtual UART", cfg->name);
	}
	vgic_cell_init(c);
	if (!subpage_register(c->mmio, &c->mmio_count, CELL_MMIO_REGIONS, cfg, &subpages))
		hv_panic("cell '%s': cannot trap the pages of its sub-page device windows",
			 cfg->name);
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (cpu_in_cell(c, i)) {
			percpu_data[i].cell = (int32_t)index;
			percpu_data[i].parked = 1;
		}
	}
	/* A boot loader or a warm reset may have left a device running: not into fresh RAM. */
	c->devices_quiet = devices_quiesce(cfg, &device);
	if (!c->devices_quiet)
		hv_printf("cell '%s': device '%s' did not acknowledge its reset; not starting it\n",
			  cfg->name, device);
	cell_load(c);
}

void cells_init(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;
	uint32_t running = 0;

	if (parange >= ARRAY_SIZE(parange_bits))
		parange = ARRAY_SIZE(parange_bits) - 1;
	stage2_regime_init(&stage2_regime, parange_bits[parange]);
	vcpu_vtcr = stage2_vtcr(&stage2_regime, parange);
	gic_init_distributor(&cf_board);
	vgic_boot_init();
	console_mux_init();
	console_mux_set_stats_hook(cells_print_stats);

	for (uint32_t i = 0; i < cf_board.cpu_count; i++)
		percpu_data[i].cell = -1;
	for (uint32_t i = 0; i < cf_cell_count && i < CF_CELL_COUNT; i++)
		cell_setup(&cells[i], i);
	dsb_ish(); /* stage-2 tables visible to every CPU's walker */

	for (uint32_t i = 0; i < cf_cell_count && i < CF_CELL_COUNT; i++) {
		struct cell *c = &cells[i];

		if (!cpu_online(c->cfg->boot_cpu)) {
			hv_printf("cell '%s' cannot start: %s is not online\n", c->cfg->name,
				  cf_board.cpus[c->cfg->boot_cpu].name);
			continue;
		}
		if (!c->devices_quiet)
			continue;
		spin_lock(&c->lock);
		c->state = CELL_RUNNING;
		post_cell_start(c);
		spin_unlock(&c->lock);
		running++;
		print_started(c);
	}
	__atomic_store_n(&cells_running, running, __ATOMIC_RELEASE);
	__atomic_store_n(&cells_ready, 1, __ATOMIC_RELEASE);
	sev();
	if (running == 0) {
		hv_printf("no cell could start; system off\n");
		print_result();
		system_off();
	}
}

/*
 * A CPU with nothing left to run, ever (in no cell, or its cell stopped for
 * good) is powered off through the firmware rather than left waiting: on
 * hardware that saves power, and under QEMU, where WFE only yields, a waiting
 * CPU would spin and take host time from the CPUs that run guests.
 */
static __noreturn void cpu_retire(void)
{
	psci_cpu_off();
	for (;;) /* the firmware refused: wait instead */
		wfe();
}

__noreturn void cpu_run_cells(void)
{
	struct percpu *cpu = this_cpu();

	while (!__atomic_load_n(&cells_ready, __ATOMIC_ACQUIRE))
		wfe();
	gic_init_cpu(&cf_board, cpu->mpidr);
	if (!cell_of_this_cpu())
		cpu_retire();
	vgic_cpu_init();
	vcpu_wait();
}

__noreturn void vcpu_wait(void)
{
	struct percpu *cpu = this_cpu();
	struct cell *c = cell_of_this_cpu();

	if (!c)
		hv_panic("a CPU in no cell reached the guest wait loop");
	vgic_cpu_leave(c); /* before "parked": a CPU taking the cell down waits for both */
	__atomic_store_n(&cpu->parked, 1, __ATOMIC_RELEASE);
	for (;;) {
		/* Parked is what a stop request asks for: done. */
		__atomic_store_n(&cpu->request, VCPU_REQ_NONE, __ATOMIC_RELEASE);
		if (__atomic_load_n(&cpu->vcpu_state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING) {
			spin_lock(&c->lock);
			if (c->state == CELL_RUNNING && cpu->vcpu_state == VCPU_ON_PENDING) {
				uint64_t entry = cpu->start_entry, x0 = cpu->start_x0;

				cpu->vcpu_state = VCPU_ON;
				__atomic_store_n(&cpu->parked, 0, __ATOMIC_RELEASE);
				spin_unlock(&c->lock);
				vgic_cpu_enter(c);
				vcpu_enter(c->vttbr, entry, x0, percpu_stack_top(cpu->index));
			}
			spin_unlock(&c->lock);
		}
		if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CELL_STOPPED)
			cpu_retire(); /* a stopped cell never runs again */
		wfe();
	}
}

void vcpu_check_request(void)
{
	if (__atomic_load_n(&this_cpu()->request, __ATOMIC_ACQUIRE) != VCPU_REQ_NONE)
		vcpu_wait();
}

/*
 * Takes every other CPU of the cell out of the guest and waits (bounded) until
 * they are parked. False if another CPU is already doing that (or the cell is
 * not running): the caller then just parks.
 */
static bool cell_take_down(struct cell *c)
{
	struct percpu *self = this_cpu();
	uint64_t deadline;

	/* This CPU leaves the guest too: its list registers go before the cell's vGIC resets. */
	vgic_cpu_leave(c);
	spin_lock(&c->lock);
	if (c->state != CELL_RUNNING) {
		spin_unlock(&c->lock);
		return false;
	}
	c->state = CELL_STOPPING;
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (i != self->index && cpu_in_cell(c, i))
			__atomic_store_n(&percpu_data[i].request, VCPU_REQ_STOP, __ATOMIC_RELEASE);
	}
	spin_unlock(&c->lock);

	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (i != self->index && cpu_in_cell(c, i) && cpu_online(i))
			gic_send_sgi(percpu_data[i].mpidr, GIC_SGI_KICK);
	}
	sev(); /* CPUs in the wait loop */

	/*
	 * "parked" is each CPU's acknowledgement: set in the wait loop, after it
	 * left the guest and dropped its list registers; with the cell STOPPING
	 * it cannot enter the guest again. Until every CPU of the cell has
	 * acknowledged, nothing of the cell (RAM, devices, interrupts) is reset.
	 */
	deadline = timer_count() + timer_hz() * CELL_STOP_TIMEOUT_MS / 1000;
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (i == self->index || !cpu_in_cell(c, i) || !cpu_online(i))
			continue;
		while (!__atomic_load_n(&percpu_data[i].parked, __ATOMIC_ACQUIRE) &&
		       timer_count() < deadline)
			cpu_relax();
		if (!__atomic_load_n(&percpu_data[i].parked, __ATOMIC_ACQUIRE))
			hv_panic("%s of cell '%s' did not leave the guest within %u ms "
				 "(a hypervisor bug): refusing to reset the cell under it",
				 cf_board.cpus[i].name, c->cfg->name, CELL_STOP_TIMEOUT_MS);
	}
	if (c->cfg->console == CF_CONSOLE_VIRTUAL)
		console_mux_flush(c->cfg->index);

	spin_lock(&c->lock);
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (cpu_in_cell(c, i))
			percpu_data[i].vcpu_state = VCPU_OFF;
	}
	spin_unlock(&c->lock);
	return true;
}

static void print_summary(void)
{
	for (uint32_t i = 0; i < cf_cell_count && i < CF_CELL_COUNT; i++) {
		const struct cell *c = &cells[i];
		struct exit_stats snap;
		uint32_t reason =
			c->stop_reason < ARRAY_SIZE(stop_reason_names) ? c->stop_reason : 0;

		console_lock();
		console_printf_locked("summary cell '%s': state %s", c->cfg->name,
				      c->state == CELL_STOPPED ? "stopped" : "running");
		if (c->state == CELL_STOPPED)
			console_printf_locked(" (%s)", stop_reason_names[reason]);
		console_printf_locked(", exits");
		stats_snapshot(&c->stats, &snap);
		exit_stats_print_exits(console_sink(), &snap);
		console_printf_locked(", restarts %u\n", c->restarts);
		console_unlock();
	}
	cells_print_stats();
}

/* The word of the result line for one cell and the system status it asks for. */
static const char *cell_outcome(const struct cell *c, uint32_t *status)
{
	uint32_t result = guest_results[c->cfg->index];

	if (c->state != CELL_STOPPED) {
		*status = RUN_STATUS_NOT_RUN;
		return "running";
	}
	switch (c->stop_reason) {
	case CELL_STOP_SYSTEM_OFF:
	case CELL_STOP_ALL_CPUS_OFF:
		*status = result;
		return result == RUN_STATUS_PASS ? "ok" : "failed";
	case CELL_STOP_FAULT:
		*status = RUN_STATUS_FAULT;
		return "fault";
	case CELL_STOP_RESTART_LIMIT:
		*status = RUN_STATUS_RESTART_LIMIT;
		return "restart limit";
	case CELL_STOP_DEVICE_RESET:
		*status = RUN_STATUS_NOT_RUN;
		return "device reset";
	default:
		*status = RUN_STATUS_NOT_RUN;
		return "not run";
	}
}

/*
 * The machine-readable last line (core/run_status.h): each cell's outcome
 * and the system status, the one the runner exits with. The hypervisor's
 * statuses (fault, restart limit, not run, in that order) outrank a guest's
 * result; among results the first failed cell's counts.
 */
static void print_result(void)
{
	uint32_t system = RUN_STATUS_PASS, guest = RUN_STATUS_PASS;

	console_lock();
	console_printf_locked("result:");
	for (uint32_t i = 0; i < cf_cell_count && i < CF_CELL_COUNT; i++) {
		uint32_t status;
		const char *word = cell_outcome(&cells[i], &status);

		console_printf_locked("%s cell '%s' %s", i ? "," : "", cells[i].cfg->name, word);
		if (status > RUN_STATUS_PASS && status <= RUN_STATUS_GUEST_MAX) {
			console_printf_locked(" %u", status);
			if (guest == RUN_STATUS_PASS)
				guest = status;
		} else if (status > system) {
			system = status;
		}
	}
	if (system == RUN_STATUS_PASS)
		system = guest;
	console_printf_locked("; system status %u\n", system);
	console_unlock();
}

int32_t cell_report_result(struct cell *c, uint64_t result)
{
	uint32_t code = RUN_STATUS_GUEST_MAX;
	int32_t ret = PSCI_E_INVALID_PARAMS;

	if (result <= RUN_STATUS_GUEST_MAX) {
		code = (uint32_t)result;
		ret = PSCI_SUCCESS;
	}
	spin_lock(&c->lock);
	guest_results[c->cfg->index] = code;
	spin_unlock(&c->lock);
	return ret;
}

/* The cell is taken down (every CPU acknowledged): it stops for good. */
static __noreturn void cell_stopped(struct cell *c, enum cell_stop_reason reason)
{
	vgic_cell_reset(c); /* its interrupts disabled and inactive, none left pending */
	spin_lock(&c->lock);
	c->state = CELL_STOPPED;
	c->stop_reason = reason;
	spin_unlock(&c->lock);
	hv_printf("cell '%s' stopped (%s)\n", c->cfg->name, stop_reason_names[reason]);
	if (__atomic_sub_fetch(&cells_running, 1, __ATOMIC_ACQ_REL) == 0) {
		print_summary();
		hv_printf("all cells stopped; system off\n");
		print_result();
		system_off();
	}
	vcpu_wait();
}

__noreturn void cell_stop(struct cell *c, enum cell_stop_reason reason)
{
	if (!cell_take_down(c))
		vcpu_wait();
	cell_stopped(c, reason);
}

/*
 * Physical GIC state the previous run left on the cell's CPUs and SPIs:
 * relayed guest SGIs not yet taken would be delivered to the new run, and a
 * trigger mode it set would stay. Enables, pending and active states of the
 * owned SPIs are cleared again by vgic_cell_reset().
 */
static void cell_reset_gic(const struct cell *c)
{
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (cpu_in_cell(c, i))
			gic_reset_guest_sgis(i);
	}
	for (uint32_t intid = GIC_FIRST_SPI; intid < CF_MAX_INTID; intid++) {
		if (c->cfg->irq_bitmap[intid / 32u] & (1u << (intid % 32u)))
			gic_reset_spi(intid);
	}
}

__noreturn void cell_restart(struct cell *c, const char *why)
{
	const char *device = NULL;

	if (!cell_take_down(c))
		vcpu_wait();
	if (why)
		hv_printf("cell '%s' restarting (%s)\n", c->cfg->name, why);
	/* Devices first: none may write into the RAM while it is scrubbed and reloaded. */
	if (!devices_quiesce(c->cfg, &device)) {
		hv_printf("cell '%s': device '%s' did not acknowledge its reset; not restarting\n",
			  c->cfg->name, device);
		cell_stopped(c, CELL_STOP_DEVICE_RESET);
	}
	cell_reset_gic(c);
	cell_load(c);
	if (c->cfg->console == CF_CONSOLE_VIRTUAL)
		vuart_reset(&c->vuart);
	vgic_cell_reset(c);
	spin_lock(&c->lock);
	c->restarts++;
	guest_results[c->cfg->index] = RUN_STATUS_PASS; /* a new run */
	c->state = CELL_RUNNING;
	post_cell_start(c);
	spin_unlock(&c->lock);
	sev();
	print_started(c);
	vcpu_wait();
}

__noreturn void cell_system_reset(struct cell *c)
{
	uint32_t restart_number = 0;
	bool running;
	char why[64];

	spin_lock(&c->lock);
	running = c->state == CELL_RUNNING;
	if (running && c->limited_restarts < c->cfg->restart_limit)
		restart_number = ++c->limited_restarts;
	spin_unlock(&c->lock);
	if (!running)
		vcpu_wait(); /* another CPU is already taking the cell down */
	if (restart_number == 0) {
		hv_printf("cell '%s' reached its restart limit (%u) at a system reset; stopped\n",
			  c->cfg->name, c->cfg->restart_limit);
		cell_stop(c, CELL_STOP_RESTART_LIMIT);
	}
	fmt_snprintf(why, sizeof(why), "system reset, restart %u of %u", restart_number,
		     c->cfg->restart_limit);
	cell_restart(c, why);
}

/* Masks of the cell's CPUs that are on / being started; c->lock held. */
static void vcpu_masks(const struct cell *c, uint64_t *on, uint64_t *pending)
{
	*on = 0;
	*pending = 0;
	for (uint32_t i = 0; i < cf_board.cpu_count; i++) {
		if (!cpu_in_cell(c, i))
			continue;
		if (percpu_data[i].vcpu_state == VCPU_ON)
			*on |= UL(1) << i;
		else if (percpu_data[i].vcpu_state == VCPU_ON_PENDING)
			*pending |= UL(1) << i;
	}
}

int32_t cell_cpu_on(struct cell *c, uint64_t mpidr, uint64_t entry, uint64_t context)
{
	uint64_t on, pending;
	uint32_t target = 0;
	int32_t status;

	spin_lock(&c->lock);
	if (c->state != CELL_RUNNING) {
		spin_unlock(&c->lock);
		return PSCI_E_DENIED; /* the cell is going down; this CPU is kicked */
	}
	vcpu_masks(c, &on, &pending);
	status = guest_psci_cpu_on_check(&cf_board, c->cfg, on, pending, mpidr, entry, &target);
	if (status == PSCI_SUCCESS && !cpu_online(target))
		status = PSCI_E_INTERNAL_FAILURE;
	if (status == PSCI_SUCCESS) {
		percpu_data[target].start_entry = entry;
		percpu_data[target].start_x0 = context;
		__atomic_store_n(&percpu_data[target].vcpu_state, VCPU_ON_PENDING,
				 __ATOMIC_RELEASE);
	}
	spin_unlock(&c->lock);
	if (status == PSCI_SUCCESS)
		sev();
	return status;
}

int32_t cell_affinity_info(struct cell *c, uint64_t mpidr, uint64_t lowest_level)
{
	uint64_t on, pending;

	spin_lock(&c->lock);
	vcpu_masks(c, &on, &pending);
	spin_unlock(&c->lock);
	return guest_psci_affinity_info(&cf_board, c->cfg, on, pending, mpidr, lowest_level);
}

/*
 * The last CPU of a cell to turn itself off stops the cell: no CPU is left
 * to call CPU_ON, so nothing of it can run again; it counts towards the
 * machine's power-off like SYSTEM_OFF.
 */
__noreturn void cell_cpu_off(void)
{
	struct cell *c = cell_of_this_cpu();
	uint64_t on, pending;
	bool last;

	spin_lock(&c->lock);
	this_cpu()->vcpu_state = VCPU_OFF;
	vcpu_masks(c, &on, &pending);
	last = c->state == CELL_RUNNING && on == 0 && pending == 0;
	spin_unlock(&c->lock);
	if (last)
		cell_stop(c, CELL_STOP_ALL_CPUS_OFF);
	vcpu_wait();
}

void cell_fault(struct exc_frame *f, uint64_t ipa, bool ipa_valid, const char *refused_by,
		bool serror)
{
	struct cell *c = cell_of_this_cpu();
	const struct cf_cell *cfg = c->cfg;
	struct fault_report report = {
		.board = &cf_board,
		.cells = cf_cells,
		.cell_count = cf_cell_count,
		.cell = cfg->index,
		.cpu = this_cpu()->index,
		.esr = f->esr,
		.pc = f->elr,
		.ipa = ipa,
		.ipa_valid = ipa_valid,
		.refused_by = refused_by,
		.serror = serror,
	};
	uint32_t restart_number = 0;
	enum fault_action action;
	bool running;

	cell_count_exit(EXIT_FAULT);
	spin_lock(&c->lock);
	running = c->state == CELL_RUNNING;
	action = fault_policy_action(cfg->on_fault, serror,
				     c->limited_restarts < cfg->restart_limit);
	if (running && action == FAULT_ACTION_RESTART)
		restart_number = ++c->limited_restarts;
	spin_unlock(&c->lock);
	if (!running)
		vcpu_wait(); /* another CPU is already taking the cell down */

	console_lock();
	fault_report_print(console_sink(), &report);
	switch (action) {
	case FAULT_ACTION_INJECT: {
		bool abort = vcpu_inject_sync(f);

		fault_policy_inject_print(console_sink(), cfg, abort);
		console_unlock();
		return;
	}
	case FAULT_ACTION_RESTART:
		fault_policy_restart_print(console_sink(), cfg, restart_number);
		console_unlock();
		cell_restart(c, NULL);
	case FAULT_ACTION_LIMIT:
		fault_policy_limit_print(console_sink(), cfg);
		console_unlock();
		cell_stop(c, CELL_STOP_RESTART_LIMIT);
	case FAULT_ACTION_SERROR:
		fault_policy_serror_print(console_sink(), cfg);
		console_unlock();
		cell_stop(c, CELL_STOP_FAULT);
	case FAULT_ACTION_STOP:
	default:
		break;
	}
	fault_policy_stop_print(console_sink(), cfg);
	console_unlock();
	cell_stop(c, CELL_STOP_FAULT);
}

static void handle_data_abort(struct exc_frame *f, struct cell *c)
{
	struct dabt_info d;
	struct mmio_access access;
	const struct mmio_region *region;

	dabt_decode(f->esr, f->far, read_sysreg(hpfar_el2), &d);
	if (!dabt_emulatable(&d)) {
		cell_fault(f, d.ipa, true, NULL, false);
		return;
	}
	region = mmio_find(c->mmio, c->mmio_count, d.ipa);
	if (!region || !mmio_contains_access(region, d.ipa, d.size)) {
		cell_fault(f, d.ipa, true, NULL, false);
		return;
	}
	dabt_to_mmio(&d, f->x, this_cpu()->index, &access);
	access.offset = d.ipa - region->base;
	if (!region->handler(region->device, &access)) {
		cell_fault(f, d.ipa, true, region->name, false);
		return;
	}
	if (!d.write)
		dabt_complete_load(&d, f->x, access.value);
	f->elr += (f->esr & ESR_IL) ? 4 : 2;
	if (region->handler == vgic_gicd_mmio) {
		cell_count_exit(EXIT_GICD);
	} else if (region->handler == vgic_gicr_mmio) {
		cell_count_exit(EXIT_GICR);
	} else if (region->handler == subpage_mmio) {
		cell_count_exit(EXIT_SUBPAGE);
	} else {
		cell_count_exit(EXIT_UART);
		/*
		 * Input also arrives by the console UART's interrupt; polling here
		 * keeps it flowing while that interrupt's CPU is busy or parked.
		 */
		console_mux_poll();
	}
}

void guest_exit(struct exc_frame *f, uint64_t vector)
{
	struct cell *c = cell_of_this_cpu();
	uint32_t kind = (uint32_t)(vector % 4);

	if (!c)
		hv_panic("exception from a guest on a CPU in no cell (vector %llu)",
			 (unsigned long long)vector);
	if (kind == 1 || kind == 2) { /* IRQ, FIQ */
		cell_count_exit(EXIT_IRQ);
		vgic_handle_irq(c);
		vcpu_check_request();
		vgic_cpu_sync(c);
		return;
	}
	vcpu_check_request();
	if (kind == 3) {
		cell_fault(f, 0, false, NULL, true);
		return;
	}
	switch (esr_class(f->esr)) {
	case ESR_EC_DABT_LOWER:
		handle_data_abort(f, c);
		break;
	case ESR_EC_SMC64:
		/* A trapped SMC returns to the SMC itself (its preferred return address). */
		f->elr += 4;
		guest_psci_call(f);
		break;
	case ESR_EC_HVC64:
		/*
		 * ELR already points after the HVC. Cells call PSCI by SMC (their device
		 * trees say so, E108 keeps the board's conduit SMC): no HVC is served yet.
		 */
		cell_count_exit(EXIT_HVC);
		f->x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		break;
	case ESR_EC_SYSREG:
		if (!cpu_handle_sysreg(f) && !vgic_handle_sysreg(c, f))
			cell_fault(f, 0, false, NULL, false);
		break;
	case ESR_EC_IABT_LOWER:
		cell_fault(f, dabt_fault_ipa(f->far, read_sysreg(hpfar_el2)),
			   !(f->esr & ESR_ABT_FNV), NULL, false);
		break;
	default:
		cell_fault(f, 0, false, NULL, false);
		break;
	}
	vcpu_check_request();
	vgic_cpu_sync(c);
}
