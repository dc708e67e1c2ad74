"""Make every shipped JSON Schema self-contained: copy the shared ``$defs`` in.

Why: ``overdue schema NAME > NAME.schema.json`` hands a script one file, and a
validator given that file alone must resolve every ``$ref`` in it; a reference
into ``check.schema.json`` leaves it unresolvable (or, worse, fetched from
somewhere). The shared definitions (verdict, method_id, rulebook, basis, steps)
are written once, in check.schema.json's ``$defs``; this tool points every
``check.schema.json#/$defs/X`` reference of the other files at ``#/$defs/X`` and
keeps a copy of X (and of what X refers to) in that file's own ``$defs``, one
line each, marked with a ``$comment`` naming where it came from. Nothing else in
a file is touched, so fields added by hand merge as usual.

    python3 tools/inline_schemas.py          # rewrite the files that need it
    python3 tools/inline_schemas.py --check  # exit 1 if any file would change

tests/render/test_schemas.py runs ``--check``'s function: edit a shared
definition in check.schema.json, then run this tool.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "src" / "overdue_cli" / "schemas"
SOURCE = "check.schema.json"
MARK = "copy of " + SOURCE + "#/$defs/{name}: edit it there, then run tools/inline_schemas.py"
COPY_LINE = re.compile(r'^    "[a-z_]+": \{"\$comment": "copy of ' + re.escape(SOURCE))
DEFS_OPEN = '  "$defs": {'


def refs(value: Any) -> Iterator[str]:
    """Every ``$ref`` in a schema (or a part of one)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs(item)


def local_name(ref: str) -> str | None:
    """``X`` for ``#/$defs/X``, else None."""
    return ref[len("#/$defs/"):] if ref.startswith("#/$defs/") else None


def _strip_copies(lines: list[str]) -> list[str]:
    """The file without the copies an earlier run put in (and an emptied ``$defs``)."""
    kept = [line for line in lines if not COPY_LINE.match(line)]
    if DEFS_OPEN in kept:
        start = kept.index(DEFS_OPEN)
        end = next(i for i in range(start + 1, len(kept)) if kept[i].startswith("  }"))
        if end == start + 1:  # nothing of the file's own: drop the block
            del kept[start:end + 1]
        else:
            kept[end - 1] = kept[end - 1].rstrip(",")
    closing = max(i for i, line in enumerate(kept) if line.strip() == "}")
    kept[closing - 1] = kept[closing - 1].rstrip(",")
    return kept


def _needed(doc: Mapping[str, Any], shared: Mapping[str, Any]) -> list[str]:
    """The shared definitions ``doc`` refers to (directly or through each other) and
    does not define itself, in the order the source file has them."""
    own = set(doc.get("$defs", {}))
    wanted: set[str] = set()
    todo = [n for n in map(local_name, refs(doc)) if n is not None]
    while todo:
        name = todo.pop()
        if name in wanted or name in own or name not in shared:
            continue
        wanted.add(name)
        todo.extend(n for n in map(local_name, refs(shared[name])) if n is not None)
    return [name for name in shared if name in wanted]


def inlined(text: str, shared: Mapping[str, Any]) -> str:
    """``text`` (one schema file) with its references into the source made local and
    the shared definitions it needs copied into its ``$defs``."""
    text = text.replace(f'"{SOURCE}#/$defs/', '"#/$defs/')
    lines = _strip_copies(text.rstrip("\n").split("\n"))
    names = _needed(json.loads("\n".join(lines)), shared)
    if names:
        copies = [f'    "{name}": '
                  + json.dumps({"$comment": MARK.format(name=name), **shared[name]},
                               ensure_ascii=False)
                  for name in names]
        if DEFS_OPEN in lines:
            start = lines.index(DEFS_OPEN)
            end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  }"))
            lines[end - 1] += ","
            lines[end:end] = [",\n".join(copies)]
        else:
            closing = max(i for i, line in enumerate(lines) if line.strip() == "}")
            lines[closing - 1] += ","
            lines[closing:closing] = [DEFS_OPEN, ",\n".join(copies), "  }"]
    result = "\n".join(lines) + "\n"
    unresolved = [r for r in refs(json.loads(result)) if not resolves(json.loads(result), r)]
    if unresolved:
        raise ValueError(f"references that do not resolve within the file: {unresolved}")
    return result


def resolves(doc: Any, ref: str) -> bool:
    """Does ``ref`` point at something inside ``doc`` (a JSON pointer after ``#``)?"""
    if not ref.startswith("#"):
        return False
    node = doc
    for part in filter(None, ref[1:].split("/")):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def changes(folder: Path = SCHEMAS) -> dict[Path, str]:
    """The files that are not as this tool would write them, with what it would write."""
    shared = json.loads((folder / SOURCE).read_text(encoding="utf-8"))["$defs"]
    out: dict[Path, str] = {}
    for path in sorted(folder.glob("*.schema.json")):
        if path.name == SOURCE:
            continue
        text = path.read_text(encoding="utf-8")
        new = inlined(text, shared)
        if new != text:
            out[path] = new
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if some file is not self-contained")
    args = parser.parse_args(argv)
    pending = changes()
    for path, text in pending.items():
        if args.check:
            print(f"{path.relative_to(ROOT)}: not as tools/inline_schemas.py writes it")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: shared definitions copied in")
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
