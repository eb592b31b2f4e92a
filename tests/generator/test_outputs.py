"""What `generator build` writes: valid C, device trees that agree with the tables, a depfile."""

import json
import os
import subprocess

import pytest

from conftest import TOP, run_generator

libfdt = pytest.importorskip("libfdt", reason="python3-libfdt is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    guest_dir = os.environ.get("CELLFORGE_GUEST_DIR")
    if not guest_dir or not os.path.isfile(os.path.join(guest_dir, "hello.elf")):
        pytest.skip("needs the built guests (CELLFORGE_GUEST_DIR)")
    out = tmp_path_factory.mktemp("out")
    result = run_generator(["build", "--board", "qemu-arm64", "--partitions", os.path.join(TOP, "partitions"),
                            "--guest-dir", guest_dir, "--out-dir", str(out), "--depfile", str(out / "gen.d"),
                            "--dtc", os.environ.get("CELLFORGE_DTC", "dtc")])
    assert result.returncode == 0, result.stderr
    with open(out / "layout.json", encoding="utf-8") as f:
        return out, json.load(f)


def _cells64(prop: bytes) -> list[int]:
    words = [int.from_bytes(prop[i:i + 4], "big") for i in range(0, len(prop), 4)]
    return [(words[i] << 32) | words[i + 1] for i in range(0, len(words), 2)]


def test_all_outputs_exist(built):
    out, layout = built
    for name in ("cells.c", "images.S", "hyp_layout.ld", "board_limits.h", "report.txt", "qemu.args",
                 "memory-map.svg", "report.html"):
        assert (out / name).stat().st_size > 0
    for cell in layout["cells"]:
        assert (out / "cells" / f"{cell['name']}.dtb").is_file()


def test_cells_c_compiles_against_the_runtime_contract(built, tmp_path):
    out, _ = built
    result = subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                             "-I", os.path.join(TOP, "runtime", "include"), str(out / "cells.c")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_device_trees_agree_with_the_layout(built):
    out, layout = built
    for cell in layout["cells"]:
        with open(out / "cells" / f"{cell['name']}.dtb", "rb") as f:
            fdt = libfdt.Fdt(f.read())
        memory = fdt.path_offset(f"/memory@{cell['ram']['base']:x}")
        assert _cells64(fdt.getprop(memory, "reg")) == [cell["ram"]["base"], cell["ram"]["size"]]
        cpus = fdt.path_offset("/cpus")
        mpidrs = []
        node = fdt.first_subnode(cpus, [libfdt.FDT_ERR_NOTFOUND])
        while node >= 0:
            mpidrs += _cells64(fdt.getprop(node, "reg"))
            node = fdt.next_subnode(node, [libfdt.FDT_ERR_NOTFOUND])
        assert mpidrs == [layout["cpus"][c] for c in cell["cpus"]]
        chosen = fdt.path_offset("/chosen")
        assert fdt.getprop(chosen, "cellforge,cell-name").as_str() == cell["name"]
        # every passthrough device's interrupts are owned by the cell
        owned = set(cell["intids"])
        root = 0
        node = fdt.first_subnode(root, [libfdt.FDT_ERR_NOTFOUND])
        while node >= 0:
            name = fdt.get_name(node)
            device = name.split("@")[0]
            if device in cell["devices"]:
                irqs = fdt.getprop(node, "interrupts")
                words = [int.from_bytes(irqs[i:i + 4], "big") for i in range(0, len(irqs), 4)]
                for kind, number, _flags in zip(words[0::3], words[1::3], words[2::3]):
                    assert (number + 32 if kind == 0 else number + 16) in owned, (cell["name"], name)
            node = fdt.next_subnode(node, [libfdt.FDT_ERR_NOTFOUND])


def test_depfile_names_every_input(built):
    out, layout = built
    text = (out / "gen.d").read_text()
    assert text.startswith(f"{out}/cells.c:")
    for cell in layout["cells"]:
        assert os.path.join(TOP, cell["file"]) in text or cell["file"] in text
    assert os.path.join(TOP, "boards", "qemu-arm64.yaml") in text
    assert os.path.join(TOP, "partitions") + " " in text  # the directory: adding a file regenerates


def test_rebuild_without_change_rewrites_nothing(built):
    out, _ = built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "gen.d"}
    result = run_generator(["build", "--board", "qemu-arm64", "--partitions", os.path.join(TOP, "partitions"),
                            "--guest-dir", os.environ["CELLFORGE_GUEST_DIR"], "--out-dir", str(out)])
    assert result.returncode == 0
    after = {p: p.stat().st_mtime_ns for p in before}
    assert before == after


def test_qemu_args_describe_the_board(built):
    out, _ = built
    args = (out / "qemu.args").read_text().split("\n")
    assert args[:8] == ["-machine", "virt,gic-version=3,virtualization=on,its=off", "-cpu", "cortex-a57",
                        "-smp", "4", "-m", "1024M"]


def test_crosscheck_reports_an_unreadable_dtb():
    from generator.crosscheck import dtb_mismatches
    from generator.fdt_read import FdtError, read_fdt

    with pytest.raises(FdtError):
        read_fdt(b"\xd0\x0d\xfe\xed" + bytes(60))
    assert dtb_mismatches(None, None, b"not a dtb")[0].startswith("unreadable DTB")


def test_picture_shows_every_cell_and_is_valid_svg(built):
    import xml.etree.ElementTree as ElementTree

    out, layout = built
    svg = (out / "memory-map.svg").read_text()
    ElementTree.fromstring(svg)  # well-formed
    for cell in layout["cells"]:
        assert f"{cell['name']} RAM" in svg
    assert "hypervisor" in svg and svg in (out / "report.html").read_text()


def test_images_s_changes_when_an_embedded_file_does(tmp_path):
    """Ninja does not see .incbin'd files: images.S must change with their content."""
    import shutil

    guest_dir = os.environ.get("CELLFORGE_GUEST_DIR")
    if not guest_dir or not os.path.isfile(os.path.join(guest_dir, "hello.elf")):
        pytest.skip("needs the built guests (CELLFORGE_GUEST_DIR)")
    elf = tmp_path / "app.elf"
    shutil.copy(os.path.join(guest_dir, "hello.elf"), elf)
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "a.yaml").write_text("name: a\ncpus: 1\nmemory: 32M\nimage: {elf: ../app.elf}\n")
    args = ["build", "--board", "qemu-arm64", "--partitions", str(parts), "--out-dir", str(tmp_path / "out"),
            "--dtc", os.environ.get("CELLFORGE_DTC", "dtc")]
    assert run_generator(args).returncode == 0
    before = (tmp_path / "out" / "images.S").read_text()
    from generator.elfimage import read_elf

    segment = read_elf(str(elf)).segments[0]
    data = bytearray(elf.read_bytes())
    data[segment.offset + segment.file_size - 1] ^= 0xff  # same size, different loaded content
    elf.write_bytes(bytes(data))
    assert run_generator(args).returncode == 0
    assert (tmp_path / "out" / "images.S").read_text() != before


def test_every_cell_has_a_pmu_node_and_owns_its_ppi(built):
    """The board's pmu: becomes an arm,armv8-pmuv3 node with <GIC_PPI 7 LEVEL_HIGH>, and
    every cell owns INTID 23 on its own CPUs (the bit the runtime injects by)."""
    out, layout = built
    for cell in layout["cells"]:
        with open(out / "cells" / f"{cell['name']}.dtb", "rb") as f:
            fdt = libfdt.Fdt(f.read())
        pmu = fdt.path_offset("/pmu")
        assert fdt.getprop(pmu, "compatible").as_str() == "arm,armv8-pmuv3"
        irqs = fdt.getprop(pmu, "interrupts")
        assert [int.from_bytes(irqs[i:i + 4], "big") for i in range(0, len(irqs), 4)] == [1, 7, 4]
        assert 23 in cell["intids"], cell["name"]
