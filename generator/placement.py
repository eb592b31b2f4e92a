"""Where a cell's images go in its RAM (guest-physical addresses), and what the loader copies.

Bare-metal ELF: position-independent images at the start of the cell's RAM,
executables where their program headers say (checked to be inside the RAM).
Linux (arm64 boot protocol): the Image at a 2 MiB-aligned base + text_offset
with image_size bytes free. Any kind: the initrd on the page after the image,
the DTB on top.
In every case the DTB takes the top 64 KiB of the cell's RAM.
"""

from __future__ import annotations

import os

from generator.diagnostics import DiagnosticSink, maybe_meant
from generator.elfimage import ElfError, read_elf
from generator.linuximage import LinuxImageError, read_linux_image
from generator.model import Cell, LoadChunk, Region
from generator.partition import known_baremetal_guests
from generator.units import KIB, MIB, align_up, format_range, format_size

PAGE = 4 * KIB
DTB_RESERVE = 64 * KIB
LINUX_ALIGNMENT = 2 * MIB  # the Image's base must be 2 MiB aligned (arm64 booting rules)


def place_image(cell: Cell, sink: DiagnosticSink) -> None:
    image = cell.partition.image
    if not image.path:
        return  # checking without a build: the guest is not built yet
    ram = cell.guest_ram
    if ram.size <= DTB_RESERVE:
        p = cell.partition
        if ram.size < DTB_RESERVE:
            message = (f"partition '{p.name}' has {format_size(ram.size)} of RAM but its device tree alone takes "
                       f"{format_size(DTB_RESERVE)} ({format_size(DTB_RESERVE - ram.size)} missing), and guest "
                       f"image '{image.value}' needs room besides")
        else:
            message = (f"partition '{p.name}' has {format_size(ram.size)} of RAM, all taken by its device tree: "
                       f"none is left for guest image '{image.value}'")
        sink.error("E232", image.position, message, hint=f"raise 'memory:' in {p.file} (cells usually get 2M or more)")
        return
    cell.dtb_address = ram.end - DTB_RESERVE
    usable = Region(ram.base, cell.dtb_address - ram.base)
    end = _place_linux(cell, usable, sink) if image.kind == "linux" else _place_elf(cell, usable, sink)
    if end is None:
        return
    if image.initrd_value:
        _place_initrd(cell, usable, end, sink)
    if image.cmdline is not None or image.cell_name_arg:
        name_arg = f" cellforge.cell={cell.name}" if image.cell_name_arg else ""
        cell.bootargs = f"{image.cmdline or ''}{name_arg}".strip()


def _place_initrd(cell: Cell, usable: Region, image_end: int, sink: DiagnosticSink) -> None:
    """The initrd goes on the first page after the image (Linux: after image_size), below the DTB."""
    p = cell.partition
    image = p.image
    if not os.path.isfile(image.initrd_path):
        _missing(cell, sink, "initrd", image.initrd_value, image.initrd_path)
        return
    size = os.path.getsize(image.initrd_path)
    base = align_up(image_end, PAGE)
    if base + size > usable.end:
        need = base + size - usable.base + DTB_RESERVE
        sink.error("E232", image.position,
                   f"initrd '{image.initrd_value}' ({format_size(align_up(size, KIB))}) does not fit in partition "
                   f"'{p.name}': after the image (up to {image_end:#x}) {format_size(max(usable.end - base, 0))} "
                   f"are left below the device tree, {format_size(align_up(base + size - usable.end, KIB))} too "
                   "few",
                   hint=f"raise 'memory:' in {p.file} to at least {format_size(align_up(need, 2 * MIB))}"
                        + (" (the kernel also needs room to run)" if image.kind == "linux" else ""))
        return
    if size:
        cell.loads.append(LoadChunk("initrd", image.initrd_path, 0, size, size, base))
    cell.initrd = Region(base, size)


def _missing(cell: Cell, sink: DiagnosticSink, what: str, value: str, path: str) -> None:
    image = cell.partition.image
    if image.kind == "baremetal" and what == "guest image":
        sink.error("E230", image.position, f"bare-metal guest '{value}' was not built"
                   + maybe_meant(value, known_baremetal_guests()),
                   hint="bare-metal guests are guests/baremetal/<name>.c")
    elif (value == "debian" and what == "kernel") or (value == "busybox" and what == "initrd"):
        sink.error("E230", image.position, f"{what} '{value}' was not built ({path})",
                   hint="build with ./cellforge build or meson compile; it is fetched and built in guests/linux")
    else:
        sink.error("E230", image.position, f"{what} '{value}' not found ({path})",
                   hint="a relative path is relative to the partition file")


def _read(cell: Cell, sink: DiagnosticSink, reader, error: type, what: str):
    """The image parsed by reader, or None after reporting why it cannot be used."""
    image = cell.partition.image
    try:
        return reader(image.path)
    except error as e:
        if not os.path.exists(image.path):
            _missing(cell, sink, what, image.value, image.path)
        else:
            sink.error("E231", image.position, f"{what} '{image.value}': {e}")
        return None


def _place_elf(cell: Cell, usable: Region, sink: DiagnosticSink) -> int | None:
    p = cell.partition
    image = p.image
    elf = _read(cell, sink, read_elf, ElfError, "guest image")
    if elf is None:
        return None
    base = usable.base if elf.position_independent else 0
    low, high = elf.span
    if not usable.contains(Region(base + low, max(high - low, 1))):
        if elf.position_independent:
            need = align_up(high, PAGE)
            message = (f"guest image '{image.value}' needs {format_size(need)} but partition '{p.name}' has "
                       f"only {format_size(usable.size)} for it (its {format_size(cell.ram.size)} of RAM minus "
                       f"{format_size(DTB_RESERVE)} for the device tree): {format_size(need - usable.size)} "
                       "missing")
            hint = (f"raise 'memory:' in {p.file} to at least "
                    f"{format_size(align_up(need + DTB_RESERVE, 2 * MIB))}")
        else:
            message = (f"guest image '{image.value}' is linked at {format_range(low, high - low)}, outside "
                       f"partition '{p.name}''s usable RAM {format_range(usable.base, usable.size)}")
            hint = "link the guest position-independent (-static-pie) or pin 'memory:' where it is linked"
        sink.error("E232", image.position, message, hint=hint)
        return None
    cell.entry = base + elf.entry
    for i, segment in enumerate(elf.segments):
        cell.loads.append(LoadChunk(f"{image.value} segment {i}", elf.path, segment.offset,
                                    segment.file_size, segment.mem_size, base + segment.address))
    return base + high


def _place_linux(cell: Cell, usable: Region, sink: DiagnosticSink) -> int | None:
    p = cell.partition
    image = p.image
    kernel = _read(cell, sink, read_linux_image, LinuxImageError, "kernel")
    if kernel is None:
        return None
    kernel_base = align_up(usable.base, LINUX_ALIGNMENT) + kernel.text_offset
    needed_end = kernel_base + kernel.image_size
    if needed_end > usable.end:
        need = needed_end - usable.base + DTB_RESERVE
        sink.error("E232", image.position,
                   f"Linux needs {format_size(align_up(need, MIB))} in partition '{p.name}' (kernel image_size "
                   f"{format_size(align_up(kernel.image_size, KIB))}, device tree 64K) but it has "
                   f"{format_size(cell.ram.size)}",
                   hint=f"raise 'memory:' in {p.file} to at least {format_size(align_up(need, 2 * MIB) + 64 * MIB)}"
                        " (the kernel also needs room to run)")
        return None
    cell.entry = kernel_base
    cell.loads.append(LoadChunk("kernel", kernel.path, 0, kernel.file_size, kernel.image_size, kernel_base))
    return needed_end
