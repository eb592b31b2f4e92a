"""`board-import`: a board file from a device tree blob.

QEMU's virt DTB is dumped by qemu-system-aarch64 (skip without it) and must
describe the same hardware as boards/qemu-arm64.yaml; the Raspberry Pi 4 DTB
comes from Debian's arm64 kernel package (CELLFORGE_LINUX_DIR or the cache,
skip without it). Unit tests use small trees compiled with dtc.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import TOP, run_generator

libfdt = pytest.importorskip("libfdt", reason="python3-libfdt is not installed")

from generator.board_import.classify import gic_interrupt  # noqa: E402
from generator.board_import.fdt_model import DtbError, TranslationError, parse_dtb  # noqa: E402
from generator.board_import.names import unique_names  # noqa: E402
from generator.units import parse_interrupt, parse_size  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "board_import")
PARTITION = "name: alpha\ncpus: 1\nmemory: 64M\nimage: {baremetal: hello}\n"


def _dtc() -> str:
    dtc = os.environ.get("CELLFORGE_DTC") or shutil.which("dtc")
    if not dtc:
        pytest.skip("dtc is not installed")
    return dtc


def compile_dts(source: str, tmp_path) -> bytes:
    src = tmp_path / "t.dts"
    src.write_text(source)
    out = tmp_path / "t.dtb"
    subprocess.run([_dtc(), "-q", "-I", "dts", "-O", "dtb", "-o", str(out), str(src)], check=True)
    return out.read_bytes()


def import_board(dtb: str, tmp_path, *extra):
    out = tmp_path / "imported.yaml"
    result = run_generator(["board-import", "--dtb", dtb, "-o", str(out), *extra])
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=../generator/schema/board.schema.json\n")
    return text, yaml.safe_load(text), result.stderr


def check_accepts(board_file, tmp_path):
    parts = tmp_path / "partitions"
    parts.mkdir(exist_ok=True)
    (parts / "alpha.yaml").write_text(PARTITION)
    result = run_generator(["check", "--board", str(board_file), "--partitions", str(parts)])
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _regs(spec) -> list[tuple[int, int]]:
    reg = spec["reg"] if "reg" in spec else spec
    regs = reg if isinstance(reg, list) else [reg]
    return [(int(str(r["base"]), 0), parse_size(r["size"])) for r in regs]


def _irqs(spec) -> frozenset:
    return frozenset(parse_interrupt(i) for i in spec.get("interrupts", []))


def _device_facts(board) -> set:
    return {(tuple(sorted(_regs(d))), _irqs(d)) for d in board["devices"].values()}


# ---- QEMU virt ---------------------------------------------------------------

@pytest.fixture(scope="module")
def virt_dtb(tmp_path_factory) -> str:
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        pytest.skip("qemu-system-aarch64 is not installed")
    path = str(tmp_path_factory.mktemp("virt") / "virt.dtb")
    subprocess.run([qemu, "-M", f"virt,gic-version=3,virtualization=on,its=off,dumpdtb={path}",
                    "-cpu", "cortex-a57", "-smp", "4", "-m", "1G", "-nographic"],
                   check=True, capture_output=True, timeout=60)
    return path


def test_qemu_virt_matches_the_board_file(virt_dtb, tmp_path):
    text, imported, _ = import_board(virt_dtb, tmp_path, "--name", "qemu-virt")
    with open(os.path.join(TOP, "boards", "qemu-arm64.yaml"), encoding="utf-8") as f:
        reference = yaml.safe_load(f)
    assert [c["mpidr"] for c in imported["cpus"].values()] == [c["mpidr"] for c in reference["cpus"].values()]
    assert [_regs(b) for b in imported["memory"].values()] == [_regs(b) for b in reference["memory"].values()]
    assert _regs(imported["hypervisor"]["memory"]) == _regs(reference["hypervisor"]["memory"])
    ic, ref_ic = imported["interrupt_controller"], reference["interrupt_controller"]
    assert ic["type"] == "gicv3"
    assert _regs({"reg": ic["distributor"]}) == _regs({"reg": ref_ic["distributor"]})
    for key in ("base", "size", "stride"):
        assert parse_size(ic["redistributors"][key]) == parse_size(ref_ic["redistributors"][key])
    assert parse_interrupt(ic["maintenance_interrupt"]) == parse_interrupt(ref_ic["maintenance_interrupt"])
    assert {k: parse_interrupt(v) for k, v in imported["timer"].items()} == \
        {k: parse_interrupt(v) for k, v in reference["timer"].items()}
    assert parse_interrupt(imported["pmu"]["interrupt"]) == parse_interrupt(reference["pmu"]["interrupt"])
    assert imported["pmu"]["compatible"] == reference["pmu"]["compatible"]
    assert imported["psci"] == reference["psci"]
    assert imported["clocks"] == reference["clocks"]
    assert _device_facts(imported) == _device_facts(reference)
    console = imported["devices"][imported["console"]]
    assert _regs(console) == _regs(reference["devices"][reference["console"]])
    assert imported["qemu"]["machine"] == reference["qemu"]["machine"]
    assert (imported["qemu"]["cpu"], imported["qemu"]["smp"]) == (reference["qemu"]["cpu"], reference["qemu"]["smp"])
    names = list(imported["devices"])
    assert sum(n.startswith("virtio-mmio") for n in names) == 32
    board_file = tmp_path / "imported.yaml"
    check_accepts(board_file, tmp_path)


# ---- Raspberry Pi 4 ------------------------------------------------------------

def _rpi4_dtb() -> str:
    roots = [os.environ.get("CELLFORGE_LINUX_DIR", ""),
             os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cellforge", "linux")]
    for root in filter(None, roots):
        for pattern in ("usr/lib/linux-image-*/broadcom/bcm2711-rpi-4-b.dtb", "**/bcm2711-rpi-4-b.dtb"):
            hits = sorted(glob.glob(os.path.join(root, pattern), recursive=True))
            if hits:
                return hits[-1]
    pytest.skip("bcm2711-rpi-4-b.dtb not found: set CELLFORGE_LINUX_DIR to an extracted Debian arm64 "
                "linux-image package (or fill ~/.cache/cellforge/linux)")


def test_raspberry_pi_4(tmp_path):
    text, imported, report = import_board(_rpi4_dtb(), tmp_path, "--name", "rpi4")
    assert list(imported["cpus"]) == ["cpu0", "cpu1", "cpu2", "cpu3"]
    assert text.count("enable-method: spin-table") == 4
    flat = " ".join(line.lstrip("# ") for line in text.splitlines())
    assert "needs PSCI firmware, e.g. TF-A's bl31, to start secondary CPUs" in flat
    assert "needs PSCI firmware, e.g. TF-A's bl31, to start secondary CPUs" in report
    ic = imported["interrupt_controller"]
    assert ic["type"] == "gicv2"
    # GIC-400 at 0x40041000 on /soc, whose ranges map 0x40000000 -> 0xff800000.
    assert int(str(ic["distributor"]["base"]), 0) == 0xff841000
    assert int(str(ic["cpu_interface"]["base"]), 0) == 0xff842000
    assert int(str(ic["hypervisor_interface"]["base"]), 0) == 0xff844000
    assert int(str(ic["virtual_cpu_interface"]["base"]), 0) == 0xff846000
    assert ic["maintenance_interrupt"] == "ppi 9"
    # its arm,cortex-a72-pmu signals one SPI per CPU: not a PPI cells could own per CPU
    assert "pmu" not in imported and "a PMU whose interrupts are not one PPI" in report
    assert "GICv2 is not supported by the cellforge runtime yet" in report
    compatibles = {d["compatible"] if isinstance(d["compatible"], str) else d["compatible"][0]: d
                   for d in imported["devices"].values()}
    mini = compatibles["brcm,bcm2835-aux-uart"]
    assert _regs(mini) == [(0xfe215040, 0x40)]
    console = imported["devices"][imported["console"]]
    # the DT says 0x200; the hypervisor emulates the PL011 page whole (E111), so the import widens it
    assert "arm,pl011" in console["compatible"] and _regs(console) == [(0xfe201000, 0x1000)]
    assert "widened to its 4 KiB page" in text
    assert "# Not imported (" in text and "not imported: " in report
    assert "TODO(human)" in text and "PLACEHOLDER" in text  # the DT leaves the RAM size to the firmware
    # the 4 disabled PL011s are listed, not imported
    assert text.count("#   /soc/serial@7e2014") + text.count("#   /soc/serial@7e2016") == 2
    check_accepts(tmp_path / "imported.yaml", tmp_path)


# ---- units -----------------------------------------------------------------------

NESTED = """
/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; interrupt-controller; #interrupt-cells = <3>;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0x100000>;
    };
    outer {
        compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
        ranges = <0x0 0x1 0x0 0x100000>;
        inner {
            compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
            ranges = <0x7e000000 0x10000 0x1000>;
            dev@7e000100 { reg = <0x7e000100 0x100>; interrupts = <0 5 1>; };
        };
        ident {
            compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges;
            dev@2000 { reg = <0x2000 0x10>; interrupts-extended = <&gic 1 3 4>; };
        };
        closed {
            #address-cells = <1>; #size-cells = <1>;
            dev@10 { reg = <0x10 0x4>; };
        };
    };
};
"""


def test_ranges_translation(tmp_path):
    tree = parse_dtb(compile_dts(NESTED, tmp_path))
    # two levels: 0x7e000100 -> 0x10100 on outer -> 0x1_0001_0100 on the root (2-cell addresses)
    assert tree.node("/outer/inner/dev@7e000100").cpu_regs() == [(0x100010100, 0x100)]
    # empty ranges = identity on that level
    assert tree.node("/outer/ident/dev@2000").cpu_regs() == [(0x100002000, 0x10)]
    # no ranges = not CPU-addressable
    with pytest.raises(TranslationError, match="no 'ranges'"):
        tree.node("/outer/closed/dev@10").cpu_regs()
    assert tree.node("/interrupt-controller@8000000").cpu_regs() == [(0x8000000, 0x10000), (0x80a0000, 0x100000)]


def test_interrupt_parents(tmp_path):
    tree = parse_dtb(compile_dts(NESTED, tmp_path))
    gic = tree.node("/interrupt-controller@8000000")
    assert tree.interrupts(tree.node("/outer/inner/dev@7e000100")) == [(gic, [0, 5, 1])]
    assert tree.interrupts(tree.node("/outer/ident/dev@2000")) == [(gic, [1, 3, 4])]


def test_interrupt_conversion():
    assert gic_interrupt([0, 1, 4]) == "spi 1"
    assert gic_interrupt([0, 16, 1]) == "spi 16 edge"
    assert gic_interrupt([1, 9, 0xf04]) == "ppi 9"
    assert gic_interrupt([1, 13, 0xf08]) == "ppi 13"      # active-low level: the GIC sees level
    assert gic_interrupt([0, 40, 2]) == "spi 40 edge"     # falling edge: the GIC sees edge
    for bad in ([2, 1, 4], [1, 16, 4], [0, 988, 4], [0, 1]):
        with pytest.raises(ValueError):
            gic_interrupt(bad)


def test_unique_names():
    assert unique_names(["virtio_mmio@a000000", "virtio_mmio@a000200", "pl011@9000000"]) == \
        ["virtio-mmio0", "virtio-mmio1", "pl011"]
    assert unique_names(["i2c1@1", "i2c1@2"]) == ["i2c1-0", "i2c1-1"]
    assert unique_names(["0weird,Name@1"]) == ["dev-0weird-name"]
    long = "a" * 40
    names = unique_names([long, long])
    assert names == ["a" * 31 + "0", "a" * 31 + "1"]
    assert unique_names(["serial", "serial0"]) == ["serial", "serial0"]
    assert unique_names(["uart", "uart", "uart0"]) == ["uart1", "uart2", "uart0"] or \
        len(set(unique_names(["uart", "uart", "uart0"]))) == 3


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_malformed_dtb(damage, tmp_path):
    blob = compile_dts(NESTED, tmp_path)
    data = {"truncated": blob[:len(blob) // 2], "garbage": b"\x00" * 100, "empty": b""}[damage]
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(data)
    result = run_generator(["board-import", "--dtb", str(bad)])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.startswith(f"{bad}: error: ")
    with pytest.raises(DtbError):
        parse_dtb(data)


def test_missing_dtb(tmp_path):
    result = run_generator(["board-import", "--dtb", str(tmp_path / "nope.dtb")])
    assert result.returncode == 1 and "cannot read file" in result.stderr


def test_gicv2_board_checks_but_does_not_build(tmp_path):
    dtb = tmp_path / "v2.dtb"
    dtb.write_bytes(compile_dts(GICV2_TREE, tmp_path))
    text, imported, report = import_board(str(dtb), tmp_path, "--name", "tiny-v2")
    assert imported["interrupt_controller"]["distributor"] == {"base": 0x2c001000, "size": "4K"}
    assert "spin-table" not in text and "GICv2 is not supported" in report
    assert imported["devices"]["serial"]["interrupts"] == ["spi 5"]
    assert imported["console"] == "serial"
    # the tree says PSCI by hvc (made for EL1); the hypervisor at EL2 calls firmware by smc (E108)
    assert imported["psci"] == {"conduit": "smc"} and "says hvc" in text
    check_accepts(tmp_path / "imported.yaml", tmp_path)
    result = run_generator(["build", "--board", str(tmp_path / "imported.yaml"), "--partitions",
                            str(tmp_path / "partitions"), "--out-dir", str(tmp_path / "out")])
    assert result.returncode == 1 and "[E013]" in result.stderr and "GICv2" in result.stderr


GICV2_TREE = """
/dts-v1/;
/ {
    #address-cells = <1>; #size-cells = <1>;
    interrupt-parent = <&gic>;
    compatible = "test,tiny";
    chosen { stdout-path = "serial0:115200n8"; };
    aliases { serial0 = &uart; };
    psci { compatible = "arm,psci-1.0"; method = "hvc"; };
    cpus { #address-cells = <1>; #size-cells = <0>;
        cpu@0 { device_type = "cpu"; reg = <0>; enable-method = "psci"; };
        cpu@100 { device_type = "cpu"; reg = <0x100>; enable-method = "psci"; }; };
    memory@80000000 { device_type = "memory"; reg = <0x80000000 0x40000000>; };
    timer { compatible = "arm,armv8-timer"; interrupts = <1 13 4>, <1 14 4>, <1 11 4>, <1 10 4>; };
    gic: interrupt-controller@2c001000 { compatible = "arm,cortex-a15-gic"; interrupt-controller;
        #interrupt-cells = <3>; interrupts = <1 9 4>;
        reg = <0x2c001000 0x1000>, <0x2c002000 0x2000>, <0x2c004000 0x2000>, <0x2c006000 0x2000>; };
    uart: serial@1c090000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x1c090000 0x1000>;
        interrupts = <0 5 4>; };
    off@1c0a0000 { compatible = "vendor,thing"; reg = <0x1c0a0000 0x1000>; status = "disabled"; };
};
"""
