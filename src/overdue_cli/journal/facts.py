"""What a journal report states: the dataclasses ``report.build`` fills and every
renderer (terminal, Markdown, JSON, complaint) reads.

Why a module of its own: the renderers and the complaint need the shapes of a
report, not the SQL that fills them; and the judging (``findings``) builds
these same types without importing the reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from overdue_cli.journal.queries import Filter
from overdue_cli.rulebook import Basis, Rule, Rulebook


@dataclass(frozen=True)
class DayCount:
    """One local day's incoming contacts, by kind."""

    day: date
    calls: int
    answered: int
    unanswered: int
    messages: int
    other: int

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.other


@dataclass(frozen=True)
class NumberCalls:
    """One number's calls on a heavy day (None: calls logged without a number)."""

    number: str | None
    answered: int
    unanswered: int


@dataclass(frozen=True)
class HeavyDay:
    """A day a platform (all its numbers together), or an untagged number, called
    more than the rulebook's per-day limits allow."""

    day: date
    number: str | None
    """The number, for entries with no platform (each number counted alone); None
    for a platform's day, whose numbers are in ``numbers``."""
    answered: int
    unanswered: int
    over: tuple[str, ...]
    """Which limits it is over: ``calls_per_day_gt`` and/or ``attempts_per_day_gt``."""
    platform: str | None = None
    numbers: tuple[NumberCalls, ...] = ()
    """Each number's calls that day, busiest first."""

    @property
    def by_number(self) -> bool:
        """Counted per number because the entries name no platform."""
        return self.platform is None


@dataclass(frozen=True)
class LawPeriod:
    """The days of a finding's entries that one set of citations covers: the law in
    force on those days (a finding that spans a change of law has several)."""

    first: date
    last: date
    basis: tuple[Basis, ...]


def law_periods(book: Rulebook, basis: tuple[Basis, ...], days: Iterable[date],
                lender: str | None = None) -> tuple[LawPeriod, ...]:
    """Group ``days`` by the citations in force on each (``Rulebook.basis_on``), in
    date order. No days: one period-less answer is not possible, so ()."""
    groups: dict[tuple[Basis, ...], list[date]] = {}
    for day in sorted(set(days)):
        groups.setdefault(book.basis_on(basis, day, lender), []).append(day)
    return tuple(sorted((LawPeriod(ds[0], ds[-1], b) for b, ds in groups.items()),
                        key=lambda p: p.first))


@dataclass(frozen=True)
class Contact:
    """One entry, summarised for a list in the report."""

    seq: int
    at: datetime
    method: str
    number: str | None
    name: str | None
    text: str | None
    note: str | None
    outcome: str | None
    duration_s: int | None


@dataclass(frozen=True)
class Flagged:
    """A message the scan flagged, with its verdict and signals."""

    contact: Contact
    verdict: str
    signals: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class NumberCount:
    """How often one number contacted the user (a gateway: an SMS sender)."""

    number: str
    contacts: int
    gateway: bool


@dataclass(frozen=True)
class ReportFinding:
    """One rule the engine fired for a method, with the journal entries it rests on."""

    method: str
    rule: Rule
    deciding: bool
    """The rule that decided the method's verdict (the others fired beside it)."""
    seqs: tuple[int, ...]
    """Example entry numbers, the earliest (at most SAMPLE)."""
    count: int
    """How many entries it covers (for a per-day limit: the calls of that kind on the
    days over it). ``seqs`` lists all of them when ``count <= SAMPLE``."""
    actions: tuple[str, ...]
    days: tuple[date, ...] = ()
    """The local days of the entries it covers, in order."""
    heavy: tuple[HeavyDay, ...] = ()
    """For a per-day limit: the days over it."""
    periods: tuple[LawPeriod, ...] = ()
    """The rule's citations, as in force on ``days`` (one period unless the law
    changed in between)."""

    @property
    def verdict(self) -> str:
        return self.rule.verdict

    @property
    def complete(self) -> bool:
        """``seqs`` lists every entry the finding covers."""
        return len(self.seqs) >= self.count

    @property
    def basis(self) -> tuple[Basis, ...]:
        """Every citation in force on some day of the finding, in the rule's order."""
        if not self.periods:
            return self.rule.basis
        cited = {b for p in self.periods for b in p.basis}
        return tuple(b for b in self.rule.basis if b in cited)


@dataclass(frozen=True)
class Report:
    """Everything ``log report`` says about the entries in ``filter``."""

    filter: Filter
    entries: int
    """Incoming, not voided, in the filter."""
    outgoing: int
    calls: int
    answered: int
    unanswered: int
    messages: int
    first: datetime | None
    last: datetime | None
    per_day: tuple[DayCount, ...]
    by_hour: tuple[int, ...]
    night: int
    night_sample: tuple[Contact, ...]
    heavy_days: tuple[HeavyDay, ...]
    third_party: int
    third_party_sample: tuple[Contact, ...]
    flagged_total: int
    flagged: tuple[Flagged, ...]
    numbers: tuple[NumberCount, ...]
    findings: tuple[ReportFinding, ...]
    verdict: str | None
    next_steps: tuple[str, ...]
    odd_times: int
    unanalysed: int
    platforms: tuple[tuple[str | None, int], ...] = field(default=())
    """Entries per platform in the period (all platforms), to spot mis-tagging."""
    lenders: tuple[tuple[str, str], ...] = field(default=())
    """(platform, lender id) recorded with ``--lender`` for the platforms above."""
    lender: str | None = None
    """The kind of lender the rules were applied for (None: not known)."""
