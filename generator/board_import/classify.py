"""Sort the nodes of a device tree into what a board file says: CPUs, RAM, the
GIC, the timer, PSCI, the console and devices; and collect, with a reason,
everything that cannot be said (the "not imported" list).

Nothing here guesses silently: every assumption becomes a note, every value a
human must supply becomes a TODO.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.board_import.fdt_model import Node, TranslationError, Tree, join_cells, parse_ranges, translate
from generator.board_import.names import NAME_RE, sanitize, unique_names
from generator.units import MIB, align_up, format_range

HYPERVISOR_SIZE = 64 * MIB
PLACEHOLDER_RAM = 256 * MIB

GICV3 = ("arm,gic-v3",)
GICV2 = ("arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
         "arm,arm11mp-gic", "arm,pl390", "arm,gic-v2", "arm,arm1176jzf-devchip-gic", "qcom,msm-qgic2")
TIMERS = ("arm,armv8-timer", "arm,armv7-timer")
# PMU nodes (Linux's arm,pmu binding): the architectural one and the per-core ones.
PMU_GENERIC = ("arm,armv8-pmuv3",)
OTHER_UARTS = ("ns16550a", "ns16550", "ns8250", "snps,dw-apb-uart", "brcm,bcm2835-aux-uart",
               "arm,sbsa-uart", "xlnx,xuartps", "cdns,uart-r1p12", "fsl,imx21-uart", "fsl,lpuart")
STRUCTURAL = ("/", "/cpus", "/chosen", "/aliases", "/reserved-memory", "/psci", "/__symbols__",
              "/__overlay__", "/__fixups__", "/__local_fixups__")


class ImportError_(Exception):
    """The tree lacks something a board file cannot do without (message for the user)."""


@dataclass
class DeviceOut:
    name: str
    path: str
    compatible: list[str]
    regs: list[tuple[int, int]]
    interrupts: list[str]
    dma: str = "none"
    assignable: bool = True
    comments: list[str] = field(default_factory=list)


CONSOLE_PAGE = 0x1000  # the PL011 register page, ID registers at 0xfe0-0xffc


@dataclass
class Imported:
    name: str
    description: str
    source: str
    cpus: list[tuple[str, int, str]] = field(default_factory=list)   # name, mpidr, enable-method
    non_psci_cpus: list[tuple[str, str]] = field(default_factory=list)
    ram: list[tuple[str, int, int]] = field(default_factory=list)
    ram_placeholder: bool = False
    reserved: list[tuple[str, int, int]] = field(default_factory=list)
    hypervisor: tuple[int, int] | None = None
    psci_conduit: str = "smc"
    psci_found: bool = False
    psci_hvc: bool = False  # the tree said "hvc": a tree for EL1, not for a hypervisor
    gic: dict = field(default_factory=dict)
    timer: dict[str, str] = field(default_factory=dict)
    pmu: dict[str, object] | None = None  # {"interrupt": "ppi 7", "compatible": [...]}
    console: str | None = None
    devices: list[DeviceOut] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    not_imported: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # facts worth knowing
    todos: list[str] = field(default_factory=list)       # things a human must do
    apb_pclk: int | None = None
    qemu: dict | None = None


def gic_interrupt(cells: list[int]) -> str:
    """A GIC interrupt specifier <type number flags> -> 'spi N' / 'ppi N' [edge]."""
    if len(cells) < 3:
        raise ValueError(f"GIC specifier needs 3 cells, got {len(cells)}")
    kind, number, flags = cells[0], cells[1], cells[2]
    if kind == 0:
        if number > 987:
            raise ValueError(f"SPI {number} is beyond the GIC's 988 SPIs")
        text = f"spi {number}"
    elif kind == 1:
        if number > 15:
            raise ValueError(f"PPI {number} is beyond the 16 PPIs")
        text = f"ppi {number}"
    else:
        raise ValueError(f"GIC interrupt type {kind} (extended SPI/PPI ranges) is not supported")
    if flags & 0x3:  # IRQ_TYPE_EDGE_RISING (1) / FALLING (2)
        text += " edge"
    return text


class _Classifier:
    def __init__(self, tree: Tree, name: str, source: str, memory_override=None):
        self.tree = tree
        root = tree.root
        description = root.string("model") or (root.compatible[0] if root.compatible else "imported board")
        self.out = Imported(name=name, description=description, source=source)
        self.memory_override = memory_override
        self.gic_node: Node | None = None
        self.used_nodes: set[str] = set()
        self.taken: list[tuple[str, int, int]] = []    # (what, base, size) for overlap checks
        self.spi_owner: dict[str, str] = {}
        self.low_polarity = False

    # ------------------------------------------------------------------
    def run(self) -> Imported:
        self.cpus()
        self.memory()
        self.psci()
        self.gic()
        self.timer()
        self.pmu()
        self.devices()
        self.console()
        self.clocks()
        self.qemu()
        if self.low_polarity:
            self.out.notes.append("some interrupts are active-low or falling-edge in the device tree; they are "
                                  "written as 'level' / 'edge' (the GIC only distinguishes level from edge)")
        return self.out

    # ---- CPUs ------------------------------------------------------------
    def cpus(self) -> None:
        cpus_node = self.tree.node("/cpus")
        if cpus_node is None:
            raise ImportError_("no /cpus node: a board file needs its CPUs")
        index = 0
        for node in cpus_node.children:
            if node.string("device_type") != "cpu":
                continue
            if not node.own_status_ok and node.string("status") != "disabled":
                pass
            values = node.cells("reg")
            ac = cpus_node.address_cells()
            if not values or len(values) < ac:
                self.out.not_imported.append((node.path, "CPU without a usable 'reg' (MPIDR)"))
                continue
            mpidr = join_cells(values[:ac]) & 0xff00ffffff
            method = node.string("enable-method") or cpus_node.string("enable-method") or "(none)"
            name = f"cpu{index}"
            index += 1
            self.out.cpus.append((name, mpidr, method))
            if method != "psci":
                self.out.non_psci_cpus.append((name, method))
        if not self.out.cpus:
            raise ImportError_("no CPU nodes (device_type = \"cpu\") under /cpus")

    # ---- RAM -------------------------------------------------------------
    def memory(self) -> None:
        for base, size in self.tree.memreserve:
            self.out.reserved.append(("/memreserve/", base, size))
        reserved_root = self.tree.node("/reserved-memory")
        if reserved_root is not None:
            for node in reserved_root.children:
                if not node.enabled:
                    self.out.disabled.append(node.path)
                    continue
                if "reg" not in node.props:
                    size = join_cells(node.cells("size")) if "size" in node.props else None
                    what = f"size {size:#x}, placed by the OS" if size else "placed by the OS"
                    self.out.notes.append(f"reserved-memory {node.path}: dynamic ({what})")
                    continue
                try:
                    for base, size in node.cpu_regs():
                        self.out.reserved.append((node.path, base, size))
                except TranslationError as e:
                    self.out.not_imported.append((node.path, str(e)))
        banks = []
        if self.memory_override:
            banks = list(self.memory_override)
            self.out.notes.append("RAM banks from the command line (--memory), not from the device tree")
        else:
            for node in self.tree.root.walk():
                if node.string("device_type") != "memory" or not node.enabled:
                    continue
                try:
                    regs = node.cpu_regs()
                except TranslationError as e:
                    self.out.not_imported.append((node.path, str(e)))
                    continue
                for base, size in regs:
                    if size == 0:
                        self.out.todos.append(
                            f"{node.path} has size 0: the firmware fills in the RAM size at boot. Replace the "
                            "placeholder bank with the real banks (read /proc/device-tree/memory*/reg on the "
                            "running board, import /sys/firmware/fdt, or pass --memory BASE:SIZE)")
                        self.out.ram_placeholder = True
                        placeholder = (base, PLACEHOLDER_RAM)
                        if placeholder not in banks:
                            banks.append(placeholder)
                    else:
                        banks.append((base, size))
        if not banks:
            self.out.todos.append("the device tree describes no RAM; a placeholder bank at 0x40000000 was written")
            self.out.ram_placeholder = True
            banks.append((0x40000000, PLACEHOLDER_RAM))
        banks.sort()
        for i, (base, size) in enumerate(banks):
            name = "ram" if i == 0 else f"ram{i}"
            self.out.ram.append((name, base, size))
            self.taken.append((f"RAM bank '{name}'", base, size))
        self._place_hypervisor()

    def _place_hypervisor(self) -> None:
        _, bank_base, bank_size = self.out.ram[0]
        candidate = align_up(bank_base, 2 * MIB)
        moved = True
        while moved:
            moved = False
            for what, base, size in self.out.reserved:
                if size and base < candidate + HYPERVISOR_SIZE and candidate < base + size:
                    candidate = align_up(base + size, 2 * MIB)
                    moved = True
        if candidate + HYPERVISOR_SIZE > bank_base + bank_size:
            self.out.todos.append("the first RAM bank has no free 2 MiB-aligned 64 MiB for the hypervisor; "
                                  "choose hypervisor.memory by hand")
            candidate = align_up(bank_base, 2 * MIB)
        self.out.hypervisor = (candidate, HYPERVISOR_SIZE)

    # ---- PSCI ------------------------------------------------------------
    def psci(self) -> None:
        for node in self.tree.root.children:
            if node.is_compatible("arm,psci", "arm,psci-0.2", "arm,psci-1.0") and node.enabled:
                method = node.string("method")
                self.used_nodes.add(node.path)
                if method in ("smc", "hvc"):
                    self.out.psci_found = True
                    if method == "hvc":
                        # The tree was made for a kernel at EL1. cellforge runs at EL2, where
                        # an HVC is taken by the hypervisor itself: firmware must answer SMC.
                        self.out.psci_hvc = True
                        self.out.todos.append("the device tree calls PSCI by HVC (it was made for a kernel "
                                              "at EL1); cellforge runs at EL2 and calls PSCI firmware "
                                              "(e.g. TF-A's bl31) by SMC: conduit 'smc' written")
                    return
        self.out.todos.append("no PSCI node (/psci with method smc/hvc): conduit 'smc' assumed; "
                              "make sure PSCI firmware (e.g. TF-A's bl31) runs below the hypervisor")

    # ---- GIC -------------------------------------------------------------
    def gic(self) -> None:
        candidates = [n for n in self.tree.root.walk()
                      if n.is_interrupt_controller and n.is_compatible(*GICV3, *GICV2) and n.enabled]
        if not candidates:
            raise ImportError_("no Arm GIC (arm,gic-v3 or a GICv2 such as arm,gic-400) in the device tree")
        root_parent = self.tree.interrupt_parent(self.tree.root)
        node = root_parent if root_parent in candidates else candidates[0]
        self.gic_node = node
        self.used_nodes.add(node.path)
        try:
            regs = node.cpu_regs()
        except TranslationError as e:
            raise ImportError_(f"the GIC {node.path}: {e}") from None
        gic: dict = {"path": node.path, "notes": []}
        maintenance = None
        for controller, spec in self.tree.interrupts(node):
            if controller is node:
                maintenance = self._convert(spec, node.path, plain=True)
        gic["maintenance"] = maintenance
        if maintenance is None:
            self.out.todos.append(f"the GIC {node.path} has no maintenance interrupt in the device tree "
                                  "(virtualization extensions absent or not described); 'ppi 9' is the usual one "
                                  "— check your SoC's manual")
            gic["maintenance"] = "ppi 9"
        if node.is_compatible(*GICV3):
            gic["type"] = "gicv3"
            if len(regs) < 2:
                raise ImportError_(f"the GICv3 {node.path} needs a distributor and a redistributor region in 'reg'")
            gic["distributor"] = regs[0]
            stride = join_cells(node.cells("redistributor-stride")) or 128 * 1024
            gic["redistributors"] = (regs[1][0], regs[1][1], stride)
            if (node.u32("#redistributor-regions") or 1) > 1:
                gic["notes"].append("the GIC has several redistributor regions; only the first is imported")
                self.out.todos.append("several GICv3 redistributor regions: only the first was imported")
            taken = [("GIC distributor", *regs[0]), ("GIC redistributors", *regs[1])]
            for child in node.children:
                if child.is_compatible("arm,gic-v3-its"):
                    self.out.not_imported.append((child.path, "GICv3 ITS (LPIs/MSIs): not supported by cellforge"))
                    self.used_nodes.add(child.path)
        else:
            gic["type"] = "gicv2"
            gic["compatible"] = node.compatible[0]
            names = ("distributor", "cpu_interface", "hypervisor_interface", "virtual_cpu_interface")
            for key, reg in zip(names, regs):
                gic[key] = reg
            if len(regs) < 4:
                self.out.todos.append(f"the GICv2 {node.path} has {len(regs)} regions in 'reg'; without the "
                                      "hypervisor (GICH) and virtual CPU (GICV) interfaces it cannot host guests")
            taken = [(f"GIC {k}", *r) for k, r in zip(names, regs)]
        self.taken.extend(taken)
        # The DT does not say how many SPIs the distributor implements (GICD_TYPER does).
        highest = -1
        for n in self.tree.root.walk():
            for controller, spec in self.tree.interrupts(n) + (self.tree.interrupt_map(n)
                                                               if "interrupt-map" in n.props else []):
                if controller is node and len(spec) >= 2 and spec[0] == 0:
                    highest = max(highest, spec[1])
        spis = max(32, align_up(highest + 1, 32))
        gic["spis"] = min(spis, 988)
        gic["highest_spi"] = highest
        self.out.gic = gic

    def _convert(self, spec: list[int], where: str, plain: bool = False) -> str | None:
        try:
            text = gic_interrupt(spec)
        except ValueError as e:
            self.out.not_imported.append((where, f"interrupt {spec}: {e}"))
            return None
        if len(spec) >= 3 and spec[2] & 0xa:
            self.low_polarity = True
        if plain:
            text = text.replace(" edge", "")
        return text

    # ---- timer -----------------------------------------------------------
    def timer(self) -> None:
        for node in self.tree.root.walk():
            if node.is_compatible(*TIMERS) and node.enabled:
                self.used_nodes.add(node.path)
                specs = [self._convert(spec, node.path, plain=True)
                         for controller, spec in self.tree.interrupts(node) if controller is self.gic_node]
                keys = ("secure_physical", "physical", "virtual", "hypervisor")
                if len(specs) >= 4 and None not in specs[:4]:
                    self.out.timer = dict(zip(keys, specs[:4]))
                    return
                self.out.todos.append(f"the timer {node.path} lists {len(specs)} GIC interrupts, not 4; "
                                      "the architected defaults (ppi 13, 14, 11, 10) were written")
                break
        else:
            self.out.todos.append("no arm,armv8-timer node: the architected defaults (ppi 13, 14, 11, 10) were written")
        self.out.timer = {"secure_physical": "ppi 13", "physical": "ppi 14", "virtual": "ppi 11",
                          "hypervisor": "ppi 10"}

    # ---- PMU -------------------------------------------------------------
    @staticmethod
    def _is_pmu(node: Node) -> bool:
        return any(c in PMU_GENERIC or (c.startswith("arm,cortex-a") and c.endswith("-pmu"))
                   or (c.startswith("arm,neoverse-") and c.endswith("-pmu")) for c in node.compatible)

    def pmu(self) -> None:
        """The PMU's overflow PPI. A PMU described by SPIs (one per CPU, old SoCs) cannot be
        given to cells per CPU: it is left out, with the reason."""
        for node in self.tree.root.walk():
            if not (node.enabled and self._is_pmu(node)):
                continue
            self.used_nodes.add(node.path)
            specs = [self._convert(spec, node.path, plain=True)
                     for controller, spec in self.tree.interrupts(node) if controller is self.gic_node]
            if len(specs) == 1 and specs[0] is not None and specs[0].startswith("ppi "):
                self.out.pmu = {"interrupt": specs[0], "compatible": list(node.compatible)}
            else:
                self.out.not_imported.append((node.path, "a PMU whose interrupts are not one PPI "
                                              f"({', '.join(s or '?' for s in specs) or 'none'}): cells get no "
                                              "PMU node"))
            return

    # ---- devices ---------------------------------------------------------
    def devices(self) -> None:
        found: list[tuple[Node, list[tuple[int, int]]]] = []
        skip_under = {"/cpus", "/reserved-memory", "/chosen", "/aliases", "/__symbols__"}
        for node in self.tree.root.walk():
            if node.path in STRUCTURAL or node.path in self.used_nodes:
                continue
            if any(node.path == p or node.path.startswith(p + "/") for p in skip_under):
                continue
            if self.gic_node is not None and node.path.startswith(self.gic_node.path + "/"):
                if node.path not in self.used_nodes:
                    self.out.not_imported.append((node.path, "child of the GIC"))
                continue
            if node.string("device_type") == "memory":
                continue
            if not node.enabled:
                if node.own_status_ok is False and node.parent is not None and node.parent.enabled:
                    self.out.disabled.append(node.path)
                continue
            has_irq = "interrupts" in node.props or "interrupts-extended" in node.props
            if "reg" not in node.props:
                if has_irq and not node.is_interrupt_controller:
                    self.out.not_imported.append((node.path, "has interrupts but no registers "
                                                  f"({self._irq_summary(node)})"))
                continue
            try:
                regs = node.cpu_regs()
            except TranslationError as e:
                self.out.not_imported.append((node.path, str(e)))
                continue
            regs = [(b, s) for b, s in regs if s > 0]
            if not regs:
                self.out.not_imported.append((node.path, "'reg' has no region of non-zero size"))
                continue
            if node.string("device_type") == "pci":
                try:
                    for _child, parent, size in parse_ranges(node) or []:
                        regs.append((translate(node.parent, parent, size), size))
                except TranslationError as e:
                    self.out.not_imported.append((node.path + " (ranges)", str(e)))
            found.append((node, regs))
        found.sort(key=lambda item: item[1][0][0])
        accepted: list[tuple[Node, list[tuple[int, int]]]] = []
        for node, regs in found:
            clash = self._overlap(regs)
            if clash:
                self.out.not_imported.append((node.path, clash))
                continue
            accepted.append((node, regs))
            for base, size in regs:
                self.taken.append((node.path, base, size))
        names = unique_names([n.base_name for n, _ in accepted])
        for (node, regs), name in zip(accepted, names):
            self.out.devices.append(self._device(node, regs, name))

    def _overlap(self, regs) -> str | None:
        for base, size in regs:
            for what, b, s in self.taken:
                if base < b + s and b < base + size:
                    return (f"registers {format_range(base, size)} overlap {what} "
                            f"({format_range(b, s)}); the board language needs disjoint regions")
        return None

    def _irq_summary(self, node: Node) -> str:
        parts = []
        for controller, spec in self.tree.interrupts(node):
            if controller is self.gic_node:
                try:
                    parts.append(gic_interrupt(spec))
                except ValueError:
                    parts.append(str(spec))
            else:
                parts.append(f"{spec} on {controller.path if controller else '?'}")
        return ", ".join(parts) or "none"

    def _device(self, node: Node, regs, name: str) -> DeviceOut:
        compatible = node.compatible or [sanitize(node.base_name)]
        dev = DeviceOut(name, node.path, compatible, regs, [])
        if not node.compatible:
            dev.comments.append("no 'compatible' in the device tree; the node name was used")
        if "dma-coherent" in node.props:
            dev.dma = "coherent"
        specs = self.tree.interrupts(node)
        if "interrupt-map" in node.props:
            seen = set()
            for controller, spec in self.tree.interrupt_map(node):
                key = (id(controller), tuple(spec))
                if key not in seen:
                    seen.add(key)
                    specs.append((controller, spec))
        elsewhere: dict[str, list[str]] = {}
        for controller, spec in specs:
            if controller is not self.gic_node:
                where = controller.path if controller is not None else "an unresolvable interrupt parent"
                elsewhere.setdefault(where, []).append("<" + " ".join(str(c) for c in spec) + ">")
                continue
            text = self._convert(spec, node.path)
            if text is None:
                continue
            intid_key = text.split()[0] + " " + text.split()[1]
            owner = self.spi_owner.get(intid_key)
            if owner == name:
                continue
            if owner is not None:
                dev.comments.append(f"{intid_key} is shared with '{owner}': the board gives each interrupt to "
                                    "one device, so it is listed there only")
                self.out.not_imported.append((node.path, f"{intid_key} shared with '{owner}'"))
                continue
            self.spi_owner[intid_key] = name
            dev.interrupts.append(text)
        for where, specs_text in elsewhere.items():
            what = f"interrupt{'s' if len(specs_text) > 1 else ''} {' '.join(specs_text)}"
            dev.comments.append(f"{what} go to {where}, not to the GIC: not imported")
            self.out.not_imported.append((node.path, f"{what} routed through {where}, not the GIC"))
        if node.is_compatible("qemu,fw-cfg-mmio"):
            dev.assignable = False
            dev.comments.append("QEMU's firmware configuration interface: for boot loaders, not for cells")
        if node.string("device_type") == "pci":
            dev.assignable = False
            dev.comments.append("PCI host bridge (config space, then its 'ranges' windows); passing it to a "
                                "cell needs PCI support in the generator")
        if node.is_compatible(*OTHER_UARTS):
            dev.comments.append("a UART the runtime cannot drive (it drives PL011 only): usable only "
                                "passed through to a cell")
        if node.is_interrupt_controller:
            dev.comments.append("an interrupt controller: interrupts behind it are not visible to the GIC")
        return dev

    # ---- console ---------------------------------------------------------
    def console(self) -> None:
        by_path = {d.path: d for d in self.out.devices}
        chosen = self.tree.node("/chosen")
        stdout = chosen.string("stdout-path") if chosen is not None else None
        target = None
        if stdout:
            target = self.tree.resolve(stdout.split(":", 1)[0])
        pl011s = [d for d in self.out.devices if "arm,pl011" in d.compatible]
        if target is not None and target.path in by_path and "arm,pl011" in by_path[target.path].compatible:
            self.out.console = by_path[target.path].name
            self.out.notes.append(f"console: {target.path}, the /chosen stdout-path")
            self._console_page(by_path[target.path])
            return
        if pl011s:
            self.out.console = pl011s[0].name
            why = (f"stdout-path names {target.path if target is not None else stdout!r}, which is not a "
                   "PL011 the runtime can drive" if stdout else "no /chosen stdout-path")
            self.out.todos.append(f"console: {why}; the first PL011 ({pl011s[0].path}) was chosen — check it "
                                  "is the UART wired to your serial console")
            self._console_page(pl011s[0])
            return
        self.out.todos.append("no enabled PL011 UART: the runtime needs one as its console; 'console' names "
                              "a device that does not exist, so the file will not check until you add one")
        self.out.console = "uart0"

    def _console_page(self, console: DeviceOut) -> None:
        """The hypervisor emulates the console PL011 as a whole 4 KiB page (E111): widen a
        smaller window to its page when no imported device shares that page."""
        base, size = console.regs[0]
        page = base & ~(CONSOLE_PAGE - 1)
        if size >= CONSOLE_PAGE or base != page:
            return
        neighbours = [d.name for d in self.out.devices if d is not console and
                      any(b < page + CONSOLE_PAGE and page < b + s for b, s in d.regs)]
        if neighbours:
            self.out.todos.append(f"console: {console.path} has a {size:#x}-byte window in a 4 KiB page shared "
                                  f"with {', '.join(neighbours)}; the hypervisor needs the whole page (E111)")
            return
        console.regs[0] = (base, CONSOLE_PAGE)
        console.comments.append(f"the device tree says size {size:#x}; widened to its 4 KiB page, which the "
                                "hypervisor emulates whole")

    # ---- clocks, QEMU -----------------------------------------------------
    def clocks(self) -> None:
        rates = set()
        for dev in self.out.devices:
            if "arm,primecell" not in dev.compatible:
                continue
            node = self.tree.node(dev.path)
            names = node.strings("clock-names")
            clocks = node.cells("clocks")
            if "apb_pclk" not in names:
                continue
            # Only fixed clocks with #clock-cells = 0 can be read without a clock driver.
            i, index = 0, 0
            while i < len(clocks):
                provider = self.tree.by_phandle.get(clocks[i])
                n = provider.u32("#clock-cells", 0) if provider is not None else 0
                if index == names.index("apb_pclk"):
                    if provider is not None and provider.is_compatible("fixed-clock") and n == 0:
                        rates.add(provider.u32("clock-frequency"))
                    else:
                        rates.add(None)
                    break
                i += 1 + n
                index += 1
        if len(rates) == 1 and None not in rates:
            self.out.apb_pclk = rates.pop()
        elif rates:
            self.out.todos.append("the PrimeCells' apb_pclk comes from a clock controller, not a fixed clock; "
                                  "'clocks: apb_pclk' was left out (the generator then assumes 24 MHz)")

    def qemu(self) -> None:
        if "linux,dummy-virt" not in self.tree.root.compatible:
            return
        gic = self.out.gic
        machine = "virt,gic-version=" + ("3" if gic["type"] == "gicv3" else "2")
        if gic.get("maintenance_from_dt", True) and self.gic_node is not None and "interrupts" in self.gic_node.props:
            machine += ",virtualization=on"
        if gic["type"] == "gicv3" and not any(c.is_compatible("arm,gic-v3-its") for c in self.gic_node.children):
            machine += ",its=off"
        cpu_node = next((n for n in self.tree.node("/cpus").children if n.string("device_type") == "cpu"), None)
        cpu = (cpu_node.compatible[0].split(",", 1)[-1] if cpu_node is not None and cpu_node.compatible else "max")
        if cpu.startswith("armv8"):
            cpu = "max"
        self.out.qemu = {"machine": machine, "cpu": cpu, "smp": len(self.out.cpus),
                         "memory": sum(size for _, _, size in self.out.ram)}


def classify(tree: Tree, name: str, source: str, memory_override=None) -> Imported:
    if not NAME_RE.match(name):
        raise ImportError_(f"board name {name!r} is not a valid name (lowercase letters, digits, '-', '_'; "
                           "starts with a letter; at most 32 characters)")
    return _Classifier(tree, name, source, memory_override).run()
