"""One contact a collector made (or the user made back), whatever it came from.

Importers turn phone exports into :class:`Event`; ``log add`` builds one from
flags. The journal stores events as they are, hashed, so the dataclasses here are
the evidence format: adding a field is fine, changing one needs a migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

DIRECTIONS = ("in", "out")
"""``in``: the collector (or anyone) reached the user; ``out``: the user reached them."""

OUTCOMES = ("answered", "missed", "rejected", "blocked", "voicemail", "no_answer")
"""Call outcomes. ``missed``/``rejected``/``blocked``/``voicemail`` are unanswered
incoming attempts; ``no_answer`` is an outgoing call nobody picked up."""

UNANSWERED = ("missed", "rejected", "blocked", "voicemail")

IMPORT_FORMATS = ("sms-xml", "calls-xml", "wechat-csv", "calls-csv", "messages-csv", "jsonl")


@dataclass(frozen=True)
class Attachment:
    """A file the user attached (screenshot, recording): referenced, never copied or changed."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Source:
    """Where an event came from, precisely enough to find it again in the export."""

    kind: str
    """``manual`` (log add / log void) or ``import``."""
    file: str | None = None
    """The imported file's name as given on the command line."""
    sha256: str | None = None
    """The whole imported file's sha256."""
    position: str | None = None
    """For people: ``record 7`` (XML), ``row 5`` (CSV), ``line 3`` (JSONL)."""
    format: str | None = None
    """One of IMPORT_FORMATS for imports."""


@dataclass(frozen=True)
class Event:
    """A call, message, visit or letter: the facts, as the phone or the user gave them."""

    method: str
    """The check vocabulary id: sms, call, wechat, visit, contacts, ..."""
    direction: str
    at: datetime
    """Timezone-aware."""
    source: Source
    number: str | None = None
    """Normalised (phones.normalise): no +86, spaces or dashes."""
    number_raw: str | None = None
    """The number exactly as given, when it differs from ``number``."""
    name: str | None = None
    """Counterparty name (contact name, WeChat remark or nickname)."""
    platform: str | None = None
    text: str | None = None
    """Message text (SMS, MMS text parts, WeChat text)."""
    note: str | None = None
    """The user's own note."""
    duration_s: int | None = None
    outcome: str | None = None
    """Calls only: one of OUTCOMES."""
    kind: str | None = None
    """Finer type from the export: sms, mms, call, wechat_text, wechat_image, ..."""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    third_party: bool = False
    """The contact reached someone else (family, colleague) rather than the user."""
