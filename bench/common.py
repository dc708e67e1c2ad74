"""What the two benchmarks share: the command to run, its environment, and timed
cases measured round-robin (one run of each case per round, so drift on a busy
machine hits every case alike)."""

from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

WARMUP_RUNS = 2


@dataclass
class Case:
    """One command line to time, and the wall times measured for it (seconds)."""

    label: str
    argv: list[str]
    info: bool = False
    times: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.times) * 1000


def overdue_command() -> list[str]:
    """The console script next to this interpreter, else ``python -m overdue_cli``."""
    script = Path(sys.executable).parent / "overdue"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "overdue_cli"]


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("OVERDUE_LANG", None)  # the default language, whatever the caller's shell says
    return env


def measure_round_robin(cases: list[Case], runs: int, time_one: Callable[[Case], float]) -> None:
    """``WARMUP_RUNS`` untimed rounds, then ``runs`` timed ones, every case once a round."""
    for round_no in range(WARMUP_RUNS + runs):
        for case in cases:
            elapsed = time_one(case)
            if round_no >= WARMUP_RUNS:
                case.times.append(elapsed)


def report_failure(label: str, argv: list[str], code: int, stderr: str) -> None:
    """Say which command failed, how, and the last lines it wrote to stderr."""
    print(f"FAILED: {label} exited {code}", file=sys.stderr)
    print(f"  command: {' '.join(argv)}", file=sys.stderr)
    for line in stderr.strip().splitlines()[-5:]:
        print(f"  {line}", file=sys.stderr)
