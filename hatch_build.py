"""Wheel build hook: ship the rulebook and the label catalogue pre-parsed as JSON.

Parsing the ~150 KB YAML rulebook costs about 60 ms on every run, a third of a
`check`; json.loads of the same data costs a few. Each JSON copy records the
SHA-256 of the YAML it came from (data/rules.yaml, and the interface's words in
src/overdue_cli/locale/labels.yaml), and the loaders use it only when that
still matches, so an edited YAML file is never shadowed by a stale copy.

Beside it goes the typed rulebook itself, labels included, validated at build
time and pickled with both SHA-256s: it is built by the code in this very wheel,
so it always matches the classes that load it, and loading it skips the JSON,
the line bookkeeping and the build (about 10 ms of a 120 ms `check`).
With it goes every zh text of the rulebook and its labels converted to zh-Hant by
OpenCC (a build requirement, see pyproject.toml), so a zh-Hant run costs what a
zh-Hans run does instead of loading OpenCC (over 100 ms) at run time.

`overdue rate`'s LPR table (src/overdue_cli/rate/lpr.yaml) and the command line's
catalogue (src/overdue_cli/locale/cli.yaml) ship as JSON the same way: importing a
YAML parser would be most of `rate`'s start-up.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _compiled_json(source: Path, field: str, out: Path) -> None:
    """``source`` parsed, under ``field``, with the SHA-256 of its bytes."""
    raw = source.read_bytes()
    document = {"source_sha256": hashlib.sha256(raw).hexdigest(),
                field: yaml.safe_load(raw.decode("utf-8-sig"))}
    out.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")


class RulebookBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        source = root / "data" / "rules.yaml"
        labels = root / "src" / "overdue_cli" / "locale" / "labels.yaml"
        tmp = Path(tempfile.mkdtemp(prefix="overdue-build-"))
        lpr = root / "src" / "overdue_cli" / "rate" / "lpr.yaml"
        for path, field, shipped in (
                (source, "rulebook", "overdue_cli/data/rules.compiled.json"),
                (labels, "labels", "overdue_cli/locale/labels.compiled.json"),
                (lpr, "lpr", "overdue_cli/rate/lpr.compiled.json"),
                (labels.with_name("cli.yaml"), "catalogue",
                 "overdue_cli/locale/cli.compiled.json")):
            out = tmp / Path(shipped).name
            _compiled_json(path, field, out)
            build_data["force_include"][str(out)] = shipped
        # The typed rulebook itself, built and fully validated now: loading it is a
        # third of the work of reading the JSON and building it on every run.
        sys.path.insert(0, str(root / "src"))
        try:
            from overdue_cli.check import method_gap
            from overdue_cli.locale import catalogue_path
            from overdue_cli.rulebook import check_rulebook, pickled_rulebook
        finally:
            sys.path.pop(0)
        if catalogue_path().resolve() != labels.resolve():
            raise RuntimeError(f"building with another overdue_cli: {catalogue_path()}")
        book, problems = check_rulebook(source, coverage=method_gap)
        if problems or book is None:
            raise RuntimeError(f"the rulebook or its labels are not valid: {problems[:3]}")
        built = tmp / "rules.compiled.pickle"
        built.write_bytes(pickled_rulebook(book, source.read_bytes()))
        build_data["force_include"][str(built)] = "overdue_cli/data/rules.compiled.pickle"
