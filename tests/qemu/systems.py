"""Build one of the test systems in tests/qemu/systems/ (a partitions directory each).

Each system gets its own Meson build directory under the main build directory,
configured with -Dpartitions=<system>; later runs only recompile what changed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass

from banner import TOP, require_qemu

SYSTEMS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "systems")


class BuildFailed(Exception):
    pass


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=TOP, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed(f"$ {' '.join(command)}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def system_board(name: str) -> str:
    """The board a system runs on: the name in systems/<name>/BOARD, else qemu-arm64."""
    try:
        with open(os.path.join(SYSTEMS_DIR, name, "BOARD"), encoding="utf-8") as f:
            return f.read().strip() or "qemu-arm64"
    except FileNotFoundError:
        return "qemu-arm64"


def build_system(name: str, build_root: str) -> tuple[str, str, str]:
    """Build system `name`; return (image, qemu.args, layout.json) paths.

    name 'demo' is the default partitions/ directory, built by the main build."""
    if name == "demo":
        build = build_root
    else:
        build = os.path.join(build_root, "tests", "qemu", "systems", name)
        if not os.path.isfile(os.path.join(build, "build.ninja")):
            _run(["meson", "setup", build, "--cross-file", os.path.join(TOP, "cross", "aarch64.ini"),
                  f"-Dpartitions={os.path.join(SYSTEMS_DIR, name)}", f"-Dboard={system_board(name)}"])
        _run(["meson", "compile", "-C", build, "cellforge.elf"])
    generated = os.path.join(build, "generator")
    return (os.path.join(build, "runtime", "cellforge.elf"), os.path.join(generated, "qemu.args"),
            os.path.join(generated, "layout.json"))


@dataclass(frozen=True)
class BuiltSystem:
    name: str
    image: str
    qemu_args: str
    layout: str


def system_from_command_line(choices: list[str] | None = None) -> BuiltSystem:
    """The test scripts' common start: --system NAME --build-root DIR, QEMU present, system built.

    Exits with 77 (skip) without QEMU and 1 (failure) when the build fails."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--system", required=True, choices=choices)
    parser.add_argument("--build-root", required=True)
    args = parser.parse_args()
    require_qemu()
    try:
        return BuiltSystem(args.system, *build_system(args.system, args.build_root))
    except BuildFailed as e:
        print(f"FAILED: building system {args.system}:\n{e}")
        sys.exit(1)
