"""Read a YAML description into plain Python values, remembering where each came from.

PyYAML's composer gives nodes with marks; we convert them ourselves so that
- every value and every mapping key has a file:line:col (for diagnostics),
- duplicate keys are errors instead of silently losing the first value,
- alias expansion and nesting are bounded (no "billion laughs", no RecursionError),
- bytes that are not UTF-8 are reported with their position.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.diagnostics import DiagnosticSink, Position

Path = tuple  # a path into the document: keys (str) and list indexes (int)

# libyaml's parser when python3-yaml has it (it does on Debian): ~10x faster, same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 1 << 20  # descriptions are small; anything bigger is a mistake
MAX_NODES = 100_000  # counts nodes after alias expansion
MAX_DEPTH = 64


@dataclass
class Document:
    """A parsed description file: its data plus the position of every value and key."""

    file: str
    data: Any
    value_positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)

    def where(self, path: Path) -> Position:
        """Position of the value at path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.value_positions and path:
            path = path[:-1]
        return self.value_positions.get(path, Position(self.file, 1, 1))

    def where_key(self, path: Path) -> Position:
        """Position of the key whose value is at path (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.where(path)


class _TooBig(Exception):
    pass


def _position(file: str, mark: yaml.Mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


def _utf8_error_position(file: str, raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Position(file, line, column)


def load_document(path: str, sink: DiagnosticSink, display_name: str | None = None) -> Document | None:
    """Parse one YAML file; on any problem report it to sink and return None."""
    name = display_name or path
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        sink.error("E001", Position(name), f"cannot read file: {e.strerror or e}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        sink.error("E004", Position(name), f"file is larger than {MAX_FILE_BYTES // 1024} KiB",
                   hint="a board or partition description is a few hundred lines at most")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        sink.error("E002", _utf8_error_position(name, raw, e.start),
                   f"byte 0x{raw[e.start]:02x} is not valid UTF-8",
                   hint="save the file as UTF-8")
        return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = _position(name, mark) if mark else Position(name)
        problem = e.problem or "syntax error"
        context = f" ({e.context})" if e.context else ""
        sink.error("E003", where, f"YAML {problem}{context}")
        return None
    except yaml.YAMLError as e:
        sink.error("E003", Position(name), f"YAML error: {e}")
        return None
    except RecursionError:
        sink.error("E004", Position(name), "YAML nesting is too deep")
        return None
    doc = Document(name, None)
    if root is None:
        doc.data = None
        return doc
    converter = _Converter(doc, sink)
    try:
        doc.data = converter.convert(root, (), 0)
    except _TooBig as e:
        sink.error("E004", e.args[0], e.args[1],
                   hint="aliases (*name) are expanded; keep descriptions small and flat")
        return None
    return doc if converter.ok else None


class _Converter:
    def __init__(self, doc: Document, sink: DiagnosticSink):
        self.doc = doc
        self.sink = sink
        self.nodes = 0
        self.ok = True
        self.constructor = yaml.SafeLoader("")  # only used to construct scalars
        self.active: set[int] = set()  # nodes being converted (cycle detection)

    def convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        where = _position(self.doc.file, node.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(where, f"description expands to more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise _TooBig(where, f"description is nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.active:
            raise _TooBig(where, "alias refers to itself (recursive structure)")
        self.doc.value_positions[path] = where
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. a timestamp-looking string that is not a real date: keep the text
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in self._pairs(node):
            key_where = _position(self.doc.file, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail("E006", key_where, "a mapping key must be a plain name, not a list or mapping")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                # YAML 1.1 turns `on:`/`yes:`/`1:` into bool/int keys; we only use names.
                self._fail("E006", key_where, f"key {key_node.value!r} is not a name",
                           hint="quote the key if it is meant literally")
                continue
            if key in result:
                first = self.doc.key_positions[path + (key,)]
                self._fail("E005", key_where, f"key '{key}' appears twice in the same mapping",
                           hint="the second value would silently replace the first; keep one",
                           notes=[(first, f"'{key}' first given here")])
                continue
            self.doc.key_positions[path + (key,)] = key_where
            result[key] = self.convert(value_node, path + (key,), depth + 1)
        return result

    def _pairs(self, node: yaml.MappingNode, merging: frozenset = frozenset()):
        """Key/value pairs with YAML merge keys (<<) expanded, like PyYAML does."""
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if id(source) in merging or len(merging) > MAX_DEPTH:
                        raise _TooBig(_position(self.doc.file, source.start_mark),
                                      "merge key '<<' refers to itself")
                    if isinstance(source, yaml.MappingNode):
                        yield from self._pairs(source, merging | {id(node)})
                    else:
                        self._fail("E012", _position(self.doc.file, source.start_mark),
                                   "merge key '<<' needs a mapping")
                continue
            yield key_node, value_node

    def _fail(self, code, where, message, hint=None, notes=()):
        self.ok = False
        self.sink.error(code, where, message, hint, notes)


def display_path(path: str) -> str:
    """A path as users should see it in diagnostics: relative to cwd when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path
