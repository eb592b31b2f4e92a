"""The stage-2 table pool the generator sizes (board_limits.h) is exactly what the
runtime's builder takes: each cell's map is built by the runtime's own C code
(stage2_pool_probe, compiled for the host) from a pool of the generated size
(it must succeed) and of one page less (it must run out of pages)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap

import pytest

from conftest import TOP, run_generator

PT_OK, PT_ERR_NOMEM = 0, -4
CONSOLE = {"none": 0, "virtual": 1, "passthrough": 2}
KIND = {"CF_REGION_RAM": 1, "CF_REGION_DEVICE": 2, "CF_REGION_SUBPAGE": 3}

# Memory that is not 2 MiB aligned, guest and physical offsets that differ, a 1 GiB block,
# devices in several 2 MiB windows, a passthrough console: every rule of the builder.
AWKWARD = {
    "a.yaml": """
        name: a
        cpus: 1
        memory: {base: 0x60001000, size: 0x601000}
        image: {baremetal: hello}
        devices: [virtio3, virtio4, rtc, gpio]
        dma_unprotected: [virtio3, virtio4]
    """,
    "b.yaml": """
        name: b
        cpus: 1
        memory: {base: 0x70000000, size: 4M, guest_base: 0x80101000}
        console: passthrough
        image: {baremetal: hello}
    """,
    "c.yaml": """
        name: c
        cpus: 1
        memory: {base: 0x80000000, size: 0x40600000}
        console: none
        image: {baremetal: hello}
    """,
    "d.yaml": """
        name: d
        cpus: 1
        memory: {base: 0x100200000, size: 0x3fe00000}
        image: {baremetal: hello}
    """,
}


def _probe() -> str:
    path = os.environ.get("CELLFORGE_STAGE2_PROBE", "")
    if not os.path.isfile(path):
        pytest.skip("CELLFORGE_STAGE2_PROBE not set (run through meson test)")
    return path


def _build(tmp_path, partitions_dir: str, board: str) -> tuple[dict, int]:
    out = tmp_path / "out"
    result = run_generator(["build", "--board", board, "--partitions", partitions_dir, "--out-dir", str(out),
                            "--dtc", os.environ.get("CELLFORGE_DTC", "dtc")])
    assert result.returncode == 0, result.stderr
    with open(out / "layout.json", encoding="utf-8") as f:
        layout = json.load(f)
    limits = (out / "board_limits.h").read_text(encoding="utf-8")
    pool = int(re.search(r"#define CF_STAGE2_POOL_PAGES (\d+)u", limits).group(1))
    return layout, pool


def _run_probe(board_yaml: dict, cell: dict, pool_pages: int) -> tuple[int, int]:
    ic = board_yaml["interrupt_controller"]
    uart = board_yaml["devices"][board_yaml["console"]]["reg"]
    lines = [f"board {uart['base']} {_size(uart['size'])} {ic['distributor']['base']} "
             f"{_size(ic['distributor']['size'])} {ic['redistributors']['base']} "
             f"{_size(ic['redistributors']['size'])}",
             f"cell {CONSOLE[cell['console']]} {pool_pages}"]
    lines += [f"region {KIND[r['kind']]} {r['phys']:#x} {r['guest']:#x} {r['size']:#x}" for r in cell["regions"]]
    result = subprocess.run([_probe()], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    status, used = re.fullmatch(r"status (-?\d+) used (\d+)\n", result.stdout).groups()
    return int(status), int(used)


def _size(value) -> int:
    from generator.units import parse_size
    return parse_size(value)


def _board(path: str) -> dict:
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _check_exact(board_file: str, layout: dict, pool: int) -> None:
    board_yaml = _board(board_file)
    assert pool == max(c["stage2_pool_pages"] for c in layout["cells"])
    for cell in layout["cells"]:
        pages = cell["stage2_pool_pages"]
        status, used = _run_probe(board_yaml, cell, pages)
        assert (status, used) == (PT_OK, pages), f"cell {cell['name']}: the runtime needs more than {pages} pages"
        status, _ = _run_probe(board_yaml, cell, pages - 1)
        assert status == PT_ERR_NOMEM, f"cell {cell['name']}: {pages - 1} pages are enough, {pages} is too many"


def test_demo_system_pool_is_exact(tmp_path):
    board = os.path.join(TOP, "boards", "qemu-arm64.yaml")
    layout, pool = _build(tmp_path, os.path.join(TOP, "partitions"), board)
    _check_exact(board, layout, pool)


def test_awkward_system_pool_is_exact(tmp_path):
    _probe()
    text = open(os.path.join(TOP, "boards", "qemu-arm64.yaml"), encoding="utf-8").read()
    text = text.replace("ram: {base: 0x40000000, size: 1G}", "ram: {base: 0x40000000, size: 4G}")
    board = tmp_path / "board.yaml"
    board.write_text(text, encoding="utf-8")
    partitions = tmp_path / "partitions"
    partitions.mkdir()
    for name, body in AWKWARD.items():
        (partitions / name).write_text(textwrap.dedent(body), encoding="utf-8")
    layout, pool = _build(tmp_path, str(partitions), str(board))
    pages = {c["name"]: c["stage2_pool_pages"] for c in layout["cells"]}
    # 3 for the roots and their alignment, then per cell: a: level-2 tables for GiB 0 (devices)
    # and 1, level-3 for the devices' 2 MiB and the unaligned ends; c: one 1 GiB block (none).
    assert pages["c"] < pages["a"] and pages["b"] > 3, pages
    _check_exact(str(board), layout, pool)
