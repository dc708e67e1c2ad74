"""How right `overdue scan` is on real messages: the shared corpus, split by source.

Why this exists: scan was tuned on messages written for the purpose and was right
on them, and wrong on real ones (issue 10). This script measures it on the real,
published messages in ``../shared/data/real_messages.jsonl`` (read from there,
never copied into the repository), split by *source* into a tuning part and a
test part: every message from one web page or one code file falls in the same
part, so a rule tuned on a page's wording is not also scored on that page. The
split is a fixed function of the source string (sha256), so it never changes
between runs or machines; nothing may be tuned on the test part.

It prints, for each part and for the source tiers the corpus README defines
(``strong`` news and court quotes + ``template`` platform templates, apart from
``weak`` SEO and blog phrases):

- recall: the share of unlawful and scam messages that scan flags (verdict
  unlawful or scam);
- false alarms: the share of lawful messages it flags;
- legal notices called impersonation: real court, arbitration or credit-bureau
  notices (label ``legal_notice``, verdict lawful) on which any signal of category
  ``impersonation`` or ``fake_legal`` fired, the most harmful error there is;
- per label: recall of each unlawful or scam label (does a flagged message carry
  a signal of that category).

It runs the installed ``overdue scan --jsonl`` (the console script beside this
interpreter), so it measures what a user gets. This is a measurement, not a
test: it exits 0 unless the corpus is missing (exit 2) or the command fails.
The tests (tests/scan/test_scan_real.py, test_scan_match.py) assert floors on
these figures without printing them; ``pytest --accuracy`` shows what they
measured after the run.

Usage:

    python3 bench/accuracy.py [--corpus PATH] [--show-misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from common import bench_env, overdue_command

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "real_messages.jsonl"
FLAGGED = ("unlawful", "scam")
LABEL_CATEGORY = {
    # corpus label -> the scan category that says the same (where one does)
    "contacts_disclosure": "contacts_disclosure", "threat_violence": "threat_violence",
    "threat_shame": "threat_shame", "visit_threat": "visit_threat", "insult": "insult",
    "fake_legal": "fake_legal", "impersonation": "impersonation", "fee_scam": "fee_scam",
    "debt_relief_tout": "debt_relief_tout", "harassment_volume": "harassment_volume",
    "night_contact": "night_contact",
}


def part_of(source: str) -> str:
    """``tuning`` or ``test``, from the source alone: about half the sources each."""
    return "tuning" if hashlib.sha256(source.encode()).digest()[0] < 128 else "test"


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    for row in rows:
        row["part"] = part_of(row["source"])
        row["tier_group"] = "weak" if row["tier"] == "weak" else "strong+template"
    return rows


def scan(rows: list[dict], model: bool = True) -> dict[str, dict]:
    """id -> scan's message object, from one run of ``overdue scan --jsonl``
    (with the learned second opinion, or rules alone with ``--no-model``)."""
    with tempfile.TemporaryDirectory(prefix="overdue-accuracy-") as work:
        corpus = Path(work) / "messages.jsonl"
        corpus.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]},
                                             ensure_ascii=False) + "\n" for r in rows),
                          encoding="utf-8")
        proc = subprocess.run([*overdue_command(), "scan", str(corpus), "--format", "jsonl",
                               "--jsonl", "--all", *(() if model else ("--no-model",))],
                              capture_output=True, text=True,
                              env=bench_env(), check=False)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"overdue scan failed with exit {proc.returncode}")
    out = {}
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        out[message["id"]] = message
    return out


def figures(rows: list[dict], results: dict[str, dict]) -> dict[str, object]:
    bad = [r for r in rows if r["verdict"] in FLAGGED]
    good = [r for r in rows if r["verdict"] == "lawful"]

    def flagged(r: dict) -> bool:
        return results[r["id"]]["verdict"] in FLAGGED

    notices = [r for r in good if "legal_notice" in r["labels"]]
    misread = [r for r in notices if {s["category"] for s in results[r["id"]]["signals"]}
               & {"impersonation", "fake_legal"}]
    return {"bad": len(bad), "caught": sum(map(flagged, bad)),
            "good": len(good), "false": sum(map(flagged, good)),
            "notices": len(notices), "misread": len(misread)}


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    —"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show-misses", action="store_true",
                        help="list the ids (never the texts) scan gets wrong, tuning part only")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}: the shared real messages are kept beside the "
              "repository (../shared/data), not in it", file=sys.stderr)
        return 2
    rows = load(args.corpus)
    print(f"corpus: {args.corpus} ({len(rows)} messages; split by source: "
          f"{sum(r['part'] == 'tuning' for r in rows)} tuning, "
          f"{sum(r['part'] == 'test' for r in rows)} test)")
    print(f"overdue: {' '.join(overdue_command())}")
    for model in (False, True):
        results = scan(rows, model)
        print()
        print("== rules + model ==" if model else "== rules alone (--no-model) ==")
        report(rows, results, args.show_misses)
    return 0


def report(rows: list[dict], results: dict[str, dict], show_misses: bool) -> None:
    print(f"{'part':8} {'tiers':16} {'unlawful+scam flagged':>24} {'lawful flagged':>18} "
          f"{'notices misread':>16}")
    for part in ("tuning", "test", "all"):
        for group in ("strong+template", "weak", "all"):
            chosen = [r for r in rows if part in ("all", r["part"])
                      and group in ("all", r["tier_group"])]
            f = figures(chosen, results)
            caught, missed = pct(f["caught"], f["bad"]), pct(f["false"], f["good"])
            print(f"{part:8} {group:16} {f['caught']:>4}/{f['bad']:<4} {caught:>8}"
                  f"      {f['false']:>3}/{f['good']:<3} {missed:>7}"
                  f"      {f['misread']}/{f['notices']}")
    print()
    print("recall per label (all parts; a message counts when scan flags it and a signal of "
          "that category fired):")
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if r["verdict"] not in FLAGGED:
            continue
        categories = {s["category"] for s in results[r["id"]]["signals"]}
        for label in r["labels"]:
            if label in LABEL_CATEGORY:
                by_label[label]["n"] += 1
                by_label[label]["hit"] += (results[r["id"]]["verdict"] in FLAGGED
                                           and LABEL_CATEGORY[label] in categories)
    for label, count in sorted(by_label.items(), key=lambda kv: -kv[1]["n"]):
        print(f"  {label:22} {count['hit']:>3}/{count['n']:<3} {pct(count['hit'], count['n'])}")
    print()
    print("per category, test part (precision: of the messages scan puts in the category, "
          "the share labelled so; recall: of those labelled so, the share scan puts there):")
    test = [r for r in rows if r["part"] == "test"]
    for label, category in LABEL_CATEGORY.items():
        said = [r for r in test if category in _flagged_categories(results[r["id"]])]
        truth = [r for r in test if label in r["labels"] and r["verdict"] in FLAGGED]
        if not said and not truth:
            continue
        right = sum(label in r["labels"] for r in said)
        found = sum(category in _flagged_categories(results[r["id"]]) for r in truth)
        print(f"  {category:22} precision {right:>3}/{len(said):<3} {pct(right, len(said))}"
              f"   recall {found:>3}/{len(truth):<3} {pct(found, len(truth))}")
    if show_misses:
        missed = [r["id"] for r in rows if r["part"] == "tuning" and r["verdict"] in FLAGGED
                  and results[r["id"]]["verdict"] not in FLAGGED]
        false = [r["id"] for r in rows if r["part"] == "tuning" and r["verdict"] == "lawful"
                 and results[r["id"]]["verdict"] in FLAGGED]
        print()
        print(f"tuning part, missed: {' '.join(missed) or '—'}")
        print(f"tuning part, false alarms: {' '.join(false) or '—'}")


def _flagged_categories(message: dict) -> set[str]:
    """The unlawful or scam categories scan gave a flagged message."""
    if message["verdict"] not in FLAGGED:
        return set()
    return {s["category"] for s in message["signals"] if s["verdict"] in FLAGGED}


if __name__ == "__main__":
    sys.exit(main())
