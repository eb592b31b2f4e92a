"""`image: firmware:` -- a raw binary run from a read-only window, like a boot flash.

This is what QEMU's `-bios` gives a program such as Debian's U-Boot for QEMU arm64:
the binary at a fixed guest address (0 by default), entered at its first byte, that
cannot write to itself, and a device tree at the start of RAM (where U-Boot's
qemu_arm64 build looks for it; x0 holds its address as well).

The window is backed by board RAM of its own, allocated after every cell's RAM (so
adding a firmware cell never moves another cell), rounded up to 2 MiB so stage 2
maps it with blocks. The hypervisor copies the binary there at every cell start and
maps it read-only and executable (CF_REGION_ROM): a guest write is a fault.
"""

from __future__ import annotations

import os

from generator.diagnostics import DiagnosticSink, Position
from generator.model import Board, Cell, ImageRef, LoadChunk, Region
from generator.units import MIB, NotationError, align_up, format_range, format_size, parse_address, parse_size

ROM_ALIGNMENT = 2 * MIB  # stage-2 block size: the window and its backing are whole blocks
IPA_LIMIT = 1 << 40  # the cells' stage-2 input range (runtime/arch/arm64/stage2.h)
# Firmware cellforge fetches itself: name -> file in its build directory (guests/uboot).
FIRMWARE_BUILT = {"u-boot-qemu": "u-boot.bin"}


def firmware_ref(spec: dict, path_as_written: str, where: Position, uboot_dir: str) -> ImageRef:
    """The ImageRef of an `image: firmware:` (the schema checked its shape)."""
    name = spec["file"]
    if name in FIRMWARE_BUILT:
        path = os.path.join(uboot_dir, FIRMWARE_BUILT[name]) if uboot_dir else ""
    else:
        path = path_as_written
    try:
        at = parse_address(spec.get("at", 0))
    except NotationError:
        at = -1  # reported by place_firmware (E250) with the partition's position
    try:
        size = parse_size(spec["size"]) if "size" in spec else 0
    except NotationError:
        size = -1
    return ImageRef("firmware", name, path, where, firmware_at=at, firmware_size=size)


def rom_size(cell: Cell) -> int:
    """Backing needed for the cell's firmware window (0: no firmware, or not built yet)."""
    image = cell.partition.image
    if image.kind != "firmware" or not image.path or not os.path.isfile(image.path):
        return 0
    binary = os.path.getsize(image.path)
    if image.firmware_size < 0 or image.firmware_size % ROM_ALIGNMENT or 0 < image.firmware_size < binary:
        return 0  # place_firmware says why (E250)
    return image.firmware_size or align_up(max(binary, 1), ROM_ALIGNMENT)


def assign_roms(board: Board, cells: list[Cell], sink: DiagnosticSink) -> None:
    """Back every firmware window with free board RAM, after all cells' RAM is placed."""
    used = [board.hypervisor] + [c.ram for c in cells]
    for cell in cells:
        size = rom_size(cell)
        if not size:
            continue
        region = _first_free(board, used, size)
        if region is None:
            sink.error("E251", cell.partition.image.position,
                       f"no free 2 MiB-aligned board RAM of {format_size(size)} is left for the read-only window "
                       f"of firmware '{cell.partition.image.value}' in partition '{cell.name}'",
                       hint="the window is backed by RAM of its own besides the cell's 'memory:'; give some cell "
                            "less memory")
            continue
        cell.rom = region
        cell.rom_guest = cell.partition.image.firmware_at
        used.append(region)


def _first_free(board: Board, used: list[Region], size: int) -> Region | None:
    for bank in sorted(board.ram.values(), key=lambda b: b.region.base):
        base = align_up(bank.region.base, ROM_ALIGNMENT)
        while base + size <= bank.region.end:
            candidate = Region(base, size)
            blocker = next((u for u in used if u.overlaps(candidate)), None)
            if blocker is None:
                return candidate
            base = align_up(blocker.end, ROM_ALIGNMENT)
    return None


def place_firmware(board: Board, cell: Cell, dtb_reserve: int, sink: DiagnosticSink) -> None:
    """Entry, loads and DTB address of a firmware cell (its window is already backed)."""
    p = cell.partition
    image = p.image
    at = image.firmware_at
    if at < 0 or at % ROM_ALIGNMENT:
        sink.error("E250", image.position, f"firmware window address of partition '{p.name}' must be a 2 MiB-"
                   "aligned address" + (f", not {at:#x}" if at >= 0 else ""),
                   hint="write 'at:' as e.g. 0x0 (where a boot flash is)")
        return
    if image.path and os.path.isfile(image.path):
        binary = os.path.getsize(image.path)
        size = image.firmware_size
        if size < 0 or size % ROM_ALIGNMENT or 0 < size < binary:
            sink.error("E250", image.position, f"firmware window size of partition '{p.name}' must be a multiple "
                       f"of 2 MiB holding the binary ({format_size(binary)})"
                       + (f", not {format_size(size)}" if size > 0 else ""),
                       hint=f"write 'size:' as e.g. {format_size(align_up(binary, ROM_ALIGNMENT))}, or leave it out")
            return
    if cell.rom is None:
        return  # not built yet (checking only), or E251 already said why
    window = Region(at, cell.rom.size)
    ram = cell.guest_ram
    blockers = [("the cell's RAM", ram), ("the GIC distributor", board.gic.distributor),
                ("the GIC redistributors", board.gic.redistributors)]
    blockers += [(f"device '{d.name}'", reg) for d in cell.devices for reg in d.regs]
    if p.console == "virtual":
        blockers.append((f"the virtual console at the address of '{board.console}'", board.console_device.regs[0]))
    for what, region in blockers:
        if region.size and window.overlaps(region):
            sink.error("E250", image.position, f"the read-only window of firmware '{image.value}' "
                       f"{format_range(window.base, window.size)} overlaps {what} at "
                       f"{format_range(region.base, region.size)}",
                       hint="move it with 'at:' to guest addresses the cell does not use")
            return
    if window.end > IPA_LIMIT:
        sink.error("E250", image.position, f"the read-only window of firmware '{image.value}' "
                   f"{format_range(window.base, window.size)} ends above the 40-bit guest-physical address space")
        return
    if ram.size <= dtb_reserve:
        sink.error("E232", image.position, f"partition '{p.name}' has {format_size(ram.size)} of RAM; firmware "
                   f"needs its {format_size(dtb_reserve)} device tree there and room to run",
                   hint=f"raise 'memory:' in {p.file}")
        return
    size = os.path.getsize(image.path)
    cell.entry = at
    cell.dtb_address = ram.base  # where QEMU puts it for -bios, and U-Boot's qemu_arm64 looks
    cell.loads.append(LoadChunk(f"firmware {image.value}", image.path, 0, size, size, at))
