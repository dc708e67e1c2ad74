"""Fuzz the command line (issue 9): whatever is typed, piped or imported, ``overdue``
answers with a documented exit code (0, 1, 2, 3 or 130) and never a traceback.

The cases come from ``tests/fuzzing.py`` (shared with ``bench/fuzz.py``, the long
campaign): argument lists built from every command's real options with plausible
and hostile values, input files of every format ``scan`` and ``log import`` read,
mutated, and journals in every state. Each case runs ``overdue_cli.cli.main``
in-process (a subprocess per example would be too slow) in a sandbox of its own:
a temporary directory that is the working directory, HOME and ``OVERDUE_DB``, with
stdin a pipe (not a terminal) and stdout/stderr captured. ``main`` re-raises any
exception it does not expect, so an exception here is a traceback a user would see.

A few cases run through the real console script too, since in-process runs cannot
see what happens between the interpreter and ``main`` (argument bytes that are not
UTF-8, a closed pipe, a signal).

``OVERDUE_FUZZ_EXAMPLES`` sets the examples per property (default 100: the whole
file takes about 35 s on two cores). ``CI`` makes the examples the same on every
run and keeps Hypothesis's database out of the way. A failing example is reported
as found, not shrunk: shrinking one took minutes (every step is a run of the CLI),
so it is off unless ``OVERDUE_FUZZ_SHRINK=1``; ``bench/fuzz.py`` reduces what it
finds to a minimal reproducer in seconds.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings

from .. import fuzzing
from ..fuzzing import ALLOWED_CODES, Case, failure_message, run_case

EXAMPLES = int(os.environ.get("OVERDUE_FUZZ_EXAMPLES", "100"))
IN_CI = bool(os.environ.get("CI"))
SHRINK = os.environ.get("OVERDUE_FUZZ_SHRINK", "") not in ("", "0")
TIMEOUT = 30.0
"""Seconds one in-process run may take before it counts as a hang."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,
    database=None if IN_CI else settings.default.database,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example, HealthCheck.filter_too_much],
)


def keeps_the_promise(case: Case) -> None:
    """Run every step; fail with the escaped exception itself (so Hypothesis tells
    distinct bugs apart by where they were raised) and the reproducer as a note."""
    for outcome in run_case(case, timeout=TIMEOUT):
        if outcome.problem is None:
            continue
        if outcome.error is not None and not isinstance(outcome.error, fuzzing.Hang):
            outcome.error.add_note(failure_message(case, outcome, trace=False))
            raise outcome.error
        raise AssertionError(failure_message(case, outcome))


def seeded(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Run the cases that broke before (``fuzzing.seeds()``) first, every time."""
    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        for case in reversed(fuzzing.seeds()[name]):
            test = example(case)(test)
        return test
    return decorate


@pytest.fixture(scope="module", autouse=True)
def _journal_template() -> None:
    """The populated journal is built by real ``log add``/``log import`` runs, once."""
    fuzzing.populated_journal()


@FUZZ
@seeded("light")
@given(fuzzing.light_cases())
def test_check_explain_methods_schema_rules(case: Case) -> None:
    keeps_the_promise(case)


@FUZZ
@seeded("scan")
@given(fuzzing.scan_cases())
def test_scan_any_input(case: Case) -> None:
    keeps_the_promise(case)


@FUZZ
@seeded("import")
@given(fuzzing.import_cases())
def test_log_import_any_export(case: Case) -> None:
    keeps_the_promise(case)


@FUZZ
@seeded("journal")
@given(fuzzing.journal_cases())
def test_journal_commands_in_a_row(case: Case) -> None:
    keeps_the_promise(case)


@FUZZ
@seeded("raw")
@given(fuzzing.raw_cases())
def test_any_argument_list(case: Case) -> None:
    keeps_the_promise(case)


def test_the_strategies_know_every_command() -> None:
    """The fuzz reads the options from the app: a new command is fuzzed or fails here."""
    keys = set(fuzzing.commands())
    assert {"check", "scan", "log add", "log import", "complaint", "rules test"} <= keys
    covered = set(fuzzing.LIGHT) | set(fuzzing.JOURNAL) | {"scan"}
    assert keys == covered, f"not fuzzed: {sorted(keys - covered)}"
    assert {"--days", "--method", "--db", "--to", "--encoding"} <= fuzzing.option_names()


# --------------------------------------------------------------------------- the real process


def overdue() -> list[str]:
    script = Path(sys.executable).parent / "overdue"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "overdue_cli"]


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVERDUE_", "LC_"))}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    # A desktop's UTF-8 locale (zh_CN.UTF-8): text streams are strict. (C.UTF-8, all a
    # container may have, makes them surrogateescape and hides what a user would see.)
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "NO_COLOR": "1",
                "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict",
                "OVERDUE_DB": str(tmp / "journal.sqlite3")})
    return env


def assert_no_traceback(code: int, stderr: bytes, what: object) -> None:
    if isinstance(what, list):
        what = [a if len(a) < 60 else f"{a[:20]!r}…({len(a)})" for a in what]
    text = stderr.decode("utf-8", "replace")
    assert code in ALLOWED_CODES, f"{what}: exit {code}\n{text}"
    assert "Traceback" not in text, f"{what}:\n{text}"


GBK_SMS = "短信".encode("gbk")  # b'\xb6\xcc\xd0\xc5': what a GBK terminal sends


@pytest.mark.parametrize("argv, stdin", [
    ([b"check", b"--days", b"\xb1\xa8", b"--method", b"sms"], b""),
    ([b"check", b"--days", b"45", b"--method", GBK_SMS], b""),
    ([b"scan", b"\xff\xfe"], b""),
    ([b"scan", b"-"], b"\xb6\xcc\xd0\xc5\n\n\xff\xfe\xed\xa0\x80 \x00"),
    ([b"log", b"add", b"--method", b"sms", b"--text", GBK_SMS], b""),
    ([b"log", b"add", b"--method", b"call", b"--db", b"j-" + GBK_SMS + b".sqlite3"], b""),
    ([b"log", b"add", b"--method", b"call", b"--json", b"--db", b"j-" + GBK_SMS + b".sqlite3"],
     b""),
    ([b"rules", b"validate", b"in-" + GBK_SMS + b".csv"], b""),
    ([b"log", b"import", b"in-" + GBK_SMS + b".csv"], b""),
    ([b"scan", b"in-" + GBK_SMS + b".csv"], b""),
    ([b"check", b"--days", b"9" * 5000, b"--method", b"sms"], b""),
    ([b"check", b"-i"], b"45\n\xb1\xa8\n"),
    ([b"--rules", b"\xb1", b"methods"], b""),
])
def test_the_console_script_with_bytes_that_are_not_utf8(tmp_path: Path, argv: list[bytes],
                                                          stdin: bytes) -> None:
    (tmp_path / os.fsdecode(b"in-" + GBK_SMS + b".csv")).write_bytes(
        "时间,号码,内容\n2026-11-20 22:05,17012345678,再不还钱就爆你通讯录\n".encode())
    proc = subprocess.run([*map(os.fsencode, overdue()), *argv], input=stdin,
                          capture_output=True, cwd=tmp_path, env=environment(tmp_path),
                          timeout=120)
    assert_no_traceback(proc.returncode, proc.stderr, argv)


@pytest.mark.parametrize("argv", [
    ["check", "--days", "45", "--method", "sms", "--method", "爆通讯录"],
    ["scan", "再不还钱就爆你通讯录😀"],
])
def test_an_output_encoding_that_is_not_utf8(tmp_path: Path, argv: list[str]) -> None:
    """``overdue check … > report.txt`` on Chinese Windows writes in the GBK code page."""
    env = environment(tmp_path) | {"PYTHONIOENCODING": "gbk"}
    proc = subprocess.run([*overdue(), *argv], capture_output=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert_no_traceback(proc.returncode, proc.stderr, argv)


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """``overdue scan big.txt --jsonl | head -c 100``: exit 0, nothing on stderr."""
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(fuzzing.MESSAGES * 200), encoding="utf-8")
    proc = subprocess.Popen([*overdue(), "scan", str(big), "--jsonl", "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=environment(tmp_path))
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert_no_traceback(proc.wait(timeout=120), stderr, "scan | head")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_in_the_interview_ends_with_130(tmp_path: Path, sig: int) -> None:
    proc = subprocess.Popen([*overdue(), "check", "-i"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=environment(tmp_path))
    assert proc.stderr is not None and proc.stdin is not None
    ready, _, _ = select.select([proc.stderr], [], [], 60)  # the first question
    assert ready, "no question within 60 s"
    first = os.read(proc.stderr.fileno(), 65536)
    proc.send_signal(sig)
    _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 130, (first + rest).decode("utf-8", "replace")
    assert_no_traceback(proc.returncode, first + rest, sig)
