"""Compiler-style diagnostics: one line per problem, all problems of a run at once.

Every diagnostic has a stable code (E### for errors, W### for warnings); the
catalogue below is the single list of them, and docs/diagnostics.md explains each.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable, TextIO

# code -> one-line title. Stable: never renumber, only add.
CATALOGUE: dict[str, str] = {
    # Reading files
    "E001": "file cannot be read",
    "E002": "file is not valid UTF-8",
    "E003": "YAML syntax error",
    "E004": "description is too large or too deeply nested",
    "E005": "duplicate key",
    "E006": "key is not a string",
    # Schema
    "E010": "unknown key",
    "E011": "missing required key",
    "E012": "value has the wrong type or form",
    "E013": "value is not one of the allowed choices",
    "E014": "bad size",
    "E015": "bad address",
    "E016": "bad interrupt",
    "E017": "bad name",
    # Board facts
    "E100": "board file not found",
    "E101": "duplicate CPU affinity (MPIDR)",
    "E102": "board regions overlap",
    "E103": "hypervisor reservation is not inside board RAM",
    "E104": "board console is not a board device",
    "E105": "interrupt outside the interrupt controller's range",
    "E106": "interrupt used twice on the board",
    "E107": "board region misaligned",
    # Partitions: names and references
    "E200": "no partitions",
    "E201": "duplicate partition name",
    "E202": "unknown CPU",
    "E203": "unknown device",
    "E204": "device cannot be assigned",
    # Ownership
    "E210": "CPU given to two partitions",
    "E211": "not enough CPUs",
    "E212": "device given to two partitions",
    "E213": "interrupt given to two partitions",
    "E214": "interrupt reserved by the hypervisor",
    "E215": "more than one partition takes the console",
    # Memory
    "E220": "memory size is not a multiple of 4 KiB",
    "E221": "pinned memory is not 4 KiB aligned",
    "E222": "pinned memory is outside board RAM",
    "E223": "pinned memory overlaps the hypervisor",
    "E224": "pinned memory overlaps another partition",
    "E225": "memory does not fit",
    "E226": "pinned memory overlaps a device",
    "E227": "guest_base with a DMA-capable device",
    "E228": "guest_base is not 4 KiB aligned",
    "E229": "guest RAM window hides a device or is out of range",
    # Images
    "E230": "guest image not found",
    "E231": "guest image is not a usable aarch64 ELF",
    "E232": "guest image does not fit the partition's memory",
    "E233": "guest images do not fit the hypervisor reservation",
    "E234": "device tree compiler failed",
    "E235": "generated device tree disagrees with the tables",
    # Warnings
    "W001": "pinned memory is not 2 MiB aligned",
    "W002": "memory size is not a multiple of 2 MiB",
    "W003": "guest_base and physical base differ within 2 MiB",
}


@dataclass(frozen=True)
class Position:
    """A place in a source file; line and column are 1-based."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    position: Position
    message: str
    hint: str | None = None
    notes: tuple[tuple[Position, str], ...] = ()

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    def render(self) -> str:
        lines = [f"{self.position}: {self.severity}: {self.message} [{self.code}]"]
        for where, text in self.notes:
            lines.append(f"{where}: note: {text}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


@dataclass
class DiagnosticSink:
    """Collects diagnostics so a run can report every problem at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, position: Position, message: str, hint: str | None = None,
              notes: Iterable[tuple[Position, str]] = ()) -> None:
        assert code in CATALOGUE and code.startswith("E"), code
        self.items.append(Diagnostic(code, position, message, hint, tuple(notes)))

    def warning(self, code: str, position: Position, message: str, hint: str | None = None,
                notes: Iterable[tuple[Position, str]] = ()) -> None:
        assert code in CATALOGUE and code.startswith("W"), code
        self.items.append(Diagnostic(code, position, message, hint, tuple(notes)))

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.items if d.severity == "error")

    @property
    def warning_count(self) -> int:
        return len(self.items) - self.error_count

    def print(self, stream: TextIO = sys.stderr) -> None:
        for diagnostic in sorted(self.items, key=_order):
            print(diagnostic.render(), file=stream)
        if self.items:
            parts = []
            if self.error_count:
                parts.append(f"{self.error_count} error{'s' if self.error_count != 1 else ''}")
            if self.warning_count:
                parts.append(f"{self.warning_count} warning{'s' if self.warning_count != 1 else ''}")
            print(" and ".join(parts) + " generated.", file=stream)


def _order(d: Diagnostic) -> tuple:
    return (d.position.file, d.position.line, d.position.column, d.code)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, or None when nothing is close."""
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def maybe_meant(word: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" when a choice is close to word, else ""."""
    close = did_you_mean(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def suggestion_hint(word: str, choices: Iterable[str], what: str) -> str:
    choices = list(choices)
    close = did_you_mean(word, choices)
    if close:
        return f"did you mean '{close}'?"
    if len(choices) <= 12:
        return f"{what}: " + ", ".join(choices)
    return f"{what}: " + ", ".join(choices[:12]) + f", ... ({len(choices)} in all)"
