"""Write an imported board as a commented board file (YAML written by hand, so
the comments sit next to what they explain)."""

from __future__ import annotations

import json
import textwrap

from generator.board_import.classify import Imported
from generator.units import GIB, KIB, MIB, format_range


def size_text(size: int) -> str:
    for unit, factor in (("G", GIB), ("M", MIB), ("K", KIB)):
        if size >= factor and size % factor == 0 and (unit != "K" or size < MIB):
            return f"{size // factor}{unit}"
    return f"{size:#x}"


def addr(value: int) -> str:
    return f"{value:#010x}"


def region(base: int, size: int) -> str:
    return f"{{base: {addr(base)}, size: {size_text(size)}}}"


def _comment_block(lines: list[str], prefix: str = "# ", width: int = 96) -> list[str]:
    out = []
    for line in lines:
        wrapped = textwrap.wrap(line, width=width - len(prefix), subsequent_indent="  ",
                                break_long_words=False, break_on_hyphens=False) or [""]
        out += [(prefix + w).rstrip() for w in wrapped]
    return out


def emit(imp: Imported) -> str:
    o: list[str] = ["# yaml-language-server: $schema=../generator/schema/board.schema.json", "#"]
    o += _comment_block([f"Imported by `cellforge board import` from {imp.source}.",
                         "A starting point: every value below comes from the device tree unless a comment "
                         "says otherwise. Review the TODO(human) items before trusting it."], "# ")
    if imp.non_psci_cpus:
        o.append("#")
        o += _comment_block(["WARNING: the CPUs use enable-method "
                             + ", ".join(sorted({repr(m) for _, m in imp.non_psci_cpus}))
                             + ", not PSCI. cellforge needs PSCI firmware, e.g. TF-A's bl31, to start secondary "
                               "CPUs."])
    if imp.todos:
        o.append("#")
        o.append("# TODO(human):")
        for todo in imp.todos:
            o += _comment_block([f"- {todo}"], "#   ")
    if imp.notes:
        o.append("#")
        o.append("# Notes:")
        for note in imp.notes:
            o += _comment_block([f"- {note}"], "#   ")
    o.append(f"board: {imp.name}")
    o.append(f"description: {json.dumps(imp.description)}")
    o.append("")
    o.append("cpus:")
    for name, mpidr, method in imp.cpus:
        tail = "" if method == "psci" else f"  # enable-method: {method}"
        o.append(f"  {name}: {{mpidr: {mpidr:#x}}}{tail}")
    o.append("")
    o.append("memory:")
    if imp.ram_placeholder:
        o.append("  # TODO(human): PLACEHOLDER — the device tree does not give the RAM size (see above).")
    for name, base, size in imp.ram:
        o.append(f"  {name}: {region(base, size)}")
    if imp.reserved:
        o.append("  # Reserved in the device tree (cells must not get these; check they are outside "
                 "the RAM the generator hands out):")
        for what, base, size in imp.reserved:
            o.append(f"  #   {what}: {format_range(base, size)}")
    o.append("")
    o.append("# TODO(human): review this: 64 MiB at the first free 2 MiB boundary of the first RAM bank.")
    o.append("# The hypervisor image is linked and loaded here; it grows with the guest images it holds.")
    o.append("hypervisor:")
    o.append(f"  memory: {region(*imp.hypervisor)}")
    o.append("")
    o += _gic(imp)
    o.append("")
    o.append("timer:")
    for key, value in imp.timer.items():
        o.append(f"  {key}: {value}")
    o.append("")
    if imp.pmu is not None:
        o.append("# The CPUs' PMUv3: every cell gets a PMU node and this PPI on its own CPUs.")
        o.append("pmu:")
        o.append(f"  interrupt: {imp.pmu['interrupt']}")
        compatible = imp.pmu["compatible"]
        o.append(f"  compatible: {json.dumps(compatible[0]) if len(compatible) == 1 else json.dumps(compatible)}")
        o.append("")
    o.append("psci:")
    if not imp.psci_found:
        o.append("  # TODO(human): no /psci node in the device tree; smc assumed.")
    elif imp.psci_hvc:
        o.append("  # TODO(human): the device tree says hvc; the hypervisor calls firmware by smc (E108).")
    o.append(f"  conduit: {imp.psci_conduit}")
    o.append("")
    o.append(f"console: {imp.console}")
    if imp.apb_pclk:
        o.append("")
        o.append("clocks:")
        o.append(f"  apb_pclk: {imp.apb_pclk}")
    o.append("")
    o.append("devices:")
    if not imp.devices:
        o.append("  {}")
    for dev in imp.devices:
        o += _device(dev)
    if imp.qemu:
        q = imp.qemu
        o.append("")
        o.append("# QEMU's virt machine (compatible linux,dummy-virt); virtualization=on is needed for EL2.")
        o.append("qemu:")
        o.append(f"  machine: {q['machine']}")
        o.append(f"  cpu: {q['cpu']}")
        o.append(f"  smp: {q['smp']}")
        o.append(f"  memory: {size_text(q['memory'])}")
    if imp.disabled:
        o.append("")
        o.append(f"# Disabled in the device tree (status not \"okay\"), not imported ({len(imp.disabled)}):")
        o += [f"#   {path}" for path in imp.disabled]
    if imp.not_imported:
        o.append("")
        o.append(f"# Not imported ({len(imp.not_imported)}):")
        for path, reason in imp.not_imported:
            o += _comment_block([f"not imported: {path}: {reason}"], "#   ")
    return "\n".join(o) + "\n"


def _gic(imp: Imported) -> list[str]:
    g = imp.gic
    o = []
    spis_comment = (f"  # not in the device tree (GICD_TYPER has it): the highest SPI referenced is "
                    f"{g['highest_spi']}, rounded up to a multiple of 32 — TODO(human): check the SoC manual")
    if g["type"] == "gicv3":
        o.append(f"# {g['path']} (arm,gic-v3)")
        o.append("interrupt_controller:")
        o.append("  type: gicv3")
        o.append(f"  distributor: {region(*g['distributor'])}")
        base, size, stride = g["redistributors"]
        o.append(f"  redistributors: {{base: {addr(base)}, size: {size_text(size)}, stride: {size_text(stride)}}}")
    else:
        o.append(f"# {g['path']} ({g['compatible']}), addresses as the CPUs see them (translated through 'ranges').")
        o.append("# TODO(human): GICv2 is not supported by the cellforge runtime yet: `check` accepts this")
        o.append("# board, `build` refuses it.")
        o.append("interrupt_controller:")
        o.append("  type: gicv2")
        for key in ("distributor", "cpu_interface", "hypervisor_interface", "virtual_cpu_interface"):
            if key in g:
                o.append(f"  {key}: {region(*g[key])}")
    o.append(f"  maintenance_interrupt: {g['maintenance']}")
    o.append(f"  spis: {g['spis']}")
    o.append(spis_comment)
    return o


def _device(dev) -> list[str]:
    o = []
    for c in dev.comments:
        o += _comment_block([c], "  # ")
    o.append(f"  {dev.name}:  # {dev.path}")
    compat = json.dumps(dev.compatible[0]) if len(dev.compatible) == 1 else \
        "[" + ", ".join(json.dumps(c) for c in dev.compatible) + "]"
    o.append(f"    compatible: {compat}")
    if len(dev.regs) == 1:
        o.append(f"    reg: {region(*dev.regs[0])}")
    else:
        o.append("    reg:")
        o += [f"      - {region(*r)}" for r in dev.regs]
    if dev.interrupts:
        o.append(f"    interrupts: [{', '.join(dev.interrupts)}]")
    if dev.dma != "none":
        o.append(f"    dma: {dev.dma}")
    if not dev.assignable:
        o.append("    assignable: false")
    return o
