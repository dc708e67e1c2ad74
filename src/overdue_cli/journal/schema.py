"""The journal's tables, their migrations, and the connection settings.

Why a module of its own: what the file holds (and how an older file is brought
up to date, one transaction per step) is one story, told here once; the
Journal class (``store``) only runs it when it opens a file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from overdue_cli.journal.columns import FIELDS, dedupe_key
from overdue_cli.journal.failures import SQLITE_NOTADB, JournalError, write_error

MIGRATIONS: tuple[str, ...] = (
    # v1: the evidence itself. Plain columns rather than a JSON document, and what a
    # file's entries share kept once in ``sources``: hashing and inserting 200,000
    # imported records must cost little more than parsing them.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file TEXT,
        sha256 TEXT,
        format TEXT,
        tz TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        utc_offset_s INTEGER NOT NULL,
        method TEXT NOT NULL,
        direction TEXT NOT NULL,
        number TEXT,
        name TEXT,
        platform TEXT,
        text TEXT,
        duration_s INTEGER,
        outcome TEXT,
        kind TEXT,
        third_party INTEGER NOT NULL,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        source_position TEXT,
        void_of INTEGER,
        extra TEXT,
        dedupe BLOB UNIQUE,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX entries_void ON entries (void_of) WHERE void_of IS NOT NULL;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # v2: what was imported from where, and the (recomputable) scan of each message.
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        format TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        added INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        skipped INTEGER NOT NULL
    );
    CREATE INDEX imports_sha ON imports (sha256);
    CREATE TABLE analysis (
        seq INTEGER PRIMARY KEY,
        rules TEXT NOT NULL,
        verdict TEXT NOT NULL,
        signals TEXT NOT NULL
    );
    CREATE INDEX analysis_verdict ON analysis (verdict);
    """,
    # v3: entries added by hand (and voids) get dedupe keys too, so that importing
    # the journal's own export adds nothing (see ``backfill_keys``).
    "backfill_keys",
    # v4: what kind of lender each platform is (``--lender``): the user's own
    # classification, which decides where a complaint goes, not evidence. Like the
    # analysis it is kept outside the hash chain, and may be changed at any time.
    """
    CREATE TABLE IF NOT EXISTS platforms (
        name TEXT PRIMARY KEY,
        lender TEXT NOT NULL,
        set_at TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

INSERT_ENTRY = (f"INSERT INTO entries (seq, {', '.join(FIELDS)}, dedupe, prev_hash, hash) "
                f"VALUES ({', '.join('?' * (len(FIELDS) + 4))})")
"""One entry row: its number, FIELDS, dedupe key, previous hash and hash."""

BAD_ANALYSIS = (
    "(CASE WHEN typeof(signals) = 'text' AND json_valid(signals) "
    "AND json_type(signals) = 'array' THEN EXISTS (SELECT 1 FROM json_each(signals) j "
    "WHERE j.type != 'object' OR json_type(j.value, '$.id') IS NOT 'text' "
    "OR json_type(j.value, '$.category') IS NOT 'text' "
    "OR json_type(j.value, '$.verdict') IS NOT 'text' "
    "OR json_type(j.value, '$.evidence') IS NOT 'text') ELSE 1 END) "
    "OR typeof(verdict) != 'text' OR typeof(rules) != 'text'")
"""An ``analysis`` row that is not what ``save_analysis`` writes (an edit)."""


def check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; refuses (without writing) a file that is not an
    overdue journal or was written by a newer overdue."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        # Only SQLite's own verdict "not a database" means that; a full disk or an
        # I/O error says nothing about the file, and the advice must not be to move it.
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_NOTADB:
            raise JournalError(f"{path}: not an overdue journal ({exc}) (不是日志文件)",
                               "give the journal file with --db, or move this file away",
                               key="not_a_journal", hint_key="not_a_journal_hint",
                               params={"path": path, "why": exc}) from None
        raise write_error(path, exc, writing=False) from None
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path}: this journal was written by a newer overdue (schema v{version}; "
            f"this version reads up to v{SCHEMA_VERSION}) (日志版本过新)",
            "upgrade overdue (pip install -U overdue-cli); the journal was not changed",
            key="journal_too_new", hint_key="journal_too_new_hint",
            params={"path": path, "version": version, "supported": SCHEMA_VERSION})
    if version == 0 and tables:
        raise JournalError(f"{path}: an SQLite file, but not an overdue journal "
                           "(不是日志文件)", "give the journal file with --db",
                           key="sqlite_not_journal", hint_key="give_journal_db",
                           params={"path": path})

    return version


def apply_migration(conn: sqlite3.Connection, number: int) -> None:
    """Run migration ``number`` (1-based) and record it; the caller holds the
    transaction and has checked that it is still missing."""
    step = MIGRATIONS[number - 1]
    if step == "backfill_keys":
        backfill_keys(conn)
        step = ""
    for statement in step.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {number}")


def backfill_keys(conn: sqlite3.Connection) -> None:
    """Give every entry without a dedupe key one (the key is not hashed, so the
    chain is untouched); an entry identical to one that has the key keeps none."""
    cursor = conn.execute(
        f"SELECT seq, {', '.join(FIELDS)} FROM entries WHERE dedupe IS NULL ORDER BY seq")
    for row in cursor.fetchall():
        key = dedupe_key(row[1:])
        if conn.execute("SELECT 1 FROM entries WHERE dedupe = ?", (key,)).fetchone() is None:
            conn.execute("UPDATE entries SET dedupe = ? WHERE seq = ?", (key, row[0]))


def tune(conn: sqlite3.Connection) -> None:
    """The connection settings every use of the journal wants (after migrating)."""
    # On read-only media WAL cannot be set up: stay in rollback-journal mode.
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # The dedupe index is random-ordered: a 16 MB page cache (SQLite's default is
    # 2 MB) keeps an import of a whole phone's history from thrashing it. Measured
    # on 200,000 records: 4 MB to 64 MB made no difference to the time; 64 MB
    # doubled the peak memory.
    conn.execute("PRAGMA cache_size = -16384")
    conn.execute("PRAGMA foreign_keys = ON")
