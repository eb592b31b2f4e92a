"""How a cell's devices appear in its address space: mapped pages or forwarded windows.

Stage 2 gives a cell whole 4 KiB pages. A page of device registers is mapped
only if the cell's own device windows cover all of it; a page that also holds
anything else (another cell's device, an unassigned one, a gap the board does
not describe) stays unmapped and traps, and the runtime forwards exactly the
accesses inside the cell's windows (runtime/core/mmio_subpage.h). QEMU virt's
virtio-mmio transports, 512 bytes and 8 to a page, are the everyday case.

Only the first and last page of a window can be partly covered: pages inside
it are its own, so the work is proportional to the number of windows, never to
their size.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import DiagnosticSink
from generator.model import Board, Cell, Region
from generator.units import format_range

PAGE = 4096  # the stage-2 translation granule


@dataclass(frozen=True)
class DeviceWindow:
    device: str  # board device name
    region: Region  # guest == phys: devices are identity-mapped
    forwarded: bool  # True: CF_REGION_SUBPAGE (the page traps); False: whole pages mapped


def _first_page(r: Region) -> int:
    return r.base // PAGE


def _last_page(r: Region) -> int:
    return (r.end - 1) // PAGE


def _bytes_in_page(r: Region, page: int) -> int:
    return max(0, min(r.end, (page + 1) * PAGE) - max(r.base, page * PAGE))


def device_windows(cell: Cell) -> list[DeviceWindow]:
    """The cell's device registers split into mapped whole pages and forwarded windows, by address."""
    regs = sorted(((d.name, r) for d in cell.devices for r in d.regs if r.size > 0),
                  key=lambda item: item[1].base)
    covered: dict[int, int] = {}  # boundary page -> bytes of it the cell's windows cover
    for _name, r in regs:
        for page in {_first_page(r), _last_page(r)}:
            covered[page] = covered.get(page, 0) + _bytes_in_page(r, page)

    def whole(page: int) -> bool:
        return covered.get(page, PAGE) == PAGE  # board devices never overlap (E102)

    out: list[DeviceWindow] = []
    mapped: set[int] = set()  # boundary pages already emitted by an earlier window
    for name, r in regs:
        first, last = _first_page(r), _last_page(r)
        map_first, map_last = first, last
        if not whole(first):
            head_end = min(r.end, (first + 1) * PAGE)
            out.append(DeviceWindow(name, Region(r.base, head_end - r.base), True))
            map_first = first + 1
        if last > first and not whole(last):
            map_last = last - 1
        if map_first in mapped:
            map_first += 1
        if map_first <= map_last:
            out.append(DeviceWindow(name, Region(map_first * PAGE, (map_last - map_first + 1) * PAGE), False))
            mapped.update({map_first, map_last})
        if last > first and not whole(last):
            out.append(DeviceWindow(name, Region(last * PAGE, r.end - last * PAGE), True))
    return out


def forwarded_devices(cell: Cell) -> set[str]:
    """Names of the cell's devices with at least one forwarded window."""
    return {w.device for w in device_windows(cell) if w.forwarded}


def check_forwarded_windows(board: Board, cells: list[Cell], sink: DiagnosticSink) -> None:
    """W010: a forwarded window alone in its page probably under-describes its device.

    Forwarding costs a trap per register access. When a page holds other
    board devices (QEMU virt's virtio-mmio transports) nothing better is
    possible, and saying so on every build would only teach users to ignore
    warnings. When nothing else on the board is in the page, the board file
    most likely gives the device less than the 4 KiB slot the hardware decodes
    for it, and the fix (a 4K reg) maps it directly."""
    frames = list(board.gic.frames)
    for cell in cells:
        owned = {d.name for d in cell.devices}
        warned: set[str] = set()
        for w in device_windows(cell):
            if not w.forwarded or w.device in warned:
                continue
            first = w.region.base // PAGE * PAGE
            page = Region(first, (w.region.end - 1) // PAGE * PAGE + PAGE - first)
            others = [d.name for d in board.devices.values() if d.name not in owned
                      and any(reg.overlaps(page) for reg in d.regs)]
            others += [name for name, region in frames if region.overlaps(page)]
            if others:
                continue
            warned.add(w.device)
            where = next((at for name, at in cell.partition.devices if name == w.device),
                         cell.partition.at("console"))
            sink.warning("W010", where,
                         f"device '{w.device}' does not fill its 4 KiB page "
                         f"({format_range(page.base, page.size)}): every access to its registers "
                         f"traps and the hypervisor forwards it",
                         hint=f"nothing else on board '{board.name}' is in that page; if the hardware "
                              f"decodes nothing else there either, give '{w.device}' the whole page "
                              f"(size: 4K) in {board.file} and it is mapped directly")
