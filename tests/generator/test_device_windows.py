"""Which device registers a cell gets mapped in stage 2 and which are trapped and forwarded."""

import random
import textwrap
from types import SimpleNamespace

from generator.allocate import allocate
from generator.board import load_board
from generator.device_windows import PAGE, DeviceWindow, device_windows
from generator.diagnostics import DiagnosticSink, Position
from generator.model import Device, Region
from generator.partition import GuestDirs, load_partition, partition_files


def _device(name, base, size):
    return Device(name, ("test",), (Region(base, size),), (), "none", True, Position("board.yaml"))


def _cell(*devices):
    return SimpleNamespace(devices=[_device(*d) for d in devices])


def _virtio(n):
    return (f"virtio{n}", 0x0a000000 + 0x200 * n, 0x200)


def test_a_transport_sharing_its_page_is_forwarded():
    assert device_windows(_cell(_virtio(4))) == [DeviceWindow("virtio4", Region(0x0a000800, 0x200), True)]


def test_a_page_the_cell_fills_is_mapped_once():
    windows = device_windows(_cell(*(_virtio(n) for n in range(8))))
    assert windows == [DeviceWindow("virtio0", Region(0x0a000000, PAGE), False)]


def test_one_missing_transport_makes_the_page_trap():
    windows = device_windows(_cell(*(_virtio(n) for n in range(8) if n != 5)))
    assert [w.forwarded for w in windows] == [True] * 7
    assert [w.region for w in windows] == [Region(*_virtio(n)[1:]) for n in range(8) if n != 5]


def test_whole_pages_are_mapped():
    assert device_windows(_cell(("gpio", 0x09030000, 0x1000))) == [
        DeviceWindow("gpio", Region(0x09030000, 0x1000), False)]


def test_partial_head_and_tail_are_forwarded_the_middle_mapped():
    windows = device_windows(_cell(("dev", 0x10000800, 0x2000)))
    assert windows == [DeviceWindow("dev", Region(0x10000800, 0x800), True),
                       DeviceWindow("dev", Region(0x10001000, 0x1000), False),
                       DeviceWindow("dev", Region(0x10002000, 0x800), True)]
    assert device_windows(_cell(("dev", 0x10000000, 0x1800))) == [
        DeviceWindow("dev", Region(0x10000000, 0x1000), False),
        DeviceWindow("dev", Region(0x10001000, 0x800), True)]


def test_two_devices_filling_pages_between_them_map_them():
    windows = device_windows(_cell(("a", 0x10000000, 0x1800), ("b", 0x10001800, 0x1800)))
    assert windows == [DeviceWindow("a", Region(0x10000000, 0x2000), False),
                       DeviceWindow("b", Region(0x10002000, 0x1000), False)]


def test_huge_windows_cost_nothing():
    windows = device_windows(_cell(("pcie-mmio", 0x8000000000, 0x8000000000)))
    assert windows == [DeviceWindow("pcie-mmio", Region(0x8000000000, 0x8000000000), False)]


def test_random_layouts_keep_every_byte_and_never_map_a_shared_page():
    rng = random.Random(9)
    for _ in range(300):
        devices, at = [], 0x10000000
        for i in range(rng.randint(1, 6)):
            at += rng.choice([0, 0, 0x200, 0x1000])
            size = rng.choice([0x100, 0x200, 0x800, 0x1000, 0x1800, 0x3000])
            devices.append((f"d{i}", at, size))
            at += size
        owned = [d for d in devices if rng.random() < 0.7] or devices[:1]
        windows = device_windows(_cell(*owned))
        owned_bytes = set()
        for _name, base, size in owned:
            owned_bytes |= set(range(base, base + size, 0x100))
        got = set()
        for w in windows:
            chunk = set(range(w.region.base, w.region.end, 0x100))
            assert not chunk & got, f"overlap at {w}"
            got |= chunk
            if not w.forwarded:
                assert w.region.base % PAGE == 0 and w.region.size % PAGE == 0, w
            else:
                pages = {w.region.base // PAGE, (w.region.end - 1) // PAGE}
                assert any(set(range(p * PAGE, (p + 1) * PAGE, 0x100)) - owned_bytes for p in pages), w
        assert got == owned_bytes, owned


def test_neighbouring_transports_of_two_cells_are_both_forwarded(tmp_path):
    for name, device in (("a", "virtio4"), ("b", "virtio5")):
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(f"""\
            name: {name}
            cpus: 1
            memory: 32M
            image: {{baremetal: hello}}
            devices: [{device}]
            dma_unprotected: [{device}]
        """))
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    parts = [load_partition(f, sink, GuestDirs()) for f in partition_files(str(tmp_path))]
    cells = allocate(board, parts, sink)
    assert sink.error_count == 0, [d.render() for d in sink.items]
    assert not [d for d in sink.items if d.code == "W010"], "neighbours share the page: nothing to fix"
    assert [device_windows(c) for c in cells] == [
        [DeviceWindow("virtio4", Region(0x0a000800, 0x200), True)],
        [DeviceWindow("virtio5", Region(0x0a000a00, 0x200), True)]]
