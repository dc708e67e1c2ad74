"""What the two benchmarks share: the command to run, its environment, and timed
cases measured round-robin (one run of each case per round, so drift on a busy
machine hits every case alike)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

WARMUP_RUNS = 2
MB = 10**6


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


# --- running commands -----------------------------------------------------------------------


@dataclass
class Run:
    """One finished child: wall time, peak RSS, exit code and what it printed."""

    seconds: float
    peak_bytes: int
    code: int
    stdout: str
    stderr: str

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / MB


class CommandFailed(Exception):
    def __init__(self, label: str, argv: list[str], code: int, stderr: str) -> None:
        super().__init__(f"{label} exited {code}")
        self.label = label
        self.argv = argv
        self.code = code
        self.stderr = stderr


def _read_back(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


def run_measured(label: str, argv: list[str], env: dict[str, str], cwd: Path,
                 keep_stdout: bool = False) -> Run:
    """Run ``argv`` to completion; wall time from spawn to reap, peak RSS from ``os.wait4``."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=out if keep_stdout else subprocess.DEVNULL,
                                stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped: tell Popen
        # ru_maxrss is KiB on Linux, bytes on macOS.
        peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
        stderr = _read_back(err)
        stdout = _read_back(out) if keep_stdout else ""
    if code != 0:
        raise CommandFailed(label, argv, code, stderr)
    return Run(seconds, peak, code, stdout, stderr)
