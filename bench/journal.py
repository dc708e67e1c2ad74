"""Journal benchmark: importing a phone's SMS and call history, and reporting on it.

Why this exists: ``overdue log import`` is fed whole phone backups (SMS Backup &
Restore keeps every message and call), so importing must cost little more than
reading the XML at all, and ``overdue log report`` must answer in about the
time a person waits for a command. All measured in one run, on one machine:

- import vs parse: ``overdue log import sms.xml calls.xml --no-scan`` (start-up,
  hashing both files, parsing, normalising, hash-chaining, inserting, one
  transaction per file) against the floor of parsing the same two files with
  ``xml.etree.ElementTree.iterparse`` (C) and reading every attribute, in a
  fresh interpreter too. Target: import at most 2x the parse. Beside it, for
  information, overdue's own reader alone (the same files to Events, nothing
  stored), which separates the cost of reading from the cost of the journal.
- the default import (which also scans every message with the rulebook, for
  the report's flagged messages) is timed beside it, for information.
- report: ``overdue log report --json`` over the imported journal (scan
  results cached), and the human report. Target: at most 2 s.
- memory: the import's peak RSS (``os.wait4``) at N records and at ``--grow``
  times N. Target: not growing with the input (the import streams).

The records are synthetic and deterministic (seeded): collection SMS (lawful
reminders, threats, contact-disclosure threats), unrelated SMS, and calls of
every type from a pool of collector and personal numbers over three months.

This is a measurement, not a test: it exits 0 unless a command itself fails.

Usage (with the interpreter that has overdue-cli installed):

    python3 bench/journal.py [--records 200000] [--runs 3] [--grow 2] [--keep]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median
from xml.sax.saxutils import quoteattr

from common import (
    MB,
    CommandFailed,
    Run,
    bench_env,
    overdue_command,
    report_failure,
    run_measured,
)

SEED = 20261122
LIST_MB = 150
"""The documented bound on ``log list --json`` memory, whatever the journal's size."""
START_MS = 1_756_684_800_000  # 2025-09-01 08:00 China time
DAY_MS = 86_400_000
COLLECTION = (
    "【某某借】您的借款已逾期{n}天，请于今日登录App还款，避免影响个人征信。",
    "您好，您在某某借的欠款已逾期{n}天，请尽快处理，如有困难可联系客服协商。",
    "再不还钱就爆你通讯录，通知你全家和单位，让你社死。",
    "最后通知：今天18点前不还款，我们将上门走访并联系你的紧急联系人。",
    "你这个老赖，欠钱不还，已经立案，等着法院传票吧。",
    "您的账户已冻结，请缴纳解冻费{n}00元到指定账户后恢复。",
)
OTHER = (
    "【某银行】您尾号{n}的卡消费128.00元。",
    "晚上一起吃饭吗？我{n}点下班。",
    "【快递】您的包裹已到驿站，取件码{n}-3-2。",
    "妈，我周末回家，给你带了点水果。",
)
READER_SCRIPT = """
import sys
from overdue_cli.journal.imports import open_export
count = sum(1 for path in sys.argv[1:] for _ in open_export(path).events())
print(count)
"""
PARSE_SCRIPT = """
import sys
from xml.etree.ElementTree import iterparse
count = 0
for path in sys.argv[1:]:
    for _, elem in iterparse(path, events=("end",)):
        if elem.tag in ("sms", "call"):
            attrs = elem.attrib
            for key in ("address", "number", "date", "type", "body", "duration",
                        "contact_name"):
                attrs.get(key)
            count += 1
            elem.clear()
print(count)
"""


def generate(directory: Path, records: int, seed: int = SEED) -> tuple[Path, Path]:
    """Half SMS, half calls, as SMS Backup & Restore writes them; streamed to disk."""
    rng = random.Random(seed)
    collectors = [f"170{rng.randrange(10**8):08d}" for _ in range(150)]
    gateways = [f"10690{rng.randrange(10**5):05d}" for _ in range(10)]
    personal = [f"138{rng.randrange(10**8):08d}" for _ in range(40)]
    n_sms = records // 2
    n_calls = records - n_sms
    sms_path = directory / "sms-20261120000000.xml"
    calls_path = directory / "calls-20261120000000.xml"
    with sms_path.open("w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<smses count="{n_sms}" backup_set="bench" backup_date="{START_MS}">\n')
        for i in range(n_sms):
            when = START_MS + i * (90 * DAY_MS // n_sms) + rng.randrange(60_000)
            if rng.random() < 0.6:
                sender = rng.choice(gateways + collectors)
                body = rng.choice(COLLECTION).format(n=rng.randrange(1, 120))
            else:
                sender = rng.choice(personal)
                body = rng.choice(OTHER).format(n=rng.randrange(1, 9999))
            kind = 1 if rng.random() < 0.9 else 2
            out.write(f'  <sms protocol="0" address="{sender}" date="{when}" type="{kind}" '
                      f'subject="null" body={quoteattr(body)} toa="null" sc_toa="null" '
                      f'service_center="null" read="1" status="-1" locked="0" '
                      f'date_sent="{when}" readable_date="null" contact_name="(Unknown)" />\n')
        out.write("</smses>\n")
    with calls_path.open("w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<calls count="{n_calls}" backup_set="bench" backup_date="{START_MS}">\n')
        for i in range(n_calls):
            when = START_MS + i * (90 * DAY_MS // n_calls) + rng.randrange(60_000)
            number = rng.choice(collectors if rng.random() < 0.8 else personal)
            kind = rng.choice((1, 1, 2, 3, 3, 3, 5, 6))
            duration = rng.randrange(5, 400) if kind in (1, 2) else 0
            out.write(f'  <call number="+86{number}" duration="{duration}" date="{when}" '
                      f'type="{kind}" presentation="1" subscription_id="null" '
                      f'post_dial_digits="" readable_date="null" contact_name="(Unknown)" />\n')
        out.write("</calls>\n")
    return sms_path, calls_path


def measure(label: str, argv: list[str], env: dict[str, str], cwd: Path) -> Run:
    try:
        return run_measured(label, argv, env, cwd, keep_stdout=False)
    except CommandFailed as exc:
        report_failure(exc.label, exc.argv, exc.code, exc.stderr)
        raise SystemExit(1) from None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grow", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    overdue = overdue_command()
    env = bench_env()
    work = Path(tempfile.mkdtemp(prefix="overdue-bench-journal-"))
    try:
        print(f"python {sys.version.split()[0]} ({sys.executable})")
        print(f"overdue: {' '.join(overdue)}")
        sms, calls = generate(work, args.records)
        size = (sms.stat().st_size + calls.stat().st_size) / MB
        print(f"input: {args.records:,} records (SMS Backup & Restore XML, half SMS, half "
              f"calls), {size:.1f} MB; {args.runs} timed runs each, interleaved")

        parse_times: list[float] = []
        reader_times: list[float] = []
        import_times: list[float] = []
        import_peak = 0
        for run_no in range(args.runs):
            parse = measure("parse", [sys.executable, "-c", PARSE_SCRIPT, str(sms), str(calls)],
                            env, work)
            reader = measure("reader", [sys.executable, "-c", READER_SCRIPT, str(sms),
                                        str(calls)], env, work)
            reader_times.append(reader.seconds)
            db = work / f"evidence-{run_no}.sqlite3"
            imported = measure("import --no-scan", [*overdue, "log", "import", str(sms),
                                                    str(calls), "--no-scan", "--db", str(db),
                                                    "--json"], env, work)
            parse_times.append(parse.seconds)
            import_times.append(imported.seconds)
            import_peak = max(import_peak, imported.peak_bytes)
        ratio = median(import_times) / median(parse_times)
        print(f"parse alone  ElementTree.iterparse, every attribute read   "
              f"{median(parse_times):6.2f} s")
        print(f"import       overdue log import --no-scan                 "
              f"{median(import_times):6.2f} s   peak RSS {import_peak / MB:.0f} MB")
        print(f"ratio                                                     {ratio:6.2f}   "
              f"target <= 2.0: {'PASS' if ratio <= 2.0 else 'FAIL'}")
        reader = median(reader_times)
        print(f"reader alone overdue's importer, events only (no journal)  {reader:6.2f} s   "
              f"import / reader {median(import_times) / reader:.2f}   (informational: what "
              f"the journal adds to reading)")

        full_db = work / "scanned.sqlite3"
        full = measure("import", [*overdue, "log", "import", str(sms), str(calls), "--db",
                                  str(full_db), "--json"], env, work)
        print(f"import+scan  overdue log import (scans {args.records // 2:,} messages)   "
              f"{full.seconds:6.2f} s   peak RSS {full.peak_bytes / MB:.0f} MB   (informational)")

        report_json = [measure("report", [*overdue, "log", "report", "--db", str(full_db),
                                          "--json"], env, work) for _ in range(args.runs)]
        report_human = [measure("report", [*overdue, "log", "report", "--db", str(full_db)],
                                env, work) for _ in range(args.runs)]
        best = median([r.seconds for r in report_json])
        print(f"report       overdue log report --json                    {best:6.2f} s   "
              f"target <= 2.0: {'PASS' if best <= 2.0 else 'FAIL'}")
        print(f"             overdue log report (terminal)                "
              f"{median([r.seconds for r in report_human]):6.2f} s")

        # Every entry out as JSON: it must stream (a 500,000-entry journal once took
        # 5.9 GB). The baseline is the same journal's report, which holds no entries.
        listed = measure("log list --json", [*overdue, "log", "list", "--json", "--db",
                                             str(full_db)], env, work)
        exported = measure("log export", [*overdue, "log", "export", "--format", "jsonl",
                                          "--db", str(full_db)], env, work)
        base = report_json[0].peak_bytes
        print(f"list         overdue log list --json ({args.records:,} entries)         "
              f"{listed.seconds:6.2f} s   peak RSS {listed.peak_bytes / MB:.0f} MB "
              f"(x{listed.peak_bytes / base:.2f} of report's {base / MB:.0f} MB)   "
              f"target < {LIST_MB} MB: {'PASS' if listed.peak_bytes < LIST_MB * MB else 'FAIL'}")
        print(f"export       overdue log export --format jsonl                "
              f"{exported.seconds:6.2f} s   peak RSS {exported.peak_bytes / MB:.0f} MB")

        big_dir = work / "grow"
        big_dir.mkdir()
        big_sms, big_calls = generate(big_dir, args.records * args.grow, SEED + 1)
        grown = measure("import grown", [*overdue, "log", "import", str(big_sms),
                                         str(big_calls), "--no-scan", "--db",
                                         str(big_dir / "j.sqlite3"), "--json"], env, work)
        growth = grown.peak_bytes / max(import_peak, 1)
        print(f"memory       {args.records * args.grow:,} records: peak RSS "
              f"{grown.peak_bytes / MB:.0f} MB (x{growth:.2f} of {import_peak / MB:.0f} MB for "
              f"{args.records:,}): {'bounded' if growth < 1.5 else 'GROWS'}, "
              f"target < 300 MB: {'PASS' if grown.peak_bytes < 300 * MB else 'FAIL'}")
        print(f"             {grown.seconds:.2f} s wall for {args.grow}x the records")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
