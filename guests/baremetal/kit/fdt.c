// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader. Format: Devicetree Specification v0.4, chapter 5.
 */
#include "kit/fdt.h"
#include "kit/string.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_HEADER_SIZE 40u /* up to and including size_dt_strings (version 3+) */

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

/* Header field offsets (DT spec 5.2). */
#define HDR_MAGIC	      0
#define HDR_TOTALSIZE	      4
#define HDR_OFF_DT_STRUCT     8
#define HDR_OFF_DT_STRINGS    12
#define HDR_VERSION	      20
#define HDR_LAST_COMP_VERSION 24
#define HDR_SIZE_DT_STRINGS   32
#define HDR_SIZE_DT_STRUCT    36

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

int fdt_read_cells(const void *p, uint32_t cells, uint64_t *out)
{
	const uint8_t *b = p;

	switch (cells) {
	case 0:
		*out = 0;
		return 0;
	case 1:
		*out = fdt_be32(b);
		return 0;
	case 2:
		*out = ((uint64_t)fdt_be32(b) << 32) | fdt_be32(b + 4);
		return 0;
	default:
		return FDT_ERR_BADVALUE;
	}
}

/* A region [off, off + len) lies inside a block of 'size' bytes. */
static bool range_ok(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

int fdt_init(struct fdt *fdt, const void *blob, uint32_t max_size)
{
	const uint8_t *h = blob;
	uint32_t total, version, last_comp;

	memset(fdt, 0, sizeof(*fdt));
	if (!blob || max_size < FDT_HEADER_SIZE)
		return FDT_ERR_BADBLOB;
	if (fdt_be32(h + HDR_MAGIC) != FDT_MAGIC)
		return FDT_ERR_BADBLOB;
	total = fdt_be32(h + HDR_TOTALSIZE);
	version = fdt_be32(h + HDR_VERSION);
	last_comp = fdt_be32(h + HDR_LAST_COMP_VERSION);
	if (total < FDT_HEADER_SIZE || total > max_size)
		return FDT_ERR_BADBLOB;
	/* Version 16 and 17 share the layout read here; 17 adds size_dt_struct. */
	if (version < 16 || last_comp > 17)
		return FDT_ERR_BADBLOB;

	fdt->blob = h;
	fdt->size = total;
	fdt->struct_off = fdt_be32(h + HDR_OFF_DT_STRUCT);
	fdt->strings_off = fdt_be32(h + HDR_OFF_DT_STRINGS);
	fdt->strings_size = fdt_be32(h + HDR_SIZE_DT_STRINGS);
	if (version >= 17)
		fdt->struct_size = fdt_be32(h + HDR_SIZE_DT_STRUCT);
	else if (fdt->struct_off <= total)
		fdt->struct_size = total - fdt->struct_off;

	if ((fdt->struct_off & 3) || fdt->struct_size < 4 ||
	    !range_ok(fdt->struct_off, fdt->struct_size, total) ||
	    !range_ok(fdt->strings_off, fdt->strings_size, total)) {
		fdt->blob = NULL;
		return FDT_ERR_BADBLOB;
	}
	return 0;
}

const char *fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_BADBLOB:
		return "damaged device tree";
	case FDT_ERR_BADVALUE:
		return "bad property value";
	case FDT_ERR_TOODEEP:
		return "nesting too deep";
	case FDT_ERR_NOTRANSLATION:
		return "address not translatable";
	default:
		return "unknown error";
	}
}

/*
 * Reads the token at structure offset 'off' and stores the offset of the token after
 * it (past a node name or property value) in *next. Returns the token or an error.
 */
static int next_tag(const struct fdt *fdt, int off, int *next)
{
	const uint8_t *s;
	uint32_t size, pos, tag;

	if (!fdt->blob || off < 0 || (off & 3))
		return FDT_ERR_BADBLOB;
	s = fdt->blob + fdt->struct_off;
	size = fdt->struct_size;
	pos = (uint32_t)off;
	if (!range_ok(pos, 4, size))
		return FDT_ERR_BADBLOB;
	tag = fdt_be32(s + pos);
	pos += 4;

	switch (tag) {
	case FDT_BEGIN_NODE: {
		size_t n = strnlen((const char *)s + pos, size - pos);

		if (n >= size - pos) /* name not terminated inside the block */
			return FDT_ERR_BADBLOB;
		pos += (uint32_t)n + 1;
		break;
	}
	case FDT_PROP: {
		uint32_t len;

		if (!range_ok(pos, 8, size))
			return FDT_ERR_BADBLOB;
		len = fdt_be32(s + pos);
		pos += 8;
		if (!range_ok(pos, len, size))
			return FDT_ERR_BADBLOB;
		pos += len;
		break;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return FDT_ERR_BADBLOB;
	}
	/* size <= KIT_FDT_MAX_SIZE-ish bound of fdt_init, so this cannot wrap. */
	*next = (int)((pos + 3u) & ~3u);
	return (int)tag;
}

int fdt_root(const struct fdt *fdt)
{
	int off = 0, next, tag;

	for (;;) {
		tag = next_tag(fdt, off, &next);
		if (tag == (int)FDT_BEGIN_NODE)
			return off;
		if (tag != (int)FDT_NOP)
			return FDT_ERR_BADBLOB;
		off = next;
	}
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	int next;

	/* next_tag checked the name's terminator. */
	if (next_tag(fdt, node, &next) != (int)FDT_BEGIN_NODE)
		return NULL;
	return (const char *)fdt->blob + fdt->struct_off + (uint32_t)node + 4;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off, next, tag;

	if (next_tag(fdt, node, &off) != (int)FDT_BEGIN_NODE)
		return FDT_ERR_BADBLOB;
	for (;;) {
		tag = next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return off;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return FDT_ERR_NOTFOUND;
			break;
		case FDT_END:
			return FDT_ERR_NOTFOUND;
		default:
			return tag < 0 ? tag : FDT_ERR_BADBLOB;
		}
		off = next;
	}
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;
	int child = fdt_next_node(fdt, node, &depth);

	if (child < 0)
		return child;
	return depth == 1 ? child : FDT_ERR_NOTFOUND;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	/* Depth 1 is node's level; the walk ends when the parent's END_NODE takes it below 0. */
	int depth = 1;
	int off = node;

	for (;;) {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0 || depth == 1)
			return off;
		if (depth < 1)
			return FDT_ERR_NOTFOUND;
	}
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = 0;
	int off = fdt_root(fdt);

	if (off < 0)
		return off;
	if (off == node)
		return FDT_ERR_NOTFOUND;
	stack[0] = off;
	for (;;) {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return off;
		if (depth <= 0 || depth >= FDT_MAX_DEPTH)
			return depth <= 0 ? FDT_ERR_BADBLOB : FDT_ERR_TOODEEP;
		stack[depth] = off;
		if (off == node)
			return stack[depth - 1];
		if (off > node) /* document order passed it: 'node' is not a node offset */
			return FDT_ERR_NOTFOUND;
	}
}

/* The NUL-terminated property name at 'nameoff' in the strings block, or NULL. */
static const char *string_at(const struct fdt *fdt, uint32_t nameoff)
{
	const char *s;

	if (nameoff >= fdt->strings_size)
		return NULL;
	s = (const char *)fdt->blob + fdt->strings_off + nameoff;
	if (strnlen(s, fdt->strings_size - nameoff) >= fdt->strings_size - nameoff)
		return NULL;
	return s;
}

const void *fdt_prop(const struct fdt *fdt, int node, const char *name, uint32_t *len)
{
	const uint8_t *s;
	int off, next, tag;

	if (next_tag(fdt, node, &off) != (int)FDT_BEGIN_NODE)
		return NULL;
	s = fdt->blob + fdt->struct_off;
	for (;;) {
		tag = next_tag(fdt, off, &next);
		if (tag == (int)FDT_PROP) {
			/* next_tag checked len and value against the block bounds. */
			const uint8_t *p = s + (uint32_t)off + 4;
			const char *pname = string_at(fdt, fdt_be32(p + 4));

			if (pname && strcmp(pname, name) == 0) {
				if (len)
					*len = fdt_be32(p);
				return p + 8;
			}
		} else if (tag != (int)FDT_NOP) {
			return NULL; /* properties precede subnodes (DT spec 5.4.2) */
		}
		off = next;
	}
}

const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len;
	const char *v = fdt_prop(fdt, node, name, &len);

	if (!v || len == 0 || v[len - 1] != '\0')
		return NULL;
	return v;
}

int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
	uint32_t len;
	const void *v = fdt_prop(fdt, node, name, &len);

	if (!v)
		return FDT_ERR_NOTFOUND;
	if (len != 4)
		return FDT_ERR_BADVALUE;
	*out = fdt_be32(v);
	return 0;
}

bool fdt_stringlist_contains(const char *list, uint32_t len, const char *s)
{
	size_t want = strlen(s);
	uint32_t pos = 0;

	while (pos < len) {
		size_t n = strnlen(list + pos, len - pos);

		if (n == len - pos) /* last string not terminated */
			return false;
		if (n == want && memcmp(list + pos, s, n) == 0)
			return true;
		pos += (uint32_t)n + 1;
	}
	return false;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	uint32_t len;
	const char *v = fdt_prop(fdt, node, "compatible", &len);

	return v && fdt_stringlist_contains(v, len, compat);
}

bool fdt_node_enabled(const struct fdt *fdt, int node)
{
	uint32_t len;
	const char *v = fdt_prop(fdt, node, "status", &len);

	if (!v)
		return true;
	return fdt_stringlist_contains(v, len, "okay") || fdt_stringlist_contains(v, len, "ok");
}

int fdt_find_compatible(const struct fdt *fdt, int after, const char *compat)
{
	int node;

	if (after < 0) {
		node = fdt_root(fdt);
		if (node < 0 || fdt_is_compatible(fdt, node, compat))
			return node;
	} else {
		node = after;
	}
	for (;;) {
		node = fdt_next_node(fdt, node, NULL);
		if (node < 0 || fdt_is_compatible(fdt, node, compat))
			return node;
	}
}

/* Child of 'parent' named by the component c[0..n). */
static int find_child(const struct fdt *fdt, int parent, const char *c, size_t n)
{
	bool has_unit = strnchr_index(c, n, '@') < n;
	int child;

	for (child = fdt_first_child(fdt, parent); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		const char *name = fdt_node_name(fdt, child);

		if (!name || strncmp(name, c, n) != 0)
			continue;
		if (name[n] == '\0' || (!has_unit && name[n] == '@'))
			return child;
	}
	return child;
}

/* Follows the components of p[0..n) ("a/b@1/c", slashes anywhere) from 'node'. */
static int walk_path(const struct fdt *fdt, int node, const char *p, size_t n)
{
	size_t pos = 0;

	while (node >= 0 && pos < n) {
		size_t len;

		if (p[pos] == '/') {
			pos++;
			continue;
		}
		len = strnchr_index(p + pos, n - pos, '/');
		node = find_child(fdt, node, p + pos, len);
		pos += len;
	}
	return node;
}

int fdt_path_offset(const struct fdt *fdt, const char *path, size_t len)
{
	int node = fdt_root(fdt);

	len = strnlen(path, len);
	if (node < 0 || len == 0)
		return node < 0 ? node : FDT_ERR_NOTFOUND;
	if (path[0] != '/') {
		/* An alias: its value is a full path (DT spec 3.3), resolved from the root. */
		size_t alias_len = strnchr_index(path, len, '/');
		int aliases = walk_path(fdt, node, "aliases", 7);
		const char *target;
		uint32_t target_len;
		char name[64];

		if (aliases < 0)
			return aliases;
		if (alias_len >= sizeof(name))
			return FDT_ERR_NOTFOUND;
		memcpy(name, path, alias_len);
		name[alias_len] = '\0';
		target = fdt_prop(fdt, aliases, name, &target_len);
		if (!target || target_len == 0 || target[target_len - 1] != '\0' ||
		    target[0] != '/')
			return FDT_ERR_NOTFOUND;
		node = walk_path(fdt, node, target, target_len - 1);
		path += alias_len;
		len -= alias_len;
	}
	return walk_path(fdt, node, path, len);
}

static int cells_prop(const struct fdt *fdt, int node, const char *name, uint32_t dflt)
{
	uint32_t v;
	int err = fdt_prop_u32(fdt, node, name, &v);

	if (err == FDT_ERR_NOTFOUND)
		return (int)dflt;
	if (err < 0)
		return err;
	/* The spec allows at most 4 cells in practice; more is a damaged tree. */
	return v > 4 ? FDT_ERR_BADVALUE : (int)v;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

int fdt_reg_raw(const struct fdt *fdt, int node, uint32_t index, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent(fdt, node);
	int ac, sc;
	uint32_t len, stride;
	const uint8_t *reg;

	if (parent < 0)
		return parent;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if (ac == 0 || ac > 2 || sc > 2)
		return FDT_ERR_BADVALUE; /* not representable in 64 bits */
	reg = fdt_prop(fdt, node, "reg", &len);
	if (!reg)
		return FDT_ERR_NOTFOUND;
	stride = (uint32_t)(ac + sc) * 4;
	if (index >= len / stride)
		return FDT_ERR_NOTFOUND;
	reg += index * stride;
	fdt_read_cells(reg, (uint32_t)ac, addr);
	fdt_read_cells(reg + ac * 4, (uint32_t)sc, size);
	return 0;
}

/* Maps a child-bus address through one 'ranges' property (DT spec 2.3.8). */
static int translate_one(const struct fdt *fdt, int bus, int grandparent, uint64_t *addr)
{
	uint32_t len, stride;
	const uint8_t *ranges = fdt_prop(fdt, bus, "ranges", &len);
	int cac, csc, pac;

	if (!ranges)
		return FDT_ERR_NOTRANSLATION;
	if (len == 0)
		return 0; /* identity */
	cac = fdt_address_cells(fdt, bus);
	csc = fdt_size_cells(fdt, bus);
	pac = fdt_address_cells(fdt, grandparent);
	if (cac < 0 || csc < 0 || pac < 0)
		return FDT_ERR_BADVALUE;
	if (cac > 2 || csc > 2 || pac > 2 || cac == 0 || pac == 0)
		return FDT_ERR_NOTRANSLATION;
	stride = (uint32_t)(cac + pac + csc) * 4;
	for (uint32_t off = 0; off < len && stride <= len - off; off += stride) {
		uint64_t child, parent, size;

		fdt_read_cells(ranges + off, (uint32_t)cac, &child);
		fdt_read_cells(ranges + off + cac * 4, (uint32_t)pac, &parent);
		fdt_read_cells(ranges + off + (cac + pac) * 4, (uint32_t)csc, &size);
		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + parent;
			return 0;
		}
	}
	return FDT_ERR_NOTRANSLATION;
}

int fdt_reg(const struct fdt *fdt, int node, uint32_t index, uint64_t *addr, uint64_t *size)
{
	int err = fdt_reg_raw(fdt, node, index, addr, size);
	int root = fdt_root(fdt);
	int bus;

	if (err < 0)
		return err;
	bus = fdt_parent(fdt, node);
	for (int level = 0; bus >= 0 && bus != root; level++) {
		int grandparent = fdt_parent(fdt, bus);

		if (grandparent < 0 || level >= FDT_MAX_DEPTH)
			return grandparent < 0 ? grandparent : FDT_ERR_TOODEEP;
		err = translate_one(fdt, bus, grandparent, addr);
		if (err < 0)
			return err;
		bus = grandparent;
	}
	return bus < 0 ? bus : 0;
}
