"""A hostile cell tries every escape while a victim cell and a Linux cell keep running.

  test_isolation.py --system isolation --build-root DIR

Asserts: every attempt the attacker declared was made and printed
'contained'; the victim's heartbeat went on at its rate with an unchanged
memory checksum and no stray interrupts; the Linux cell still answered a
command after the attacks; the hypervisor's fault log names the blocked
accesses; nothing panicked and the machine powered off by itself.
"""

from __future__ import annotations

import re
import sys

from banner import load_layout
from session import QemuSession, Timeout
from systems import system_from_command_line

VICTIM_HZ = 10


def check_attacks(output: str) -> list[str]:
    problems = []
    declared = re.search(r"^\[attacker\] ATTACKS declared (\d+)\s*$", output, re.M)
    attacks = re.findall(r"^\[attacker\] ATTACK (\S+) (\S+)(?: (.*))?$", output, re.M)
    done = re.search(r"^\[attacker\] ATTACKS done (\d+)/(\d+)\s*$", output, re.M)
    if not declared:
        return ["the attacker never declared its attacks"]
    total = int(declared.group(1))
    if len(attacks) != total:
        problems.append(f"the attacker declared {total} attacks but made {len(attacks)}")
    for name, verdict, detail in attacks:
        if verdict != "contained":
            problems.append(f"ATTACK {name} {verdict} {detail}")
    if not done or done.group(1) != done.group(2) or int(done.group(2)) != total:
        problems.append(f"attacker summary: {done.group(0) if done else 'missing'}")
    aborted = sum(1 for _, verdict, detail in attacks if verdict == "contained" and "abort" in (detail or ""))
    faults = len(re.findall(r"^\[hv\] FAULT cell 'attacker' ", output, re.M))
    if faults < aborted:
        problems.append(f"{aborted} attacks were stopped by an abort but the fault log has {faults} entries")
    return problems


def check_victim(output: str, seconds: int) -> list[str]:
    problems = []
    beats = [(int(n), c, int(s)) for n, c, s in
             re.findall(r"^\[victim\] VICTIM heartbeat (\d+) checksum (0x[0-9a-f]+) stray (\d+)", output, re.M)]
    done = re.search(r"^\[victim\] VICTIM done beats (\d+) checksum (0x[0-9a-f]+) stray (\d+)", output, re.M)
    if not beats or not done:
        return ["the victim did not report its heartbeat and summary"]
    checksums = {c for _, c, _ in beats} | {done.group(2)}
    if len(checksums) != 1:
        problems.append(f"the victim's memory checksum changed: {sorted(checksums)}")
    if any(s for _, _, s in beats) or int(done.group(3)):
        problems.append(f"the victim saw stray interrupts: {done.group(0)}")
    if [n for n, _, _ in beats] != sorted(n for n, _, _ in beats):
        problems.append("the victim's heartbeat count went backwards (was it restarted?)")
    if int(done.group(1)) < 0.8 * seconds * VICTIM_HZ:
        problems.append(f"the victim's heartbeat stalled: {done.group(1)} beats in {seconds} s at {VICTIM_HZ} Hz")
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
            session.expect(r"^\[linux\] cellforge-linux: shell on the console", 240, since_start=True)
            session.mark()
            session.focus(index["linux"])
            session.send("echo alive-$((6*7))\n")
            session.expect(r"^\[linux\] alive-42\s*$", 60)
            session.send("poweroff -f\n")
            session.expect(r"^\[hv\] cell 'linux' stopped \(system off\)", 60)
        except Timeout as e:
            problems.append(f"Linux cell: {e}")
        if not session.wait_exit(120):
            problems.append("QEMU did not power off by itself after the victim finished")
        session.close()
        output = session.output
    problems += check_attacks(output)
    seconds = int(re.search(r"victim-seconds = <0x0 (0x[0-9a-f]+)>", open(
        layout_path.replace("layout.json", "cells/victim.dts")).read()).group(1), 16)
    problems += check_victim(output, seconds)
    if "PANIC" in output:
        problems.append("the hypervisor panicked")
    attacks = len(re.findall(r"^\[attacker\] ATTACK ", output, re.M))
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        print("--- console ---\n" + "\n".join(output.splitlines()[-120:]))
        return 1
    print(f"OK: {attacks} attacks contained; victim and Linux unaffected")
    print("\n".join(line for line in output.splitlines() if "ATTACK" in line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
