"""The ./cellforge command: build, check, run in QEMU, test.

Run through the ./cellforge wrapper, which installs missing Debian packages
first and picks a python3 with the generator's modules.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOP)

from tools import builddir, qemu_runner, run_status  # noqa: E402

DEFAULT_BOARD = "qemu-arm64"
DEFAULT_PARTITIONS = "partitions"
RUN_STATUSES = """exit status (docs/run-status.md), from the hypervisor's last line
'[hv] result: ...; system status N' once every cell has stopped:
  0        every cell powered off (SYSTEM_OFF or all its CPUs off), none reported failure
  1-99     a guest reported that result (cellforge's result call); the first such cell
  100      a cell was stopped by a fault (on_fault: stop, or an SError)
  101      a cell reached its restart_limit (faults, or SYSTEM_RESET: Linux 'reboot')
  102      a cell did not run, or a device of it did not reset
  110      the machine powered off without a result line (hypervisor panic)
  124      --timeout expired first
  125      the system was not built, or QEMU failed
  130      interrupted (Ctrl-C)"""


def _common(p: argparse.ArgumentParser, partitions: bool = True, output: bool = True) -> None:
    p.add_argument("-b", "--board", default=DEFAULT_BOARD, help=f"board name or file (default {DEFAULT_BOARD})")
    if partitions:
        p.add_argument("-p", "--partitions", default=DEFAULT_PARTITIONS,
                       help=f"directory of partition files (default {DEFAULT_PARTITIONS}/)")
    if output:
        p.add_argument("-o", "--build-dir", default="build", help="Meson build directory (default build/)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cellforge",
        description="Build static-partitioning hypervisor images from board and partition descriptions.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("build", help="generate and compile the hypervisor image")
    _common(p)
    p = sub.add_parser(
        "run", help="build, then boot in QEMU with the console on this terminal",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build, then boot in QEMU with the console on this terminal.",
        epilog=RUN_STATUSES)
    _common(p)
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop QEMU after this long (exit status 124)")
    p = sub.add_parser("test", help="build, then run the test suites (meson test)")
    _common(p, partitions=False)
    p.add_argument("meson_test_args", nargs=argparse.REMAINDER,
                   help="after --: arguments for meson test, e.g. -- --suite qemu")
    p = sub.add_parser("check", help="validate descriptions and print diagnostics")
    _common(p, output=False)
    p.add_argument("files", nargs="*", help="partition files to check instead of a directory")
    p = sub.add_parser("report", help="build, then print the system report and where it is")
    _common(p)
    p = sub.add_parser("board", help="board files: 'board import --dtb FILE' derives one from a device tree")
    board_sub = p.add_subparsers(dest="board_command", required=True, metavar="ACTION")
    imp = board_sub.add_parser("import", help="write a starting board file from a DTB")
    imp.add_argument("--dtb", required=True, help="the board's device tree blob")
    imp.add_argument("-o", "--output", help="board file to write (default: print it)")
    imp.add_argument("--name", help="board name (default: from -o or the DT)")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    for attribute in ("dtb", "output"):  # paths the user gave, before moving to the project
        if getattr(args, attribute, None):
            setattr(args, attribute, os.path.abspath(getattr(args, attribute)))
    os.chdir(TOP)
    if args.command == "check":
        return _check(args)
    if args.command == "board":
        command = _generator("board-import", "--dtb", os.path.abspath(args.dtb))
        if args.output:
            command += ["-o", os.path.abspath(args.output)]
        if args.name:
            command += ["--name", args.name]
        return subprocess.call(command)
    partitions = getattr(args, "partitions", DEFAULT_PARTITIONS)
    status = _check_before_build(args.board, partitions)
    if status == 0:
        build = builddir.BuildDir(args.build_dir, args.board, partitions)
        status = build.compile()
    if status:
        if args.command == "run":  # a status of its own: guests' results are 1..99
            print(f"cellforge: the system was not built; nothing ran "
                  f"(status {run_status.CELLFORGE_FAILED})", file=sys.stderr)
            return run_status.CELLFORGE_FAILED
        return status
    if args.command == "build":
        print(f"cellforge: image {build.image}\ncellforge: report {build.report}")
        return 0
    if args.command == "report":
        with open(build.report, encoding="utf-8") as f:
            sys.stdout.write(f.read())
        print(f"\ncellforge: report {build.report}\ncellforge: picture {build.picture}"
              f"\ncellforge: both in a web page: {build.report_html}")
        return 0
    if args.command == "run":
        return qemu_runner.run_interactive(build, args.timeout)
    if args.command == "test":
        extra = [a for a in args.meson_test_args if a != "--"]
        return subprocess.call(["meson", "test", "-C", build.path, "--print-errorlogs", *extra])
    raise AssertionError(args.command)


def _generator(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def _check(args) -> int:
    command = _generator("check", "--board", args.board)
    if args.files:
        command += args.files
    else:
        command += ["--partitions", args.partitions]
    guests = os.path.join("build", "guests", "baremetal")
    if os.path.isdir(guests):
        command += ["--guest-dir", guests]
    return subprocess.call(command)


def _check_before_build(board: str, partitions: str) -> int:
    """Show description errors as clean diagnostics before Meson and Ninja wrap them in noise."""
    return subprocess.call(_generator("check", "--board", board, "--partitions", partitions),
                           stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
