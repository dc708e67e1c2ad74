"""One contact a collector made (or the user made back), whatever it came from.

Importers turn phone exports into :class:`Event`; ``log add`` builds one from
flags. The journal stores events as they are, hashed, so the dataclasses here are
the evidence format: adding a field is fine, changing one needs a migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

DIRECTIONS = ("in", "out")
"""``in``: the collector (or anyone) reached the user; ``out``: the user reached them."""

OUTCOMES = ("answered", "missed", "rejected", "blocked", "voicemail", "no_answer")
"""Call outcomes. ``missed``/``rejected``/``blocked``/``voicemail`` are unanswered
incoming attempts; ``no_answer`` is an outgoing call nobody picked up."""

UNANSWERED = ("missed", "rejected", "blocked", "voicemail")

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
"""The journal keeps contacts from EARLIEST up to (not including) LATEST, UTC.

Phone exports count time from 1970, and nothing earlier or later than this range
is a real collection contact: a time outside it is a typing or export fault, and
one that Python's datetime cannot even show in every zone (year 0 or 10000). It
is refused at the door (``log add``) or skipped and counted (imports); times
inside it but before 2000 or in the future are kept and flagged."""

MAX_DURATION_S = 7 * 86_400
"""The longest call kept: a week. A longer duration is an export fault."""

MAX_TEXT = 100_000
"""The longest message text kept, in characters (as ``scan`` caps a message);
a longer record is skipped and counted, so one bad field cannot fill memory."""

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
    voids: bytes | None = None
    """Only in an import of the journal's own export: this event is a void marker, and
    this is the dedupe key of the entry it voids (resolved to an entry number when
    stored). ``log void`` passes the number directly instead."""
    reason: str | None = None
    """A void marker's reason, with ``voids``."""


_LOW, _HIGH = EARLIEST.timestamp(), LATEST.timestamp()


def out_of_range(at: datetime) -> bool:
    """Outside [EARLIEST, LATEST): see EARLIEST. Aware times only; never raises."""
    try:
        return not _LOW <= at.timestamp() < _HIGH
    except (OverflowError, ValueError, OSError):
        return True


def unstorable(event: Event) -> str | None:
    """Why the journal cannot keep ``event`` as it is, or None when it can.

    One check for every way in (``log add``, each import format), so a value
    that would make the journal unreadable or unbounded never reaches it.
    Written for speed: an import runs it once per record.
    """
    at, duration, text, note = event.at, event.duration_s, event.text, event.note
    if out_of_range(at):
        return (f"time {at.isoformat()} is outside the range the journal keeps "
                f"({EARLIEST.date()} to {LATEST.year - 1}-12-31)")
    if duration is not None and not 0 <= duration <= MAX_DURATION_S:
        return (f"call duration {_short(duration)} s is not between 0 and "
                f"{MAX_DURATION_S} (a week)")
    if text is not None and len(text) > MAX_TEXT:
        return f"text of {len(text):,} characters is longer than {MAX_TEXT:,}"
    if note is not None and len(note) > MAX_TEXT:
        return f"note of {len(note):,} characters is longer than {MAX_TEXT:,}"
    return None


def _short(number: int) -> str:
    """A number for a message: huge ones (4,000 digits) by their size, not in full."""
    if abs(number) < 10 ** 30:
        return str(number)
    return f"about 10^{int(abs(number).bit_length() * 0.30103)}"


def not_text(event: Event) -> str | None:
    """The first field of ``event`` that holds a lone surrogate (JSON can: ``\\udcb6``),
    which no text encoding can store; None when every field is text."""
    fields = [("number", event.number_raw or event.number), ("name", event.name),
              ("platform", event.platform), ("text", event.text), ("note", event.note),
              ("kind", event.kind), ("outcome", event.outcome), ("reason", event.reason)]
    fields += [("attachment", a.path) for a in event.attachments]
    for label, value in fields:
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{label} holds characters that are not text (a lone surrogate)"
    return None
