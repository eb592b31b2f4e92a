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

from generator.model import Cell, Region

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
