"""Write every build output from the allocated system.

Outputs (all in the build directory, never in the source tree):
  cells.c          const tables (runtime/include/cell_config.h)
  images.S         .incbin of guest ELF segments and DTBs
  hyp_layout.ld    the hypervisor's link address and size
  board_limits.h   compile-time sizes for static per-CPU arrays
  cells/<name>.dts and .dtb   one device tree per cell (dtc)
  report.txt       memory map, CPU and interrupt ownership
  memory-map.svg   the same as a picture; report.html shows both
  qemu.args        how to start QEMU for this board (one argument per line)
  layout.json      the allocation, for tests and tools
Files are rewritten only when their content changes, so Ninja redoes only
what depends on a changed output.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass

import jinja2

from generator.device_windows import device_windows, forwarded_devices
from generator.diagnostics import DiagnosticSink, Position
from generator.model import CELL_PSCI_CONDUIT, GICR_DEFAULT_STRIDE, Board, Cell, LoadChunk
from generator.picture import memory_map_svg, report_html
from generator.placement import DTB_RESERVE
from generator.stage2_tables import cell_pool_pages
from generator.units import align_up, format_range, format_size

PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE_DIR = os.path.join(PROJECT_DIR, "templates")
CONSOLE_KINDS = {"none": "CF_CONSOLE_NONE", "virtual": "CF_CONSOLE_VIRTUAL",
                 "passthrough": "CF_CONSOLE_PASSTHROUGH"}
FAULT_POLICIES = {"stop": "CF_FAULT_STOP", "restart": "CF_FAULT_RESTART", "inject": "CF_FAULT_INJECT"}
DT_SPI, DT_PPI = 0, 1  # first cell of a GIC interrupt specifier
DT_EDGE_RISING, DT_LEVEL_HIGH = 1, 4
# The hypervisor image (code, data, stacks, its own page tables) besides the guest
# images and the cells' stage-2 tables (counted from the cells: stage2_tables.py).
HYPERVISOR_OWN_SIZE = 4 << 20


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             autoescape=False)
    env.filters["cells64"] = lambda v: f"{v >> 32:#x} {v & 0xffffffff:#x}"
    env.filters["dts_string"] = lambda text: text.replace("\\", "\\\\").replace('"', '\\"')
    return env


def write_if_changed(path: str, content: str | bytes) -> None:
    data = content.encode() if isinstance(content, str) else content
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def c_string(text: str) -> str:
    """Escape text for a C string literal (partition names are restricted, paths are not)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


@dataclass(frozen=True)
class Blob:
    symbol: str
    what: str
    path: str
    offset: int
    size: int
    digest: str  # of the embedded bytes: images.S changes whenever they do


def _digest(path: str, offset: int, size: int) -> str:
    """SHA-256 of the bytes .incbin embeds. Ninja tracks images.S, not the files it
    includes, so their content goes into its text: an edited guest is reassembled."""
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        remaining = size
        while remaining:
            chunk = f.read(min(remaining, 1 << 20))
            if not chunk:
                break
            sha.update(chunk)
            remaining -= len(chunk)
    return sha.hexdigest()


def dt_interrupt(irq) -> str:
    kind = DT_PPI if irq.kind == "ppi" else DT_SPI
    flags = DT_EDGE_RISING if irq.trigger == "edge" else DT_LEVEL_HIGH
    return f"<{kind} {irq.number} {flags}>"


def dt_redistributor_stride(board: Board) -> int | None:
    """The arm,gic-v3 `redistributor-stride` a guest needs, None when the default applies."""
    stride = board.gic.redistributor_stride
    return None if stride == GICR_DEFAULT_STRIDE else stride


def emit_device_trees(board: Board, cells: list[Cell], out_dir: str, dtc: str, sink: DiagnosticSink) -> None:
    env = _environment()
    template = env.get_template("cell.dts.j2")
    cells_dir = os.path.join(out_dir, "cells")
    os.makedirs(cells_dir, exist_ok=True)
    console_device = board.console_device
    for cell in cells:
        console = None
        if cell.partition.console != "none":
            console = _dt_device(board, console_device)
        devices = [_dt_device(board, d) for d in cell.devices if d.name != board.console]
        if console:
            devices.insert(0, console)
        t = board.timer
        pmu = None
        if board.pmu is not None:
            pmu = {"compatible": ", ".join(f'"{c}"' for c in board.pmu.compatible),
                   "interrupts": dt_interrupt(board.pmu.interrupt)}
        dts = template.render(
            pmu=pmu,
            board=board, cell=cell, console=console, devices=devices,
            timer_interrupts=", ".join(dt_interrupt(i) for i in
                                       (t.secure_physical, t.physical, t.virtual, t.hypervisor)),
            maintenance_interrupt=dt_interrupt(board.gic.maintenance), psci_conduit=CELL_PSCI_CONDUIT,
            redistributor_stride=dt_redistributor_stride(board))
        dts_path = os.path.join(cells_dir, f"{cell.name}.dts")
        dtb_path = os.path.join(cells_dir, f"{cell.name}.dtb")
        write_if_changed(dts_path, dts)
        result = subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", dtb_path + ".dtc-out", dts_path],
                                capture_output=True, text=True)
        if result.returncode != 0:
            why = result.stderr.strip() or f"{dtc} exited with status {result.returncode}"
            sink.error("E234", Position(cell.partition.file), f"dtc rejected the device tree of cell "
                       f"'{cell.name}' ({dts_path}): {why}",
                       hint="this is a cellforge bug; please report it with the partition file")
            continue
        with open(dtb_path + ".dtc-out", "rb") as f:
            write_if_changed(dtb_path, f.read())
        os.remove(dtb_path + ".dtc-out")
        cell.dtb_file = dtb_path
        size = os.path.getsize(dtb_path)
        if size > DTB_RESERVE:
            _device_tree_too_big(cell, size, sink)
            continue
        cell.loads.append(LoadChunk("device tree", dtb_path, 0, size, size, cell.dtb_address))


def _device_tree_too_big(cell: Cell, size: int, sink: DiagnosticSink) -> None:
    """The loader puts the DTB in the top DTB_RESERVE bytes of the cell's RAM: a larger
    one would run past the RAM, and the hypervisor stops at boot, for every cell."""
    p = cell.partition
    strings = sum(len(v.encode()) + 1 for v, _ in p.chosen.values() if isinstance(v, str))
    if strings:
        where, what = p.at("chosen"), f"its 'chosen:' strings take {strings} bytes"
    elif cell.bootargs:
        where, what = p.at("image"), f"the kernel command line has {len(cell.bootargs)} characters"
    else:
        where, what = p.at("name"), f"the cell has {len(cell.devices)} devices"
    sink.error("E239", where,
               f"the device tree of cell '{p.name}' is {size} bytes, more than the {format_size(DTB_RESERVE)} "
               f"({DTB_RESERVE} bytes) reserved for it at the top of the cell's RAM: {what}",
               hint="shorten the chosen: strings or the cmdline:, or give the cell fewer devices")


def _dt_device(board: Board, device) -> dict:
    base = device.regs[0].base
    node = f"{device.name}@{base:x}"
    primecell = device.is_primecell
    is_pl011 = "arm,pl011" in device.compatible
    return {
        "node": node,
        "compatible": ", ".join(f'"{c}"' for c in device.compatible),
        "reg": ", ".join(f"<{r.base >> 32:#x} {r.base & 0xffffffff:#x} {r.size >> 32:#x} {r.size & 0xffffffff:#x}>"
                         for r in device.regs),
        "interrupts": ", ".join(dt_interrupt(i) for i in device.interrupts),
        "primecell": primecell,
        "clocks": "<&apb_pclk>, <&apb_pclk>" if is_pl011 else "<&apb_pclk>",
        "clock_names": '"uartclk", "apb_pclk"' if is_pl011 else '"apb_pclk"',
        "dma_coherent": device.dma == "coherent",
    }


def plan_blobs(cells: list[Cell]) -> dict[tuple, Blob]:
    """One blob per distinct (file, offset, size): cells running the same guest share it."""
    blobs: dict[tuple, Blob] = {}
    for cell in cells:
        for load in cell.loads:
            key = (os.path.abspath(load.file), load.offset, load.file_size)
            if key not in blobs and load.file_size:
                blobs[key] = Blob(f"cf_blob_{len(blobs)}", f"{load.what} ({os.path.basename(load.file)})",
                                  key[0], load.offset, load.file_size,
                                  _digest(key[0], load.offset, load.file_size))
    return blobs


def check_hypervisor_fits(board: Board, blobs: dict[tuple, Blob], sink: DiagnosticSink) -> None:
    images = align_up(sum(align_up(b.size, 16) for b in blobs.values()), 4096)
    if images + HYPERVISOR_OWN_SIZE > board.hypervisor.size:
        sink.error("E233", board.at("hypervisor"),
                   f"the guest images ({format_size(images)}) and the hypervisor itself "
                   f"(~{format_size(HYPERVISOR_OWN_SIZE)}) need more than the "
                   f"{format_size(board.hypervisor.size)} reserved in 'hypervisor: memory:'",
                   hint="raise the reservation's size in the board file")


def check_stage2_pool_fits(board: Board, blobs: dict[tuple, Blob], cells: list[Cell], cell_pages: list[int],
                           sink: DiagnosticSink) -> None:
    """The stage-2 table pools live in the hypervisor's reservation next to the images;
    each cell gets a pool as large as the largest cell needs (one array in the runtime)."""
    if not cells:
        return
    images = align_up(sum(align_up(b.size, 16) for b in blobs.values()), 4096)
    largest = max(range(len(cells)), key=lambda i: cell_pages[i])
    pages = cell_pages[largest] * len(cells)
    tables = pages * 4096
    if images + HYPERVISOR_OWN_SIZE <= board.hypervisor.size < images + HYPERVISOR_OWN_SIZE + tables:
        sink.error("E241", board.at("hypervisor"),
                   f"cell '{cells[largest].name}' needs {cell_pages[largest]} pages of stage-2 translation tables "
                   f"and each of the {len(cells)} cells gets as many ({format_size(tables)}); with the guest "
                   f"images ({format_size(images)}) and the hypervisor itself (~{format_size(HYPERVISOR_OWN_SIZE)}) "
                   f"that is more than the {format_size(board.hypervisor.size)} reserved in 'hypervisor: memory:'",
                   hint="RAM whose guest and physical addresses differ within 2 MiB (W003) needs a table per "
                        "2 MiB: give it a 2 MiB-aligned guest_base, or raise the reservation's size in the board "
                        "file")


def _irq_words(intids: set[int]) -> list[str]:
    words = [0] * 32
    for intid in intids:
        words[intid // 32] |= 1 << (intid % 32)
    return [f"{w:#010x}" for w in words]


def compress_ranges(numbers) -> str:
    """[1, 2, 3, 7] -> '1-3,7'; '-' for none (the report's and the runtime banner's notation)."""
    numbers = sorted(numbers)
    if not numbers:
        return "-"
    parts, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(parts)


def emit_all(board: Board, cells: list[Cell], out_dir: str, sink: DiagnosticSink) -> None:
    env = _environment()
    blobs = plan_blobs(cells)
    check_hypervisor_fits(board, blobs, sink)
    if sink.error_count:
        return
    device_owner = {d.name: c.index for c in cells for d in c.devices}
    devices = []
    for d in board.devices.values():
        for r in d.regs:
            devices.append({"name": d.name, "compatible": c_string(d.compatible[0]), "base": r.base,
                            "size": r.size, "owner": device_owner.get(d.name, -1)})
    devices.sort(key=lambda d: d["base"])  # the runtime binary-searches by address
    cell_ctx = []
    for cell in cells:
        regions = [{"name": "ram", "phys": cell.ram.base, "guest": cell.guest_ram.base, "size": cell.ram.size,
                    "kind": "CF_REGION_RAM"}]
        if cell.rom is not None:  # firmware: its read-only window (generator/firmware.py)
            regions.append({"name": "rom", "phys": cell.rom.base, "guest": cell.rom_guest, "size": cell.rom.size,
                            "kind": "CF_REGION_ROM"})
        for w in device_windows(cell):
            regions.append({"name": w.device, "phys": w.region.base, "guest": w.region.base,
                            "size": w.region.size,
                            "kind": "CF_REGION_SUBPAGE" if w.forwarded else "CF_REGION_DEVICE"})
        regions.sort(key=lambda r: r["guest"])
        loads = [{"what": c_string(load.what), "symbol": blobs[(os.path.abspath(load.file), load.offset,
                                                                 load.file_size)].symbol,
                  "file_size": load.file_size, "mem_size": load.mem_size, "guest": load.guest}
                 for load in cell.loads if load.file_size]
        cell_ctx.append({
            "index": cell.index, "name": cell.name, "source": c_string(source_path(cell.partition.file)),
            "cpu_mask": cell.cpu_mask, "boot_cpu": cell.cpus[0].index, "regions": regions, "loads": loads,
            "entry": cell.entry, "dtb_guest": cell.dtb_address, "irq_words": _irq_words(cell.intids),
            "console": CONSOLE_KINDS[cell.partition.console], "on_fault": FAULT_POLICIES[cell.partition.on_fault],
            "restart_limit": cell.partition.restart_limit,
        })
    cell_pages = [cell_pool_pages(board, cell, ctx["regions"]) for cell, ctx in zip(cells, cell_ctx)]
    pool_pages = max(cell_pages, default=0)  # the runtime's pools are one array: [cell][pool_pages]
    check_stage2_pool_fits(board, blobs, cells, cell_pages, sink)
    if sink.error_count:
        return
    layout_data = layout(board, cells)
    for entry, ctx, pages in zip(layout_data["cells"], cell_ctx, cell_pages):
        entry["regions"] = [{key: r[key] for key in ("name", "phys", "guest", "size", "kind")}
                            for r in ctx["regions"]]
        entry["stage2_pool_pages"] = pages
    report_text = render_report(env, board, cells, cell_pages)
    svg = memory_map_svg(board, cells)
    outputs = {
        "cells.c": env.get_template("cells.c.j2").render(board=board, cells=cell_ctx, devices=devices,
                                                         blobs=list(blobs.values()),
                                                         console=board.console_device),
        "images.S": env.get_template("images.S.j2").render(blobs=list(blobs.values())),
        "hyp_layout.ld": env.get_template("hyp_layout.ld.j2").render(board=board),
        "board_limits.h": env.get_template("board_limits.h.j2").render(
            board=board, cells=cells, stage2_pool_pages=pool_pages,
            max_subpage_windows=max((sum(w.forwarded for w in device_windows(c)) for c in cells), default=0)),
        "report.txt": report_text,
        "memory-map.svg": svg,
        "report.html": report_html(board, report_text, svg),
        "qemu.args": "".join(arg + "\n" for arg in qemu_args(board, cells, out_dir)),
        "layout.json": json.dumps(layout_data, indent=2) + "\n",
    }
    for name, content in outputs.items():
        write_if_changed(os.path.join(out_dir, name), content)


def source_path(path: str) -> str:
    """A description file as the runtime names it in fault hints: relative to the
    project when it is inside it (the build directory is not where users edit)."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, PROJECT_DIR)
    return absolute if relative.startswith("..") else relative


def qemu_args(board: Board, cells: list[Cell], out_dir: str) -> list[str]:
    """How to start QEMU for this system (the runner adds -kernel and the console):
    the board's machine, plus the devices that back the cells' virtio transports."""
    q = board.qemu
    if q is None:
        return []
    args = ["-machine", q.machine, "-cpu", q.cpu, "-smp", str(q.smp), "-m", f"{q.memory // (1 << 20)}M",
            *q.extra_args]
    # QEMU virt names the bus of the N-th virtio-mmio transport (in address order) virtio-mmio-bus.N.
    transports = sorted((d for d in board.devices.values() if "virtio,mmio" in d.compatible),
                        key=lambda d: d.regs[0].base)
    bus = {d.name: f"virtio-mmio-bus.{i}" for i, d in enumerate(transports)}
    for cell in cells:
        for device, (size, _where) in sorted(cell.partition.qemu_disks.items()):
            image = os.path.abspath(ensure_disk(out_dir, cell.name, device, size))
            drive = f"{cell.name}-{device}"
            args += ["-drive", f"if=none,id={drive},format=raw,file={image}",
                     "-device", f"virtio-blk-device,drive={drive},bus={bus[device]}"]
    return args


def ensure_disk(out_dir: str, cell: str, device: str, size: int) -> str:
    """The cell's disk image: created (sparse, zero-filled) when missing, kept across builds
    so what a guest wrote survives a rebuild; grown, never shrunk, when the size changes."""
    disks = os.path.join(out_dir, "disks")
    os.makedirs(disks, exist_ok=True)
    path = os.path.join(disks, f"{cell}-{device}.img")
    if not os.path.exists(path) or os.path.getsize(path) < size:
        with open(path, "ab") as f:
            f.truncate(size)
    return path


def layout(board: Board, cells: list[Cell]) -> dict:
    return {
        "board": board.name,
        "cpus": {c.name: c.mpidr for c in board.cpus.values()},
        "hypervisor": {"base": board.hypervisor.base, "size": board.hypervisor.size},
        "cells": [{
            "name": c.name, "file": c.partition.file, "cpus": [cpu.name for cpu in c.cpus],
            "ram": {"base": c.ram.base, "size": c.ram.size, "guest_base": c.guest_ram.base},
            "devices": [d.name for d in c.devices], "intids": sorted(c.intids),
            # devices whose page the cell shares: trapped, each access forwarded by the hypervisor
            "forwarded_devices": sorted(forwarded_devices(c)),
            "console": c.partition.console, "on_fault": c.partition.on_fault,
            "entry": c.entry, "dtb": c.dtb_address,
        } for c in cells],
    }


def render_report(env: jinja2.Environment, board: Board, cells: list[Cell], stage2_pages: list[int]) -> str:
    rows = []
    for bank in board.ram.values():
        rows.append((bank.region.base, bank.region.size, f"RAM bank '{bank.name}'", 0))
    rows.append((board.hypervisor.base, board.hypervisor.size, "hypervisor", 1))
    for cell in cells:
        rows.append((cell.ram.base, cell.ram.size, f"cell '{cell.name}' RAM", 1))
        if cell.rom is not None:
            rows.append((cell.rom.base, cell.rom.size,
                         f"cell '{cell.name}' read-only firmware window (guest {cell.rom_guest:#x})", 1))
    owner = {d.name: c.name for c in cells for d in c.devices}
    forwarded = {name for c in cells for name in forwarded_devices(c)}
    for d in board.devices.values():
        for r in d.regs:
            who = owner.get(d.name, "hypervisor" if d.name == board.console else "unassigned")
            if d.name in forwarded:
                who += " (shares a page: trapped, accesses forwarded)"
            rows.append((r.base, r.size, f"device '{d.name}' ({d.compatible[0]}) -> {who}", 1))
    rows.append((board.gic.distributor.base, board.gic.distributor.size, "GIC distributor -> hypervisor", 1))
    rows.append((board.gic.redistributors.base, board.gic.redistributors.size,
                 "GIC redistributors -> hypervisor", 1))
    rows.sort(key=lambda r: (r[0], r[3]))
    memory_map = [{"range": format_range(base, size), "size": format_size(size), "what": what}
                  for base, size, what, _ in rows]
    cpu_owner = {cpu.name: c.name for c in cells for cpu in c.cpus}
    cpu_rows = [{"cpu": cpu.name, "mpidr": f"{cpu.mpidr:#x}", "owner": cpu_owner.get(cpu.name, "(idle)")}
                for cpu in board.cpus.values()]
    irq_rows = [{"owner": c.name, "irqs": compress_ranges(i for i in c.intids if i >= 32)} for c in cells]
    cell_rows = [{
        "name": c.name, "file": c.partition.file, "cpus": ", ".join(cpu.name for cpu in c.cpus),
        "ram": f"{format_range(c.ram.base, c.ram.size)} ({format_size(c.ram.size)})"
               + (f", seen by the guest at {c.guest_ram.base:#x}" if c.guest_ram != c.ram else ""),
        "devices": ", ".join(d.name + (" (forwarded)" if d.name in forwarded else "") for d in c.devices) or "-",
        "console": c.partition.console,
        "on_fault": c.partition.on_fault, "image": f"{c.partition.image.kind} {c.partition.image.value}",
        "entry": f"{c.entry:#x}", "dtb": f"{c.dtb_address:#x}",
        "stage2": f"{pages} table pages",
    } for c, pages in zip(cells, stage2_pages)]
    return env.get_template("report.txt.j2").render(
        board=board, cells=cells, memory_map=memory_map, cpu_rows=cpu_rows, irq_rows=irq_rows,
        cell_rows=cell_rows, hypervisor_irqs=compress_ranges(sorted(board.hypervisor_intids())),
        stage2_pool=max(stage2_pages, default=0))
