/* SPDX-License-Identifier: MIT */
/*
 * The physical GICv3 as the hypervisor uses it. Register layout from the
 * GICv3/v4 architecture specification (IHI 0069): GICD 12.9, GICR 12.10,
 * ICC system registers 12.2.
 *
 * Every interrupt is Group 1 (non-secure) and comes to EL2 while a guest
 * runs (HCR_EL2.IMO). The CPU interface runs with EOImode 1: ICC_EOIR1_EL1
 * only drops the running priority; the interrupt stays active until either
 * the guest deactivates it (a list register with the HW bit, for interrupts
 * the cell owns) or the hypervisor does with gic_deactivate() (its own
 * SGIs, the maintenance interrupt, the console UART, relayed guest SGIs).
 *
 * SPIs start disabled and routed to the boot CPU; cells enable and route
 * the ones they own through their virtual distributor (gic_backend).
 *
 * Locking: gic_lock serialises read-modify-write of shared registers
 * (GICD_ICFGR words hold 16 SPIs of possibly different cells; GICR_ICFGR1).
 * Everything else is a single write of a write-1-to-set/clear register, a
 * byte (IPRIORITYR) or a whole IROUTER, which needs no lock.
 */
#ifndef CELLFORGE_IRQCHIP_GICV3_H
#define CELLFORGE_IRQCHIP_GICV3_H

#include <stdbool.h>
#include <stdint.h>

#include "cell_config.h"
#include "irqchip/vgic_backend.h"

/* Hypervisor SGIs (the generator never gives INTIDs 14 and 15 to cells). */
#define GIC_SGI_KICK	   15u /* "look at your pending request / collect interrupts" */
#define GIC_SGI_RESERVED   14u
#define GIC_INTID_SPURIOUS 1023u
#define GIC_FIRST_SPI	   32u

/* Boot CPU, once: distributor, and every CPU's SGI/PPI configuration. */
void gic_init_distributor(const struct cf_board *board);
/* Every CPU, for itself: wake its redistributor, CPU interface on (EOImode 1). */
void gic_init_cpu(const struct cf_board *board, uint64_t mpidr);
/* Sends SGI intid to the CPU with this MPIDR affinity. */
void gic_send_sgi(uint64_t mpidr, uint32_t intid);
/* Acknowledges the highest pending interrupt: its INTID, or 1023 if none. */
uint32_t gic_ack(void);
/* Priority drop (EOImode 1: the interrupt stays active). */
void gic_eoi(uint32_t intid);
/* Deactivation of an interrupt this CPU acknowledged. */
void gic_deactivate(uint32_t intid);

/* Physical GICD_TYPER, GICD_IIDR, GICR_IIDR (of the first frame). */
uint32_t gic_dist_typer(void);
uint32_t gic_dist_iidr(void);
uint32_t gic_redist_iidr(void);
/*
 * GICR_TYPER of each redistributor frame up to and including the one with
 * TYPER.Last, at most max; returns how many.
 */
uint32_t gic_redist_typers(const struct cf_board *board, uint64_t *typer, uint32_t max);

/* Single-interrupt controls the hypervisor uses itself (cpu: board index, for INTIDs < 32). */
void gic_set_enable(uint32_t cpu, uint32_t intid, bool enable);
void gic_set_route(uint32_t intid, uint64_t mpidr);
void gic_set_config(uint32_t cpu, uint32_t intid, bool edge);
void gic_set_priority(uint32_t cpu, uint32_t intid, uint8_t priority);
uint8_t gic_get_priority(uint32_t cpu, uint32_t intid);
/*
 * GICD_ISPENDR / GICR_ISPENDR0 of intid. For a level-sensitive interrupt this
 * is the line (its pending state follows the input, IHI 0069 4.1.1 and
 * 12.9.19), also while the interrupt is active.
 */
bool gic_get_pending(uint32_t cpu, uint32_t intid);
/*
 * The SPI is level-sensitive (GICD_ICFGR, as last configured); false for
 * other INTIDs. Inline: the IRQ exit asks for every owned interrupt. The
 * bits are written by gicv3.c only (gic_set_config, gic_reset_spi, boot).
 */
#define GIC_SPI_LEVEL_WORDS ((CF_MAX_INTID + 31u) / 32u)
extern uint32_t gic_spi_level_bits[GIC_SPI_LEVEL_WORDS];

static inline bool gic_spi_is_level(uint32_t intid)
{
	if (intid < GIC_FIRST_SPI || intid >= CF_MAX_INTID)
		return false;
	return (__atomic_load_n(&gic_spi_level_bits[intid / 32u], __ATOMIC_RELAXED) >>
		(intid % 32u)) &
	       1u;
}

/*
 * Cell (re)start hygiene, with every CPU of the cell out of the guest.
 * gic_reset_guest_sgis: guest SGIs (0-13) relayed to this CPU but not yet
 * taken are dropped, pending and active, in its redistributor (cpu: board
 * index). gic_reset_spi: an SPI the cell owns is disabled, not pending, not
 * active, and its trigger configuration (GICD_ICFGR) is what it was at boot,
 * before any cell ran, so every run finds what the first one found.
 */
void gic_reset_guest_sgis(uint32_t cpu);
void gic_reset_spi(uint32_t intid);

/* The vGIC's view of the physical GIC (vgic_backend.h); ctx is unused. */
extern const struct vgic_backend gic_backend;

#endif
