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
    "E108": "PSCI conduit the hypervisor cannot use",
    "E109": "redistributor stride unusable",
    "E110": "per-CPU interrupt of the board is not a PPI",
    "E111": "console UART window smaller than 4 KiB",
    "E112": "two per-CPU interrupts of the board share a PPI",
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
    "E216": "interrupt belongs to a board device",
    "E217": "interrupt every cell already owns on its own CPUs",
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
    "E236": "QEMU backing for something that is not the cell's virtio-mmio device",
    "E237": "chosen property refers to something that does not exist",
    "E238": "dma_unprotected names a device the cell does not own",
    "E239": "device tree larger than its reserve",
    "E240": "NUL byte in a device tree string",
    "E241": "stage-2 translation tables do not fit the hypervisor reservation",
    "E242": "image argument given twice",
    "E250": "firmware window is misplaced",
    "E251": "no free RAM for the firmware window",
    # Warnings
    "W001": "pinned memory is not 2 MiB aligned",
    "W002": "memory size is not a multiple of 2 MiB",
    "W003": "guest_base and physical base differ within 2 MiB",
    "W004": "DMA-capable device without an IOMMU",
    "W010": "device alone in a page it does not fill: each register access traps",
}


# code -> what it means and how to fix it (docs/diagnostics.md is generated from this).
EXPLANATIONS: dict[str, str] = {
    "E001": "The file could not be opened (missing, a directory, no permission). Check the path.",
    "E002": "Descriptions are UTF-8 text. Re-save the file as UTF-8; the position is the first bad byte.",
    "E003": "The file is not valid YAML. Fix the syntax at the position shown; inside `[...]` and `{...}` commas "
            "separate items, so quote strings that contain commas.",
    "E004": "The description expands to too many values (alias bombs), nests too deeply or is huge. Real "
            "descriptions are small: remove the aliases or the nesting.",
    "E005": "A key appears twice in one mapping; YAML would silently keep only the last value. Keep one.",
    "E006": "Keys must be names. YAML 1.1 reads `on:`, `yes:`, `1:` as booleans or numbers; quote them if meant "
            "literally, or use the documented key.",
    "E010": "The key is not part of the language (often a typo; the hint suggests the closest key). Unknown keys "
            "are never ignored.",
    "E011": "A required key is missing; the hint says what it is for.",
    "E012": "The value has the wrong type or shape; the message says what is expected.",
    "E013": "The value must be one of a fixed set of words.",
    "E014": "Sizes are positive numbers with an optional unit: `64K`, `128M`, `1G`, `0x200000`.",
    "E015": "Addresses are numbers (`0x40000000`) within the 52-bit physical address space.",
    "E016": "Interrupts are written `spi N`, `ppi N`, `sgi N` or `intid N`, optionally followed by `level` or "
            "`edge`, within the ranges of their kind.",
    "E017": "Names use lowercase letters, digits, `-` and `_`, start with a letter, at most 32 characters.",
    "E100": "No such board file. Give a name from boards/ (without .yaml) or a path.",
    "E101": "Two CPUs of the board have the same MPIDR; each CPU's affinity value is unique.",
    "E102": "Two board regions (RAM banks, GIC frames, device registers) overlap, or the redistributor region is "
            "too small for the board's CPUs.",
    "E103": "The hypervisor's reservation must lie inside one RAM bank.",
    "E104": "The board console must be a PL011 device of the board.",
    "E105": "The interrupt does not exist on this GIC (`spis:` in the board says how many SPIs exist).",
    "E106": "Two board devices claim the same interrupt.",
    "E107": "The hypervisor's reservation must start and end on 2 MiB boundaries.",
    "E108": "`psci: conduit:` is how the hypervisor calls the firmware's PSCI (to start and stop CPUs). The "
            "hypervisor runs at EL2, where an HVC is taken by the hypervisor itself, so only `smc` reaches the "
            "firmware. A device tree saying `method = \"hvc\"` was made for a kernel at EL1 (QEMU without "
            "`virtualization=on`, or a guest of another hypervisor): cellforge cannot run there. Cells never use "
            "this conduit: the hypervisor emulates PSCI for them and their device trees always say "
            "`method = \"smc\"`.",
    "E109": "GICv3 redistributors come in frame sets of 64 KiB pages: 128 KiB per CPU (RD_base and SGI_base), "
            "256 KiB with GICv4 virtual LPIs. The stride must be a power of two of at least 128 KiB, or the "
            "hypervisor and the guests would look for a CPU's redistributor in the wrong place.",
    "E110": "The GIC maintenance interrupt, the architected timers and the PMU overflow interrupt are per CPU: "
            "they must be PPIs (`ppi N`). The hypervisor enables them on every CPU's redistributor; as SPIs they "
            "would never arrive.",
    "E111": "The PL011 console's registers, its PrimeCell ID registers at 0xfe0-0xffc included, fill a 4 KiB "
            "page; the hypervisor emulates (or passes through) that whole page. Give the console's `reg:` a "
            "size of at least 4K.",
    "E112": "Every per-CPU interrupt of the board (GIC maintenance, the four timers, the PMU) has a PPI of its "
            "own. Cells own the EL1 timers' and the PMU's PPIs on their CPUs; if one of them were also the "
            "maintenance, hypervisor timer or secure timer PPI, every cell would be handed an interrupt of the "
            "hypervisor.",
    "E200": "A system needs at least one partition file (*.yaml) in the partitions directory.",
    "E201": "Partition names must be unique.",
    "E202": "The partition names a CPU the board does not have.",
    "E203": "The partition names a device the board does not have (the message suggests the closest name).",
    "E204": "The device cannot be given to a cell: the board console belongs to the hypervisor (use "
            "`console: passthrough`), and the board marks some devices `assignable: false`.",
    "E210": "A CPU belongs to at most one cell.",
    "E211": "Not enough CPUs are left for the partition's `cpus:` count; the hint lists who has which.",
    "E212": "A device belongs to at most one cell.",
    "E213": "An SPI belongs to at most one cell. (The SPI of a board device comes with the device: E212 and "
            "E216.)",
    "E214": "The interrupt is the hypervisor's: GIC maintenance, hypervisor timer, secure timer, SGIs 14-15, and "
            "the console UART's unless a cell takes the console with `console: passthrough`.",
    "E215": "Only one cell can own the physical console.",
    "E216": "`interrupts:` is for interrupts no board device describes. An SPI of a board device comes with "
            "the device: list the device under `devices:` (the cell then owns its registers and its "
            "interrupt). Interrupts of devices no cell may own (`assignable: false`) cannot be claimed at all: "
            "the device could still raise them, or another cell could later be given it.",
    "E217": "The virtual and physical timer PPIs and the PMU overflow PPI (board `pmu:`) are banked per CPU and "
            "given to every cell on its own CPUs; no partition claims them with `interrupts:`. Remove the entry: "
            "the cell has the interrupt already, and its device tree describes it (timer and PMU nodes).",
    "E220": "Cell RAM is mapped in pages: its size must be a multiple of 4 KiB.",
    "E221": "A pinned RAM base must be 4 KiB aligned.",
    "E222": "Pinned RAM must lie inside one of the board's RAM banks.",
    "E223": "Pinned RAM must not overlap the hypervisor's reservation.",
    "E224": "Pinned RAM of two cells overlaps.",
    "E225": "No free 2 MiB-aligned range of board RAM is large enough; the hint lists what is free.",
    "E226": "Pinned RAM overlaps a device's registers.",
    "E227": "A cell that owns a DMA-capable device must be identity mapped: the device uses physical addresses. "
            "Remove `guest_base` or the device.",
    "E228": "`guest_base` must be 4 KiB aligned.",
    "E229": "The guest-physical RAM window would cover one of the cell's devices, its virtual console or the GIC, "
            "or lies beyond the 40-bit guest address space.",
    "E230": "The guest image does not exist (for cellforge's own guests: it was not built yet).",
    "E231": "The file is not a usable aarch64 ELF or arm64 Linux Image.",
    "E232": "The images (and the 64 KiB device tree at the top of RAM) do not fit the cell's RAM, or a fixed-address "
            "ELF is linked outside it.",
    "E233": "The hypervisor image carries pristine copies of all guest images; they must fit its reservation.",
    "E234": "dtc rejected a generated device tree: a cellforge bug. Please report it.",
    "E235": "A generated device tree disagrees with the cell tables: a cellforge bug. Please report it.",
    "E236": "`qemu:` in a partition backs the cell's own virtio-mmio transports with QEMU devices (a disk image); "
            "the device must be listed under `devices:` and be a virtio-mmio transport, on a board with a `qemu:` "
            "section.",
    "E237": "A `chosen:` reference names a partition or board device that does not exist (or a device without an "
            "SPI for `interrupt_of`).",
    "E238": "`dma_unprotected:` may only list the cell's own devices.",
    "E239": "A cell's device tree is loaded into the top 64 KiB of its RAM; a larger one would not fit, "
            "and the hypervisor would refuse to start any cell. Shorten the `chosen:` strings or the Linux "
            "`cmdline:`, or give the cell fewer devices.",
    "E240": "Device tree strings end at the first NUL byte, so the guest would see only the part before it. "
            "Remove the `\\0` (or `\\x00`) from the string.",
    "E241": "The hypervisor builds every cell's stage-2 translation tables in its own reservation, from a "
            "pool the generator sizes from the cells' memory maps (each cell's pool is as large as the largest "
            "cell needs). RAM mapped with 2 MiB blocks costs one table per GiB; RAM whose guest and physical "
            "addresses differ within 2 MiB (W003) is mapped page by page and needs a table for every 2 MiB. "
            "Give such cells a 2 MiB-aligned `guest_base`, or raise the reservation's size.",
    "E242": "`cmdline:` and `initrd:` are keys of `image:` for every image kind; for Linux they may also be "
            "written inside `linux:`, as before. Giving one in both places is refused: write it once.",
    "E250": "An `image: firmware:` runs from a read-only window at `at:` (default 0x0) in the cell's guest-physical "
            "address space. The window must be 2 MiB aligned, its `size:` a multiple of 2 MiB that holds the binary, "
            "and it must not cover the cell's RAM, its devices, its virtual console or the GIC, nor go beyond the "
            "40-bit guest address space.",
    "E251": "A firmware window is backed by board RAM of its own (the binary's size rounded up to 2 MiB), taken "
            "after every cell's RAM from what is left outside the hypervisor's reservation. Give some cell less "
            "memory.",
    "W001": "A pinned base that is not 2 MiB aligned makes stage-2 use 4 KiB pages (slower TLB reach).",
    "W002": "A size that is not a multiple of 2 MiB makes stage-2 use 4 KiB pages at the end.",
    "W003": "When guest and physical addresses differ in their offset within 2 MiB, stage-2 can only use 4 KiB "
            "pages.",
    "W004": "Without an IOMMU, a device that masters DMA reads and writes physical memory wherever the guest "
            "tells it to: the cell owning it can reach every other cell and the hypervisor. cellforge cannot "
            "prevent that on such a board; list the device under `dma_unprotected:` to say you accept it.",
    "W010": "Stage 2 maps whole 4 KiB pages only. A device window that does not fill its page is not mapped: "
            "the page traps and the hypervisor forwards each access inside the window (one exit per register "
            "access; other cells' devices in the same page stay out of reach). When other board devices share "
            "the page (QEMU virt's virtio-mmio transports) that is the only safe way and nothing is said; when "
            "nothing else on the board is in the page, the board file probably describes less than the "
            "hardware decodes: give the device the whole page and it is mapped directly.",
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
