"""``overdue rate`` for people: the answer first (the annual cost and the lines it is
above), then 砍头息 and the excess, the cash-flow table, and the next steps.

Why a module of its own: render/human.py is check's; this one shares its view
helpers. Every word is from the catalogue (labels.yaml ``rate:``, the lines'
texts in cli.yaml); nothing is decided here.
"""

from __future__ import annotations

from typing import TextIO

from rich.table import Table

from overdue_cli.locale.cli_text import CliText
from overdue_cli.rate import lpr_data, percent
from overdue_cli.render.results import RateOutput
from overdue_cli.render.view import make_console
from overdue_cli.render.wrap import Para


def rate(out: RateOutput, stream: TextIO) -> None:
    """The conclusion, the lines, 砍头息, the excess, the flows, the next steps."""
    book, loc, a = out.book, out.loc, out.assessment
    words = book.labels.get("rate", {})

    def word(key: str, **params: object) -> str:
        return (loc(words[key]) or key).format(**params)

    text = CliText(loc.lang)
    colon = ": " if loc.lang == "en" else "："
    console = make_console(stream)
    cost = a.cost
    console.print(Para(word("title"), style="bold"))
    if cost.ear is None:
        console.print(Para(word("cost_huge", apr=percent(cost.apr)), style="bold"))
    else:
        console.print(Para(word("cost", apr=percent(cost.apr), ear=percent(cost.ear)),
                           style="bold"))
    lender = book.lenders.get(a.lender)
    facts = []
    if lender is not None:
        facts.append(f"{word('lender')}{colon}{loc(lender.name)}")
    if a.signed_on is not None:
        facts.append(f"{word('signed')}{colon}{a.signed_on.isoformat()}")
    console.print(Para(" · ".join(facts), style="dim"))
    console.print()
    console.print(Para(word("lines_title"), style="bold"))
    authorities = book.labels.get("authorities", {})
    statuses = book.labels.get("statuses", {})
    for r in a.lines:
        line = r.line
        shown = percent(line.rate) if line.rate is not None else word("no_rate")
        mark = word("no_rate") if r.above is None else word("above" if r.above else "not_above")
        source = loc(authorities[line.authority]) if line.authority in authorities else ""
        status = loc(statuses[line.status]) if line.status in statuses else ""
        head = f"• {shown} {mark}" + ("" if line.applies else f" {word('not_applicable')}")
        console.print(Para(head, style="bold" if r.above and line.applies else ""))
        console.print(Para(f"  {text.message(line.note_key)}"))
        tail = " · ".join(part for part in (source, status, line.source_ref) if part)
        console.print(Para(f"  {tail}", style="dim"))
        for key in line.more:
            params = {"as_of": lpr_data().as_of.isoformat()}
            try:
                console.print(Para(f"  {text.message(key, **params)}", style="dim"))
            except (KeyError, IndexError):
                console.print(Para(f"  {key}", style="dim"))
    if a.counted is not None:
        console.print()
        console.print(Para(word("deducted", contract=a.loan.contract_principal,
                               received=a.counted.principal, deducted=a.counted.deducted,
                               interest=a.counted.interest_counted)))
    if a.excess is not None and a.excess.amount > 0:
        console.print()
        console.print(Para(word("excess", amount=a.excess.amount, line=a.excess.line_id,
                               rate=percent(a.excess.rate), allowed=a.excess.allowed)))
        console.print(Para(word("excess_note"), style="dim"))
    console.print()
    table = Table(title=word("flows_title"), title_justify="left")
    table.add_column(word("day"))
    table.add_column(word("received_col"), justify="right")
    table.add_column(word("paid_col"), justify="right")
    for f in a.loan.flows:
        table.add_row(f.day.isoformat(), str(f.amount) if f.amount > 0 else "",
                      str(-f.amount) if f.amount < 0 else "")
    console.print(table)
    console.print(Para(f"{word('total_paid')}{colon}{a.loan.paid}"))
    console.print()
    console.print(Para(word("next_title"), style="bold"))
    console.print(Para(f"• {word('next_keep')}"))
    if lender is not None and lender.note is not None:
        console.print(Para(f"• {loc(lender.note)}"))
    console.print(Para(f"• {word('next_explain')}"))
