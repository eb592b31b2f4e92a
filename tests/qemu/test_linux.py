"""Linux cells next to a bare-metal cell: boot, SMP, disk, console input, per-cell power-off.

  test_linux.py --system NAME --build-root DIR

The system (a partitions directory) has 'linux1' (2 CPUs, a virtio-blk disk on
its own transport), 'linux2' (1 CPU, no devices) and 'ticker' (bare metal,
virtual-timer interrupts). The test talks to the shells through the console
mux like a user: Ctrl-\\ N gives cell N the keyboard.
"""

from __future__ import annotations

import re
import sys
import time

from banner import load_layout
from session import QemuSession, Timeout
from systems import system_from_command_line

BOOT_TIMEOUT = 240  # two kernels under TCG on a shared 2-core machine


def run_checks(session: QemuSession, layout: dict) -> list[str]:
    problems: list[str] = []
    index = {c["name"]: i for i, c in enumerate(layout["cells"])}
    cpus = {c["name"]: len(c["cpus"]) for c in layout["cells"]}

    def step(what: str, pattern: str, timeout: float = 60, since_start: bool = False) -> re.Match | None:
        try:
            return session.expect(pattern, timeout, since_start)
        except Timeout as e:
            problems.append(f"{what}: {e}")
            return None

    def command(cell: str, text: str, answer: str, timeout: float = 60) -> re.Match | None:
        session.focus(index[cell])
        session.send(text + "\n")
        return step(f"{cell}: {text!r}", answer, timeout)

    # The cells boot concurrently: these may appear in any order.
    for cell in ("linux1", "linux2"):
        step(f"{cell} reaches userspace",
             rf"^\[{cell}\] cellforge-linux: userspace up on {cpus[cell]} CPUs", BOOT_TIMEOUT, True)
    rate = step("ticker measures its tick rate",
                r"^\[ticker\] ticker: (\d+) ticks in (\d+) ms, programmed (\d+) ms", 60, True)
    if rate:
        ticks, measured, programmed = map(int, rate.groups())
        if ticks != 5 or not programmed <= measured <= programmed + 500:
            problems.append(f"ticker: {ticks} ticks in {measured} ms, programmed {programmed} ms")
    step("linux1 loads virtio_blk", r"^\[linux1\] cellforge-linux: loaded virtio_blk", 60, True)
    step("linux2 starts its shell", r"^\[linux2\] cellforge-linux: shell on the console", 60, True)
    step("linux1 starts its shell", r"^\[linux1\] cellforge-linux: shell on the console", 60, True)
    if problems:
        return problems
    session.mark()
    command("linux1", "nproc", r"^\[linux1\] 2\s*$")
    command("linux2", "nproc", r"^\[linux2\] 1\s*$")
    command("linux1", "echo typed-into-$(hostname)", r"^\[linux1\] typed-into-linux1\s*$")
    command("linux1", "printf cellforge-disk-test | dd of=/dev/vda bs=512 count=1 conv=sync 2>/dev/null; "
            "dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 19; echo",
            r"^\[linux1\] cellforge-disk-test\s*$")
    command("linux2", "ls /dev/vda", r"^\[linux2\] ls: /dev/vda: No such file or directory")
    command("linux1", "grep -c arch_timer /proc/interrupts", r"^\[linux1\] [1-9]")
    command("linux2", "poweroff -f", r"^\[hv\] cell 'linux2' stopped \(system off\)")
    command("linux1", "echo still-running", r"^\[linux1\] still-running\s*$")
    command("linux1", "poweroff -f", r"^\[hv\] all cells stopped; system off", 60)
    if not session.wait_exit(30):
        problems.append("QEMU did not exit after every cell stopped")
    return problems


def main() -> int:
    system = system_from_command_line()
    with QemuSession(system.image, system.qemu_args) as session:
        problems = run_checks(session, load_layout(system.layout))
        session.close()
        if "PANIC" in session.output:
            problems.append("the hypervisor panicked")
        seconds = time.monotonic() - session.start
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        print("--- last 60 lines of the console ---\n" + "\n".join(session.output.splitlines()[-60:]))
        return 1
    print(f"OK: Linux cells booted, answered, used their disk, powered off one by one ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
