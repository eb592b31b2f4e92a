// SPDX-License-Identifier: MIT
/*
 * Test guest: reports a result with cellforge's result call, then SYSTEM_OFF.
 * The result is the number its cell's name ends with ('fail3' reports 3, 'over300'
 * 300, a name without digits 0), so one image serves every test system.
 *
 * Console lines (one call each, for tests):
 *   reporter: reporting <N>
 *   reporter: result call -> <NAME> (<code>)
 */
#include "kit/kit.h"

/* Digits at most: more than fit a uint32_t are not a test case. */
#define MAX_DIGITS 9u

static uint32_t trailing_number(const char *name)
{
	size_t len = strlen(name), start = len;
	uint32_t value = 0;

	while (start > 0 && len - start < MAX_DIGITS && name[start - 1] >= '0' &&
	       name[start - 1] <= '9')
		start--;
	for (size_t i = start; i < len; i++)
		value = value * 10u + (uint32_t)(name[i] - '0');
	return value;
}

void guest_main(const struct kit_info *info)
{
	uint32_t result = trailing_number(info->cell_name);
	int32_t ret;

	printf("reporter: reporting %u\n", result);
	ret = cellforge_report_result(result);
	printf("reporter: result call -> %s (%d)\n", psci_strerror(ret), ret);
	/* Returning powers the cell off (PSCI SYSTEM_OFF). */
}
