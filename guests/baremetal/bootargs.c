// SPDX-License-Identifier: MIT
/*
 * Test guest: prints what the loader told it in /chosen, as a bare-metal program
 * that takes arguments would read them: its command line (bootargs), split into
 * words, and the initrd the loader placed in its RAM, with a checksum.
 *
 * Console markers (every line starts with '<cell>: '):
 *   bootargs "<text>"            | bootargs none
 *   argc <n>                     words separated by spaces
 *   arg <i> "<word>"             i = 0..n-1 (at most MAX_ARGS)
 *   initrd 0x<start>-0x<end> size <bytes> fnv1a 0x<32-bit FNV-1a of the bytes>
 *   initrd none | initrd bad <why>
 *   done
 */
#include "kit/kit.h"

#define MAX_ARGS     16u
#define MAX_WORD     64u
#define FNV1A_OFFSET 0x811c9dc5u
#define FNV1A_PRIME  0x01000193u

static void print_args(const char *cell, const char *args, uint32_t len)
{
	uint32_t argc = 0, i = 0;

	/* Count first: the test reads argc before the words. */
	for (uint32_t j = 0; j < len; j++) {
		if (args[j] != ' ' && (j == 0 || args[j - 1] == ' '))
			argc++;
	}
	printf("%s: argc %u\n", cell, argc);
	for (uint32_t n = 0; n < argc && n < MAX_ARGS; n++) {
		char word[MAX_WORD + 1];
		uint32_t w = 0;

		while (i < len && args[i] == ' ')
			i++;
		while (i < len && args[i] != ' ') {
			if (w < MAX_WORD)
				word[w++] = args[i];
			i++;
		}
		word[w] = '\0';
		printf("%s: arg %u \"%s\"\n", cell, n, word);
	}
}

/* A /chosen address property: one or two 32-bit cells (Linux accepts either). */
static bool chosen_address(const struct fdt *fdt, int chosen, const char *name, uint64_t *out)
{
	uint32_t len = 0;
	const void *p = fdt_prop(fdt, chosen, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	return fdt_read_cells(p, len / 4, out) == 0;
}

static void print_initrd(const char *cell, const struct kit_info *info, int chosen)
{
	uint64_t start, end, ram_base, ram_size;
	uint32_t hash = FNV1A_OFFSET;
	int memory;

	if (!chosen_address(info->fdt, chosen, "linux,initrd-start", &start) ||
	    !chosen_address(info->fdt, chosen, "linux,initrd-end", &end)) {
		printf("%s: initrd none\n", cell);
		return;
	}
	memory = fdt_path_offset(info->fdt, "/memory", 7);
	if (memory < 0 || fdt_reg(info->fdt, memory, 0, &ram_base, &ram_size) < 0) {
		printf("%s: initrd bad no-memory-node\n", cell);
		return;
	}
	/* Input from the loader: only bytes inside our own RAM are read. */
	if (end < start || start < ram_base || end > ram_base + ram_size) {
		printf("%s: initrd bad range 0x%lx-0x%lx outside RAM 0x%lx+0x%lx\n", cell, start,
		       end, ram_base, ram_size);
		return;
	}
	for (uint64_t a = start; a < end; a++) {
		hash ^= *(const volatile uint8_t *)(uintptr_t)a;
		hash *= FNV1A_PRIME;
	}
	printf("%s: initrd 0x%lx-0x%lx size %lu fnv1a 0x%08x\n", cell, start, end, end - start,
	       hash);
}

void guest_main(const struct kit_info *info)
{
	const char *cell = info->cell_name;
	const char *args;
	uint32_t len = 0;
	int chosen;

	chosen = info->fdt ? fdt_path_offset(info->fdt, "/chosen", 7) : -1;
	if (chosen < 0) {
		printf("%s: no /chosen\n", cell);
		return;
	}
	args = fdt_prop(info->fdt, chosen, "bootargs", &len);
	if (!args) {
		printf("%s: bootargs none\n", cell);
	} else if (len == 0 || args[len - 1] != '\0') {
		printf("%s: bootargs bad (not a NUL-terminated string)\n", cell);
	} else {
		printf("%s: bootargs \"%s\"\n", cell, args);
		print_args(cell, args, len - 1);
	}
	print_initrd(cell, info, chosen);
	printf("%s: done\n", cell);
}
