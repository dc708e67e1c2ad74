"""The package's architecture as the code has it: packages, modules, imports.

Why: the rules of the house (no import cycles, lazy imports included; core
packages never import ``render`` or ``cli``; ``render`` never imports ``cli``;
no module takes another module's underscore names; about 400 lines a module)
are only true while something checks them. ``tests/test_architecture.py``
asserts them with this module, and ``python3 tools/architecture.py`` prints the
package table, the cycle count and the largest modules for a closing note.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TOP = "overdue_cli"
CORE = ("rulebook", "check", "text", "readers", "scan", "journal", "locale", "rate",
        "letters")
EDGE = ("cli", "render")
LIMIT = 400
SLACK = 20  # "about 400": a docstring reason is asked for past 420


@dataclass
class Import:
    """One import of one of our modules: who, what, which names, where."""

    source: str
    target: str
    names: tuple[str, ...]
    line: int
    type_only: bool


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    docstring: str
    imports: list[Import] = field(default_factory=list)


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _exports(tree: ast.Module) -> dict[str, str]:
    """A package __init__'s lazy export map: public name -> submodule."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "exports"
                and len(node.args) == 2 and isinstance(node.args[1], ast.Dict)):
            return {ast.literal_eval(k): ast.literal_eval(v)
                    for k, v in zip(node.args[1].keys, node.args[1].values, strict=True)
                    if k is not None}
    return {}


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if hasattr(sub, "lineno"):
                        lines.add(sub.lineno)
    return lines


def load(src: Path = SRC) -> dict[str, Module]:
    """Every module under src/overdue_cli with its imports resolved to modules."""
    modules: dict[str, Module] = {}
    trees: dict[str, ast.Module] = {}
    for path in sorted((src / TOP).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        name = module_name(path, src)
        modules[name] = Module(name, path, text.count("\n"), ast.get_docstring(tree) or "")
        trees[name] = tree
    exports = {name: _exports(tree) for name, tree in trees.items()}
    for name, tree in trees.items():
        module = modules[name]
        is_package = module.path.name == "__init__.py"
        typed = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == TOP and alias.name in modules:
                        module.imports.append(Import(name, alias.name, (), node.lineno,
                                                     node.lineno in typed))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.split(".")[0] != TOP:
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    if sub in modules:
                        target = sub
                    elif alias.name in exports.get(base, {}):
                        target = f"{base}.{exports[base][alias.name]}"
                    else:
                        target = base
                    if target in modules and target != name:
                        module.imports.append(Import(name, target, (alias.name,), node.lineno,
                                                     node.lineno in typed))
    return modules


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph = {name: sorted({imp.target for imp in mod.imports}) for name, mod in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def package_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in CORE + EDGE) else ""


def layering_breaks(modules: dict[str, Module]) -> list[str]:
    """Core importing render/cli/env, render importing cli: one line each."""
    breaks = []
    for mod in modules.values():
        here = package_of(mod.name)
        for imp in mod.imports:
            there = package_of(imp.target)
            bad = (here in CORE and (there in EDGE or imp.target == f"{TOP}.env")) or (
                here == "render" and there == "cli")
            if bad:
                breaks.append(f"{mod.name}:{imp.line} imports {imp.target}")
    return breaks


def private_imports(modules: dict[str, Module]) -> list[str]:
    """`from other_module import _name`: a shared name that should be public."""
    return [f"{mod.name}:{imp.line} takes {imp.names[0]} from {imp.target}"
            for mod in modules.values() for imp in mod.imports
            if imp.names and imp.names[0].startswith("_") and not imp.names[0].startswith("__")]


def oversized(modules: dict[str, Module], limit: int = LIMIT) -> list[str]:
    """Modules over the limit whose docstring does not say why (it names the limit)."""
    return [f"{mod.name}: {mod.lines} lines" for mod in modules.values()
            if mod.lines > limit + SLACK and f"{limit} lines" not in mod.docstring]


def package_table(modules: dict[str, Module]) -> list[tuple[str, int, int, str]]:
    """(package, modules, lines, first line of its docstring) for each package."""
    rows = []
    for name, mod in sorted(modules.items()):
        if mod.path.name != "__init__.py" or name == TOP:
            continue
        members = [m for m in modules.values() if m.name.startswith(name + ".")]
        summary = " ".join(mod.docstring.split("\n\n")[0].split())
        rows.append((name.split(".", 1)[1], len(members), sum(m.lines for m in members), summary))
    return rows


def main() -> int:
    modules = load()
    print("| package | modules | lines | holds |")
    print("|---|---:|---:|---|")
    for package, count, lines, summary in package_table(modules):
        print(f"| {package}/ | {count} | {lines} | {summary} |")
    top_level = [m for m in modules.values()
                 if m.name.count(".") == 1 and m.path.name != "__init__.py"]
    for mod in sorted(top_level, key=lambda m: m.name):
        print(f"| {mod.name.split('.')[1]}.py | 1 | {mod.lines} | "
              f"{mod.docstring.splitlines()[0] if mod.docstring else ''} |")
    found = cycles(modules)
    print(f"\nimport cycles (lazy and type-only imports included): {len(found)}")
    for component in found:
        print("  " + " <-> ".join(component))
    for title, items in (("layering breaks", layering_breaks(modules)),
                         ("underscore names across modules", private_imports(modules)),
                         (f"modules over {LIMIT} lines without a reason", oversized(modules))):
        print(f"{title}: {len(items)}")
        for item in items:
            print("  " + item)
    print("\nlargest modules:")
    for mod in sorted(modules.values(), key=lambda m: -m.lines)[:8]:
        print(f"  {mod.lines:5d}  {mod.path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
