"""Situation -> Assessment: which rules fire for each method, and the verdict.

Pure: no printing, no exits, no text choices. The renderers localise the
result; the CLI decides exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from overdue_cli.check.summary import Summary, summarize
from overdue_cli.check.wording import as_interviewed, stage_as_interviewed
from overdue_cli.rulebook import SEVERITY, Basis, Rule, Rulebook, Stage

LIMITATION_YEARS = 3
"""民法典第188条: the general limitation period."""


@dataclass(frozen=True)
class Situation:
    """What the borrower told us. Unknown facts are None (and satisfy no condition)."""

    days_overdue: int
    methods: tuple[str, ...] = ()
    hour: int | None = None
    calls_per_day: int | None = None
    attempts_per_day: int | None = None
    unreachable: bool = False
    platform: str | None = None
    method_input: tuple[str, ...] = ()
    """The method words as the user typed them, kept so nothing they gave is lost."""
    lender: str = "unknown"
    """Who lent the money (a ``lenders`` id): banks, card issuers, consumer-finance and
    small-loan companies and unlicensed lenders live under different rules."""
    on: date | None = None
    """The day to judge by (the law in force then); None: today."""
    last_due: date | None = None
    """Due date of the last instalment: an instalment debt's limitation runs from it."""
    last_contact: date | None = None
    """The last time a demand reached the borrower, or they paid or promised to pay:
    each of these restarts the limitation period."""
    interviewed: bool = False
    """Told through the interview, which asked every question a flags user is sent
    back for: the report reads the rulebook without its flags (check/wording.py)."""

    @property
    def day(self) -> date:
        return self.on or date.today()


@dataclass(frozen=True)
class Limitation:
    """What can be said about the limitation period (诉讼时效), and what cannot.

    Days since the first missed payment are no test: an instalment debt runs from
    the last instalment (民法典189), and every demand that reaches the borrower,
    every part payment and every promise restarts the three years (195; 诉讼时效
    规定第8条、第14条). ``status``: ``unknown`` (no dates given), ``open`` (one
    date missing: the earliest day it could run, if nothing restarted it),
    ``running`` (still running on the day judged), ``possibly_expired`` (three
    years have passed since the later of the two dates), ``gap`` (it had run out
    before the last contact given: whether that contact cost the defence depends
    on whether it was the lender's demand or the borrower's promise or payment).
    """

    status: str
    runs_from: date | None
    earliest_end: date | None


@dataclass(frozen=True)
class Finding:
    """The verdict on one method: the deciding rule and every rule that fired."""

    method: str
    verdict: str
    rule: Rule
    fired: tuple[Rule, ...]
    actions: tuple[str, ...]
    basis: tuple[Basis, ...] = ()
    """The deciding rule's citations that were law on the day judged."""


@dataclass(frozen=True)
class Assessment:
    situation: Situation
    stage: Stage
    findings: tuple[Finding, ...]
    verdict: str | None
    """The most severe finding; None when no method was given (nothing was judged)."""
    next_steps: tuple[str, ...]
    limitation: Limitation | None = None
    summary: Summary = field(default_factory=Summary)
    """The answer first: what is illegal, what breaks the rules, what to do now."""


def condition_holds(book: Rulebook, situation: Situation, key: str, value: Any) -> bool:
    """One ``when`` condition against the situation; unknown facts never hold."""
    s = situation
    if key == "days_min":
        return bool(s.days_overdue >= value)
    if key == "days_max":
        return bool(s.days_overdue <= value)
    if key == "hour":
        if s.hour is None:
            return False
        return bool(book.is_quiet_hour(s.hour) == (value == "quiet"))
    if key == "calls_per_day_gt":
        return s.calls_per_day is not None and s.calls_per_day > value
    if key == "attempts_per_day_gt":
        return s.attempts_per_day is not None and s.attempts_per_day > value
    if key == "unreachable":
        return s.unreachable is value
    if key == "lender":
        return s.lender in value
    if key == "with_any":
        return any(m in s.methods for m in value)
    if key == "limitation":
        return bool(limitation_of(s).status == value)
    raise KeyError(key)  # the loader rejects unknown conditions


def fired_rules(book: Rulebook, situation: Situation, method: str) -> Iterator[Rule]:
    """The rules for ``method`` whose every condition holds, in rulebook order."""
    for rule in book.rules_for(method):
        if all(condition_holds(book, situation, k, v) for k, v in rule.when.items()):
            yield rule


def decide(fired: list[Rule]) -> Rule:
    """Pick the deciding rule among those that fired.

    The most severe verdict wins. On a tie the more specific rule wins: first the
    one with more conditions, then the one written for fewer methods (a rule about
    this method says more than a rule shared by many), then the earlier one.
    """
    def rank(rule: Rule) -> tuple[int, int, int]:
        return SEVERITY[rule.verdict], len(rule.when), -len(rule.methods)

    best = fired[0]
    for rule in fired[1:]:
        if rank(rule) > rank(best):
            best = rule
    return best


def assess_method(book: Rulebook, situation: Situation, method: str) -> Finding:
    fired = list(fired_rules(book, situation, method))
    if not fired:  # the loader proves every method is covered; this guards custom code paths
        raise LookupError(f"no rule covers method {method!r}")
    deciding = decide(fired)
    ordered = [deciding, *sorted((r for r in fired if r is not deciding),
                                 key=lambda r: -SEVERITY[r.verdict])]
    actions = _dedupe(a for rule in ordered for a in rule.actions)
    shown = as_interviewed(deciding) if situation.interviewed else deciding
    return Finding(method, deciding.verdict, shown, tuple(ordered), actions,
                   book.basis_on(deciding.basis, situation.day, situation.lender))



def assess(book: Rulebook, situation: Situation) -> Assessment:
    """The full check: stage, one finding per method (in request order), overall verdict."""
    stage = book.stage_for(situation.days_overdue)
    if situation.interviewed:
        stage = stage_as_interviewed(stage)
    findings = tuple(assess_method(book, situation, m) for m in situation.methods)
    verdict = max((f.verdict for f in findings), key=SEVERITY.__getitem__, default=None)
    next_steps = ordered_steps(book, [*(a for f in findings for a in f.actions),
                                      *stage.actions], situation.lender)
    return Assessment(situation, stage, findings, verdict, next_steps, limitation_of(situation),
                      summarize(findings, next_steps))


def ordered_steps(book: Rulebook, steps: Iterable[str], lender: str | None,
                  with_lender: bool = True) -> tuple[str, ...]:
    """Next steps without repeats, most urgent first: the lender's own added (unless
    ``with_lender`` is False), those that do not fit it dropped (12378 for a
    small-loan company). ``check`` and ``log report`` both merge steps this way."""
    kind = book.lenders.get(lender or "unknown")
    added = kind.actions if kind is not None and with_lender else ()
    skipped = set(kind.skip_actions) if kind is not None else set()
    merged = _dedupe([*steps, *added])
    return tuple(sorted((a for a in merged if a not in skipped),
                        key=lambda a: book.actions[a].priority))


def limitation_of(s: Situation) -> Limitation:
    """The limitation position from the dates the user gave, claiming no more.

    A demand interrupts only a period still running (民法典195); after it has run,
    only the borrower's own promise, payment or signature gives the defence up
    (192②; 诉讼时效规定第19条). So a contact more than three years after the last
    due date cannot be read either way without knowing who made it: ``gap``. With
    no last due date the start is unknown (a later instalment may exist): ``open``,
    counted from no earlier than the first missed payment.
    """
    if s.last_due is None and s.last_contact is None:
        return Limitation("unknown", None, None)
    if s.last_due is None:
        first_missed = (s.day - timedelta(days=s.days_overdue)
                        if s.day.toordinal() > s.days_overdue else date.min)
        runs_from = max(d for d in (s.last_contact, first_missed) if d is not None)
        return Limitation("open", runs_from, add_years(runs_from, LIMITATION_YEARS))
    due_end = add_years(s.last_due, LIMITATION_YEARS)
    if s.last_contact is None:
        return Limitation("open", s.last_due, due_end)
    if s.last_contact > due_end:
        return Limitation("gap", s.last_due, due_end)
    runs_from = max(s.last_due, s.last_contact)
    end = add_years(runs_from, LIMITATION_YEARS)
    return Limitation("running" if s.day <= end else "possibly_expired", runs_from, end)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February -> 28 February); the calendar's
    last day past year 9999."""
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _dedupe(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
