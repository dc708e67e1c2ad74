"""Finding, reading and loading a rulebook file.

The shipped rulebook is looked for beside the package; a file is read with a
size cap, decoded, and then taken from the fastest source that matches it
exactly: the typed rulebook the wheel ships pickled (keyed by the hashes of the
rulebook and of the label catalogue it holds the labels of), the pre-parsed JSON
copy, or the YAML itself (see hatch_build.py). Loaded rulebooks are kept by path.
The pickle also carries every zh text of the rulebook and its labels already in
zh-Hant, so a zh-Hant run of the shipped rulebook never loads OpenCC (about a
hundred milliseconds: more than the rest of a `check`).
Why apart: this is the I/O; ``build`` and ``validate`` only turn data into a
Rulebook and problems.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from overdue_cli.errors import Problem, RulebookError
from overdue_cli.locale import add_traditional, catalogue_path, opencc_traditional
from overdue_cli.rulebook.model import Basis, Rulebook, Text
from overdue_cli.text import YamlSyntaxError, load_yaml, read_compiled

if TYPE_CHECKING:
    from overdue_cli.rulebook.builder import Coverage

_LOADED: dict[str, tuple[Rulebook, Coverage | None]] = {}
"""Loaded rulebooks by path, with the coverage probe each was checked with."""
_LOADED_MAX = 4


def default_rulebook_path() -> Path:
    """The shipped rulebook: inside the installed package, else the source tree.

    The package's own folder is looked at first: importlib.resources costs a
    tenth of a `check` to import, and is needed only for a zipped install."""
    here = Path(__file__).resolve().parents[1]
    packaged_file = here / "data" / "rules.yaml"
    if packaged_file.is_file():
        return packaged_file
    source_tree = here.parents[1] / "data" / "rules.yaml"
    if source_tree.is_file():
        return source_tree
    from importlib import resources

    packaged = resources.files("overdue_cli") / "data" / "rules.yaml"
    return Path(str(packaged)) if packaged.is_file() else source_tree


def load_rulebook(path: str | Path | None = None, *,
                  coverage: Coverage | None = None) -> Rulebook:
    """Load and validate a rulebook; raise RulebookError listing every problem.

    ``coverage`` is the engine's method-coverage probe (``check.method_gap``),
    handed in by the commands: a rulebook read from its YAML is then also refused
    when some method would get no verdict. Rulebooks are kept by path, so a later
    load of the same file (a worker process, a renderer) costs nothing; one kept
    from a load with the probe serves a load without it, not the other way round.
    """
    name = str(Path(path) if path is not None else default_rulebook_path())
    kept = _LOADED.get(name)
    if kept is None or (coverage is not None and kept[1] is not coverage):
        book, problems = check_rulebook(name, thorough=False, coverage=coverage)
        if problems or book is None:
            raise RulebookError(problems or [Problem(name, None, "", "empty rulebook")])
        kept = (book, coverage)
    _LOADED.pop(name, None)
    _LOADED[name] = kept  # the most recently used last
    while len(_LOADED) > _LOADED_MAX:
        del _LOADED[next(iter(_LOADED))]
    return kept[0]

MAX_RULEBOOK_BYTES = 16 << 20


def check_rulebook(path: str | Path, *, thorough: bool = True,
                   coverage: Coverage | None = None) -> tuple[Rulebook | None, list[Problem]]:
    """Read and validate; return the rulebook (if usable) and all problems found.

    ``coverage`` is the engine's method-coverage probe (``check.method_gap``):
    without it, no check needs the engine (`overdue rules validate` hands it in).

    ``thorough=False`` lets a matching pre-parsed copy skip the method-coverage
    probe (about a tenth of a run): that copy is only ever built from the shipped
    rulebook, which `overdue rules validate` and the test suite check in full.
    Every other check still runs.
    """
    name = str(path)
    try:
        with open(path, "rb") as handle:
            # A rulebook is a few hundred KB; reading at most a little more than the
            # cap means /dev/zero or a disk image given as --rules cannot fill memory.
            data = handle.read(MAX_RULEBOOK_BYTES + 1)
        if len(data) > MAX_RULEBOOK_BYTES:
            return None, [Problem(name, None, "", f"larger than {MAX_RULEBOOK_BYTES >> 20} MB: "
                                  "not a rulebook")]
    except FileNotFoundError:
        return None, [Problem(name, None, "", "no such file")]
    except IsADirectoryError:
        return None, [Problem(name, None, "", "is a directory, not a rulebook file")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "", f"not UTF-8 text (byte offset {exc.start})")]
    if not thorough:
        built = _built(Path(path), data, name)
        if built is not None:
            return built, []
    # only now the builder: the installed package's pickled rulebook never needs it
    from overdue_cli.rulebook.build import build_rulebook
    from overdue_cli.rulebook.builder import Builder

    compiled = read_compiled(Path(path), data, "rulebook")
    if compiled is not None:
        builder = Builder(name, coverage=coverage if thorough else None, trusted=not thorough)
        book = build_rulebook(builder, compiled)
        if not builder.problems:
            return book, []
        # fall through: re-read the YAML so problems carry their line numbers
    try:
        raw = load_yaml(text)
    except YamlSyntaxError as exc:
        col = f" (column {exc.column})" if exc.column else ""
        return None, [Problem(name, exc.line, "", f"YAML syntax error: {exc.message}{col}")]
    builder = Builder(name, coverage=coverage)
    book = build_rulebook(builder, raw)
    return book, builder.problems


def pickled_rulebook(book: Rulebook, data: bytes) -> bytes:
    """What the wheel ships beside the YAML (see hatch_build.py): ``book``, built and
    validated from exactly ``data``, pickled with the hashes of ``data`` and of the
    label catalogue its labels came from, and ``traditional_table(book)``."""
    import pickle

    return pickle.dumps({"source_sha256": hashlib.sha256(data).hexdigest(),
                         "labels_sha256": _catalogue_sha256(), "book": book,
                         # pickled apart: unpickled only when zh-Hant is shown
                         "traditional": pickle.dumps(traditional_table(book),
                                                     protocol=pickle.HIGHEST_PROTOCOL)},
                        protocol=pickle.HIGHEST_PROTOCOL)


def traditional_table(book: Rulebook) -> dict[str, str]:
    """{zh text: its zh-Hant form} for every Chinese text ``book`` can show: each
    Text's zh (rules, topics, stages, actions, methods, lenders, sources, signals,
    the labels with their ``{count}`` placeholders unfilled) and each cited article.
    Converted by OpenCC now, so that a run which has it never loads OpenCC."""
    return {zh: opencc_traditional(zh) for zh in sorted(set(chinese_texts(book)))}


def chinese_texts(value: object) -> Iterator[str]:
    """Every Chinese text shown from ``value`` (a rulebook or any part of it)."""
    if isinstance(value, Text):
        yield value.zh
    elif isinstance(value, Basis):
        if value.article:
            yield value.article  # shown as cited (Localizer.chinese)
        if value.note is not None:
            yield value.note.zh
    elif is_dataclass(value):
        for item in fields(value):
            yield from chinese_texts(getattr(value, item.name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from chinese_texts(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from chinese_texts(item)


def _catalogue_sha256() -> str | None:
    try:
        return hashlib.sha256(catalogue_path().read_bytes()).hexdigest()
    except OSError:
        return None


def _table(blob: bytes) -> dict[str, str]:
    """The zh-Hant table pickled in the wheel's rulebook (empty if it is not one)."""
    import pickle

    try:
        table = pickle.loads(blob)  # our own build output, like the rulebook beside it
    except Exception:
        return {}
    return table if isinstance(table, dict) else {}


def _built(path: Path, data: bytes, name: str) -> Rulebook | None:
    """The typed rulebook the wheel ships pickled (see hatch_build.py), if it was built
    from exactly ``data`` and the label catalogue as it is now. It is part of the
    installed package, trusted like its code; anything unexpected falls back to the
    JSON copy or the YAML."""
    sibling = path.with_name(path.stem + ".compiled.pickle")
    try:
        blob = sibling.read_bytes()
    except OSError:
        return None
    import pickle

    try:
        document = pickle.loads(blob)  # our own build output, checked below
    except Exception:  # an older or damaged file: build the slow way instead
        return None
    if not isinstance(document, dict) or \
            document.get("source_sha256") != hashlib.sha256(data).hexdigest() or \
            document.get("labels_sha256") != _catalogue_sha256():
        return None
    book = document.get("book")
    if not isinstance(book, Rulebook):
        return None
    table = document.get("traditional")
    if isinstance(table, bytes):
        add_traditional(lambda: _table(table))
    return replace(book, path=name)

