"""A Meson build directory configured for one board and one partitions directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CROSS_FILE = os.path.join(TOP, "cross", "aarch64.ini")


class BuildDir:
    def __init__(self, path: str, board: str, partitions: str):
        self.path = path
        self.board = board
        self.partitions = os.path.abspath(partitions)

    @property
    def image(self) -> str:
        return os.path.join(self.path, "runtime", "cellforge.elf")

    @property
    def generated(self) -> str:
        return os.path.join(self.path, "generator")

    @property
    def report(self) -> str:
        return os.path.join(self.generated, "report.txt")

    @property
    def picture(self) -> str:
        return os.path.join(self.generated, "memory-map.svg")

    @property
    def report_html(self) -> str:
        return os.path.join(self.generated, "report.html")

    @property
    def qemu_args_file(self) -> str:
        return os.path.join(self.generated, "qemu.args")

    def _configured_options(self) -> dict[str, str] | None:
        info = os.path.join(self.path, "meson-info", "intro-buildoptions.json")
        if not os.path.isfile(info):
            return None
        try:
            with open(info, encoding="utf-8") as f:
                return {o["name"]: o["value"] for o in json.load(f)}
        except (OSError, ValueError, KeyError):
            return None

    def configure(self) -> int:
        wanted = {"board": self.board, "partitions": self.partitions}
        options = self._configured_options()
        flags = [f"-D{k}={v}" for k, v in wanted.items()]
        if options is None:
            print(f"cellforge: configuring {self.path} for board {self.board}", file=sys.stderr)
            return subprocess.call(["meson", "setup", self.path, "--cross-file", CROSS_FILE, *flags], cwd=TOP)
        if any(options.get(k) != v for k, v in wanted.items()):
            return subprocess.call(["meson", "configure", self.path, *flags], cwd=TOP)
        return 0

    def compile(self) -> int:
        status = self.configure()
        if status:
            return status
        return subprocess.call(["meson", "compile", "-C", self.path], cwd=TOP)
