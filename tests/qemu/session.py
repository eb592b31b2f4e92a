"""Talk to a running system through its console, like a user at the terminal.

QEMU runs with the serial console on stdin/stdout; a test waits for text and
types keys (through the hypervisor's console mux). QEMU is always stopped when
the session ends.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import time

from banner import TOP  # noqa: F401  (puts the project on sys.path)

from tools.qemu_runner import qemu_command

CTRL_BACKSLASH = b"\x1c"


class Timeout(Exception):
    pass


class QemuSession:
    def __init__(self, image: str, qemu_args: str):
        self.process = subprocess.Popen(qemu_command(qemu_args, image, interactive=False),
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        self.output = ""
        self.start = time.monotonic()
        self._seen = 0  # expect() searches from here

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            return False
        self.output += chunk.decode("utf-8", errors="replace")
        return True

    def expect(self, pattern: str, timeout: float = 60, since_start: bool = False) -> re.Match:
        """Wait until pattern (a regex, multiline) appears after the previous match
        (or anywhere in the output, for events whose order does not matter)."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while True:
            match = regex.search(self.output, 0 if since_start else self._seen)
            if match:
                self._seen = max(self._seen, match.end())
                return match
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self.process.poll() is not None and not self._read(0)):
                raise Timeout(f"no {pattern!r} within {timeout:.0f} s")
            self._read(min(remaining, 0.2))

    def send(self, data: bytes | str, pace: float = 0.01) -> None:
        """Type data; paced per byte because the guest's UART FIFO is 32 bytes deep."""
        if isinstance(data, str):
            data = data.encode()
        for byte in data:
            self.process.stdin.write(bytes([byte]))
            self.process.stdin.flush()
            time.sleep(pace)
            self._read(0)

    def mark(self) -> None:
        """Later expect() calls only look at output from now on."""
        self._seen = len(self.output)

    def focus(self, cell_index: int) -> None:
        self.send(CTRL_BACKSLASH + str(cell_index).encode())

    def wait_exit(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0):
            pass
        return self.process.poll() is not None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        while self._read(0):
            pass

    def __enter__(self) -> "QemuSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
