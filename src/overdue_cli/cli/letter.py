"""``overdue letter``: the borrower's letters (negotiate, stop-third-party,
credit-dispute, data, verify-debt) and ``letter list``.

Why a module of its own: a command group with its own options, each command a few
lines of parsing around ``overdue_cli.letters.build_letter``; the words are the
templates', the layout ``render.letter``'s. Writes only where ``--output`` says,
0600, never over an existing file unless ``--force``. Everything heavier than
Typer is imported inside the functions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from overdue_cli.cli.context import environment, note, say
from overdue_cli.cli.journal import DbOpt, OutputOpt, PlatformOpt, TzOpt, output_stream
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, localizer, rulebook
from overdue_cli.errors import EXIT_OK, UsageProblem

if TYPE_CHECKING:
    from overdue_cli.env import Environment
    from overdue_cli.letters import LetterInput, ThirdPartyContact
    from overdue_cli.rulebook import Rulebook

letter_app = typer.Typer(no_args_is_help=True)

LenderOpt = Annotated[str | None, typer.Option("--lender", metavar="KIND")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT")]
ForceOpt = Annotated[bool, typer.Option("--force")]
ReachOpt = Annotated[str | None, typer.Option("--reach", metavar="TEXT")]
HoursOpt = Annotated[str | None, typer.Option("--hours", metavar="TEXT")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", metavar="TEXT")]
InteractiveOpt = Annotated[bool, typer.Option("--interactive", "-i")]


@contextlib.contextmanager
def letter_stream(env: Environment, path: str | None, force: bool) -> Iterator[TextIO]:
    """stdout, or a new 0600 file; with ``--force`` an existing regular file is replaced
    (written beside it, then renamed over it, so a failure leaves the old one whole).
    Without ``--force`` an existing file is refused: exit 2 (``output_exists``, with a
    hint that names ``--force``)."""
    if not force and path is not None and path != "-" and os.path.lexists(path):
        # checked here only for the hint (output_stream's O_EXCL still decides)
        raise UsageProblem(f"{path}: already exists; not overwriting it",
                           "choose a new file name, remove the old file first, or add "
                           "--force to replace it", key="output_exists",
                           hint_key="letter_output_exists_hint", params={"path": path})
    if not force or path is None or path == "-" or not os.path.lexists(path):
        with output_stream(env, path) as stream:
            yield stream
        return
    if os.path.islink(path) or not os.path.isfile(path):
        raise UsageProblem(f"{path}: not a regular file; not replacing it",
                           key="letter_output_not_file", params={"path": path})
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(prefix=".overdue-letter-", dir=folder)
    except OSError as exc:
        from overdue_cli.cli.journal import cannot_create

        raise cannot_create(path, exc) from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _lender(book: Rulebook, word: str | None, lang: str | None) -> str | None:
    """``--lender`` as a rulebook lender id, read as ``check`` reads it."""
    from overdue_cli.check import parse_lender

    return None if word is None else parse_lender(book, word, localizer(lang).lang)


def _book_and_lender(lang: str | None, rules: str | None,
                     lender: str | None) -> tuple[Rulebook, str | None]:
    """What every letter starts from: ``--lang`` checked first (a mistyped language is
    the likelier mistake), the rulebook, and ``--lender`` read against it."""
    localizer(lang)
    book = rulebook(rules)
    return book, _lender(book, lender, lang)


def _facts(ctx: typer.Context, interactive: bool, lang: str | None, kind: str,
           required: tuple[str, ...], given: dict[str, str | None]) -> dict[str, str | None]:
    """The required facts: the flags', and those missing asked for (one question
    each, on stderr) on a terminal or with ``-i``; otherwise, or still missing,
    exit 2 naming every one (``letters.require``)."""
    from overdue_cli.letters import missing_facts, require

    env = environment(ctx)
    facts = dict(given)
    if (interactive or env.interactive) and missing_facts(required, given):
        from overdue_cli.cli.check import asker
        from overdue_cli.letters import ask_missing

        facts.update(ask_missing(kind, required, given, localizer(lang).lang, asker(env),
                                 lambda text: typer.echo(text, err=True)))
    require(kind, required, facts)
    return facts


def _write(ctx: typer.Context, inp: LetterInput, book: Rulebook, output_format: str,
           output: str | None, force: bool, json_out: bool, lang: str | None) -> int:
    """Draft the letter and write it (or its JSON) where the user said."""
    from overdue_cli.journal import parse_choice
    from overdue_cli.letters import FORMATS, build_letter
    from overdue_cli.render import OutputFormat, render
    from overdue_cli.render.letter import LetterOutput

    fmt = parse_choice(output_format, "--format", FORMATS) or "markdown"
    letter = build_letter(inp, book, fmt=fmt, lang=localizer(lang).lang)
    with letter_stream(environment(ctx), output, force) as stream:
        render(LetterOutput(letter), OutputFormat.JSON if json_out else OutputFormat(fmt),
               stream)
    if output is not None and output != "-":
        note(say("letter_written", path=output))
    return EXIT_OK


def _contacts(book: Rulebook, db: str | None, platform: str | None, tz: str | None,
              lender: str | None) -> tuple[tuple[ThirdPartyContact, ...], int, str]:
    """The journal's third-party contacts for ``platform``, read as ``overdue
    complaint`` reads the journal: the earliest the report keeps, and how many in all."""
    from overdue_cli.cli.journal import analyse_new, date_filter, open_journal
    from overdue_cli.journal import build, third_person
    from overdue_cli.letters import ThirdPartyContact
    from overdue_cli.locale import Localizer
    from overdue_cli.text import text_safe

    flt = date_filter(platform, None, None, tz)
    zh = Localizer("zh-Hans")
    with open_journal(db, create=False) as journal:
        analyse_new(journal, book)
        rep = build(journal, book, flt, lender=lender)
    found = []
    for c in rep.third_party_sample:
        method = book.methods.get(c.method)
        detail = " ".join((c.note or c.text or "").split())
        found.append(ThirdPartyContact(
            seq=c.seq, at=c.at.astimezone(flt.tz).strftime("%Y-%m-%d %H:%M"), method=c.method,
            method_name=third_person(zh(method.name) or c.method) if method else c.method,
            number=c.number, name=text_safe(c.name) if c.name else None,
            detail=(detail[:120] + "…" if len(detail) > 120 else detail) or None))
    if not found:
        note(say("letter_no_third_party", platform=platform or ""))
    return tuple(found), rep.third_party, str(flt.tz)


def negotiate(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    owed: Annotated[str | None, typer.Option("--owed", metavar="AMOUNT")] = None,
    can_pay: Annotated[str | None, typer.Option("--can-pay", metavar="AMOUNT")] = None,
    reason: ReasonOpt = None,
    reach: ReachOpt = None,
    hours: HoursOpt = None,
    interactive: InteractiveOpt = False,
    output_format: FormatOpt = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """协商还款申请书: the hardship, what you can pay a month, the plan you ask for."""
    from overdue_cli.letters import LetterInput, parse_monthly
    from overdue_cli.rate import parse_amount

    book, kind = _book_and_lender(lang, rules, lender)
    f = _facts(ctx, interactive, lang, "negotiate", ("platform", "owed", "can_pay", "reason"),
               {"platform": platform, "owed": owed, "can_pay": can_pay, "reason": reason})
    platform, owed, can_pay, reason = f["platform"], f["owed"], f["can_pay"], f["reason"]
    assert owed is not None and can_pay is not None
    inp = LetterInput("negotiate", environment(ctx).today(), platform=platform, lender=kind,
                      owed=parse_amount(owed, "--owed"), can_pay=parse_monthly(can_pay),
                      reason=reason, reach=reach, hours=hours)
    return _write(ctx, inp, book, output_format, output, force, json_out, lang)


def stop_third_party(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    from_journal: Annotated[bool, typer.Option("--from-journal")] = False,
    reach: ReachOpt = None,
    hours: HoursOpt = None,
    tz: TzOpt = None,
    db: DbOpt = None,
    interactive: InteractiveOpt = False,
    output_format: FormatOpt = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """要求停止联系第三人: collect only from you; the rules; how to reach you."""
    from overdue_cli.letters import LetterInput

    book, kind = _book_and_lender(lang, rules, lender)
    platform = _facts(ctx, interactive, lang, "stop-third-party", ("platform",),
                      {"platform": platform})["platform"]
    contacts, total, zone = None, 0, "Asia/Shanghai"
    if from_journal:
        contacts, total, zone = _contacts(book, db, platform, tz, kind)
    inp = LetterInput("stop-third-party", environment(ctx).today(), platform=platform,
                      lender=kind, reach=reach, hours=hours, contacts=contacts,
                      contacts_total=total, tz=zone)
    return _write(ctx, inp, book, output_format, output, force, json_out, lang)


def credit_dispute(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    item: Annotated[str | None, typer.Option("--item", metavar="TEXT")] = None,
    reason: ReasonOpt = None,
    to: Annotated[str | None, typer.Option("--to", metavar="bureau|lender")] = None,
    reach: ReachOpt = None,
    hours: HoursOpt = None,
    interactive: InteractiveOpt = False,
    output_format: FormatOpt = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """征信异议申请: a wrong credit-report entry, to the bureau or the lender."""
    from overdue_cli.letters import LetterInput, parse_recipient

    book, kind = _book_and_lender(lang, rules, lender)
    recipient = parse_recipient(to)
    f = _facts(ctx, interactive, lang, "credit-dispute", ("platform", "item", "reason"),
               {"platform": platform, "item": item, "reason": reason})
    platform, item, reason = f["platform"], f["item"], f["reason"]
    inp = LetterInput("credit-dispute", environment(ctx).today(), platform=platform,
                      lender=kind, item=item, reason=reason, to=recipient, reach=reach,
                      hours=hours)
    return _write(ctx, inp, book, output_format, output, force, json_out, lang)


def data(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    request: Annotated[str | None, typer.Option("--request", metavar="LIST")] = None,
    reach: ReachOpt = None,
    hours: HoursOpt = None,
    interactive: InteractiveOpt = False,
    output_format: FormatOpt = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """个人信息权利请求: see, copy, delete your data; withdraw address-book consent."""
    from overdue_cli.letters import LetterInput, parse_requests

    book, kind = _book_and_lender(lang, rules, lender)
    requests = parse_requests(request)
    platform = _facts(ctx, interactive, lang, "data", ("platform",),
                      {"platform": platform})["platform"]
    inp = LetterInput("data", environment(ctx).today(), platform=platform, lender=kind,
                      requests=requests, reach=reach, hours=hours)
    return _write(ctx, inp, book, output_format, output, force, json_out, lang)


def verify_debt(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    reach: ReachOpt = None,
    hours: HoursOpt = None,
    interactive: InteractiveOpt = False,
    output_format: FormatOpt = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """要求提供借款合同及还款明细: the contract, each payment and fee, who holds the debt."""
    from overdue_cli.letters import LetterInput

    book, kind = _book_and_lender(lang, rules, lender)
    platform = _facts(ctx, interactive, lang, "verify-debt", ("platform",),
                      {"platform": platform})["platform"]
    inp = LetterInput("verify-debt", environment(ctx).today(), platform=platform, lender=kind,
                      reach=reach, hours=hours)
    return _write(ctx, inp, book, output_format, output, force, json_out, lang)


def list_letters(
    ctx: typer.Context,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> int:
    """List the letters, with when to send each."""
    from overdue_cli.letters import catalogue_entries
    from overdue_cli.render import OutputFormat, render
    from overdue_cli.render.letter import LetterListOutput

    loc = localizer(lang)
    render(LetterListOutput(loc, catalogue_entries(loc.lang)),
           OutputFormat.human_or_json(json_out), environment(ctx).stdout)
    return EXIT_OK


letter_app.command("negotiate")(negotiate)
letter_app.command("stop-third-party")(stop_third_party)
letter_app.command("credit-dispute")(credit_dispute)
letter_app.command("data")(data)
letter_app.command("verify-debt")(verify_debt)
letter_app.command("list")(list_letters)
