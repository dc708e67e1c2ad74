"""Shared test helpers: run the CLI in-process through the CLI runner's isolation.

``run`` calls ``overdue_cli.cli.main`` (the console-script entry point) with
stdin/stdout/stderr swapped by typer's CliRunner, so exit codes, stream
separation and error lines are exactly what a user or script sees. A test that
needs another world (a terminal at both ends, another day) hands ``run`` a mock
:class:`~overdue_cli.env.Environment` made by ``mock_env``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from overdue_cli.cli import main
from overdue_cli.env import Environment
from overdue_cli.rulebook import Rulebook, load_rulebook

# The tests expect the default language (zh-Hans) unless they ask for another; the
# system locale (which `overdue` follows) must not decide it, here or in the
# subprocesses the tests start.
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "data" / "rules.yaml"
SCHEMAS = ROOT / "src" / "overdue_cli" / "schemas"


def bench_accuracy() -> Any:
    """bench/accuracy.py as a module: the one definition of the real corpus's split
    (and its loader), shared by the tests that measure on it."""
    import importlib.util

    sys.path.insert(0, str(ROOT / "bench"))  # it imports bench/common.py
    try:
        spec = importlib.util.spec_from_file_location("accuracy", ROOT / "bench" / "accuracy.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "bench"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/*.txt from the current output.")
    parser.addoption("--accuracy", action="store_true",
                     help="After the run, show the accuracy figures the scan tests measured.")


FIGURES: list[str] = []
"""Figures the tests measured (scan's accuracy), in the order measured: shown after
the run under ``--accuracy``, never between the progress dots."""


@pytest.fixture(scope="session")
def figures() -> Callable[[str], None]:
    """Record one line of figures for ``pytest --accuracy`` (the assertions on them
    stay in the test; bench/accuracy.py prints the real corpus's in full)."""
    return FIGURES.append


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    if config.getoption("--accuracy") and FIGURES:
        terminalreporter.section("accuracy (measured by the tests)")
        for line in FIGURES:
            terminalreporter.write_line(line)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


def mock_env(**changes: Any) -> Environment:
    """An Environment for ``run(env=...)``: the process's, with ``changes`` (e.g.
    ``stdin_isatty=True``, ``clock=...``). ``run`` swaps in the runner's streams."""
    return replace(Environment.from_process(), **changes)


def run(*args: str, input: str | None = None,
        env: Mapping[str, str | None] | Environment | None = None) -> Run:
    """``overdue *args``. ``env``: environment variables to set (None unsets one), or a
    mock Environment (see ``mock_env``) to hand to ``main``."""
    environment: dict[str, str | None] = {"COLUMNS": "100", "NO_COLOR": "1",
                                          "OVERDUE_LANG": None, "TERM": "dumb"}
    handed = env if isinstance(env, Environment) else None
    if handed is None:
        environment.update(env or {})
    runner = CliRunner()
    with runner.isolation(input=input, env=environment) as streams:
        if handed is not None:
            handed = replace(handed, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
        code = main(list(args), env=handed)
        sys.stdout.flush()
        sys.stderr.flush()
        out = streams[0].getvalue().decode("utf-8")
        err = streams[1].getvalue().decode("utf-8")
    return Run(code, out, err)


def run_en(*args: str, input: str | None = None,
           env: Mapping[str, str | None] | None = None) -> Run:
    """``run`` with ``OVERDUE_LANG=en``: for tests that read an error's English words
    (the default language, zh-Hans, says them in Chinese)."""
    return run(*args, input=input, env={**(env or {}), "OVERDUE_LANG": "en"})


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook(RULES)


@pytest.fixture(scope="session")
def validator() -> Any:
    """A callable(schema_name, document) that raises if the document breaks the schema.

    Each schema is used alone, as `overdue schema NAME` hands it to a script: no
    other schema is known to the validator, so a ``$ref`` out of the file fails."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}

    def validate(name: str, document: Any) -> None:
        """``name`` is a schema file, or ``file#/$defs/x`` for one of its parts."""
        file, _, part = name.partition("#")
        schema = schemas[file]
        registry: Registry[Any] = Registry().with_resource(
            schema["$id"], Resource.from_contents(schema))
        root = {"$ref": f"{schema['$id']}#{part}"} if part else schema
        Draft202012Validator(root, registry=registry).validate(document)

    return validate


ERROR_PREFIXES = ("overdue: 错误：", "overdue: 錯誤：", "overdue: error: ")
"""How an error line starts, in zh-Hans, zh-Hant and en."""


def assert_one_line_error(result: Run, code: int) -> str:
    """Bad input: the documented exit code, one line on stderr, nothing on stdout."""
    assert result.code == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR_PREFIXES), lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]
