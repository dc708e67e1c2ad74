"""Private by construction: no network, and read-only commands write nothing."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from .conftest import run

COMMANDS = [
    ["check", "--days", "12", "--method", "爆通讯录", "--method", "call", "--hour", "23"],
    ["check", "--days", "12", "--method", "contacts", "--json", "--lang", "zh-Hant"],
    ["explain", "contacts", "--lang", "en"],
    ["explain", "--json"],
    ["methods"],
    ["rules", "validate"],
    ["rules", "test"],
    ["rules", "list", "--json"],
    ["scan", "再不还钱就爆你通讯录，我们不会放过你", "--json"],
    ["scan", "你這個老賴", "法 院"],
]


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[tuple] = []

    class Refusing(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append(args)
            raise AssertionError("overdue tried to open a socket")

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("overdue tried to connect")

    monkeypatch.setattr(socket, "socket", Refusing)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_socket_and_no_files(args, no_network, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    before = sorted(p for p in tmp_path.rglob("*"))
    result = run(*args, env={"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
                             "XDG_DATA_HOME": str(home / ".local")})
    assert result.code == 0, result.stderr
    assert no_network == []
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_the_guard_itself_works(no_network) -> None:
    with pytest.raises(AssertionError):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network


def test_scanning_a_file_writes_nothing_and_opens_no_socket(no_network, tmp_path: Path,
                                                            monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "不还就上门", "time": "2026-11-20T23:00:00+08:00"}\n',
                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = sorted(p for p in tmp_path.rglob("*"))
    result = run("scan", str(src), "--jsonl", env={"HOME": str(home), "TMPDIR": str(tmp_path)})
    assert result.code == 0, result.stderr
    assert no_network == []
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_worker_processes_open_no_socket(no_network, tmp_path: Path) -> None:
    """Workers talk over pipes: with sockets refused (in this process and, by fork,
    in the workers) a --jobs 2 scan still works."""
    src = tmp_path / "in.txt"
    src.write_text("\n\n".join(["再不还钱就爆你通讯录"] * 600), encoding="utf-8")
    result = run("scan", str(src), "--jsonl", "--jobs", "2")
    assert result.code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 600
    assert no_network == []


def test_journal_writes_only_its_file_and_opens_no_socket(no_network, tmp_path: Path,
                                                          monkeypatch) -> None:
    """log and complaint write the journal where told (0600) and nothing else; the
    attachment they hash is left exactly as it was."""
    import stat

    home = tmp_path / "home"
    home.mkdir()
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG fake")
    data = tmp_path / "data"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(data), "XDG_CACHE_HOME": str(home / "c"),
           "TMPDIR": str(tmp_path), "OVERDUE_DB": None}
    monkeypatch.chdir(tmp_path)
    before = sorted(p for p in tmp_path.rglob("*"))
    for args in (["log", "add", "--method", "sms", "--text", "再不还钱就爆你通讯录",
                  "--attach", str(shot), "--from", "17012345678"],
                 ["log", "list", "--json"], ["log", "report"], ["log", "report", "--json"],
                 ["log", "verify"], ["log", "export"], ["complaint", "--to", "12321"]):
        result = run(*args, env=env)
        assert result.code == 0, (args, result.stderr)
    assert no_network == []
    journal = data / "overdue" / "journal.sqlite3"
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert journal in new
    assert {p for p in new if p.is_file()} <= {journal, Path(f"{journal}-wal"),
                                                Path(f"{journal}-shm")}
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert shot.read_bytes() == b"\x89PNG fake"
