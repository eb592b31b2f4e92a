"""Read what the hypervisor prints at boot and compare it with the generator's layout.json."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys

TOP = os.environ.get("CELLFORGE_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, TOP)

from generator.emit import compress_ranges  # noqa: E402
from tools.qemu_runner import Boot, boot_and_capture, qemu_command  # noqa: E402

SKIP = 77
CELL_RE = re.compile(r"^\[hv\] cell (\d+) '([^']+)': cpus (\S+) ram (\S+) irqs (\S+) devices (\S+) "
                     r"console (\S+) on_fault (\S+)\s*$", re.M)
ONLINE_RE = re.compile(r"^\[hv\] (cpu\d+) mpidr (0x[0-9a-f]+) online at EL2\s*$", re.M)


def require_qemu() -> None:
    if shutil.which("qemu-system-aarch64") is None:
        print("SKIP: qemu-system-aarch64 not found (sudo apt-get install qemu-system-arm)")
        sys.exit(SKIP)


def boot(image: str, qemu_args: str, timeout: float = 60, until: str | None = None) -> Boot:
    return boot_and_capture(qemu_command(qemu_args, image, interactive=False), timeout, until)


def banner_until(layout: dict) -> str:
    """The line after which the banner is complete (cells then run as long as they like)."""
    return f"[hv] all {len(layout['cpus'])} CPUs online"


def expected_cell_lines(layout: dict) -> list[tuple]:
    rows = []
    for index, cell in enumerate(layout["cells"]):
        ram = cell["ram"]
        rows.append((str(index), cell["name"], ",".join(cell["cpus"]),
                     f"{ram['base']:#x}-{ram['base'] + ram['size'] - 1:#x}",
                     compress_ranges(cell["intids"]), ",".join(cell["devices"]) or "-",
                     cell["console"], cell["on_fault"]))
    return rows


def check_banner(boot: Boot, layout: dict, must_power_off: bool = False) -> list[str]:
    """Every problem found in the boot log; empty when the banner matches the layout."""
    problems = []
    seen = [m.groups() for m in CELL_RE.finditer(boot.output)]
    wanted = expected_cell_lines(layout)
    if seen != wanted:
        problems.append("cell lines differ from the generator's layout:\n  expected: "
                        + "\n            ".join(map(str, wanted)) + "\n  printed:  "
                        + "\n            ".join(map(str, seen)))
    online = {cpu: int(mpidr, 16) for cpu, mpidr in ONLINE_RE.findall(boot.output)}
    if online != layout["cpus"]:
        problems.append(f"CPUs online {online}, board has {layout['cpus']}")
    count = len(layout["cpus"])
    if f"[hv] all {count} CPUs online" not in boot.output:
        problems.append(f"no '[hv] all {count} CPUs online' line")
    if must_power_off and not boot.exited:
        problems.append(f"QEMU did not exit by itself within {boot.seconds:.0f} s")
    elif boot.exited and boot.status != 0:
        problems.append(f"QEMU exited with status {boot.status}")
    if "PANIC" in boot.output:
        problems.append("the hypervisor panicked")
    return problems


def report(problems: list[str], boot: Boot) -> int:
    if not problems:
        print(f"OK: banner matches the layout ({boot.seconds:.1f} s)")
        return 0
    print("FAILED:\n- " + "\n- ".join(problems))
    tail = "\n".join(boot.output.splitlines()[-40:])
    print(f"--- last 40 lines of the console ---\n{tail}")
    return 1


def load_layout(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)
