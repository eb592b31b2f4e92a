"""A small reader for flattened device trees (DTB), enough to check what we emitted.

Only the structure block is walked: nodes with their properties, as raw bytes.
The generator reads its own DTBs back with it (crosscheck.py); it is not a
general-purpose DT library (no phandle resolution, no ranges translation).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


class FdtError(ValueError):
    pass


@dataclass
class FdtNode:
    name: str
    path: str
    properties: dict[str, bytes] = field(default_factory=dict)
    children: list["FdtNode"] = field(default_factory=list)

    def cells(self, prop: str) -> list[int]:
        data = self.properties.get(prop, b"")
        return [int.from_bytes(data[i:i + 4], "big") for i in range(0, len(data) - len(data) % 4, 4)]

    def string(self, prop: str) -> str:
        return self.properties.get(prop, b"").split(b"\0")[0].decode("utf-8", "replace")

    def walk(self):
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def read_fdt(blob: bytes) -> FdtNode:
    if len(blob) < 40:
        raise FdtError("too short for a DTB header")
    magic, total, off_struct, off_strings, _rsv, _version, _last, _boot, size_strings, size_struct = \
        struct.unpack_from(">10I", blob, 0)
    if magic != FDT_MAGIC or total > len(blob):
        raise FdtError("not a DTB (bad magic or size)")
    strings = blob[off_strings:off_strings + size_strings]
    pos, end = off_struct, off_struct + size_struct
    root: FdtNode | None = None
    stack: list[FdtNode] = []
    while pos + 4 <= end:
        (token,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if token == FDT_BEGIN_NODE:
            name_end = blob.index(b"\0", pos)
            name = blob[pos:name_end].decode("utf-8", "replace")
            pos = (name_end + 4) & ~3
            parent = stack[-1] if stack else None
            path = "/" if parent is None else (parent.path.rstrip("/") + "/" + name)
            node = FdtNode(name, path)
            if parent is None:
                root = node
            else:
                parent.children.append(node)
            stack.append(node)
        elif token == FDT_END_NODE:
            if not stack:
                raise FdtError("unbalanced END_NODE")
            stack.pop()
        elif token == FDT_PROP:
            length, name_offset = struct.unpack_from(">II", blob, pos)
            pos += 8
            name = strings[name_offset:strings.index(b"\0", name_offset)].decode()
            if not stack:
                raise FdtError("property outside a node")
            stack[-1].properties[name] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == FDT_NOP:
            continue
        elif token == FDT_END:
            break
        else:
            raise FdtError(f"unknown token {token:#x} at offset {pos - 4}")
    if root is None or stack:
        raise FdtError("truncated structure block")
    return root
