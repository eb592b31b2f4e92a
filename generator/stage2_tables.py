"""How many translation-table pages each cell's stage-2 map needs, so the runtime
reserves exactly that many (board_limits.h: CF_STAGE2_POOL_PAGES).

The count follows the runtime's builder rule for rule (runtime/arch/arm64/stage2.c
and pgtable.c), and tests/generator/test_stage2_pool.py compares it with what
that C code really allocates:
  - 4 KiB granule, 40-bit IPA, the walk starts at level 1 with two concatenated
    level-1 tables (1 GiB per entry), taken first from the pool, 8 KiB aligned:
    one page may be skipped to align them;
  - a region is rounded out to 4 KiB pages and mapped in address order; a chunk
    becomes a 1 GiB or 2 MiB block when it covers the whole block and its
    physical address is aligned to it, else a table one level down is taken
    from the pool (once per level-1 or level-2 entry: later regions reuse it);
  - regions the hypervisor emulates are not mapped: the board UART for a cell
    with a virtual console, and the GIC distributor and redistributors; nor are
    sub-page device windows (CF_REGION_SUBPAGE), whose pages trap.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Board, Cell, Region
from generator.units import GIB, KIB, MIB

PAGE = 4 * KIB
S2_IPA_BITS = 40
LEVEL1_BITS = 39  # one level-1 table translates 39 bits with a 4 KiB granule
ROOT_PAGES = 1 << (S2_IPA_BITS - LEVEL1_BITS)
# The roots are allocated count-aligned; the pool itself is only 4 KiB aligned.
ROOT_ALIGNMENT_SLACK = ROOT_PAGES - 1
SPAN = {1: GIB, 2: 2 * MIB}


@dataclass(frozen=True)
class MappedRange:
    guest: int
    phys: int
    size: int


def mapped_ranges(board: Board, cell: Cell, regions: list[dict]) -> list[MappedRange]:
    """The cell's regions (as cells.c lists them) that stage2_build_cell maps, page-rounded."""
    emulated = [board.gic.distributor, board.gic.redistributors]
    if cell.partition.console == "virtual":
        emulated.append(board.console_device.regs[0])
    out = []
    for r in regions:
        window = Region(r["guest"], r["size"])
        if r["size"] == 0 or r["kind"] == "CF_REGION_SUBPAGE" or any(
                window.overlaps(e) for e in emulated if e.size):
            continue
        first = r["guest"] // PAGE * PAGE
        last = -(-(r["guest"] + r["size"]) // PAGE) * PAGE
        out.append(MappedRange(first, r["phys"] // PAGE * PAGE, last - first))
    return out


def table_pages(ranges: list[MappedRange]) -> int:
    """Level-2 and level-3 tables the ranges need, mapped in this order (roots not counted)."""
    tables: set[tuple[int, int]] = set()  # (level of the table, input address it starts at)
    leaves: set[tuple[int, int]] = set()  # (level, block base) of 1 GiB and 2 MiB blocks
    for r in ranges:
        va, pa, end = r.guest, r.phys, r.guest + r.size
        while va < end:
            level = 1
            while True:
                if level == 3:
                    # Pages never need another table: the rest of this 2 MiB is done.
                    chunk_end = min(end, va // SPAN[2] * SPAN[2] + SPAN[2])
                    break
                span = SPAN[level]
                base = va // span * span
                chunk_end = min(end, base + span)
                if (level, base) in leaves:
                    break  # already mapped by a block (the same mapping, or the runtime refuses it)
                if (level + 1, base) in tables:
                    level += 1
                    continue
                if va == base and chunk_end == base + span and pa % span == 0:
                    leaves.add((level, base))
                    break
                tables.add((level + 1, base))
                level += 1
            pa += chunk_end - va
            va = chunk_end
    return len(tables)


def cell_pool_pages(board: Board, cell: Cell, regions: list[dict]) -> int:
    """Pool pages the runtime needs to build this cell's stage-2 map."""
    return ROOT_PAGES + ROOT_ALIGNMENT_SLACK + table_pages(mapped_ranges(board, cell, regions))
