"""Start QEMU for a built system: interactively for `cellforge run`, captured for tests.

QEMU is always stopped by us if it does not exit by itself in time, and the
caller learns which of the two happened.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

QEMU = "qemu-system-aarch64"
TIMEOUT_STATUS = 124  # like timeout(1): the system did not power off by itself


def qemu_command(qemu_args_file: str, image: str, interactive: bool) -> list[str]:
    with open(qemu_args_file, encoding="utf-8") as f:
        machine = [line.rstrip("\n") for line in f if line.strip()]
    if interactive:
        console = ["-nographic"]  # serial on this terminal; Ctrl-A x quits QEMU
    else:
        console = ["-display", "none", "-monitor", "none", "-serial", "stdio"]
    return [QEMU, *machine, *console, "-no-reboot", "-kernel", image]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_interactive(build, timeout: float | None) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    command = qemu_command(build.qemu_args_file, build.image, interactive)
    print("cellforge: " + " ".join(command), file=sys.stderr)
    if interactive:
        print("cellforge: Ctrl-A x quits QEMU", file=sys.stderr)
    process = subprocess.Popen(command, stdin=None if interactive else subprocess.DEVNULL)
    try:
        status = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        print(f"\ncellforge: stopped QEMU after {timeout:g} s; the system did not power off by itself",
              file=sys.stderr)
        return TIMEOUT_STATUS
    except KeyboardInterrupt:
        _stop(process)
        return 130
    if status != 0:
        print(f"cellforge: QEMU exited with status {status}", file=sys.stderr)
    return status


@dataclass
class Boot:
    output: str
    exited: bool  # QEMU ended by itself (the system powered off)
    status: int | None
    seconds: float


def boot_and_capture(command: list[str], timeout: float, until: str | None = None) -> Boot:
    """Run QEMU without a terminal, collect its console, stop it after timeout.

    With `until`, stop as soon as that text has appeared (for systems that do
    not power off by themselves)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    chunks: list[bytes] = []
    os.set_blocking(process.stdout.fileno(), False)
    exited = False
    try:
        while True:
            chunk = process.stdout.read()
            if chunk:
                chunks.append(chunk)
                if until and until.encode() in b"".join(chunks):
                    break
            if process.poll() is not None:
                rest = process.stdout.read()
                if rest:
                    chunks.append(rest)
                exited = True
                break
            if time.monotonic() - start > timeout:
                break
            time.sleep(0.02)
    finally:
        _stop(process)
    output = b"".join(chunks).decode("utf-8", errors="replace")
    return Boot(output, exited, process.returncode if exited else None, time.monotonic() - start)
