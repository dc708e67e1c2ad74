"""The journal file: SQLite, append-only, hash-chained, private.

Why SQLite: one file the user can copy, transactions that make a file import
all-or-nothing (a crash or Ctrl-C mid-import leaves the journal as it was), a
write lock so two imports at once queue instead of corrupting it, and indexes
so a report over 200,000 entries is a few GROUP BY queries.

Evidence and analysis are kept apart. An entry's evidence columns (FIELDS) are
hashed into a chain: each entry's hash covers its number, its evidence and the
previous entry's hash, so editing, inserting or deleting anything in the middle
breaks the chain at that entry (``verify``). The scan verdict of a message is an
opinion of one rulebook version, so it lives in a separate ``analysis`` table,
recomputed when the rulebook changes, and never hashed. So is the kind of lender
the user says each platform is (``platforms``, ``--lender``): a classification
that decides where a complaint goes, not evidence.

Evidence is stored as plain columns, not a JSON document, so the report can
aggregate them with SQL and an import can hash and insert 200,000 records for
little more than the cost of parsing them.

This module holds the Journal class and its writes (the hash chain is extended
only here); the reads are ``queries.JournalReader``, the tables ``schema``, the
column values ``columns``, the check ``verify``, the file itself ``files``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.columns import (
    FIELDS,
    GENESIS,
    SOURCE_FIELDS,
    VOID_AT,
    canonical,
    chain_hash,
)

# ``imports`` reads these two from here; their home is ``columns``.
from overdue_cli.journal.columns import dedupe_key as dedupe_key
from overdue_cli.journal.columns import event_values as event_values
from overdue_cli.journal.events import Event, unstorable
from overdue_cli.journal.failures import JournalError, storage_error, write_error
from overdue_cli.journal.files import check_file
from overdue_cli.journal.queries import Entry, JournalReader, chunks, known_keys
from overdue_cli.journal.rows import epoch_ms, plausible_ms
from overdue_cli.journal.schema import (
    BAD_ANALYSIS,
    INSERT_ENTRY,
    SCHEMA_VERSION,
    apply_migration,
    check_version,
    tune,
)
from overdue_cli.journal.verify import Verification, verify_chain
from overdue_cli.text import text_safe

DUPLICATE = object()
"""An imported row already in the journal (a void marker whose entry is voided)."""

BATCH = 2000
"""Entries hashed and inserted per executemany during an import."""


@dataclass(frozen=True)
class ImportResult:
    """What one file's import did, for the summary and ``--json``."""

    name: str
    sha256: str
    format: str
    added: int
    duplicates: int
    skipped: int
    filtered: int
    flagged_times: int
    first_seq: int | None
    last_seq: int | None
    already_imported: bool


class Journal(JournalReader):
    """An open journal. Use as a context manager; every write is one transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- lifecycle

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Journal:
        """Open (creating with mode 0600 if allowed) and migrate to the current schema.

        Refuses a file that is not SQLite, or one written by a newer overdue,
        without writing anything to it.
        """
        check_file(path, create=create)
        old_umask = os.umask(0o077)  # the -wal and -shm files are private too
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"{path}: cannot open the journal: {exc} (无法打开日志)",
                               "check the path and its permissions", key="cannot_open_journal",
                               hint_key="check_path_permissions",
                               params={"path": path, "why": exc}) from None
        finally:
            os.umask(old_umask)
        # Text that is not UTF-8 (a row edited outside overdue) reads with U+FFFD
        # instead of failing the whole command; verify still sees the edit.
        conn.text_factory = functools.partial(str, encoding="utf-8", errors="replace")
        journal = cls(path, conn)
        try:
            journal._prepare()
        except BaseException:
            conn.close()
            raise
        return journal

    def _prepare(self) -> None:
        version = check_version(self.conn, self.path)
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if version < SCHEMA_VERSION:
            self._migrate(version)
        tune(self.conn)

    def _migrate(self, version: int) -> None:
        """Apply each missing migration in its own transaction, bumping user_version."""
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self._write():
                current = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= number:  # another process migrated meanwhile
                    continue
                apply_migration(self.conn, number)

    def close(self) -> None:
        self.conn.close()

    @property
    def shown(self) -> str:
        """The path for output (a name that is not UTF-8 shown with escapes)."""
        return text_safe(str(self.path))

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: object) -> None:
        self.close()
        if isinstance(value, sqlite3.Error):  # a read that failed: one line, not a traceback
            raise storage_error(self.path, value) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so a
        second writer waits (busy_timeout) instead of forking the chain."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_error(self.path, exc) from None
        try:
            yield
        except BaseException:
            # SQLite may have rolled back already (SQLITE_FULL does): only undo what is open.
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise write_error(self.path, exc) from None

    # -- writing

    def _head(self) -> tuple[int, str]:
        row = self.conn.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1"
                                ).fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def append(self, event: Event, *, tz: str, void_of: int | None = None,
               reason: str | None = None, now: datetime | None = None) -> Entry:
        """Add one manual entry (``log add`` / ``log void``) at the head of the chain."""
        why = unstorable(event)
        if why is not None:
            raise UsageProblem(f"cannot record this entry: {why} (无法记录)",
                               "check the time, duration and text you gave",
                               key="cannot_record", hint_key="cannot_record_hint",
                               params={"why": why})
        recorded = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        source = (event.source.kind, event.source.file, event.source.sha256,
                  event.source.format, tz, recorded)
        try:
            with self._write():
                if void_of is not None:
                    self._check_voidable(void_of)
                source_id = self._add_source(source)
                values = event_values(event, source_id, void_of=void_of, reason=reason)
                seq, prev = self._head()
                digest = chain_hash(prev, seq + 1, values, source)
                # The key lets a re-import of this journal's export recognise the entry.
                # Two identical entries by hand are both kept; only the first has it.
                key: bytes | None = dedupe_key(values)
                if key is not None and known_keys(self.conn, [key]):
                    key = None
                self.conn.execute(INSERT_ENTRY, (seq + 1, *values, key, prev, digest))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None
        return Entry(seq + 1, event, digest, tz, recorded, void_of, reason)

    def _add_source(self, source: tuple[Any, ...]) -> int:
        cursor = self.conn.execute(
            f"INSERT INTO sources ({', '.join(SOURCE_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)", source)
        return int(cursor.lastrowid or 0)

    def _check_voidable(self, seq: int) -> None:
        row = self.conn.execute("SELECT void_of FROM entries WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            last = self._head()[0]
            raise UsageProblem(f"no entry #{seq} in the journal (没有这条记录)",
                               f"entries are numbered 1-{last}; see `overdue log list`"
                               if last else "the journal is empty", key="no_entry",
                               hint_key="entries_numbered" if last else "journal_is_empty",
                               params={"seq": seq, "last": last})
        if row[0] is not None:
            raise UsageProblem(f"entry #{seq} is itself a correction (void) entry",
                               "void the original entry instead", key="void_of_void",
                               hint_key="void_original", params={"seq": seq})
        done = self.conn.execute("SELECT seq FROM entries WHERE void_of = ?", (seq,)).fetchone()
        if done is not None:
            raise UsageProblem(f"entry #{seq} was already voided by entry #{done[0]}",
                               "nothing to do", key="already_voided", hint_key="nothing_to_do",
                               params={"seq": seq, "by": done[0]})


    def import_events(self, export_name: str, sha256: str, size: int, fmt: str,
                      events: Iterable[Any], *, tz: str,
                      keep: Callable[[Any], bool] | None = None,
                      tag: Callable[[Any], Any] | None = None, now: datetime | None = None,
                      on_skip: Callable[[Any], None] | None = None,
                      parallel: bool = False) -> ImportResult:
        """Add a file's events in ONE transaction: all of them or (on any error,
        Ctrl-C included) none. Duplicates of entries already in the journal, or
        earlier in this file, are counted and left out. ``keep(event)`` filters,
        ``tag(event)`` rewrites (the platform tag); ``on_skip`` sees each Skipped.
        ``parallel`` reads ``events`` (a generator not yet started) in a forked
        process while this one stores (see journal.prepare).
        """
        from overdue_cli.journal.prepare import FILTERED, in_child, prepare
        from overdue_cli.readers import Skipped

        recorded = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        added = duplicates = skipped = filtered = odd_times = 0
        first: int | None = None
        now_ms = epoch_ms(now or datetime.now(UTC))
        already = self.conn.execute("SELECT 1 FROM imports WHERE sha256 = ? LIMIT 1",
                                    (sha256,)).fetchone() is not None
        try:
            with self._write():
                seq, prev = self._head()
                source = ("import", export_name, sha256, fmt, tz, recorded)
                source_id = self._add_source(source)
                source_text = canonical(source)
                batch: list[tuple[bytes, tuple[Any, ...]]] = []

                def chain(known: set[bytes]) -> list[tuple[Any, ...]]:
                    """Number and hash the batch, leaving out keys in ``known``."""
                    nonlocal seq, prev
                    rows = []
                    for key, values in batch:
                        if key in known:
                            continue
                        known.add(key)
                        seq += 1
                        digest = chain_hash(prev, seq, values, source_text)
                        rows.append((seq, *values, key, prev, digest))
                        prev = digest
                    return rows

                def flush() -> None:
                    """Insert the batch. Fast path: assume no key is in the journal yet
                    and let the UNIQUE index say otherwise; only then look the keys
                    up and chain again without the duplicates (re-imports, overlaps)."""
                    nonlocal seq, prev, added, duplicates, first, odd_times
                    start_seq, start_prev = seq, prev
                    rows = chain(set())
                    try:
                        self.conn.execute("SAVEPOINT batch")
                        self.conn.executemany(INSERT_ENTRY, rows)
                        self.conn.execute("RELEASE batch")
                    except sqlite3.IntegrityError:
                        self.conn.execute("ROLLBACK TO batch")
                        self.conn.execute("RELEASE batch")
                        seq, prev = start_seq, start_prev
                        rows = chain(known_keys(self.conn, [k for k, _ in batch]))
                        if rows:
                            self.conn.executemany(INSERT_ENTRY, rows)
                    duplicates += len(batch) - len(rows)
                    odd_times += sum(not plausible_ms(r[1], now_ms) for r in rows)
                    if rows:
                        first = first or rows[0][0]
                        added += len(rows)
                    batch.clear()

                items = prepare(events, source_id, keep, tag)
                for item in in_child(items) if parallel else items:
                    if item is not FILTERED and not isinstance(item, Skipped) \
                            and isinstance(item[VOID_AT], bytes):
                        flush()  # the entry it voids is in the journal from here on
                        item = self._void_marker(export_name, item)
                        if item is DUPLICATE:
                            duplicates += 1
                            continue
                    if item is FILTERED:
                        filtered += 1
                    elif isinstance(item, Skipped):
                        skipped += 1
                        if on_skip is not None:
                            on_skip(item)
                    else:
                        batch.append((dedupe_key(item), item))
                        if len(batch) >= BATCH:
                            flush()
                flush()
                self.conn.execute(
                    "INSERT INTO imports (sha256, name, size, format, imported_at, added, "
                    "duplicates, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (sha256, export_name, size, fmt, recorded, added, duplicates, skipped))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None
        return ImportResult(export_name, sha256, fmt, added, duplicates, skipped, filtered,
                            odd_times, first, seq if added else None, already)

    def _void_marker(self, export_name: str, values: tuple[Any, ...]) -> Any:
        """An exported void marker, its target (a dedupe key) resolved to an entry
        number in this journal; DUPLICATE when that entry is already voided, a
        Skipped when it is not in the journal."""
        from overdue_cli.readers import Skipped

        position = str(values[FIELDS.index("source_position")] or "?")
        row = self.conn.execute("SELECT seq, void_of FROM entries WHERE dedupe = ?",
                                (values[VOID_AT],)).fetchone()
        if row is None or row[1] is not None:
            return Skipped(export_name, position, "a void of an entry that is not in this "
                           "file or in the journal")
        if self.conn.execute("SELECT 1 FROM entries WHERE void_of = ?", (row[0],)).fetchone():
            return DUPLICATE
        return (*values[:VOID_AT], row[0], *values[VOID_AT + 1:])

    # -- what kind of lender each platform is (the user's word, not evidence)

    def set_lender(self, platform: str, lender: str, *, now: datetime | None = None) -> None:
        """Record that ``platform``'s loans come from a ``lender`` kind (a rulebook
        lender id); a later call replaces it. Outside the hash chain: verify and every
        entry are unchanged."""
        at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        try:
            with self._write():
                self.conn.execute(
                    "INSERT INTO platforms (name, lender, set_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET lender = excluded.lender, "
                    "set_at = excluded.set_at", (platform, lender, at))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None

    # -- analysis cache (derived, not evidence)

    def save_analysis(self, rules: str, rows: Iterable[tuple[int, str, str]]) -> int:
        """Store (seq, verdict, signals JSON); one transaction."""
        count = 0
        try:
            with self._write():
                for chunk in chunks(rows, 1000):
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO analysis (seq, rules, verdict, signals) "
                        "VALUES (?, ?, ?, ?)", [(s, rules, v, g) for s, v, g in chunk])
                    count += len(chunk)
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None
        return count

    def drop_bad_analysis(self) -> int:
        """Delete cached verdicts that are not what ``save_analysis`` writes (the table
        is not hashed, so an edit is possible and goes unnoticed by verify); the
        messages are then analysed again. Returns how many were dropped."""
        if self.conn.execute(f"SELECT 1 FROM analysis WHERE {BAD_ANALYSIS} LIMIT 1"
                             ).fetchone() is None:
            return 0  # the usual case: a read, no write lock taken
        try:
            with self._write():
                cursor = self.conn.execute(f"DELETE FROM analysis WHERE {BAD_ANALYSIS}")
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None
        return cursor.rowcount

    # -- checking

    def verify(self, *, check_attachments: bool = True) -> Verification:
        """Walk the chain from the first entry; stop at the first broken link."""
        return verify_chain(self.conn, self.shown, check_attachments=check_attachments)
