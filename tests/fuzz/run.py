#!/usr/bin/env python3
"""Builds the libFuzzer harnesses of the guest-facing emulators and runs each
for a bounded time (meson test --suite fuzz, or by hand).

  run.py --build-dir DIR [--seconds N] [--jobs J] [--only NAME ...]
         --harness NAME SRC [SRC...] ...   (harness source first, then the
                                            runtime sources it links)
  run.py --unavailable REASON              (configure found no clang/libFuzzer:
                                            exit 77, SKIP, or 1 with
                                            CELLFORGE_NO_SKIP=1)

--seconds defaults to $CELLFORGE_FUZZ_SECONDS or 60, --jobs to 2. Each
harness starts from a copy of its seed corpus (tests/fuzz/corpus/NAME) and
prints one line:

  fuzz NAME: N executions, C coverage, clean

or the crash (the sanitizer's or the invariant's report, and the saved input).
The exit status is non-zero on any build failure, crash, sanitizer report,
invariant violation or timeout. A saved crash input replays with
  DIR/NAME DIR/NAME-crash-<sha1>
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

CFLAGS = [
    "-g", "-O1", "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wvla",
    "-Wstrict-prototypes",
    # Coverage-guided, memory errors and undefined behaviour are crashes.
    "-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]
INCLUDES = [ROOT / "runtime", ROOT / "runtime" / "include", ROOT / "tests" / "runtime", HERE]
# Signs of a failure in libFuzzer's output even if the exit status were 0.
FAILURE = re.compile(r"INVARIANT VIOLATED|ERROR: AddressSanitizer|ERROR: libFuzzer|"
                     r"runtime error:|SUMMARY: UndefinedBehaviorSanitizer")
COVERAGE = re.compile(r"^#\d+\s+\S+\s+cov: (\d+)", re.M)
EXECUTIONS = re.compile(r"stat::number_of_executed_units:\s*(\d+)")


@dataclasses.dataclass(frozen=True)
class Harness:
    name: str
    sources: tuple[Path, ...]


@dataclasses.dataclass
class Outcome:
    name: str
    ok: bool
    line: str
    detail: str = ""


SKIP = 77  # meson's exit status for a skipped test


def parse_harness(words: list[str]) -> Harness | None:
    if len(words) < 2:
        return None
    return Harness(words[0], tuple(Path(s) for s in words[1:]))


def find_clang() -> str | None:
    for cc in (os.environ.get("CELLFORGE_FUZZ_CC", ""), "clang", "clang-14"):
        if cc and shutil.which(cc):
            return cc
    return None


def build(cc: str, h: Harness, out: Path) -> Outcome | None:
    cmd = [cc, *CFLAGS, *(f"-I{p}" for p in INCLUDES), *map(str, h.sources), "-o", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return Outcome(h.name, False, f"fuzz {h.name}: BUILD FAILED",
                       " ".join(cmd) + "\n" + r.stdout + r.stderr)
    return None


def tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def run_one(cc: str, h: Harness, build_dir: Path, seconds: int) -> Outcome:
    exe = build_dir / h.name
    failed = build(cc, h, exe)
    if failed:
        return failed
    work = build_dir / "corpus" / h.name
    work.mkdir(parents=True, exist_ok=True)
    seeds = HERE / "corpus" / h.name
    cmd = [str(exe), f"-max_total_time={seconds}", "-print_final_stats=1",
           "-timeout=10", "-rss_limit_mb=1024", "-max_len=4096",
           f"-artifact_prefix={build_dir / (h.name + '-')}", str(work)]
    if seeds.is_dir():
        cmd.append(str(seeds))  # read, never written: new inputs go to the first directory
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        return Outcome(h.name, False, f"fuzz {h.name}: TIMEOUT (libFuzzer did not stop)")
    log = r.stdout + r.stderr
    (build_dir / f"{h.name}.log").write_text(log)
    if r.returncode != 0 or FAILURE.search(log):
        artifact = re.findall(r"Test unit written to (\S+)", log)
        # The report and the stack frames in cellforge's own sources.
        report = [ln for ln in log.splitlines()
                  if FAILURE.search(ln) or (ln.lstrip().startswith("#") and str(ROOT) in ln)][:25]
        where = f" (input: {artifact[-1]})" if artifact else ""
        return Outcome(h.name, False, f"fuzz {h.name}: CRASH, exit {r.returncode}{where}",
                       "\n".join(report) or tail(log, 40))
    execs = EXECUTIONS.findall(log)
    cov = COVERAGE.findall(log)
    return Outcome(h.name, True,
                   f"fuzz {h.name}: {execs[-1] if execs else '?'} executions, "
                   f"{cov[-1] if cov else '?'} coverage, clean")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", type=Path)
    ap.add_argument("--unavailable", metavar="REASON")
    ap.add_argument("--seconds", type=int,
                    default=int(os.environ.get("CELLFORGE_FUZZ_SECONDS", "60") or 60))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--harness", nargs="+", action="append", default=[],
                    metavar=("NAME", "SRC"))
    ap.add_argument("--only", action="append", default=[])
    args = ap.parse_args(argv)

    if args.unavailable:
        if os.environ.get("CELLFORGE_NO_SKIP") == "1":
            print(f"fuzz: FAILED: {args.unavailable} (CELLFORGE_NO_SKIP=1 forbids skipping)")
            return 1
        print(f"fuzz: skipped: {args.unavailable}")
        return SKIP
    if args.build_dir is None:
        ap.error("--build-dir is required")
    parsed = [parse_harness(words) for words in args.harness]
    if any(h is None for h in parsed):
        ap.error("--harness wants NAME SRC [SRC...]")
    all_harnesses = [h for h in parsed if h is not None]
    cc = find_clang()
    if not cc:
        print("fuzz: clang not found (Debian: apt-get install clang libclang-rt-14-dev)")
        return 1
    harnesses = [h for h in all_harnesses if not args.only or h.name in args.only]
    if not harnesses:
        print("fuzz: no harness selected")
        return 1
    args.build_dir.mkdir(parents=True, exist_ok=True)
    print(f"fuzz: {len(harnesses)} harnesses, {args.seconds} s each, {args.jobs} at a time",
          flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, cc, h, args.build_dir, args.seconds) for h in harnesses]
        outcomes = []
        for f in concurrent.futures.as_completed(futures):
            o = f.result()
            outcomes.append(o)
            print(o.line, flush=True)
            if o.detail:
                print("  " + o.detail.replace("\n", "\n  "), flush=True)
    bad = sorted(o.name for o in outcomes if not o.ok)
    print(f"fuzz: {len(outcomes) - len(bad)} of {len(outcomes)} clean"
          + (f", failed: {', '.join(bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
