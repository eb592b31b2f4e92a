"""Typed model of a board, its partitions and the allocated system.

Loaders (board.py, partition.py) build these from checked documents; the
allocator (allocate.py) turns Partitions into Cells with concrete CPUs and RAM;
emitters only ever read Cells and the Board.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Position
from generator.units import Interrupt


@dataclass(frozen=True)
class Region:
    base: int
    size: int

    @property
    def end(self) -> int:
        """One past the last byte."""
        return self.base + self.size

    def overlaps(self, other: "Region") -> bool:
        return self.base < other.end and other.base < self.end

    def contains(self, other: "Region") -> bool:
        return self.base <= other.base and other.end <= self.end


@dataclass(frozen=True)
class Cpu:
    name: str
    index: int
    mpidr: int
    position: Position


@dataclass(frozen=True)
class RamBank:
    name: str
    region: Region
    position: Position


@dataclass(frozen=True)
class Device:
    name: str
    compatible: tuple[str, ...]
    regs: tuple[Region, ...]
    interrupts: tuple[Interrupt, ...]
    dma: str  # "none", "coherent", "noncoherent"
    assignable: bool
    position: Position

    @property
    def is_primecell(self) -> bool:
        return "arm,primecell" in self.compatible


@dataclass(frozen=True)
class Gic:
    version: int
    distributor: Region
    redistributors: Region
    redistributor_stride: int
    maintenance: Interrupt
    spi_count: int
    # GICv2 only (version 2 has no redistributors: `redistributors` is then empty, size 0)
    cpu_interface: Region | None = None
    hypervisor_interface: Region | None = None
    virtual_cpu_interface: Region | None = None

    @property
    def frames(self) -> list[tuple[str, Region]]:
        """The GIC's register frames by name (non-empty ones)."""
        named = [("distributor", self.distributor), ("redistributors", self.redistributors),
                 ("CPU interface", self.cpu_interface), ("hypervisor interface", self.hypervisor_interface),
                 ("virtual CPU interface", self.virtual_cpu_interface)]
        return [(name, region) for name, region in named if region is not None and region.size]

    @property
    def max_intid(self) -> int:
        return 32 + self.spi_count - 1


@dataclass(frozen=True)
class Timer:
    secure_physical: Interrupt
    physical: Interrupt
    virtual: Interrupt
    hypervisor: Interrupt


@dataclass(frozen=True)
class Pmu:
    """The CPUs' PMUv3: its overflow interrupt is a PPI, banked per CPU."""

    interrupt: Interrupt
    compatible: tuple[str, ...] = ("arm,armv8-pmuv3",)


@dataclass(frozen=True)
class QemuMachine:
    machine: str
    cpu: str
    smp: int
    memory: int
    extra_args: tuple[str, ...]


@dataclass
class Board:
    name: str
    file: str
    description: str
    cpus: dict[str, Cpu]
    ram: dict[str, RamBank]
    hypervisor: Region
    gic: Gic
    timer: Timer
    psci_conduit: str
    console: str
    apb_clock_hz: int
    devices: dict[str, Device]
    qemu: QemuMachine | None
    positions: dict[str, Position] = field(default_factory=dict)  # "hypervisor", "console", ...
    pmu: Pmu | None = None  # None: the board describes no PMU, cells get no PMU node

    def at(self, key: str) -> Position:
        return self.positions.get(key, Position(self.file))

    @property
    def console_device(self) -> Device:
        return self.devices[self.console]

    def hypervisor_intids(self) -> set[int]:
        """INTIDs no cell may own: they drive the hypervisor itself."""
        reserved = {self.gic.maintenance.intid, self.timer.hypervisor.intid,
                    self.timer.secure_physical.intid}
        reserved |= set(HYPERVISOR_SGIS)
        return reserved

    def every_cell_ppis(self) -> dict[int, str]:
        """PPIs every cell owns on its own CPUs (banked per CPU), INTID -> what it is."""
        given = {self.timer.virtual.intid: "the virtual timer's interrupt",
                 self.timer.physical.intid: "the physical timer's interrupt"}
        if self.pmu is not None:
            given[self.pmu.interrupt.intid] = "the PMU's overflow interrupt"
        return given


# SGIs the hypervisor keeps for itself (cross-CPU requests). Linux uses 0-7.
HYPERVISOR_SGIS = (14, 15)

# How cells call PSCI, whatever the board's firmware conduit: the hypervisor traps
# a guest's SMC (HCR_EL2.TSC) and emulates PSCI; a guest's HVC gets NOT_SUPPORTED.
CELL_PSCI_CONDUIT = "smc"
# A GICv3 redistributor without virtual LPIs: RD_base + SGI_base, 64 KiB each. The
# arm,gic-v3 binding assumes this stride unless `redistributor-stride` says otherwise.
GICR_DEFAULT_STRIDE = 128 << 10


@dataclass(frozen=True)
class ImageRef:
    kind: str  # "baremetal", "elf", "linux" or "firmware"
    value: str  # guest name, path or kernel as written
    path: str  # resolved file path ("" when not built yet)
    position: Position
    initrd_value: str | None = None  # any kind: a file loaded after the image
    initrd_path: str = ""
    cmdline: str | None = None  # /chosen/bootargs as written (None: Linux's default, none for others)
    cell_name_arg: bool = False  # append " cellforge.cell=<name>" to the bootargs
    firmware_at: int = 0  # firmware only: guest address of its read-only window (generator/firmware.py)
    firmware_size: int = 0  # firmware only: the window's size as written (0: the binary's, rounded up)


@dataclass
class Partition:
    name: str
    file: str
    cpu_count: int | None
    cpu_names: list[tuple[str, Position]] | None
    memory_size: int
    memory_pinned: Region | None
    memory_guest_base: int | None  # None: identity mapped (guest address = physical address)
    console: str
    image: ImageRef
    devices: list[tuple[str, Position]]
    interrupts: list[tuple[Interrupt, Position]]
    on_fault: str
    restart_limit: int
    positions: dict[str, Position] = field(default_factory=dict)  # key -> value position
    qemu_disks: dict[str, tuple[int, Position]] = field(default_factory=dict)  # device -> disk size
    chosen: dict[str, tuple[object, Position]] = field(default_factory=dict)  # key -> value as written
    dma_unprotected: list[tuple[str, Position]] = field(default_factory=list)

    def at(self, key: str) -> Position:
        return self.positions.get(key, Position(self.file, 1, 1))


@dataclass(frozen=True)
class LoadChunk:
    """Bytes of a file copied to a guest-physical address at cell start."""

    what: str
    file: str
    offset: int
    file_size: int
    mem_size: int
    guest: int


@dataclass
class Cell:
    """A partition with everything decided: concrete CPUs, RAM, IRQs and load plan."""

    index: int
    partition: Partition
    cpus: list[Cpu]
    ram: Region  # physical
    devices: list[Device]
    intids: set[int]
    loads: list[LoadChunk] = field(default_factory=list)
    entry: int = 0
    dtb_address: int = 0
    dtb_file: str = ""
    chosen: list[tuple[str, str]] = field(default_factory=list)  # (property, DTS value) for /chosen
    initrd: Region | None = None  # where the initrd is (guest-physical), any image kind
    bootargs: str | None = None  # /chosen/bootargs (None: no property)
    rom: Region | None = None  # firmware: the read-only window's backing RAM (physical)
    rom_guest: int = 0  # firmware: where the guest sees that window

    @property
    def name(self) -> str:
        return self.partition.name

    @property
    def guest_ram(self) -> Region:
        """The cell's RAM as the guest sees it."""
        base = self.partition.memory_guest_base
        return self.ram if base is None else Region(base, self.ram.size)

    @property
    def cpu_mask(self) -> int:
        mask = 0
        for cpu in self.cpus:
            mask |= 1 << cpu.index
        return mask
