"""Ctrl-C and SIGTERM while `overdue` has child processes: one line, exit 130, nothing left.

The real command runs as a subprocess in a process group of its own, as a shell
runs a job: Ctrl-C is SIGINT to the whole group (the scan's workers and the
import's forked reader get it too), SIGTERM goes to the main process only. Every
process must end, stderr must say so in one line (no worker tracebacks), and the
exit code must be 130, within seconds, never a hang. The inputs are generated
(synthetic messages, no real person's data).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process groups and /proc: Linux")

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
TEXTS = ("【某某借】您的借款已逾期3天，请尽快还款。", "再不还钱就爆你通讯录，通知你全家",
         "缴纳解冻费2000元即可恢复征信", "您好，本期账单已出，请按时还款，谢谢。",
         "你这个老赖，明天就上门找你家人")
SMS_COUNT = 100_000
DEADLINE = 20
"""Seconds the command has to end after the signal; more is a hang."""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 40 MB JSONL of messages and a 30 MB SMS Backup & Restore export."""
    folder = tmp_path_factory.mktemp("big")
    jsonl = folder / "messages.jsonl"
    lines = [json.dumps({"text": f"{TEXTS[i % 5]} 编号{i}", "time": "2026-11-20T10:00:00+08:00",
                         "sender": f"170{i % 9000:08d}"}, ensure_ascii=False)
             for i in range(10_000)]
    block = ("\n".join(lines) + "\n").encode("utf-8")
    with open(jsonl, "wb") as out:
        for _ in range(40_000_000 // len(block) + 1):
            out.write(block)
    xml = folder / "sms-big.xml"
    start = 1_795_100_000_000
    with open(xml, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                  f'<smses count="{SMS_COUNT}">\n')
        out.writelines(
            f'  <sms protocol="0" address="170{i % 9000:08d}" date="{start + i * 1000}" '
            f'type="{1 + i % 2}" subject="null" body="{TEXTS[i % 5]} 编号{i}" toa="null" '
            'sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
            'date_sent="0" readable_date="null" contact_name="null" />\n'
            for i in range(SMS_COUNT))
        out.write("</smses>\n")
    return {"jsonl": jsonl, "xml": xml}


def _environment(db: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERDUE_")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "OVERDUE_LANG": "en",
                "PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")})
    if db is not None:
        env["OVERDUE_DB"] = str(db)
    return env


def _overdue(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "overdue_cli", *args], capture_output=True,
                          text=True, env=_environment(db), timeout=120, check=False)


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _group_gone(pgid: int, within: float = 5.0) -> bool:
    """Whether every process of the group has ended (and been reaped)."""
    end = time.monotonic() + within
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.05)


def _interrupt(args: list[str], how: str, children: int, settle: float,
               db: Path | None = None) -> str:
    """Start ``overdue ARGS`` in a group of its own, wait until it has ``children``
    child processes (then ``settle`` seconds more), signal it, and check that it ends
    well. Returns its stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "overdue_cli", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=_environment(db), start_new_session=True)
    try:
        began = time.monotonic()
        while len(_children(proc.pid)) < children and time.monotonic() - began < 15:
            assert proc.poll() is None, f"ended before it could be interrupted: {proc.stderr}"
            time.sleep(0.02)
        time.sleep(settle)
        assert proc.poll() is None, "the command finished before it could be interrupted"
        if how == "SIGINT":  # Ctrl-C: the terminal signals the whole foreground group
            os.killpg(proc.pid, signal.SIGINT)
        else:  # kill PID, systemd, a supervisor: the main process only
            os.kill(proc.pid, signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            left = _children(proc.pid)
            pytest.fail(f"no exit {DEADLINE} s after {how}: hung (children {left})")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Error" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert all(line.startswith("overdue: ") for line in lines), err
    assert not any(line.startswith("overdue: error:") for line in lines), err
    interrupted = [line for line in lines if "interrupted" in line]
    assert len(interrupted) == 1, err
    assert interrupted[0].startswith("overdue: interrupted")
    assert _group_gone(proc.pid), "a child process outlived the command"
    return err


@pytest.mark.parametrize(("how", "settle"), [("SIGINT", 0.0), ("SIGINT", 1.0),
                                             ("SIGTERM", 0.5)])
def test_scan_with_workers(inputs: dict[str, Path], how: str, settle: float) -> None:
    """Early (workers just started, maybe still setting up) and mid-scan."""
    _interrupt(["scan", str(inputs["jsonl"]), "--jobs", "2", "--jsonl"], how, 2, settle)


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_import_with_a_reader_process(inputs: dict[str, Path], tmp_path: Path,
                                      how: str) -> None:
    """The journal is exactly as before the file, or has all of it (an interrupt during
    the scan that follows the import's commit); never part of it, never broken."""
    db = tmp_path / "journal.sqlite3"
    first = _overdue("log", "import", str(FIXTURES / "sms-20261120.xml"), "--json", db=db)
    assert first.returncode == 0, first.stderr
    before = json.loads(_overdue("log", "verify", "--json", db=db).stdout)
    parallel = (os.cpu_count() or 1) > 1 and len(os.sched_getaffinity(0)) > 1
    # the reader is forked (2 MB or more, two CPUs): interrupt while it runs
    _interrupt(["log", "import", str(inputs["xml"])], how, 1 if parallel else 0,
               0.3 if parallel else 1.5, db=db)
    verify = _overdue("log", "verify", "--json", db=db)
    assert verify.returncode == 0, verify.stderr
    after = json.loads(verify.stdout)
    assert after["ok"]
    assert after["entries"] in (before["entries"], before["entries"] + SMS_COUNT)
    if after["entries"] == before["entries"]:
        assert after["head_hash"] == before["head_hash"]


# --------------------------------------------------------------------------- a child killed


def _kill_a_child(args: list[str], settle: float, db: Path | None = None
                  ) -> subprocess.CompletedProcess[str]:
    """Run ``overdue ARGS``, SIGKILL its first child process once it has one (as the
    out-of-memory killer would), and return how it ended."""
    proc = subprocess.Popen([sys.executable, "-m", "overdue_cli", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=_environment(db), start_new_session=True)
    try:
        began = time.monotonic()
        while not (children := _children(proc.pid)) and time.monotonic() - began < 15:
            time.sleep(0.02)
        assert children, "no child process was started"
        time.sleep(settle)
        os.kill(children[0], signal.SIGKILL)
        try:
            _, err = proc.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no exit {DEADLINE} s after a child was killed: hung")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert _group_gone(proc.pid), "a child process outlived the command"
    return subprocess.CompletedProcess(args, proc.returncode, "", err)


def test_a_killed_scan_worker_is_an_error_not_a_hang(inputs: dict[str, Path]) -> None:
    done = _kill_a_child(["scan", str(inputs["jsonl"]), "--jobs", "2", "--jsonl"], 0.5)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines == ["overdue: error: a scan worker process was killed by signal 9 "
                     "— hint: run the scan again; --jobs 1 scans without "
                     "worker processes"]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the reader forks with 2 CPUs")
def test_a_killed_import_reader_keeps_nothing(inputs: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    done = _kill_a_child(["log", "import", str(inputs["xml"]), "--no-scan"], 0.3, db=db)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "got end of file" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(
        "overdue: error: the export reader stopped unexpectedly (killed by signal 9)")
    verify = _overdue("log", "verify", "--json", db=db)
    assert verify.returncode == 0 and json.loads(verify.stdout)["entries"] == 0


# --------------------------------------------------------------------------- in process


def test_finder_ends_its_workers_however_the_block_ends(book: object) -> None:
    from overdue_cli.readers import Record, Skipped
    from overdue_cli.scan.parallel import ParallelFinder

    before = set(_children(os.getpid()))
    items = [Record(f"{TEXTS[i % 5]} {i}", "in", f"line {i}") if i % 7 else
             Skipped("in", f"line {i}", "bad") for i in range(1000)]
    with ParallelFinder(book, 2) as finder:  # type: ignore[arg-type]
        pairs = list(finder.pairs(items))
    assert [item for item, _ in pairs] == items
    assert [hits is None for _, hits in pairs] == [isinstance(i, Skipped) for i in items]
    assert set(_children(os.getpid())) <= before
    with pytest.raises(KeyboardInterrupt), ParallelFinder(book, 2) as finder:  # type: ignore[arg-type]
        for _ in finder.pairs(items):
            raise KeyboardInterrupt
    assert set(_children(os.getpid())) <= before
