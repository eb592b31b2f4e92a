// SPDX-License-Identifier: MIT
#include "arch/arm64/dabt.h"
#include "arch/arm64/esr.h"
#include "arch/arm64/sysreg.h"

uint64_t dabt_fault_ipa(uint64_t far, uint64_t hpfar)
{
	return ((hpfar & HPFAR_EL2_FIPA_MASK) << 8) | (far & (UL(4096) - 1));
}

void dabt_decode(uint64_t esr, uint64_t far, uint64_t hpfar, struct dabt_info *out)
{
	*out = (struct dabt_info){
		.ipa = dabt_fault_ipa(far, hpfar),
		.isv = (esr & ESR_DABT_ISV) != 0,
		.size = 1u << FIELD_GET(ESR_DABT_SAS, esr),
		.sign_extend = (esr & ESR_DABT_SSE) != 0,
		.reg = (uint32_t)FIELD_GET(ESR_DABT_SRT, esr),
		.reg64 = (esr & ESR_DABT_SF) != 0,
		.write = (esr & ESR_DABT_WNR) != 0,
		.s1ptw = (esr & ESR_ABT_S1PTW) != 0,
		.cache_op = (esr & ESR_DABT_CM) != 0,
		.fsc = (uint32_t)FIELD_GET(ESR_ABT_FSC, esr),
	};
}

/*
 * DFSC of a translation fault (Arm ARM, ISS encoding for a Data Abort):
 * 0b0001LL at lookup level LL, 0b101011 at level -1 (FEAT_LPA2).
 */
#define DFSC_TRANSLATION_MASK	  0x3cu
#define DFSC_TRANSLATION	  0x04u
#define DFSC_TRANSLATION_LEVEL_M1 0x2bu

static bool is_translation_fault(uint32_t fsc)
{
	return (fsc & DFSC_TRANSLATION_MASK) == DFSC_TRANSLATION ||
	       fsc == DFSC_TRANSLATION_LEVEL_M1;
}

bool dabt_emulatable(const struct dabt_info *info)
{
	return info->isv && !info->s1ptw && !info->cache_op && is_translation_fault(info->fsc);
}

static uint64_t size_mask(uint32_t size)
{
	return size >= 8 ? ~UL(0) : (UL(1) << (size * 8)) - 1;
}

void dabt_to_mmio(const struct dabt_info *info, const uint64_t regs[31], uint32_t cpu,
		  struct mmio_access *access)
{
	uint64_t reg = info->reg == DABT_REG_XZR ? 0 : regs[info->reg];

	*access = (struct mmio_access){
		.addr = info->ipa,
		.offset = 0,
		.size = info->size,
		.write = info->write,
		.value = info->write ? reg & size_mask(info->size) : 0,
		.cpu = cpu,
	};
}

uint64_t dabt_load_result(const struct dabt_info *info, uint64_t value)
{
	uint64_t v = value & size_mask(info->size);

	if (info->sign_extend && info->size < 8) {
		uint64_t sign = UL(1) << (info->size * 8 - 1);

		v = (v ^ sign) - sign;
	}
	if (!info->reg64)
		v &= 0xffffffffu;
	return v;
}

void dabt_complete_load(const struct dabt_info *info, uint64_t regs[31], uint64_t value)
{
	if (info->reg != DABT_REG_XZR)
		regs[info->reg] = dabt_load_result(info, value);
}
