"""Decide who gets what: CPUs, devices, interrupts, RAM, and where images go.

Pinned choices are checked first, then the rest is allocated in partition
order (partition files sorted by name), so a system always allocates the same
way. Every conflict is reported at the place in the partition file that asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.chosen import resolve_chosen
from generator.device_windows import check_forwarded_windows
from generator.diagnostics import DiagnosticSink, Position, maybe_meant
from generator.firmware import assign_roms, place_firmware
from generator.model import Board, Cell, Cpu, Device, Partition, Region
from generator.placement import DTB_RESERVE, PAGE, place_image  # noqa: F401 (DTB_RESERVE re-exported)
from generator.units import KIB, MIB, align_up, format_range, format_size

RAM_ALIGNMENT = 2 * MIB  # stage-2 block size with a 4 KiB granule
# SGIs a guest may use among its own CPUs: all but the hypervisor's.
GUEST_SGIS = range(0, 14)


@dataclass
class _Claim:
    owner: str
    position: Position


def allocate(board: Board, partitions: list[Partition], sink: DiagnosticSink) -> list[Cell] | None:
    errors_before = sink.error_count
    _check_names(partitions, sink)
    cpus = _assign_cpus(board, partitions, sink)
    devices = _assign_devices(board, partitions, sink)
    intids = _assign_interrupts(board, partitions, devices, sink)
    _check_qemu_backing(board, partitions, devices, sink)
    _check_dma(board, partitions, devices, sink)
    ram = _assign_memory(board, partitions, sink)
    if sink.error_count != errors_before:
        return None
    cells = [Cell(index, p, cpus[p.name], ram[p.name], devices[p.name], intids[p.name])
             for index, p in enumerate(partitions)]
    resolve_chosen(board, cells, sink)
    for cell in cells:
        _check_guest_window(board, cell, sink)
    check_forwarded_windows(board, cells, sink)
    if sink.error_count != errors_before:
        return None
    assign_roms(board, cells, sink)
    for cell in cells:
        if cell.partition.image.kind == "firmware":
            place_firmware(board, cell, DTB_RESERVE, sink)
        else:
            place_image(cell, sink)
    return None if sink.error_count != errors_before else cells


def _check_names(partitions: list[Partition], sink: DiagnosticSink) -> None:
    seen: dict[str, Partition] = {}
    for p in partitions:
        if p.name in seen:
            sink.error("E201", p.at("name"), f"partition name '{p.name}' is already used",
                       notes=[(seen[p.name].at("name"), "first used here")])
        seen.setdefault(p.name, p)
    passthrough = [p for p in partitions if p.console == "passthrough"]
    for p in passthrough[1:]:
        sink.error("E215", p.at("console"),
                   f"partition '{p.name}' wants the physical console, but '{passthrough[0].name}' already has it",
                   hint="only one cell can own the UART; use 'console: virtual' for the others",
                   notes=[(passthrough[0].at("console"), "taken here")])


def _assign_cpus(board: Board, partitions: list[Partition], sink: DiagnosticSink) -> dict[str, list[Cpu]]:
    taken: dict[str, _Claim] = {}
    result: dict[str, list[Cpu]] = {p.name: [] for p in partitions}
    for p in partitions:
        for name, where in p.cpu_names or []:
            if name not in board.cpus:
                sink.error("E202", where, f"CPU '{name}' is not on board '{board.name}'"
                           + maybe_meant(name, board.cpus),
                           hint=f"board CPUs: {', '.join(board.cpus)}")
            elif name in taken:
                claim = taken[name]
                sink.error("E210", where, f"{name} is already given to partition '{claim.owner}'",
                           notes=[(claim.position, f"given to '{claim.owner}' here")])
            else:
                taken[name] = _Claim(p.name, where)
                result[p.name].append(board.cpus[name])
    for p in partitions:
        if p.cpu_count is None:
            continue
        free = [cpu for name, cpu in board.cpus.items() if name not in taken]
        if len(free) < p.cpu_count:
            owners = _owner_summary(taken)
            sink.error("E211", p.at("cpus"),
                       f"partition '{p.name}' asks for {p.cpu_count} CPU{'s' if p.cpu_count > 1 else ''} "
                       f"but only {len(free)} of the board's {len(board.cpus)} {'is' if len(free) == 1 else 'are'} left",
                       hint=f"taken: {owners}" if owners else None)
            continue
        for cpu in free[:p.cpu_count]:
            taken[cpu.name] = _Claim(p.name, p.at("cpus"))
            result[p.name].append(cpu)
    for cpus in result.values():
        cpus.sort(key=lambda c: c.index)
    return result


def _assign_devices(board: Board, partitions: list[Partition], sink: DiagnosticSink) -> dict[str, list[Device]]:
    taken: dict[str, _Claim] = {}
    result: dict[str, list[Device]] = {p.name: [] for p in partitions}
    for p in partitions:
        for name, where in p.devices:
            device = board.devices.get(name)
            if device is None:
                sink.error("E203", where, f"device '{name}' is not on board '{board.name}'"
                           + maybe_meant(name, board.devices))
            elif name == board.console:
                sink.error("E204", where, f"'{name}' is the board console, which the hypervisor owns",
                           hint="to give this cell the physical UART, write 'console: passthrough' instead")
            elif not device.assignable:
                sink.error("E204", where, f"device '{name}' cannot be assigned to a cell",
                           hint=f"board {board.file} marks it 'assignable: false'")
            elif name in taken:
                claim = taken[name]
                sink.error("E212", where, f"device '{name}' is already given to partition '{claim.owner}'",
                           notes=[(claim.position, f"given to '{claim.owner}' here")])
            else:
                taken[name] = _Claim(p.name, where)
                result[p.name].append(device)
        if p.console == "passthrough" and board.console not in taken:
            taken[board.console] = _Claim(p.name, p.at("console"))
            result[p.name].append(board.console_device)
    return result


def _check_qemu_backing(board: Board, partitions: list[Partition], devices: dict[str, list[Device]],
                        sink: DiagnosticSink) -> None:
    """A QEMU disk can only back a virtio-mmio transport the cell owns, on a board QEMU emulates."""
    for p in partitions:
        owned = {d.name: d for d in devices[p.name]}
        for name, (_size, where) in p.qemu_disks.items():
            device = owned.get(name)
            if board.qemu is None:
                sink.error("E236", where, f"board '{board.name}' has no qemu: section, so QEMU cannot back '{name}'")
            elif device is None:
                sink.error("E236", where, f"'{name}' is not a device of partition '{p.name}'"
                           + maybe_meant(name, list(owned)),
                           hint=f"list it under devices: in {p.file} first")
            elif "virtio,mmio" not in device.compatible:
                sink.error("E236", where, f"'{name}' is not a virtio-mmio transport; QEMU disks attach to those")


def _check_dma(board: Board, partitions: list[Partition], devices: dict[str, list[Device]],
               sink: DiagnosticSink) -> None:
    """Without an IOMMU a DMA-capable device reaches all memory: say so unless the partition accepted it."""
    for p in partitions:
        accepted = {name for name, _ in p.dma_unprotected}
        owned = {d.name for d in devices[p.name]}
        for name, where in p.dma_unprotected:
            if name not in owned:
                sink.error("E238", where, f"dma_unprotected names '{name}', which is not a device of partition "
                           f"'{p.name}'" + maybe_meant(name, owned))
        for device in devices[p.name]:
            if device.dma != "none" and device.name not in accepted:
                where = next((w for n, w in p.devices if n == device.name), p.at("console"))
                sink.warning("W004", where,
                             f"device '{device.name}' can do DMA and board '{board.name}' has no IOMMU: cell "
                             f"'{p.name}' can read and write all memory through it, other cells' and the "
                             "hypervisor's included",
                             hint=f"if you accept that, list it under dma_unprotected: in {p.file}")


def _assign_interrupts(board: Board, partitions: list[Partition], devices: dict[str, list[Device]],
                       sink: DiagnosticSink) -> dict[str, set[int]]:
    reserved = board.hypervisor_intids()
    if not any(p.console == "passthrough" for p in partitions):
        reserved |= {irq.intid for irq in board.console_device.interrupts}
    every_cell = board.every_cell_ppis()
    per_cpu = set(GUEST_SGIS) | set(every_cell)
    device_of = {irq.intid: d for d in board.devices.values() for irq in d.interrupts if irq.kind == "spi"}
    device_owner = {d.name: p for p in partitions for d in devices[p.name]}
    taken: dict[int, _Claim] = {}
    result: dict[str, set[int]] = {}
    for p in partitions:
        owned = set(per_cpu)
        wanted: list[tuple[int, str, Position]] = []
        for device in devices[p.name]:
            where = next((w for n, w in p.devices if n == device.name), p.at("console"))
            wanted += [(irq.intid, f"{irq} (of device '{device.name}')", where) for irq in device.interrupts]
        for irq, where in p.interrupts:
            if irq.intid in every_cell:
                sink.error("E217", where, f"{irq} is {every_cell[irq.intid]}, which every cell owns on its "
                           "own CPUs", hint="remove it from 'interrupts:'; the cell's device tree describes it")
                continue
            device = device_of.get(irq.intid)
            owner = device_owner.get(device.name) if device else None
            if device is None or owner is p or irq.intid in reserved:
                wanted.append((irq.intid, str(irq), where))
            else:
                _device_interrupt_claimed(board, p, irq, where, device, owner, sink)
        for intid, label, where in wanted:
            if intid > board.gic.max_intid:
                sink.error("E105", where, f"{label} (INTID {intid}) is beyond the board's "
                           f"{board.gic.spi_count} SPIs")
            elif intid in reserved:
                sink.error("E214", where, f"{label} (INTID {intid}) is reserved by the hypervisor",
                           hint=_reserved_reason(board, intid))
            elif intid < 32:
                owned.add(intid)  # banked per CPU: each cell has its own copy
            elif intid in taken and taken[intid].owner != p.name:
                claim = taken[intid]
                sink.error("E213", where, f"{label} is already owned by partition '{claim.owner}'",
                           notes=[(claim.position, f"owned by '{claim.owner}' through here")])
            else:
                taken.setdefault(intid, _Claim(p.name, where))
                owned.add(intid)
        result[p.name] = owned
    return result


def _device_interrupt_claimed(board: Board, p: Partition, irq, where: Position, device: Device,
                              owner: Partition | None, sink: DiagnosticSink) -> None:
    """`interrupts:` named the SPI of a board device: refused here, at the claim, whoever
    (if anyone) owns the device, because the device drives that line."""
    message = f"{irq} is the interrupt of board device '{device.name}'"
    notes = [(device.position, f"'{device.name}' defined here")]
    if owner is not None:
        message += f", which partition '{owner.name}' owns"
        taken_at = next((w for n, w in owner.devices if n == device.name), owner.at("console"))
        notes.append((taken_at, f"given to '{owner.name}' here"))
    elif not device.assignable:
        message += ", which no cell may own"
    if not device.assignable:
        hint = f"board {board.file} marks '{device.name}' 'assignable: false'; remove {irq} from 'interrupts:'"
    elif device.name == board.console:
        hint = (f"the interrupt comes with the UART: write 'console: passthrough' instead"
                + (f" (and 'console: virtual' in {owner.file})" if owner else ""))
    else:
        hint = (f"a device's interrupt comes with the device: list '{device.name}' under 'devices:' instead"
                + (f" (and remove it from {owner.file})" if owner else ""))
    sink.error("E216", where, message, hint=hint, notes=notes)


def _reserved_reason(board: Board, intid: int) -> str:
    if intid == board.gic.maintenance.intid:
        return "it is the GIC maintenance interrupt"
    if intid == board.timer.hypervisor.intid:
        return "it is the hypervisor's own timer"
    if intid == board.timer.secure_physical.intid:
        return "it is the secure physical timer, which no cell can use"
    if any(irq.intid == intid for irq in board.console_device.interrupts):
        return "it is the console UART's interrupt; 'console: passthrough' gives the UART to a cell"
    return "the hypervisor uses SGIs 14 and 15 between its CPUs; guests have SGIs 0-13"


def _assign_memory(board: Board, partitions: list[Partition], sink: DiagnosticSink) -> dict[str, Region]:
    result: dict[str, Region] = {}
    pinned_claims: list[tuple[Region, Partition]] = []
    for p in partitions:
        if p.memory_size % PAGE:
            sink.error("E220", p.at("memory"), f"memory size {p.memory_size:#x} is not a multiple of 4 KiB",
                       hint=f"use {format_size(align_up(p.memory_size, 2 * MIB))}")
            continue
        if p.memory_size % RAM_ALIGNMENT:
            sink.warning("W002", p.at("memory"), f"memory size {format_size(p.memory_size)} is not a multiple of 2 MiB",
                         hint="stage-2 then needs 4 KiB pages at the end instead of 2 MiB blocks")
        region = p.memory_pinned
        if region is None:
            continue
        where = p.at("memory.base")
        if region.base % PAGE:
            sink.error("E221", where, f"pinned memory base {region.base:#x} is not 4 KiB aligned")
            continue
        if region.base % RAM_ALIGNMENT:
            sink.warning("W001", where, f"pinned memory base {region.base:#x} is not 2 MiB aligned",
                         hint="stage-2 then maps it with 4 KiB pages, which costs TLB reach")
        ok = True
        if not any(bank.region.contains(region) for bank in board.ram.values()):
            banks = ", ".join(f"{b.name} {format_range(b.region.base, b.region.size)}" for b in board.ram.values())
            sink.error("E222", where, f"memory {format_range(region.base, region.size)} is not inside the board's RAM",
                       hint=f"board RAM: {banks}")
            ok = False
        if region.overlaps(board.hypervisor):
            sink.error("E223", where, f"memory {format_range(region.base, region.size)} overlaps the hypervisor's "
                       f"{format_range(board.hypervisor.base, board.hypervisor.size)}",
                       hint=f"cell RAM must start at or above {board.hypervisor.end:#x}")
            ok = False
        for device in board.devices.values():
            for reg in device.regs:
                if region.overlaps(reg):
                    sink.error("E226", where, f"memory {format_range(region.base, region.size)} overlaps "
                               f"device '{device.name}' at {format_range(reg.base, reg.size)}")
                    ok = False
        for other, other_p in pinned_claims:
            if region.overlaps(other):
                sink.error("E224", where, f"memory {format_range(region.base, region.size)} overlaps partition "
                           f"'{other_p.name}' at {format_range(other.base, other.size)}",
                           notes=[(other_p.at("memory.base"), f"'{other_p.name}' pinned here")])
                ok = False
        if ok:
            pinned_claims.append((region, p))
            result[p.name] = region
    free = _free_ram(board, [r for r, _ in pinned_claims])
    for p in partitions:
        if p.memory_pinned is not None or p.memory_size % PAGE:
            continue
        placed = _first_fit(free, p.memory_size)
        if placed is None:
            listing = ", ".join(f"{format_range(r.base, r.size)} ({format_size(r.size)})" for r in free) or "none"
            sink.error("E225", p.at("memory"),
                       f"no free 2 MiB-aligned RAM of {format_size(p.memory_size)} is left for partition '{p.name}'",
                       hint=f"free RAM: {listing}")
            continue
        result[p.name] = placed
        free = _subtract(free, Region(placed.base, align_up(placed.size, RAM_ALIGNMENT)))
    return result


def _free_ram(board: Board, pinned: list[Region]) -> list[Region]:
    free = [bank.region for bank in board.ram.values()]
    for used in [board.hypervisor] + pinned:
        free = _subtract(free, used)
    return free


def _subtract(regions: list[Region], used: Region) -> list[Region]:
    out = []
    for r in regions:
        if not r.overlaps(used):
            out.append(r)
            continue
        if r.base < used.base:
            out.append(Region(r.base, used.base - r.base))
        if used.end < r.end:
            out.append(Region(used.end, r.end - used.end))
    return sorted(out, key=lambda r: r.base)


def _first_fit(free: list[Region], size: int) -> Region | None:
    for r in free:
        base = align_up(r.base, RAM_ALIGNMENT)
        if base + size <= r.end:
            return Region(base, size)
    return None


def _check_guest_window(board: Board, cell: Cell, sink: DiagnosticSink) -> None:
    """A cell may see its RAM at another guest-physical address, unless a device
    of the cell does DMA: the device would use the guest's addresses as physical."""
    p = cell.partition
    guest_base = p.memory_guest_base
    if guest_base is None:
        return
    where = p.at("memory.guest_base")
    dma = [d.name for d in cell.devices if d.dma != "none"]
    if dma:
        sink.error("E227", where, f"partition '{p.name}' moves its RAM to guest address {guest_base:#x} but owns "
                   f"DMA-capable device{'s' if len(dma) > 1 else ''} {', '.join(repr(d) for d in dma)}",
                   hint="a device's DMA uses physical addresses, so a cell with DMA devices must be identity "
                        "mapped: remove guest_base or the devices")
        return
    if guest_base % PAGE:
        sink.error("E228", where, f"guest_base {guest_base:#x} is not 4 KiB aligned")
        return
    if guest_base % RAM_ALIGNMENT != cell.ram.base % RAM_ALIGNMENT:
        sink.warning("W003", where, f"guest_base {guest_base:#x} and the physical base {cell.ram.base:#x} "
                     "differ in their offset within 2 MiB",
                     hint="stage-2 can then only use 4 KiB pages; use a 2 MiB-aligned guest_base")
    window = cell.guest_ram
    taken = [(f"device '{d.name}'", reg) for d in cell.devices for reg in d.regs]
    if p.console == "virtual":
        taken += [(f"the virtual console at the address of '{board.console}'", board.console_device.regs[0])]
    taken += [("the GIC distributor", board.gic.distributor), ("the GIC redistributors", board.gic.redistributors)]
    for what, region in taken:
        if window.overlaps(region):
            sink.error("E229", where, f"guest RAM {format_range(window.base, window.size)} would hide {what} at "
                       f"{format_range(region.base, region.size)}",
                       hint="choose a guest_base where the cell sees no device")
    if window.end - 1 > (1 << 40) - 1:
        sink.error("E229", where, f"guest RAM {format_range(window.base, window.size)} ends above the 40-bit "
                   "guest-physical address space")


def _owner_summary(taken: dict[str, _Claim]) -> str:
    by_owner: dict[str, list[str]] = {}
    for cpu, claim in taken.items():
        by_owner.setdefault(claim.owner, []).append(cpu)
    return "; ".join(f"{owner}: {', '.join(cpus)}" for owner, cpus in by_owner.items())
