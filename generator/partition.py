"""Partition files: intent of one cell each. Load and convert notations; cross-cell
checks happen in allocate.py and rules.py, where all partitions are known."""

from __future__ import annotations

import os
from dataclasses import dataclass

from generator.diagnostics import DiagnosticSink, Position
from generator.firmware import firmware_ref
from generator.model import ImageRef, Partition, Region
from generator.schema_check import check_schema
from generator.source import display_path, load_document
from generator.units import NotationError, parse_address, parse_interrupt, parse_size

PARTITION_SUFFIXES = (".yaml", ".yml")
GUESTS_SOURCE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                 "guests", "baremetal")


def partition_files(directory: str) -> list[str]:
    """The partition files of a directory, in name order (the allocation order)."""
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.endswith(PARTITION_SUFFIXES) and not f.startswith("."))


@dataclass(frozen=True)
class GuestDirs:
    """Build directories of the guests cellforge builds ("" when not built: checking only)."""

    baremetal: str = ""
    linux: str = ""
    uboot: str = ""


def load_partition(path: str, sink: DiagnosticSink, guest_dirs: GuestDirs) -> Partition | None:
    shown = display_path(path)
    doc = load_document(path, sink, shown)
    if doc is None or not check_schema(doc, "partition", sink):
        return None
    d = doc.data
    failed = False

    def notation(parser, key_path, code):
        nonlocal failed
        value = d
        for key in key_path:
            value = value[key]
        try:
            return parser(value)
        except NotationError as e:
            sink.error(code, doc.where(key_path), str(e))
            failed = True
            return None

    cpu_count, cpu_names = None, None
    if isinstance(d["cpus"], int):
        cpu_count = d["cpus"]
    else:
        cpu_names = [(name, doc.where(("cpus", i))) for i, name in enumerate(d["cpus"])]

    pinned, guest_base, memory_size = None, None, None
    if isinstance(d["memory"], dict):
        memory_size = notation(parse_size, ("memory", "size"), "E014")
        if "base" in d["memory"]:
            base = notation(parse_address, ("memory", "base"), "E015")
            if base is not None and memory_size is not None:
                pinned = Region(base, memory_size)
        if "guest_base" in d["memory"]:
            guest_base = notation(parse_address, ("memory", "guest_base"), "E015")
    else:
        memory_size = notation(parse_size, ("memory",), "E014")

    interrupts = []
    for i in range(len(d.get("interrupts", []))):
        irq = notation(parse_interrupt, ("interrupts", i), "E016")
        if irq:
            interrupts.append((irq, doc.where(("interrupts", i))))

    disks = {}
    for device in d.get("qemu", {}):
        size = notation(parse_size, ("qemu", device, "disk"), "E014")
        disks[device] = (size, doc.where_key(("qemu", device)))
    image = _image_ref(d["image"], path, doc.where(("image",)), guest_dirs)
    spec = d["image"]
    linux = spec.get("linux", {})
    for key in ("cmdline", "initrd"):
        if key in spec and key in linux:
            sink.error("E242", doc.where_key(("image", key)),
                       f"'{key}:' is given twice, here and in 'linux:'",
                       hint=f"keep one: 'image: {key}:' works for every image kind",
                       notes=[(doc.where_key(("image", "linux", key)), "also given here")])
            failed = True
    cmdline_path = ("image", "cmdline") if "cmdline" in spec else ("image", "linux", "cmdline")
    if image.cmdline is not None and "\0" in image.cmdline:
        cut = image.cmdline.index("\0")
        sink.error("E240", doc.where(cmdline_path),
                   f"the kernel command line contains a NUL byte at offset {cut}; Linux would see only "
                   f"{image.cmdline[:cut]!r}",
                   hint="remove the \\0 from 'cmdline:' (device tree strings end at the first NUL)")
        failed = True
    if failed:
        return None
    positions = {key: doc.where((key,)) for key in d}
    positions["memory.base"] = doc.where(("memory", "base"))
    positions["memory.guest_base"] = doc.where(("memory", "guest_base"))
    return Partition(
        name=d["name"], file=shown, cpu_count=cpu_count, cpu_names=cpu_names,
        memory_size=memory_size, memory_pinned=pinned, memory_guest_base=guest_base,
        console=d.get("console", "virtual"), image=image,
        devices=[(name, doc.where(("devices", i))) for i, name in enumerate(d.get("devices", []))],
        interrupts=interrupts, on_fault=d.get("on_fault", "stop"),
        restart_limit=d.get("restart_limit", 3), positions=positions, qemu_disks=disks,
        chosen={key: (value, doc.where(("chosen", key))) for key, value in d.get("chosen", {}).items()},
        dma_unprotected=[(name, doc.where(("dma_unprotected", i)))
                         for i, name in enumerate(d.get("dma_unprotected", []))])


# Images cellforge builds itself: name -> file in the guest build directory.
LINUX_BUILT = {"kernel": {"debian": "Image"}, "initrd": {"busybox": "initramfs.cpio.gz"}}
DEFAULT_LINUX_CMDLINE = "console=ttyAMA0 panic=-1"


def _relative_to(partition_path: str, value: str) -> str:
    return value if os.path.isabs(value) else os.path.join(os.path.dirname(os.path.abspath(partition_path)), value)


def _image_ref(spec: dict, partition_path: str, where: Position, guest_dirs: GuestDirs) -> ImageRef:
    def resolve(role: str, value: str) -> str:
        built = LINUX_BUILT[role].get(value)
        if built is not None:
            return os.path.join(guest_dirs.linux, built) if guest_dirs.linux else ""
        return _relative_to(partition_path, value)

    linux = spec.get("linux", {})
    # cmdline: and initrd: work for every kind; for Linux they may also sit inside linux:.
    initrd = spec.get("initrd", linux.get("initrd"))
    cmdline = spec.get("cmdline", linux.get("cmdline"))
    kind = "baremetal" if "baremetal" in spec else "linux" if "linux" in spec else "elf"
    args = {"initrd_value": initrd, "initrd_path": resolve("initrd", initrd) if initrd else "",
            # Linux's busybox initramfs names its host after cellforge.cell=; others count their arguments.
            "cell_name_arg": spec.get("cell_name_arg", kind == "linux")}
    if kind == "baremetal":
        name = spec["baremetal"]
        built = os.path.join(guest_dirs.baremetal, f"{name}.elf") if guest_dirs.baremetal else ""
        return ImageRef("baremetal", name, built, where, cmdline=cmdline, **args)
    if kind == "linux":
        return ImageRef("linux", linux["kernel"], resolve("kernel", linux["kernel"]), where,
                        cmdline=DEFAULT_LINUX_CMDLINE if cmdline is None else cmdline, **args)
    if "firmware" in spec:
        return firmware_ref(spec["firmware"], _relative_to(partition_path, spec["firmware"]["file"]), where,
                            guest_dirs.uboot)
    return ImageRef("elf", spec["elf"], _relative_to(partition_path, spec["elf"]), where, cmdline=cmdline, **args)


def known_baremetal_guests() -> list[str]:
    try:
        return sorted(f[:-2] for f in os.listdir(GUESTS_SOURCE_DIR) if f.endswith(".c"))
    except OSError:
        return []
