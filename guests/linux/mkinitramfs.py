#!/usr/bin/python3
"""Build the busybox initramfs for the Linux guest: a gzip-compressed newc cpio.

The archive is written directly (no cpio tool, no root): entries are sorted, owned
by root, with fixed mtimes, and gzip's header carries no name or time, so the same
inputs give the same bytes (on the same zlib).

Contents:
    /bin/busybox (busybox-static:arm64) and symlinks for the applets /init and the
        scripts use; /init installs the rest at boot (busybox --install -s)
    /dev/console (c 5 1), /dev/null (c 1 3) -- the kernel opens /dev/console for init
    /lib/modules/<abi>/<module>.ko  -- the requested modules and everything they depend
        on (from each module's .modinfo "depends", the same facts modules.dep is made
        of: Debian's package ships no modules.dep, depmod writes it on install),
        decompressed if the package has them compressed
    /etc/cellforge/modules -- "<name> <path>" per line, dependencies first; /init
        loads them in this order
    everything under --rootfs (the /init script, /scripts/*)

Standard library only; run with /usr/bin/python3.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import lzma
import os
import stat
import struct
import sys

DEFAULT_MODULES = ["virtio_mmio", "virtio_blk", "virtio_console", "virtio_net"]

# Applets linked at build time: what /init and the shipped scripts run before (or
# without) `busybox --install`. The shell gets every applet once /init has run.
APPLETS = [
    "[", "cat", "cttyhack", "cut", "dd", "dmesg", "echo", "grep", "head", "hostname",
    "insmod", "ln", "ls", "lsmod", "mkdir", "mount", "nproc", "poweroff", "printf",
    "reboot", "setsid", "sh", "sleep", "sync", "test", "tr", "umount", "uname", "usleep",
]

MODULE_SUFFIXES = (".ko", ".ko.xz", ".ko.gz", ".ko.zst")


class InitramfsError(Exception):
    pass


def module_name(filename: str) -> str | None:
    for suffix in MODULE_SUFFIXES:
        if filename.endswith(suffix):
            return filename[: -len(suffix)].replace("-", "_")
    return None


def read_module(path: str) -> bytes:
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xz"):
        return lzma.decompress(data)      # busybox insmod takes plain ELF only
    if path.endswith(".gz"):
        return gzip.decompress(data)
    if path.endswith(".zst"):
        raise InitramfsError(f"{path}: zstd-compressed modules need a decompressor Python lacks")
    return data


def modinfo(elf: bytes, where: str) -> dict[str, list[str]]:
    """The key=value strings of a module's .modinfo section (ELF64 little-endian)."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise InitramfsError(f"{where}: not an ELF64 little-endian module")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)

    def section(i: int) -> tuple[int, int, int]:
        name, _type, _flags, _addr, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        return name, offset, size

    _, str_off, _ = section(shstrndx)
    for i in range(shnum):
        name_off, offset, size = section(i)
        end = elf.index(b"\0", str_off + name_off)
        if elf[str_off + name_off:end] == b".modinfo":
            info: dict[str, list[str]] = {}
            for item in elf[offset:offset + size].split(b"\0"):
                key, sep, value = item.decode("utf-8", "replace").partition("=")
                if sep:
                    info.setdefault(key, []).append(value)
            return info
    raise InitramfsError(f"{where}: no .modinfo section")


class ModuleTree:
    def __init__(self, modules_dir: str):
        self.dir = modules_dir
        self.paths: dict[str, str] = {}
        for root, dirs, files in os.walk(modules_dir):
            dirs.sort()
            for f in sorted(files):
                name = module_name(f)
                if name and name not in self.paths:
                    self.paths[name] = os.path.join(root, f)
        self.builtin: set[str] = set()
        try:
            with open(os.path.join(modules_dir, "modules.builtin")) as f:
                for line in f:
                    name = module_name(os.path.basename(line.strip()))
                    if name:
                        self.builtin.add(name)
        except OSError:
            pass
        if not self.paths:
            raise InitramfsError(f"no kernel modules under {modules_dir}")

    def closure(self, wanted: list[str]) -> list[tuple[str, str, bytes]]:
        """(name, source path, ELF bytes) for wanted and their dependencies, dependencies first."""
        order: list[tuple[str, str, bytes]] = []
        done: set[str] = set()
        visiting: list[str] = []

        def visit(name: str, needed_by: str | None) -> None:
            name = name.replace("-", "_")
            if name in done or name in self.builtin:
                return
            if name in visiting:
                raise InitramfsError(f"module dependency cycle: {' -> '.join(visiting + [name])}")
            path = self.paths.get(name)
            if path is None:
                by = f" (needed by {needed_by})" if needed_by else ""
                raise InitramfsError(f"kernel module '{name}'{by} is neither in {self.dir} nor built in")
            elf = read_module(path)
            info = modinfo(elf, path)
            visiting.append(name)
            deps = [d for v in info.get("depends", []) for d in v.split(",") if d]
            # "softdep=pre: a b post: c": pre-dependencies are loaded first as well.
            for soft in info.get("softdep", []):
                words = soft.split()
                pre = False
                for w in words:
                    if w.endswith(":"):
                        pre = w == "pre:"
                    elif pre and w.replace("-", "_") in self.paths:
                        deps.append(w)
            for dep in deps:
                visit(dep, name)
            visiting.pop()
            done.add(name)
            order.append((name, path, elf))

        for name in wanted:
            visit(name, None)
        return order


class Cpio:
    """newc archive writer; entries are collected, then written sorted by path."""

    def __init__(self, mtime: int):
        self.mtime = mtime
        self.entries: dict[str, tuple[int, bytes, int]] = {}   # path -> (mode, data, rdev)

    def add(self, path: str, mode: int, data: bytes = b"", rdev: int = 0) -> None:
        path = path.strip("/")
        parent = os.path.dirname(path)
        if parent and parent not in self.entries:
            self.dir(parent)
        if path in self.entries and not stat.S_ISDIR(mode):
            raise InitramfsError(f"/{path} is added twice")
        self.entries[path] = (mode, data, rdev)

    def dir(self, path: str) -> None:
        self.add(path, stat.S_IFDIR | 0o755)

    def file(self, path: str, data: bytes, executable: bool = False) -> None:
        self.add(path, stat.S_IFREG | (0o755 if executable else 0o644), data)

    def symlink(self, path: str, target: str) -> None:
        self.add(path, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, path: str, major: int, minor: int, perm: int) -> None:
        self.add(path, stat.S_IFCHR | perm, rdev=(major << 8) | minor)

    def bytes(self) -> bytes:
        out = io.BytesIO()

        def record(ino: int, name: str, mode: int, data: bytes, rdev: int) -> None:
            encoded = name.encode() + b"\0"
            fields = [ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, self.mtime, len(data),
                      0, 0, rdev >> 8, rdev & 0xFF, len(encoded), 0]
            out.write(b"070701" + b"".join(b"%08X" % v for v in fields) + encoded)
            out.write(b"\0" * (-out.tell() % 4))
            out.write(data)
            out.write(b"\0" * (-out.tell() % 4))

        for ino, path in enumerate(sorted(self.entries), start=1):
            mode, data, rdev = self.entries[path]
            record(ino, path, mode, data, rdev)
        record(0, "TRAILER!!!", 0, b"", 0)
        return out.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def add_rootfs(cpio: Cpio, rootfs: str) -> list[str]:
    used = []
    for root, dirs, files in os.walk(rootfs):
        dirs.sort()
        rel_root = os.path.relpath(root, rootfs)
        if rel_root != ".":
            cpio.dir(rel_root)
        for f in sorted(files):
            src = os.path.join(root, f)
            rel = os.path.normpath(os.path.join(rel_root, f))
            st = os.lstat(src)
            if stat.S_ISLNK(st.st_mode):
                cpio.symlink(rel, os.readlink(src))
                continue
            with open(src, "rb") as fh:
                cpio.file(rel, fh.read(), executable=bool(st.st_mode & stat.S_IXUSR))
            used.append(src)
    return used


def build(manifest: dict, rootfs: str, modules: list[str], mtime: int) -> tuple[bytes, list[str], list[str]]:
    cpio = Cpio(mtime)
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "root",
              "etc/cellforge", "scripts", "lib/modules"):
        cpio.dir(d)
    cpio.add("tmp", stat.S_IFDIR | 0o1777)
    cpio.add("root", stat.S_IFDIR | 0o700)
    cpio.chardev("dev/console", 5, 1, 0o600)
    cpio.chardev("dev/null", 1, 3, 0o666)

    with open(manifest["busybox"], "rb") as f:
        cpio.file("bin/busybox", f.read(), executable=True)
    for applet in APPLETS:
        cpio.symlink(f"bin/{applet}", "busybox")
    used = [manifest["busybox"]]

    abi = manifest["abi"]
    tree = ModuleTree(manifest["modules_dir"])
    lines = []
    loaded = []
    for name, src, elf in tree.closure(modules):
        dest = f"lib/modules/{abi}/{name}.ko"
        cpio.file(dest, elf)
        lines.append(f"{name} /{dest}\n")
        loaded.append(name)
        used.append(src)
    cpio.file("etc/cellforge/modules", "".join(lines).encode())

    used += add_rootfs(cpio, rootfs)
    if "init" not in cpio.entries:
        raise InitramfsError(f"{rootfs} has no init script")
    return gzip_bytes(cpio.bytes()), loaded, used


def depfile_escape(path: str) -> str:
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True, help="JSON written by fetch.py --manifest")
    ap.add_argument("--rootfs", required=True, help="directory copied into the archive (init, scripts/)")
    ap.add_argument("--module", action="append", dest="modules",
                    help=f"kernel module to include with its dependencies (default: {' '.join(DEFAULT_MODULES)})")
    ap.add_argument("--output", required=True, help="initramfs.cpio.gz to write")
    ap.add_argument("--depfile", help="write a Makefile-style depfile for --output")
    args = ap.parse_args(argv)

    try:
        mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        print("mkinitramfs.py: error: SOURCE_DATE_EPOCH is not an integer", file=sys.stderr)
        return 1
    try:
        with open(args.manifest) as f:
            manifest = json.load(f)
        data, loaded, used = build(manifest, args.rootfs, args.modules or DEFAULT_MODULES, mtime)
        tmp = args.output + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, args.output)
        if args.depfile:
            with open(args.depfile, "w") as f:
                f.write(f"{depfile_escape(args.output)}: {' '.join(depfile_escape(u) for u in used)}\n")
    except (InitramfsError, OSError, ValueError, KeyError) as e:
        print(f"mkinitramfs.py: error: {e}", file=sys.stderr)
        return 1
    print(f"mkinitramfs: {args.output}: {len(data) / (1 << 20):.1f} MiB, modules (load order): {' '.join(loaded)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
