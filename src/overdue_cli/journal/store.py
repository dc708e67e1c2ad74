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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from overdue_cli.errors import EXIT_DATA, OverdueError, UsageProblem
from overdue_cli.journal.events import Attachment, Event, Source, unstorable
from overdue_cli.text import text_safe

DUPLICATE = object()
"""An imported row already in the journal (a void marker whose entry is voided)."""

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""

BATCH = 2000
"""Entries hashed and inserted per executemany during an import."""

FIELDS: tuple[str, ...] = (
    "at_ms", "utc_offset_s", "method", "direction", "number", "name", "platform", "text",
    "duration_s", "outcome", "kind", "third_party", "source_id", "source_position", "void_of",
    "extra",
)
"""The evidence columns of an entry, in the order they are hashed. ``extra`` holds the
fields most entries lack (raw number, note, attachments, void reason) as sorted JSON."""

SOURCE_FIELDS: tuple[str, ...] = ("kind", "file", "sha256", "format", "tz", "recorded_at")
"""What a whole import (or one manual entry) shares; hashed into each of its entries."""

_MIGRATIONS: tuple[str, ...] = (
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
    # the journal's own export adds nothing (see Journal._backfill_keys).
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
SCHEMA_VERSION = len(_MIGRATIONS)


_INSERT = (f"INSERT INTO entries (seq, {', '.join(FIELDS)}, dedupe, prev_hash, hash) "
           f"VALUES ({', '.join('?' * (len(FIELDS) + 4))})")


class JournalError(OverdueError):
    """The journal file cannot be used as asked (exit 3); nothing in it was changed."""

    exit_code = EXIT_DATA


# --------------------------------------------------------------------------- paths


def default_path() -> Path:
    """``$OVERDUE_DB``, else the platform's user data directory (platformdirs)."""
    env = os.environ.get("OVERDUE_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("overdue", appauthor=False)) / "journal.sqlite3"


def resolve_path(db: str | None) -> Path:
    return Path(db).expanduser() if db else default_path()


# --------------------------------------------------------------------------- content


def _make_encoder() -> Any:
    """Compact, key-sorted JSON with characters as they are.

    ``json.dumps`` builds a new C encoder on every call, which was the largest
    single cost of an import (three encodings a record); this builds it once.
    Falls back to the pure-Python encoder where the C one is missing.
    """
    from json import encoder as json_encoder

    make = json_encoder.c_make_encoder
    if make is None:  # pragma: no cover - CPython always has _json
        slow = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return slow.encode

    def unsupported(value: Any) -> Any:
        raise TypeError(f"cannot store {type(value).__name__} in the journal")

    fast = make(None, unsupported, json_encoder.encode_basestring, None, ":", ",", True,
                False, False)
    return lambda value: "".join(fast(value, 0))


_encode = _make_encoder()


def canonical(values: Iterable[Any]) -> str:
    """The exact text that is hashed: the fields as a compact JSON array (quoted and
    escaped strings, numbers, null), which no field's text can imitate."""
    return _encode(values if isinstance(values, list | tuple) else list(values))


def chain_hash(prev_hash: str, seq: int, values: Iterable[Any],
               source: Iterable[Any] | str) -> str:
    """An entry's hash: its number, its evidence, its source's and the previous hash.
    ``source`` may be given already canonical (an import hashes it once per file)."""
    source_text = source if isinstance(source, str) else canonical(source)
    return hashlib.sha256(
        f"overdue-v1|{seq}|{prev_hash}|{_encode(values)}|{source_text}".encode()
    ).hexdigest()


def extra_of(event: Event, reason: str | None = None) -> str | None:
    """The rarely-set fields, as sorted compact JSON (None when all are empty)."""
    extra: dict[str, Any] = {}
    if event.number_raw is not None:
        extra["number_raw"] = event.number_raw
    if event.note is not None:
        extra["note"] = event.note
    if event.attachments:
        extra["attachments"] = [[a.path, a.sha256, a.size] for a in event.attachments]
    if reason is not None:
        extra["reason"] = reason
    return _encode(extra) if extra else None


def event_values(event: Event, source_id: int, *, void_of: int | None = None,
                 reason: str | None = None) -> tuple[Any, ...]:
    """An event as its FIELDS values.

    An imported void marker (``event.voids``) carries the dedupe key of the entry it
    voids in the ``void_of`` slot, as bytes; ``Journal.import_events`` replaces it
    with that entry's number before the row is hashed."""
    if event.voids is not None:
        void_of = event.voids  # type: ignore[assignment]
        reason = event.reason if reason is None else reason
    at = event.at
    offset = at.utcoffset()
    extra = extra_of(event, reason) if (event.number_raw is not None or event.note is not None
                                        or event.attachments or reason is not None) else None
    return (
        round(at.timestamp() * 1000), int(offset.total_seconds()) if offset else 0,
        event.method, event.direction, event.number, event.name, event.platform, event.text,
        event.duration_s, event.outcome, event.kind, int(event.third_party), source_id,
        event.source.position, void_of, extra,
    )


def dedupe_key(values: tuple[Any, ...]) -> bytes:
    """From an entry's FIELDS values: the same call or message in two exports gives
    the same key. The platform tag and the source are not part of it, so a record
    imported untagged and again tagged, or from two overlapping backups, is one entry.
    The contact name is used only when there is no number: phones rename contacts."""
    at_ms, _, method, direction, number, name, _, text, duration, outcome, kind = values[:11]
    identity: tuple[Any, ...] = (method, direction, at_ms,
                                 number if number is not None else name, kind, text,
                                 duration, outcome)
    void_of = values[VOID_AT]
    if void_of is not None:  # a void marker: which entry it voids is what makes it one
        identity = (*identity, "void", void_of)
    return hashlib.blake2b(_encode(identity).encode(), digest_size=16).digest()


VOID_AT = FIELDS.index("void_of")


_ZONES: dict[int, timezone] = {}


def _zone(offset_s: int) -> timezone:
    zone = _ZONES.get(offset_s)
    if zone is None:
        zone = _ZONES[offset_s] = timezone(timedelta(seconds=offset_s))
    return zone


MIN_MS = 0
MAX_MS = 4_102_444_800_000 - 1
"""events.EARLIEST and LATEST in epoch milliseconds: what a stored time is read as
at most, whatever the row holds (see ``local_time``)."""

AT_MS_SQL = f"max(min(CAST(e.at_ms AS INTEGER), {MAX_MS}), {MIN_MS})"
OFFSET_SQL = "(CASE WHEN abs(CAST(e.utc_offset_s AS INTEGER)) < 86400 " \
             "THEN CAST(e.utc_offset_s AS INTEGER) ELSE 0 END)"
"""The same clamping in SQL, for queries that read the time columns directly."""


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def local_time(at_ms: Any, offset_s: Any) -> datetime:
    """The stored instant in the offset it was recorded with.

    Never raises: the door keeps times within events.EARLIEST..LATEST, but a row
    written by an older version (year 1, year 9999), or edited by hand, must not
    make the journal unreadable. Such a time is shown at the nearest end of the
    range (and flagged as implausible by the report), the offset as UTC when it is
    not a real one; ``verify`` hashes the stored values, not these.
    """
    ms = min(max(_int(at_ms), MIN_MS), MAX_MS)
    offset = _int(offset_s)
    zone = _zone(offset) if -86_400 < offset < 86_400 else UTC
    try:
        return datetime.fromtimestamp(ms / 1000, zone)
    except (OverflowError, OSError, ValueError):  # pragma: no cover - clamped above
        return datetime.fromtimestamp(0, UTC)


def _extra(text: Any) -> dict[str, Any]:
    """The ``extra`` column as a dict; anything else (an edited row) as empty."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _attachments(value: Any) -> tuple[Attachment, ...]:
    out = []
    for item in value if isinstance(value, list) else ():
        if isinstance(item, list) and len(item) == 3:
            out.append(Attachment(str(item[0]), str(item[1]), _int(item[2])))
    return tuple(out)


def text_of(value: Any) -> str | None:
    """A text column as str: an edited row may hold a number or a blob."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def event_from_row(row: Mapping[str, Any]) -> Event:
    """An entry row joined with its source row (``s_*`` keys) back into an Event.

    Tolerant of any content (see ``local_time``): reading never fails on a row.
    """
    extra = _extra(row["extra"])
    source = Source(text_of(row["s_kind"]) or "?", text_of(row["s_file"]), text_of(row["s_sha256"]),
                    text_of(row["source_position"]), text_of(row["s_format"]))
    duration = row["duration_s"]
    return Event(
        method=text_of(row["method"]) or "?", direction=text_of(row["direction"]) or "in",
        at=local_time(row["at_ms"], row["utc_offset_s"]), source=source,
        number=text_of(row["number"]), number_raw=text_of(extra.get("number_raw")),
        name=text_of(row["name"]), platform=text_of(row["platform"]), text=text_of(row["text"]),
        note=text_of(extra.get("note")),
        duration_s=None if duration is None else _int(duration),
        outcome=text_of(row["outcome"]), kind=text_of(row["kind"]),
        attachments=_attachments(extra.get("attachments")),
        third_party=bool(_int(row["third_party"])),
    )


@dataclass(frozen=True)
class Entry:
    """A stored event with its place in the chain."""

    seq: int
    event: Event
    hash: str
    tz: str
    recorded_at: str
    void_of: int | None = None
    reason: str | None = None
    voided_by: int | None = None


@dataclass(frozen=True)
class ImportResult:
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


@dataclass(frozen=True)
class Broken:
    seq: int
    reason: str


@dataclass(frozen=True)
class Verification:
    path: str
    entries: int
    head_hash: str
    broken: Broken | None
    attachments_ok: int
    attachments_missing: tuple[tuple[int, str], ...]
    attachments_changed: tuple[tuple[int, str], ...]

    @property
    def ok(self) -> bool:
        """Everything as recorded: the chain intact, every attachment there and unchanged.
        (A moved or deleted attachment is lost evidence too: it fails like a changed one.)"""
        return (self.broken is None and not self.attachments_changed
                and not self.attachments_missing)


# --------------------------------------------------------------------------- opening


def _make_private_file(path: Path) -> None:
    """Create the journal file (and its directory) readable by the user only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except PermissionError:
        raise JournalError(f"{path}: cannot create the journal here: permission denied "
                           "(无法创建日志文件)",
                           "choose a writable place with --db PATH or OVERDUE_DB") from None
    except OSError as exc:
        raise JournalError(f"{path}: cannot create the journal: {exc.strerror} (无法创建日志文件)",
                           "choose another place with --db PATH or OVERDUE_DB") from None


class Journal:
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
        if not path.exists():
            if not create:
                raise UsageProblem(f"{path}: no journal here yet (还没有日志)",
                                   "add an entry with `overdue log add` or `overdue log import`")
            _make_private_file(path)
        elif path.is_dir():
            raise UsageProblem(f"{path}: is a directory, not a journal file",
                               "give a file name with --db, e.g. --db ~/overdue.sqlite3")
        else:
            try:
                info = path.stat()
            except OSError as exc:
                raise JournalError(f"{path}: cannot read the journal: {exc.strerror} "
                                   "(无法读取日志)", "check the path and its permissions") from None
            if not stat.S_ISREG(info.st_mode):  # /dev/null, a pipe: SQLite would write beside it
                raise UsageProblem(f"{path}: not a regular file, so not a journal (不是日志文件)",
                                   "give a file name with --db, e.g. --db ~/overdue.sqlite3")
            if info.st_size == 0 and not create:
                raise UsageProblem(f"{path}: an empty file, no journal yet (还没有日志)",
                                   "add an entry with `overdue log add` or `overdue log import`")
        old_umask = os.umask(0o077)  # the -wal and -shm files are private too
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"{path}: cannot open the journal: {exc} (无法打开日志)",
                               "check the path and its permissions") from None
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
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            # Only SQLite's own verdict "not a database" means that; a full disk or an
            # I/O error says nothing about the file, and the advice must not be to move it.
            if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB:
                raise JournalError(f"{self.path}: not an overdue journal ({exc}) (不是日志文件)",
                                   "give the journal file with --db, or move this file away"
                                   ) from None
            raise _storage_error(self.path, exc, writing=False) from None
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path}: this journal was written by a newer overdue (schema v{version}; "
                f"this version reads up to v{SCHEMA_VERSION}) (日志版本过新)",
                "upgrade overdue (pip install -U overdue-cli); the journal was not changed")
        if version == 0 and tables:
            raise JournalError(f"{self.path}: an SQLite file, but not an overdue journal "
                               "(不是日志文件)", "give the journal file with --db")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if version < SCHEMA_VERSION:
            self._migrate(version)
        # On read-only media WAL cannot be set up: stay in rollback-journal mode.
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        # The dedupe index is random-ordered: a 16 MB page cache (SQLite's default is
        # 2 MB) keeps an import of a whole phone's history from thrashing it. Measured
        # on 200,000 records: 4 MB to 64 MB made no difference to the time; 64 MB
        # doubled the peak memory.
        self.conn.execute("PRAGMA cache_size = -16384")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, version: int) -> None:
        """Apply each missing migration in its own transaction, bumping user_version."""
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self._write():
                current = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= number:  # another process migrated meanwhile
                    continue
                step = _MIGRATIONS[number - 1]
                if step == "backfill_keys":
                    self._backfill_keys()
                    step = ""
                for statement in step.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def _backfill_keys(self) -> None:
        """Give every entry without a dedupe key one (the key is not hashed, so the
        chain is untouched); an entry identical to one that has the key keeps none."""
        cursor = self.conn.execute(
            f"SELECT seq, {', '.join(FIELDS)} FROM entries WHERE dedupe IS NULL ORDER BY seq")
        for row in cursor.fetchall():
            key = dedupe_key(row[1:])
            if not self._known([key]):
                self.conn.execute("UPDATE entries SET dedupe = ? WHERE seq = ?", (key, row[0]))

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
            raise _storage_error(self.path, exc) from None
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
            raise _storage_error(self.path, exc) from None

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
                               "check the time, duration and text you gave")
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
                if self._known([key]):
                    key = None
                self.conn.execute(_INSERT, (seq + 1, *values, key, prev, digest))
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from None
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
                               if last else "the journal is empty")
        if row[0] is not None:
            raise UsageProblem(f"entry #{seq} is itself a correction (void) entry",
                               "void the original entry instead")
        done = self.conn.execute("SELECT seq FROM entries WHERE void_of = ?", (seq,)).fetchone()
        if done is not None:
            raise UsageProblem(f"entry #{seq} was already voided by entry #{done[0]}",
                               "nothing to do")

    def import_events(self, export_name: str, sha256: str, size: int, fmt: str,
                      events: Iterable[Any], *, tz: str, keep: Any = None,
                      tag: Any = None, now: datetime | None = None,
                      on_skip: Any = None, parallel: bool = False) -> ImportResult:
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
        now_ms = int((now or datetime.now(UTC)).timestamp() * 1000)
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
                        self.conn.executemany(_INSERT, rows)
                        self.conn.execute("RELEASE batch")
                    except sqlite3.IntegrityError:
                        self.conn.execute("ROLLBACK TO batch")
                        self.conn.execute("RELEASE batch")
                        seq, prev = start_seq, start_prev
                        rows = chain(self._known([k for k, _ in batch]))
                        if rows:
                            self.conn.executemany(_INSERT, rows)
                    duplicates += len(batch) - len(rows)
                    odd_times += sum(not _plausible_ms(r[1], now_ms) for r in rows)
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
            raise _storage_error(self.path, exc) from None
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

    def _known(self, keys: list[bytes]) -> set[bytes]:
        """Which of ``keys`` are already in the journal."""
        known: set[bytes] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            known.update(r[0] for r in self.conn.execute(
                f"SELECT dedupe FROM entries WHERE dedupe IN ({','.join('?' * len(chunk))})",
                chunk))
        return known

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
            raise _storage_error(self.path, exc) from None

    def lenders(self) -> dict[str, str]:
        """Platform name -> lender id, as recorded (text rows only: an edited row that
        holds something else reads as not recorded)."""
        return {name: lender for name, lender in self.conn.execute(
            "SELECT name, lender FROM platforms WHERE typeof(name) = 'text' "
            "AND typeof(lender) = 'text' ORDER BY name")}

    # -- analysis cache (derived, not evidence)

    def unanalysed(self, rules: str | None, after: int = 0,
                   limit: int = 1000) -> list[tuple[int, str]]:
        """(seq, text) of up to ``limit`` messages after ``after`` that have no
        analysis for this rulebook fingerprint (read in pages: bounded memory);
        ``rules`` None: every message, analysed or not."""
        if rules is None:
            return self.conn.execute(
                "SELECT e.seq, e.text FROM entries e WHERE e.seq > ? AND typeof(e.text) = 'text' "
                "AND e.void_of IS NULL ORDER BY e.seq LIMIT ?", (after, limit)).fetchall()
        return self.conn.execute(
            "SELECT e.seq, e.text FROM entries e LEFT JOIN analysis a ON a.seq = e.seq "
            "WHERE e.seq > ? AND typeof(e.text) = 'text' AND e.void_of IS NULL "
            "AND (a.seq IS NULL OR a.rules != ?) ORDER BY e.seq LIMIT ?",
            (after, rules, limit)).fetchall()

    def save_analysis(self, rules: str, rows: Iterable[tuple[int, str, str]]) -> int:
        """Store (seq, verdict, signals JSON); one transaction."""
        count = 0
        try:
            with self._write():
                for chunk in _chunks(rows, 1000):
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO analysis (seq, rules, verdict, signals) "
                        "VALUES (?, ?, ?, ?)", [(s, rules, v, g) for s, v, g in chunk])
                    count += len(chunk)
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from None
        return count

    # -- reading

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def entries(self, where: str = "", params: tuple[Any, ...] = (), *,
                order: str = "e.seq", limit: int | None = None) -> Iterator[Entry]:
        """Entries (with who voided them) matching an SQL condition on ``e``."""
        sql = (f"SELECT e.seq, {', '.join('e.' + f for f in FIELDS)}, e.hash, "
               f"{', '.join('s.' + f for f in SOURCE_FIELDS)}, "
               "(SELECT v.seq FROM entries v WHERE v.void_of = e.seq) "
               "FROM entries e JOIN sources s ON s.id = e.source_id")
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        names = ("seq", *FIELDS, "hash", *(f"s_{f}" for f in SOURCE_FIELDS), "voided_by")
        for raw in self.conn.execute(sql, params):
            row = dict(zip(names, raw, strict=True))
            reason = text_of(_extra(row["extra"]).get("reason"))
            void_of = row["void_of"]
            yield Entry(row["seq"], event_from_row(row), text_of(row["hash"]) or "",
                        text_of(row["s_tz"]) or "", text_of(row["s_recorded_at"]) or "",
                        None if void_of is None else _int(void_of), reason, row["voided_by"])

    def analysis_for(self, seqs: Iterable[int]) -> dict[int, tuple[str, list[Any]]]:
        out: dict[int, tuple[str, list[Any]]] = {}
        for chunk in _chunks(seqs, 500):
            for seq, verdict, signals in self.conn.execute(
                    f"SELECT seq, verdict, signals FROM analysis WHERE seq IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                parsed = _signals(signals)
                if parsed is not None and isinstance(verdict, str):
                    out[seq] = (verdict, parsed)
        return out

    def drop_bad_analysis(self) -> int:
        """Delete cached verdicts that are not what ``save_analysis`` writes (the table
        is not hashed, so an edit is possible and goes unnoticed by verify); the
        messages are then analysed again. Returns how many were dropped."""
        if self.conn.execute(f"SELECT 1 FROM analysis WHERE {_BAD_ANALYSIS} LIMIT 1"
                             ).fetchone() is None:
            return 0  # the usual case: a read, no write lock taken
        try:
            with self._write():
                cursor = self.conn.execute(f"DELETE FROM analysis WHERE {_BAD_ANALYSIS}")
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from None
        return cursor.rowcount

    def imports(self) -> list[dict[str, Any]]:
        cursor = self.conn.execute("SELECT name, sha256, size, format, imported_at, added, "
                                   "duplicates, skipped FROM imports ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # -- checking

    def verify(self, *, check_attachments: bool = True) -> Verification:
        """Walk the chain from the first entry; stop at the first broken link."""
        prev = GENESIS
        expected = 1
        broken: Broken | None = None
        ok = 0
        missing: list[tuple[int, str]] = []
        changed: list[tuple[int, str]] = []
        count = 0
        sources = {row[0]: row[1:] for row in self.conn.execute(
            f"SELECT id, {', '.join(SOURCE_FIELDS)} FROM sources")}
        cursor = self.conn.execute(
            f"SELECT seq, {', '.join(FIELDS)}, prev_hash, hash FROM entries ORDER BY seq")
        source_at = 1 + FIELDS.index("source_id")
        extra_at = 1 + FIELDS.index("extra")
        for row in cursor:
            count += 1
            seq, values, prev_hash, digest = row[0], row[1:-2], row[-2], row[-1]
            broken = _check_link(seq, expected, prev, values, sources.get(row[source_at]),
                                 prev_hash, digest)
            if broken is not None:
                break
            extra = row[extra_at]
            if check_attachments and extra and '"attachments"' in extra:
                for path, sha, _size in json.loads(extra)["attachments"]:
                    state = _attachment_state(path, sha)
                    if state == "ok":
                        ok += 1
                    elif state == "missing":
                        missing.append((seq, path))
                    else:
                        changed.append((seq, path))
            prev = digest
            expected = seq + 1
        head = prev if broken is None else self._head()[1]
        return Verification(self.shown, count if broken is None else self.count(),
                            head, broken, ok, tuple(missing), tuple(changed))


_BAD_ANALYSIS = (
    "(CASE WHEN typeof(signals) = 'text' AND json_valid(signals) "
    "AND json_type(signals) = 'array' THEN EXISTS (SELECT 1 FROM json_each(signals) j "
    "WHERE j.type != 'object' OR json_type(j.value, '$.id') IS NOT 'text' "
    "OR json_type(j.value, '$.category') IS NOT 'text' "
    "OR json_type(j.value, '$.verdict') IS NOT 'text' "
    "OR json_type(j.value, '$.evidence') IS NOT 'text') ELSE 1 END) "
    "OR typeof(verdict) != 'text' OR typeof(rules) != 'text'")


def _signals(text: Any) -> list[dict[str, Any]] | None:
    """A cached ``signals`` column as a list of signal dicts, or None if it is not one."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("id", "category", "verdict", "evidence")):
            return None
    return value


def _check_link(seq: int, expected: int, prev: str, values: tuple[Any, ...],
                source: tuple[Any, ...] | None, prev_hash: str, digest: str) -> Broken | None:
    if seq != expected:
        return Broken(expected, f"entry #{expected} is missing (the next one is #{seq})")
    if prev_hash != prev:
        return Broken(seq, "its link to the previous entry does not match: an entry before it "
                           "was changed, removed or inserted")
    if source is None:
        return Broken(seq, "its source record is missing: the journal was edited")
    try:
        same = chain_hash(prev_hash, seq, values, source) == digest
    except (TypeError, ValueError, OverflowError):  # a value no entry is written with
        same = False
    if not same:
        return Broken(seq, "its content does not match its hash: the entry was edited")
    return None


def _attachment_state(path: str, sha256: str) -> str:
    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "missing"
    return "ok" if digest == sha256 else "changed"


EARLIEST_MS = 946_656_000_000
"""2000-01-01 00:00 China time: anything earlier is a clock or export fault."""
FUTURE_SLACK_MS = 86_400_000
"""A day of slack for clocks and time zones before a time counts as in the future."""


def _plausible_ms(at_ms: int, now_ms: int) -> bool:
    """Times before 2000 or more than a day in the future are kept but flagged."""
    return EARLIEST_MS <= at_ms <= now_ms + FUTURE_SLACK_MS


def plausible(at: datetime, now: datetime | None = None) -> bool:
    now_ms = int((now or datetime.now(UTC)).timestamp() * 1000)
    return _plausible_ms(int(at.timestamp() * 1000), now_ms)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_SQLITE_NOTADB = 26


def _storage_error(path: Path, exc: sqlite3.Error, *, writing: bool = True) -> JournalError:
    """One line for the user. For a write, the transaction has been rolled back by
    then; a read (``writing=False``) changed nothing, and says so."""
    text = str(exc)
    kept = ("nothing from this write was kept (本次写入未保存)" if writing
            else "the journal was not changed (日志未改动)")
    if "full" in text:
        return JournalError(f"{path}: the disk is full; {kept}",
                            "free some space and run it again")
    if "readonly" in text or "read-only" in text:
        return JournalError(f"{path}: the journal is read-only (日志文件只读)",
                            "check the file's permissions, or use --db for another journal")
    if "locked" in text or "busy" in text:
        return JournalError(f"{path}: the journal is busy in another overdue process "
                            "(日志正被另一进程使用)", "wait for it to finish and try again")
    if "I/O" in text or "unable to open" in text:
        return JournalError(f"{path}: the disk could not be read or written ({text}); {kept}",
                            "the disk may be full or failing: free some space, then run it "
                            "again; the journal file itself is not the problem")
    return JournalError(f"{path}: journal error: {text}; {kept}", "run `overdue log verify`")


def storage_error(path: Path, exc: sqlite3.Error) -> JournalError:
    """``_storage_error`` for a failure outside a write (a read, a query)."""
    return _storage_error(path, exc, writing=False)


def file_sha256(path: str) -> tuple[str, int]:
    """sha256 and size of a file (attachments, exports), read in chunks."""
    try:
        if stat.S_ISFIFO(os.stat(path).st_mode):  # opening a pipe waits for a writer
            raise UsageProblem(f"{path}: not a regular file (不是普通文件)",
                               "attach a saved screenshot or recording")
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise UsageProblem(f"{path}: is a directory, not a file", "name a file")
            if not stat.S_ISREG(info.st_mode):  # a device or pipe has no fixed content
                raise UsageProblem(f"{path}: not a regular file (不是普通文件)",
                                   "attach a saved screenshot or recording")
            return hashlib.file_digest(handle, "sha256").hexdigest(), info.st_size
    except FileNotFoundError:
        raise UsageProblem(f"{path}: no such file (找不到文件)",
                           "check the path; attachments are referenced, not copied") from None
    except IsADirectoryError:
        raise UsageProblem(f"{path}: is a directory, not a file", "name a file") from None
    except PermissionError:
        raise UsageProblem(f"{path}: permission denied (没有读取权限)",
                           "check the file's permissions") from None


def destroy(path: Path) -> list[Path]:
    """Delete the journal and its -wal/-shm files; return what was removed."""
    removed = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):  # never a device, a directory or a link's target
            raise UsageProblem(f"{text_safe(str(candidate))}: not a regular file; nothing "
                               "more was deleted", "give the journal file itself with --db")
        candidate.unlink()
        removed.append(candidate)
    return removed
