"""The EL1 physical timer and set/way cache maintenance in cells.

  test_ptimer.py --system ptimer --build-root DIR

Cell 'ptimer' (guests/baremetal/ptimer.c) uses CNTP_CTL/CVAL/TVAL_EL0 at EL1 and
takes TICKS interrupts on the physical timer's PPI through the GIC, then leaves
the timer armed and asks for SYSTEM_RESET: restarted once, its second run must
find the timer stopped with its compare value 0. Cell 'setway'
(guests/baremetal/setway_probe.c) cleans its caches by set/way with them off. A
victim keeps a checksum of its memory and records every interrupt it receives.

The verdicts are the hypervisor's where the guest cannot tell: no FAULT line at
all (a trapped CNTP access or set/way operation would be one), the ptimer's
interrupts injected by the hypervisor (its 'dev' interrupt counter), the setway
cell's 'setway' exit counter equal to the operations it made, the victim's
checksum constant and no interrupt but its own timer.
"""

from __future__ import annotations

import re
import sys

from banner import boot, report
from systems import system_from_command_line
from test_cells import COMMON, check

TICKS = 20
RUNS = 2  # the first run and the restart after its SYSTEM_RESET

RULES = [
    (r"^\[hv\] FAULT ", 0),
    (r"^\[ptimer\] ptimer: entry cntp_ctl 0x0 cntp_cval 0x0$", RUNS),
    (r"^\[ptimer\] ptimer: entry ", RUNS),
    (r"^\[ptimer\] ptimer: intid 30, ", RUNS),
    (rf"^\[ptimer\] ptimer: ticks {TICKS} \(tval {TICKS // 2}, cval {TICKS // 2}\) in \d+ us", RUNS),
    (r"^\[ptimer\] ptimer: result ok$", RUNS),
    (r"^\[ptimer\] ptimer: left armed, cntp_ctl 0x1; system reset$", RUNS),
    (r"^\[hv\] cell 'ptimer' restarting \(system reset, restart 1 of 1\)$", 1),
    (r"^\[hv\] cell 'ptimer' reached its restart limit \(1\) at a system reset; stopped$", 1),
    (r"^\[setway\] setway_probe: level 1 \d+ sets x \d+ ways", 1),
    (r"^\[setway\] setway_probe: uncached read after clean: 512/512 words intact$", 1),
    (r"^\[setway\] setway_probe: done$", 1),
    (r"^\[hv\] cell 'setway' stopped \(system off\)$", 1),
    (r"^\[victim\] VICTIM done ", 1),
    (r"^\[victim\] VICTIM irq intid", 0),
]


def check_counters(output: str) -> list[str]:
    problems = []
    output = output.replace("\r", "")
    ops = re.search(r"^\[setway\] setway_probe: ops cisw (\d+) csw (\d+) isw (\d+) total (\d+)$", output, re.M)
    stats = re.search(r"^\[hv\] stats cell 'setway': exits .* setway (\d+) ", output, re.M)
    if not ops or not stats:
        problems.append("missing the setway cell's operation count or the hypervisor's counter for it")
    else:
        if min(int(ops.group(n)) for n in (1, 2, 3)) == 0:
            problems.append(f"the probe did not use all three set/way operations: {ops.group(0)}")
        if int(stats.group(1)) != int(ops.group(4)):
            problems.append(f"hypervisor counter setway for cell 'setway' is {stats.group(1)}, the probe "
                            f"made {ops.group(4)} set/way operations")
    other = re.findall(r"^\[hv\] stats cell '(ptimer|victim)': exits .* setway (\d+) ", output, re.M)
    if any(int(n) for _, n in other):
        problems.append(f"set/way exits counted for cells that made none: {other}")
    dev = re.search(r"^\[hv\] stats cell 'ptimer': exits .*; irqs timer \d+ dev (\d+) ", output, re.M)
    if not dev or int(dev.group(1)) < RUNS * TICKS:
        problems.append(f"the hypervisor injected {dev.group(1) if dev else '?'} device/PPI interrupts into "
                        f"'ptimer', expected at least {RUNS * TICKS} physical timer ticks")
    sums = set(re.findall(r"^\[victim\] VICTIM (?:start|heartbeat|done) .*?checksum (0x[0-9a-f]+)", output, re.M))
    if len(sums) != 1:
        problems.append(f"the victim's memory checksum changed: {sorted(sums)}")
    return problems


def main() -> int:
    system = system_from_command_line(["ptimer"])
    result = boot(system.image, system.qemu_args, timeout=180)
    problems = check(result.output, RULES + COMMON, ["ptimer", "setway", "victim"])
    problems += check_counters(result.output)
    if not result.exited:
        problems.append(f"QEMU did not exit by itself within {result.seconds:.0f} s")
    code = report(problems, result)
    for line in result.output.splitlines():
        if re.search(r"ptimer: (ticks|late|counters)|setway_probe: (level|ops)|stats cell 'setway':", line):
            print(line.rstrip())
    return code


if __name__ == "__main__":
    sys.exit(main())
