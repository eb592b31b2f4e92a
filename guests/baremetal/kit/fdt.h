/* SPDX-License-Identifier: MIT */
/*
 * Read-only flattened device tree (DTB) parser.
 *
 * The DTB is input to the guest, so every access is bounds-checked against the
 * header's sizes and nothing is assumed about alignment or termination. Nodes are
 * named by the offset of their FDT_BEGIN_NODE token inside the structure block;
 * negative values are FDT_ERR_* codes. No recursion, no allocation; every loop
 * advances through the finite structure block.
 */
#ifndef KIT_FDT_H
#define KIT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_ERR_NOTFOUND      (-1) /* no such node or property */
#define FDT_ERR_BADBLOB	      (-2) /* the header or the structure block is damaged */
#define FDT_ERR_BADVALUE      (-3) /* a property has the wrong size or format */
#define FDT_ERR_TOODEEP	      (-4) /* nesting deeper than FDT_MAX_DEPTH */
#define FDT_ERR_NOTRANSLATION (-5) /* a bus has no 'ranges' covering the address */

#define FDT_MAX_DEPTH 32

struct fdt {
	const uint8_t *blob;
	uint32_t size; /* totalsize from the header, validated */
	uint32_t struct_off;
	uint32_t struct_size;
	uint32_t strings_off;
	uint32_t strings_size;
};

/* Validates the header of the blob at 'blob'; max_size bounds what may be read. */
int fdt_init(struct fdt *fdt, const void *blob, uint32_t max_size);
const char *fdt_strerror(int err);

/* Big-endian cell helpers (byte-wise: DTB properties are only 4-byte aligned). */
uint32_t fdt_be32(const void *p);
/* Reads 'cells' (0..2) big-endian cells into *out. */
int fdt_read_cells(const void *p, uint32_t cells, uint64_t *out);

/* Structure walking. */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
/*
 * The node after 'node' in document order. With depth != NULL, *depth is adjusted by
 * the nesting change and the walk ends (FDT_ERR_NOTFOUND) when it would leave the
 * subtree the count started in; with depth == NULL the walk covers the whole tree.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_parent(const struct fdt *fdt, int node);
const char *fdt_node_name(const struct fdt *fdt, int node);

/*
 * Node by path: "/cpus/cpu@1", or an alias name from /aliases ("serial0/..."). A path
 * component without '@' also matches a node name with a unit address ("memory").
 * Only path[0..len) is read.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path, size_t len);
/* The first node after 'after' (or from the root when after < 0) compatible with 'compat'. */
int fdt_find_compatible(const struct fdt *fdt, int after, const char *compat);

/* Properties. */
const void *fdt_prop(const struct fdt *fdt, int node, const char *name, uint32_t *len);
/* A NUL-terminated string property (the first string of a string list), or NULL. */
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);
int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
bool fdt_stringlist_contains(const char *list, uint32_t len, const char *s);
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);
/* status absent, "okay" or "ok". */
bool fdt_node_enabled(const struct fdt *fdt, int node);

/* #address-cells (default 2) and #size-cells (default 1) a node gives its children. */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/* Entry 'index' of 'reg', using the parent's cell counts, untranslated (e.g. CPU MPIDRs). */
int fdt_reg_raw(const struct fdt *fdt, int node, uint32_t index, uint64_t *addr, uint64_t *size);
/* Entry 'index' of 'reg' translated through the 'ranges' of every bus up to the root. */
int fdt_reg(const struct fdt *fdt, int node, uint32_t index, uint64_t *addr, uint64_t *size);

#endif
