"""The command line's own words in the user's language: help, Click's messages,
errors, hints and prompts, from the catalogue ``locale/cli.yaml``.

Why a catalogue and not literals in the command modules: a person who reads
only Chinese must be able to read ``overdue --help`` and every usage error, and
one file with every text in zh and en side by side is what a translator (and
the test that renders every help screen in three languages) can check. Read
only when a help screen or an error needs it: a plain ``check`` never loads it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overdue_cli.errors import ModelError
from overdue_cli.text import read_compiled

CATALOGUE = "cli.yaml"
_LANG_KEY = {"zh-Hans": "zh", "zh-Hant": "zh", "en": "en"}


@functools.lru_cache(maxsize=1)
def load_catalogue() -> dict[str, Any]:
    """The parsed catalogue; refused with file and key when a text lacks a language.

    A wheel ships it as JSON beside the YAML too (hatch_build.py), used while it was
    made from exactly these bytes: importing a YAML parser would cost `overdue rate`
    (whose notes are here) more than the rest of its start-up."""
    source = Path(__file__).with_name(CATALOGUE)
    raw = source.read_bytes()
    data = read_compiled(source, raw, "catalogue")
    if data is None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(raw.decode("utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise ModelError(CATALOGUE, "not a mapping")
    for path, entry in _texts(data):
        if not (isinstance(entry, dict) and isinstance(entry.get("zh"), str)
                and isinstance(entry.get("en"), str)):
            raise ModelError(CATALOGUE, f"{path}: needs a zh and an en text")
    return data


def _texts(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every text of the catalogue with its dotted key."""
    found: list[tuple[str, Any]] = []
    for command, entry in (data.get("help") or {}).items():
        found.append((f"help.{command}.help", entry.get("help")))
        found.extend((f"help.{command}.params.{name}", text)
                     for name, text in (entry.get("params") or {}).items())
    for group in ("shared", "messages", "click"):
        found.extend((f"{group}.{key}", text) for key, text in (data.get(group) or {}).items())
    return found


def _template_regex(template: str) -> re.Pattern[str]:
    """``"No such option: {name}"`` -> a regex with a named group per placeholder."""
    parts = re.split(r"\{(\w*)\}", template)
    pattern = ""
    for i, part in enumerate(parts):
        if i % 2:
            pattern += f"(?P<{part or f'p{i}'}>.+?)"
        else:
            pattern += re.escape(part)
    return re.compile(pattern + r"\Z", re.S)


@dataclass(frozen=True)
class CliText:
    """The catalogue in one language (zh-Hant converted from zh)."""

    lang: str

    def _pick(self, entry: dict[str, str] | None) -> str | None:
        if entry is None:
            return None
        text = entry[_LANG_KEY.get(self.lang, "en")]
        if self.lang == "zh-Hant":
            from overdue_cli.locale.i18n import to_traditional

            return to_traditional(text)
        return text

    def command_help(self, path: str) -> str | None:
        """The help of command ``path`` ("overdue", "check", "log add" …)."""
        entry = (load_catalogue().get("help") or {}).get(path)
        return self._pick(entry.get("help")) if entry else None

    def param_help(self, path: str, name: str) -> str | None:
        """The help of option ``name`` of command ``path`` (else the shared one)."""
        catalogue = load_catalogue()
        own = ((catalogue.get("help") or {}).get(path) or {}).get("params") or {}
        return self._pick(own.get(name) or (catalogue.get("shared") or {}).get(name))

    def message(self, key: str, **params: object) -> str:
        """One of the CLI's messages, its placeholders filled in. A parameter named
        ``…_zh`` is our own Chinese (a method's name), converted for zh-Hant like the
        text around it; any other is the user's own words, or an id, and kept as is."""
        text = self._pick((load_catalogue().get("messages") or {}).get(key))
        if text is None:
            raise KeyError(key)
        if self.lang == "zh-Hant":
            from overdue_cli.locale.i18n import to_traditional

            params = {k: to_traditional(v) if k.endswith("_zh") and isinstance(v, str) else v
                      for k, v in params.items()}
        return text.format(**params) if params else text

    def click(self, english: str) -> str:
        """Click's or Typer's English ``english`` in this language: matched against the
        catalogue's templates, its placeholders (themselves translated) carried over;
        unchanged when no template fits."""
        if self.lang == "en":
            return english
        for template, regex, entry in _click_templates():
            match = regex.match(english)
            if match is None:
                continue
            values = {k: self.click(v) for k, v in match.groupdict().items()}
            target = self._pick(entry) or english
            if "{}" in template:
                return target.replace("{}", next(iter(values.values()), ""))
            return _fill(target, values)
        return english


def _fill(target: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), target)


@functools.lru_cache(maxsize=1)
def _click_templates() -> list[tuple[str, re.Pattern[str], dict[str, str]]]:
    # longest first: "No such command 'x'. Did you mean …" before "No such command 'x'."
    entries = (load_catalogue().get("click") or {}).items()
    return [(t, _template_regex(t), e)
            for t, e in sorted(entries, key=lambda item: -len(item[0]))]
