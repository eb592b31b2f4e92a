"""A device tree blob read with libfdt into a tree of nodes, with the DT address
and interrupt semantics the importer needs:

- #address-cells / #size-cells of the parent bus decide how `reg` is split,
- `ranges` on every bus between a node and the root translate its addresses to
  CPU physical addresses (empty `ranges` = identity; no `ranges` = the bus is
  not memory mapped, so its children are not CPU-addressable),
- `interrupt-parent` is inherited from ancestors; `interrupts-extended` names
  the controller of each interrupt; `interrupt-map` (PCI hosts) is decoded for
  its parent specifiers,
- `status` other than "okay"/"ok" disables a node and everything under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DtbError(Exception):
    """The file is not a usable device tree blob (message is for the user)."""


class TranslationError(Exception):
    """An address cannot be translated to a CPU physical address (message says why)."""


@dataclass(eq=False)
class Node:
    name: str                      # with unit address: "serial@7e201000"
    path: str
    parent: "Node | None" = field(repr=False)
    props: dict[str, bytes] = field(default_factory=dict, repr=False)
    children: list["Node"] = field(default_factory=list, repr=False)

    # ---- property access -------------------------------------------------
    def cells(self, prop: str) -> list[int]:
        data = self.props.get(prop, b"")
        return [int.from_bytes(data[i:i + 4], "big") for i in range(0, len(data) - len(data) % 4, 4)]

    def u32(self, prop: str, default: int | None = None) -> int | None:
        values = self.cells(prop)
        return values[0] if values else default

    def strings(self, prop: str) -> list[str]:
        data = self.props.get(prop)
        if not data:
            return []
        return [s.decode("utf-8", "replace") for s in data.rstrip(b"\0").split(b"\0")]

    def string(self, prop: str) -> str | None:
        values = self.strings(prop)
        return values[0] if values else None

    @property
    def base_name(self) -> str:
        """The node name without its unit address."""
        return self.name.split("@", 1)[0]

    @property
    def compatible(self) -> list[str]:
        return self.strings("compatible")

    def is_compatible(self, *names: str) -> bool:
        return any(c in names for c in self.compatible)

    @property
    def phandle(self) -> int | None:
        return self.u32("phandle") or self.u32("linux,phandle")

    @property
    def is_interrupt_controller(self) -> bool:
        return "interrupt-controller" in self.props

    # ---- status ------------------------------------------------------------
    @property
    def own_status_ok(self) -> bool:
        status = self.string("status")
        return status is None or status in ("okay", "ok")

    @property
    def enabled(self) -> bool:
        node = self
        while node is not None:
            if not node.own_status_ok:
                return False
            node = node.parent
        return True

    def walk(self):
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    # ---- addresses ---------------------------------------------------------
    def address_cells(self) -> int:
        """#address-cells this node gives its children (DT default 2)."""
        return self.u32("#address-cells", 2)

    def size_cells(self) -> int:
        """#size-cells this node gives its children (DT default 1)."""
        return self.u32("#size-cells", 1)

    def raw_reg(self) -> list[tuple[int, int]]:
        """`reg` as (address, size) pairs in the parent bus's address space."""
        if self.parent is None:
            return []
        ac, sc = self.parent.address_cells(), self.parent.size_cells()
        values = self.cells("reg")
        step = ac + sc
        if step == 0 or len(values) % step:
            raise TranslationError(f"'reg' has {len(values)} cells, not a multiple of "
                                   f"#address-cells {ac} + #size-cells {sc}")
        out = []
        for i in range(0, len(values), step):
            out.append((join_cells(values[i:i + ac]), join_cells(values[i + ac:i + step])))
        return out

    def cpu_regs(self) -> list[tuple[int, int]]:
        """`reg` translated to CPU physical addresses; TranslationError if impossible."""
        if self.parent is not None and self.parent.size_cells() == 0:
            raise TranslationError(f"on bus {self.parent.path} without sizes (#size-cells = 0): "
                                   "an address on that bus, not a memory-mapped region")
        return [(translate(self.parent, address, size), size) for address, size in self.raw_reg()]


def join_cells(cells: list[int]) -> int:
    value = 0
    for cell in cells:
        value = (value << 32) | cell
    return value


def parse_ranges(bus: Node) -> list[tuple[int, int, int]] | None:
    """A bus's `ranges` as (child address, parent address, size); [] = identity; None = absent."""
    if "ranges" not in bus.props:
        return None
    values = bus.cells("ranges")
    if not values:
        return []
    child_ac, size_c = bus.address_cells(), bus.size_cells()
    parent_ac = bus.parent.address_cells() if bus.parent is not None else 2
    step = child_ac + parent_ac + size_c
    if len(values) % step:
        raise TranslationError(f"'ranges' of {bus.path} has {len(values)} cells, not a multiple of {step}")
    out = []
    for i in range(0, len(values), step):
        child = values[i:i + child_ac]
        if child_ac == 3:
            # PCI: the first cell holds the space code and flags, not address bits;
            # the window is matched on the 64-bit address part.
            child = child[1:]
        out.append((join_cells(child), join_cells(values[i + child_ac:i + child_ac + parent_ac]),
                    join_cells(values[i + child_ac + parent_ac:i + step])))
    return out


def translate(bus: Node | None, address: int, size: int = 1) -> int:
    """An address on `bus` (the parent of the node that has it) as a CPU physical address."""
    while bus is not None and bus.parent is not None:
        ranges = parse_ranges(bus)
        if ranges is None:
            raise TranslationError(f"bus {bus.path} has no 'ranges': its addresses are not CPU-addressable")
        if ranges:
            for child, parent, length in ranges:
                if child <= address and address + max(size, 1) <= child + length:
                    address = parent + (address - child)
                    break
            else:
                raise TranslationError(f"address {address:#x} is outside every 'ranges' window of {bus.path}")
        bus = bus.parent
    return address


@dataclass
class Tree:
    root: Node
    memreserve: list[tuple[int, int]]
    by_phandle: dict[int, Node]
    by_path: dict[str, Node]

    def node(self, path: str) -> Node | None:
        return self.by_path.get(path)

    def aliases(self) -> dict[str, str]:
        node = self.by_path.get("/aliases")
        if node is None:
            return {}
        return {name: value.rstrip(b"\0").decode("utf-8", "replace")
                for name, value in node.props.items() if name not in ("phandle",)}

    def resolve(self, path_or_alias: str) -> Node | None:
        """A path, or an alias optionally followed by a path below it."""
        if path_or_alias.startswith("/"):
            return self.by_path.get(path_or_alias.rstrip("/") or "/")
        alias, _, rest = path_or_alias.partition("/")
        target = self.aliases().get(alias)
        if target is None:
            return None
        return self.by_path.get(target.rstrip("/") + ("/" + rest if rest else ""))

    # ---- interrupts --------------------------------------------------------
    def interrupt_parent(self, node: Node) -> Node | None:
        current = node
        while current is not None:
            if "interrupt-parent" in current.props:
                return self.by_phandle.get(current.u32("interrupt-parent"))
            current = current.parent
        return None

    def interrupts(self, node: Node) -> list[tuple[Node | None, list[int]]]:
        """(controller, specifier cells) for each interrupt of node; controller None if unresolvable."""
        out: list[tuple[Node | None, list[int]]] = []
        if "interrupts-extended" in node.props:
            values = node.cells("interrupts-extended")
            i = 0
            while i < len(values):
                controller = self.by_phandle.get(values[i])
                if controller is None or controller.u32("#interrupt-cells") is None:
                    out.append((None, values[i + 1:]))
                    break
                n = controller.u32("#interrupt-cells")
                out.append((controller, values[i + 1:i + 1 + n]))
                i += 1 + n
            return out
        if "interrupts" not in node.props:
            return out
        controller = self.interrupt_parent(node)
        values = node.cells("interrupts")
        n = controller.u32("#interrupt-cells") if controller is not None else None
        if not n:
            return [(None, values)]
        for i in range(0, len(values) - len(values) % n, n):
            out.append((controller, values[i:i + n]))
        return out

    def interrupt_map(self, node: Node) -> list[tuple[Node | None, list[int]]]:
        """The parent side (controller, specifier) of each `interrupt-map` entry of node."""
        values = node.cells("interrupt-map")
        child_cells = node.address_cells() + (node.u32("#interrupt-cells") or 1)
        out: list[tuple[Node | None, list[int]]] = []
        i = 0
        while i < len(values):
            i += child_cells
            if i >= len(values):
                break
            controller = self.by_phandle.get(values[i])
            if controller is None or controller.u32("#interrupt-cells") is None:
                out.append((None, []))
                break
            parent_ac = controller.u32("#address-cells", 0)
            n = controller.u32("#interrupt-cells")
            start = i + 1 + parent_ac
            out.append((controller, values[start:start + n]))
            i = start + n
        return out


MAX_NODES = 20_000  # a real DT has a few thousand nodes at most


def load_dtb(path: str) -> Tree:
    try:
        with open(path, "rb") as f:
            blob = f.read(64 << 20)
    except OSError as e:
        raise DtbError(f"cannot read file: {e.strerror or e}") from None
    return parse_dtb(blob)


def parse_dtb(blob: bytes) -> Tree:
    try:
        import libfdt
    except ImportError:
        raise DtbError("needs the Python module libfdt (Debian: apt-get install python3-libfdt)") from None
    if len(blob) < 40 or int.from_bytes(blob[:4], "big") != 0xD00DFEED:
        raise DtbError("not a device tree blob (no 0xd00dfeed magic at the start)")
    total = int.from_bytes(blob[4:8], "big")
    if total > len(blob):
        raise DtbError(f"truncated: the header says {total} bytes, the file has {len(blob)}")
    try:
        fdt = libfdt.Fdt(blob[:total])
        return _build(fdt, libfdt)
    except libfdt.FdtException as e:
        raise DtbError(f"malformed device tree blob ({libfdt.strerror(e.err)})") from None
    except (UnicodeDecodeError, IndexError, ValueError) as e:
        raise DtbError(f"malformed device tree blob ({e})") from None


def _build(fdt, libfdt) -> Tree:
    notfound = (libfdt.NOTFOUND,)
    root = Node("", "/", None)
    by_path = {"/": root}
    stack = [(0, root)]
    count = 0
    while stack:
        offset, node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise DtbError(f"more than {MAX_NODES} nodes")
        prop = fdt.first_property_offset(offset, notfound)
        while prop >= 0:
            p = fdt.get_property_by_offset(prop)
            node.props[p.name] = bytes(p)
            prop = fdt.next_property_offset(prop, notfound)
        child = fdt.first_subnode(offset, notfound)
        children = []
        while child >= 0:
            name = fdt.get_name(child)
            path = (node.path.rstrip("/") + "/" + name)
            sub = Node(name, path, node)
            node.children.append(sub)
            by_path[path] = sub
            children.append((child, sub))
            child = fdt.next_subnode(child, notfound)
        stack.extend(reversed(children))
    # The reserve map is read directly: pylibfdt's get_mem_rsv drops the address.
    blob = bytes(fdt.as_bytearray())
    memreserve = []
    offset = fdt.off_mem_rsvmap()
    while offset + 16 <= len(blob) and len(memreserve) < 1024:
        address, size = int.from_bytes(blob[offset:offset + 8], "big"), int.from_bytes(blob[offset + 8:offset + 16], "big")
        if address == 0 and size == 0:
            break
        memreserve.append((address, size))
        offset += 16
    by_phandle = {}
    for node in root.walk():
        if node.phandle:
            by_phandle[node.phandle] = node
    return Tree(root, memreserve, by_phandle, by_path)
