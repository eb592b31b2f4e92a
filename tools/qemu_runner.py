"""Start QEMU for a built system: interactively for `cellforge run`, captured for tests.

QEMU is always stopped by us if it does not exit by itself in time, and the
caller learns which of the two happened. `cellforge run` exits with the status
the hypervisor's result line gives (docs/run-status.md, tools/run_status.py).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import BinaryIO

from tools import run_status

QEMU = "qemu-system-aarch64"
TIMEOUT_STATUS = run_status.TIMEOUT  # like timeout(1): the system did not power off by itself
INTERRUPTED_STATUS = 130  # Ctrl-C, as a shell reports SIGINT


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
    """`cellforge run`: the console on this terminal; the exit status says how the run ended."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    command = qemu_command(build.qemu_args_file, build.image, interactive)
    print("cellforge: " + " ".join(command), file=sys.stderr)
    if interactive:
        print("cellforge: Ctrl-A x quits QEMU", file=sys.stderr)
    outcome = run_system(command, timeout, echo=sys.stdout.buffer,
                         stdin=None if interactive else subprocess.DEVNULL)
    print(f"cellforge: {outcome.summary}", file=sys.stderr)
    return outcome.status


def run_system(command: list[str], timeout: float | None, echo: BinaryIO | None = None,
               stdin: int | None = subprocess.DEVNULL) -> run_status.Outcome:
    """Run QEMU until it exits or timeout; its console is copied to echo (as it comes) and
    scanned for the hypervisor's result line, which gives the exit status (run_status.py)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    scanner = run_status.ResultScanner()
    timed_out = interrupted = False
    try:
        while True:
            left = None if timeout is None else timeout - (time.monotonic() - start)
            if left is not None and left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([process.stdout], [], [], 0.2 if left is None else min(left, 0.2))
            if not ready:
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:  # QEMU closed its output: it is exiting
                break
            scanner.feed(chunk)
            if echo is not None:
                echo.write(chunk)
                echo.flush()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if timed_out or interrupted:
            _stop(process)
        else:
            _wait(process)
    if interrupted:
        return run_status.Outcome(INTERRUPTED_STATUS, "interrupted")
    if timed_out:
        return run_status.Outcome(TIMEOUT_STATUS, f"stopped QEMU after {timeout:g} s; "
                                  "the system did not power off by itself (status 124)")
    return run_status.outcome(scanner.result(), process.returncode, scanner.panic)


def _wait(process: subprocess.Popen) -> None:
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _stop(process)


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
