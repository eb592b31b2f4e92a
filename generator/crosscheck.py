"""Read each emitted DTB back and check it against the cell tables.

The device tree and the C tables come from the same model, so a disagreement
is a generator bug — but it is exactly the bug class (DT and config drifting
apart) cellforge exists to rule out, so every build proves it did not happen.
"""

from __future__ import annotations

from generator.diagnostics import DiagnosticSink, Position
from generator.fdt_read import FdtError, read_fdt
from generator.model import CELL_PSCI_CONDUIT, GICR_DEFAULT_STRIDE, Board, Cell, Region

GIC_SPI, GIC_PPI = 0, 1


def _pairs64(values: list[int]) -> list[int]:
    return [(values[i] << 32) | values[i + 1] for i in range(0, len(values) - 1, 2)]


def _intids(node) -> list[int]:
    cells = node.cells("interrupts")
    return [number + (32 if kind == GIC_SPI else 16) for kind, number in zip(cells[0::3], cells[1::3])]


def dtb_mismatches(board: Board, cell: Cell, blob: bytes) -> list[str]:
    """Every way the DTB disagrees with what the tables give the cell (empty: they agree)."""
    try:
        root = read_fdt(blob)
    except FdtError as e:
        return [f"unreadable DTB: {e}"]
    problems = []
    ram = cell.guest_ram
    memory = [n for n in root.children if n.string("device_type") == "memory"]
    banks = [tuple(_pairs64(n.cells("reg"))) for n in memory]
    if banks != [(ram.base, ram.size)]:
        shown = ", ".join(" ".join(f"{v:#x}" for v in bank) for bank in banks) or "none"
        problems.append(f"memory nodes say {shown} but the cell's RAM is {ram.base:#x} {ram.size:#x}")
    cpus = next((n for n in root.children if n.name == "cpus"), None)
    dt_mpidrs = [] if cpus is None else [_pairs64(c.cells("reg"))[0] for c in cpus.children
                                         if c.string("device_type") == "cpu"]
    if dt_mpidrs != [c.mpidr for c in cell.cpus]:
        problems.append(f"cpu nodes have MPIDRs {[hex(m) for m in dt_mpidrs]} but the cell has "
                        f"{[hex(c.mpidr) for c in cell.cpus]}")
    owned_regions = [reg for d in cell.devices for reg in d.regs]
    console = board.console_device
    virtual_console = cell.partition.console == "virtual"
    if virtual_console:
        owned_regions += list(console.regs)  # emulated at the board console's address
    allowed_intids = set(cell.intids)
    if virtual_console:
        allowed_intids |= {irq.intid for irq in console.interrupts}
    special = {"memory", "cpus", "chosen", "aliases", "psci", "timer", "apb-pclk"}
    listed_intids: set[int] = set()
    for node in root.children:
        base_name = node.name.split("@")[0]
        if node.string("device_type") == "memory" or base_name in special:
            continue
        if "interrupt-controller" in node.properties:
            continue  # the GIC: the hypervisor's (virtualized), not a passthrough device
        for base, size in zip(*[iter(_pairs64(node.cells("reg")))] * 2):
            if not any(r.contains(Region(base, size)) for r in owned_regions):
                problems.append(f"node {node.path} has reg {base:#x}+{size:#x} outside the cell's devices")
        for intid in _intids(node):
            listed_intids.add(intid)
            if intid not in allowed_intids:
                problems.append(f"node {node.path} uses INTID {intid}, which the cell does not own")
    problems += _gic_and_psci_mismatches(board, root)
    device_intids = {irq.intid for d in cell.devices for irq in d.interrupts}
    for intid in sorted(device_intids - listed_intids):
        problems.append(f"the cell owns INTID {intid} of a device, but no node lists it")
    return problems


def _gic_and_psci_mismatches(board: Board, root) -> list[str]:
    """The GIC geometry and the PSCI conduit the guest reads are those the hypervisor uses."""
    problems = []
    psci = next((n for n in root.children if n.name == "psci"), None)
    method = psci.string("method") if psci else "(no /psci node)"
    if method != CELL_PSCI_CONDUIT:
        problems.append(f"/psci says method '{method}' but the hypervisor answers PSCI by "
                        f"'{CELL_PSCI_CONDUIT}' only")
    gic = next((n for n in root.children if "interrupt-controller" in n.properties), None)
    if gic is None:
        return problems + ["no interrupt controller node"]
    if "redistributor-stride" in gic.properties:
        values = _pairs64(gic.cells("redistributor-stride"))
        stride = values[0] if len(values) == 1 else None
    else:
        stride = GICR_DEFAULT_STRIDE  # the binding's default: 128 KiB frame sets
    if stride != board.gic.redistributor_stride:
        shown = "malformed" if stride is None else f"{stride:#x}"
        problems.append(f"node {gic.path} gives a redistributor stride of {shown} but the board's is "
                        f"{board.gic.redistributor_stride:#x}")
    return problems


def crosscheck(board: Board, cells: list[Cell], sink: DiagnosticSink) -> None:
    for cell in cells:
        with open(cell.dtb_file, "rb") as f:
            problems = dtb_mismatches(board, cell, f.read())
        for problem in problems:
            sink.error("E235", Position(cell.partition.file),
                       f"generated device tree of cell '{cell.name}' disagrees with its tables: {problem}",
                       hint="this is a cellforge bug; please report it with the board and partition files")
