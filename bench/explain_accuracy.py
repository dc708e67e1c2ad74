"""How often `overdue explain QUESTION` answers the topic a borrower meant.

Why this exists: ``explain`` routes free text (``会不会坐牢``, ``will I go to jail``)
to a topic (``check/route.py``). This script measures top-1 accuracy on the
labelled questions in ``tests/data/explain_questions.jsonl``, written in the
register borrowers use. Each question's ``split`` was fixed before any tuning
(index mod 5 in {1, 3}: test); the rulebook's ``questions`` and ``keywords`` may
be tuned on the misses of the tuning part only, never on the test part.

It prints, per part, top-1 accuracy, how often the right topic was among the
named ones (the best and any close runner-up), how many found nothing, and the
confusion of the misses (expected -> got, with counts). ``--show tune`` also
lists each tuning miss with its question (``--show test`` exists for the final
report, not for tuning). A measurement, not a test: exits 0 (``tests/check/
test_route.py`` holds the bar).

Usage:
    python bench/explain_accuracy.py [--show tune|test] [--rules PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data" / "explain_questions.jsonl"


def read_questions(path: Path = DATA) -> list[dict[str, str]]:
    """The labelled questions, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=("tune", "test"), help="list this part's misses")
    parser.add_argument("--rules", help="another rulebook")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "src"))
    from overdue_cli.check.route import route_topic
    from overdue_cli.rulebook import load_rulebook

    book = load_rulebook(args.rules)
    for part in ("tune", "test"):
        rows = [q for q in read_questions() if q["split"] == part]
        right = named = nothing = 0
        misses: list[tuple[str, str | None, str]] = []
        for row in rows:
            routed = route_topic(book, row["q"])
            best = routed.best
            right += best == row["topic"]
            named += row["topic"] in (best, *routed.also())
            nothing += best is None
            if best != row["topic"]:
                misses.append((row["topic"], best, row["q"]))
        n = len(rows) or 1
        print(f"{part}: {len(rows)} questions, top-1 {right / n:.1%}, "
              f"named {named / n:.1%}, nothing fits {nothing}")
        for (want, got), count in Counter((w, g) for w, g, _ in misses).most_common():
            print(f"    {want} -> {got or '(nothing)'}: {count}")
        if args.show == part:
            for want, got, question in misses:
                print(f"    miss: {question!r}: {want} -> {got or '(nothing)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
