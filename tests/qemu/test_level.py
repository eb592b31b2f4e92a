"""Level-triggered interrupts EOI'd before their source is cleared are delivered once.

  test_level.py --system level --build-root DIR

The guest 'early-eoi' (guests/baremetal/early_eoi.c) takes 256 virtual-timer
expiries and 16 PL031 RTC matches, each time writing ICC_EOIR1_EL1 before it
reprograms the timer or clears the RTC. Both sides are counted and must equal
the number of real events: the guest's handler runs (none of them with the
source already clear) and the hypervisor's injections (its exit statistics).
Then 64 expiries handled the polite way (reprogram, then EOI), each arriving
while the guest waits in WFI with IRQs masked as an idle Linux does, must cost no
resample at all: the common case keeps one exit per interrupt.
"""

from __future__ import annotations

import re
import sys

from banner import boot, report
from systems import system_from_command_line

CELL = "early-eoi"
TIMER_EVENTS = 256
RTC_EVENTS = 16
CLEAN_EVENTS = 64
GUEST_RE = re.compile(rf"^\[{CELL}\] {CELL}: (timer|rtc|timer-clean): (\d+) (?:expiries|matches), (\d+) handler runs, "
                      r"(\d+) with the source clear, (\d+) spurious\s*$", re.M)
STATS_RE = re.compile(rf"^\[hv\] stats cell '{CELL}': exits .*; irqs timer (\d+) dev (\d+) ", re.M)
VGIC_RE = re.compile(rf"^\[hv\] vgic cell '{CELL}': .* level-resampled (\d+) level-retracted (\d+)\s*$", re.M)


def check(output: str) -> list[str]:
    problems = []
    guest = {m.group(1): [int(m.group(i)) for i in range(2, 6)] for m in GUEST_RE.finditer(output)}
    for source, events in (("timer", TIMER_EVENTS), ("rtc", RTC_EVENTS), ("timer-clean", CLEAN_EVENTS)):
        if source not in guest:
            problems.append(f"the guest printed no {source} line")
            continue
        seen, runs, clear, _ = guest[source]
        if seen != events:
            problems.append(f"{source}: the guest saw {seen} events, expected {events}")
        if runs != events or clear != 0:
            problems.append(f"{source}: {runs} handler runs ({clear} with the source already clear) "
                            f"for {events} events")
    stats = STATS_RE.search(output)
    if not stats:
        problems.append(f"no exit statistics for cell '{CELL}'")
    else:
        timer, dev = int(stats.group(1)), int(stats.group(2))
        if timer != TIMER_EVENTS + CLEAN_EVENTS:
            problems.append(f"the hypervisor injected the virtual timer {timer} times for "
                            f"{TIMER_EVENTS + CLEAN_EVENTS} expiries")
        if dev != RTC_EVENTS:
            problems.append(f"the hypervisor injected {dev} device interrupts for {RTC_EVENTS} RTC matches")
    vgic = VGIC_RE.search(output)
    if not vgic:
        problems.append(f"no vgic statistics (level-resampled/-retracted) for cell '{CELL}'")
    elif int(vgic.group(1)) != TIMER_EVENTS + RTC_EVENTS:
        # one resample per early EOI, none for the polite handler
        problems.append(f"{vgic.group(1)} resample exits, expected {TIMER_EVENTS + RTC_EVENTS} "
                        f"(one per early EOI, none for the {CLEAN_EVENTS} polite expiries)")
    if not re.search(rf"^\[{CELL}\] {CELL}: done\s*$", output, re.M):
        problems.append("the guest did not finish")
    if "PANIC" in output or "FAULT" in output:
        problems.append("the hypervisor reported a panic or a fault")
    return problems


def main() -> int:
    system = system_from_command_line(["level"])
    # The guest finishes in about 10 s (30 s on a loaded machine); a guest that waits
    # for an interrupt the hypervisor lost would otherwise hold the run for minutes.
    result = boot(system.image, system.qemu_args, timeout=90)
    problems = check(result.output)
    if not result.exited:
        problems.append(f"QEMU did not exit by itself within {result.seconds:.0f} s")
    for line in result.output.splitlines():
        if re.search(rf"{CELL}: (timer|rtc|timer-clean):|stats cell '{CELL}':|vgic cell '{CELL}'", line):
            print(line.rstrip())
    return report(problems, result)


if __name__ == "__main__":
    sys.exit(main())
