"""The long fuzz campaign for the overdue CLI: the test suite's strategies, run for longer.

Why this exists: ``tests/cli/test_fuzz_cli.py`` runs a bounded number of examples so CI
stays fast. This runs the same Hypothesis strategies (``tests/fuzzing.py``) for as
many cases or seconds as you give it, through ``overdue_cli.cli.root.main`` in-process,
each case in a throw-away sandbox (a temporary directory that is the working
directory, HOME and ``OVERDUE_DB``). The promise it checks, for every run: an exit
code in {0, 1, 2, 3, 130}, no exception escaping ``main`` (which is a traceback a
user would see), nothing saying ``Traceback`` on stderr, and no run taking longer
than ``--timeout`` seconds.

It prints the figures (cases, runs, failing runs, exit codes, commands) and, for
each distinct failure (exception type and its last frame), how many runs hit it and
a reproducer: the first case that did, reduced (``--reduce-budget`` runs at most)
by dropping steps, arguments, files and input lines while it still fails the same
way. It writes nothing outside temporary directories (no Hypothesis database).

This is a measurement, not a test: it exits 0 when no run failed and 1 otherwise.

Usage (from anywhere, with the interpreter that has overdue-cli installed):

    python3 bench/fuzz.py [--examples 4000] [--seconds 600] [--seed N]
                          [--only light,scan,import,journal,raw] [--timeout 20]
                          [--reduce-budget 300] [--no-reduce] [--traces]
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the strategies live in tests/fuzzing.py
# Hypothesis keeps caches in ./.hypothesis even without a database: keep them in a temp dir.
_STORAGE = tempfile.mkdtemp(prefix="overdue-fuzz-hypothesis-")
atexit.register(shutil.rmtree, _STORAGE, True)
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _STORAGE

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from tests import fuzzing  # noqa: E402

ROUND = 100
"""Examples per Hypothesis run; the campaign is rounds of these, strategy by strategy."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=4000,
                        help="stop after this many cases (default 4000)")
    parser.add_argument("--seconds", type=float, default=600,
                        help="or after this many seconds (default 600)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for a repeatable campaign (default: random)")
    parser.add_argument("--only", default=",".join(fuzzing.STRATEGIES),
                        help="strategies to run, comma-separated (default: all): "
                             + ", ".join(fuzzing.STRATEGIES))
    parser.add_argument("--timeout", type=float, default=20,
                        help="seconds one run may take before it counts as a hang (default 20)")
    parser.add_argument("--reduce-budget", type=int, default=300,
                        help="runs spent shrinking each distinct failure (default 300)")
    parser.add_argument("--no-reduce", action="store_true",
                        help="print the first failing case as found, unreduced")
    parser.add_argument("--traces", action="store_true",
                        help="print the whole traceback of each distinct failure")
    return parser.parse_args(argv)


def campaign(args: argparse.Namespace) -> tuple[fuzzing.Tally, float]:
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in fuzzing.STRATEGIES]
    if unknown:
        raise SystemExit(f"unknown strategy: {', '.join(unknown)}")
    tally = fuzzing.Tally()
    rng = random.Random(args.seed)
    start = time.monotonic()
    deadline = start + args.seconds
    fuzzing.populated_journal()  # built once, before the clock matters

    def out_of_time() -> bool:
        return tally.cases >= args.examples or time.monotonic() >= deadline

    for name in names:  # the cases that broke before, and the ones the issue names
        for case in fuzzing.seeds()[name]:
            tally.add(case, fuzzing.run_case(case, timeout=args.timeout))
    round_no = 0
    while not out_of_time():
        name = names[round_no % len(names)]
        round_no += 1
        count = min(ROUND, args.examples - tally.cases)

        @seed(rng.getrandbits(64))
        @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(fuzzing.STRATEGIES[name])
        def explore(case: fuzzing.Case) -> None:
            if out_of_time():
                return
            tally.add(case, fuzzing.run_case(case, timeout=args.timeout))

        explore()
        done = tally.cases
        print(f"  … {done} cases, {tally.runs} runs, {tally.problems} failing, "
              f"{len(tally.first)} distinct, {time.monotonic() - start:.0f} s", file=sys.stderr,
              flush=True)
    return tally, time.monotonic() - start


def report(tally: fuzzing.Tally, elapsed: float, args: argparse.Namespace) -> None:
    print(f"cases: {tally.cases}")
    print(f"runs: {tally.runs}")
    print(f"tracebacks: {tally.problems} runs, {len(tally.first)} distinct")
    print(f"time: {elapsed:.0f} s ({tally.seconds:.0f} s inside main)")
    codes = ", ".join(f"{code}: {n}" for code, n in sorted(tally.by_code.items()))
    print(f"by exit code: {codes}")
    commands = ", ".join(f"{cmd}: {n}" for cmd, n in sorted(tally.by_command.items()))
    print(f"by command: {commands}")
    for number, (key, (case, outcome)) in enumerate(
            sorted(tally.first.items(), key=lambda kv: -tally.counts[kv[0]]), 1):
        print()
        print(f"[{number}] {key}  ({tally.counts[key]} runs)")
        own = outcome.own_frame()
        if own and own not in key:
            print(f"    last overdue_cli frame: {own}")
        if outcome.error is not None:
            print(f"    {type(outcome.error).__name__}: {str(outcome.error)[:300]}")
        else:
            print(f"    {outcome.problem}")
        if not args.no_reduce:
            case = fuzzing.reduce_case(case, key, budget=args.reduce_budget,
                                       timeout=args.timeout)
        print("    reproducer:")
        for line in case.describe(limit=300).splitlines():
            print(f"      {line}")
        if args.traces:
            print("    traceback:")
            for line in outcome.explain().splitlines():
                print(f"      {line}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.pop("CI", None)
    tally, elapsed = campaign(args)
    report(tally, elapsed, args)
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
