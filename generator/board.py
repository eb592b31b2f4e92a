"""Board files: hardware facts only. Load, convert notations, check internal consistency."""

from __future__ import annotations

import os

from generator.diagnostics import DiagnosticSink, Position, suggestion_hint
from generator.model import GICR_DEFAULT_STRIDE, Board, Cpu, Device, Gic, Pmu, QemuMachine, RamBank, Region, Timer
from generator.schema_check import check_schema
from generator.source import Document, display_path, load_document
from generator.units import (KIB, MIB, NotationError, format_range, format_size, parse_address, parse_interrupt,
                             parse_size)

# The hypervisor runs at EL2: only an SMC reaches the firmware below it (an HVC
# executed at EL2 is taken to EL2 itself: Arm ARM DDI 0487, the HVC instruction).
FIRMWARE_PSCI_CONDUIT = "smc"
# GICv3 spec (IHI 0069), redistributor memory map: a redistributor is RD_base + SGI_base,
# two 64 KiB frames (GICv4 adds VLPI_base and a reserved frame: 256 KiB).
GICR_FRAMES_SIZE = GICR_DEFAULT_STRIDE
PAGE_SIZE = 4 * KIB
# The PPIs Arm's Base System Architecture (DEN 0094) recommends for the timers.
BSA_TIMER_PPIS = {"secure_physical": 13, "physical": 14, "virtual": 11, "hypervisor": 10}
# ... and for the PMU overflow interrupt (BSA: PPI 7, INTID 23, also QEMU virt's).
BSA_PMU_PPI = 7
DEFAULT_PMU_COMPATIBLE = ("arm,armv8-pmuv3",)

BOARDS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "boards")


def board_path(name_or_path: str) -> str:
    """'qemu-arm64' -> boards/qemu-arm64.yaml; paths are taken as they are."""
    if os.sep in name_or_path or name_or_path.endswith((".yaml", ".yml")):
        return name_or_path
    return os.path.join(BOARDS_DIR, name_or_path + ".yaml")


def known_boards() -> list[str]:
    try:
        return sorted(f[:-5] for f in os.listdir(BOARDS_DIR) if f.endswith(".yaml"))
    except OSError:
        return []


def load_board(name_or_path: str, sink: DiagnosticSink) -> Board | None:
    path = board_path(name_or_path)
    shown = display_path(path)
    if not os.path.isfile(path):
        sink.error("E100", Position(shown), f"board '{name_or_path}' not found",
                   hint=suggestion_hint(name_or_path, known_boards(), "known boards"))
        return None
    doc = load_document(path, sink, shown)
    if doc is None or not check_schema(doc, "board", sink):
        return None
    return _BoardBuilder(doc, sink).build()


class _BoardBuilder:
    def __init__(self, doc: Document, sink: DiagnosticSink):
        self.doc = doc
        self.sink = sink
        self.failed = False

    def _notation(self, parser, path: tuple, code: str):
        try:
            return parser(_get(self.doc.data, path))
        except NotationError as e:
            self.sink.error(code, self.doc.where(path), str(e))
            self.failed = True
            return None

    def size(self, *path):
        return self._notation(parse_size, path, "E014")

    def address(self, *path):
        return self._notation(parse_address, path, "E015")

    def interrupt(self, *path):
        return self._notation(parse_interrupt, path, "E016")

    def region(self, *path) -> Region | None:
        base, size = self.address(*path, "base"), self.size(*path, "size")
        if base is None or size is None:
            return None
        return Region(base, size)

    def build(self) -> Board | None:
        d = self.doc.data
        where = self.doc.where
        cpus = {}
        for index, name in enumerate(d["cpus"]):
            mpidr = self.address("cpus", name, "mpidr")
            if mpidr is not None:
                cpus[name] = Cpu(name, index, mpidr, self.doc.where_key(("cpus", name)))
        ram = {}
        for name in d["memory"]:
            region = self.region("memory", name)
            if region:
                ram[name] = RamBank(name, region, self.doc.where_key(("memory", name)))
        hypervisor = self.region("hypervisor", "memory")
        ic = d["interrupt_controller"]
        gicv2 = ic["type"] == "gicv2"
        v2_keys = ("cpu_interface", "hypervisor_interface", "virtual_cpu_interface")
        for key in (("redistributors",) if gicv2 else v2_keys):
            if key in ic:
                self._error("E010", self.doc.where_key(("interrupt_controller", key)),
                            f"unknown key '{key}' for a {ic['type']} interrupt controller",
                            hint="GICv3 has redistributors; GICv2 has cpu_interface, hypervisor_interface "
                                 "and virtual_cpu_interface")
        if gicv2:
            v2_frames = [self.region("interrupt_controller", key) for key in v2_keys]
            gic_parts = (self.region("interrupt_controller", "distributor"), 0, 0, 1,
                         self.interrupt("interrupt_controller", "maintenance_interrupt"), *v2_frames)
        else:
            gic_parts = (self.region("interrupt_controller", "distributor"),
                         self.address("interrupt_controller", "redistributors", "base"),
                         self.size("interrupt_controller", "redistributors", "size"),
                         self.size("interrupt_controller", "redistributors", "stride"),
                         self.interrupt("interrupt_controller", "maintenance_interrupt"))
        timer_parts = tuple(self.interrupt("timer", key)
                            for key in ("secure_physical", "physical", "virtual", "hypervisor"))
        pmu = None
        if "pmu" in d:
            pmu_irq = self.interrupt("pmu", "interrupt")
            compatible = d["pmu"].get("compatible", DEFAULT_PMU_COMPATIBLE)
            compatible = (compatible,) if isinstance(compatible, str) else tuple(compatible)
            if pmu_irq is not None:
                pmu = Pmu(pmu_irq, compatible)
        devices = {}
        for name, spec in d["devices"].items():
            device = self._device(name, spec)
            if device:
                devices[name] = device
        qemu = None
        if "qemu" in d:
            q = d["qemu"]
            memory = self.size("qemu", "memory")
            qemu = QemuMachine(q["machine"], q["cpu"], q["smp"], memory or 0, tuple(q.get("extra_args", [])))
        if self.failed or None in gic_parts or None in timer_parts or hypervisor is None:
            return None
        distributor, rd_base, rd_size, rd_stride, maintenance, *v2 = gic_parts
        gic = Gic(2 if gicv2 else 3, distributor, Region(rd_base, rd_size), rd_stride, maintenance, ic["spis"],
                  *v2)
        board = Board(
            name=d["board"], file=self.doc.file, description=d.get("description", ""),
            cpus=cpus, ram=ram, hypervisor=hypervisor,
            gic=gic,
            timer=Timer(*timer_parts), psci_conduit=d["psci"]["conduit"], console=d["console"],
            apb_clock_hz=d.get("clocks", {}).get("apb_pclk", 24_000_000),
            devices=devices, qemu=qemu,
            positions={"hypervisor": where(("hypervisor", "memory")), "console": where(("console",)),
                       "gic": where(("interrupt_controller", "type"))},
            pmu=pmu)
        self._check(board)
        return None if self.failed else board

    def _device(self, name: str, spec: dict) -> Device | None:
        compatible = spec["compatible"]
        compatible = (compatible,) if isinstance(compatible, str) else tuple(compatible)
        regs_spec = spec["reg"]
        if isinstance(regs_spec, dict):
            regs = [self.region("devices", name, "reg")]
        else:
            regs = [self.region("devices", name, "reg", i) for i in range(len(regs_spec))]
        interrupts = [self.interrupt("devices", name, "interrupts", i)
                      for i in range(len(spec.get("interrupts", [])))]
        if None in regs or None in interrupts:
            return None
        return Device(name, compatible, tuple(regs), tuple(interrupts), spec.get("dma", "none"),
                      spec.get("assignable", True), self.doc.where_key(("devices", name)))

    def _error(self, code, where, message, hint=None, notes=()):
        self.failed = True
        self.sink.error(code, where, message, hint, notes)

    def _check(self, board: Board) -> None:
        doc = self.doc
        seen_mpidr: dict[int, Cpu] = {}
        for cpu in board.cpus.values():
            if cpu.mpidr in seen_mpidr:
                other = seen_mpidr[cpu.mpidr]
                self._error("E101", doc.where(("cpus", cpu.name, "mpidr")),
                            f"{cpu.name} has the same mpidr {cpu.mpidr:#x} as {other.name}",
                            notes=[(other.position, f"{other.name} defined here")])
            seen_mpidr[cpu.mpidr] = cpu
        if not any(bank.region.contains(board.hypervisor) for bank in board.ram.values()):
            self._error("E103", doc.where(("hypervisor", "memory")),
                        f"hypervisor memory {format_range(board.hypervisor.base, board.hypervisor.size)} "
                        "is not inside one of the board's RAM banks",
                        hint="the hypervisor image is loaded there; put it at the start of a RAM bank")
        if board.hypervisor.base % (2 * MIB) or board.hypervisor.size % (2 * MIB):
            self._error("E107", doc.where(("hypervisor", "memory")),
                        "hypervisor memory must start and end on a 2 MiB boundary",
                        hint="cells are placed in 2 MiB blocks around it")
        if board.console not in board.devices:
            self._error("E104", doc.where(("console",)),
                        f"console '{board.console}' is not a device of this board",
                        hint=suggestion_hint(board.console, board.devices, "devices"))
        elif "arm,pl011" not in board.devices[board.console].compatible:
            self._error("E104", doc.where(("console",)),
                        f"console '{board.console}' is not a PL011 (compatible 'arm,pl011')",
                        hint="the runtime drives PL011 consoles only so far")
        self._check_regions(board)
        self._check_interrupts(board)
        self._check_boot_facts(board)
        if board.gic.spi_count % 32:
            self._error("E012", doc.where(("interrupt_controller", "spis")),
                        f"'spis': the GIC implements SPIs in groups of 32, got {board.gic.spi_count}")

    def _check_boot_facts(self, board: Board) -> None:
        """Facts the schema accepts but with which the hypervisor cannot boot."""
        doc = self.doc
        if board.psci_conduit != FIRMWARE_PSCI_CONDUIT:
            self._error("E108", doc.where(("psci", "conduit")),
                        f"the hypervisor runs at EL2 and must call the firmware's PSCI with "
                        f"'{FIRMWARE_PSCI_CONDUIT}', not '{board.psci_conduit}' (an HVC at EL2 is taken by the "
                        "hypervisor itself)",
                        hint="write 'conduit: smc' and run firmware that answers PSCI by SMC below the "
                             "hypervisor; cells get PSCI from the hypervisor by SMC whatever this says")
        stride = board.gic.redistributor_stride
        if board.gic.version == 3 and (stride < GICR_FRAMES_SIZE or stride & (stride - 1)):
            why = "smaller than" if stride < GICR_FRAMES_SIZE else "not a power of two of at least"
            self._error("E109", doc.where(("interrupt_controller", "redistributors", "stride")),
                        f"redistributor stride {format_size(stride)} is {why} 128K",
                        hint="a GICv3 redistributor is two 64 KiB frames (128K), four with GICv4 virtual "
                             "LPIs (256K); use the stride the SoC manual gives, e.g. 'stride: 128K'")
        per_cpu = [(("interrupt_controller", "maintenance_interrupt"), "the GIC maintenance interrupt",
                    board.gic.maintenance, 9)]
        per_cpu += [(("timer", key), f"the {key.replace('_', ' ')} timer interrupt", getattr(board.timer, key),
                     BSA_TIMER_PPIS[key]) for key in ("secure_physical", "physical", "virtual", "hypervisor")]
        if board.pmu is not None:
            per_cpu.append((("pmu", "interrupt"), "the PMU overflow interrupt", board.pmu.interrupt, BSA_PMU_PPI))
        for path, what, irq, usual in per_cpu:
            if irq.kind != "ppi":
                self._error("E110", doc.where(path), f"{what} is {irq}, but it must be a PPI",
                            hint=f"it is private to each CPU, so the GIC delivers it as a PPI; Arm's Base System "
                                 f"Architecture gives it 'ppi {usual}' (use the number the SoC manual gives)")
        self._check_per_cpu_distinct(per_cpu)
        for device in board.devices.values():
            for i, text in enumerate(device.compatible):
                if "\0" in text:
                    path = ("devices", device.name, "compatible")
                    self._error("E240", doc.where(path if len(device.compatible) == 1 and
                                                  isinstance(_get(doc.data, path), str) else path + (i,)),
                                f"compatible string {text!r} of device '{device.name}' contains a NUL byte; "
                                "the device tree would end it there",
                                hint="write each compatible string as its own list item")
        console = board.devices.get(board.console)
        if console is None:
            return
        window = console.regs[0]
        size_path = _first_reg_size_path(doc.data, board.console)
        if window.size < PAGE_SIZE:
            self._error("E111", doc.where(size_path),
                        f"console '{board.console}' has a {window.size:#x}-byte register window; "
                        "the hypervisor needs the PL011's whole 4K page",
                        hint="a PL011 decodes a 4 KiB page (its ID registers are at 0xfe0-0xffc): "
                             "write 'size: 4K'")
        elif window.base % PAGE_SIZE:
            self._error("E111", doc.where(size_path[:-1] + ("base",)),
                        f"console '{board.console}' at {window.base:#x} does not start a 4 KiB page",
                        hint="a PL011's registers fill one 4 KiB page; give the page's base")

    def _check_per_cpu_distinct(self, per_cpu: list) -> None:
        """Each per-CPU interrupt has its own PPI. Cells own some of them (the EL1 timers,
        the PMU) on their CPUs; one sharing the PPI of the hypervisor's own (maintenance,
        hypervisor timer, secure timer) would hand that interrupt to every cell."""
        first: dict[int, tuple[tuple, str]] = {}
        for path, what, irq, _usual in per_cpu:
            if irq.intid in first:
                other_path, other = first[irq.intid]
                self._error("E112", self.doc.where(path), f"{what} is {irq}, which is already {other}",
                            hint="every per-CPU interrupt has a PPI of its own: use the number the SoC manual "
                                 "gives",
                            notes=[(self.doc.where(other_path), f"{other} defined here")])
            else:
                first[irq.intid] = (path, what)

    def _check_regions(self, board: Board) -> None:
        named: list[tuple[str, Region, Position]] = []
        for bank in board.ram.values():
            named.append((f"RAM bank '{bank.name}'", bank.region, bank.position))
        gic_where = self.doc.where(("interrupt_controller",))
        for frame, region in board.gic.frames:
            named.append((f"GIC {frame}", region, gic_where))
        for device in board.devices.values():
            for reg in device.regs:
                named.append((f"device '{device.name}'", reg, device.position))
        # Sweep in address order, comparing each region only with those still open
        # (boards have hundreds of devices; all pairs would be quadratic).
        order = sorted(range(len(named)), key=lambda i: named[i][1].base)
        open_regions: list[int] = []
        for j in order:
            open_regions = [i for i in open_regions if named[i][1].end > named[j][1].base]
            for i in open_regions:
                first, second = sorted((i, j))  # report at the one defined later
                (name_a, a, where_a), (name_b, b, where_b) = named[first], named[second]
                if name_a != name_b:
                    self._error("E102", where_b,
                                f"{name_b} at {format_range(b.base, b.size)} overlaps {name_a} "
                                f"at {format_range(a.base, a.size)}",
                                notes=[(where_a, f"{name_a} defined here")])
            open_regions.append(j)
        needed = len(board.cpus) * board.gic.redistributor_stride
        if board.gic.version == 3 and board.gic.redistributors.size < needed:
            self._error("E102", self.doc.where(("interrupt_controller", "redistributors", "size")),
                        f"redistributor region holds {board.gic.redistributors.size // board.gic.redistributor_stride} "
                        f"CPUs but the board has {len(board.cpus)}")

    def _check_interrupts(self, board: Board) -> None:
        owners: dict[int, tuple[str, Position]] = {}
        for device in board.devices.values():
            for i, irq in enumerate(device.interrupts):
                where = self.doc.where(("devices", device.name, "interrupts", i))
                if irq.intid > board.gic.max_intid:
                    self._error("E105", where,
                                f"{irq} (INTID {irq.intid}) is beyond the {board.gic.spi_count} SPIs of the GIC")
                if irq.intid in owners and owners[irq.intid][0] != device.name:
                    other, other_where = owners[irq.intid]
                    self._error("E106", where, f"{irq} is also the interrupt of device '{other}'",
                                notes=[(other_where, f"'{other}' defined here")])
                owners.setdefault(irq.intid, (device.name, where))


def _first_reg_size_path(data: dict, device: str) -> tuple:
    """Where the size of a device's first register window is written."""
    reg = data["devices"][device]["reg"]
    return ("devices", device, "reg", "size") if isinstance(reg, dict) else ("devices", device, "reg", 0, "size")


def _get(data, path):
    for key in path:
        data = data[key]
    return data
