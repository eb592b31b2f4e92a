"""memory-map.svg and report.html: the system as a picture.

The physical address space spans from a few KiB of UART registers to
gigabytes of RAM, so a linear scale would hide every device. Each region is a
band whose height grows with the logarithm of its size; unused space between
regions is a thin "free" band. Colours say who owns what.
"""

from __future__ import annotations

import html
import math

from generator.model import Board, Cell
from generator.units import format_range, format_size

CELL_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f"]
HYPERVISOR = "#555555"
UNASSIGNED = "#d9d9d9"
FREE = "#ffffff"
WIDTH, LEFT, BAND_W = 900, 190, 260


def cell_colour(index: int) -> str:
    return CELL_COLOURS[index % len(CELL_COLOURS)]


def _bands(board: Board, cells: list[Cell]) -> list[tuple[int, int, str, str]]:
    """(base, size, label, colour) of every region, sorted, with free gaps between them."""
    owner = {d.name: c for c in cells for d in c.devices}
    regions: list[tuple[int, int, str, str]] = [
        (board.hypervisor.base, board.hypervisor.size, "hypervisor", HYPERVISOR)]
    for cell in cells:
        regions.append((cell.ram.base, cell.ram.size, f"{cell.name} RAM", cell_colour(cell.index)))
    regions.append((board.gic.distributor.base, board.gic.distributor.size, "GIC distributor", HYPERVISOR))
    regions.append((board.gic.redistributors.base, board.gic.redistributors.size, "GIC redistributors", HYPERVISOR))
    for d in board.devices.values():
        for r in d.regs:
            cell = owner.get(d.name)
            if d.name == board.console and cell is None:
                colour, who = HYPERVISOR, "hypervisor"
            elif cell is None:
                colour, who = UNASSIGNED, "unassigned"
            else:
                colour, who = cell_colour(cell.index), cell.name
            regions.append((r.base, r.size, f"{d.name} ({who})", colour))
    regions = _merge_runs(sorted(regions))
    out: list[tuple[int, int, str, str]] = []
    cursor = 0
    for base, size, label, colour in regions:
        if base > cursor:
            out.append((cursor, base - cursor, "free RAM" if _in_ram(board, cursor) else "", FREE))
        if base + size > cursor:
            out.append((base, size, label, colour))
            cursor = max(cursor, base + size)
    return out


def _merge_runs(regions: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Adjacent devices with the same owner become one band: 'virtio2 .. virtio31 (unassigned)'."""
    merged: list[list] = []
    for base, size, label, colour in regions:
        last = merged[-1] if merged else None
        if (last and last[0] + last[1] == base and last[3] == colour and " (" in label and " (" in last[2]
                and label.split(" (", 1)[1] == last[2].split(" (", 1)[1]):
            first = last[2].split(" .. ")[0].split(" (")[0]
            last[1] += size
            if label.split(" (")[0] != first:  # several registers of one device stay one name
                last[2] = f"{first} .. {label}"
        else:
            merged.append([base, size, label, colour])
    return [tuple(m) for m in merged]


def _in_ram(board: Board, address: int) -> bool:
    return any(b.region.base <= address < b.region.end for b in board.ram.values())


def _height(size: int) -> float:
    return 6 + 3.2 * max(0.0, math.log2(size) - 8)


def memory_map_svg(board: Board, cells: list[Cell]) -> str:
    bands = _bands(board, cells)
    y, rows = 40.0, []
    for base, size, label, colour in bands:
        h = max(_height(size), 12) if colour != FREE else 8
        rows.append(f'<rect x="{LEFT}" y="{y:.1f}" width="{BAND_W}" height="{h:.1f}" fill="{colour}" '
                    f'stroke="#888" stroke-width="0.5"><title>{html.escape(format_range(base, size))} '
                    f'{format_size(size)} {html.escape(label)}</title></rect>')
        if h >= 10:
            rows.append(f'<text x="{LEFT - 8}" y="{y + h / 2 + 4:.1f}" text-anchor="end" class="addr">{base:#x}</text>')
            rows.append(f'<text x="{LEFT + BAND_W + 8}" y="{y + h / 2 + 4:.1f}">{html.escape(label)} '
                        f'<tspan class="size">{format_size(size)}</tspan></text>')
        y += h
    legend_y = y + 30
    legend = [f'<text x="20" y="{legend_y}" class="head">CPUs and interrupts</text>']
    for i, cell in enumerate(cells):
        spis = sorted(i for i in cell.intids if i >= 32)
        line = (f"{cell.name}: {', '.join(c.name for c in cell.cpus)}; RAM {format_size(cell.ram.size)}; "
                f"SPIs {', '.join(str(s - 32) for s in spis) or 'none'}")
        ly = legend_y + 22 * (i + 1)
        legend.append(f'<rect x="20" y="{ly - 12}" width="14" height="14" fill="{cell_colour(cell.index)}"/>')
        legend.append(f'<text x="42" y="{ly}">{html.escape(line)}</text>')
    height = legend_y + 22 * (len(cells) + 2)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="sans-serif" font-size="12">',
        "<style>.addr{font-family:monospace;fill:#333}.size{fill:#777}.head{font-weight:bold;font-size:14px}</style>",
        f'<text x="20" y="22" class="head">{html.escape(board.name)}: physical memory map '
        f'(band height ~ log of size)</text>',
        *rows, *legend, "</svg>", ""])


def report_html(board: Board, report_text: str, svg: str) -> str:
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>cellforge: {html.escape(board.name)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;display:flex;gap:2em;flex-wrap:wrap}"
        "pre{font-size:12px;background:#f6f6f6;padding:1em}</style></head><body>",
        f"<div>{svg}</div>", f"<pre>{html.escape(report_text)}</pre>", "</body></html>", ""])
