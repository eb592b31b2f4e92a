"""Two cells own neighbouring virtio-mmio transports of one 4 KiB page.

  test_subpage.py --system subpage --build-root DIR

Cell 'left' owns virtio4 (0x0a000800), cell 'right' virtio5 (0x0a000a00); the
page also holds six transports nobody owns. Each cell runs subpage_probe: it
reads its own MagicValue/Version/DeviceID and writes its Status, then tries a
load pair on its own window (no syndrome: never forwarded), four accesses to
its neighbour's registers, and the words just before and after its window.

The verdict is the hypervisor's: every refused access must have its own FAULT
line (address, direction) followed by the line naming the board device there,
and the cell's exit statistics must show exactly its own four accesses
forwarded ('subpage') and the six refused ones as faults. A hypervisor that
maps the page instead (no trap) forwards nothing and logs no fault; one that
forwards any offset of the page forwards the neighbour's registers too.
"""

from __future__ import annotations

import re
import sys

from banner import boot, load_layout, report
from systems import system_from_command_line
from test_cells import COMMON, check

VIRTIO_MAGIC = 0x74726976  # "virt"
WINDOW = 0x200
CELLS = {  # cell: (its transport, its base, the neighbour cell, the neighbour's transport, base)
    "left": ("virtio4", 0x0a000800, "right", "virtio5", 0x0a000a00),
    "right": ("virtio5", 0x0a000a00, "left", "virtio4", 0x0a000800),
}
# Board devices just before and just after each window, and who owns them.
BEFORE = {"left": ("virtio3", None), "right": ("virtio4", "left")}
AFTER = {"left": ("virtio5", "right"), "right": ("virtio6", None)}
FORWARDED = 4  # three reads and a write of its own registers
REFUSED = 7  # the load pair, four neighbour accesses, a word before and one after the window
READ = r"\(read, 4 bytes\)"
WRITE = r"\(write, 4 bytes\)"
NO_SYNDROME = r"the hardware cannot describe \(ISV=0[^)]*\)"


def owner_text(cell: str, owner: str | None) -> str:
    if owner:
        return rf"assigned to cell '{owner}'"
    return rf"not assigned to cell '{cell}'; add it to devices: in \S*{cell}\.yaml"


def rules_for(cell: str) -> list[tuple]:
    own_dev, own, other, other_dev, neighbour = CELLS[cell]
    c = re.escape(cell)
    rules = [
        (rf"^\[{c}\] subpage_probe: own {own:#x} magic {VIRTIO_MAGIC:#x} version 0x[12] device-id 0x0$", 1),
        (rf"^\[{c}\] subpage_probe: own {own:#x} write status: ok$", 1),
        (rf"^\[{c}\] subpage_probe: own {own:#x} ldp: abort$", 1),
        (rf"^\[{c}\] subpage_probe: neighbour 0x[0-9a-f]+ [a-z -]+: abort ESR 0x[0-9a-f]+ FAR 0x[0-9a-f]+$", 6),
        (rf"^\[{c}\] .*NOT contained", 0),
        (rf"^\[{c}\] subpage_probe: (done|missing)", 1),
        (rf"^\[{c}\] subpage_probe: done$", 1),
        (rf"^\[hv\] FAULT cell '{c}' ", REFUSED),
        (rf"^\[hv\]   policy inject: synchronous external abort injected into cell '{c}'$", REFUSED),
        (rf"^\[hv\] summary cell '{c}': state stopped \(system off\), exits .* uart \d+ subpage {FORWARDED} "
         rf".* faults {REFUSED}, restarts 0$", 1),
    ]
    return rules


def fault_pairs(cell: str) -> list[tuple[str, str]]:
    """(FAULT line, the next line) for each refused access, in the order the probe makes them."""
    own_dev, own, other, other_dev, neighbour = CELLS[cell]
    before_dev, before_owner = BEFORE[cell]
    after_dev, after_owner = AFTER[cell]
    c = re.escape(cell)
    fault = rf"^\[hv\] FAULT cell '{c}' cpu\d+: data abort {{}} at 0x{{:08x}}, pc 0x[0-9a-f]+$"
    names = r"^\[hv\]   0x{:08x} is board device '{}' \(virtio,mmio\), {}$"
    accesses = [  # (address, what the report says of the access, device, owner)
        (own, NO_SYNDROME, own_dev, owner_text(cell, cell)),
        (neighbour + 0x000, READ, other_dev, owner_text(cell, other)),
        (neighbour + 0x008, READ, other_dev, owner_text(cell, other)),
        (neighbour + 0x030, WRITE, other_dev, owner_text(cell, other)),
        (neighbour + 0x070, WRITE, other_dev, owner_text(cell, other)),
        (own - 4, READ, before_dev, owner_text(cell, before_owner)),
        (own + WINDOW + 4, READ, after_dev, owner_text(cell, after_owner)),
    ]
    return [(fault.format(kind, addr), names.format(addr, dev, who)) for addr, kind, dev, who in accesses]


def check_fault_log(output: str) -> list[str]:
    """Each refused access is logged once, at its address, naming the board device there."""
    problems = []
    lines = [line.rstrip("\r") for line in output.splitlines()]
    for cell in CELLS:
        for fault, names in fault_pairs(cell):
            at = [i for i, line in enumerate(lines) if re.search(fault, line)]
            if len(at) != 1:
                problems.append(f"{len(at)} lines match {fault!r}, expected 1")
            elif at[0] + 1 >= len(lines) or not re.search(names, lines[at[0] + 1]):
                following = lines[at[0] + 1] if at[0] + 1 < len(lines) else "(end)"
                problems.append(f"after {lines[at[0]]!r}: {following!r} does not match {names!r}")
    return problems


def main() -> int:
    system = system_from_command_line(["subpage"])
    layout = load_layout(system.layout)
    rules = [r for cell in CELLS for r in rules_for(cell)] + COMMON
    result = boot(system.image, system.qemu_args, timeout=90)
    problems = check(result.output, rules, [c["name"] for c in layout["cells"]])
    for cell in layout["cells"]:
        if cell["forwarded_devices"] != [CELLS[cell["name"]][0]]:
            problems.append(f"generator: cell '{cell['name']}' forwards {cell['forwarded_devices']}, "
                            f"expected [{CELLS[cell['name']][0]!r}]")
    problems += check_fault_log(result.output)
    if not result.exited:
        problems.append(f"QEMU did not exit by itself within {result.seconds:.0f} s")
    return report(problems, result)


if __name__ == "__main__":
    sys.exit(main())
