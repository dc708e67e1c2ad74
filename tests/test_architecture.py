"""The rules of the house, checked on the code (tools/architecture.py reads it).

No import cycles (lazy and type-only imports included), core packages never
import render or cli (nor env), render never imports cli, no module takes
another's underscore names, modules stay near 400 lines unless their docstring
says why, every package says what it holds and exports its API with __all__,
and tests/ mirrors the packages. The checker itself is tested on a small tree
built here, so a checker that finds nothing cannot pass by accident.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    path = ROOT / "tools" / "architecture.py"
    spec = importlib.util.spec_from_file_location("architecture", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("architecture", module)
    spec.loader.exec_module(module)
    return module


arch = _tool()
MODULES = arch.load()


def test_no_import_cycles():
    assert arch.cycles(MODULES) == []


def test_core_never_imports_the_edges():
    assert arch.layering_breaks(MODULES) == []


def test_no_underscore_names_cross_modules():
    assert arch.private_imports(MODULES) == []


def test_modules_stay_small_or_say_why():
    assert arch.oversized(MODULES) == []


@pytest.mark.parametrize("package", [*arch.CORE, *arch.EDGE])
def test_each_package_says_what_it_holds_and_exports_its_api(package):
    init = ROOT / "src" / "overdue_cli" / package / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{package}/__init__.py has no docstring"
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)}
    assert "__all__" in names, f"{package}/__init__.py has no __all__"
    module = importlib.import_module(f"overdue_cli.{package}")
    for name in module.__all__:
        assert getattr(module, name) is not None, f"overdue_cli.{package}.{name}"


def test_tests_mirror_the_packages():
    packages = {p.name for p in (ROOT / "src" / "overdue_cli").iterdir()
                if (p / "__init__.py").is_file()}
    with_tests = {p.name for p in (ROOT / "tests").iterdir()
                  if p.is_dir() and any(p.glob("test_*.py"))}
    assert with_tests <= packages, with_tests - packages


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "overdue_cli" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checker_finds_what_it_looks_for(tmp_path):
    src = _tree(tmp_path, {
        "__init__.py": "",
        "scan/__init__.py": '"""x"""\n',
        "scan/a.py": "def f():\n    from overdue_cli.scan.b import _g\n",
        "scan/b.py": "from overdue_cli.scan import a\nfrom overdue_cli.render import r\n",
        "render/__init__.py": "",
        "render/r.py": "from overdue_cli.cli import main\n",
        "cli/__init__.py": "def main(): ...\n",
    })
    modules = arch.load(src)
    assert arch.cycles(modules) == [["overdue_cli.scan.a", "overdue_cli.scan.b"]]
    assert sorted(b.split(":")[0] for b in arch.layering_breaks(modules)) == [
        "overdue_cli.render.r", "overdue_cli.scan.b"]
    assert arch.private_imports(modules) == [
        "overdue_cli.scan.a:2 takes _g from overdue_cli.scan.b"]
