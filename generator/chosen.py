"""Extra /chosen properties a partition asks for (`chosen:`), resolved against the system.

References name facts the generator knows — another cell's RAM or CPUs, a
board device's registers or interrupt, the hypervisor's RAM — so guests that
need them (test inmates, cooperating cells) never hard-code an address.
Values become `cellforge,<key>` properties: numbers as 64-bit cells,
regions as <base size> pairs of 64-bit cells, CPU lists as 64-bit MPIDRs,
interrupts as their SPI number.
"""

from __future__ import annotations

from generator.diagnostics import DiagnosticSink, maybe_meant
from generator.model import Board, Cell

NUL = "\0"


def _cells64(*values: int) -> str:
    return "<" + " ".join(f"{v >> 32:#x} {v & 0xffffffff:#x}" for v in values) + ">"


def resolve_chosen(board: Board, cells: list[Cell], sink: DiagnosticSink) -> None:
    by_name = {c.name: c for c in cells}
    for cell in cells:
        for key, (value, where) in cell.partition.chosen.items():
            prop = f"cellforge,{key}"
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, int):
                cell.chosen.append((prop, _cells64(value)))
            elif isinstance(value, str) and NUL in value:
                cut = value.index(NUL)
                sink.error("E240", where, f"chosen '{key}': the string contains a NUL byte at offset {cut}; "
                           f"the guest would see only {value[:cut]!r}",
                           hint="remove the \\0 from the string (device tree strings end at the first NUL)")
            elif isinstance(value, str):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                cell.chosen.append((prop, f'"{escaped}"'))
            elif "ram_of" in value or "cpus_of" in value:
                name = value.get("ram_of") or value.get("cpus_of")
                other = by_name.get(name)
                if other is None:
                    sink.error("E237", where, f"chosen '{key}': no partition named '{name}'"
                               + maybe_meant(name, by_name))
                elif "ram_of" in value:
                    cell.chosen.append((prop, _cells64(other.ram.base, other.ram.size)))
                else:
                    cell.chosen.append((prop, _cells64(*(c.mpidr for c in other.cpus))))
            elif "device" in value or "interrupt_of" in value:
                name = value.get("device") or value.get("interrupt_of")
                device = board.devices.get(name)
                if device is None:
                    sink.error("E237", where, f"chosen '{key}': device '{name}' is not on board '{board.name}'"
                               + maybe_meant(name, board.devices))
                elif "device" in value:
                    cell.chosen.append((prop, _cells64(device.regs[0].base, device.regs[0].size)))
                elif not device.interrupts or device.interrupts[0].kind != "spi":
                    sink.error("E237", where, f"chosen '{key}': device '{name}' has no SPI")
                else:
                    cell.chosen.append((prop, f"<{device.interrupts[0].number}>"))
            else:  # {hypervisor: ram}
                cell.chosen.append((prop, _cells64(board.hypervisor.base, board.hypervisor.size)))
