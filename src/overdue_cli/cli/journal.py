"""What every journal command shares: its options, opening the journal, the date
filter, ``--lender``, redaction, entry documents and the output file.

Why a module of its own: ``log add|void|import|list|report|verify|export|destroy``
(``cli.log``, ``cli.log_import``, ``cli.log_report``) and ``complaint``
(``cli.complaint``) take the same options and open the journal the same way.
None of it is imported for ``check`` or ``explain``; every core module is
imported inside the function that needs it. Errors are our exception types,
turned into one line and an exit code by ``cli.main``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from overdue_cli.cli.context import note, say
from overdue_cli.cli.options import localizer
from overdue_cli.env import Environment
from overdue_cli.errors import Interrupted, UsageProblem
from overdue_cli.text import text_safe

if TYPE_CHECKING:
    from pathlib import Path

    from overdue_cli.journal import Entry, Filter, Journal, Redactor
    from overdue_cli.render import EntryDoc
    from overdue_cli.rulebook import Rulebook

DbOpt = Annotated[str | None, typer.Option(
    "--db", metavar="PATH")]
TzOpt = Annotated[str | None, typer.Option(
    "--tz", metavar="ZONE")]
PlatformOpt = Annotated[str | None, typer.Option("--platform", metavar="NAME")]
LenderOpt = Annotated[str | None, typer.Option(
    "--lender", metavar="KIND")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", metavar="DATE")]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", metavar="DATE")]
RedactOpt = Annotated[bool, typer.Option(
    "--redact")]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE")]


def open_journal(db: str | None, *, create: bool = True) -> Journal:
    """The journal ``--db`` names (else ``$OVERDUE_DB``, else the user data directory)."""
    from overdue_cli.journal import Journal

    return Journal.open(journal_path(db), create=create)


def journal_path(db: str | None) -> Path:
    """``--db``, else ``$OVERDUE_DB`` (from the Environment), else the user data directory."""
    from overdue_cli.cli.context import current_environment
    from overdue_cli.journal import resolve_path

    return resolve_path(db or current_environment().journal_db)


def analyse_new(journal: Journal, book: Rulebook, quiet: bool = False) -> int:
    """Scan messages that have no analysis for this rulebook yet (cached)."""
    from overdue_cli.journal import analyse

    def announce(waiting: int) -> None:
        if waiting >= 2000 and not quiet:
            note(say("scanning_journal", count=waiting))

    return analyse(journal, book, on_start=announce)


def date_filter(platform: str | None, since: str | None, until: str | None,
                tz: str | None) -> Filter:
    """``--platform``, ``--since``, ``--until`` and ``--tz`` as the journal's Filter."""
    from overdue_cli.journal import Filter, parse_date, parse_tz

    zone, _ = parse_tz(tz)
    start = parse_date(since, "--since", zone)
    end = parse_date(until, "--until", zone)
    if start and end and start > end:
        raise UsageProblem(f"--since {start} is after --until {end} (起止日期颠倒)",
                           "swap them", key="since_after_until", hint_key="swap_them",
                           params={"since": start, "until": end})
    return Filter(platform, start, end, zone)


def lender_kind(book: Rulebook, word: str | None, lang: str | None) -> str | None:
    """A ``--lender`` word as a rulebook lender id (None when not given)."""
    from overdue_cli.check import parse_lender

    return None if word is None else parse_lender(book, word, localizer(lang).lang)


def needs_platform(lender: str | None, platform: str | None, lang: str | None) -> None:
    """``--lender`` is kept per platform, so it needs one."""
    if lender is None or platform:
        return
    del lang  # the message is said in the language the CLI chose (cli.yaml)
    raise UsageProblem("--lender says what kind of lender a platform is: give --platform "
                       "NAME too", "e.g. --platform 某某借 --lender small_loan",
                       key="lender_needs_platform", hint_key="lender_needs_platform_hint")



def shown_path(journal: Journal, redact: bool) -> str:
    """The journal's path for output; redacted, its file name only (a folder often
    holds the user's name)."""
    return text_safe(journal.path.name) if redact else journal.shown


def redactor_for(journal: Journal, on: bool) -> Redactor | None:
    """A Redactor that also knows every counterparty name in the journal."""
    if not on:
        return None
    from overdue_cli.journal import Redactor

    return Redactor(journal.counterparty_names())


def entry_document(journal: Journal, entry: Entry) -> EntryDoc:
    """One entry just written, with its scan verdict, as every output shows it."""
    from overdue_cli.render import entry_doc

    return entry_doc(entry, journal.analysis_for([entry.seq]).get(entry.seq))


def entry_documents(journal: Journal, entries: Iterable[Entry],
                    redactor: Redactor | None) -> Iterator[EntryDoc]:
    """Entry documents a page of 1,000 at a time: a journal of 500,000 entries is
    listed or exported in the memory one page takes."""
    page: list[Entry] = []
    for entry in entries:
        page.append(entry)
        if len(page) >= 1000:
            yield from _with_analysis(journal, page, redactor)
            page = []
    yield from _with_analysis(journal, page, redactor)


def _with_analysis(journal: Journal, page: list[Entry],
                   redactor: Redactor | None) -> Iterator[EntryDoc]:
    from overdue_cli.render import entry_doc

    analysis = journal.analysis_for(e.seq for e in page)
    for entry in page:
        yield entry_doc(entry, analysis.get(entry.seq), redactor)


_CREATE_KEYS = {errno.ENOENT: "output_no_folder", errno.ENOTDIR: "output_no_folder",
                errno.EACCES: "output_denied", errno.EPERM: "output_denied",
                errno.EROFS: "output_read_only", errno.ENOSPC: "output_disk_full"}


def cannot_create(path: str, exc: OSError) -> UsageProblem:
    """The error for an output file that cannot be made, in the user's language for the
    common causes (no such folder, no permission, read-only, disk full); the system's
    own words otherwise."""
    return UsageProblem(f"{path}: cannot create it: {exc.strerror}",
                        "check the directory exists and is writable",
                        key=_CREATE_KEYS.get(exc.errno or 0, "output_cannot_create"),
                        hint_key="output_cannot_create_hint",
                        params={"path": path, "why": exc.strerror})


@contextlib.contextmanager
def output_stream(env: Environment, path: str | None) -> Iterator[TextIO]:
    """The Environment's stdout, or a new private file (0600); an existing file is
    not overwritten, and one left incomplete is removed."""
    if path is None or path == "-":
        yield env.stdout
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageProblem(f"{path}: already exists; not overwriting it (文件已存在)",
                           "choose a new file name, or remove the old file first",
                           key="output_exists", hint_key="output_exists_hint",
                           params={"path": path}) from None
    except OSError as exc:
        raise cannot_create(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except BaseException as exc:
        # A part of an export looks whole (it ends on a full line): never leave one.
        with contextlib.suppress(OSError):
            os.unlink(path)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(f"interrupted: {path} was incomplete and has been removed",
                              key="interrupted_removed", params={"path": path}) from None
        raise
