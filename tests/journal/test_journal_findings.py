"""What a report's findings rest on: the right conduct, exact counts, the law then.

- A flagged message counts as the conduct its signal's rule is about: a threat to
  tell the family is a threat, never a mass message to the address book.
- A finding's count is the entries it covers, and it lists them all (up to SAMPLE).
- The per-day call limits count a platform's numbers together (the lender and its
  agencies); an entry with no platform is counted by its own number.
- Each finding knows the days of its entries and cites the law in force on them.

Messages' scan results are written straight into the analysis table here, so these
tests pin the journal's side whatever the scanner's wording rules do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from overdue_cli.journal import (
    SAMPLE,
    Filter,
    LawPeriod,
    Report,
    ReportFinding,
    build,
    law_periods,
    signal_methods,
)
from overdue_cli.journal.complaint import build_context
from overdue_cli.journal.complaint_render import render_complaint
from overdue_cli.journal.events import Event, Source
from overdue_cli.journal.store import Journal
from overdue_cli.locale import Localizer
from overdue_cli.readers import CHINA_TZ
from overdue_cli.render import journal_md
from overdue_cli.rulebook import Rule, Rulebook

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=CHINA_TZ)
PLATFORM = "某某借"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "j.sqlite3")
    yield j
    j.close()


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    y, m, d = (int(x) for x in day.split("-"))
    return datetime(y, m, d, hour, minute, tzinfo=CHINA_TZ)


def add(j: Journal, method: str, when: datetime, *, number: str | None = "17012345678",
        platform: str | None = PLATFORM, **extra: object) -> int:
    entry = j.append(Event(method, "in", when, Source("manual"), number=number,
                           platform=platform, **extra), tz="Asia/Shanghai", now=NOW)
    return entry.seq


def calls(j: Journal, day: str, number: str, count: int, *, outcome: str = "missed",
          platform: str | None = PLATFORM, start: int = 8) -> list[int]:
    return [add(j, "call", at(day, start + i // 6, i % 6 * 10), number=number,
                platform=platform, outcome=outcome) for i in range(count)]


def flag(j: Journal, seq: int, *signal_ids: str) -> None:
    """Store a scan result for ``seq`` as the scanner would (unlawful signals)."""
    signals = [{"id": s, "category": "threat", "verdict": "unlawful", "evidence": "x",
                "span": None} for s in signal_ids]
    j.save_analysis("test", [(seq, "unlawful", json.dumps(signals, ensure_ascii=False))])


def report(j: Journal, book: Rulebook, platform: str | None = PLATFORM, **kw: object) -> Report:
    return build(j, book, Filter(platform=platform), now=NOW, **kw)


def rules_of(rep: Report) -> dict[str, ReportFinding]:
    return {f.rule.id: f for f in rep.findings}


# --------------------------------------------------------------------------- signals


def test_each_signal_counts_as_the_conduct_of_its_rule(book: Rulebook) -> None:
    rules = {r.id: r for r in book.rules}
    mapping = signal_methods(book)
    for signal in book.signals:
        rule = rules.get(signal.rule or "")
        if rule is None or "hour" in rule.when:
            assert signal.id not in mapping, signal.id
        else:
            assert mapping[signal.id] == rule.methods[0], signal.id


def test_threats_to_tell_others_are_threats(book: Rulebook) -> None:
    """The lawyer's example: "we will tell your employer" was pleaded as a mass message
    to the address book (刑法253之一)."""
    mapping = signal_methods(book)
    assert mapping["threat.shame"] == "threat"
    assert mapping["contacts.numbers_in_hand"] == "threat"
    assert "address_book" not in {mapping.get(s) for s in ("threat.shame", "threat.violence",
                                                            "contacts.numbers_in_hand")}


def test_a_collectors_word_that_others_were_told_is_pleaded_as_disclosure(
        journal: Journal, book: Rulebook) -> None:
    """"We have told your colleagues" is their own account of a disclosure; "we will
    tell your family" is a threat. The scanner tells them apart, and a draft pleads each
    as what it is."""
    from overdue_cli.journal.analysis import analyse

    told = add(journal, "sms", at("2026-01-10"), text="我们已经通知了你的同事，你自己看着办。")
    threat = add(journal, "sms", at("2026-01-11"), text="再不还钱就通知你全家")
    analyse(journal, book, jobs=1)
    found = rules_of(report(journal, book))
    assert told in found["disclosure.third_parties"].seqs
    assert threat not in found["disclosure.third_parties"].seqs
    assert threat in found["threat.intimidation"].seqs


def test_a_night_message_is_judged_by_its_own_method_not_as_a_call(book: Rulebook,
                                                                   journal: Journal) -> None:
    seq = add(journal, "sms", at("2026-01-10", 23), text="今天必须还款。")
    flag(journal, seq, "time.night")
    rep = report(journal, book)
    assert "call" not in {f.method for f in rep.findings}
    quiet = rules_of(rep)["contact.quiet_hours"]
    assert quiet.method == "sms" and quiet.seqs == (seq,) and quiet.count == 1


def test_a_threat_to_tell_the_employer_is_pleaded_as_a_threat(book: Rulebook,
                                                              journal: Journal) -> None:
    seq = add(journal, "sms", at("2026-01-10"), text="再不还钱就打电话给你单位领导")
    flag(journal, seq, "threat.shame", "threat.violence")  # two signals, one message
    rep = report(journal, book)
    found = rules_of(rep)
    assert "address_book.mass_contact" not in found
    threat = found["threat.intimidation"]
    assert (threat.count, threat.seqs) == (1, (seq,))  # counted once, not per signal
    context = build_context(journal, book, rep, "12378", today=NOW.date())
    text = render_complaint(context, "12378", "text")
    assert "第253条之一" not in text and "群发" not in text and "爆通讯录" not in text
    assert "共 1 次，见日志第 1 条" in text


def test_logged_and_flagged_entries_of_one_conduct_are_counted_together(
        book: Rulebook, journal: Journal) -> None:
    logged = add(journal, "threat", at("2026-01-09"), note="电话里说要砍我")
    sms = add(journal, "sms", at("2026-01-10"), text="小心你的腿")
    flag(journal, sms, "threat.violence")
    threat = rules_of(report(journal, book))["threat.intimidation"]
    assert threat.count == 2 and threat.seqs == (logged, sms) and threat.complete


# --------------------------------------------------------------------------- counts


def test_the_attempts_limit_counts_a_platforms_numbers_together(book: Rulebook,
                                                                journal: Journal) -> None:
    first = calls(journal, "2026-01-08", "17055556666", 6)
    second = calls(journal, "2026-01-08", "17122223333", 3, start=14)
    rep = report(journal, book)
    [day] = rep.heavy_days
    assert (day.day, day.platform, day.number, day.unanswered) == (
        date(2026, 1, 8), PLATFORM, None, 9)
    assert [(n.number, n.unanswered) for n in day.numbers] == [
        ("17055556666", 6), ("17122223333", 3)]
    found = rules_of(rep)["call.too_many_attempts"]
    assert found.count == 9 and sorted(found.seqs) == sorted(first + second)
    assert found.heavy == (day,) and found.days == (date(2026, 1, 8),)


def test_the_answered_limit_counts_a_platforms_numbers_together(book: Rulebook,
                                                                journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", 2, outcome="answered")
    calls(journal, "2026-01-08", "17122223333", 2, outcome="answered", start=14)
    calls(journal, "2026-01-08", "17122223333", 1, start=16)  # a missed one is not counted
    found = rules_of(report(journal, book))["call.too_many_answered"]
    assert found.count == 4 and len(found.seqs) == 4
    assert "call.too_many_attempts" not in rules_of(report(journal, book))


def test_untagged_entries_are_counted_per_number(book: Rulebook, journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", 4, platform=None)
    calls(journal, "2026-01-08", "17122223333", 4, platform=None, start=14)
    assert report(journal, book, platform=None).heavy_days == ()  # 4 and 4: nobody over
    calls(journal, "2026-01-09", "17055556666", 7, platform=None)
    [day] = report(journal, book, platform=None).heavy_days
    assert (day.platform, day.number, day.unanswered, day.by_number) == (
        None, "17055556666", 7, True)


def test_two_platforms_are_never_added_together(book: Rulebook, journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", 4)
    calls(journal, "2026-01-08", "17122223333", 4, platform="别的贷", start=14)
    assert report(journal, book, platform=None).heavy_days == ()


def test_a_long_finding_lists_the_first_entries_and_says_so(book: Rulebook,
                                                           journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", SAMPLE + 5)
    rep = report(journal, book)
    found = rules_of(rep)["call.too_many_attempts"]
    assert found.count == SAMPLE + 5 and len(found.seqs) == SAMPLE and not found.complete
    text = render_complaint(build_context(journal, book, rep, "12378", today=NOW.date()),
                            "12378", "text")
    assert f"以上共 {SAMPLE + 5} 次（列举其中 {SAMPLE} 次：日志第 " in text
    assert f"2026-01-08 某某借 共 {SAMPLE + 5} 次未接通（号码 17055556666 {SAMPLE + 5} 次）" in text


def test_the_draft_names_each_number_and_says_when_it_counts_per_number(
        book: Rulebook, journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", 6)
    calls(journal, "2026-01-08", "17122223333", 3, start=14)
    calls(journal, "2026-01-09", "17300001111", 7, platform=None)
    rep = report(journal, book, platform=None)
    text = render_complaint(build_context(journal, book, rep, "12378", today=NOW.date()),
                            "12378", "text")
    assert ("2026-01-08 某某借 共 9 次未接通（号码 17055556666 6 次、号码 17122223333 3 次）"
            in text)
    assert ("2026-01-09 号码 17300001111 共 7 次未接通（这些记录没有标注借款平台，"
            "只按这一个号码计数）") in text
    assert "以上共 16 次，见日志第 " in text


def test_the_report_shows_each_number_and_how_it_counts(book: Rulebook,
                                                        journal: Journal) -> None:
    calls(journal, "2026-01-08", "17055556666", 6)
    calls(journal, "2026-01-08", "17122223333", 3, start=14)
    md = journal_md.report(book, Localizer("zh-Hans"), "j.sqlite3", report(journal, book),
                           now=NOW)
    assert "| 2026-01-08 | 某某借 | 0 | 9 | `17055556666` 6、`17122223333` 3 |" in md
    assert "共 9 次，1 天超出限制" in md
    assert "按平台合计" in md


# --------------------------------------------------------------------------- the law then


def threat_rule(book: Rulebook) -> Rule:
    return next(r for r in book.rules if r.id == "threat.intimidation")


def cited(periods: tuple[LawPeriod, ...]) -> list[set[str]]:
    return [{b.source for b in p.basis} for p in periods]


def test_the_public_security_law_is_the_one_in_force_on_the_day(book: Rulebook) -> None:
    basis = threat_rule(book).basis
    before = law_periods(book, basis, [date(2025, 12, 20), date(2025, 12, 31)])
    after = law_periods(book, basis, [date(2026, 1, 1), date(2026, 1, 20)])
    both = law_periods(book, basis, [date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 5)])
    assert len(before) == 1 and "public_security_law_2012" in cited(before)[0]
    assert "public_security_law_2025" not in cited(before)[0]
    assert len(after) == 1 and "public_security_law_2025" in cited(after)[0]
    assert "public_security_law_2012" not in cited(after)[0]
    assert [(p.first, p.last) for p in both] == [
        (date(2025, 12, 31), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 1, 5))]
    assert "public_security_law_2012" in cited(both)[0]
    assert "public_security_law_2025" in cited(both)[1]
    assert "criminal_law" in cited(both)[0] & cited(both)[1]


def test_a_finding_spanning_the_change_cites_both_with_their_dates(book: Rulebook,
                                                                   journal: Journal) -> None:
    old = add(journal, "threat", at("2025-12-20"), note="说要砍我")
    add(journal, "threat", at("2025-12-31", 23, 50), note="又威胁")
    new = add(journal, "threat", at("2026-01-03"), note="还在威胁")
    rep = report(journal, book)
    found = rules_of(rep)["threat.intimidation"]
    assert found.days == (date(2025, 12, 20), date(2025, 12, 31), date(2026, 1, 3))
    assert [(p.first, p.last) for p in found.periods] == [
        (date(2025, 12, 20), date(2025, 12, 31)), (date(2026, 1, 3), date(2026, 1, 3))]
    text = render_complaint(build_context(journal, book, rep, "police", today=NOW.date()),
                            "police", "text")
    law = "《中华人民共和国治安管理处罚法》"
    assert f"可能涉及（2025-12-20 至 2025-12-31 的行为）：{law}（2012年修正文本）第42条" in text
    assert f"可能涉及（2026-01-03 的行为）：{law}（2025年修订）第50条" in text
    assert text.index("2012年修正文本") < text.index("2025年修订")  # in date order
    md = journal_md.report(book, Localizer("zh-Hans"), "j.sqlite3", rep, now=NOW)
    assert f"2025-12-20 至 2025-12-31 的行为：{law}（2012年修正文本）" in md
    assert (old, new) == (1, 3)


def test_a_finding_before_or_after_cites_one_text_only(book: Rulebook,
                                                       journal: Journal) -> None:
    add(journal, "threat", at("2025-12-20"), note="说要砍我")
    rep = report(journal, book)
    text = render_complaint(build_context(journal, book, rep, "12378", today=NOW.date()),
                            "12378", "text")
    assert "2012年修正文本）第42条" in text and "2025年修订" not in text
    assert "的行为）" not in text  # one text for all of it: no dates needed


def test_a_redacted_draft_masks_each_number_of_a_day(book: Rulebook, journal: Journal) -> None:
    from overdue_cli.journal.redact import Redactor

    calls(journal, "2026-01-08", "17055556666", 6)
    calls(journal, "2026-01-08", "17122223333", 3, start=14)
    rep = report(journal, book)
    context = build_context(journal, book, rep, "12321", redactor=Redactor([]),
                            today=NOW.date())
    text = render_complaint(context, "12321", "text")
    assert "17055556666" not in text and "17122223333" not in text
    assert re.search(r"共 9 次未接通（号码 \S*6666 6 次、号码 \S*3333 3 次）", text), text


def test_no_normal_finding_rests_on_a_flagged_message(journal: Journal, book: Rulebook) -> None:
    """A new user's report: an SMS threat was judged a violation and also listed under
    "reminder texts are normal". A normal finding counts only what was not flagged."""
    from overdue_cli.journal.analysis import analyse

    reminder = add(journal, "sms", at("2026-01-09"), text="您的借款已逾期，请尽快还款。")
    threat = add(journal, "sms", at("2026-01-10"), text="再不还款就找人打断你的腿")
    analyse(journal, book, jobs=1)
    found = rules_of(report(journal, book))
    assert threat in found["threat.intimidation"].seqs
    normal = found["sms.reminder"]
    assert reminder in normal.seqs and threat not in normal.seqs and normal.count == 1
