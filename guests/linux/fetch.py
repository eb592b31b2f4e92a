#!/usr/bin/python3
"""Fetch Debian's arm64 kernel and busybox-static into a cache outside the repository.

apt-get runs with its own state and cache directories under the cache and with the
architecture overridden to arm64, so neither root nor `dpkg --add-architecture` is
needed; it reads the machine's sources.list. The kernel ABI is resolved through the
linux-image-arm64 meta-package every time the cache is refreshed, never hard-coded.

Cache (CELLFORGE_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/cellforge/linux):
    apt/          apt's private lists, package cache and empty dpkg status
    debs/         the downloaded .deb files
    tree/<pkg>_<version>/   each .deb extracted with dpkg-deb -x
    selection.json          what the last resolution chose (used while present)

Once selection.json and the trees it names exist, a run needs no network; --refresh
asks the archive again (apt-get update) and downloads only what changed.

Outputs (for the build): the uncompressed kernel Image, a manifest (JSON) naming the
ABI, the modules tree and busybox for mkinitramfs.py, and optionally a depfile.
Standard library only; run with /usr/bin/python3.
"""

from __future__ import annotations

import argparse
import fcntl
import gzip
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

META_PACKAGE = "linux-image-arm64"
BUSYBOX_PACKAGE = "busybox-static"
ARCH = "arm64"
IMAGE_MAGIC = b"ARM\x64"          # arm64 Image header, offset 56
SELECTION_FORMAT = 1


class FetchError(Exception):
    pass


def log(msg: str) -> None:
    print(f"fetch: {msg}", flush=True)


def cache_dir() -> str:
    explicit = os.environ.get("CELLFORGE_CACHE")
    if explicit:
        return os.path.abspath(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cellforge", "linux")


def mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB"


class Apt:
    """apt-get/apt-cache confined to a private state directory, arm64 only."""

    def __init__(self, cache: str):
        root = os.path.join(cache, "apt")
        self.lists = os.path.join(root, "lists")
        self.pkgcache = os.path.join(root, "cache")
        self.status = os.path.join(root, "status")
        for d in (os.path.join(self.lists, "partial"), os.path.join(self.pkgcache, "archives", "partial")):
            os.makedirs(d, exist_ok=True)
        if not os.path.exists(self.status):
            open(self.status, "w").close()   # no packages "installed": nothing constrains resolution
        self.options = [
            "-o", f"Dir::State::Lists={self.lists}",
            "-o", f"Dir::Cache={self.pkgcache}",
            "-o", f"Dir::State::Status={self.status}",
            "-o", f"APT::Architecture={ARCH}",
            "-o", f"APT::Architectures={ARCH}",
        ]
        if os.geteuid() == 0:
            # As root apt hands downloads to the _apt user, which cannot enter a cache under
            # /root; it would fall back with a warning on every run. Say so up front.
            self.options += ["-o", "APT::Sandbox::User=root"]

    def has_lists(self) -> bool:
        return any(name.endswith("InRelease") or name.endswith("_Release") for name in os.listdir(self.lists))

    def run(self, tool: str, args: list[str], cwd: str | None = None, capture: bool = True) -> str:
        cmd = [tool, *self.options, *args]
        try:
            proc = subprocess.run(cmd, cwd=cwd, text=True,
                                  stdout=subprocess.PIPE if capture else None,
                                  stderr=subprocess.PIPE if capture else None)
        except OSError as e:
            raise FetchError(f"cannot run {tool}: {e.strerror}\n  command: {shlex.join(cmd)}") from None
        if proc.returncode != 0:
            detail = (proc.stderr or "").strip() if capture else ""
            hint = ""
            if tool == "apt-get" and ("update" in args or "download" in args):
                hint = "\n  is the Debian archive reachable? (sources: /etc/apt/sources.list[.d])"
            raise FetchError(f"command failed (exit {proc.returncode}): {shlex.join(cmd)}"
                             + (f"\n{detail}" if detail else "") + hint)
        if capture and proc.stderr.strip():
            # apt notes and warnings (e.g. ignored files in sources.list.d): pass them on.
            for line in proc.stderr.strip().splitlines():
                log(f"apt: {line}")
        return proc.stdout if capture else ""

    def update(self) -> None:
        log("apt-get update (arm64 package lists from the machine's sources)")
        # --error-on=any: an unreachable archive is an error, not a warning with exit 0.
        self.run("apt-get", ["-q", "--error-on=any", "update"], capture=False)
        if not self.has_lists():
            raise FetchError(f"apt-get update fetched no package lists into {self.lists}")

    def show(self, package: str) -> dict[str, str]:
        """The candidate version's control fields."""
        text = self.run("apt-cache", ["show", "--no-all-versions", package])
        fields: dict[str, str] = {}
        key = None
        for line in text.splitlines():
            if not line.strip():
                if fields:
                    break
                continue
            if line[0] in " \t" and key:
                fields[key] += "\n" + line.strip()
                continue
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        if "Version" not in fields:
            raise FetchError(f"apt-cache knows no {ARCH} package '{package}' "
                             f"(lists in {self.lists}; try --refresh)")
        return fields

    def download(self, package: str, version: str, size: int, dest_dir: str) -> str:
        log(f"downloading {package} {version} ({mib(size)}) ...")
        with tempfile.TemporaryDirectory(dir=dest_dir, prefix=".download-") as tmp:
            os.chmod(tmp, 0o755)
            self.run("apt-get", ["-q", "download", f"{package}={version}"], cwd=tmp, capture=False)
            debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
            if len(debs) != 1:
                raise FetchError(f"apt-get download {package} left {debs!r} instead of one .deb")
            final = os.path.join(dest_dir, debs[0])
            os.replace(os.path.join(tmp, debs[0]), final)
        log(f"downloaded {os.path.basename(final)} ({mib(os.path.getsize(final))})")
        return final


def kernel_abi(meta: dict[str, str]) -> tuple[str, str]:
    """ABI and exact version from linux-image-arm64's dependency on linux-image-<abi>-arm64."""
    pattern = re.compile(r"^linux-image-(?P<abi>[0-9][^ ]*)-arm64(?:-unsigned)?$")
    for alternatives in meta.get("Depends", "").split(","):
        for dep in alternatives.split("|"):
            m = re.match(r"^\s*(\S+)\s*(?:\(\s*=\s*([^)\s]+)\s*\))?", dep)
            if not m:
                continue
            name, version = m.group(1), m.group(2)
            pm = pattern.match(name)
            if pm:
                return pm.group("abi"), version or ""
    raise FetchError(f"{META_PACKAGE} {meta.get('Version')} depends on no linux-image-<abi>-arm64 package "
                     f"(Depends: {meta.get('Depends', '')!r})")


def extract(deb: str, tree: str) -> None:
    log(f"extracting {os.path.basename(deb)} (dpkg-deb -x)")
    parent = os.path.dirname(tree)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".extract-")
    cmd = ["dpkg-deb", "-x", deb, tmp]
    try:
        proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise FetchError(f"command failed (exit {proc.returncode}): {shlex.join(cmd)}\n{proc.stderr.strip()}")
        if os.path.exists(tree):
            shutil.rmtree(tree)
        os.replace(tmp, tree)
    except OSError as e:
        raise FetchError(f"cannot run dpkg-deb: {e.strerror}\n  command: {shlex.join(cmd)}") from None
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def tree_name(package: str, version: str) -> str:
    return f"{package}_{version.replace(':', '%3a')}"


def read_selection(path: str) -> dict | None:
    try:
        with open(path) as f:
            sel = json.load(f)
    except (OSError, ValueError):
        return None
    return sel if sel.get("format") == SELECTION_FORMAT else None


def resolve(apt: Apt) -> dict:
    meta = apt.show(META_PACKAGE)
    abi, version = kernel_abi(meta)
    kernel_pkg = f"linux-image-{abi}-{ARCH}-unsigned"
    kernel = apt.show(kernel_pkg if not version else f"{kernel_pkg}={version}")
    busybox = apt.show(BUSYBOX_PACKAGE)
    log(f"{META_PACKAGE} {meta['Version']} -> kernel ABI {abi} ({kernel_pkg} {kernel['Version']})")
    return {
        "format": SELECTION_FORMAT,
        "abi": f"{abi}-{ARCH}",
        "packages": {
            "kernel": {"name": kernel_pkg, "version": kernel["Version"], "size": int(kernel.get("Size", 0)),
                       "filename": kernel.get("Filename", "")},
            "busybox": {"name": BUSYBOX_PACKAGE, "version": busybox["Version"], "size": int(busybox.get("Size", 0)),
                        "filename": busybox.get("Filename", "")},
        },
    }


def deb_path(cache: str, pkg: dict) -> str:
    # apt-get download's own file name: <package>_<version, ':' as %3a>_<arch>.deb
    return os.path.join(cache, "debs", f"{tree_name(pkg['name'], pkg['version'])}_{ARCH}.deb")


def ensure_trees(cache: str, apt: Apt, sel: dict) -> None:
    debs_dir = os.path.join(cache, "debs")
    os.makedirs(debs_dir, exist_ok=True)
    for pkg in sel["packages"].values():
        tree = os.path.join(cache, "tree", tree_name(pkg["name"], pkg["version"]))
        pkg["tree"] = tree
        if os.path.isdir(tree):
            log(f"using cached {pkg['name']} {pkg['version']} ({tree})")
            continue
        deb = deb_path(cache, pkg)
        if os.path.exists(deb):
            log(f"using cached {os.path.basename(deb)}")
        else:
            if not apt.has_lists():
                apt.update()
            got = apt.download(pkg["name"], pkg["version"], pkg["size"], debs_dir)
            if got != deb:
                os.replace(got, deb)
        extract(deb, tree)


def prune(cache: str, sel: dict) -> None:
    """Drop trees and .debs the selection no longer names (after a refresh)."""
    keep = {p["tree"] for p in sel["packages"].values()} | {deb_path(cache, p) for p in sel["packages"].values()}
    for sub in ("tree", "debs"):
        root = os.path.join(cache, sub)
        for name in sorted(os.listdir(root)):
            path = os.path.join(root, name)
            if path in keep or name.startswith("."):
                continue
            log(f"removing old {sub}/{name}")
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)


def kernel_image(sel: dict) -> tuple[bytes, str]:
    tree = sel["packages"]["kernel"]["tree"]
    src = os.path.join(tree, "boot", f"vmlinuz-{sel['abi']}")
    try:
        with open(src, "rb") as f:
            data = f.read()
    except OSError as e:
        raise FetchError(f"kernel package has no {src}: {e.strerror}") from None
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[56:60] != IMAGE_MAGIC:
        raise FetchError(f"{src} is not an arm64 Image (no 'ARM\\x64' magic at offset 56)")
    return data, src


def write_atomic(path: str, data: bytes) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def depfile_escape(path: str) -> str:
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--image", help="write the uncompressed kernel Image here")
    ap.add_argument("--manifest", help="write a JSON manifest (ABI, modules tree, busybox) here")
    ap.add_argument("--depfile", help="write a Makefile-style depfile for the first output")
    ap.add_argument("--refresh", action="store_true",
                    help="ask the archive again (apt-get update) and fetch a newer kernel/busybox if there is one")
    args = ap.parse_args(argv)

    cache = cache_dir()
    try:
        os.makedirs(cache, exist_ok=True)
        with open(os.path.join(cache, "lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            log(f"cache {cache}")
            apt = Apt(cache)
            sel_path = os.path.join(cache, "selection.json")
            sel = None if args.refresh else read_selection(sel_path)
            if sel is None:
                apt.update()
                sel = resolve(apt)
            else:
                log(f"using cached selection: kernel ABI {sel['abi']} (run with --refresh to look for a newer one)")
            ensure_trees(cache, apt, sel)
            with open(sel_path + ".tmp", "w") as f:
                json.dump(sel, f, indent=2, sort_keys=True)
                f.write("\n")
            os.replace(sel_path + ".tmp", sel_path)
            if args.refresh:
                prune(cache, sel)

        image, image_src = kernel_image(sel)
        text_offset, image_size = struct.unpack_from("<QQ", image, 8)
        kernel_tree = sel["packages"]["kernel"]["tree"]
        busybox = os.path.join(sel["packages"]["busybox"]["tree"], "bin", "busybox")
        modules = os.path.join(kernel_tree, "lib", "modules", sel["abi"])
        for path in (busybox, modules):
            if not os.path.exists(path):
                raise FetchError(f"{path} is missing from the extracted package (delete {cache} and retry)")
        log(f"kernel {sel['abi']}: Image {mib(len(image))}, image_size {mib(image_size)}, "
            f"text_offset {text_offset:#x}")
        if args.image:
            write_atomic(args.image, image)
        if args.manifest:
            manifest = {
                "abi": sel["abi"],
                "kernel_package": sel["packages"]["kernel"]["name"],
                "kernel_version": sel["packages"]["kernel"]["version"],
                "busybox_version": sel["packages"]["busybox"]["version"],
                "modules_dir": modules,
                "busybox": busybox,
                "image_size": image_size,
                "text_offset": text_offset,
            }
            write_atomic(args.manifest, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
        if args.depfile:
            target = args.image or args.manifest or "fetch"
            deps = [sel_path, image_src, busybox]
            with open(args.depfile, "w") as f:
                f.write(f"{depfile_escape(target)}: {' '.join(depfile_escape(d) for d in deps)}\n")
    except FetchError as e:
        print(f"fetch.py: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"fetch.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
