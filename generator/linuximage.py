"""Read the arm64 Linux Image header (Documentation/arch/arm64/booting.rst in Linux).

The loader needs two facts from it: text_offset (where in a 2 MiB-aligned
window the image must sit) and image_size (how much memory it occupies once
running, BSS included; the file itself is smaller).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

ARM64_MAGIC = b"ARM\x64"
HEADER_SIZE = 64


class LinuxImageError(ValueError):
    pass


@dataclass(frozen=True)
class LinuxImage:
    path: str
    file_size: int
    text_offset: int
    image_size: int


def read_linux_image(path: str) -> LinuxImage:
    try:
        with open(path, "rb") as f:
            header = f.read(HEADER_SIZE)
            f.seek(0, 2)
            file_size = f.tell()
    except OSError as e:
        raise LinuxImageError(f"cannot read: {e.strerror or e}") from None
    if len(header) < HEADER_SIZE or header[56:60] != ARM64_MAGIC:
        if header[:2] == b"\x1f\x8b":
            raise LinuxImageError("gzip-compressed; give the uncompressed Image (gunzip it)")
        raise LinuxImageError("not an arm64 Linux Image (no 'ARM\\x64' magic at offset 56)")
    text_offset, image_size = struct.unpack_from("<QQ", header, 8)
    if image_size == 0:
        # Kernels before 3.17 leave it zero; the booting rules then say: assume the file size.
        image_size = file_size
    if image_size < file_size or text_offset % 4096:
        raise LinuxImageError(f"implausible Image header (text_offset {text_offset:#x}, image_size {image_size:#x})")
    return LinuxImage(path, file_size, text_offset, image_size)
