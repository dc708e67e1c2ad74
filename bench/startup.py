"""Start-up benchmark for the overdue CLI: how long one command takes, end to end.

Why this exists: a frightened borrower runs ``overdue check`` once and waits for
it, and scripts may run it many times, so the time from process start to exit
matters more than the speed of any one function. Most of that time is Python
start-up plus imports (typer, rich, PyYAML, OpenCC) plus reading the rulebook.
The floor is what any typer CLI pays, so the baseline is ``python -c "import
typer"``, and the target is that ``check --json`` costs at most twice that.
The same check in zh-Hant should cost what it costs in zh-Hans (at most 1.2
times): the wheel ships the rulebook's texts already converted, so a zh-Hant run
never loads OpenCC. ``rate --json`` should start no slower than ``check --json``
(issue 14): within 3% of it, which is the spread of repeated runs here.

This is a measurement, not a test: it always exits 0 unless a command itself
fails (exits non-zero), in which case it says which one and exits 1.

Usage (from anywhere, with the interpreter that has overdue-cli installed):

    python3 bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import (
    WARMUP_RUNS,
    Case,
    bench_env,
    measure_round_robin,
    overdue_command,
    report_failure,
)

TARGET_RATIO = 2.0
HANT_TARGET_RATIO = 1.2
RATE_TARGET_RATIO = 1.03  # rate --json against check --json: "no slower", within the noise
"""zh-Hant ``check --json`` at most this many times zh-Hans's."""
HEAVY_MODULES = ("jieba", "opencc", "rich")
CHECK_ARGS = "'check','--days','30','--method','contacts','--json'"
IMPORTTIME_PROBE = (
    "import sys; from overdue_cli.cli.root import main; "
    f"main([{CHECK_ARGS}])"
)
HANT_PROBE = IMPORTTIME_PROBE.replace(CHECK_ARGS, CHECK_ARGS + ",'--lang','zh-Hant'")


class CommandFailed(Exception):
    def __init__(self, case: Case, code: int) -> None:
        super().__init__(f"{case.label} exited {code}")
        self.case = case
        self.code = code


def make_cases(overdue: list[str]) -> list[Case]:
    check = [*overdue, "check", "--days", "30", "--method", "contacts"]
    return [
        Case("baseline: python -c 'import typer'", [sys.executable, "-c", "import typer"]),
        Case("check --days 30 --method contacts --json", [*check, "--json"]),
        Case("rate --received 3500 --pay 800 --every week --times 8 --json",
             [*overdue, "rate", "--received", "3500", "--pay", "800", "--every", "week",
              "--times", "8", "--json"]),
        Case("explain contacts --json", [*overdue, "explain", "contacts", "--json"]),
        Case("check --days 30 --method contacts (human)", check),
        Case("check ... --json --lang zh-Hant", [*check, "--json", "--lang", "zh-Hant"]),
    ]


def time_once(case: Case, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(case.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise CommandFailed(case, proc.returncode)
    return elapsed


def measure(cases: list[Case], runs: int, env: dict[str, str]) -> None:
    measure_round_robin(cases, runs, lambda case: time_once(case, env))


def heavy_imports(env: dict[str, str], probe: str = IMPORTTIME_PROBE,
                  ) -> tuple[list[str], list[tuple[int, str]]]:
    """Run the --json check once under -X importtime; return heavy hits and the top imports."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", probe],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        raise RuntimeError(f"importtime probe exited {proc.returncode}: {' | '.join(tail)}")
    roots: set[str] = set()
    packages: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        try:
            cumulative = int(parts[1])
        except ValueError:  # the header line
            continue
        name = parts[2].strip()
        root = name.split(".")[0]
        roots.add(root)
        if name == root and root != "overdue_cli":
            packages[root] = max(packages.get(root, 0), cumulative)
    found = [m for m in HEAVY_MODULES if m in roots]
    biggest = sorted(((us, name) for name, us in packages.items()), reverse=True)[:6]
    return found, biggest


def print_table(cases: list[Case]) -> None:
    baseline = cases[0].median_ms
    width = max(len(c.label) for c in cases)
    print(f"{'command':<{width}}  {'median ms':>9}  {'min ms':>7}  {'ratio':>5}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 7}  {'-' * 5}")
    for case in cases:
        ratio = case.median_ms / baseline
        note = "  (informational)" if case.info else ""
        print(f"{case.label:<{width}}  {case.median_ms:>9.1f}  {case.min_ms:>7.1f}  "
              f"{ratio:>5.2f}{note}")


def show_failure(case: Case, code: int, env: dict[str, str]) -> None:
    """Run the failing command once more with its stderr captured, to say why."""
    proc = subprocess.run(case.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env, check=False)
    report_failure(case.label, case.argv, code, proc.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15,
                        help=f"timed runs per command (default 15, after {WARMUP_RUNS} warm-up)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    env = bench_env()
    overdue = overdue_command()
    cases = make_cases(overdue)
    print(f"python {sys.version.split()[0]} ({sys.executable})")
    print(f"overdue: {' '.join(overdue)}")
    print(f"{args.runs} timed runs per command after {WARMUP_RUNS} warm-up, interleaved\n")

    try:
        measure(cases, args.runs, env)
    except CommandFailed as exc:
        show_failure(exc.case, exc.code, env)
        return 1

    print_table(cases)
    by_label = {case.label: case for case in cases}
    check_json = by_label["check --days 30 --method contacts --json"]
    ratio = check_json.median_ms / cases[0].median_ms
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"\ntarget: check --json ratio <= {TARGET_RATIO}: {verdict} (ratio {ratio:.2f})")
    hant = by_label["check ... --json --lang zh-Hant"].median_ms / check_json.median_ms
    verdict = "PASS" if hant <= HANT_TARGET_RATIO else "FAIL"
    print(f"target: zh-Hant check --json <= {HANT_TARGET_RATIO} x zh-Hans: {verdict} "
          f"(ratio {hant:.2f})")

    rate_json = by_label["rate --received 3500 --pay 800 --every week --times 8 --json"]
    rate_vs_check = rate_json.median_ms / check_json.median_ms
    verdict = "PASS" if rate_vs_check <= RATE_TARGET_RATIO else "FAIL"
    print(f"target: rate --json <= {RATE_TARGET_RATIO} x check --json: {verdict} "
          f"(ratio {rate_vs_check:.2f})")

    try:
        found, biggest = heavy_imports(env)
        hant_found, _ = heavy_imports(env, HANT_PROBE)
    except RuntimeError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print("\nheavy modules imported by `check --days 30 --method contacts --json`:")
    for module in HEAVY_MODULES:
        print(f"  {module:<7} {'imported' if module in found else 'not imported'}")
    print("  expected: none of them" + ("" if not found else f"; got {', '.join(found)}"))
    print("largest packages imported (cumulative ms, may overlap): "
          + ", ".join(f"{name} {us / 1000:.1f}" for us, name in biggest))
    print("opencc imported by the same check --lang zh-Hant: "
          + ("yes (the wheel's zh-Hant table is missing or stale)" if "opencc" in hant_found
             else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
