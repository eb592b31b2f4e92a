"""The language's value notations: sizes, addresses, interrupts."""

import pytest

from generator.units import NotationError, format_size, parse_address, parse_interrupt, parse_size


@pytest.mark.parametrize("text,value", [
    ("64K", 64 << 10), ("128M", 128 << 20), ("1G", 1 << 30), ("2MiB", 2 << 20), ("0x200", 0x200),
    (4096, 4096), ("1_024", 1024), (" 16M ", 16 << 20),
])
def test_sizes(text, value):
    assert parse_size(text) == value


@pytest.mark.parametrize("text", ["", "M", "12Q", "-4K", 0, -1, True, None, [1], "0x", "1.5M", "0"])
def test_bad_sizes(text):
    with pytest.raises(NotationError):
        parse_size(text)


def test_addresses():
    assert parse_address(0x40000000) == 0x40000000
    assert parse_address("0x4000_0000") == 0x40000000
    assert parse_address("1073741824") == 0x40000000
    for bad in ("forty", -1, 1 << 60, True, 1.5):
        with pytest.raises(NotationError):
            parse_address(bad)


@pytest.mark.parametrize("text,intid,trigger,dt", [
    ("spi 1", 33, "level", "spi 1"), ("ppi 14", 30, "level", "ppi 14"), ("sgi 3", 3, "level", "sgi 3"),
    ("intid 33", 33, "level", "spi 1"), ("spi 16 edge", 48, "edge", "spi 16"), ("intid 27", 27, "level", "ppi 11"),
    ("spi 0x10", 48, "level", "spi 16"),
])
def test_one_interrupt_notation(text, intid, trigger, dt):
    irq = parse_interrupt(text)
    assert (irq.intid, irq.trigger, str(irq)) == (intid, trigger, dt)


@pytest.mark.parametrize("text", ["spi", "spi -1", "ppi 16", "sgi 16", "spi 988", "intid 1020", "irq 5",
                                  "spi 1 rising", 33, None])
def test_bad_interrupts(text):
    with pytest.raises(NotationError):
        parse_interrupt(text)


def test_format_size_round_trips():
    for size in (4096, 2 << 20, 1 << 30, 0x1800, 3 << 10):
        text = format_size(size)
        if not text.endswith("bytes"):
            assert parse_size(text) == size
