"""The value notations of the description language: sizes, addresses, interrupts.

Each parser returns the value or raises NotationError with a message that says
what was expected; callers turn that into a diagnostic at the value's position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KIB = 1 << 10
MIB = 1 << 20
GIB = 1 << 30

_SIZE_SUFFIX = {"": 1, "K": KIB, "M": MIB, "G": GIB, "T": 1 << 40}
_SIZE_RE = re.compile(r"^\s*(0x[0-9a-fA-F_]+|\d[\d_]*)\s*([KMGT]?)(i?B)?\s*$")

MAX_ADDRESS = (1 << 52) - 1  # largest physical address on Armv8 (52-bit PA)


class NotationError(ValueError):
    pass


def parse_size(value: object) -> int:
    """64K, 128M, 1G, 0x200, 4096 -> bytes. Sizes are positive."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise NotationError(f"expected a size such as 64K, 128M or 0x200000, got {_show(value)}")
    if isinstance(value, int):
        number = value
    else:
        match = _SIZE_RE.match(value)
        if not match:
            raise NotationError(f"expected a size such as 64K, 128M or 0x200000, got {_show(value)}")
        digits, suffix = match.group(1).replace("_", ""), match.group(2)
        number = int(digits, 0) * _SIZE_SUFFIX[suffix]
    if number <= 0:
        raise NotationError(f"a size must be greater than zero, got {_show(value)}")
    if number > MAX_ADDRESS + 1:
        raise NotationError(f"size {_show(value)} is larger than the 52-bit physical address space")
    return number


def parse_address(value: object) -> int:
    """0x40000000 or decimal -> integer physical address."""
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            value = int(text, 0)
        except ValueError:
            raise NotationError(f"expected an address such as 0x40000000, got {_show(value)}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotationError(f"expected an address such as 0x40000000, got {_show(value)}")
    if value < 0 or value > MAX_ADDRESS:
        raise NotationError(f"address {value:#x} is outside the 52-bit physical address space")
    return value


# GICv3 INTID ranges (GICv3 architecture spec, 2.2 "INTIDs")
SGI_COUNT = 16
PPI_BASE, PPI_COUNT = 16, 16
SPI_BASE, SPI_LIMIT = 32, 1019  # SPIs are INTIDs 32..1019


@dataclass(frozen=True)
class Interrupt:
    """One interrupt in the language's single notation; intid is what the GIC uses."""

    intid: int
    trigger: str = "level"  # "level" (high) or "edge" (rising)

    @property
    def kind(self) -> str:
        if self.intid < PPI_BASE:
            return "sgi"
        if self.intid < SPI_BASE:
            return "ppi"
        return "spi"

    @property
    def number(self) -> int:
        """The number within its kind, as device trees write it."""
        return {"sgi": self.intid, "ppi": self.intid - PPI_BASE, "spi": self.intid - SPI_BASE}[self.kind]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


_IRQ_RE = re.compile(r"^\s*(sgi|ppi|spi|intid)\s+(0x[0-9a-fA-F]+|\d+)\s*(?:\s(level|edge))?\s*$")


def parse_interrupt(value: object) -> Interrupt:
    """'spi 1', 'ppi 14', 'sgi 3', 'intid 33', optionally followed by 'level' or 'edge'."""
    if not isinstance(value, str):
        raise NotationError(f"expected an interrupt such as 'spi 1', 'ppi 14' or 'intid 33', got {_show(value)}")
    match = _IRQ_RE.match(value)
    if not match:
        raise NotationError(f"expected an interrupt such as 'spi 1', 'ppi 14' or 'intid 33', got {_show(value)}")
    kind, number, trigger = match.group(1), int(match.group(2), 0), match.group(3) or "level"
    limits = {"sgi": (0, SGI_COUNT - 1), "ppi": (0, PPI_COUNT - 1),
              "spi": (0, SPI_LIMIT - SPI_BASE), "intid": (0, SPI_LIMIT)}
    low, high = limits[kind]
    if not low <= number <= high:
        raise NotationError(f"{kind} numbers go from {low} to {high}, got {number}")
    base = {"sgi": 0, "ppi": PPI_BASE, "spi": SPI_BASE, "intid": 0}[kind]
    return Interrupt(base + number, trigger)


def format_size(size: int) -> str:
    if size == 0:
        return "0 bytes"
    for unit, factor in (("G", GIB), ("M", MIB), ("K", KIB)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size} bytes"


def format_range(base: int, size: int) -> str:
    return f"{base:#010x}-{base + size - 1:#010x}"


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def align_up(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment
