"""The process's surroundings, gathered once: streams, terminals, variables, clock.

Why: a command that reads ``sys.stdin``, asks ``isatty()`` or calls
``date.today()`` wherever it happens to need it can only be tested by patching
globals. ``cli.main()`` builds one :class:`Environment` from the real process and
hands it to every command (as httpie does); a test hands in another. Only the CLI
uses it: the core is given plain values (a date, a stream), never the Environment.
Imports nothing of ours.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TextIO

from overdue_cli.locale.i18n import ENV_LANG, locale_lang

JOURNAL_VARIABLE = "OVERDUE_DB"
"""The environment variable that names the journal file (``log … --db`` overrides it)."""


def local_now() -> datetime:
    """The wall clock: now, in the machine's time zone (aware)."""
    return datetime.now().astimezone()


def _isatty(stream: TextIO | None) -> bool:
    """A terminal at this end? False for a closed or missing stream (``<&-``)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@dataclass(frozen=True)
class Environment:
    """What a command may read of the world outside it, fixed for one run."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    stdin_isatty: bool
    stdout_isatty: bool
    stderr_isatty: bool
    environ: Mapping[str, str]
    clock: Callable[[], datetime] = local_now
    """Now, aware; :meth:`now` and :meth:`today` read it."""

    @classmethod
    def from_process(cls) -> Environment:
        """The real process: its standard streams (as they are now), its variables
        (the live ``os.environ``) and the wall clock."""
        return cls(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr,
                   stdin_isatty=_isatty(sys.stdin), stdout_isatty=_isatty(sys.stdout),
                   stderr_isatty=_isatty(sys.stderr), environ=os.environ)

    @property
    def interactive(self) -> bool:
        """Both ends on a terminal: only then may a command interview the user."""
        return self.stdin_isatty and self.stdout_isatty

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today's date where the user is (the clock's time zone)."""
        return self.clock().date()

    @property
    def journal_db(self) -> str | None:
        """The journal file ``$OVERDUE_DB`` names, if any; without it (and without
        ``--db``) the journal lives in the user data directory, which
        ``journal.store`` finds."""
        return self.environ.get(JOURNAL_VARIABLE) or None

    @property
    def lang(self) -> str | None:
        """What ``$OVERDUE_LANG`` asks for (checked by ``resolve_lang``), else what the
        system locale (``LC_ALL``/``LC_MESSAGES``/``LANG``) names, if anything."""
        return self.environ.get(ENV_LANG) or locale_lang(self.environ)
