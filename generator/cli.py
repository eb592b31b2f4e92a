"""Command line of the generator (run by Meson and by ./cellforge).

  python3 -m generator build --board B --partitions DIR --out-dir D [--guest-dir G] [--dtc DTC] [--depfile F]
  python3 -m generator check --board B [--partitions DIR | FILE...] [--guest-dir G]
  python3 -m generator board-import --dtb FILE [-o boards/NAME.yaml] [--name NAME] [--memory BASE:SIZE]

Exit status: 0 success, 1 the descriptions have errors, 2 internal error.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys

from generator import VERSION
from generator.allocate import allocate
from generator.board import board_path, load_board
from generator.crosscheck import crosscheck
from generator.diagnostics import DiagnosticSink, Position
from generator.emit import emit_all, emit_device_trees
from generator.partition import GuestDirs, load_partition, partition_files
from generator.source import display_path

GENERATOR_DIR = os.path.dirname(os.path.abspath(__file__))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="generator", description="cellforge generator " + VERSION)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "check"):
        p = sub.add_parser(name)
        p.add_argument("--board", required=True, help="board name or path to its YAML file")
        p.add_argument("--partitions", help="directory of partition files")
        p.add_argument("--guest-dir", help="build directory holding the bare-metal guests (<name>.elf)")
        p.add_argument("--linux-dir", help="build directory holding Debian's kernel (Image) and the busybox initramfs")
        p.add_argument("--uboot-dir", help="build directory holding Debian's U-Boot for QEMU arm64 (u-boot.bin)")
        if name == "build":
            p.add_argument("--out-dir", required=True)
            p.add_argument("--dtc", default="dtc")
            p.add_argument("--depfile")
        else:
            p.add_argument("files", nargs="*", help="partition files (instead of --partitions)")
    from generator.board_import import add_arguments as add_board_import_arguments
    add_board_import_arguments(sub.add_parser("board-import", help="derive a board file from a device tree blob"))
    return parser


def load_system(board_name: str, files: list[str], guest_dirs: GuestDirs, sink: DiagnosticSink):
    """Board + partitions -> allocated cells, or None when there were errors."""
    board = load_board(board_name, sink)
    partitions = [p for p in (load_partition(f, sink, guest_dirs) for f in files) if p is not None]
    if board is None:
        return board, None
    # Allocate even after errors in some files, so one run reports every problem;
    # nothing is emitted while there are errors.
    errors_before = sink.error_count
    cells = allocate(board, partitions, sink)
    return board, cells if sink.error_count == errors_before == 0 else None


def _partition_inputs(args, sink: DiagnosticSink) -> list[str]:
    files = list(getattr(args, "files", []) or [])
    if args.partitions:
        if not os.path.isdir(args.partitions):
            sink.error("E200", Position(display_path(args.partitions)), "partition directory not found")
            return []
        files += partition_files(args.partitions)
        if not files:
            sink.error("E200", Position(display_path(args.partitions)),
                       "no partition files (*.yaml) in this directory",
                       hint="a system needs at least one partition; see docs/language.md")
    elif not files:
        sink.error("E200", Position("<command line>"), "no partitions given",
                   hint="pass --partitions DIR or partition files")
    return files


def _write_depfile(args, files: list[str], cells) -> None:
    inputs = [os.path.abspath(board_path(args.board)), os.path.abspath(args.partitions or ".")]
    inputs += [os.path.abspath(f) for f in files]
    inputs += sorted({os.path.abspath(load.file) for c in cells for load in c.loads
                      if not load.file.startswith(os.path.abspath(args.out_dir))})
    root = os.path.dirname(GENERATOR_DIR)
    for pattern in ("generator/*.py", "generator/schema/*.json", "templates/*.j2"):
        inputs += sorted(glob.glob(os.path.join(root, pattern)))
    target = os.path.join(args.out_dir, "cells.c")
    escaped = " ".join(p.replace(" ", "\\ ") for p in inputs)
    with open(args.depfile, "w", encoding="utf-8") as f:
        f.write(f"{target}: {escaped}\n")


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "board-import":
        from generator.board_import import run_import
        return run_import(args)
    sink = DiagnosticSink()
    files = _partition_inputs(args, sink)
    board, cells = (None, None) if sink.error_count else load_system(
        args.board, files, GuestDirs(args.guest_dir or "", args.linux_dir or "", args.uboot_dir or ""), sink)
    if cells is not None and args.command == "build" and board.gic.version != 3:
        # GICv2 boards (e.g. imported with board-import) can be checked; the runtime drives GICv3 only.
        sink.error("E013", board.positions.get("gic") or Position(display_path(board.file)),
                   f"board '{board.name}' has a GICv2; the runtime supports 'gicv3' only, so it cannot be built yet",
                   hint="`check` accepts GICv2 boards; building them needs GICv2 support in the runtime")
        cells = None
    if cells is not None and args.command == "build":
        os.makedirs(args.out_dir, exist_ok=True)
        emit_device_trees(board, cells, args.out_dir, args.dtc, sink)
        if not sink.error_count:
            crosscheck(board, cells, sink)
        if not sink.error_count:
            emit_all(board, cells, args.out_dir, sink)
        if not sink.error_count and args.depfile:
            _write_depfile(args, files, cells)
    sink.print()
    if sink.error_count:
        return 1
    if args.command == "check":
        print(f"{board.name}: {len(cells)} cell{'s' if len(cells) != 1 else ''} OK "
              f"({', '.join(c.name for c in cells)})")
    return 0


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # never show a traceback to a user; say it is our bug
        print(f"cellforge generator: internal error: {type(e).__name__}: {e}\n"
              "  this is a bug in cellforge, not in your description; please report it "
              "with the files you used (set CELLFORGE_DEBUG=1 for a traceback)", file=sys.stderr)
        if os.environ.get("CELLFORGE_DEBUG"):
            raise
        return 2
