"""`image: firmware:`: a raw binary in a read-only window, the device tree at the start of RAM.

Built as users do (the generator's `build`), then read back from what the runtime gets:
layout.json (regions, entry, DTB address) and cells.c (the load list).
"""

from __future__ import annotations

import json
import os
import re
import textwrap

from conftest import run_generator

MIB = 1 << 20
BINARY = bytes.fromhex("0a000014") + bytes(3 * MIB - 4)  # a branch, then 3 MiB: a 4 MiB window


def _build(tmp_path, partitions: dict[str, str], board: str = "qemu-arm64-hyptop") -> dict:
    parts = tmp_path / "partitions"
    parts.mkdir()
    (tmp_path / "fw.bin").write_bytes(BINARY)
    for name, text in partitions.items():
        (parts / f"{name}.yaml").write_text(textwrap.dedent(text))
    out = tmp_path / "out"
    result = run_generator(["build", "--board", board, "--partitions", str(parts), "--out-dir", str(out),
                            "--dtc", os.environ.get("CELLFORGE_DTC", "dtc")])
    assert result.returncode == 0, result.stderr
    layout = json.loads((out / "layout.json").read_text())
    layout["cells.c"] = (out / "cells.c").read_text()
    return layout


FIRMWARE = """\
    name: fw
    cpus: 1
    memory: {base: 0x40000000, size: 64M}
    image:
      firmware: {file: ../fw.bin}
    """


def test_window_read_only_at_zero_dtb_at_ram_start(tmp_path):
    layout = _build(tmp_path, {"fw": FIRMWARE})
    cell = layout["cells"][0]
    rom = [r for r in cell["regions"] if r["kind"] == "CF_REGION_ROM"]
    assert len(rom) == 1, cell["regions"]
    rom = rom[0]
    assert (rom["guest"], rom["size"]) == (0, 4 * MIB)  # 3 MiB rounded up to whole 2 MiB blocks
    ram = cell["ram"]
    hyp = layout["hypervisor"]
    backing = range(rom["phys"], rom["phys"] + rom["size"])
    assert rom["phys"] % (2 * MIB) == 0
    assert not set(range(ram["base"], ram["base"] + ram["size"], MIB)) & set(backing[::MIB])
    assert not set(range(hyp["base"], hyp["base"] + hyp["size"], MIB)) & set(backing[::MIB])
    assert cell["entry"] == 0
    assert cell["dtb"] == ram["base"] == 0x40000000
    loads = re.findall(r'\.what = "([^"]+)".*?\.guest = (0x[0-9a-f]+)', layout["cells.c"])
    assert ("firmware ../fw.bin", "0x0") in loads
    assert ("device tree", "0x40000000") in loads


def test_window_backing_comes_after_every_cells_ram(tmp_path):
    """Every cell's RAM is placed as without firmware; the windows' backing comes last,
    so adding a firmware cell never moves another cell's RAM."""
    small = FIRMWARE.replace("name: fw", "name: b").replace("{base: 0x40000000, size: 64M}", "32M")
    layout = _build(tmp_path, {"a": FIRMWARE.replace("name: fw", "name: a").replace(
        "{base: 0x40000000, size: 64M}", "64M"), "b": small}, board="qemu-arm64")
    cells = {c["name"]: c for c in layout["cells"]}
    assert cells["a"]["ram"]["base"] == 0x44000000  # just above qemu-arm64's hypervisor (64M at 0x40000000)
    assert cells["b"]["ram"]["base"] == 0x48000000
    roms = [next(r for r in cells[n]["regions"] if r["kind"] == "CF_REGION_ROM") for n in ("a", "b")]
    assert [r["phys"] for r in roms] == [0x4a000000, 0x4a400000]
