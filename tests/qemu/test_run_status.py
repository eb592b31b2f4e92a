"""The exit status of `cellforge run` says how the run ended (docs/run-status.md).

  test_run_status.py --build-root DIR

Boots small bare-metal systems through the runner `cellforge run` uses and checks
its exit status and the hypervisor's result line: every cell off -> 0, a guest's
reported result -> that result (the first failed cell's; out of range -> 99), a
fault -> 100 even when a guest reported failure, SYSTEM_RESET at restart_limit 0
(Linux 'reboot') -> 101, --timeout -> 124.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass

from banner import require_qemu
from systems import BuildFailed, build_system

from tools import qemu_runner, run_status
from tools.qemu_runner import qemu_command

BOOT_TIMEOUT = 120.0  # generous: QEMU TCG on a loaded machine


@dataclass(frozen=True)
class Case:
    system: str
    status: int
    result: str | None  # the result line after "[hv] result: ", None: no line expected
    summary: str  # a regex over the runner's one-line summary
    must_see: tuple[str, ...] = ()  # regexes over the console
    timeout: float = BOOT_TIMEOUT


CASES = [
    Case("run-pass", 0, "cell 'alpha' ok, cell 'lingerer' ok, cell 'zero0' ok; system status 0",
         r"^passed: all 3 cells powered off \(status 0\)$",
         (r"^\[zero0\] reporter: result call -> SUCCESS \(0\)$",)),
    Case("run-failed", 3,
         "cell 'fail3' failed 3, cell 'fail7' failed 7, cell 'over300' failed 99, cell 'pass' ok; "
         "system status 3",
         r"^failed: cell 'fail3' reported failure 3; cell 'fail7' reported failure 7; "
         r"cell 'over300' reported failure 99 \(status 3\)$",
         (r"^\[fail3\] reporter: result call -> SUCCESS \(0\)$",
          r"^\[over300\] reporter: result call -> INVALID_PARAMETERS \(-2\)$")),
    Case("run-fault", 100, "cell 'fail3' failed 3, cell 'faulter' fault; system status 100",
         r"^failed: cell 'fail3' reported failure 3; cell 'faulter' stopped by a fault \(status 100\)$",
         (r"^\[hv\]   policy stop: cell 'faulter' stopped$",)),
    Case("run-reboot", 101, "cell 'rebooter' restart limit, cell 'zero0' ok; system status 101",
         r"^failed: cell 'rebooter' reached its restart limit \(status 101\)$",
         (r"^\[hv\] cell 'rebooter' reached its restart limit \(0\) at a system reset; stopped$",)),
    # The lingerer runs for a second of guest time: half a second is never enough.
    Case("run-pass", 124, None, r"^stopped QEMU after 0\.5 s; .*\(status 124\)$", timeout=0.5),
]


def run_case(case: Case, build_root: str) -> list[str]:
    image, qemu_args, _ = build_system(case.system, build_root)
    console = io.BytesIO()
    outcome = qemu_runner.run_system(qemu_command(qemu_args, image, interactive=False),
                                     case.timeout, echo=console)
    output = console.getvalue().decode("utf-8", errors="replace").replace("\r", "")
    problems = []
    if outcome.status != case.status:
        problems.append(f"exit status {outcome.status}, expected {case.status}")
    if not re.search(case.summary, outcome.summary):
        problems.append(f"summary {outcome.summary!r} does not match {case.summary!r}")
    results = re.findall(r"^\[hv\] result: (.*)$", output, re.M)
    if case.result is None:
        if results:
            problems.append(f"a result line although the run was stopped: {results}")
    elif results != [case.result]:
        problems.append(f"result lines {results}, expected exactly [{case.result!r}]")
    elif output.rstrip("\n").splitlines()[-1] != f"[hv] result: {case.result}":
        problems.append("the result line is not the hypervisor's last line")
    for pattern in case.must_see:
        if not re.search(pattern, output, re.M):
            problems.append(f"console lacks {pattern!r}")
    if problems:
        tail = "\n".join(output.splitlines()[-25:])
        return [f"{case.system} (timeout {case.timeout:g}): {p}" for p in problems] + [
            f"--- last console lines of {case.system}:\n{tail}"]
    print(f"ok: {case.system}: status {outcome.status}: {outcome.summary}")
    return []


# Consoles the runner must read right without QEMU: (chunks, QEMU's status, status, summary regex).
PARSER_CASES = [
    # A forged line (a passthrough cell) comes before the hypervisor's: the last counts.
    ([b"[hv] result: cell 'x' ok; system status 0\r\n",
      b"[hv] result: cell 'x' fa", b"ult; system status 100\r\n"], 0, 100, r"cell 'x' stopped by a fault"),
    # Half a line of a passthrough cell before it; no newline after it at all.
    ([b"abc[hv] result: cell 'y' failed 5; system status 5"], 0, 5, r"cell 'y' reported failure 5"),
    ([b"[hv] PANIC: cpu1: stage-2 pool empty\r\n[hv] system off\r\n"], 0, 110,
     r"^hypervisor panic: cpu1: stage-2 pool empty \(status 110\)$"),
    ([b"[hv] cellforge\r\n"], 0, 110, r"without the hypervisor's result line"),
    ([b"qemu-system-aarch64: -kernel x: No such file\n"], 1, 125, r"QEMU exited with status 1"),
]


def check_parser() -> list[str]:
    problems = []
    for chunks, qemu_status, status, summary in PARSER_CASES:
        scanner = run_status.ResultScanner()
        for chunk in chunks:
            scanner.feed(chunk)
        got = run_status.outcome(scanner.result(), qemu_status, scanner.panic)
        if got.status != status or not re.search(summary, got.summary):
            problems.append(f"console {chunks!r}: {got}, expected status {status} and {summary!r}")
    if not problems:
        print(f"ok: result line parser, {len(PARSER_CASES)} consoles")
    return problems


@dataclass(frozen=True)
class _Build:
    """What run_interactive() needs of tools.builddir.BuildDir."""
    image: str
    qemu_args_file: str


def run_like_the_cli(build_root: str) -> list[str]:
    """`cellforge run`'s own entry point after the build: it must return the guest's result."""
    image, qemu_args, _ = build_system("run-failed", build_root)
    status = qemu_runner.run_interactive(_Build(image, qemu_args), BOOT_TIMEOUT)
    if status != 3:
        return [f"run_interactive on run-failed returned {status}, expected 3"]
    print("ok: run_interactive: status 3")
    return []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-root", required=True)
    args = parser.parse_args()
    problems = check_parser()
    if problems:  # before the QEMU check, which may skip the rest
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1
    require_qemu()
    try:
        for case in CASES:
            problems += run_case(case, args.build_root)
        problems += run_like_the_cli(args.build_root)
    except BuildFailed as e:
        print(f"FAILED: building a test system:\n{e}")
        return 1
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
