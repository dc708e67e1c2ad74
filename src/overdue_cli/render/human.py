"""Human output with rich for check, explain, methods and the rulebook commands.

Each function is a :class:`~overdue_cli.render.formats.Renderer`: one result
object from ``render.results`` and the stream to draw it on, twin of the
function of the same name in ``render.json``; ``render.formats`` picks them.
Shared helpers (the console, :class:`~overdue_cli.render.view.View`) are in
``render.view``; markup in user-supplied text (the platform name) is escaped.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.check import Assessment, Finding, group_steps
from overdue_cli.render.results import (
    CheckOutput,
    ExplanationOutput,
    MethodsOutput,
    RulesOutput,
    RuleTestOutput,
    TopicsOutput,
    ValidationOutput,
)
from overdue_cli.render.view import VERDICT_STYLE, View, make_console, printable
from overdue_cli.render.wrap import Para, Words
from overdue_cli.text import text_safe


def check(out: CheckOutput, stream: TextIO) -> None:
    """The answer first (:func:`summary`), then the situation, each method's finding,
    and every next step, grouped by kind; ``--brief``: the summary alone."""
    book, loc, a = out.book, out.loc, out.assessment
    console = make_console(stream)
    v = View(book, loc)
    console.print(summary(v, a))
    if out.brief:
        console.print(Para(v.ui("brief_hint"), style="dim"))
        console.print(v.disclaimer())
        return
    s, stage = a.situation, a.stage
    c = v.colon()
    facts = [f"{v.ui('days_overdue')}{c}{s.days_overdue}"]
    if s.platform:
        facts.append(f"{v.ui('platform')}{c}{printable(s.platform)}")
    if s.hour is not None:
        facts.append(f"{v.ui('hour')}{c}{s.hour}:00")
    if s.calls_per_day is not None:
        facts.append(f"{v.ui('calls_per_day')}{c}{s.calls_per_day}")
    if s.attempts_per_day is not None:
        facts.append(f"{v.ui('attempts_per_day')}{c}{s.attempts_per_day}")
    if s.unreachable:
        facts.append(v.ui("unreachable"))
    labels = book.labels.get("check", {})
    lender = book.lenders.get(s.lender)
    if lender is not None and s.lender != "unknown" and "lender" in labels:
        facts.append(f"{loc(labels['lender'])}{c}{loc(lender.name)}")
    if s.on is not None and "judged_on" in labels:
        facts.append(f"{loc(labels['judged_on'])}{c}{s.on.isoformat()}")
    normal = "、".join(loc(book.methods[m].name) or m for m in stage.normal_methods) \
        if loc.lang != "en" else ", ".join(loc(book.methods[m].name) or m
                                           for m in stage.normal_methods)
    header = Group(
        Para(" · ".join(facts)),
        Para(f"{v.ui('stage')}{c}{loc(stage.title)}", style="bold"),
        Para(loc(stage.summary) or ""),
        Para(f"{v.ui('normal_now')}{c}{normal}"),
        Para(v.ui("stage_note"), style="dim"),
    )
    console.print(Panel(header, title=v.ui("report_title"), title_align="left", expand=True))
    if lender is not None and lender.note is not None and "lender_note" in labels:
        console.print(v.section_label(loc(labels["lender_note"]) or "", indent=0))
        console.print(Padding(Para(loc(lender.note) or ""), (0, 0, 0, 2)))
        console.print()
    if _shows_limitation(a):
        from overdue_cli.render.json import limitation_text

        text = limitation_text(book, loc, a)
        if text:
            console.print(v.section_label(loc(labels["limitation_title"]) or "", indent=0))
            console.print(Padding(Para(text), (0, 0, 0, 2)))
            console.print()
    if a.verdict is not None:
        overall = RichText(f"{v.ui('overall')}{c}", style="bold")
        overall.append_text(v.verdict(a.verdict))
        console.print(overall)
        console.print()
    groups = group_steps(book, a.next_steps)
    order = tuple(x for _, ids in groups for x in ids)
    if a.verdict is not None:
        for i, finding in enumerate(a.findings, 1):
            _render_finding(console, v, i, finding, order)
    if groups:
        console.print(v.heading("next_steps"))
        number = 0
        for group, ids in groups:
            console.print(v.section_label(v.ui(f"step_group_{group}"), indent=2))
            rows: list[RenderableType] = []
            for x in ids:
                number += 1
                rows.append(_step(v, a, x, expand=x in a.summary.do_now))
            console.print(_numbered(rows, number - len(ids) + 1))
        console.print()
    console.print(v.disclaimer())


def summary(v: View, a: Assessment) -> Panel:
    """The opening box: what is illegal, suspicious or against the rules (by method),
    or that nothing is, and the steps to take now (the first of those below)."""
    book, loc, s = v.book, v.loc, a.summary
    sep = ", " if loc.lang == "en" else "、"
    lines: list[RenderableType] = []
    if a.verdict is None:
        lines.append(Para(v.ui("summary_unjudged")))
    elif not (s.illegal or s.suspicious or s.violation):
        lines.append(Para(v.ui("summary_none"), style=VERDICT_STYLE["normal"]))
    for verdict, methods in (("illegal", s.illegal), ("suspicious", s.suspicious),
                             ("violation", s.violation)):
        if methods:
            names = sep.join(loc(book.methods[m].name) or m for m in methods)
            lines.append(Para(v.ui(f"summary_{verdict}").format(methods=names),
                              style=VERDICT_STYLE[verdict]))
    if s.do_now:
        lines.append(RichText(v.ui("do_now") + v.colon().strip(), style="bold"))
        lines.append(_numbered([Para(loc(book.actions[x].text) or "") for x in s.do_now], 1))
    return Panel(Group(*lines), title=v.ui("summary_title"), title_align="left", expand=True)


def _step(v: View, a: Assessment, action: str, expand: bool) -> RenderableType:
    """One next step: its text; expanded, also the methods it answers."""
    text = Para(v.loc(v.book.actions[action].text) or "")
    methods = [f.method for f in a.findings if action in f.actions] if expand else []
    if not methods:
        return text
    sep = ", " if v.loc.lang == "en" else "、"
    names = sep.join(dict.fromkeys(v.loc(v.book.methods[m].name) or m for m in methods))
    return Group(text, Para(f"{v.ui('step_for')}{v.colon()}{names}", style="dim"))


def _numbered(rows: list[RenderableType], start: int) -> Padding:
    """Items numbered from ``start``, with a hanging indent (as ``View.bullets``)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right", min_width=3)
    grid.add_column()
    for i, row in enumerate(rows, start):
        grid.add_row(f"{i}.", row)
    return Padding(grid, (0, 0, 0, 2))


def _shows_limitation(a: Assessment) -> bool:
    """The limitation paragraph is shown when it can matter: dates were given, the
    stage is 'over three years', or a lawsuit is among the methods."""
    lim = a.limitation
    return lim is not None and (lim.status != "unknown" or a.stage.id == "limitation"
                                or "lawsuit" in a.situation.methods)


def _render_finding(console: Console, v: View, index: int, f: Finding,
                    merged: tuple[str, ...]) -> None:
    loc, book, c = v.loc, v.book, v.colon()
    head = RichText(f"{index}. {loc(book.methods[f.method].name)}  ", style="bold")
    head.append_text(v.verdict(f.verdict))
    console.print(head)
    console.print(Padding(Para(loc(f.rule.title) or "", style=VERDICT_STYLE[f.verdict]),
                          (0, 0, 0, 3)))
    console.print(v.section("why", Para(loc(f.rule.explanation) or "")))
    console.print(v.section("basis", v.bullets(v.basis_lines(f.basis or f.rule.basis), indent=0)))
    if f.rule.conditions:
        console.print(v.section("conditions",
                                v.bullets((loc(x) or "" for x in f.rule.conditions), indent=0)))
    numbers = sorted(merged.index(a) + 1 for a in f.actions if a in merged)
    if numbers:
        sep = ", " if v.loc.lang == "en" else "、"
        see = v.ui("see_steps").format(numbers=sep.join(map(str, numbers)))
        console.print(v.section("next_steps", Para(see)))
    also = [r for r in f.fired if r is not f.rule and r.verdict != "normal"]
    if also:
        lines = [f"{loc(r.title)} [{loc(book.label('verdicts', r.verdict))}]" for r in also]
        console.print(v.section("also", v.bullets(lines, indent=0)))
    others = [r.id for r in f.fired if r is not f.rule]
    more = f" (+ {', '.join(others)})" if others else ""
    console.print(RichText(f"   {v.ui('rule')}{c}{f.rule.id}{more}", style="dim"),
                  overflow="fold")
    console.print()


def explanation(out: ExplanationOutput, stream: TextIO) -> None:
    book, loc, e = out.book, out.loc, out.explanation
    console = make_console(stream)
    v = View(book, loc)
    t, c = e.topic, v.colon()
    body = Group(
        Para(f"{v.ui('question')}{c}{loc(t.question)}", style="italic"),
        RichText(""),
        RichText(v.ui("answer"), style="bold"),
        Para(loc(t.answer) or ""),
    )
    if e.routed_from is not None:
        shown = printable(text_safe(" ".join(e.routed_from.split())))
        console.print(Para(v.ui("routed_from").format(question=shown), style="dim"))
    console.print(Panel(body, title=f"{loc(t.title)}  ({t.id})", title_align="left"))
    if e.also:
        console.print(v.heading("also_ask"))
        console.print(v.bullets(f"{loc(book.topics[i].title)}  (overdue explain {i})"
                                for i in e.also))
        console.print()
    if t.points:
        console.print(v.heading("points"))
        console.print(v.bullets(loc(p) or "" for p in t.points))
        console.print()
    if e.rules:
        console.print(v.heading("related_rules"))
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for rule in e.rules:
            grid.add_row("•", v.verdict(rule.verdict), Group(Para(loc(rule.title) or ""),
                                                             RichText(rule.id, style="dim")))
        console.print(Padding(grid, (0, 0, 0, 2)))
        console.print()
    if t.basis:
        console.print(v.heading("basis"))
        console.print(v.bullets(v.basis_lines(t.basis)))
        console.print()
    if e.actions:
        console.print(v.heading("next_steps"))
        console.print(v.bullets((loc(a.text) or "" for a in e.actions), numbered=True))
        console.print()
    console.print(v.disclaimer())


def topics(out: TopicsOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    console = make_console(stream)
    v = View(book, loc)
    table = Table(title=v.ui("topics"), title_justify="left", show_lines=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column(v.ui("question"), overflow="fold")
    for t in book.topics.values():
        table.add_row(t.id, Para(f"{loc(t.title)}\n{loc(t.question)}"))
    console.print(table)
    console.print(Para(v.ui("explain_hint"), style="dim"))
    console.print(Para(v.ui("explain_free_hint"), style="dim"))


def methods(out: MethodsOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    console = make_console(stream)
    v = View(book, loc)
    table = Table(show_lines=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column(v.ui("name"), ratio=2)
    table.add_column(v.ui("also_accepted"), ratio=3)
    for m in book.methods.values():  # wrapped between words, never cut with "…"
        table.add_row(m.id, Para(loc(m.name) or ""), Words(list(m.aliases[:6])))
    console.print(table)


def rules_list(out: RulesOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    console = make_console(stream)
    v = View(book, loc)
    table = Table(show_lines=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column(v.ui("verdict"), no_wrap=True)
    table.add_column(v.ui("method"))
    table.add_column(v.ui("title"))
    for r in book.rules:
        when = " ".join(f"{k}={_fmt(x)}" for k, x in r.when.items())
        methods = ", ".join(r.methods) + (f"\n[{when}]" if when else "")
        table.add_row(r.id, v.verdict(r.verdict), escape(methods), loc(r.title) or "")
    console.print(table)


def _fmt(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def rules_test(out: RuleTestOutput, stream: TextIO) -> None:
    results = out.results
    path = out.book.shown_path
    console = make_console(stream)
    for r in results:
        if not r.passed:
            console.print(RichText(f"FAIL {r.rule_id} example {r.index + 1} "
                                   f"({path}:{r.line})", style="bold red"), soft_wrap=True)
            for failure in r.failures:
                console.print(f"     {escape(failure)}", soft_wrap=True)
    failed = sum(not r.passed for r in results)
    style = "bold red" if failed else "green"
    console.print(RichText(f"rules test: {len(results) - failed} examples passed, "
                           f"{failed} failed ({path})", style=style), soft_wrap=True)


def rules_validate(out: ValidationOutput, stream: TextIO) -> None:
    path, problems, book = out.path, out.problems, out.book
    console = make_console(stream)
    for p in problems:
        console.print(escape(str(p)), soft_wrap=True)
    if problems:
        console.print(RichText(f"{len(problems)} problem(s) in {path}", style="bold red"),
                      soft_wrap=True)
    elif book is not None:
        examples = sum(len(r.examples) for r in book.rules)
        console.print(RichText(
            f"{path}: valid (rulebook {book.version}: {len(book.sources)} sources, "
            f"{len(book.methods)} methods, {len(book.stages)} stages, {len(book.actions)} "
            f"actions, {len(book.rules)} rules with {examples} examples, "
            f"{len(book.topics)} topics)", style="green"), soft_wrap=True)
