"""Debian's U-Boot for QEMU arm64, unmodified, in a cell; it boots Debian's kernel from the cell's disk.

  test_uboot.py --system uboot --build-root DIR

The system (systems/uboot, board qemu-arm64-hyptop) has one cell 'uboot': u-boot.bin in
a read-only window at guest 0, 512 MiB of RAM at 0x40000000 (identity mapped) with the
device tree at its start, and virtio31 backed by a disk image. Before QEMU starts, the
test writes an ext2 file system with the kernel and the initramfs onto that disk
(mke2fs -d, no root needed). Then, like a user at U-Boot's prompt:

  1. stop autoboot; `md.l 0 1` reads the first word of u-boot.bin from the window;
  2. `mw.l 0 0` writes to it: the hypervisor reports the fault (naming the read-only
     window) and, with on_fault: restart, U-Boot starts again; its window reads the
     pristine first word again;
  3. `virtio scan`, `load virtio 0 ...` the kernel and the initramfs, `booti` with
     U-Boot's own copy of the device tree: Debian's kernel reaches userspace (the
     Linux marker `cellforge-linux: userspace up`) and powers the cell off.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from session import QemuSession, Timeout
from systems import system_from_command_line

CELL = "uboot"
PROMPT_TIMEOUT = 120  # QEMU start to U-Boot's "Net:" line: about 3 s here, the machine is shared
LOAD_TIMEOUT = 120  # 31 MiB through virtio-blk under TCG: about 5 s here
LINUX_TIMEOUT = 300
TYPE_PACE = 0.03  # s per typed byte: U-Boot polls its UART, whose FIFO is 32 bytes deep
SET_WAY = re.compile(r"^\[hv\]\s+(?:SYS \(system instruction\) )?DC C?I?SW", re.M)


class Failed(Exception):
    pass


def disk_of(qemu_args: str) -> str:
    """The disk image behind the cell's virtio transport (from -drive ...,file=PATH)."""
    with open(qemu_args, encoding="utf-8") as f:
        for line in f:
            m = re.search(rf"id={CELL}-virtio\d+,.*file=([^,\n]+)", line)
            if m:
                return m.group(1)
    raise Failed(f"{qemu_args} backs no virtio disk for cell '{CELL}'")


def make_boot_disk(disk: str, linux_dir: str) -> None:
    """An ext2 file system on the whole disk with Image and initramfs.cpio.gz."""
    mke2fs = shutil.which("mke2fs") or next((p for p in ("/usr/sbin/mke2fs", "/sbin/mke2fs")
                                             if os.path.exists(p)), None)
    if mke2fs is None:
        print("SKIP: mke2fs (e2fsprogs) is not installed; it writes the boot disk")
        sys.exit(77)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(disk)) as stage:
        for name in ("Image", "initramfs.cpio.gz"):
            src = os.path.join(linux_dir, name)
            if not os.path.isfile(src):
                raise Failed(f"{src} is missing: the system build fetches the Linux guest")
            shutil.copyfile(src, os.path.join(stage, name))
        size_kib = os.path.getsize(disk) // 1024
        result = subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", "-L", "cfboot", "-d", stage, disk, f"{size_kib}k"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise Failed(f"mke2fs failed: {result.stderr.strip()}")


def first_word(path: str) -> int:
    with open(path, "rb") as f:
        return int.from_bytes(f.read(4), "little")


class UBoot:
    """U-Boot's prompt through the console mux: typed commands, awaited output lines."""

    def __init__(self, session: QemuSession):
        self.s = session
        self.count = 0

    def expect(self, what: str, pattern: str, timeout: float) -> re.Match:
        try:
            return self.s.expect(pattern, timeout)
        except Timeout:
            tail = self.s.output[-3000:]
            if SET_WAY.search(self.s.output):
                raise Failed(f"{what}: U-Boot's cache maintenance by set/way faulted (DC ISW/CISW); it needs "
                             f"the hypervisor to emulate set/way (issue 10)\n{tail}") from None
            raise Failed(f"{what}: no {pattern!r} within {timeout:.0f} s\n{tail}") from None

    def stop_autoboot(self) -> None:
        # "Hit any key" has no newline (the mux shows whole lines): "Net:" comes just before it.
        self.expect("U-Boot starts", rf"^\[{CELL}\] Net:", PROMPT_TIMEOUT)
        self.s.send(" ", TYPE_PACE)
        self.run("echo at the prompt", 30)

    def run(self, command: str, timeout: float = 30) -> str:
        """Type `command; echo <sentinel>` and return what the command printed."""
        self.count += 1
        sentinel = f"cf-done-{self.count}"
        line = f"{command}; echo {sentinel}"
        self.s.mark()
        self.s.send(line + "\r", TYPE_PACE)
        echo = self.expect(f"typing {command!r}", rf"^\[{CELL}\] => ([^\n]*?)\r?$", 10)
        if echo.group(1).strip() != line:
            raise Failed(f"U-Boot received {echo.group(1)!r} for {line!r} (console input lost)")
        start = echo.end()
        done = self.expect(f"{command!r} finishes", rf"^\[{CELL}\] {sentinel}\s*$", timeout)
        return self.s.output[start:done.start()]


def check(session: QemuSession, image_word: int) -> None:
    def at() -> str:
        return f"{time.monotonic() - session.start:.1f} s after QEMU started"

    u = UBoot(session)
    u.stop_autoboot()
    word = f"{image_word:08x}"
    out = u.run("md.l 0 1")
    if not re.search(rf"00000000: {word}\b", out):
        raise Failed(f"md.l 0 1 does not show u-boot.bin's first word {word}:\n{out}")
    print(f"ok: U-Boot runs from its window and reads it (word at 0: {word}; prompt {at()})")

    session.mark()
    session.send("mw.l 0 0\r", TYPE_PACE)
    u.expect("the write to the window faults",
             rf"^\[hv\] FAULT cell '{CELL}' cpu\d+: data abort .* at 0x0+,", 30)
    u.expect("the fault names the window", rf"^\[hv\]   0x0+ is the read-only firmware window of cell '{CELL}'", 5)
    u.expect("the cell restarts", rf"^\[hv\]   policy restart: ", 5)
    print("ok: a write to the read-only window is a fault; the cell restarts")
    u.stop_autoboot()
    out = u.run("md.l 0 1")
    if not re.search(rf"00000000: {word}\b", out):
        raise Failed(f"after the restart md.l 0 1 does not show the pristine word {word}:\n{out}")
    print("ok: after the restart U-Boot runs again from the pristine window")

    u.run("virtio scan")
    out = u.run("virtio info")
    if "QEMU VirtIO Block Device" not in out:
        raise Failed(f"virtio info shows no disk:\n{out}")
    out = u.run("load virtio 0 ${kernel_addr_r} Image", LOAD_TIMEOUT)
    if not re.search(r"\b\d+ bytes read", out):
        raise Failed(f"loading the kernel failed:\n{out}")
    out = u.run("load virtio 0 ${ramdisk_addr_r} initramfs.cpio.gz", LOAD_TIMEOUT)
    if not re.search(r"\b\d+ bytes read", out):
        raise Failed(f"loading the initramfs failed:\n{out}")
    print(f"ok: virtio scan and load read the kernel and initramfs from the cell's disk ({at()})")
    u.run(f"setenv bootargs console=ttyAMA0 panic=-1 cma=0 cellforge.cell={CELL} cellforge.script=poweroff")
    session.mark()
    session.send("booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}\r", TYPE_PACE)
    u.expect("U-Boot starts the kernel", rf"^\[{CELL}\] Starting kernel", 60)
    u.expect("Linux reaches userspace", rf"^\[{CELL}\] cellforge-linux: userspace up on 1 CPUs", LINUX_TIMEOUT)
    print(f"ok: booti: Debian's kernel reached userspace (the Linux marker, {at()})")
    u.expect("Linux powers the cell off", rf"^\[hv\] cell '{CELL}' stopped \(system off\)", 120)
    print("ok: the cell powered off")


def main() -> int:
    system = system_from_command_line(["uboot"])
    build = os.path.dirname(os.path.dirname(system.image))
    try:
        make_boot_disk(disk_of(system.qemu_args), os.path.join(build, "guests", "linux"))
        image_word = first_word(os.path.join(build, "guests", "uboot", "u-boot.bin"))
        with QemuSession(system.image, system.qemu_args) as session:
            check(session, image_word)
    except Failed as e:
        print(f"FAILED: {e}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
