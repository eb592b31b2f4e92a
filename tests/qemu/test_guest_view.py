"""What a guest sees of the machine: the PMU and its overflow interrupt, boot arguments.

  test_guest_view.py --system pmu|guest-args --build-root DIR

pmu: 'counter' (cpu0) makes its PMU's event counter and cycle counter overflow and
must take exactly one PMU interrupt (PPI 23, from its device tree's pmu node) per
overflow; 'quiet' (cpu1) enables the same PPI without programming its PMU and must
receive nothing while its neighbour overflows; 'penguin' (Debian's kernel) binds its
PMU driver to the pmu node: an armv8_pmuv3 perf event source and the arm-pmu PPI.

guest-args: bare-metal cells get exactly their partition's cmdline: in
/chosen/bootargs (cellforge.cell=<name> only with cell_name_arg: true), no bootargs
without one, and the initrd: file in their RAM, byte for byte (FNV-1a over the file).
"""

from __future__ import annotations

import os
import re
import sys

from banner import boot, load_layout, report
from systems import SYSTEMS_DIR, system_from_command_line
from test_cells import COMMON, check

SWINC_ROUNDS = CYCLE_ROUNDS = 3


def fnv1a(data: bytes) -> int:
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def pmu_rules() -> list:
    rules = [(r"^\[counter\] counter: pmu node intid 23$", 1),
             (r"^\[quiet\] quiet: pmu node intid 23$", 1)]
    rules += [(rf"^\[counter\] counter: pmu swinc overflow {i} irq ok$", 1) for i in range(1, SWINC_ROUNDS + 1)]
    rules += [(rf"^\[counter\] counter: pmu cycle overflow {i} irq ok$", 1) for i in range(1, CYCLE_ROUNDS + 1)]
    rules += [(r"MISSING", 0),
              # one interrupt per overflow: none lost, none delivered twice
              (rf"^\[counter\] counter: pmu irqs {SWINC_ROUNDS + CYCLE_ROUNDS} counter0 {SWINC_ROUNDS} "
               rf"cycle {CYCLE_ROUNDS} other-intids 0$", 1),
              # the neighbour's overflows never reach this cell, though it enabled the PPI
              (r"^\[quiet\] quiet: pmu quiet irqs 0 in \d+ ms$", 1),
              (r"^\[quiet\] quiet: pmu irqs 0 counter0 0 cycle 0 other-intids 0$", 1),
              (r"^\[counter\] counter: done$", 1), (r"^\[quiet\] quiet: done$", 1),
              # Debian's kernel bound its PMU driver to the pmu node and requested the PPI
              (r"^\[penguin\] cellforge-linux: pmu event source armv8_pmuv3(_\d+)? type \d+$", 1),
              (r"^\[penguin\] cellforge-linux: pmu irq \d+: .*arm-pmu", 1),
              (r"^\[penguin\] cellforge-linux: script pmu exited with status 0$", 1)]
    return rules


def args_rules() -> list:
    with open(os.path.join(SYSTEMS_DIR, "guest-args", "payload.txt"), "rb") as f:
        payload = f.read()
    words = ["mode=check", "count=3", "last"]
    rules = [(r'^\[args\] args: bootargs "mode=check  count=3 last"$', 1),
             (rf"^\[args\] args: argc {len(words)}$", 1)]
    rules += [(rf'^\[args\] args: arg {i} "{re.escape(w)}"$', 1) for i, w in enumerate(words)]
    rules += [(rf"^\[args\] args: initrd 0x[0-9a-f]+-0x[0-9a-f]+ size {len(payload)} "
               rf"fnv1a 0x{fnv1a(payload):08x}$", 1),
              (r'^\[named\] named: bootargs "one cellforge.cell=named"$', 1),
              (r"^\[named\] named: argc 2$", 1),
              (r"^\[named\] named: initrd none$", 1),
              (r"^\[silent\] silent: bootargs none$", 1),
              (r"^\[silent\] silent: initrd none$", 1),
              (r"cellforge\.cell=(args|silent)", 0)]
    rules += [(rf"^\[{c}\] {c}: done$", 1) for c in ("args", "named", "silent")]
    return rules


def main() -> int:
    system = system_from_command_line(["pmu", "guest-args"])
    layout = load_layout(system.layout)
    rules = (pmu_rules() if system.name == "pmu" else args_rules()) + COMMON
    result = boot(system.image, system.qemu_args, timeout=120)
    problems = check(result.output, rules, [c["name"] for c in layout["cells"]])
    if not result.exited:
        problems.append(f"QEMU did not exit by itself within {result.seconds:.0f} s")
    return report(problems, result)


if __name__ == "__main__":
    sys.exit(main())
