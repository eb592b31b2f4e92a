"""What the guest's device tree says about booting matches what the hypervisor does,
and the systems cellforge ships and tests with still build after the boot refusals.

- PSCI: the board's conduit is the hypervisor's way to the firmware; cells always
  call the hypervisor's emulated PSCI by SMC, so their /psci says "smc".
- GICv3: a redistributor stride other than 128 KiB is in the guest's GIC node
  (`redistributor-stride`, binding arm,gic-v3), and the DTB read-back (E235)
  notices when it is missing or wrong.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import TOP, run_generator

from generator.crosscheck import dtb_mismatches
from generator.fdt_read import read_fdt

SYSTEMS = sorted(os.listdir(os.path.join(TOP, "tests", "qemu", "systems")))
BOARD = os.path.join(TOP, "boards", "qemu-arm64.yaml")


def _guest_dir() -> str:
    path = os.environ.get("CELLFORGE_GUEST_DIR")
    if not path or not os.path.isfile(os.path.join(path, "hello.elf")):
        pytest.skip("needs the built guests (CELLFORGE_GUEST_DIR)")
    return path


def _dtc() -> str:
    return os.environ.get("CELLFORGE_DTC", "dtc")


def _build(tmp_path, board: str, partitions: str, *extra: str):
    out = tmp_path / "out"
    result = run_generator(["build", "--board", board, "--partitions", partitions, "--out-dir", str(out),
                            "--dtc", _dtc(), *extra])
    return result, out


@pytest.mark.parametrize("system", ["demo"] + SYSTEMS)
def test_shipped_and_test_systems_build(system, tmp_path):
    partitions = os.path.join(TOP, "partitions") if system == "demo" else \
        os.path.join(TOP, "tests", "qemu", "systems", system)
    board_file = os.path.join(partitions, "BOARD")  # a test system on another board (tests/qemu/systems.py)
    board = BOARD if system == "demo" or not os.path.isfile(board_file) else \
        os.path.join(TOP, "boards", open(board_file, encoding="utf-8").read().strip() + ".yaml")
    result, out = _build(tmp_path, board, partitions, "--guest-dir", _guest_dir())
    assert result.returncode == 0, result.stderr
    assert " error: " not in result.stderr
    assert (out / "board_limits.h").read_text().count("CF_STAGE2_POOL_PAGES") == 1


def _stride_board(tmp_path, stride: str) -> str:
    text = open(BOARD, encoding="utf-8").read()
    old = "redistributors: {base: 0x080a0000, size: 0xf60000, stride: 128K}"
    assert old in text
    path = tmp_path / "board.yaml"
    path.write_text(text.replace(old, old.replace("128K", stride)), encoding="utf-8")
    return str(path)


def _one_cell(tmp_path) -> str:
    parts = tmp_path / "partitions"
    parts.mkdir()
    (parts / "a.yaml").write_text("name: a\ncpus: 2\nmemory: 32M\nimage: {baremetal: hello}\n")
    return str(parts)


def _gic(root):
    return next(n for n in root.children if "interrupt-controller" in n.properties)


def test_psci_method_is_the_hypervisors(tmp_path):
    result, out = _build(tmp_path, BOARD, _one_cell(tmp_path))
    assert result.returncode == 0, result.stderr
    root = read_fdt((out / "cells" / "a.dtb").read_bytes())
    psci = next(n for n in root.children if n.name == "psci")
    assert psci.string("method") == "smc"


@pytest.mark.parametrize("stride,expected", [("128K", None), ("256K", 0x40000)])
def test_redistributor_stride_in_the_guest_gic_node(tmp_path, stride, expected):
    result, out = _build(tmp_path, _stride_board(tmp_path, stride), _one_cell(tmp_path))
    assert result.returncode == 0, result.stderr
    gic = _gic(read_fdt((out / "cells" / "a.dtb").read_bytes()))
    if expected is None:
        assert "redistributor-stride" not in gic.properties  # the binding's default
    else:
        assert gic.cells("redistributor-stride") == [0, expected]


def _recompiled(out, edit) -> bytes:
    """The cell's DTS with one line changed, compiled: a generator bug, simulated."""
    dts = (out / "cells" / "a.dts").read_text()
    changed = edit(dts)
    assert changed != dts
    path = out / "changed.dts"
    path.write_text(changed)
    subprocess.run([_dtc(), "-q", "-I", "dts", "-O", "dtb", "-o", str(out / "changed.dtb"), str(path)], check=True)
    return (out / "changed.dtb").read_bytes()


def _board_and_cell(board: str, partitions: str):
    from generator.cli import load_system
    from generator.diagnostics import DiagnosticSink
    from generator.partition import GuestDirs, partition_files

    sink = DiagnosticSink()
    loaded, cells = load_system(board, partition_files(partitions), GuestDirs(), sink)
    assert cells, [d.render() for d in sink.items]
    return loaded, cells[0]


def test_read_back_catches_a_missing_or_wrong_stride(tmp_path):
    board = _stride_board(tmp_path, "256K")
    parts = _one_cell(tmp_path)
    result, out = _build(tmp_path, board, parts)
    assert result.returncode == 0, result.stderr
    loaded, cell = _board_and_cell(board, parts)
    assert dtb_mismatches(loaded, cell, (out / "cells" / "a.dtb").read_bytes()) == []
    missing = _recompiled(out, lambda t: "".join(line for line in t.splitlines(True)
                                                 if "redistributor-stride" not in line))
    assert any("redistributor stride of 0x20000" in p for p in dtb_mismatches(loaded, cell, missing))
    wrong = _recompiled(out, lambda t: t.replace("redistributor-stride = <0x0 0x40000>",
                                                 "redistributor-stride = <0x0 0x80000>"))
    assert any("redistributor stride of 0x80000" in p for p in dtb_mismatches(loaded, cell, wrong))


def test_read_back_catches_a_wrong_psci_method(tmp_path):
    parts = _one_cell(tmp_path)
    result, out = _build(tmp_path, BOARD, parts)
    assert result.returncode == 0, result.stderr
    loaded, cell = _board_and_cell(BOARD, parts)
    hvc = _recompiled(out, lambda t: t.replace('method = "smc"', 'method = "hvc"'))
    assert any("/psci says method 'hvc'" in p for p in dtb_mismatches(loaded, cell, hvc))


def test_interrupts_without_a_device_are_still_accepted(tmp_path):
    parts = tmp_path / "partitions"
    parts.mkdir()
    (parts / "a.yaml").write_text("name: a\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\n"
                                  "devices: [virtio3]\ndma_unprotected: [virtio3]\n"
                                  "interrupts: [spi 19, spi 100, ppi 8]\n")
    result = run_generator(["check", "--board", "qemu-arm64", "--partitions", str(parts)])
    assert result.returncode == 0, result.stderr  # its own device's SPI again, a free SPI, a PPI


@pytest.mark.parametrize("claim,device,others", [("spi 21", "virtio5", ["virtio5"]), ("spi 21", "virtio5", []),
                                                  ("spi 3", "pcie", [])])
def test_a_device_interrupt_is_refused_at_the_claim(tmp_path, claim, device, others):
    """On the QEMU board: virtio5's SPI, owned by a later cell or by nobody, and the PCIe bridge's."""
    parts = tmp_path / "partitions"
    parts.mkdir()
    (parts / "a.yaml").write_text(f"name: a\ncpus: 1\nmemory: 32M\nimage: {{baremetal: hello}}\n"
                                  f"interrupts: [{claim}]\n")
    if others:
        (parts / "b.yaml").write_text("name: b\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\n"
                                      f"devices: {others}\ndma_unprotected: {others}\n".replace("'", ""))
    result = run_generator(["check", "--board", "qemu-arm64", "--partitions", str(parts)], cwd=str(tmp_path))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("partitions/a.yaml:5:14: error: ") and f"board device '{device}'" in first, first
    assert "[E216]" in first and "[E213]" not in result.stderr and "partitions/b.yaml:" not in first
