#!/usr/bin/env python3
"""Benchmark: Linux under cellforge vs the same kernel and initramfs booted directly by QEMU.

  /usr/bin/python3 benchmarks/linux_boot.py [--runs 5] [--idle-seconds 10]

1. Boot time to the initramfs marker "cellforge-linux: userspace up", median of
   --runs boots, directly (QEMU virt at EL1, its own DTB) and as a cell of
   cellforge (2 CPUs, 256 MiB, virtual console), and their ratio.
2. For the idle cell after boot: hypervisor exits per second by reason, read
   from the hypervisor's statistics (console key Ctrl-\\ s) at the start and end
   of --idle-seconds, and exits per timer interrupt.
Wall-clock on a shared machine: the ratio is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "qemu"))
sys.path.insert(0, TOP)

from session import CTRL_BACKSLASH, QemuSession  # noqa: E402

MARKER = r"cellforge-linux: userspace up"
BUILD = os.path.join(TOP, "build", "benchmarks", "linux-one")
CMDLINE = "console=ttyAMA0 panic=-1 cma=0"


def build() -> tuple[str, str, str]:
    if not os.path.isfile(os.path.join(BUILD, "build.ninja")):
        subprocess.run(["meson", "setup", BUILD, "--cross-file", os.path.join(TOP, "cross", "aarch64.ini"),
                        f"-Dpartitions={os.path.join(TOP, 'benchmarks', 'systems', 'linux-one')}"],
                       cwd=TOP, check=True, capture_output=True)
    subprocess.run(["meson", "compile", "-C", BUILD], cwd=TOP, check=True, capture_output=True)
    linux = os.path.join(BUILD, "guests", "linux")
    return (os.path.join(BUILD, "runtime", "cellforge.elf"), os.path.join(BUILD, "generator", "qemu.args"),
            linux)


def time_to_marker(command: list[str], timeout: float = 300) -> float:
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    output = b""
    try:
        while MARKER.encode() not in output:
            chunk = process.stdout.read1(65536)
            if not chunk or time.monotonic() - start > timeout:
                raise SystemExit("no marker:\n" + output.decode(errors="replace")[-2000:])
            output += chunk
        return time.monotonic() - start
    finally:
        process.kill()
        process.wait()


def direct_command(linux: str) -> list[str]:
    return ["qemu-system-aarch64", "-machine", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "2",
            "-m", "256M", "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", os.path.join(linux, "Image"), "-initrd", os.path.join(linux, "initramfs.cpio.gz"),
            "-append", CMDLINE]


# The cell's total line (per-CPU lines name the CPU before the colon).
CELL_STATS = r"^\[hv\] stats cell 'linux': exits.*$"


def idle_exits(image: str, qemu_args: str, seconds: float) -> tuple[str, str]:
    with QemuSession(image, qemu_args) as session:
        session.expect(MARKER, 300)
        time.sleep(3)  # let boot-time work (module loading, udev-less init) settle
        session.send(CTRL_BACKSLASH + b"s")
        first = session.expect(CELL_STATS, 30).group(0)
        time.sleep(seconds)
        session.send(CTRL_BACKSLASH + b"s")
        second = session.expect(CELL_STATS, 30).group(0)
    return first, second


def counters(line: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"([a-z-]+) (\d+)", line.split(":", 1)[1])}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10)
    args = parser.parse_args()
    image, qemu_args, linux = build()
    with open(qemu_args) as f:
        cell_command = ["qemu-system-aarch64", *[l.strip() for l in f if l.strip()], "-display", "none",
                        "-monitor", "none", "-serial", "stdio", "-no-reboot", "-kernel", image]
    direct = [time_to_marker(direct_command(linux)) for _ in range(args.runs)]
    cell = [time_to_marker(cell_command) for _ in range(args.runs)]
    d, c = statistics.median(direct), statistics.median(cell)
    print(f"boot to '{MARKER}', median of {args.runs} (wall clock, 2 CPUs, 256 MiB):")
    print(f"  directly in QEMU:      {d:6.2f} s   (runs: {', '.join(f'{x:.2f}' for x in direct)})")
    print(f"  as a cellforge cell:   {c:6.2f} s   (runs: {', '.join(f'{x:.2f}' for x in cell)})")
    print(f"  ratio cell/direct:     {c / d:6.2f}")
    first, second = idle_exits(image, qemu_args, args.idle_seconds)
    a, b = counters(first), counters(second)
    print(f"idle Linux cell, over {args.idle_seconds:g} s after boot (hypervisor statistics, Ctrl-\\ s):")
    for key in b:
        delta = b[key] - a.get(key, 0)
        print(f"  {key:12s} {delta:8d}   {delta / args.idle_seconds:8.1f}/s")
    timer = b.get("timer", 0) - a.get("timer", 0)
    total = b.get("total", 0) - a.get("total", 0)
    if timer:
        print(f"  exits per timer interrupt: {total / timer:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
