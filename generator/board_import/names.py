"""Board names for device tree nodes: valid in the language, unique, readable.

`virtio_mmio@a000000` ... -> virtio-mmio0 ... virtio-mmio31 (numbered in
address order when a name repeats); `pl011@9000000` -> pl011 when it is the
only one; a base ending in a digit gets a '-' before the number (i2c1-0).
"""

from __future__ import annotations

import re

MAX_NAME = 32
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


def sanitize(text: str) -> str:
    """A DT node or compatible string -> a valid name (lowercase, digits, '-')."""
    name = text.split("@", 1)[0].lower()
    name = re.sub(r"[^a-z0-9-]+", "-", name.replace("_", "-"))
    name = re.sub(r"-{2,}", "-", name).strip("-")
    if not name:
        name = "dev"
    if not name[0].isalpha():
        name = "dev-" + name
    return name[:MAX_NAME].rstrip("-")


def _with_suffix(base: str, suffix: str) -> str:
    return base[:MAX_NAME - len(suffix)].rstrip("-") + suffix


def unique_names(bases: list[str], taken: set[str] = frozenset()) -> list[str]:
    """One name per entry of bases (already in the wanted order), all distinct and not in taken."""
    clean = [sanitize(b) for b in bases]
    counts: dict[str, int] = {}
    for name in clean:
        counts[name] = counts.get(name, 0) + 1
    index: dict[str, int] = {}
    used = set(taken)
    out = []
    for name in clean:
        if counts[name] > 1 or name in used:
            n = index.get(name, 0)
            sep = "-" if name[-1].isdigit() else ""
            candidate = _with_suffix(name, f"{sep}{n}")
            while candidate in used:
                n += 1
                candidate = _with_suffix(name, f"{sep}{n}")
            index[name] = n + 1
        else:
            candidate = name
        used.add(candidate)
        out.append(candidate)
    return out
