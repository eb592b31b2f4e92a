"""Boot a test system and check what its cells and the hypervisor print.

  test_cells.py --system NAME --build-root DIR

Each system's expectations are patterns over the console lines: some must
appear (a given number of times), some must never appear. Every line must come
from the hypervisor ([hv]) or one cell ([<cell>]) and carry exactly one prefix:
the console mux never interleaves lines.
"""

from __future__ import annotations

import re
import sys

from banner import boot, load_layout, report
from systems import system_from_command_line

ANY = None  # at least once

EXPECT: dict[str, list[tuple[str, int | None]]] = {
    "fault-stop": [
        (r"^\[hv\] FAULT cell 'faulter' cpu\d+: data abort \(read, 4 bytes\) at 0x0a003e00, pc 0x[0-9a-f]+$", 1),
        (r"^\[hv\]   0x0a003e00 is board device 'virtio31' \(virtio,mmio\), not assigned to cell 'faulter'; "
         r"add it to devices: in \S*faulter\.yaml$", 1),
        (r"^\[hv\]   policy stop: cell 'faulter' stopped$", 1),
        (r"^\[faulter\] faulter: read returned", 0),
        (r"^\[bystander\] bystander: all 2 CPUs up$", 1),
        (r"^\[bystander\] bystander: done$", 1),
    ],
    "fault-restart": [
        (r"^\[faulter\] faulter: start \(boot 1\)$", 3),
        (r"^\[faulter\] faulter: start \(boot [2-9]", 0),
        (r"^\[faulter\] faulter: memory clean$", 3),
        (r"DIRTY", 0),
        (r"^\[hv\]   policy restart: cell 'faulter' restarting \(restart 1 of 2\)$", 1),
        (r"^\[hv\]   policy restart: cell 'faulter' restarting \(restart 2 of 2\)$", 1),
        (r"^\[hv\]   policy restart: cell 'faulter' reached its restart limit \(2\); stopped$", 1),
        (r"^\[bystander\] bystander: done$", 1),
        # Restart hygiene: every run finds what the first found, though each dirtied it all.
        *[(rf"^\[faulter\] faulter: reset {what} clean$", 3)
          for what in ("fp", "fpcr-fpsr", "pmu", "pmu-counters", "debug", "oslock", "sgi", "sgi-sibling")],
        *[(rf"^\[faulter\] faulter: dirtied {what}$", 3) for what in ("fp", "pmu", "debug", "spi", "virtio")],
        (r"^\[faulter\] faulter: sent SGI 3 to cpu 0x[0-9a-f]+, which is off$", 3),
        (r"^\[faulter\] faulter: spi 48 trigger level$", 3),
        (r"^\[faulter\] faulter: virtio 0xa000000 status 0x0$", 3),
    ],
    "fault-inject": [
        (r"^\[hv\]   policy inject: synchronous external abort injected into cell 'faulter'$", 1),
        (r"^\[faulter\] faulter: abort injected ESR 0x[0-9a-f]+ FAR 0x0*a003e00$", 1),
        (r"^\[faulter\] faulter: survived$", 1),
        (r"^\[faulter\] faulter: read returned", 0),
        (r"^\[bystander\] bystander: done$", 1),
    ],
    "psci": [
        (r"^\[prober\] psci_probe: CPU_ON 0x2 -> DENIED", 1),
        (r"^\[prober\] psci_probe: CPU_ON 0x3 -> DENIED", 1),
        (r"^\[prober\] psci_probe: CPU_ON 0x4 -> INVALID_PARAMETERS", 1),
        (r"^\[prober\] psci_probe: CPU_ON 0x1 -> SUCCESS", 1),
        (r"^\[prober\] psci_probe: cpu 0x1 up$", 1),
        (r"^\[prober\] psci_probe: cpu 0x[2-7] up", 0),
        (r"^\[prober\] psci_probe: done$", 1),
        (r"^\[neighbour\] hello from neighbour", 1),
        (r"^\[neighbour\] neighbour: all 2 CPUs up$", 1),
        (r"^\[neighbour\] neighbour: done$", 1),
        (r"^\[prober\] psci_probe: SMCCC_VERSION -> 1\.1$", 1),
        (r"^\[prober\] psci_probe: PSCI_FEATURES SMCCC_VERSION -> SUCCESS \(0\)$", 1),
        # Both CPUs of 'prober' end with CPU_OFF: the cell stops and the machine powers off.
        (r"^\[prober\] psci_probe: CPU_OFF returned$", 0),
        (r"^\[hv\] cell 'prober' stopped \(all CPUs off\)$", 1),
        (r"^\[hv\] summary cell 'prober': state stopped \(all CPUs off\),", 1),
    ],
    "system-off": [
        (r"^\[hv\] cell 'quick' stopped \(system off\)$", 1),
        # the other cell goes on after 'quick' switched itself off
        (r"^\[lingerer\] lingerer: still here 5$", 1, r"^\[hv\] cell 'quick' stopped \(system off\)$"),
        (r"^\[lingerer\] lingerer: done$", 1),
    ],
    "passthrough": [
        # the passthrough cell writes the UART itself: its lines carry no prefix
        (r"^\[direct\]", 0),
        (r"^\[hv\] cell 'direct' stopped \(system off\)$", 1),
        (r"^\[hv\] cell 'muxed' stopped \(system off\)$", 1),
    ],
}
UNPREFIXED_OK = {"passthrough"}
# Text that must arrive in order but may be interleaved character by character with
# other output: a passthrough cell and the hypervisor write one UART independently.
EXPECT_IN_ORDER = {
    "passthrough": ["hello from direct on cpu mpidr 0x", "direct: all 1 CPUs up", "direct: done",
                    "[muxed] hello from muxed on cpu mpidr 0x", "[muxed] muxed: done"],
}
COMMON = [
    (r"^\[hv\] all cells stopped; system off$", 1),
    (r"PANIC", 0),
]


def hello_expectations(layout: dict) -> list[tuple[str, int | None]]:
    """Every cell runs the hello guest: says hello, brings up all its CPUs, finishes."""
    rules = []
    for cell in layout["cells"]:
        name = re.escape(cell["name"])
        rules += [(rf"^\[{name}\] hello from {name} on cpu mpidr 0x[0-9a-f]+$", 1),
                  (rf"^\[{name}\] {name}: all {len(cell['cpus'])} CPUs up$", 1),
                  (rf"^\[{name}\] {name}: done$", 1),
                  (rf"^\[hv\] cell '{name}' stopped \(system off\)$", 1)]
    return rules


# What a cell must hear from SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_n), given what the
# firmware said about the CPU (DEN 0028: 0 needed and implemented, 1 this CPU is not
# affected, -1 not supported, -2 not required). The hypervisor calls _1/_3 on every guest
# exit and enables _2 for good at boot, which makes _2 "not required" for the guest.
def guest_workaround_answer(n: int, firmware: int) -> int:
    if n == 2:
        return {0: -2, 1: 1, -2: -2}.get(firmware, -1)
    return firmware if firmware in (0, 1) else -1


def smccc_rules(output: str) -> list[tuple[str, int | None]]:
    """The prober's workaround answers, from the firmware line of the CPU it ran on."""
    mpidr = re.search(r"^\[prober\] psci_probe: SMCCC workarounds on cpu (0x[0-9a-f]+)", output, re.M)
    if not mpidr:
        return [(r"^\[prober\] psci_probe: SMCCC workarounds on cpu", 1)]
    cpu = re.search(rf"^\[hv\] (cpu\d+) mpidr {mpidr.group(1)} online", output, re.M)
    firmware = cpu and re.search(rf"^\[hv\] {cpu.group(1)} firmware: .* ARCH_WORKAROUND_1 (-?\d+) "
                                 r"_2 (-?\d+) _3 (-?\d+);", output, re.M)
    if not firmware:
        return [(r"^\[hv\] cpu\d+ firmware: ", 1), ("firmware line of the prober's CPU", 1)]
    rules = []
    for n in (1, 2, 3):
        answer = guest_workaround_answer(n, int(firmware.group(n)))
        call = -1 if answer == -1 else 0
        rules += [(rf"^\[prober\] psci_probe: SMCCC_ARCH_FEATURES ARCH_WORKAROUND_{n} -> {answer}$", 1),
                  (rf"^\[prober\] psci_probe: ARCH_WORKAROUND_{n} -> {call}$", 1)]
    return rules


def _first(lines: list[str], pattern: str) -> int | None:
    return next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)


def check(output: str, rules, cells: list[str], prefixed: bool = True) -> list[str]:
    """rules: (pattern, count) or (pattern, count, must_come_after_pattern)."""
    problems = []
    lines = [line.rstrip("\r") for line in output.splitlines()]
    for pattern, count, *after in rules:
        found = sum(1 for line in lines if re.search(pattern, line))
        if count is ANY and found == 0:
            problems.append(f"no line matches {pattern!r}")
        elif count is not ANY and found != count:
            problems.append(f"{found} lines match {pattern!r}, expected {count}")
        if after and found:
            first, earlier = _first(lines, pattern), _first(lines, after[0])
            if earlier is None or first < earlier:
                problems.append(f"{pattern!r} does not come after {after[0]!r}")
    if not prefixed:
        return problems
    prefixes = ["[hv] "] + [f"[{c}] " for c in cells]
    for line in lines:
        if not line.strip():
            continue
        owners = [p for p in prefixes if p in line]
        if not line.startswith(tuple(prefixes)) or len(owners) > 1 or line.count(owners[0]) > 1:
            problems.append(f"mixed or unprefixed console line: {line!r}")
            break
    return problems


def check_in_order(output: str, texts: list[str]) -> list[str]:
    """Each text is a subsequence of the output (its characters in order, others between)."""
    problems = []
    for text in texts:
        position = 0
        for char in text:
            position = output.find(char, position) + 1
            if position == 0:
                problems.append(f"{text!r} never arrived, not even interleaved with other output")
                break
    return problems


def main() -> int:
    system = system_from_command_line(["baremetal", *EXPECT])
    layout = load_layout(system.layout)
    rules = (hello_expectations(layout) if system.name == "baremetal" else EXPECT[system.name]) + COMMON
    result = boot(system.image, system.qemu_args, timeout=90)
    if system.name == "psci":
        rules += smccc_rules(result.output)
    problems = check(result.output, rules, [c["name"] for c in layout["cells"]],
                     prefixed=system.name not in UNPREFIXED_OK)
    problems += check_in_order(result.output, EXPECT_IN_ORDER.get(system.name, []))
    if not result.exited:
        problems.append(f"QEMU did not exit by itself within {result.seconds:.0f} s")
    return report(problems, result)


if __name__ == "__main__":
    sys.exit(main())
