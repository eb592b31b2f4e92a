"""A cell on the newest CPU QEMU emulates (-cpu max: SVE, SME, PAuth, MTE, RAS, PMUv3p5...).

  test_cpu_max.py --system cpu-max --build-root DIR

The board's CPU model (its qemu: cpu: field, cortex-a57) is replaced by `max` for this
run only. The system has 'linux' (Debian's kernel, 1 CPU) and 'probe' (guests/baremetal/
cpufeat.c). Checks:
  - Linux reaches userspace and answers a command: every ID register it reads and
    every feature it then uses is one the hypervisor lets it have;
  - the probe sees no SVE, SME, MTE, RAS, AMU, SPE, TRBE, trace, MPAM or EL2, and
    pointer authentication works (its keys are the guest's);
  - a RAS error record register is undefined for the guest (HCR_EL2.TERR);
  - the PMU does not count while the hypervisor runs (MDCR_EL2.HPMD, HCCD).
"""

from __future__ import annotations

import os
import re
import sys
import time

from banner import load_layout
from session import QemuSession, Timeout
from systems import system_from_command_line

# QEMU's max as it is (QARMA5 pointer authentication, which Debian's kernel uses on
# every call): the shell is up in about 22 s here, against 10 s with pauth-impdef=on.
CPU_MODEL = "max"
BOOT_TIMEOUT = 300  # -cpu max is slower than cortex-a57 under TCG, and the machine is shared
# Both loops count at EL1 and EL2 unless EL2 prohibits it: the busy loop runs at EL1
# (the counters work), the HVC loop mostly in the hypervisor (they must not count there).
BASELINE_MIN_PERCENT = 50
HVC_LOOP_MAX_PERCENT = 60  # measured 11-32% with HPMD/HCCD, 99-100% without
HIDDEN = ("sve", "sme", "mte", "ras", "amu", "spe", "trbe", "trace", "trf", "el2", "mpam")


def args_with_cpu(qemu_args: str, model: str) -> str:
    """A copy of the generated qemu.args with `-cpu <model>` (next to the original)."""
    with open(qemu_args, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    if "-cpu" not in lines[:-1]:
        raise ValueError(f"{qemu_args} has no -cpu")
    lines[lines.index("-cpu") + 1] = model
    path = os.path.join(os.path.dirname(qemu_args), "qemu-cpu-max.args")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return path


def check_probe(session: QemuSession) -> list[str]:
    problems: list[str] = []

    def line(what: str, pattern: str, timeout: float = 1) -> re.Match | None:
        try:
            return session.expect(pattern, timeout, since_start=True)
        except Timeout as e:
            problems.append(f"probe: {what}: {e}")
            return None

    # The probe's lines are all there once it is done (or it stopped early: a fault).
    line("finishes", r"^\[probe\] cpufeat: done\s*$|^\[hv\] cell 'probe' stopped", 120)
    sees = line("prints the features it sees", r"^\[probe\] cpufeat: sees ([^\n]*?)\r?\n")
    if sees:
        words = sees.group(1).split()
        seen = dict(zip(words[0::2], (int(v) for v in words[1::2])))
        for name in HIDDEN:
            if seen.get(name, -1) != 0:
                problems.append(f"probe: sees {name} {seen.get(name)} (the hypervisor hides it)")
        if seen.get("pauth") != 1:
            problems.append("probe: does not see pointer authentication (QEMU max has it)")
    line("finds no RAS error record register", r"^\[probe\] cpufeat: ERRIDR_EL1 undefined\s*$")
    line("uses its pointer authentication keys", r"^\[probe\] cpufeat: pauth key write ok\s*$")
    pmu = line("measures PMU counting at EL2",
               r"^\[probe\] cpufeat: pmu baseline event (\d+)% cycles (\d+)%, "
               r"hvc loop event (\d+)% cycles (\d+)%")
    if pmu:
        base_event, base_cycles, hvc_event, hvc_cycles = map(int, pmu.groups())
        if min(base_event, base_cycles) < BASELINE_MIN_PERCENT:
            problems.append(f"probe: the PMU hardly counts at EL1 ({pmu.group(0)})")
        if hvc_event > HVC_LOOP_MAX_PERCENT:
            problems.append(f"probe: an event counter counts while the hypervisor runs "
                            f"(MDCR_EL2.HPMD): {pmu.group(0)}")
        if hvc_cycles > HVC_LOOP_MAX_PERCENT:
            problems.append(f"probe: the cycle counter counts while the hypervisor runs "
                            f"(MDCR_EL2.HCCD): {pmu.group(0)}")
    line("finishes", r"^\[probe\] cpufeat: done\s*$")
    return problems


def run_checks(session: QemuSession, linux_index: int) -> tuple[list[str], float | None]:
    problems = check_probe(session)
    up = None
    try:
        session.expect(r"^\[linux\] cellforge-linux: shell on the console", BOOT_TIMEOUT, True)
        up = time.monotonic() - session.start
        session.mark()
        session.focus(linux_index)
        session.send("grep -c processor /proc/cpuinfo; echo answered-$(hostname)\n")
        session.expect(r"^\[linux\] answered-linux\s*$", 60)
    except Timeout as e:
        problems.append(f"linux: {e}")
    return problems, up


def main() -> int:
    system = system_from_command_line(["cpu-max"])
    qemu_args = args_with_cpu(system.qemu_args, CPU_MODEL)
    with QemuSession(system.image, qemu_args) as session:
        names = [c["name"] for c in load_layout(system.layout)["cells"]]
        problems, up = run_checks(session, names.index("linux"))
        session.close()
        if "PANIC" in session.output:
            problems.append("the hypervisor panicked")
        log = os.path.join(os.path.dirname(qemu_args), "console-cpu-max.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(session.output)
        faults = re.findall(r"^\[hv\] FAULT .*$", session.output, re.M)
        problems += [f"unexpected fault: {f}" for f in faults]
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        print(f"--- last 60 lines of the console (all of it: {log}) ---")
        print("\n".join(session.output.splitlines()[-60:]))
        return 1
    print(f"OK: Debian's kernel reached its shell under -cpu {CPU_MODEL} in {up:.0f} s; "
          "the probe saw only supported features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
