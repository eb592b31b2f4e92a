"""No input makes the generator crash: mutated descriptions give diagnostics or succeed.

Property-based (python3-hypothesis): valid partition and board files are
mutated (keys deleted, duplicated, retyped, random scalars, deep nesting, huge
numbers, random bytes) and fed to the same entry point users run.
"""

import os
import resource
import textwrap

import pytest
import yaml

from conftest import TOP

hypothesis = pytest.importorskip("hypothesis", reason="python3-hypothesis is not installed")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from generator.cli import run  # noqa: E402

BOARD_TEXT = open(os.path.join(TOP, "boards", "qemu-arm64.yaml"), encoding="utf-8").read()
VALID_PARTITION = yaml.safe_load(textwrap.dedent("""
    name: a
    cpus: 2
    memory: {base: 0x60000000, size: 64M}
    console: virtual
    image: {baremetal: hello}
    devices: [virtio3]
    interrupts: [spi 40]
    on_fault: restart
    restart_limit: 2
"""))

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(1 << 70), max_value=1 << 70),
                    st.text(max_size=20), st.sampled_from(["64M", "spi 1", "cpu0", "0x40000000", "virtio3",
                                                            "ppi 99", "1G", "edge", "stop"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def _mutate(data: dict, draw) -> dict:
    data = dict(data)
    keys = list(data)
    action = draw(st.sampled_from(["delete", "retype", "add", "nest", "list"]))
    key = draw(st.sampled_from(keys))
    if action == "delete":
        del data[key]
    elif action == "retype":
        data[key] = draw(values)
    elif action == "add":
        data[draw(st.text(min_size=1, max_size=10))] = draw(values)
    elif action == "nest":
        nested = data[key]
        for _ in range(draw(st.integers(1, 200))):
            nested = [nested]
        data[key] = nested
    else:
        data[key] = [data[key]] * draw(st.integers(0, 5))
    return data


def _check(tmp_path, partition_text: bytes | str, board_text: str = BOARD_TEXT, capsys=None):
    parts = tmp_path / "parts"
    parts.mkdir(exist_ok=True)
    mode = "wb" if isinstance(partition_text, bytes) else "w"
    with open(parts / "a.yaml", mode) as f:
        f.write(partition_text)
    (tmp_path / "board.yaml").write_text(board_text)
    # run() raises on internal errors (main() would turn them into exit status 2)
    status = run(["check", "--board", str(tmp_path / "board.yaml"), "--partitions", str(parts)])
    assert status in (0, 1)


SETTINGS = settings(max_examples=150, deadline=2000, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(st.data())
def test_mutated_partitions(tmp_path_factory, data):
    mutated = _mutate(VALID_PARTITION, data.draw)
    text = yaml.safe_dump(mutated, default_flow_style=True, width=1 << 20)
    _check(tmp_path_factory.mktemp("p"), text)


@SETTINGS
@given(st.data())
def test_mutated_boards(tmp_path_factory, data):
    board = yaml.safe_load(BOARD_TEXT)
    mutated = _mutate(board, data.draw)
    _check(tmp_path_factory.mktemp("b"), yaml.safe_dump(VALID_PARTITION), yaml.safe_dump(mutated))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, raw):
    _check(tmp_path_factory.mktemp("r"), raw)


@pytest.mark.parametrize("text", [
    "a: &x [" + ",".join(["*x"] * 2) + "]\n",  # recursive alias
    "[" * 5000 + "]" * 5000,  # nesting deeper than the YAML parser's recursion
    "name: a\n" + "x: &a [1]\n" + "".join(f"y{i}: &a{i} [*{'a' if i == 0 else 'a' + str(i - 1)}, "
                                           f"*{'a' if i == 0 else 'a' + str(i - 1)}]\n" for i in range(40)),
    "<<: *undefined\n", "name: !!python/object:os.system ls\n", "? [a, b]\n: c\n", "name: a\n" * 3,
    "cpus: 99999999999999999999999999999\n", "\ufeffname: a\n", "\x00\x01\x02",
])
def test_hostile_documents(tmp_path, text):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _check(tmp_path, text)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200_000, f"memory grew by {grown_kib} KiB"
