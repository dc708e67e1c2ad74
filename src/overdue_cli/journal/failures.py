"""What SQLite's failures become for the user: one line, a hint, exit 3.

Why a module of its own: opening, migrating, writing and reading the journal
all turn the same few SQLite errors (full disk, read-only file, busy, I/O) into
the same messages, and each of them says whether anything was kept.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from overdue_cli.errors import EXIT_DATA, OverdueError

SQLITE_NOTADB = 26
"""SQLite's own verdict that a file is not a database (SQLITE_NOTADB)."""


class JournalError(OverdueError):
    """The journal file cannot be used as asked (exit 3); nothing in it was changed."""

    exit_code = EXIT_DATA


def write_error(path: Path, exc: sqlite3.Error, *, writing: bool = True) -> JournalError:
    """One line for the user. For a write, the transaction has been rolled back by
    then; a read (``writing=False``) changed nothing, and says so."""
    text = str(exc)
    kept = ("nothing from this write was kept (本次写入未保存)" if writing
            else "the journal was not changed (日志未改动)")
    params: dict[str, object] = {"path": path, "why": text}
    if "full" in text:
        return JournalError(f"{path}: the disk is full; {kept}",
                            "free some space and run it again",
                            key="disk_full_write" if writing else "disk_full_read",
                            hint_key="free_space", params=params)
    if "readonly" in text or "read-only" in text:
        return JournalError(f"{path}: the journal is read-only (日志文件只读)",
                            "check the file's permissions, or use --db for another journal",
                            key="journal_readonly", hint_key="journal_readonly_hint",
                            params=params)
    if "locked" in text or "busy" in text:
        return JournalError(f"{path}: the journal is busy in another overdue process "
                            "(日志正被另一进程使用)", "wait for it to finish and try again",
                            key="journal_busy", hint_key="wait_and_retry", params=params)
    if "I/O" in text or "unable to open" in text:
        return JournalError(f"{path}: the disk could not be read or written ({text}); {kept}",
                            "the disk may be full or failing: free some space, then run it "
                            "again; the journal file itself is not the problem",
                            key="disk_io_write" if writing else "disk_io_read",
                            hint_key="disk_io_hint", params=params)
    return JournalError(f"{path}: journal error: {text}; {kept}", "run `overdue log verify`",
                        key="journal_other_write" if writing else "journal_other_read",
                        hint_key="run_verify", params=params)



def storage_error(path: Path, exc: sqlite3.Error) -> JournalError:
    """``write_error`` for a failure outside a write (a read, a query)."""
    return write_error(path, exc, writing=False)
