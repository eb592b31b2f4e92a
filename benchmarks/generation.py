#!/usr/bin/env python3
"""Benchmark: how long the generator takes, and the edit -> rebuilt image loop.

  /usr/bin/python3 benchmarks/generation.py [--build-dir build] [--runs 5]

Prints the median of several runs for
  1. checking and building the default system (boards/qemu-arm64.yaml + partitions/),
  2. a synthetic board at the runtime's limits: 64 CPUs, 64 partitions, 900 SPIs,
     every partition with devices and interrupts,
  3. the edit loop: change one partition file, `meson compile` (in an existing
     build directory, configured with the default partitions) until the image is relinked.
Wall-clock figures on a shared machine: compare them with each other, not across machines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOP)

from generator.units import MIB  # noqa: E402

CPUS, PARTITIONS, SPIS = 64, 64, 900


def timed(command: list[str], cwd: str = TOP) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=TOP, PYTHONDONTWRITEBYTECODE="1"))
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    return elapsed


def median_of(runs: int, command: list[str], cwd: str = TOP) -> float:
    return statistics.median(timed(command, cwd) for _ in range(runs))


def synthetic_system(directory: str) -> tuple[str, str]:
    """A board with CPUS CPUs, 4 GiB of RAM, 900 SPIs (one per device), and PARTITIONS cells."""
    devices = "\n".join(
        f"  dev{i}: {{compatible: \"vendor,dev\", reg: {{base: {0x10000000 + i * 0x1000:#x}, size: 4K}}, "
        f"interrupts: [spi {i}]}}" for i in range(1, SPIS))
    cpus = "\n".join(f"  cpu{i}: {{mpidr: {(i // 8) << 8 | (i % 8):#x}}}" for i in range(CPUS))
    board = f"""board: synthetic
cpus:
{cpus}
memory:
  ram: {{base: 0x80000000, size: 4G}}
hypervisor:
  memory: {{base: 0x80000000, size: 64M}}
interrupt_controller:
  type: gicv3
  distributor: {{base: 0x08000000, size: 64K}}
  redistributors: {{base: 0x08100000, size: {CPUS * 128}K, stride: 128K}}
  maintenance_interrupt: ppi 9
  spis: 960
timer: {{secure_physical: ppi 13, physical: ppi 14, virtual: ppi 11, hypervisor: ppi 10}}
psci: {{conduit: smc}}
console: uart0
devices:
  uart0: {{compatible: ["arm,pl011", "arm,primecell"], reg: {{base: 0x09000000, size: 4K}}, interrupts: [spi 0]}}
{devices}
"""
    board_path = os.path.join(directory, "synthetic.yaml")
    with open(board_path, "w") as f:
        f.write(board)
    parts = os.path.join(directory, "partitions")
    os.makedirs(parts)
    per_cell = (SPIS - 1) // PARTITIONS
    for p in range(PARTITIONS):
        first = 1 + p * per_cell
        devs = ", ".join(f"dev{d}" for d in range(first, first + per_cell))
        with open(os.path.join(parts, f"cell{p:02d}.yaml"), "w") as f:
            f.write(f"name: cell{p:02d}\ncpus: 1\nmemory: {32}M\nimage: {{baremetal: hello}}\n"
                    f"devices: [{devs}]\n")
    return board_path, parts


def configured_partitions(build_dir: str) -> str:
    """The partitions directory the build directory was configured with (the one to edit)."""
    import json
    with open(os.path.join(build_dir, "meson-info", "intro-buildoptions.json")) as f:
        return next(o["value"] for o in json.load(f) if o["name"] == "partitions")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    guests = os.path.join(args.build_dir, "guests", "baremetal")
    linux = os.path.join(args.build_dir, "guests", "linux")
    if not os.path.isfile(os.path.join(TOP, guests, "hello.elf")):
        raise SystemExit(f"build first: ./cellforge build -o {args.build_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        default = ["--board", "qemu-arm64", "--partitions", "partitions", "--guest-dir", guests, "--linux-dir", linux]
        print(f"generator, median of {args.runs} runs (wall clock):")
        print(f"  default system, check:  {median_of(args.runs, [py, '-m', 'generator', 'check', *default]):6.3f} s")
        print(f"  default system, build:  "
              f"{median_of(args.runs, [py, '-m', 'generator', 'build', *default, '--out-dir', out]):6.3f} s")
        board, parts = synthetic_system(tmp)
        synthetic = ["--board", board, "--partitions", parts, "--guest-dir", guests]
        print(f"  {CPUS} CPUs, {PARTITIONS} partitions, {SPIS} SPIs, check: "
              f"{median_of(args.runs, [py, '-m', 'generator', 'check', *synthetic]):6.3f} s")
        print(f"  {CPUS} CPUs, {PARTITIONS} partitions, {SPIS} SPIs, build: "
              f"{median_of(args.runs, [py, '-m', 'generator', 'build', *synthetic, '--out-dir', out + '2']):6.3f} s")
    partitions_dir = configured_partitions(args.build_dir)
    partition = os.path.join(partitions_dir, sorted(f for f in os.listdir(partitions_dir) if f.endswith(".yaml"))[-1])
    backup = partition + ".bench-backup"
    shutil.copy(partition, backup)
    try:
        timed(["meson", "compile", "-C", args.build_dir])
        loops = []
        for run in range(args.runs):
            with open(backup) as f:
                text = f.read()
            with open(partition, "w") as f:
                f.write(text + f"restart_limit: {run + 1}\n" if "restart_limit" not in text
                        else text.replace("restart_limit:", f"restart_limit: {run + 1} #"))
            loops.append(timed(["meson", "compile", "-C", args.build_dir]))
        print(f"edit one partition -> relinked image (meson compile): median {statistics.median(loops):.3f} s "
              f"over {args.runs} edits of {partition}")
    finally:
        shutil.move(backup, partition)
        timed(["meson", "compile", "-C", args.build_dir])
    print(f"(memory per cell in the synthetic system: {32 * MIB >> 20} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
