"""`board import`: derive a starting board file from a real device tree blob.

  python3 -m generator board-import --dtb FILE [-o boards/NAME.yaml] [--name NAME] [--memory BASE:SIZE ...]

fdt_model reads the DTB (libfdt) and knows DT addressing and interrupt rules;
classify sorts nodes into board facts; emit_board writes the commented YAML.
The YAML goes to stdout (or -o); the report (TODOs, not-imported list) to stderr.
Exit status: 0 written, 1 the DTB cannot be imported, 2 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys

from generator.board_import.classify import ImportError_, classify
from generator.board_import.emit_board import emit
from generator.board_import.fdt_model import DtbError, load_dtb
from generator.board_import.names import sanitize
from generator.units import NotationError, parse_address, parse_size


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dtb", required=True, help="the device tree blob to import")
    p.add_argument("-o", "--output", help="write the board file here (default: stdout)")
    p.add_argument("--name", help="the board's name (default: from -o, else from the DT's compatible)")
    p.add_argument("--memory", action="append", default=[], metavar="BASE:SIZE",
                   help="a RAM bank, e.g. 0x0:948M (repeatable); replaces the DT's memory nodes, "
                        "for DTs whose RAM the firmware fills in")


def _memory_banks(specs: list[str]) -> list[tuple[int, int]]:
    banks = []
    for spec in specs:
        base, sep, size = spec.partition(":")
        if not sep:
            raise ImportError_(f"--memory {spec!r}: expected BASE:SIZE, e.g. 0x40000000:1G")
        try:
            banks.append((parse_address(base), parse_size(size)))
        except NotationError as e:
            raise ImportError_(f"--memory {spec!r}: {e}") from None
    return banks


def run_import(args) -> int:
    shown = args.dtb
    try:
        tree = load_dtb(args.dtb)
        if args.name:
            name = args.name
        elif args.output:
            name = sanitize(os.path.splitext(os.path.basename(args.output))[0])
        else:
            compatible = tree.root.compatible
            name = sanitize(compatible[0]) if compatible else "imported"
        imported = classify(tree, name, os.path.basename(args.dtb), _memory_banks(args.memory))
    except (DtbError, ImportError_) as e:
        print(f"{shown}: error: {e}", file=sys.stderr)
        return 1
    text = emit(imported)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            print(f"{args.output}: error: cannot write: {e.strerror or e}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    _report(imported, shown, args.output, sys.stderr)
    return 0


def _report(imp, shown: str, output: str | None, stream) -> None:
    print(f"{shown}: imported board '{imp.name}': {len(imp.cpus)} CPUs, {len(imp.ram)} RAM bank(s), "
          f"{imp.gic['type']}, {len(imp.devices)} devices, console {imp.console}"
          + (f" -> {output}" if output else ""), file=stream)
    if imp.non_psci_cpus:
        print(f"{shown}: warning: CPUs use enable-method "
              + ", ".join(sorted({repr(m) for _, m in imp.non_psci_cpus}))
              + ": cellforge needs PSCI firmware, e.g. TF-A's bl31, to start secondary CPUs", file=stream)
    if imp.gic["type"] == "gicv2":
        print(f"{shown}: warning: GICv2 is not supported by the cellforge runtime yet "
              "(the board file checks, it cannot be built)", file=stream)
    for todo in imp.todos:
        print(f"{shown}: todo: {todo}", file=stream)
    if imp.disabled:
        print(f"{shown}: note: {len(imp.disabled)} disabled node(s) skipped (listed in the file)", file=stream)
    for path, reason in imp.not_imported:
        print(f"{shown}: not imported: {path}: {reason}", file=stream)
