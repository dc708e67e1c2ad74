"""``overdue log verify``: walk the hash chain and re-hash the attached files.

Why a module of its own: checking is the one read that recomputes every hash,
and its answer (``Verification``) is what the user shows a third party; it only
needs the connection, never the writes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from overdue_cli.journal.columns import FIELDS, GENESIS, SOURCE_FIELDS, chain_hash
from overdue_cli.journal.files import attachment_state


@dataclass(frozen=True)
class Broken:
    """The first entry whose link does not hold, and why."""

    seq: int
    reason: str


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: the chain's length and head, its first broken link,
    and the state of every attached file."""

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


def verify_chain(conn: sqlite3.Connection, shown: str, *,
                 check_attachments: bool = True) -> Verification:
    """Walk the chain from the first entry; stop at the first broken link."""
    prev = GENESIS
    expected = 1
    broken: Broken | None = None
    ok = 0
    missing: list[tuple[int, str]] = []
    changed: list[tuple[int, str]] = []
    count = 0
    sources = {row[0]: row[1:] for row in conn.execute(
        f"SELECT id, {', '.join(SOURCE_FIELDS)} FROM sources")}
    cursor = conn.execute(
        f"SELECT seq, {', '.join(FIELDS)}, prev_hash, hash FROM entries ORDER BY seq")
    source_at = 1 + FIELDS.index("source_id")
    extra_at = 1 + FIELDS.index("extra")
    for row in cursor:
        count += 1
        seq, values, prev_hash, digest = row[0], row[1:-2], row[-2], row[-1]
        broken = check_link(seq, expected, prev, values, sources.get(row[source_at]),
                            prev_hash, digest)
        if broken is not None:
            break
        extra = row[extra_at]
        if check_attachments and extra and '"attachments"' in extra:
            for path, sha, _size in json.loads(extra)["attachments"]:
                state = attachment_state(path, sha)
                if state == "ok":
                    ok += 1
                elif state == "missing":
                    missing.append((seq, path))
                else:
                    changed.append((seq, path))
        prev = digest
        expected = seq + 1
    if broken is None:
        return Verification(shown, count, prev, None, ok, tuple(missing), tuple(changed))
    head = conn.execute("SELECT hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
    total = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    return Verification(shown, total, head[0] if head else GENESIS, broken, ok,
                        tuple(missing), tuple(changed))


def check_link(seq: int, expected: int, prev: str, values: tuple[Any, ...],
               source: tuple[Any, ...] | None, prev_hash: str, digest: str) -> Broken | None:
    """Why entry ``seq`` does not follow ``prev`` (hash) as entry ``expected``, or None."""
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
