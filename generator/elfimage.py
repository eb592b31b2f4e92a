"""Read what the loader needs from an aarch64 ELF: its PT_LOAD segments and entry.

Executables (ET_EXEC) are placed where their program headers say (p_paddr);
position-independent images (ET_DYN, the bare-metal guest kit's) are placed at
a base the allocator chooses, each segment at base + p_vaddr.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

ELF_MAGIC = b"\x7fELF"
ELFCLASS64, ELFDATA2LSB = 2, 1
ET_EXEC, ET_DYN = 2, 3
EM_AARCH64 = 183
PT_LOAD = 1
MAX_SEGMENTS = 64


class ElfError(ValueError):
    pass


@dataclass(frozen=True)
class Segment:
    offset: int  # in the file
    file_size: int
    mem_size: int
    address: int  # p_paddr for ET_EXEC, p_vaddr (relative) for ET_DYN


@dataclass(frozen=True)
class ElfImage:
    path: str
    position_independent: bool
    entry: int
    segments: tuple[Segment, ...]

    @property
    def span(self) -> tuple[int, int]:
        """Lowest address and one past the highest byte the segments occupy."""
        low = min(s.address for s in self.segments)
        high = max(s.address + s.mem_size for s in self.segments)
        return low, high


def read_elf(path: str) -> ElfImage:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ElfError(f"cannot read: {e.strerror or e}") from None
    if len(data) < 64 or data[:4] != ELF_MAGIC:
        raise ElfError("not an ELF file")
    if data[4] != ELFCLASS64 or data[5] != ELFDATA2LSB:
        raise ElfError("not a 64-bit little-endian ELF file")
    (e_type, e_machine, _version, e_entry, e_phoff, _shoff, _flags, _ehsize,
     e_phentsize, e_phnum) = struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_machine != EM_AARCH64:
        raise ElfError(f"built for machine {e_machine}, not aarch64 (183)")
    if e_type not in (ET_EXEC, ET_DYN):
        raise ElfError("neither an executable nor a position-independent image (object file?)")
    if e_phentsize < 56 or e_phnum > MAX_SEGMENTS or e_phoff + e_phnum * e_phentsize > len(data):
        raise ElfError("program header table is damaged")
    segments = []
    for i in range(e_phnum):
        (p_type, _flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz,
         _align) = struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        if p_type != PT_LOAD or p_memsz == 0:
            continue
        if p_filesz > p_memsz or p_offset + p_filesz > len(data):
            raise ElfError(f"segment {i} is damaged (sizes or offset beyond the file)")
        address = p_vaddr if e_type == ET_DYN else p_paddr
        segments.append(Segment(p_offset, p_filesz, p_memsz, address))
    if not segments:
        raise ElfError("has no loadable segments")
    return ElfImage(path, e_type == ET_DYN, e_entry, tuple(segments))
