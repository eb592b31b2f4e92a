#!/usr/bin/python3
"""Fetch Debian's u-boot-qemu package and write its QEMU arm64 U-Boot (u-boot.bin).

The apt machinery (a private state directory, arm64 lists, no root) is the Linux
guest's: guests/linux/fetch.py. Only the package and the file differ.

Cache (CELLFORGE_UBOOT_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/cellforge/uboot):
    apt/ debs/ tree/<pkg>_<version>/ selection.json lock   as for the kernel

Once selection.json and the tree it names exist, a run needs no network; --refresh
asks the archive again. Standard library only; run with /usr/bin/python3.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "linux"))
import fetch as linux_fetch  # noqa: E402  (guests/linux/fetch.py)

PACKAGE = "u-boot-qemu"
BINARY = os.path.join("usr", "lib", "u-boot", "qemu_arm64", "u-boot.bin")
SELECTION_FORMAT = 1
# AArch64 U-Boot starts with a branch (b reset: opcode 0b000101 in bits 31:26).
A64_B_MASK, A64_B = 0xFC000000, 0x14000000


def cache_dir() -> str:
    explicit = os.environ.get("CELLFORGE_UBOOT_CACHE")
    if explicit:
        return os.path.abspath(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cellforge", "uboot")


def resolve(apt: linux_fetch.Apt) -> dict:
    fields = apt.show(PACKAGE)
    linux_fetch.log(f"{PACKAGE} {fields['Version']}")
    return {"format": SELECTION_FORMAT,
            "packages": {"uboot": {"name": PACKAGE, "version": fields["Version"],
                                   "size": int(fields.get("Size", 0)), "filename": fields.get("Filename", "")}}}


def read_selection(path: str) -> dict | None:
    sel = linux_fetch.read_selection(path)
    return sel if sel is not None and "uboot" in sel.get("packages", {}) else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--output", help="write u-boot.bin here")
    ap.add_argument("--depfile", help="write a Makefile-style depfile for --output")
    ap.add_argument("--refresh", action="store_true", help="ask the archive again for a newer u-boot-qemu")
    args = ap.parse_args(argv)
    cache = cache_dir()
    try:
        os.makedirs(cache, exist_ok=True)
        with open(os.path.join(cache, "lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            linux_fetch.log(f"cache {cache}")
            apt = linux_fetch.Apt(cache)
            sel_path = os.path.join(cache, "selection.json")
            sel = None if args.refresh else read_selection(sel_path)
            if sel is None:
                apt.update()
                sel = resolve(apt)
            else:
                linux_fetch.log(f"using cached selection: {PACKAGE} {sel['packages']['uboot']['version']}")
            linux_fetch.ensure_trees(cache, apt, sel)
            linux_fetch.write_atomic(sel_path, (json.dumps(sel, indent=2, sort_keys=True) + "\n").encode())
            if args.refresh:
                linux_fetch.prune(cache, sel)
        src = os.path.join(sel["packages"]["uboot"]["tree"], BINARY)
        try:
            with open(src, "rb") as f:
                data = f.read()
        except OSError as e:
            raise linux_fetch.FetchError(f"{PACKAGE} has no {src}: {e.strerror} (delete {cache} and retry)") \
                from None
        if len(data) < 4 or int.from_bytes(data[:4], "little") & A64_B_MASK != A64_B:
            raise linux_fetch.FetchError(f"{src} does not start with an AArch64 branch: not U-Boot for arm64")
        linux_fetch.log(f"u-boot.bin {linux_fetch.mib(len(data))} ({len(data)} bytes)")
        if args.output:
            linux_fetch.write_atomic(args.output, data)
        if args.depfile:
            with open(args.depfile, "w") as f:
                f.write(f"{linux_fetch.depfile_escape(args.output or 'fetch')}: "
                        f"{linux_fetch.depfile_escape(sel_path)} {linux_fetch.depfile_escape(src)}\n")
    except (linux_fetch.FetchError, OSError) as e:
        print(f"fetch.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
