#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<harness>/<seed> (committed).

Each seed is a short, meaningful guest session in the input encoding of its
harness (see the op decoders in fuzz_<harness>.c): what a Linux guest does at
boot, and what an attacker tries first. libFuzzer mutates from there.
Rerun after changing an encoding: python3 tests/fuzz/make_seeds.py
"""

from __future__ import annotations

import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def u8(v: int) -> bytes:
    return struct.pack("<B", v & 0xFF)


def u16(v: int) -> bytes:
    return struct.pack("<H", v & 0xFFFF)


def u32(v: int) -> bytes:
    return struct.pack("<I", v & 0xFFFFFFFF)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)


SIZE = {1: 0, 2: 1, 4: 2, 8: 3}

# ---- vgic_dist: itlines, then [op, arg, ...] ----
# mmio: op 0, arg, cls, raw16, how (size | write << 2 | cpu << 3), value64
DIST_CLASS = [(0x0, 0x14, 0), (0x80, 0x380, 1), (0x400, 0x400, 3), (0xC00, 0x100, 4),
              (0x6000, 0x2000, 5), (0x800, 0x800, 7), (0xFFD0, 0x30, 8)]


def dist_mmio(off: int, size: int, write: bool, value: int = 0, cpu: int = 0) -> bytes:
    for base, span, cls in DIST_CLASS:
        if base <= off < base + span:
            return (u8(0) + u8(0) + u8(cls) + u16(off - base)
                    + u8(SIZE[size] | write << 2 | cpu << 3) + u64(value))
    return u8(0) + u8(0) + u8(9) + u16(off) + u8(SIZE[size] | write << 2 | cpu << 3) + u64(value)


def dist_seeds() -> dict[str, bytes]:
    boot = bytearray(u8(8))
    boot += dist_mmio(0x0, 4, True, 0)           # CTLR: distributor off
    boot += dist_mmio(0x4, 4, False)             # TYPER
    boot += dist_mmio(0xFFE8, 4, False)          # PIDR2
    for w in range(1, 9):
        boot += dist_mmio(0x180 + 4 * w, 4, True, 0xFFFFFFFF)  # ICENABLER
        boot += dist_mmio(0x380 + 4 * w, 4, True, 0xFFFFFFFF)  # ICACTIVER
    for i in range(8, 16):
        boot += dist_mmio(0x400 + 4 * i, 4, True, 0xA0A0A0A0)  # IPRIORITYR
    boot += dist_mmio(0xC00 + 8, 4, True, 0)     # ICFGR2: level
    boot += dist_mmio(0x0, 4, True, 0x12)        # CTLR: ARE | EnableGrp1
    boot += dist_mmio(0x6000 + 8 * 40, 8, True, 0x100)  # IROUTER40 -> cpu2
    boot += dist_mmio(0x104, 4, True, 1 << 8 | 1 << 9 | 1 << 1)  # ISENABLER1: 40, 41, 33
    boot += u8(6) + u8(2)                        # virtual SPI 33 line high
    boot += u8(7) + u8(0)                        # collect on cpu1
    boot += u8(8) + u8(1 << 4)                   # guest takes LR0
    boot += dist_mmio(0x304, 4, False)           # ISACTIVER1
    boot += u8(8) + u8(0)                        # guest deactivates LR0
    boot += u8(6) + u8(0)                        # line low
    boot += u8(9) + u8(0)                        # maintenance
    boot += dist_mmio(0x0, 4, True, 0)           # group 1 off again
    boot += dist_mmio(0x104, 4, False)

    attack = bytearray(u8(8))
    for base in (0x100, 0x200, 0x300, 0x180, 0x280, 0x380):
        attack += dist_mmio(base + 4, 4, True, 0xFFFFFFFF)
        attack += dist_mmio(base + 8, 4, True, 0xFFFFFFFF)
        attack += dist_mmio(base + 4, 4, False)
    attack += dist_mmio(0x400 + 42, 1, True, 0xFF)
    attack += dist_mmio(0x400 + 48, 4, True, 0xFFFFFFFF)
    attack += dist_mmio(0xC00 + 8, 4, True, 0xFFFFFFFF)
    attack += dist_mmio(0xC00 + 12, 4, False)
    attack += dist_mmio(0x6000 + 8 * 42, 8, True, 0x101)
    attack += dist_mmio(0x6000 + 8 * 40, 8, True, 0x101)  # to a foreign CPU
    attack += dist_mmio(0x6000 + 8 * 40 + 4, 4, True, 1)  # Aff3 = 1: cpu5
    attack += dist_mmio(0x6000 + 8 * 40, 8, True, 1 << 31)  # IRM
    attack += dist_mmio(0x6000 + 8 * 50, 8, False)
    attack += dist_mmio(0x6000 + 8 * 287, 8, True, 0x1)
    attack += dist_mmio(0x400 + 1000, 1, True, 0)  # owned, beyond ITLinesNumber
    return {"linux-boot": bytes(boot), "foreign-spis": bytes(attack),
            "all-spis": u8(31) + dist_mmio(0x104, 4, True, 0xFFFFFFFF) * 4}


# ---- vgic_redist: shape, then [op, arg, ...]; mmio: op 0, arg, cls, raw16, how, value ----
RD_CLASS = [(0x0, 0x100, 0), (0x10080, 0x380, 1), (0x10400, 0x20, 3), (0x10C00, 0x200, 4),
            (0xFFD0, 0x30, 5)]


def rd_mmio(frame: int, off: int, size: int, write: bool, value: int = 0) -> bytes:
    for base, span, cls in RD_CLASS:
        if base <= off < base + span:
            return (u8(0) + u8(0) + u8(frame << 4 | cls) + u16(off - base)
                    + u8(SIZE[size] | write << 2) + u64(value))
    raise ValueError(hex(off))


def redist_seeds() -> dict[str, bytes]:
    boot = bytearray(u8(5 << 1))  # 128 KiB stride, 6 frames
    for frame in range(6):
        boot += rd_mmio(frame, 0xFFE8, 4, False)  # PIDR2
        boot += rd_mmio(frame, 0x8, 8, False)     # TYPER
    boot += rd_mmio(1, 0x14, 4, True, 0)          # WAKER: wake up
    boot += rd_mmio(1, 0x14, 4, False)
    boot += rd_mmio(1, 0x10180, 4, True, 0xFFFFFFFF)  # ICENABLER0
    boot += rd_mmio(1, 0x10400, 4, True, 0xA0A0A0A0)
    boot += rd_mmio(1, 0x10C04, 4, True, 0)            # ICFGR1
    boot += rd_mmio(1, 0x10100, 4, True, 0x0800FFFF)   # ISENABLER0: SGIs, PPI 27
    boot += u8(4) + u8(1 << 4 | 3)                     # SGI 3 arrives on cpu1
    boot += u8(5) + u8(0)                              # collect on cpu1
    attack = bytearray(u8(1 << 1 | 1))  # 256 KiB stride
    for frame in (0, 3, 5, 6):
        attack += rd_mmio(frame, 0x10100, 4, True, 0xFFFFFFFF)
        attack += rd_mmio(frame, 0x10200, 4, True, 0xFFFFFFFF)
        attack += rd_mmio(frame, 0x10400 + 24, 4, True, 0)
        attack += rd_mmio(frame, 0x14, 4, True, 2)
        attack += rd_mmio(frame, 0x10100, 4, False)
    attack += rd_mmio(1, 0x10200, 4, True, 0xFFFFFFFF)  # own frame: SGI 14/15, PPIs
    attack += u8(4) + u8(3 << 4 | 5)                   # SGI for foreign cpu3
    attack += u8(4) + u8(1 << 4 | 15)                  # hypervisor SGI
    return {"linux-boot": bytes(boot), "foreign-frames": bytes(attack)}


# ---- vgic_sgi: count, cell mask, layout, then [sgi1r64, sel] ----
def sgi1r(intid: int, targets: int, aff1: int = 0, aff2: int = 0, aff3: int = 0,
          irm: bool = False, rs: int = 0) -> int:
    return (targets | aff1 << 16 | intid << 24 | aff2 << 32 | irm << 40 | rs << 44
            | aff3 << 48)


def sgi_seeds() -> dict[str, bytes]:
    s = bytearray(u8(7) + u32(0x16) + u8(3))
    for v in (sgi1r(1, 0x3), sgi1r(2, 0xF, aff1=1), sgi1r(3, 0, irm=True), sgi1r(14, 1),
              sgi1r(15, 0, irm=True), sgi1r(5, 0xFFFF, rs=1), sgi1r(6, 1, aff3=1)):
        s += u64(v) + u8(0x81)
    return {"mixed": bytes(s), "big-board": u8(19) + u32(0xAAAAA) + u8(0x47)
            + u64(sgi1r(0, 0xFFFF, aff1=1)) + u8(0x85)}


# ---- dabt: 31 registers, then [iss32, where, far, hpfar, loaded] ----
def dabt_iss(size: int, srt: int, write: bool, sse: bool = False, sf: bool = True,
             isv: bool = True) -> int:
    return (isv << 24 | SIZE[size] << 22 | sse << 21 | srt << 16 | sf << 15 | write << 6)


def dabt_seeds() -> dict[str, bytes]:
    regs = b"".join(u64(0x1111111111111111 * (i % 15 + 1)) for i in range(31))
    s = bytearray(regs)
    for iss, where, far in ((dabt_iss(4, 1, False), 0, 0x100),
                            (dabt_iss(1, 2, True), 4, 0x0),
                            (dabt_iss(2, 3, False, sse=True, sf=False), 2, 0x18),
                            (dabt_iss(8, 31, False), 1, 0x6140),
                            (dabt_iss(8, 30, True), 3, 0xFFC),
                            (dabt_iss(4, 0, False, isv=False), 1, 0)):
        s += u32(iss) + u8(where) + u64(far) + u64(0x90000 >> 4) + u64(0xFFFFFFFF80000001)
    return {"accesses": bytes(s)}


# ---- sysreg_trap: 31 registers, then [esr32, value64, sel] ----
def sysreg_iss(op0: int, op1: int, crn: int, crm: int, op2: int, rt: int, read: bool) -> int:
    return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | read


def sysreg_seeds() -> dict[str, bytes]:
    s = bytearray(b"".join(u64(i + 1) for i in range(31)))
    for iss in (sysreg_iss(3, 0, 12, 11, 5, 2, False), sysreg_iss(3, 0, 12, 11, 5, 31, False),
                sysreg_iss(3, 3, 14, 2, 1, 4, True), sysreg_iss(3, 3, 14, 2, 2, 31, True),
                sysreg_iss(3, 0, 0, 1, 0, 7, True)):
        s += u32(iss) + u64(0x123456789) + u8(0)
    return {"traps": bytes(s)}


# ---- guest_psci: [op, on, pending, mpidr sel, junk, ...] ----
def psci_seeds() -> dict[str, bytes]:
    s = bytearray()
    # CPU_ON cpu2 (index 2) into RAM; cpu3 (foreign); cpu5 with junk bits; bad entry.
    s += u8(1) + u64(0x2) + u64(0) + u8(2 << 2) + u64(0) + u8(0) + u64(0x1000)
    s += u8(1) + u64(0x2) + u64(0) + u8(3 << 2) + u64(0) + u8(0) + u64(0x1000)
    s += u8(1) + u64(0x2) + u64(0) + u8(5 << 2 | 1) + u64(1 << 63) + u8(0) + u64(0x1000)
    s += u8(1) + u64(0x2) + u64(0) + u8(2 << 2) + u64(0) + u8(2) + u64(0x10)
    s += u8(1) + u64(0x2) + u64(0) + u8(2 << 2) + u64(0) + u8(0) + u64(0xFFFFFE)
    # AFFINITY_INFO of cpu1 at level 0 and 1, and of cpu0 (foreign).
    s += u8(3) + u64(0x2) + u64(0) + u8(1 << 2) + u64(0) + u8(1)
    s += u8(3) + u64(0x2) + u64(0) + u8(1 << 2) + u64(0) + u8(0) + u64(1)
    s += u8(3) + u64(0x2) + u64(0) + u8(0 << 2) + u64(0) + u8(1)
    # FEATURES of a known and an unknown function.
    s += u8(0x83) + u64(0) + u64(0) + u8(0) + u64(0) + u8(3)
    s += u8(5) + u64(0) + u64(0) + u8(0) + u64(0) + u32(0x84000005)
    return {"calls": bytes(s)}


# ---- vuart: [op, ...]; mmio: op 0 (| 0x80: cell 2), sel, how, value ----
def vu_mmio(off: int, size: int, write: bool, value: int = 0, cell2: bool = False) -> bytes:
    op = 0x80 if cell2 else 0
    if off < 0x4C:
        return u8(op) + u8((off // 4) << 2) + u8(SIZE[size] | write << 2) + u64(value)
    return u8(op) + u8(3) + u16(off) + u8(SIZE[size] | write << 2) + u64(value)


def vuart_seeds() -> dict[str, bytes]:
    linux = bytearray()
    linux += vu_mmio(0x30, 4, True, 0)              # CR: off
    linux += vu_mmio(0x2C, 4, True, 0x70)           # LCR_H: 8N1, FIFOs
    linux += vu_mmio(0x38, 4, True, 0x50)           # IMSC: RX, RT
    linux += vu_mmio(0x30, 4, True, 0x301)          # CR: on
    for c in b"login: \x1b[2J\r\n":
        linux += vu_mmio(0x0, 1, True, c)
    linux += u8(4) + u8(2) + b"ab\n"                # typed on the console
    linux += vu_mmio(0x40, 4, False)                # MIS
    linux += vu_mmio(0x0, 4, False)
    linux += vu_mmio(0x44, 4, True, 0x7FF)          # ICR
    linux += u8(4) + u8(1) + b"\x1cn"               # escape: next cell
    linux += u8(5 | 0x80) + u8(ord("x"))
    attack = bytearray()
    attack += vu_mmio(0x30, 4, True, 0x81)          # loopback, TX off
    for i in range(40):
        attack += vu_mmio(0x0, 1, True, i)
    attack += vu_mmio(0x30, 4, True, 0x381)         # TX on: drain into RX
    attack += vu_mmio(0x2C, 4, True, 0x60)          # FIFOs off
    attack += vu_mmio(0xFE0, 4, False)
    attack += vu_mmio(0x1000, 4, False)
    attack += vu_mmio(0x0, 8, True, 0x41)
    for c in b"[beta] forged line\n":
        attack += vu_mmio(0x0, 1, True, c)
    return {"linux-console": bytes(linux), "hostile": bytes(attack)}


def main() -> None:
    all_seeds = {"vgic_dist": dist_seeds(), "vgic_redist": redist_seeds(), "vgic_sgi": sgi_seeds(),
                 "dabt": dabt_seeds(), "sysreg_trap": sysreg_seeds(), "guest_psci": psci_seeds(),
                 "vuart": vuart_seeds()}
    for harness, seeds in all_seeds.items():
        d = CORPUS / harness
        d.mkdir(parents=True, exist_ok=True)
        for name, data in seeds.items():
            (d / name).write_bytes(data)
            print(f"{d.relative_to(CORPUS.parent)}/{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
