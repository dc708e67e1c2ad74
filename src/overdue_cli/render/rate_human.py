"""``overdue rate`` for people: the answer first (the annual cost, the lines it is
above, what a court would likely support), then 砍头息, the lines with the laws
behind them by title, how the part above was counted, the cash flows, next steps.

Why a module of its own: render/human.py is check's; this one shares its view
helpers. Every word is from the catalogue (labels.yaml ``rate:``, the lines' texts
in cli.yaml, the rulebook's sources and steps); nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, TextIO

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table

from overdue_cli.locale import Localizer
from overdue_cli.rate import OWN_STEPS, Cite, RateAssessment, Supported, lpr_data, money, percent
from overdue_cli.render.results import RateOutput
from overdue_cli.render.view import make_console
from overdue_cli.render.wrap import Para

if TYPE_CHECKING:
    from overdue_cli.rulebook import Rulebook


_NONE = Decimal(0)
_EAR_SHOWN = Decimal(10)  # 1000% a year



class _Words:
    """labels.yaml ``rate:`` in the output language."""

    def __init__(self, book: Rulebook, loc: Localizer) -> None:
        self.words, self.loc = book.labels.get("rate", {}), loc

    def __call__(self, key: str, **params: object) -> str:
        return (self.loc(self.words[key]) or key).format(**params)


def _bullet(text: str, style: str = "") -> Table:
    """"• text" with a hanging indent, so wrapped lines stay under the text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("•", Para(text, style=style))
    return grid


def _under(text: str, style: str = "dim") -> RenderableType:
    """A line that belongs to the bullet above it, indented under its text."""
    return Padding(Para(text, style=style), (0, 0, 0, 2))


def cites(book: Rulebook, loc: Localizer, basis: Iterable[Cite]) -> str:
    """The laws behind a line by title, articles and standing: 《…》第25条、第28条（二手来源）."""
    statuses = book.labels.get("statuses", {})
    authorities = book.labels.get("authorities", {})
    words = book.labels.get("rate", {})
    parts = []
    for cite in basis:
        source = book.sources.get(cite.source)
        if source is None:
            continue
        if loc.lang == "en":
            from overdue_cli.locale import article_in_english

            articles = ", ".join(article_in_english(a) for a in cite.articles)
            said = (loc(source.title) or cite.source) + (f" {articles}" if articles else "")
        else:
            said = (loc(source.title) or cite.source) + loc.chinese("、".join(cite.articles))
        notes = [loc(authorities[source.kind]) or "" if source.kind in authorities else "",
                 loc(statuses[source.status]) or "" if source.status in statuses else "",
                 loc(words[cite.note]) or "" if cite.note and cite.note in words else ""]
        shown = ("; " if loc.lang == "en" else "；").join(n for n in notes if n)
        if shown:
            said += f" ({shown})" if loc.lang == "en" else f"（{shown}）"
        parts.append(said)
    return ("; " if loc.lang == "en" else "；").join(parts)


def _summary(console: Console, word: _Words, a: RateAssessment) -> None:
    console.print(Para(word("summary_title"), style="bold"))
    above = [r for r in a.above_applicable if r.line.rate or r.line.bounds]
    for r in above:
        name = word(f"line_{r.line.id}")
        if r.line.rate is None and r.line.bounds is not None:  # no contract day
            console.print(_bullet(word("above_line_any_day", name=name,
                                       high=percent(r.line.bounds[1]))))
            continue
        rate = percent(r.line.rate or _NONE)
        key = "above_line_marginal" if percent(a.simple) == rate else "above_line"
        console.print(_bullet(word(key, name=name, rate=rate)))
    undecided = [r for r in a.lines if r.line.applies and r.above is None and r.line.bounds]
    for r in undecided:
        low, high = r.line.bounds or (_NONE, _NONE)
        console.print(_bullet(word("above_line_depends", name=word(f"line_{r.line.id}"),
                                   low=percent(low), high=percent(high))))
    void = [r for r in a.above_applicable if r.line.rate == 0 and r.excess is not None]
    s = a.supported
    if not above and not undecided:  # (undecided: "perhaps above" is said already)
        if void and (s is None or s.estimate):
            high = void[0].excess.high if void[0].excess else _NONE
            console.print(_bullet(word("above_void_only", high=money(high))))
        else:
            console.print(_bullet(word("none_above")))
    if s is None:
        return
    # with no estimate (all the interest under the old rules) the void-contract reason,
    # which weighs a 2020 rule against 4 × LPR, has nothing to explain
    reasons = [word(_unclear_key(why, s)) for why in s.why_unclear
               if s.estimate or why != "void"]
    if not s.estimate:
        for said in reasons:
            console.print(_bullet(said))
        return
    if s.excess_high <= 0:
        console.print(_bullet(word("supported_none", paid=s.paid)))
    elif s.excess_low == s.excess_high:
        console.print(_bullet(word("supported_one", paid=s.paid, low=s.supported_low,
                                   excess_low=s.excess_low)))
    else:
        console.print(_bullet(word("supported", paid=s.paid, low=s.supported_low,
                                   high=s.supported_high, excess_low=s.excess_low,
                                   excess_high=s.excess_high)))
    for said in reasons:
        console.print(_under(said))


def _unclear_key(why: str, s: Supported) -> str:
    """The reason's text; the licensed one shorter when nothing lies above the line."""
    if why == "licensed" and s.excess_high <= 0:
        return "supported_unclear_licensed_none"
    return f"supported_unclear_{why}"


def _lines(console: Console, out: RateOutput, word: _Words) -> None:
    book, loc, a = out.book, out.loc, out.assessment
    colon = ": " if loc.lang == "en" else "："
    console.print(Para(word("lines_title"), style="bold"))
    for r in a.lines:
        line = r.line
        name = word(f"line_{line.id}")
        name = name[:1].upper() + name[1:]
        if line.rate == 0:  # "if the contract is void": no percentage to be above
            head = name
        elif line.rate is None:
            head = f"{name}{colon}{word('no_rate')}"
        else:
            mark = word("above" if r.above else "not_above")
            head = (f"{name} ({percent(line.rate)}){colon}{mark}" if loc.lang == "en"
                    else f"{name}（{percent(line.rate)}）{colon}{mark}")
        head += "" if line.applies else f" {word('not_applicable')}"
        console.print(_bullet(head, style="bold" if r.above and line.applies else ""))
        console.print(_under(word(line.note_key), style=""))
        basis = cites(book, loc, line.basis)
        if basis:
            console.print(_under(f"{word('basis')}{colon}{basis}"))
        for key in line.more if line.applies else ():  # (a line that binds no one needs no day)
            console.print(_under(word(key, as_of=lpr_data().as_of.isoformat())))


def _excess(console: Console, word: _Words, a: RateAssessment) -> None:
    shown = [r for r in a.lines if r.excess is not None and r.line.supports and r.excess.high > 0]
    if not shown:
        return
    console.print()
    console.print(Para(word("excess_title"), style="bold"))
    for r in shown:
        e = r.excess
        assert e is not None
        key = "excess_void" if e.rate == 0 else "excess_line"
        console.print(_bullet(word(key, name=word(f"line_{r.line.id}"), rate=percent(e.rate),
                                   days=e.days, allowed_most=e.allowed_most, low=e.low,
                                   allowed_balance=e.allowed_balance, high=e.high)))
    console.print(_under(word("excess_note")))


def rate(out: RateOutput, stream: TextIO) -> None:
    """The conclusion, 砍头息, the lines, the excess, the flows, the next steps."""
    book, loc, a = out.book, out.loc, out.assessment
    word = _Words(book, loc)
    colon = ": " if loc.lang == "en" else "："
    console = make_console(stream)
    cost = a.cost
    console.print(Para(word("title"), style="bold"))
    console.print(Para(word("cost_simple", simple=percent(a.simple)), style="bold"))
    console.print(_under(word("cost_simple_note")))
    console.print(Para(word("cost", apr=percent(cost.apr))))
    # compounding makes a 714 loan's figure astronomical and meaningless to a reader:
    # above 1000% it is only said to be above (JSON keeps the figure)
    huge = cost.ear is None or cost.ear > _EAR_SHOWN
    console.print(Para(word("cost_huge") if huge
                       else word("cost_ear", ear=percent(cost.ear or _NONE)), style="dim"))
    lender = book.lenders.get(a.lender)
    facts = []
    if lender is not None:
        facts.append(f"{word('lender')}{colon}{loc(lender.name)}")
    signed = a.signed_on.isoformat() if a.signed_on is not None else word("signed_missing")
    facts.append(f"{word('signed')}{colon}{signed}")
    console.print(Para(" · ".join(facts), style="dim"))
    console.print()
    _summary(console, word, a)
    if a.counted is not None:
        console.print()
        c = a.counted
        named = a.loan.contract_principal or c.principal
        console.print(Para(word("deducted", contract=money(named),
                                received=money(c.principal), deducted=money(c.deducted),
                                interest=money(c.interest_counted),
                                claimed=money(c.interest_claimed))))
    console.print()
    _lines(console, out, word)
    _excess(console, word, a)
    console.print()
    table = Table(title=word("flows_title"), title_justify="left")
    table.add_column(word("day"))
    table.add_column(word("received_col"), justify="right")
    table.add_column(word("paid_col"), justify="right")
    table.add_column(word("what_col"))
    for f in a.loan.flows:
        what = word(f"flow_{f.kind}", n=f.period) if f.kind else ""
        table.add_row(f.day.isoformat(), money(f.amount) if f.amount > 0 else "",
                      money(-f.amount) if f.amount < 0 else "", what)
    console.print(table)
    console.print(Para(f"{word('total_paid')}{colon}{money(a.loan.paid)}"))
    if any(f.kind == "late_fee_assumed" for f in a.loan.flows):
        console.print(_under(word("late_fee_assumed_note")))
    console.print()
    console.print(Para(word("next_title"), style="bold"))
    console.print(_bullet(word("next_keep")))
    if lender is not None and lender.note is not None:
        console.print(_bullet(loc(lender.note) or ""))
    for step in a.steps:
        if step in OWN_STEPS:
            console.print(_bullet(word(OWN_STEPS[step])))
            continue
        action = book.actions.get(step)
        if action is not None:
            console.print(_bullet(loc(action.text) or ""))
    console.print(_bullet(word("next_explain")))
