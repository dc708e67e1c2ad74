"""The journal's human renderers: the terminal report, the Markdown report for paper,
``log list`` and the receipts. Asserted on facts a borrower relies on (which
entry was at night, which number called too often, which words were flagged,
which rule and source say so), not on layout; the Markdown is also a golden file.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from overdue_cli.journal import (
    Broken,
    DayCount,
    Filter,
    ImportResult,
    Journal,
    Report,
    ReportFinding,
    Verification,
    build,
    signal_methods,
)
from overdue_cli.journal.analysis import analyse
from overdue_cli.journal.events import Event, Source
from overdue_cli.locale import Localizer
from overdue_cli.readers import CHINA_TZ
from overdue_cli.render import (
    EntryOutput,
    ImportOutput,
    ListingOutput,
    ReportOutput,
    VerifyOutput,
    journal_charts,
    journal_human,
    journal_md,
    journal_report_human,
    journal_view,
)
from overdue_cli.rulebook import REQUIRED_JOURNAL_UI, Rulebook

GOLDEN = Path(__file__).parents[1] / "golden"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=CHINA_TZ)
NIGHT_CALLER = "17012345678"
HEAVY_CALLER = "17099998888"
GATEWAY = "10690000123"
THREAT = "再不还钱就爆你通讯录，通知你全家"
ANSI = re.compile(r"\x1b\[")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHINA_TZ)


def _fill(j: Journal) -> None:
    """One night call, eight missed calls from one number in a day, a threat, a reminder,
    a call to the user's mother, and one entry on another platform."""
    manual = Source("manual")

    def add(event: Event) -> None:
        j.append(event, tz="Asia/Shanghai", now=NOW)

    add(Event("call", "in", _at(20, 22, 40), manual, number=NIGHT_CALLER, platform="某某借",
              note="骂人", outcome="answered", duration_s=60))
    for i in range(8):
        add(Event("call", "in", _at(20, 9 + i, 5), manual, number=HEAVY_CALLER,
                  platform="某某借", outcome="missed"))
    add(Event("sms", "in", _at(19, 14), manual, number=GATEWAY, platform="某某借", text=THREAT))
    add(Event("sms", "in", _at(18, 10), manual, number=GATEWAY, platform="某某借",
              text="【某某借】您的借款已逾期3天，请尽快还款。"))
    add(Event("contacts", "in", _at(19, 16, 30), manual, number="13800001111", name="妈妈",
              platform="某某借", note="催收打给我妈", third_party=True))
    add(Event("call", "out", _at(19, 17), manual, number=HEAVY_CALLER, platform="某某借",
              outcome="no_answer"))
    add(Event("sms", "in", _at(18, 11), manual, number="95500", platform="别的贷",
              text="您的账单已出"))


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory, book: Rulebook) -> Journal:
    j = Journal.open(tmp_path_factory.mktemp("journal") / "j.sqlite3")
    _fill(j)
    analyse(j, book, jobs=1)
    yield j
    j.close()


@pytest.fixture(scope="module")
def rep(journal: Journal, book: Rulebook) -> Report:
    return build(journal, book, Filter(platform="某某借"), now=NOW)


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("OVERDUE_LANG", raising=False)


def _human(book: Rulebook, rep: Report, lang: str, capsys: pytest.CaptureFixture[str],
           redactor: object = None) -> str:
    journal_report_human.report(ReportOutput(book, Localizer(lang), "j.sqlite3", rep,
                                             redactor=redactor), sys.stdout)
    return capsys.readouterr().out


def _threat_finding(book: Rulebook, rep: Report) -> ReportFinding:
    """The finding the flagged message amounts to: the method its unlawful signal's
    rule is about (whatever the scanner calls it), citing that message."""
    [flagged] = rep.flagged
    method_of = signal_methods(book)
    methods = {method_of[s["id"]] for s in flagged.signals
               if s["verdict"] == "unlawful" and s["id"] in method_of}
    return next(f for f in rep.findings if f.method in methods and f.deciding
                and flagged.contact.seq in f.seqs)


def _seq_of(rep: Report, number: str) -> int:
    return next(c.seq for c in rep.night_sample if c.number == number)


# --------------------------------------------------------------------------- facts


def test_report_facts_are_what_the_journal_holds(rep: Report) -> None:
    """Guards the fixture itself, so the rendering tests below test rendering."""
    assert rep.entries == 12 and rep.night == 1 and rep.third_party == 1
    # one platform-day over the limit: its numbers counted together, each one named
    [heavy] = rep.heavy_days
    assert (heavy.platform, heavy.number, heavy.answered, heavy.unanswered) == (
        "某某借", None, 1, 8)
    assert [(n.number, n.answered, n.unanswered) for n in heavy.numbers] == [
        (HEAVY_CALLER, 0, 8), (NIGHT_CALLER, 1, 0)]
    assert rep.flagged_total == 1
    assert ("别的贷", 1) in rep.platforms


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_human_report_shows_the_facts(book: Rulebook, rep: Report, lang: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = _human(book, rep, lang, capsys)
    assert not ANSI.search(out)
    # per-day rows: date, bar, total, calls, messages
    assert re.search(r"2026-11-20\s+█+\s+9\s+9\s+0", out), out
    assert re.search(r"2026-11-19\s+\S+\s+2\s+0\s+1\s+1", out), out  # sms + contacts (other)
    # hour chart marks the quiet hours in words
    quiet = book.labels["journal"]["quiet_mark"]
    assert re.search(rf"22:00\s+█+\s+1\s+{re.escape(Localizer(lang)(quiet) or '')}", out)
    # the night call: entry number, time and number
    night = _seq_of(rep, NIGHT_CALLER)
    assert re.search(rf"#{night}\s+2026-11-20 22:40\s+\S.*{NIGHT_CALLER}", out), out
    # the heavy day: date, platform, answered, unanswered, each number, the limit
    assert re.search(rf"2026-11-20\s+某某借\s+1\s+8\s+{HEAVY_CALLER} 8", out), out
    assert re.search(rf"{NIGHT_CALLER} 1\b", out), out
    assert "6" in out.split(f"{HEAVY_CALLER} 8")[1].splitlines()[0]
    # the flagged message's matched words, not the lawful "还钱"
    assert "“爆你通讯录”" in out or '"爆你通讯录"' in out
    assert THREAT in out
    # the third-party contact
    assert "13800001111" in out
    # findings: rule id, title, basis source
    assert "call.too_many_attempts" in out
    threat = _threat_finding(book, rep)
    assert threat.rule.id in out
    assert Localizer(lang)(book.sources[threat.basis[0].source].title) in out
    # next steps and disclaimer
    assert Localizer(lang)(book.actions["keep_evidence"].text)[:20] in out
    assert Localizer(lang)(book.disclaimer)[:20] in out
    # the gateway number is marked
    gateway_line = next(line for line in out.splitlines()
                        if line.strip().startswith(GATEWAY))
    assert Localizer(lang)(book.labels["journal"]["gateway"]) in gateway_line
    # other platforms in the period are mentioned (mis-tagging check)
    assert "别的贷" in out


def test_human_report_zh_words(book: Rulebook, rep: Report,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = _human(book, rep, "zh-Hans", capsys)
    for words in ("每天被联系的次数", "一天中几点被联系", "夜间（22:00–08:00）联系",
                  "一天内来电过多", "同一平台的各个号码合并计算", "违法违规或疑似诈骗的消息",
                  "出现最多的号码",
                  "一天未接通仍拨打超过 6 次", "总体判断：[违法]", "下一步怎么做"):
        assert words in out, words


def test_human_report_traditional(book: Rulebook, rep: Report,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = _human(book, rep, "zh-Hant", capsys)
    assert "催收記錄報告" in out
    assert THREAT in out  # evidence is shown as written, never converted


def test_long_period_is_charted_by_week(book: Rulebook, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open(tmp_path / "long.sqlite3") as j:
        for month, day in ((8, 3), (8, 4), (10, 20), (11, 1), (11, 2)):
            j.append(Event("call", "in", datetime(2026, month, day, 10, tzinfo=CHINA_TZ),
                           Source("manual"), number=HEAVY_CALLER, outcome="missed"),
                     tz="Asia/Shanghai")
        long = build(j, book, Filter(), now=NOW)
    out = _human(book, long, "zh-Hans", capsys)
    assert "每周被联系的次数" in out
    assert re.search(r"2026-08-03\s+█+\s+2\b", out), out  # Monday of that week, two calls
    assert "连续" in out  # a long silence is one row, not many


def test_empty_report(book: Rulebook, journal: Journal,
                      capsys: pytest.CaptureFixture[str]) -> None:
    empty = build(journal, book, Filter(platform="没有这个平台"), now=NOW)
    out = _human(book, empty, "zh-Hans", capsys)
    assert "没有对方联系你的记录" in out
    md = journal_md.report(book, Localizer("en"), "j.sqlite3", empty, now=NOW)
    assert "No incoming contacts" in md and md.endswith(".\n") and not md.endswith("\n\n")


# --------------------------------------------------------------------------- markdown


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_markdown_report(book: Rulebook, rep: Report, lang: str) -> None:
    md = journal_md.report(book, Localizer(lang), "j.sqlite3", rep, now=NOW)
    assert not ANSI.search(md)
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert "<" not in md.replace("\\<", "")  # no HTML
    for line in md.splitlines():  # English prose is wrapped; Chinese never is (see below)
        if not line.startswith("|") and lang == "en":
            assert len(line) <= 100, line
    assert "| 2026-11-20 | 9 | 9 | 0 | 0 | " in md  # date, total, calls, messages, other
    assert "2026-11-20 22:40" in md and f"`{NIGHT_CALLER}`" in md
    night = _seq_of(rep, NIGHT_CALLER)
    assert f"| #{night} | 2026-11-20 22:40 |" in md
    assert (f"| 2026-11-20 | 某某借 | 1 | 8 | `{HEAVY_CALLER}` 8{', ' if lang == 'en' else '、'}"
            f"`{NIGHT_CALLER}` 1 |") in md
    assert "爆你通讯录" in md and THREAT in md
    assert "`call.too_many_attempts`" in md
    threat = _threat_finding(book, rep)
    assert Localizer(lang)(book.sources[threat.basis[0].source].title) in md
    assert "2026-11-22 12:00" in md  # generation time in the header
    assert md.rstrip().splitlines()[-1].endswith((Localizer(lang)(book.disclaimer) or "")[-4:])
    heading = "| 22:00–23:00 | 1 | "
    assert heading in md


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_markdown_report_reads_as_written(book: Rulebook, rep: Report, lang: str) -> None:
    """No line break inside Chinese text (Markdown would show it as a space), and any
    bold closes (see ``test_markdown_output``)."""
    from .test_markdown_output import assert_markdown_reads_as_written

    md = journal_md.report(book, Localizer(lang), "j.sqlite3", rep, now=NOW)
    assert_markdown_reads_as_written(md)


def test_markdown_escapes_user_text(book: Rulebook, tmp_path: Path) -> None:
    with Journal.open(tmp_path / "esc.sqlite3") as j:
        j.append(Event("sms", "in", _at(20, 23), Source("manual"), number="17000000000",
                       text="a | b *c* <b>x</b> 不还钱就找人收拾你，后果自负"), tz="Asia/Shanghai")
        analyse(j, book, jobs=1)
        md = journal_md.report(book, Localizer("zh-Hans"), "x.sqlite3",
                               build(j, book, Filter(), now=NOW), now=NOW)
    assert "a \\| b \\*c\\* \\<b\\>x\\</b\\>" in md
    assert "<b>" not in md


def test_markdown_golden(book: Rulebook, rep: Report, request: pytest.FixtureRequest) -> None:
    """Run ``pytest --update-golden`` after an intended change, then read the diff."""
    actual = journal_md.report(book, Localizer("zh-Hans"), "journal.sqlite3", rep, now=NOW)
    path = GOLDEN / "log_report.md"
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}; run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.skipif(importlib.util.find_spec("overdue_cli.journal.redact") is None,
                    reason="overdue_cli.journal.redact is not written yet")
def test_redaction_hides_numbers(book: Rulebook, rep: Report,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from overdue_cli.journal.redact import Redactor

    redactor = Redactor(["妈妈"])
    human = _human(book, rep, "zh-Hans", capsys, redactor)
    md = journal_md.report(book, Localizer("zh-Hans"), "j.sqlite3", rep, redactor, now=NOW)
    for out in (human, md):
        for number in (NIGHT_CALLER, HEAVY_CALLER, "13800001111"):
            assert number not in out
            assert number[-4:] in out
        assert "妈妈" not in out
    assert "是。" in md


# --------------------------------------------------------------------------- charts


def test_bars_scale_and_split() -> None:
    assert journal_charts.bar_widths((9, 0, 0), 9, 30) == [30, 0, 0]
    assert journal_charts.bar_widths((3, 3, 0), 12, 20) == [5, 5, 0]
    assert sum(journal_charts.bar_widths((1, 0, 0), 10_000, 30)) == 1  # never invisible
    assert journal_charts.bar_text((0, 0, 0), 5, 30) == ""
    assert journal_charts.bar_text((1, 1, 1), 3, 3) == "█▒░"


def test_buckets_fill_short_gaps_and_fold_long_ones() -> None:
    days = [DayCount(date(2026, 11, 1), 1, 0, 1, 0, 0),
            DayCount(date(2026, 11, 4), 0, 0, 0, 2, 0),
            DayCount(date(2026, 11, 30), 0, 0, 0, 0, 1)]
    unit, rows = journal_charts.buckets(days)
    assert unit == "day"
    assert [r.total for r in rows[:4]] == [1, 0, 0, 2]
    assert rows[4].gap == 25 and rows[5].total == 1
    # an entry dated 1999 (a clock fault) does not turn a month into a weekly chart
    unit, _ = journal_charts.buckets([DayCount(date(1999, 1, 1), 1, 0, 0, 0, 0), *days])
    assert unit == "day"
    unit, rows = journal_charts.buckets([DayCount(date(2024, 1, 1), 1, 0, 0, 0, 0), *days])
    assert unit == "month"


# --------------------------------------------------------------------------- list and receipts


def _row(seq: int, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "seq": seq, "at": _at(20, 22, 40).isoformat(), "method": "call", "direction": "in",
        "number": NIGHT_CALLER, "gateway": False, "name": None, "platform": "某某借",
        "text": None, "note": "骂人", "duration_s": 60, "outcome": "answered", "void_of": None,
        "reason": None, "voided_by": None, "time_flag": None, "hash": "ab" * 32, "scan": None}
    row.update(extra)
    return row


def test_entries_table(book: Rulebook, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [_row(1, voided_by=3),
            _row(2, method="sms", number=GATEWAY, gateway=True, text=THREAT, note=None,
                 outcome=None, duration_s=None,
                 scan={"verdict": "unlawful", "signals": []}, at="1990-01-01T08:00:00+08:00",
                 time_flag="before_2000"),
            _row(3, void_of=1, reason="号码记错了", note=None)]
    journal_human.entries(ListingOutput(book, Localizer("zh-Hans"), "j.sqlite3", rows, len(rows)),
                          sys.stdout)
    out = capsys.readouterr().out
    assert "（3 条）" in out
    assert "2026-11-20 22:40" in out and NIGHT_CALLER in out and "接通，1分0秒" in out
    assert "已作废，见 #3" in out and "更正：作废 #1" in out and "号码记错了" in out
    assert "时间早于2000年" in out and "违法违规" in out
    assert f"{GATEWAY} *" in out and "* 平台通知号码" in out
    journal_human.entries(ListingOutput(book, Localizer("en"), "j.sqlite3", [], 0), sys.stdout)
    assert "No entries match." in capsys.readouterr().out


def test_entries_table_from_entry_doc(book: Rulebook, journal: Journal,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    journal_json = pytest.importorskip("overdue_cli.render.journal_json")
    items = list(journal.entries())
    analysis = journal.analysis_for(e.seq for e in items)
    rows = [journal_json.entry_doc(e, analysis.get(e.seq)) for e in items]
    journal_human.entries(ListingOutput(book, Localizer("zh-Hans"), "j.sqlite3", rows, len(rows)),
                          sys.stdout)
    out = capsys.readouterr().out
    assert f"（{len(items)} 条）" in out and "违法违规" in out


def test_verified(capsys: pytest.CaptureFixture[str], book: Rulebook) -> None:
    ok = Verification("j.sqlite3", 12, "f" * 64, None, 2, ((4, "/tmp/a.png"),), ())
    journal_human.verified(VerifyOutput(ok, book=book, loc=Localizer("zh-Hans")), sys.stdout)
    out = capsys.readouterr().out
    assert "日志完好：12 条记录" in out and "f" * 64 in out
    assert "附件：2 个" in out and "#4" in out and "/tmp/a.png" in out

    broken = Verification("j.sqlite3", 12, "e" * 64, Broken(7, "its content does not match its "
                                                             "hash: the entry was edited"),
                          0, (), ((3, "/tmp/b.m4a"),))
    journal_human.verified(VerifyOutput(broken, book=book, loc=Localizer("en")), sys.stdout)
    out = capsys.readouterr().out
    first = out.splitlines()[1]
    assert "breaks at #7" in first  # prominently: straight after the journal line
    assert "the entry was edited" in out and "#1 to #6" in out
    assert "Attachments changed (1" in out and "/tmp/b.m4a" in out


def test_imported(capsys: pytest.CaptureFixture[str], book: Rulebook) -> None:
    results = [ImportResult("sms.xml", "0" * 64, "sms-xml", 120, 3, 2, 0, 1, 13, 132, False),
               ImportResult("calls.xml", "1" * 64, "calls-xml", 0, 40, 0, 0, 0, None, None, True)]
    journal_human.imported(ImportOutput("j.sqlite3", results, 118, 172, book=book,
                                        loc=Localizer("zh-Hans")), sys.stdout)
    out = capsys.readouterr().out
    assert "sms.xml：新增 120 条；重复 3 条" in out and "跳过 2 条" in out
    assert "#13–#132" in out and "以前导入过" in out and "现有 172 条记录" in out


def test_receipts_work_without_a_rulebook(capsys: pytest.CaptureFixture[str]) -> None:
    journal_human.imported(ImportOutput("j.sqlite3", [], 0, 0), sys.stdout)
    assert "j.sqlite3" in capsys.readouterr().out


def test_added(book: Rulebook, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _row(14, method="sms", text=THREAT, note=None, outcome=None, duration_s=None,
                 number=GATEWAY, time_flag="future",
                 scan={"verdict": "unlawful", "signals": [
                     {"id": "contacts.disclosure", "category": "contacts_disclosure",
                      "verdict": "unlawful", "evidence": "爆你通讯录"}]})
    journal_human.added(EntryOutput("log add", "j.sqlite3", entry, book, Localizer("zh-Hans")),
                        sys.stdout)
    out = capsys.readouterr().out
    assert "已记录为 #14" in out and "2026-11-20 22:40" in out and GATEWAY in out
    assert "爆你通讯录" in out and "违法违规" in out and "时间在未来" in out
    assert "ab" * 32 in out
    void = _row(15, void_of=14, reason="duplicate")
    journal_human.added(EntryOutput("log void", "j.sqlite3", void, book, Localizer("en")),
                        sys.stdout)
    out = capsys.readouterr().out
    assert "Recorded as #15: voids #14" in out and "duplicate" in out


# --------------------------------------------------------------------------- labels


def test_every_label_used_is_declared() -> None:
    """Each ``t("key")`` in the renderers names a key the rulebook must provide."""
    source = "".join(Path(m.__file__).read_text(encoding="utf-8")
                     for m in (journal_human, journal_md, journal_report_human,
                               journal_view))
    used = set(re.findall(r"\.t\(\"([a-z_0-9]+)\"", source))
    used |= set(re.findall(r"\.t\('([a-z_0-9]+)'", source))
    assert used <= set(REQUIRED_JOURNAL_UI), used - set(REQUIRED_JOURNAL_UI)


def test_rulebook_without_journal_labels_borrows_the_shipped_ones(
        book: Rulebook, rep: Report) -> None:
    bare = dataclasses.replace(book, labels={k: v for k, v in book.labels.items()
                                             if k != "journal"})
    md = journal_md.report(bare, Localizer("en"), "j.sqlite3", rep, now=NOW)
    assert md.startswith("# overdue: collection journal report")
