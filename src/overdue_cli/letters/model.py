"""The letters' vocabulary and the two records the core passes around: what the user
gave (:class:`LetterInput`) and the letter made from it (:class:`Letter`).

Why a module of its own: the CLI, the core and the renderers all speak of these,
and none of them should import the others to do so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

KINDS: tuple[str, ...] = ("negotiate", "stop-third-party", "credit-dispute", "data",
                          "verify-debt")
"""The letters, in the order ``overdue letter list`` shows them."""

FORMATS: tuple[str, ...] = ("markdown", "text")


@dataclass(frozen=True)
class ThirdPartyContact:
    """One dated contact with someone other than the borrower, from the journal."""

    seq: int
    at: str
    """Local time, ``YYYY-MM-DD HH:MM``."""
    method: str
    method_name: str
    number: str | None = None
    name: str | None = None
    detail: str | None = None
    """What was said or done, from the entry's text or note (one line)."""


@dataclass(frozen=True)
class LetterInput:
    """What the user typed, already parsed; None where not given."""

    kind: str
    today: date
    platform: str | None = None
    lender: str | None = None
    """A rulebook lender id (``credit_card`` …); None when not given."""
    owed: Decimal | None = None
    can_pay: Decimal | None = None
    """Per month."""
    reason: str | None = None
    item: str | None = None
    to: str = "bureau"
    """credit-dispute: ``bureau`` or ``lender``."""
    requests: tuple[str, ...] = ()
    reach: str | None = None
    hours: str | None = None
    contacts: tuple[ThirdPartyContact, ...] | None = None
    """stop-third-party --from-journal: the contacts listed (None: not read)."""
    contacts_total: int = 0
    tz: str = "Asia/Shanghai"
    """The zone of the contacts' times (the journal's ``--tz``)."""


@dataclass(frozen=True)
class Letter:
    """A letter drafted: its facts, its text (Simplified Chinese, in ``format``), the
    placeholders left for the user, and the guidance in the user's language."""

    kind: str
    title: str
    name: str
    format: str
    lang: str
    facts: dict[str, Any]
    text: str
    placeholders: tuple[str, ...]
    guidance: tuple[str, ...]
    send: tuple[str, ...]
    citations: tuple[dict[str, Any], ...] = field(default=())
    labels: dict[str, str] = field(default_factory=dict)
    """The headings of the box around the letter, in ``lang``."""
