"""Allocation of valid systems: deterministic, pinned choices respected, nothing shared."""

import os
import textwrap

from conftest import TOP

from generator.allocate import DTB_RESERVE, RAM_ALIGNMENT, allocate
from generator.board import load_board
from generator.diagnostics import DiagnosticSink
from generator.partition import GuestDirs, load_partition, partition_files


def _system(tmp_path, partitions: dict[str, str], board="qemu-arm64"):
    for name, text in partitions.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text))
    sink = DiagnosticSink()
    b = load_board(board, sink)
    parts = [load_partition(f, sink, GuestDirs()) for f in partition_files(str(tmp_path))]
    cells = allocate(b, parts, sink)
    assert sink.error_count == 0, [d.render() for d in sink.items]
    return b, cells


def test_demo_partitions_allocate(tmp_path):
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    parts = [load_partition(f, sink, GuestDirs()) for f in partition_files(os.path.join(TOP, "partitions"))]
    cells = allocate(board, parts, sink)
    assert sink.error_count == 0
    assert len(cells) == len(parts) >= 3
    _assert_exclusive(board, cells)


def _assert_exclusive(board, cells):
    cpus = [cpu.name for c in cells for cpu in c.cpus]
    assert len(cpus) == len(set(cpus))
    for i, a in enumerate(cells):
        assert not a.ram.overlaps(board.hypervisor)
        assert any(bank.region.contains(a.ram) for bank in board.ram.values())
        for b in cells[i + 1:]:
            assert not a.ram.overlaps(b.ram)
            assert not ({i for i in a.intids if i >= 32} & {i for i in b.intids if i >= 32})
            assert not ({d.name for d in a.devices} & {d.name for d in b.devices})


def test_counts_take_lowest_free_cpus_after_pinned(tmp_path):
    _, cells = _system(tmp_path, {
        "a": "name: a\ncpus: 2\nmemory: 32M\nimage: {baremetal: hello}\n",
        "b": "name: b\ncpus: [cpu0]\nmemory: 32M\nimage: {baremetal: hello}\n",
    })
    assert [c.name for c in cells[0].cpus] == ["cpu1", "cpu2"]
    assert [c.name for c in cells[1].cpus] == ["cpu0"]


def test_ram_is_2m_aligned_first_fit_around_pinned(tmp_path):
    board, cells = _system(tmp_path, {
        "a": "name: a\ncpus: 1\nmemory: 33M\nimage: {baremetal: hello}\n",
        "b": "name: b\ncpus: 1\nmemory: {base: 0x46000000, size: 32M}\nimage: {baremetal: hello}\n",
        "c": "name: c\ncpus: 1\nmemory: 16M\nimage: {baremetal: hello}\n",
    })
    a, b, c = cells
    assert b.ram.base == 0x46000000
    for cell in cells:
        assert cell.ram.base % RAM_ALIGNMENT == 0
    # a (33M) does not fit below b's pinned window (32M free there), c (16M) does
    assert a.ram.base == 0x48000000
    assert c.ram.base == board.hypervisor.end
    _assert_exclusive(board, cells)


def test_device_interrupts_follow_devices(tmp_path):
    board, cells = _system(tmp_path, {
        "a": "name: a\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\ndevices: [virtio3, rtc]\n"
             "interrupts: [spi 100]\n",
    })
    owned = {i for i in cells[0].intids if i >= 32}
    assert owned == {32 + 19, 32 + 2, 132}
    # per-CPU interrupts every cell gets: guest SGIs and the timers, never the hypervisor's
    assert {27, 30} <= cells[0].intids
    assert not (cells[0].intids & board.hypervisor_intids())


def test_passthrough_console_gives_uart_and_its_interrupt(tmp_path):
    board, cells = _system(tmp_path, {
        "a": "name: a\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\nconsole: passthrough\n",
    })
    assert [d.name for d in cells[0].devices] == [board.console]
    assert 33 in cells[0].intids


def test_dtb_goes_to_top_of_ram(tmp_path, guest_dir):
    sink = DiagnosticSink()
    (tmp_path / "a.yaml").write_text("name: a\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\n")
    board = load_board("qemu-arm64", sink)
    parts = [load_partition(str(tmp_path / "a.yaml"), sink, GuestDirs(baremetal=guest_dir))]
    cell = allocate(board, parts, sink)[0]
    assert cell.dtb_address == cell.ram.end - DTB_RESERVE
    assert cell.ram.base <= cell.entry < cell.dtb_address
    for load in cell.loads:
        assert cell.ram.base <= load.guest and load.guest + load.mem_size <= cell.dtb_address


def _fake_linux_image(path, file_size=3 << 20, image_size=5 << 20, text_offset=0):
    header = bytearray(64)
    header[8:16] = text_offset.to_bytes(8, "little")
    header[16:24] = image_size.to_bytes(8, "little")
    header[56:60] = b"ARM\x64"
    path.write_bytes(bytes(header) + bytes(file_size - 64))


def test_linux_kernel_initrd_and_dtb_placement(tmp_path):
    _fake_linux_image(tmp_path / "Image")
    (tmp_path / "initrd.gz").write_bytes(b"\x1f\x8b" + bytes(100_000))
    (tmp_path / "l.yaml").write_text("name: l\ncpus: 1\nmemory: 64M\n"
                                     "image: {linux: {kernel: Image, initrd: initrd.gz, cmdline: 'console=ttyAMA0'}}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    cell = allocate(board, [load_partition(str(tmp_path / "l.yaml"), sink, GuestDirs())], sink)[0]
    assert sink.error_count == 0
    kernel, initrd = cell.loads
    assert kernel.guest == cell.entry and cell.entry % (2 << 20) == 0
    assert (kernel.file_size, kernel.mem_size) == (3 << 20, 5 << 20)  # image_size reserved, BSS zeroed
    assert initrd.guest >= kernel.guest + kernel.mem_size and initrd.guest % 4096 == 0
    assert cell.initrd.base == initrd.guest and cell.initrd.size == 100_002
    assert initrd.guest + initrd.file_size <= cell.dtb_address == cell.ram.end - DTB_RESERVE
    assert cell.bootargs == "console=ttyAMA0 cellforge.cell=l"


def test_linux_that_does_not_fit_is_refused(tmp_path):
    _fake_linux_image(tmp_path / "Image", image_size=40 << 20)
    (tmp_path / "l.yaml").write_text("name: l\ncpus: 1\nmemory: 32M\nimage: {linux: {kernel: Image}}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    assert allocate(board, [load_partition(str(tmp_path / "l.yaml"), sink, GuestDirs())], sink) is None
    assert [d.code for d in sink.items] == ["E232"]
    assert "image_size 40M" in sink.items[0].message


def test_compressed_linux_kernel_is_refused_with_the_fix(tmp_path):
    (tmp_path / "vmlinuz").write_bytes(b"\x1f\x8b" + bytes(200))
    (tmp_path / "l.yaml").write_text("name: l\ncpus: 1\nmemory: 64M\nimage: {linux: {kernel: vmlinuz}}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    assert allocate(board, [load_partition(str(tmp_path / "l.yaml"), sink, GuestDirs())], sink) is None
    assert [d.code for d in sink.items] == ["E231"]
    assert sink.items[0].message == "kernel 'vmlinuz': gzip-compressed; give the uncompressed Image (gunzip it)"


FIXTURES_DIR = os.path.join(TOP, "tests", "generator", "fixtures")


def test_pmu_ppi_is_every_cells_own_only_with_a_board_pmu(tmp_path):
    two = {"a": "name: a\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\n",
           "b": "name: b\ncpus: 1\nmemory: 32M\nimage: {baremetal: hello}\n"}
    board, cells = _system(tmp_path, two)
    assert board.pmu is not None and board.pmu.interrupt.intid == 23
    assert all(23 in c.intids for c in cells)
    mini = tmp_path / "mini"
    mini.mkdir()
    _, cells = _system(mini, two, board=os.path.join(FIXTURES_DIR, "mini-board.yaml"))
    assert all(23 not in c.intids for c in cells)


def _elf_cell(tmp_path, image_yaml: str):
    elf = os.path.join(FIXTURES_DIR, "E232-image-too-big", "tiny.elf")
    (tmp_path / "data.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "e.yaml").write_text(f"name: e\ncpus: 1\nmemory: 32M\nimage: {{elf: {elf}{image_yaml}}}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    cells = allocate(board, [load_partition(str(tmp_path / "e.yaml"), sink, GuestDirs())], sink)
    assert sink.error_count == 0, [d.render() for d in sink.items]
    return cells[0]


def test_elf_image_gets_its_cmdline_and_initrd(tmp_path):
    cell = _elf_cell(tmp_path, ", cmdline: 'a  b', initrd: data.bin")
    assert cell.bootargs == "a  b"  # exactly as written: nothing appended for a non-Linux image
    initrd = [load for load in cell.loads if load.what == "initrd"]
    assert len(initrd) == 1 and initrd[0].file_size == 10240
    image_end = max(load.guest + load.mem_size for load in cell.loads if load.what != "initrd")
    assert initrd[0].guest >= image_end and initrd[0].guest % 4096 == 0
    assert cell.initrd.base == initrd[0].guest and cell.initrd.size == 10240
    assert cell.initrd.end <= cell.dtb_address and cell.guest_ram.contains(cell.initrd)


def test_elf_image_without_arguments_gets_no_bootargs(tmp_path):
    cell = _elf_cell(tmp_path, "")
    assert cell.bootargs is None and cell.initrd is None


def test_cell_name_arg_is_explicit(tmp_path):
    assert _elf_cell(tmp_path, ", cell_name_arg: true").bootargs == "cellforge.cell=e"
    assert _elf_cell(tmp_path, ", cmdline: x, cell_name_arg: true").bootargs == "x cellforge.cell=e"
    _fake_linux_image(tmp_path / "Image")
    (tmp_path / "l.yaml").write_text("name: l\ncpus: 1\nmemory: 64M\n"
                                     "image: {linux: {kernel: Image}, cmdline: 'quiet', cell_name_arg: false}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    cell = allocate(board, [load_partition(str(tmp_path / "l.yaml"), sink, GuestDirs())], sink)[0]
    assert cell.bootargs == "quiet"


def test_missing_initrd_of_an_elf_image_is_named_as_an_initrd(tmp_path):
    elf = os.path.join(FIXTURES_DIR, "E232-image-too-big", "tiny.elf")
    (tmp_path / "e.yaml").write_text(f"name: e\ncpus: 1\nmemory: 32M\nimage: {{elf: {elf}, initrd: nope.bin}}\n")
    sink = DiagnosticSink()
    board = load_board("qemu-arm64", sink)
    assert allocate(board, [load_partition(str(tmp_path / "e.yaml"), sink, GuestDirs())], sink) is None
    assert [d.code for d in sink.items] == ["E230"]
    assert "initrd 'nope.bin' not found" in sink.items[0].render()
