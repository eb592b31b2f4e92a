// SPDX-License-Identifier: MIT
/*
 * Fuzzes the data-abort path as the trap handler runs it for a guest's MMIO
 * access (runtime/arch/arm64/dabt.c with core/mmio.c): any ESR_EL2 ISS, any
 * FAR_EL2 and HPFAR_EL2, any register contents; decode, the emulatable
 * check, the region lookup in a cell's table of emulated regions, the access
 * handed to a device model, and the load completed into the registers.
 *
 * Invariants checked for every abort:
 *   - the decoded size is 1, 2, 4 or 8, the register index at most 31, the
 *     IPA is HPFAR's page with FAR's page offset;
 *   - only a stage-2 translation fault with a valid syndrome is emulated
 *     (for other faults HPFAR_EL2 may be UNKNOWN);
 *   - a region is used only if the whole access lies inside it, and the
 *     device sees an offset within the region;
 *   - a store's value fits its size; a load writes exactly register SRT
 *     (never for XZR), zero- or sign-extended as SSE/SF say, and nothing
 *     else of the register file.
 */
#include <string.h>

#include "arch/arm64/dabt.h"
#include "core/mmio.h"
#include "fuzz_common.h"

/* Emulated regions of a cell as the runtime has them: GICD, GICR, vUART (sorted). */
static const struct mmio_region regions[] = {
	{.base = 0x08000000, .size = 0x10000, .name = "vgic-gicd"},
	{.base = 0x080a0000, .size = 0xf60000, .name = "vgic-gicr"},
	{.base = 0x09000000, .size = 0x1000, .name = "vuart"},
};

/* Reference sign/zero extension, written independently of dabt.c. */
static uint64_t expected_load(uint32_t size, bool sse, bool sf, uint64_t value)
{
	uint64_t v;
	int64_t s;

	switch (size) {
	case 1:
		v = (uint8_t)value;
		s = (int8_t)(uint8_t)value;
		break;
	case 2:
		v = (uint16_t)value;
		s = (int16_t)(uint16_t)value;
		break;
	case 4:
		v = (uint32_t)value;
		s = (int32_t)(uint32_t)value;
		break;
	default:
		v = value;
		s = (int64_t)value;
		break;
	}
	if (sse && size < 8)
		v = (uint64_t)s;
	return sf ? v : (uint32_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.data = data, .size = size};
	uint64_t regs[31], before[31];

	for (uint32_t i = 0; i < 31; i++)
		regs[i] = fuzz_u64(&in);
	for (uint32_t ops = 0; ops < FUZZ_MAX_OPS && fuzz_more(&in); ops++) {
		uint64_t esr = (0x24ull << 26) | (1ull << 25) | (fuzz_u32(&in) & 0x1ffffffu);
		uint8_t where = fuzz_u8(&in);
		uint64_t far = fuzz_u64(&in);
		uint64_t hpfar = fuzz_u64(&in);
		uint64_t loaded = fuzz_u64(&in);
		const struct mmio_region *r;
		struct dabt_info info;
		struct mmio_access a;

		if (where & 2u) /* mostly a translation fault, at lookup level 0-3 */
			esr = (esr & ~0x3full) | (0x04u + (far & 3u));
		if (where & 1u) /* aim at an emulated region, as real aborts do */
			hpfar = (regions[(where >> 1) % 3u].base +
				 (hpfar & 0xfffff000u) % regions[(where >> 1) % 3u].size) >>
				8;
		dabt_decode(esr, far, hpfar, &info);
		FUZZ_ASSERT(info.size == 1 || info.size == 2 || info.size == 4 || info.size == 8,
			    "size %u", info.size);
		FUZZ_ASSERT(info.reg <= 31, "SRT %u", info.reg);
		FUZZ_ASSERT(info.ipa == (((hpfar >> 4) & 0xffffffffffull) << 12 | (far & 0xfff)),
			    "IPA 0x%llx from FAR 0x%llx HPFAR 0x%llx", (unsigned long long)info.ipa,
			    (unsigned long long)far, (unsigned long long)hpfar);
		if (!dabt_emulatable(&info))
			continue;
		FUZZ_ASSERT(info.isv && !info.s1ptw && !info.cache_op, "emulatable without ISV");
		/* Only for a stage-2 translation fault is HPFAR_EL2 (so the IPA) known valid. */
		FUZZ_ASSERT(((esr & 0x3cu) == 0x04u || (esr & 0x3fu) == 0x2bu),
			    "DFSC 0x%02x emulated", (unsigned)(esr & 0x3fu));
		r = mmio_find(regions, 3, info.ipa);
		if (!r || !mmio_contains_access(r, info.ipa, info.size))
			continue;
		FUZZ_ASSERT(info.ipa >= r->base && info.ipa - r->base + info.size <= r->size,
			    "access 0x%llx/%u outside %s", (unsigned long long)info.ipa, info.size,
			    r->name);
		dabt_to_mmio(&info, regs, 1, &a);
		a.offset = a.addr - r->base;
		FUZZ_ASSERT(a.offset < r->size && a.size == info.size && a.write == info.write,
			    "access decoded wrong");
		if (a.write) {
			uint64_t src = info.reg == 31 ? 0 : regs[info.reg];

			FUZZ_ASSERT(fuzz_fits(a.value, a.size) &&
					    a.value == expected_load(a.size, false, true, src),
				    "store of 0x%llx/%u", (unsigned long long)a.value, a.size);
			continue;
		}
		memcpy(before, regs, sizeof(regs));
		dabt_complete_load(&info, regs, loaded);
		for (uint32_t i = 0; i < 31; i++) {
			if (i == info.reg)
				FUZZ_ASSERT(regs[i] == expected_load(info.size, info.sign_extend,
								     info.reg64, loaded),
					    "x%u = 0x%llx after load of 0x%llx/%u sse %d sf %d", i,
					    (unsigned long long)regs[i], (unsigned long long)loaded,
					    info.size, info.sign_extend, info.reg64);
			else
				FUZZ_ASSERT(regs[i] == before[i], "load into x%u changed x%u",
					    info.reg, i);
		}
	}
	return 0;
}
