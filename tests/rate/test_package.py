"""rate/ is pure and small: it imports text/, errors and the lazy exports only, and
check's input parsers (the one reader of days and counts, so ``rate --signed`` reads
what ``check --on`` reads); its public names resolve lazily (the CLI imports them
one by one). The terminal interview alone also speaks: it reads the catalogue
(locale), offers the rulebook's lenders and re-asks as check's interview does; only
the terminal path imports it."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import overdue_cli.rate as rate


def _tool() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "tools" / "architecture.py"
    spec = importlib.util.spec_from_file_location("architecture", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("architecture", module)
    spec.loader.exec_module(module)
    return module


arch = _tool()
ALLOWED = ("overdue_cli.text", "overdue_cli.errors", "overdue_cli.lazy", "overdue_cli.rate",
           "overdue_cli.check.inputs")
INTERVIEW_ALSO = ("overdue_cli.locale", "overdue_cli.rulebook", "overdue_cli.check.interview")


def test_rate_imports_only_text_errors_check_inputs_and_itself() -> None:
    modules = arch.load()
    for mod in modules.values():
        if mod.name.startswith("overdue_cli.rate"):
            allowed = ALLOWED + (INTERVIEW_ALSO if mod.name == "overdue_cli.rate.interview"
                                 else ())
            for imp in mod.imports:
                assert imp.target.startswith(allowed), f"{mod.name}:{imp.line} {imp.target}"


def test_every_public_name_resolves() -> None:
    for name in rate.__all__:
        assert getattr(rate, name) is getattr(
            importlib.import_module(f"overdue_cli.rate.{_home(name)}"), name)


def _home(name: str) -> str:
    for home in ("amounts", "flows", "irr", "law", "assess", "inputs", "interview"):
        if name in vars(importlib.import_module(f"overdue_cli.rate.{home}")).get("__all__", ()):
            return home
    raise AssertionError(name)


def test_importing_the_package_loads_no_submodule() -> None:
    code = ("import sys, overdue_cli.rate; "
            "print(sorted(m for m in sys.modules if m.startswith('overdue_cli.rate.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
