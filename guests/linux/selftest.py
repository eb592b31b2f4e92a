#!/usr/bin/python3
"""Boot the Linux guest on bare QEMU (no hypervisor) and check the /init protocol.

    selftest.py <dir with Image and initramfs.cpio.gz>   (linux_guest_dir)

Runs blk-test against a scratch disk: expects the userspace marker, one "loaded"
line per module in the initramfs, the block read-back, the power-off, and the
marker in the disk's first block on the host afterwards. Prints the time from QEMU's
start to the userspace marker. Exit 0 pass, 1 fail, 77 skip (no QEMU).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MARKER = "cf-selftest-42"
TIMEOUT = 90


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 1
    guest_dir = sys.argv[1]
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        print("SKIP: qemu-system-aarch64 not found")
        return 77
    image = os.path.join(guest_dir, "Image")
    initrd = os.path.join(guest_dir, "initramfs.cpio.gz")
    with tempfile.TemporaryDirectory(prefix="cellforge-linux-") as tmp:
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(8 << 20)
        cmd = [qemu, "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "2", "-m", "256M",
               "-nographic", "-no-reboot", "-kernel", image, "-initrd", initrd,
               "-append", f"console=ttyAMA0 panic=-1 cma=0 cellforge.cell=selftest "
                          f"cellforge.script=blk-test cellforge.marker={MARKER}",
               "-drive", f"if=none,id=d0,file={disk},format=raw", "-device", "virtio-blk-device,drive=d0"]
        lines: list[str] = []
        up_at = None
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            for line in proc.stdout:
                lines.append(line.rstrip("\n"))
                if up_at is None and "cellforge-linux: userspace up on" in line:
                    up_at = time.monotonic() - start
            proc.wait()
        finally:
            timer.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        with open(disk, "rb") as f:
            block = f.read(512)

    out = "\n".join(lines)
    expected = ["cellforge-linux: userspace up on 2 CPUs",
                "cellforge-linux: loaded virtio_mmio",
                "cellforge-linux: loaded virtio_blk",
                f"cellforge-linux: vda read back {MARKER}",
                "cellforge-linux: powering off"]
    problems = [f"missing line: {e}" for e in expected if e not in lines]
    if "failed to load" in out or "Kernel panic" in out:
        problems.append("a module failed to load or the kernel panicked")
    if block.rstrip(b"\0") != MARKER.encode():
        problems.append(f"disk block 0 holds {block.rstrip(bytes(1))[:32]!r}, not the marker")
    if proc.returncode != 0:
        problems.append(f"QEMU exited with {proc.returncode} (killed after {TIMEOUT} s?)")
    if problems:
        print("\n".join(lines[-40:]))
        print("FAIL: " + "; ".join(problems))
        return 1
    print(f"PASS: userspace marker after {up_at:.2f} s (QEMU start, TCG, cortex-a57)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
