/* SPDX-License-Identifier: MIT */
/*
 * Decoding a guest's stage-2 data abort (ESR_EL2 with EC 0x24, FAR_EL2,
 * HPFAR_EL2) into an emulated MMIO access, and the register rules for
 * completing it. Arm ARM (DDI 0487), "ISS encoding for an exception from a
 * Data Abort" and "HPFAR_EL2". Pure C (host-tested).
 */
#ifndef CELLFORGE_ARM64_DABT_H
#define CELLFORGE_ARM64_DABT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mmio.h"

#define DABT_REG_XZR 31u /* SRT 31 is the zero register for loads and stores */

struct dabt_info {
	uint64_t ipa;	  /* faulting guest-physical address */
	bool isv;	  /* the fields below describe the access */
	uint32_t size;	  /* bytes: 1 << SAS */
	bool sign_extend; /* SSE: the load sign-extends */
	uint32_t reg;	  /* SRT */
	bool reg64;	  /* SF: Xn, else Wn */
	bool write;	  /* WnR */
	bool s1ptw;	  /* fault on the guest's own stage-1 table walk */
	bool cache_op;	  /* CM: a cache maintenance instruction */
	uint32_t fsc;	  /* DFSC: what kind of fault */
};

/*
 * The IPA of a stage-2 fault: HPFAR_EL2.FIPA gives bits [47:12] (page), the
 * page offset comes from FAR_EL2 (the guest's virtual address).
 */
uint64_t dabt_fault_ipa(uint64_t far, uint64_t hpfar);

void dabt_decode(uint64_t esr, uint64_t far, uint64_t hpfar, struct dabt_info *out);

/*
 * True if the access can be emulated: ISV set, not a stage-1 walk, not a
 * cache maintenance instruction, and a stage-2 translation fault -- what an
 * access to an emulated (never mapped) region raises, and a fault for which
 * HPFAR_EL2 holds the IPA. For others (external aborts, TLB conflicts, ...)
 * HPFAR_EL2 and FAR_EL2 may be UNKNOWN, so the IPA cannot be trusted.
 */
bool dabt_emulatable(const struct dabt_info *info);

/* Fills an mmio_access; for a store, value is the register truncated to size. */
void dabt_to_mmio(const struct dabt_info *info, const uint64_t regs[31], uint32_t cpu,
		  struct mmio_access *access);

/*
 * The register value a load of `value` produces: truncated to the access
 * size, sign-extended when SSE is set, limited to 32 bits when SF is clear.
 */
uint64_t dabt_load_result(const struct dabt_info *info, uint64_t value);

/* Completes a load into regs (nothing for XZR). */
void dabt_complete_load(const struct dabt_info *info, uint64_t regs[31], uint64_t value);

#endif
