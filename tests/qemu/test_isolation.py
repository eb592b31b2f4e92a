"""A hostile cell tries every escape while a victim cell and a Linux cell keep running.

  test_isolation.py --system isolation --build-root DIR

The attacker's own "contained" is necessary but never enough: every attack needs
evidence that the hypervisor, not the architecture or QEMU, stopped it. The rules
(EVIDENCE, first matching name wins; an attack no rule names fails):

  fault    each fault=<kind>@<addr> token the attacker printed is matched, in order,
           to its own "[hv] FAULT cell 'attacker' ..." line: a data abort at that
           address with that direction (read/write), the ISV=0 form (isv0), or a
           trapped system instruction at that pc (sysreg). An exception the
           hypervisor did not report (QEMU's external abort for an empty address,
           an instruction undefined at EL1 anyway) has no such line.
  count    the attack printed count=<counter>:<n>; per counter, the shares must add
           up to the attacker's "ATTACKS expect" line, which must equal the
           hypervisor's own counter for cell 'attacker' at power-off (vgic line:
           sgi-refused sgi-dropped gicd-foreign-writes gicr-foreign; stats line:
           smc-refused hvc setway).
  victim   the victim records every INTID it receives: it must report none but its
           timer over its whole run (which the attack phase must lie inside).
  gap      the victim's largest gap between two beats stays under MAX_GAP_US.
  answer   a PSCI/SMCCC return value: the hypervisor answers these itself (SMC
           traps with HCR_EL2.TSC, HVC always comes to EL2), and the value checked
           differs from what the unchecked call would return.
  reset    system-reset: the hypervisor stops the attacker alone (restart_limit 0)
           and the machine is not reset.

n/a is accepted only for N_A_ALLOWED (decided without the hypervisor) and not counted.

Also: the victim's memory checksum never changed, its beats never went backwards or
restarted, it beat at (nearly) its rate; Linux answered after the attacks and its
own SYSTEM_OFF stopped only itself; nothing panicked; the machine powered off by
itself after the victim finished. The console is written to isolation-console.log
next to the system's layout.json.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from banner import load_layout
from session import QemuSession, Timeout
from systems import system_from_command_line

VICTIM_HZ = 10
# The victim beats every 100 ms and re-arms from the time it handled a beat. Five
# periods: measured gaps are 110-250 ms (QEMU TCG, 4 vCPUs on 2 shared host cores,
# the victim's CPU also takes the console's interrupts), so three periods would
# flake under load; a CPU kept from its guest by an interrupt flood (1 s), a
# disabled timer PPI or a switched-off distributor shows as a second or more.
MAX_GAP_US = 5 * 1_000_000 // VICTIM_HZ

# Attacks that may report n/a, and why that is honest.
N_A_ALLOWED = {
    # UNDEFINED at EL1 by the architecture without FEAT_NV: no hypervisor needed.
    "tlbi-vmalls12e1": "EL2-only instruction",
    "tlbi-alle2": "EL2-only instruction",
    "cntvoff-el2-write": "EL2-only register",
    "cnthp-ctl-write": "EL2-only register (the hypervisor's own timer)",
    "cnthp-cval-write": "EL2-only register (the hypervisor's own timer)",
}

EVIDENCE: list[tuple[str, tuple[str, ...]]] = [
    (r"(victim-ram-(start|middle|end)|hypervisor-ram|own-ram-past-end)-(read|write)", ("fault",)),
    (r"(foreign-device|gic-its|pcie-ecam|neighbour-device)-(read|write)", ("fault",)),
    (r"gicd-isenabler-halfword", ("fault",)),
    (r"(gicd|gicr|vuart)-(read64|write64|ldp|stp|ldr-post|str-pre)", ("fault",)),
    # Set/way maintenance is emulated (by address, over the attacker's RAM only): no
    # fault, one setway exit per operation; the victim's checksum is checked anyway.
    (r"dc-c?i?sw", ("count",)),
    # The attacker's own physical timer fires on its own CPU, never at the victim's.
    (r"cntp-fire-own", ("victim", "gap")),
    (r"gicd-enable-and-leave-pending", ("count", "victim")),
    (r"gicd-ctlr-disable", ("gap",)),
    (r"gicd-[\w-]+", ("count",)),
    (r"gicr-[\w-]+-0x[0-9a-f]+", ("count",)),
    (r"sgi-(foreign|1[45]-foreign)-0x[0-9a-f]+|sgi-broadcast|sgi-flood-foreign", ("count", "victim", "gap")),
    (r"sgi-1[45]-self", ("count",)),
    (r"sgi-storm-self", ("gap",)),
    (r"smc-[\w-]+", ("count",)),
    (r"hvc-[\w-]+", ("count", "answer")),
    (r"psci-[\w-]+|smccc-arch-workaround-1", ("answer",)),
    (r"system-reset", ("reset",)),
]

VGIC_COUNTERS = ("sgi-refused", "sgi-dropped", "gicd-foreign-writes", "gicr-foreign")
EXIT_COUNTERS = ("smc-refused", "hvc", "setway")


@dataclass
class Attack:
    name: str
    verdict: str
    detail: str
    faults: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def parse_attacks(output: str) -> list[Attack]:
    attacks = []
    for name, verdict, detail in re.findall(r"^\[attacker\] ATTACK (\S+) (\S+) ?(.*)$", output, re.M):
        a = Attack(name, verdict, detail)
        a.faults = [(k, int(addr, 16)) for k, addr in re.findall(r"fault=(\w+)@(0x[0-9a-f]+)", detail)]
        a.counts = {k: int(n) for k, n in re.findall(r"count=([\w-]+):(\d+)", detail)}
        attacks.append(a)
    return attacks


def parse_faults(output: str) -> list[tuple[str, int]]:
    """The hypervisor's fault log for the attacker: (kind, address or pc), in order."""
    faults = []
    for text in re.findall(r"^\[hv\] FAULT cell 'attacker' \S+: (.*)$", output, re.M):
        m = re.match(r"data abort \((read|write), \d+ bytes\) at (0x[0-9a-f]+)", text)
        if m:
            faults.append((m.group(1), int(m.group(2), 16)))
            continue
        m = re.match(r"data abort the hardware cannot describe \(ISV=0.*\) at (0x[0-9a-f]+)", text)
        if m:
            faults.append(("isv0", int(m.group(1), 16)))
            continue
        m = re.match(r"trapped MSR, MRS or system instruction, pc (0x[0-9a-f]+)", text)
        if m:
            faults.append(("sysreg", int(m.group(1), 16)))
            continue
        faults.append(("other", -1))
    return faults


def rule_for(name: str) -> tuple[str, ...] | None:
    for pattern, kinds in EVIDENCE:
        if re.fullmatch(pattern, name):
            return kinds
    return None


def check_attacks(output: str) -> list[str]:
    problems = []
    declared = re.search(r"^\[attacker\] ATTACKS declared (\d+)\s*$", output, re.M)
    done = re.search(r"^\[attacker\] ATTACKS done (\d+)/(\d+) n/a (\d+)\s*$", output, re.M)
    if not declared:
        return ["the attacker never declared its attacks"]
    attacks = parse_attacks(output)
    total = int(declared.group(1))
    if len(attacks) != total:
        problems.append(f"the attacker declared {total} attacks but made {len(attacks)}")
    not_applicable = [a for a in attacks if a.verdict == "n/a"]
    if not done or done.group(1) != done.group(2) or int(done.group(3)) != len(not_applicable):
        problems.append(f"attacker summary: {done.group(0) if done else 'missing'}")

    hv_faults = parse_faults(output)
    next_fault = 0
    for a in attacks:
        if a.verdict == "n/a":
            if a.name not in N_A_ALLOWED:
                problems.append(f"ATTACK {a.name} n/a, but only {sorted(N_A_ALLOWED)} may be: {a.detail}")
            continue
        if a.verdict != "contained":
            problems.append(f"ATTACK {a.name} {a.verdict} {a.detail}")
            continue
        kinds = rule_for(a.name)
        if kinds is None:
            problems.append(f"ATTACK {a.name}: no evidence rule says what the hypervisor must show")
            continue
        if "fault" in kinds:
            if not a.faults:
                problems.append(f"ATTACK {a.name}: contained without a fault= token to check")
            for kind, addr in a.faults:
                at = next((i for i in range(next_fault, len(hv_faults)) if hv_faults[i] == (kind, addr)), None)
                if at is None:
                    problems.append(f"ATTACK {a.name}: no '[hv] FAULT cell 'attacker'' line for a {kind} "
                                    f"at 0x{addr:x} (the hypervisor did not stop it)")
                else:
                    next_fault = at + 1
        if "count" in kinds and not a.counts:
            problems.append(f"ATTACK {a.name}: contained without a count= share to check")
    problems += check_counters(output, attacks)
    return problems


def check_counters(output: str, attacks: list[Attack]) -> list[str]:
    problems = []
    expect = re.search(r"^\[attacker\] ATTACKS expect (.*)$", output, re.M)
    vgic = re.search(r"^\[hv\] vgic cell 'attacker': (.*)$", output, re.M)
    stats = re.search(r"^\[hv\] stats cell 'attacker': exits (.*?) \(total", output, re.M)
    if not expect or not vgic or not stats:
        return ["missing the attacker's ATTACKS expect line or the hypervisor's counters for it"]
    expected = {k: int(v) for k, v in re.findall(r"([\w-]+) (\d+)", expect.group(1))}
    observed = {k: int(v) for k, v in re.findall(r"([\w-]+) (\d+)", vgic.group(1)) if k in VGIC_COUNTERS}
    observed |= {k: int(v) for k, v in re.findall(r"([\w-]+) (\d+)", stats.group(1)) if k in EXIT_COUNTERS}
    for counter in VGIC_COUNTERS + EXIT_COUNTERS:
        shares = sum(a.counts.get(counter, 0) for a in attacks)
        if expected.get(counter) != shares:
            problems.append(f"the attacker's {counter} shares add up to {shares}, its summary says "
                            f"{expected.get(counter)}")
        if observed.get(counter) != expected.get(counter):
            problems.append(f"hypervisor counter {counter} for cell 'attacker' is {observed.get(counter)}, "
                            f"the attacker's attempts say {expected.get(counter)}")
    return problems


def check_victim(output: str, seconds: int) -> list[str]:
    problems = []
    beats = [(int(n), c, int(s)) for n, c, s in
             re.findall(r"^\[victim\] VICTIM heartbeat (\d+) checksum (0x[0-9a-f]+) stray (\d+)", output, re.M)]
    starts = re.findall(r"^\[victim\] VICTIM start .* checksum (0x[0-9a-f]+) cntvct (0x[0-9a-f]+)", output, re.M)
    done = re.search(r"^\[victim\] VICTIM done beats (\d+) checksum (0x[0-9a-f]+) stray (\d+) "
                     r"max-gap-us (\d+) ending (0x[0-9a-f]+) cntvct (0x[0-9a-f]+)", output, re.M)
    if not beats or not done or not starts:
        return ["the victim did not report its start, heartbeat and summary"]
    if len(starts) != 1 or len(re.findall(r"^\[hv\] cell 'victim' started", output, re.M)) != 1:
        problems.append(f"the victim started {len(starts)} times (was it restarted or started again?)")
    checksums = {c for _, c, _ in beats} | {done.group(2), starts[0][0]}
    if len(checksums) != 1:
        problems.append(f"the victim's memory checksum changed: {sorted(checksums)}")
    for intid, count, first in re.findall(
            r"^\[victim\] VICTIM irq intid (\d+) count (\d+) first-cntvct (0x[0-9a-f]+)", output, re.M):
        problems.append(f"the victim received INTID {intid} {count} times (first at cntvct {first}): "
                        "an attacker's interrupt got through")
    if any(s for _, _, s in beats) or int(done.group(3)):
        problems.append(f"the victim saw stray interrupts: {done.group(0)}")
    if [n for n, _, _ in beats] != sorted(n for n, _, _ in beats):
        problems.append("the victim's heartbeat count went backwards (was it restarted?)")
    if int(done.group(1)) < 0.8 * seconds * VICTIM_HZ:
        problems.append(f"the victim's heartbeat stalled: {done.group(1)} beats in {seconds} s at {VICTIM_HZ} Hz")
    if int(done.group(4)) > MAX_GAP_US:
        problems.append(f"the victim stalled: largest gap between beats {done.group(4)} us "
                        f"(ending at cntvct {done.group(5)}), bound {MAX_GAP_US} us")
    begin = re.search(r"^\[attacker\] ATTACKS begin cntvct (0x[0-9a-f]+)", output, re.M)
    end = re.search(r"^\[attacker\] ATTACKS end cntvct (0x[0-9a-f]+)", output, re.M)
    if not begin or not end:
        problems.append("the attacker did not report when its attacks began and ended")
    elif not int(starts[0][1], 16) < int(begin.group(1), 16) < int(end.group(1), 16) < int(done.group(6), 16):
        problems.append(f"the attack phase ({begin.group(1)}..{end.group(1)}) is not inside the victim's run "
                        f"({starts[0][1]}..{done.group(6)}): the victim's verdicts would prove nothing")
    return problems


def check_lifecycle(output: str) -> list[str]:
    """SYSTEM_RESET and SYSTEM_OFF of one cell must end that cell only."""
    problems = []
    if len(re.findall(r"^\[hv\] cellforge \S+ on board", output, re.M)) != 1:
        problems.append("the hypervisor booted more than once: the machine was reset")
    if not re.search(r"^\[hv\] cell 'attacker' reached its restart limit \(0\) at a system reset; stopped",
                     output, re.M):
        problems.append("the attacker's SYSTEM_RESET was not answered by stopping cell 'attacker'")
    if re.search(r"^\[attacker\] attacker: SYSTEM_RESET returned", output, re.M):
        problems.append("the attacker's SYSTEM_RESET returned")
    if re.search(r"^\[hv\] cell '(victim|linux)' (restarting|stopped \((fault|restart limit)\))", output, re.M):
        problems.append("another cell was restarted or stopped by the attacks")
    # The attacker runs on one CPU; its other one must never have started (hostile
    # CPU_ON arguments were all refused): no exits there, no fault reported from it.
    active = [cpu for cpu, total in re.findall(
        r"^\[hv\] stats cell 'attacker' (\S+): exits .* \(total (\d+)\)", output, re.M) if int(total)]
    fault_cpus = set(re.findall(r"^\[hv\] FAULT cell 'attacker' (\S+):", output, re.M))
    if active and (len(active) != 1 or not fault_cpus <= set(active)):
        problems.append(f"more than one CPU of the attacker ran (exits on {active}, faults on "
                        f"{sorted(fault_cpus)}): a hostile CPU_ON started a CPU")
    linux_off = re.search(r"^\[hv\] cell 'linux' stopped \(system off\)", output, re.M)
    if linux_off and not re.search(r"^\[victim\] VICTIM heartbeat", output[linux_off.end():], re.M):
        problems.append("the victim did not beat after Linux's SYSTEM_OFF: it stopped more than Linux")
    return problems


def main() -> int:
    system = system_from_command_line()
    layout_path = system.layout
    layout = load_layout(layout_path)
    index = {c["name"]: i for i, c in enumerate(layout["cells"])}
    problems: list[str] = []
    with QemuSession(system.image, system.qemu_args) as session:
        try:
            session.expect(r"^\[attacker\] ATTACKS done \d+/\d+", 240, since_start=True)
            # Linux reaches its shell in about 10 s (60 s on a loaded machine).
            session.expect(r"^\[linux\] cellforge-linux: shell on the console", 150, since_start=True)
            session.mark()
            session.focus(index["linux"])
            session.send("echo alive-$((6*7))\n")
            session.expect(r"^\[linux\] alive-42\s*$", 60)
            session.send("poweroff -f\n")
            session.expect(r"^\[hv\] cell 'linux' stopped \(system off\)", 60)
        except Timeout as e:
            problems.append(f"Linux cell: {e}")
        # After a timeout the victim has long finished: a stuck cell keeps QEMU up.
        if not session.wait_exit(30 if problems else 120):
            problems.append("QEMU did not power off by itself after the victim finished")
        session.close()
        output = session.output
    with open(layout_path.replace("layout.json", "isolation-console.log"), "w") as log:
        log.write(output)
    problems += check_attacks(output)
    seconds = int(re.search(r"victim-seconds = <0x0 (0x[0-9a-f]+)>", open(
        layout_path.replace("layout.json", "cells/victim.dts")).read()).group(1), 16)
    problems += check_victim(output, seconds)
    problems += check_lifecycle(output)
    if "PANIC" in output:
        problems.append("the hypervisor panicked")
    attacks = parse_attacks(output)
    counted = [a for a in attacks if a.verdict != "n/a"]
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        print("--- console ---\n" + "\n".join(output.splitlines()[-120:]))
        return 1
    gap = re.search(r"max-gap-us (\d+)", output)
    print(f"OK: {len(counted)} attacks contained with the hypervisor's evidence, "
          f"{len(attacks) - len(counted)} n/a; victim's largest beat gap {gap.group(1) if gap else '?'} us; "
          "victim and Linux unaffected")
    print("\n".join(line for line in output.splitlines() if "ATTACK" in line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
