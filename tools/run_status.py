"""The exit status of `cellforge run`, from the hypervisor's result line (docs/run-status.md).

When every cell has stopped the hypervisor prints, as its last line,

    [hv] result: cell 'a' ok, cell 'b' failed 3, cell 'c' fault; system status 100

(runtime/core/run_status.h), then powers the machine off. The runner exits
with that system status; the statuses below are the runner's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PASSED = 0
GUEST_MAX = 99  # 1..99: a guest reported that result
FAULT = 100
RESTART_LIMIT = 101
NOT_RUN = 102
NO_RESULT = 110  # the machine powered off without a result line: a hypervisor panic
TIMEOUT = 124  # stopped by --timeout, like timeout(1)
CELLFORGE_FAILED = 125  # QEMU failed (like timeout(1)'s own failure)

# Searched, not matched at the start: a passthrough cell may have left half a line.
RESULT_LINE = re.compile(rb"\[hv\] result: (?P<cells>.*); system status (?P<status>\d{1,3})\r?$")
CELL_WORD = re.compile(r"cell '(?P<name>[^']*)' (?P<word>ok|failed (?P<code>\d+)|fault|restart limit|"
                       r"device reset|not run|running)")
PANIC_LINE = re.compile(rb"\[hv\] PANIC: (?P<message>.*?)\r?$")
MAX_LINE = 64 * 1024  # a longer line is not a result line: do not keep it

WHY = {
    "fault": "stopped by a fault",
    "restart limit": "reached its restart limit",
    "device reset": "stopped: a device did not reset",
    "not run": "did not run",
    "running": "was still running",
}


@dataclass(frozen=True)
class Outcome:
    status: int
    summary: str  # one line for people


@dataclass(frozen=True)
class ResultLine:
    status: int
    cells: list[tuple[str, str]]  # (name, word): 'ok', 'failed 3', 'fault', ...


class ResultScanner:
    """Fed the console as it comes; remembers the last result line."""

    def __init__(self) -> None:
        self._partial = b""
        self._last: ResultLine | None = None
        self.panic: str | None = None  # the first panic message seen

    def feed(self, chunk: bytes) -> None:
        lines = (self._partial + chunk).split(b"\n")
        self._partial = lines.pop()
        if len(self._partial) > MAX_LINE:
            self._partial = b""
        for line in lines:
            self._line(line)

    def _line(self, line: bytes) -> None:
        if self.panic is None and (panic := PANIC_LINE.search(line)):
            self.panic = panic["message"].decode("utf-8", errors="replace")
        match = RESULT_LINE.search(line)
        if not match:
            return
        cells = [(m["name"], m["word"])
                 for m in CELL_WORD.finditer(match["cells"].decode("utf-8", errors="replace"))]
        self._last = ResultLine(int(match["status"]), cells)

    def result(self) -> ResultLine | None:
        if self._partial:  # QEMU exited right after the line, without its newline
            self._line(self._partial)
            self._partial = b""
        return self._last


def _cell_phrase(name: str, word: str) -> str:
    if word.startswith("failed "):
        return f"cell '{name}' reported failure {word.split()[1]}"
    return f"cell '{name}' {WHY.get(word, word)}"


def outcome(result: ResultLine | None, qemu_status: int | None, panic: str | None = None) -> Outcome:
    """The status and summary of a run in which QEMU exited by itself."""
    if result is None:
        if panic is not None:
            return Outcome(NO_RESULT, f"hypervisor panic: {panic} (status {NO_RESULT})")
        if qemu_status:
            return Outcome(CELLFORGE_FAILED, f"QEMU exited with status {qemu_status} "
                           f"before the system ended (status {CELLFORGE_FAILED})")
        return Outcome(NO_RESULT, "QEMU exited without the hypervisor's result line "
                       f"(quit with Ctrl-A x?) (status {NO_RESULT})")
    if result.status == PASSED:
        return Outcome(PASSED, f"passed: all {len(result.cells)} cells powered off (status 0)")
    failed = [_cell_phrase(name, word) for name, word in result.cells if word != "ok"]
    return Outcome(result.status, f"failed: {'; '.join(failed)} (status {result.status})")
