"""Judging a tally: the per-day call limits, and per method a Situation for the
same engine ``overdue check`` uses, so a report and a check never disagree.

Why a module of its own: this is the rulebook's side of the report, pure (no
SQL, no journal): counters in (``tally.Tally``, the flagged messages per
method), findings out, each counting exactly the entries it rests on and
citing the law in force on their days.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from overdue_cli.check import Situation, assess_method, ordered_steps
from overdue_cli.journal.facts import HeavyDay, NumberCalls, ReportFinding, law_periods
from overdue_cli.journal.tally import EPOCH_ORDINAL, SAMPLE, Tally, day_of
from overdue_cli.rulebook import SEVERITY, Rulebook


def thresholds(book: Rulebook) -> tuple[int, int]:
    """The rulebook's per-day call limits (answered, unanswered attempts)."""
    answered = attempts = None
    for rule in book.rules:
        answered = rule.when.get("calls_per_day_gt", answered)
        attempts = rule.when.get("attempts_per_day_gt", attempts)
    return int(answered if answered is not None else 3), int(
        attempts if attempts is not None else 6)


def heavy_keys(book: Rulebook) -> tuple[str, ...]:
    """The per-day limit keys the rulebook's rules use, rule by rule."""
    return tuple(k for rule in book.rules for k in ("calls_per_day_gt", "attempts_per_day_gt")
                 if k in rule.when)


def heavy_days(book: Rulebook, tally: Tally) -> tuple[HeavyDay, ...]:
    """The platform-days (and untagged number-days) over a per-day limit, by date."""
    answered_gt, attempts_gt = thresholds(book)
    out = []
    for (d, platform, number), (a, u, per) in tally.per_day_calls.items():
        if a <= answered_gt and u <= attempts_gt:
            continue
        over = ((("calls_per_day_gt",) if a > answered_gt else ())
                + (("attempts_per_day_gt",) if u > attempts_gt else ()))
        calls = tuple(NumberCalls(n, pa, pu) for n, (pa, pu) in sorted(
            per.items(), key=lambda x: (-(x[1][0] + x[1][1]), x[0] is None, x[0] or "")))
        out.append(HeavyDay(day_of(d), number, a, u, over, platform, calls))
    out.sort(key=lambda h: (h.day, h.platform is None, h.platform or "", h.number or ""))
    return tuple(out)


@dataclass
class Signalled:
    """Flagged messages that evidence one method's conduct, beyond the entries
    logged with that method (which the tally counts already)."""

    seqs: set[int] = field(default_factory=set)
    earliest: list[tuple[int, int]] = field(default_factory=list)
    days: set[int] = field(default_factory=set)
    flagged_own: set[int] = field(default_factory=set)
    """Entries logged with this method that were flagged as something else (a threat
    sent by SMS): no "this is normal" finding may rest on them."""


def judge(book: Rulebook, tally: Tally, heavy: tuple[HeavyDay, ...],
          heavy_seqs: dict[str, tuple[int, ...]], signals: dict[str, Signalled],
          lender: str | None = None
          ) -> tuple[tuple[ReportFinding, ...], str | None, tuple[str, ...]]:
    """Turn the journal's facts into one Situation per method and let the engine decide.

    Per method, so a night-time call makes calls a quiet-hours violation without
    making every daytime SMS one too. Each finding counts exactly the entries it
    rests on and keeps their days, for the law in force on them.
    """
    methods = tuple(m for m in book.methods if m in tally.by_method or m in signals)
    limit_keys = heavy_keys(book)
    findings = []
    for method in methods:
        calls = method == "call" and heavy
        # every method in the journal is in the situation (a rule may hold only beside
        # another, ``with_any``); the hour and the call counts are this method's own
        situation = Situation(
            days_overdue=1, methods=methods, hour=tally.night_hours.get(method),
            calls_per_day=max((h.answered for h in heavy), default=None) if calls else None,
            attempts_per_day=max((h.unanswered for h in heavy), default=None) if calls else None,
            lender=lender or "unknown")
        finding = assess_method(book, situation, method)
        for rule in finding.fired:
            if rule is not finding.rule and rule.verdict == "normal":
                continue  # a lesser "this is normal" beside a breach says nothing new
            when = rule.when
            over: tuple[HeavyDay, ...] = ()
            if "hour" in when:
                seqs = tuple(tally.sample(f"\x00night:{method}"))
                count = tally.night_by_method[method]
                days = tally.night_days.get(method, set())
            elif any(k in when for k in limit_keys):
                key = next(k for k in limit_keys if k in when)
                over = tuple(h for h in heavy if key in h.over)
                seqs = heavy_seqs.get(key, ())
                count = sum(h.answered if key == "calls_per_day_gt" else h.unanswered
                            for h in over)
                days = {h.day.toordinal() - EPOCH_ORDINAL for h in over}
            else:
                extra = signals.get(method) or Signalled()
                own = tally.samples.get(method, [])
                count = tally.by_method[method] + len(extra.seqs)
                if rule.verdict == "normal" and extra.flagged_own:
                    # "reminders are normal" rests only on the messages not flagged
                    own = [x for x in own if x[1] not in extra.flagged_own]
                    count -= len(extra.flagged_own)
                    if count <= 0:
                        continue
                seqs = tuple(seq for _, seq in sorted({*own, *extra.earliest})[:SAMPLE])
                days = tally.method_days.get(method, set()) | extra.days
            dates = tuple(sorted(day_of(d) for d in days))
            findings.append(ReportFinding(method, rule, rule is finding.rule, seqs, count,
                                          finding.actions, dates, over,
                                          law_periods(book, rule.basis, dates, lender)))
    findings.sort(key=lambda f: -SEVERITY[f.rule.verdict])
    verdict = findings[0].rule.verdict if findings else None
    next_steps = ordered_steps(book, (a for f in findings for a in f.actions), lender,
                               with_lender=bool(findings))
    return tuple(findings), verdict, next_steps


def signal_methods(book: Rulebook) -> dict[str, str]:
    """Signal id -> the check method whose conduct a flagged message evidences, via
    the signal's rule: a threat to tell the family is a threat (``threat``), not a
    disclosure; only a signal whose rule is a disclosure is one.

    Signals whose rule judges the time of a contact (``hour``) are left out: the
    journal knows each entry's time and judges it by the method it was logged with."""
    rules = {r.id: r for r in book.rules}
    out = {}
    for signal in book.signals:
        rule = rules.get(signal.rule or "")
        if rule is None or not rule.methods or "hour" in rule.when:
            continue
        out[signal.id] = rule.methods[0]
    return out
