#!/usr/bin/env python3
"""The mutation suite: deliberately weakened copies of cellforge must fail its tests.

  run.py [--source DIR] [--work DIR] [--jobs N] [--only NAME ...] [--list]

Each file in tests/mutation/mutants/*.yaml names one protection and how to remove it:

  protection: what the mutant weakens (one line)
  file: runtime/arch/arm64/vcpu.c     # relative to the source root
  find: |                             # exact text, occurring exactly once in file
    ...
  replace: |                          # the weakened text; it must still build
    ...
  killed_by: [qemu/isolation]         # meson tests, at least one of which must fail

The runner copies the source tree (tracked and untracked files, not build output)
into one scratch tree per job, configures each once for the default board, then for
every mutant: applies it, rebuilds incrementally, runs its killers one by one until
one fails (the mutant is killed) or all pass (it survived), and restores the file.
A mutant that does not apply or does not build is an error, never a kill: a
weakening nobody can build proves nothing. At the end every test that killed a
mutant is run once more on the unmutated copy: if it fails there too, its kills
are errors (a test broken in the scratch tree would otherwise "kill" everything). The last line is

  mutants: N, killed: K, survived: <names or ->[, errors: <names>]

and the exit status is 0 only when every mutant was killed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent
MUTANT_KEYS = {"protection", "file", "find", "replace", "killed_by"}
# Build output and caches that must not be copied into a scratch tree.
SKIP_TOP = ("build", ".git")


@dataclasses.dataclass(frozen=True)
class Mutant:
    name: str
    protection: str
    file: str
    find: str
    replace: str
    killed_by: tuple[str, ...]


@dataclasses.dataclass
class Outcome:
    mutant: Mutant
    verdict: str  # "killed", "survived" or "error"
    detail: str
    seconds: float


def load_mutants(source: Path) -> tuple[list[Mutant], list[str]]:
    """Every mutant file under source, plus one problem line per malformed one."""
    mutants, problems = [], []
    for path in sorted((source / "tests/mutation/mutants").glob("*.yaml")):
        where = path.relative_to(source)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            problems.append(f"{where}: cannot read: {e}")
            continue
        if not isinstance(data, dict) or set(data) != MUTANT_KEYS:
            problems.append(f"{where}: needs exactly the keys {sorted(MUTANT_KEYS)}")
            continue
        killers = data["killed_by"]
        if not isinstance(killers, list) or not killers or not all(isinstance(k, str) for k in killers):
            problems.append(f"{where}: killed_by must be a non-empty list of meson test names")
            continue
        if not all(isinstance(data[k], str) for k in ("protection", "file", "find", "replace")):
            problems.append(f"{where}: protection, file, find and replace must be strings")
            continue
        target = source / data["file"]
        if not target.is_file():
            problems.append(f"{where}: {data['file']} does not exist")
            continue
        count = target.read_text(encoding="utf-8").count(data["find"])
        if count != 1:
            problems.append(f"{where}: its find text occurs {count} times in {data['file']}, not once")
            continue
        if data["find"] == data["replace"]:
            problems.append(f"{where}: replace is the same as find")
            continue
        mutants.append(Mutant(path.stem, data["protection"].strip(), data["file"], data["find"],
                              data["replace"], tuple(killers)))
    return mutants, problems


def copy_tree(source: Path, dest: Path) -> None:
    """The working tree as git sees it (tracked and untracked, not ignored files)."""
    listed = subprocess.run(["git", "-C", str(source), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=False)
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.decode().split("\0")):
            src = source / name
            if not src.is_file() or name.split("/", 1)[0] in SKIP_TOP:
                continue
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    else:  # not a git checkout: everything but build output
        shutil.copytree(source, dest, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names if Path(d) == source and n in SKIP_TOP
                                                 or n.startswith("build")])


def run_logged(command: list[str], cwd: Path, log: Path, timeout: float) -> int:
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        try:
            return subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=timeout, check=False).returncode
        except subprocess.TimeoutExpired:
            out.write(f"timed out after {timeout:.0f} s\n")
            return -1


class ScratchTree:
    """One copy of the sources with its own configured build directory."""

    def __init__(self, source: Path, root: Path, index: int):
        self.tree = root / f"tree{index}"
        self.build = self.tree / "build"
        self.log = root / f"tree{index}.log"
        if self.tree.exists():
            shutil.rmtree(self.tree)
        self.tree.mkdir(parents=True)
        copy_tree(source, self.tree)
        self.log.write_text("", encoding="utf-8")

    def configure(self) -> str | None:
        rc = run_logged(["meson", "setup", str(self.build), "--cross-file", "cross/aarch64.ini",
                         "-Dboard=qemu-arm64"], self.tree, self.log, 600)
        if rc == 0:
            rc = run_logged(["meson", "compile", "-C", str(self.build)], self.tree, self.log, 1200)
        return None if rc == 0 else f"the unmutated copy does not build (see {self.log})"

    def run_test(self, test: str) -> int:
        return run_logged(["meson", "test", "-C", str(self.build), "--no-rebuild", "--print-errorlogs", test],
                          self.tree, self.log, 1800)

    def try_mutant(self, mutant: Mutant) -> Outcome:
        start = time.monotonic()
        target = self.tree / mutant.file
        original = target.read_text(encoding="utf-8")
        target.write_text(original.replace(mutant.find, mutant.replace, 1), encoding="utf-8")
        try:
            with open(self.log, "a", encoding="utf-8") as out:
                out.write(f"\n=== mutant {mutant.name}: {mutant.protection}\n")
            if run_logged(["meson", "compile", "-C", str(self.build)], self.tree, self.log, 1200) != 0:
                return Outcome(mutant, "error", f"does not build (see {self.log})", time.monotonic() - start)
            for test in mutant.killed_by:
                if self.run_test(test) != 0:
                    return Outcome(mutant, "killed", f"by {test}", time.monotonic() - start)
            return Outcome(mutant, "survived", f"{', '.join(mutant.killed_by)} passed",
                           time.monotonic() - start)
        finally:
            target.write_text(original, encoding="utf-8")


def run_job(tree: ScratchTree, mutants: list[Mutant], report) -> list[Outcome]:
    problem = tree.configure()
    if problem:
        outcomes = [Outcome(m, "error", problem, 0.0) for m in mutants]
        for outcome in outcomes:
            report(outcome)
        return outcomes
    outcomes = []
    for mutant in mutants:
        outcome = tree.try_mutant(mutant)
        report(outcome)
        outcomes.append(outcome)
    # Control: every test that killed a mutant must pass on the unmutated copy,
    # or its kills prove nothing (a test broken in the scratch tree kills all).
    run_logged(["meson", "compile", "-C", str(tree.build)], tree.tree, tree.log, 1200)
    killers = sorted({o.detail.removeprefix("by ") for o in outcomes if o.verdict == "killed"})
    for test in killers:
        if tree.run_test(test) != 0:
            for o in outcomes:
                if o.verdict == "killed" and o.detail == f"by {test}":
                    o.verdict, o.detail = "error", f"{test} also fails without the mutant (see {tree.log})"
                    report(o)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="source tree to mutate")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a new temporary one)")
    parser.add_argument("--jobs", type=int, default=2, help="scratch trees working in parallel")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args()

    source = args.source.resolve()
    mutants, problems = load_mutants(source)
    for problem in problems:
        print(f"error: {problem}")
    if args.only:
        unknown = set(args.only) - {m.name for m in mutants}
        for name in sorted(unknown):
            print(f"error: no mutant named '{name}'")
            problems.append(name)
        mutants = [m for m in mutants if m.name in args.only]
    if args.list:
        for m in mutants:
            print(f"{m.name:40} {m.file:40} {' '.join(m.killed_by)}\n    {m.protection}")
        return 1 if problems else 0
    if not mutants:
        print("mutants: 0, killed: 0, survived: -")
        return 1

    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="cellforge-mutants-"))
    work.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(args.jobs, len(mutants)))
    # Slow killers first, spread over the jobs, so the jobs end together.
    ordered = sorted(mutants, key=lambda m: ("qemu/" not in " ".join(m.killed_by), m.name))
    shares = [ordered[i::jobs] for i in range(jobs)]
    print(f"mutation: {len(mutants)} mutants, {jobs} scratch trees in {work}", flush=True)

    def report(outcome: Outcome) -> None:
        print(f"mutant {outcome.mutant.name}: {outcome.verdict.upper() if outcome.verdict != 'killed' else 'killed'}"
              f" {outcome.detail} ({outcome.seconds:.0f} s)", flush=True)

    trees = [ScratchTree(source, work, i) for i in range(jobs)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda pair: run_job(pair[0], pair[1], report), zip(trees, shares)))
    outcomes = [o for share in results for o in share]
    killed = [o for o in outcomes if o.verdict == "killed"]
    survived = sorted(o.mutant.name for o in outcomes if o.verdict == "survived")
    errors = sorted(o.mutant.name for o in outcomes if o.verdict == "error")
    line = f"mutants: {len(outcomes)}, killed: {len(killed)}, survived: {' '.join(survived) or '-'}"
    if errors or problems:
        line += f", errors: {' '.join(errors + [p.split(':')[0] for p in problems]) or '-'}"
    print(line)
    if not args.work and not (survived or errors):
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not (survived or errors or problems) else 1


if __name__ == "__main__":
    sys.exit(main())
