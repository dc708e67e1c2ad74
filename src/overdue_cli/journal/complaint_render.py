"""Turn a complaint context into a draft letter for one channel, in Markdown or plain text.

The words live in Jinja2 templates under ``overdue_cli/templates/complaint`` and the
facts about each channel (number, address, what it handles, what to ask for) in
``channels.yaml`` beside them, so a reviewer can check the text and its legal
sources without reading Python. This module only loads them and tidies the result.

jinja2 and PyYAML are imported inside the functions: only ``overdue complaint``
needs them, and every other command's start-up time is measured.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import jinja2

CHANNELS: tuple[str, ...] = ("12378", "local_regulator", "12363", "12321", "nifa", "police",
                             "platform")
"""Complaint channels. Which suit a borrower depends on the lender (the rulebook's
``lenders`` list them in order): 12378 for banks and consumer-finance companies,
the local financial regulator for small-loan companies (legal.md §23)."""

UNIVERSAL_CHANNELS: tuple[str, ...] = ("platform", "12321", "police")
"""Channels for any lender (legal.md §11 step 2: the lender first; §23: "Any lender
→ 12321 / 12377 / 110"): a draft for one of them never warns about the lender."""

FORMATS: tuple[str, ...] = ("markdown", "text")

REQUIRED_KEYS: tuple[str, ...] = (
    "today", "platform", "period", "tz", "counts", "timeline", "findings", "flagged",
    "evidence", "journal", "user", "redacted", "lender",
)
"""Top-level context keys every template relies on. Nested keys are enforced by
StrictUndefined when the template reads them."""

COMPLAINT_VERDICTS: tuple[str, ...] = ("violation", "suspicious", "illegal")
"""Findings with these verdicts go into a draft. ``normal`` and ``limited`` ones are
left out: a complaint that lists lawful conduct weakens the rest of it."""

CHANNEL_KEYS: tuple[str, ...] = ("name", "short", "contact", "handles", "for_whom", "notes",
                                 "asks")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _template_dir() -> Traversable:
    """The packaged template folder; a Traversable so it also works from a zipped wheel."""
    return _template_folder("complaint")


@functools.cache
def _channels() -> dict[str, dict[str, Any]]:
    """Parse channels.yaml once and check it names every channel with every key."""
    import yaml

    text = (_template_dir() / "channels.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("channels.yaml: expected a mapping of channel -> facts")
    for channel in CHANNELS:
        info = data.get(channel)
        if not isinstance(info, dict):
            raise ValueError(f"channels.yaml: channel {channel!r} is missing")
        missing = [key for key in CHANNEL_KEYS if key not in info]
        if missing:
            raise ValueError(f"channels.yaml: channel {channel!r} lacks {', '.join(missing)}")
        for ask in info["asks"]:
            if not isinstance(ask, dict) or "text" not in ask:
                raise ValueError(f"channels.yaml: channel {channel!r} has an ask without text")
    return data


@functools.cache
def allegations() -> dict[str, str]:
    """Rule id -> what a draft alleges (allegations.yaml beside the templates)."""
    import yaml

    data = yaml.safe_load((_template_dir() / "allegations.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError("allegations.yaml: expected a mapping of rule id -> text")
    return data


def channel_info(channel: str) -> dict[str, Any]:
    """The facts about one channel from channels.yaml (a copy the caller may change)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown complaint channel {channel!r}; expected one of "
                         f"{', '.join(CHANNELS)}")
    return copy.deepcopy(_channels()[channel])


def _oneline(value: Any) -> str:
    """Collapse newlines and runs of spaces, so user text cannot break a list or heading."""
    return _SPACES.sub(" ", str(value)).strip()


def _md_escape(value: Any) -> str:
    """Backslash the characters that would turn a user's text into Markdown markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def _template_folder(folder: str) -> Traversable:
    """A packaged template folder (``complaint``, ``letters``), as a Traversable."""
    return resources.files("overdue_cli") / "templates" / folder


def _loader(folders: tuple[str, ...]) -> Any:
    """A Jinja2 load function over importlib.resources: a plain file read, no package
    scan; a name is looked up in each folder in turn (letters reuse ``_macros.j2``)."""
    def load(name: str) -> tuple[str, str, Any] | None:
        if "/" in name or "\\" in name or name.startswith("."):
            return None
        for folder in folders:
            path = _template_folder(folder) / name
            if path.is_file():
                return (path.read_text(encoding="utf-8"),
                        f"overdue_cli/templates/{folder}/{name}", _fresh)
        return None

    return load


def _fresh() -> bool:
    """Packaged templates never change while the process runs."""
    return True


@functools.cache
def template_environment(*folders: str) -> jinja2.Environment:
    """One Environment per set of template folders and process (it caches compiled
    templates): strict about undefined names, the ``oneline`` and ``md_escape``
    filters. ``overdue letter`` uses ``("letters", "complaint")`` so its templates
    share the complaint drafts' layout macros."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_loader(folders)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = _oneline
    env.filters["md_escape"] = _md_escape
    return env


def _environment() -> jinja2.Environment:
    return template_environment("complaint")


def tidy(text: str) -> str:
    """Drop trailing spaces and repeated blank lines; end with exactly one newline.

    Templates stay readable when they may leave an empty line or two where an
    optional part was skipped; this makes the output consistent anyway.
    """
    lines = [line.rstrip() for line in text.splitlines()]
    joined = _BLANK_RUNS.sub("\n\n", "\n".join(lines))
    return joined.strip("\n") + "\n"


def render_summary(item: Mapping[str, Any]) -> str:
    """One timeline line for one journal entry, from ``_summary.j2`` (keys: method,
    method_name, direction, outcome, duration_s, text, note, third_party)."""
    return _oneline(_environment().get_template("_summary.j2").render(item=dict(item)))


def render_complaint(context: Mapping[str, Any], channel: str, fmt: str = "markdown") -> str:
    """Render the complaint draft for ``channel`` from the journal-derived ``context``.

    Raises ValueError for an unknown channel or format, and jinja2.UndefinedError
    when the context lacks a key the draft needs, at the top level or inside an item,
    so a half-built context fails loudly instead of printing a gap.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown complaint channel {channel!r}; expected one of "
                         f"{', '.join(CHANNELS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    env = _environment()
    missing = [key for key in REQUIRED_KEYS if key not in context]
    if missing:
        import jinja2

        raise jinja2.UndefinedError(f"complaint context is missing: {', '.join(missing)}")
    given = context.get("channel")
    if given is not None and given != channel:
        raise ValueError(f"context was built for channel {given!r}, not {channel!r}")
    template = env.get_template(f"{channel}.j2")
    text = template.render(
        ctx=dict(context),
        ch=channel_info(channel),
        fmt=fmt,
        channel=channel,
        complaint_verdicts=COMPLAINT_VERDICTS,
    )
    return tidy(text)
