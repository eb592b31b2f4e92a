// SPDX-License-Identifier: MIT
/* Configure-time probe: does this clang link libFuzzer with ASan and UBSan? */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return size > 0 && data[0] == 0 ? 0 : 0;
}
