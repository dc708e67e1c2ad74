"""The journal importers: phone exports in, Events (and Skipped) out.

Fixtures are synthetic (tests/fixtures/imports/, fake 170/171/1069 numbers) or built
in tmp_path; no real person's messages or calls are used anywhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_cli.errors import OverdueError, UsageProblem
from overdue_cli.journal import import_tables, imports
from overdue_cli.journal.events import DIRECTIONS, IMPORT_FORMATS, OUTCOMES, Event, Source
from overdue_cli.journal.imports import Export, ImportOptions, open_export
from overdue_cli.journal.phones import normalise
from overdue_cli.readers import CHINA_TZ, InputError, ReadOptions, Skipped, open_input
from overdue_cli.readers import decode as decoding

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
WECHAT_HEADER = ("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,"
                 "Remark,NickName,Sender")
_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


def load(name: str, **options: object) -> tuple[Export, list[Event | Skipped]]:
    export = open_export(str(FIXTURES / name), ImportOptions(**options))  # type: ignore[arg-type]
    return export, list(export.events())


def events(items: list[Event | Skipped]) -> list[Event]:
    return [i for i in items if isinstance(i, Event)]


def skipped(items: list[Event | Skipped]) -> list[tuple[str, str]]:
    return [(i.position, i.reason) for i in items if isinstance(i, Skipped)]


def china(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA_TZ)


def write(tmp_path: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return str(path)


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(("name", "fmt"), [
    ("sms-20261120.xml", "sms-xml"),
    ("calls-20261120.xml", "calls-xml"),
    ("logger.csv", "calls-csv"),
    ("calllog_zh.csv", "calls-csv"),
    ("wechat_utf8.csv", "wechat-csv"),
    ("events.jsonl", "jsonl"),
    ("sms-truncated.xml", "sms-xml"),
    ("sms-bomb.xml", "sms-xml"),
])
def test_every_fixture_is_detected(name: str, fmt: str) -> None:
    path = FIXTURES / name
    export = open_export(str(path), ImportOptions())
    data = path.read_bytes()
    assert export.format == fmt
    assert export.sha256 == hashlib.sha256(data).hexdigest()
    assert export.size == len(data)
    assert export.name == name and export.path == str(path)


def test_every_event_points_back_to_the_file() -> None:
    for name in ("sms-20261120.xml", "calls-20261120.xml", "logger.csv", "calllog_zh.csv",
                 "wechat_utf8.csv", "events.jsonl"):
        export, items = load(name)
        unit = {"sms-xml": "record", "calls-xml": "record", "jsonl": "line"}.get(
            export.format, "row")
        assert items, name
        for item in items:
            if isinstance(item, Skipped):
                assert item.source == export.path and item.position.startswith(unit)
                continue
            assert item.source == Source("import", export.path, export.sha256, item.source.position,
                                         export.format)
            assert item.source.position.startswith(unit + " ")
            assert item.direction in DIRECTIONS and item.at.tzinfo is not None
            assert item.outcome is None or item.outcome in OUTCOMES
            assert item.number is None or item.number == normalise(item.number)
            assert item.number_raw is None or item.number_raw != item.number
            # the fast constructor builds exactly what the dataclass would
            assert dataclasses.replace(item) == item
            assert dataclasses.replace(item.source) == item.source


def test_format_given_must_match_the_content() -> None:
    with pytest.raises(UsageProblem, match="--format calls-xml, but the content is sms-xml"):
        open_export(str(FIXTURES / "sms-20261120.xml"), ImportOptions(format="calls-xml"))
    export = open_export(str(FIXTURES / "logger.csv"), ImportOptions(format="calls-csv"))
    assert export.format == "calls-csv"


def test_unknown_csv_layout_lists_found_and_expected_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", "开始,对方,备注\n2026-11-20 10:00,17012345678,x\n")
    with pytest.raises(UsageProblem) as caught:
        open_export(path)
    message = caught.value.message
    assert "columns found: 开始, 对方, 备注" in message
    for expected in ("localId", "TalkerId", "CreateTime", "StrContent", "时间", "号码", "类型",
                     "时长"):
        assert expected in message
    assert caught.value.hint and "--column time=" in caught.value.hint
    # naming the columns makes it a call log
    export = open_export(path, ImportOptions(columns={"time": "开始", "number": "对方"}))
    (event,) = export.events()
    assert isinstance(event, Event)
    assert (event.at, event.number, event.direction) == (china(2026, 11, 20, 10), "17012345678",
                                                         "in")


def test_a_table_of_messages_is_not_taken_for_a_call_log(tmp_path: Path) -> None:
    path = write(tmp_path, "sms.csv", "时间,内容\n2026-11-20 10:00,您已逾期\n")
    with pytest.raises(UsageProblem) as caught:
        open_export(path)
    assert caught.value.hint and "table of messages" in caught.value.hint


def test_plain_text_names_the_supported_formats(tmp_path: Path) -> None:
    path = write(tmp_path, "note.txt", "【某某金融】您已逾期，请尽快还款\n\n第二条")
    with pytest.raises(UsageProblem) as caught:
        open_export(path)
    assert "plain text" in caught.value.message
    hint = caught.value.hint or ""
    assert "WeChatMsg CSV" in hint and "JSONL" in hint


@pytest.mark.parametrize(("data", "error", "text"), [
    (b"", UsageProblem, "empty file"),
    (b"  \n\n", UsageProblem, "only blank space"),
    (b"\x00\x01\x02binary\x00" * 20, InputError, "binary"),
    (b'<?xml version="1.0"?><html><body/></html>', UsageProblem, "root <html>"),
])
def test_files_that_are_not_exports(tmp_path: Path, data: bytes, error: type,
                                    text: str) -> None:
    path = write(tmp_path, "x.dat", data)
    with pytest.raises(error, match=text):  # type: ignore[call-overload]
        open_export(path)


def test_path_problems(tmp_path: Path) -> None:
    with pytest.raises(UsageProblem, match="no such file") as caught:
        open_export(str(tmp_path / "missing.xml"))
    assert caught.value.exit_code == 2 and caught.value.hint == "check the path"
    with pytest.raises(UsageProblem, match="is a directory"):
        open_export(str(tmp_path))
    if os.name == "posix" and os.geteuid() != 0:
        path = write(tmp_path, "locked.xml", "<smses/>")
        os.chmod(path, 0)
        with pytest.raises(UsageProblem, match="permission denied"):
            open_export(path)


@pytest.mark.parametrize(("options", "text"), [
    ({"format": "sms"}, "--format takes one of"),
    ({"encoding": "klingon"}, "unknown encoding"),
    ({"columns": {"when": "时间"}}, "unknown key 'when'"),
    ({"columns": {"time": " "}}, "name a column"),
])
def test_bad_options(options: dict[str, object], text: str) -> None:
    with pytest.raises(UsageProblem, match=text):
        open_export(str(FIXTURES / "logger.csv"), ImportOptions(**options))  # type: ignore[arg-type]


def test_a_named_column_that_does_not_exist() -> None:
    with pytest.raises(UsageProblem, match="no column '开始时间'"):
        open_export(str(FIXTURES / "calllog_zh.csv"), ImportOptions(columns={"time": "开始时间"}))


# --------------------------------------------------------------------------- SMS XML


def test_sms_xml() -> None:
    _, items = load("sms-20261120.xml")
    received, sent, emoji, mms, empty = events(items)
    assert received.method == "sms" and received.kind == "sms" and received.direction == "in"
    assert received.at == china(2026, 11, 20, 9, 15)
    assert received.number == "10690000123" and received.number_raw is None
    assert received.name is None  # "(Unknown)"
    assert received.text and received.text.startswith("【某某金融】您已逾期15天")
    assert received.source.position == "record 1" and received.platform is None

    assert sent.direction == "out" and sent.name == "催收 张某"
    assert sent.at == china(2026, 11, 20, 9, 20, 30) + timedelta(milliseconds=250)
    assert (sent.number, sent.number_raw) == ("17012345678", "+86 170-1234-5678")

    assert emoji.text == "再不还钱\n后果自负😀"  # surrogate-pair references repaired
    assert (emoji.number, emoji.number_raw) == ("17112345678", "008617112345678")
    assert emoji.at == china(2026, 11, 20, 23, 40) and emoji.source.position == "record 4"

    assert mms.kind == "mms" and mms.method == "sms" and mms.direction == "in"
    assert mms.text == "律师函：请于今日18点前还款"  # the smil part is layout, skipped
    assert (mms.number, mms.number_raw) == ("17112345678", "+8617112345678")
    assert mms.source.position == "record 5"

    # "null" everywhere means missing
    assert (empty.number, empty.number_raw, empty.name, empty.text) == (None, None, None, None)
    assert skipped(items) == [
        ("record 3", "draft, never sent"),
        ("record 7", "date 'soon' is not a time in milliseconds"),
    ]


def test_times_follow_the_zone_asked_for() -> None:
    utc = UTC
    _, items = load("sms-20261120.xml", tz=utc)
    first = events(items)[0]
    assert first.at.tzinfo is utc and first.at == china(2026, 11, 20, 9, 15)
    assert first.at.hour == 1


def test_sms_types_and_mms_boxes(tmp_path: Path) -> None:
    date = 'date="1795658400000"'
    path = write(tmp_path, "sms.xml", f"""<smses>
<sms address="1" {date} type="4" body="outbox"/>
<sms address="1" {date} type="5" body="failed"/>
<sms address="1" {date} type="6" body="queued"/>
<sms address="1" {date} type="8" body="odd"/>
<sms address="1" {date} body="no type"/>
<sms address="1" type="1" body="no date"/>
<sms address="1" date="-5" type="1" body="negative"/>
<sms address="1" date="99999999999999999999" type="1" body="far"/>
<mms {date} msg_box="2" address="17012345678"><parts><part ct="text/plain" text="我发的"/></parts>
<addrs><addr address="insert-address-token" type="137"/><addr address="+86 170 1234 5678"
 type="151"/></addrs></mms>
<mms {date} msg_box="3"><parts/></mms>
<mms {date} msg_box="9"><parts/></mms>
<mms date="1795658400"><addrs><addr address="17112345678" type="137"/></addrs></mms>
</smses>""")
    items = list(open_export(path).events())
    found = events(items)
    assert [e.direction for e in found] == ["out", "out", "out", "out", "in"]
    sent_mms, seconds_mms = found[3], found[4]
    assert (sent_mms.number, sent_mms.number_raw) == ("17012345678", "+86 170 1234 5678")
    assert sent_mms.text == "我发的"
    # an MMS date in seconds (as Android stores it) is not read as 1970
    assert seconds_mms.at == china(2026, 11, 26, 10) and seconds_mms.text is None
    assert seconds_mms.number == "17112345678"
    assert skipped(items) == [
        ("record 4", "SMS type '8' is not one of 1-6"),
        ("record 5", "SMS without a type"),
        ("record 6", "no date"),
        ("record 7", "date '-5' is before 1970"),
        ("record 8", "date '99999999999999999999' is out of range"),
        ("record 10", "draft, never sent"),
        ("record 11", "MMS msg_box '9' is not one of 1-5"),
    ]


def test_truncated_xml_yields_the_good_ones_then_input_error() -> None:
    export = open_export(str(FIXTURES / "sms-truncated.xml"))
    got: list[Event | Skipped] = []
    with pytest.raises(InputError) as caught:
        for item in export.events():
            got.append(item)
    assert [i.source.position for i in events(got)] == ["record 1", "record 2", "record 4"]
    assert caught.value.exit_code == 3
    assert caught.value.message.startswith(f"{export.path}: XML ends early or is malformed at line")
    assert caught.value.hint and "4 message element(s) read before it" in caught.value.hint


def test_entity_bomb_is_refused() -> None:
    export = open_export(str(FIXTURES / "sms-bomb.xml"))
    with pytest.raises(InputError, match="refuses XML with entity declarations"):
        list(export.events())


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "xxe.xml", '<?xml version="1.0"?><!DOCTYPE calls [<!ENTITY x SYSTEM '
                 '"file:///etc/passwd">]><calls><call number="&x;" type="1" date="1"/></calls>')
    with pytest.raises(InputError, match="external entity"):
        list(open_export(path).events())


def test_a_file_changed_after_hashing_is_an_error(tmp_path: Path) -> None:
    source = (FIXTURES / "calls-20261120.xml").read_text(encoding="utf-8")
    path = write(tmp_path, "calls.xml", source)
    export = open_export(path)
    Path(path).write_text(source.replace('duration="65"', 'duration="66"'), encoding="utf-8")
    with pytest.raises(InputError, match="changed while it was being imported"):
        list(export.events())


def test_large_xml_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    element = ('<call number="17012345678" duration="5" date="1795658400000" type="1" '
               'contact_name="(Unknown)"/>\n')
    count = 20_000
    path.write_text("<calls>\n" + element * count + "</calls>\n", encoding="utf-8")
    with mock.patch.object(decoding, "_CHUNK", 4096):
        seen = sum(1 for item in open_export(str(path)).events() if isinstance(item, Event))
    assert seen == count


# --------------------------------------------------------------------------- calls XML


def test_calls_xml() -> None:
    _, items = load("calls-20261120.xml")
    found = events(items)
    assert [(e.direction, e.outcome) for e in found] == [
        ("in", "answered"),   # 1 incoming
        ("out", "no_answer"),  # 2 outgoing, 0 s
        ("in", "missed"),     # 3
        ("in", "voicemail"),  # 4
        ("in", "rejected"),   # 5
        ("in", "blocked"),    # 6
        ("in", "answered"),   # 7 answered elsewhere
        ("out", "answered"),  # 2 outgoing, 42 s
    ]
    assert all(e.method == "call" and e.kind == "call" for e in found)
    first = found[0]
    assert (first.number, first.number_raw, first.duration_s) == (
        "17012345678", "+86 170 1234 5678", 65)
    assert first.at == china(2026, 11, 20, 9)
    assert found[3].number == "17112345678" and found[4].name == "某某金融"
    withheld = found[6]
    assert (withheld.number, withheld.number_raw) == (None, "-2")
    assert skipped(items) == [("record 8", "call type '9' is not one of 1-7")]


def test_call_with_bad_duration_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "calls.xml", '<calls><call number="1" date="1795658400000" type="2" '
                 'duration="long"/><call number="1" date="1795658400000" type="2"/></calls>')
    items = list(open_export(path).events())
    assert skipped(items) == [("record 1", "duration 'long' is not a number")]
    (event,) = events(items)
    assert event.duration_s is None and event.outcome is None


def test_scan_still_refuses_a_call_log(tmp_path: Path) -> None:
    path = str(FIXTURES / "calls-20261120.xml")
    with pytest.raises(UsageProblem, match="this is a call log"):
        list(open_input(path, ReadOptions()))


# --------------------------------------------------------------------------- CSV


def test_logger_csv() -> None:
    _, items = load("logger.csv")
    found = events(items)
    assert [(e.direction, e.outcome, e.duration_s) for e in found] == [
        ("in", "missed", 0), ("in", "answered", 95), ("out", "no_answer", 0),
        ("in", "rejected", 0), ("in", "blocked", 0)]
    assert found[0].at == china(2026, 11, 20, 8)
    assert found[0].name is None and found[1].name == "催收 张某"
    assert (found[1].number, found[1].number_raw) == ("17012345678", "+8617012345678")
    assert [e.source.position for e in found] == ["row 2", "row 3", "row 4", "row 5", "row 6"]
    assert skipped(items) == [
        ("row 7", "call type 'CallType.unknown' is not one we know"),
        ("row 8", "time 'yesterday' is not a date and time"),
    ]


def test_chinese_call_log() -> None:
    _, items = load("calllog_zh.csv")
    found = events(items)
    assert [(e.direction, e.outcome, e.duration_s) for e in found] == [
        ("in", "missed", 0), ("in", "answered", 80), ("out", "answered", 80),
        ("out", "no_answer", 0), ("in", "rejected", None), ("in", "blocked", 0)]
    assert [e.at for e in found[:3]] == [china(2026, 11, 20, 21, 30, 5),
                                         china(2026, 11, 20, 21, 45),
                                         china(2026, 11, 20, 22, 1)]
    assert (found[0].number, found[0].number_raw) == ("17012345678", "170-1234-5678")
    assert found[1].name == "催收"
    assert skipped(items) == [
        ("row 8", "call type '视频通话' is not one we know"),
        ("row 9", "duration '很久' is not a length of time"),
        ("row 10", "time '明天' is not a date and time"),
    ]


def test_naive_csv_times_use_the_zone_given() -> None:
    tokyo = timezone(timedelta(hours=9))
    _, items = load("calllog_zh.csv", tz=tokyo)
    assert events(items)[0].at == datetime(2026, 11, 20, 21, 30, 5, tzinfo=tokyo)


def test_epoch_beats_formatted_and_columns_can_be_named(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv",
                 "timestamp,时间,号码,方向,结果,秒,note\n"
                 "1795658400000,2000-01-01 00:00:00,17012345678,呼出,,12,回电\n"
                 ",2026-11-26 10:00:00,17012345678,呼入,未接,0,\n")
    export = open_export(path, ImportOptions(columns={
        "direction": "方向", "type": "结果", "duration": "秒", "text": "note"}))
    first, second = events(list(export.events()))
    assert first.at == china(2026, 11, 26, 10) and first.direction == "out"
    assert (first.outcome, first.duration_s, first.text) == ("answered", 12, "回电")
    assert second.at == china(2026, 11, 26, 10)  # no epoch: the formatted time
    assert (second.direction, second.outcome, second.text) == ("in", "missed", None)


@pytest.mark.parametrize(("text", "seconds"), [
    ("80", 80), ("80秒", 80), ("1分20秒", 80), ("1分钟", 60), ("1小时2分3秒", 3723),
    ("00:01:20", 80), ("01:20", 80), ("1h2m3s", 3723), ("", None), ("null", None),
])
def test_durations(text: str, seconds: int | None) -> None:
    assert import_tables._duration(text) == seconds


@pytest.mark.parametrize("text", ["很久", "1:2:3:4", "-5", "1.5分"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a length of time"):
        import_tables._duration(text)


def test_separate_date_and_time_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "日期,时间,号码,类型\n2026-11-26,10:00,17012345678,未接\n")
    (event,) = open_export(path).events()
    assert isinstance(event, Event) and event.at == china(2026, 11, 26, 10)


def test_gbk_call_log(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "时间,号码,类型,时长\n2026-11-26 10:00,17012345678,来电,5\n",
                 encoding="gbk")
    (event,) = open_export(path).events()
    assert isinstance(event, Event) and (event.direction, event.outcome) == ("in", "answered")


def test_csv_row_with_wrong_field_count(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "时间,号码\n2026-11-26 10:00,17012345678,extra\n")
    assert skipped(list(open_export(path).events())) == [
        ("row 2", "has 3 fields; the header has 2")]


def test_wechat_csv() -> None:
    _, items = load("wechat_utf8.csv")
    found = events(items)
    assert [(e.direction, e.kind, e.text) for e in found] == [
        ("in", "wechat_text", "你好，你的网贷已经逾期了"),
        ("out", "wechat_text", "我知道了，下周还, 别打我家人电话"),
        ("in", "wechat_image", "[图片]"),
        ("in", "wechat_text", "没有CreateTime，用StrTime"),
        ("in", "wechat_voice", "[语音]"),
    ]
    assert all(e.method == "wechat" and e.number is None for e in found)
    assert [e.name for e in found] == ["催收小王", "催收小王", "催收小王", "王某", "wxid_fake0001"]
    assert found[0].at == china(2026, 11, 20, 10) and found[3].at == china(2026, 11, 20, 10, 4)
    assert skipped(items) == [("row 5", "system message"),
                              ("row 8", "IsSender '2' is neither 0 nor 1")]


def test_wechat_create_time_wins_over_str_time(tmp_path: Path) -> None:
    header = WECHAT_HEADER + "\n"
    row = "1,wxid_x,49,57,0,1795658400,2,好的我看到了,2000-01-01 00:00:00,,,\n"
    path = write(tmp_path, "w.csv", header + row, encoding="utf-8-sig")
    (event,) = open_export(path).events()
    assert isinstance(event, Event)
    assert event.at == china(2026, 11, 26, 10)
    assert (event.kind, event.text) == ("wechat_app", "[引用] 好的我看到了")


# --------------------------------------------------------------------------- JSONL


def test_jsonl() -> None:
    _, items = load("events.jsonl")
    journal, message, named = events(items)
    assert journal == Event(
        method="call", direction="in", at=china(2026, 11, 20, 9), source=journal.source,
        number="17012345678", number_raw="+86 170 1234 5678", name="催收", platform="某某贷",
        note="威胁联系我单位", duration_s=65, outcome="answered", kind="call")
    assert journal.source.position == "line 1"
    assert (message.method, message.direction, message.kind) == ("sms", "in", "sms")
    assert (message.number, message.text) == ("10690000123", "您已逾期，请尽快还款")
    assert message.at == china(2026, 11, 20, 10)
    assert (named.number, named.name, named.at) == (None, "某催收公司", china(2026, 11, 26, 10))
    reasons = skipped(items)
    assert [p for p, _ in reasons] == ["line 4", "line 5", "line 7", "line 8"]
    assert reasons[0][1].startswith("not JSON (")
    assert reasons[1][1] == "direction 'sideways' is not one of in, out"
    assert reasons[2][1] == "not a JSON object (a list)"
    assert reasons[3][1].startswith("neither a journal event")


def test_jsonl_round_trip_of_the_journal_shape(tmp_path: Path) -> None:
    original = Event(method="visit", direction="in", at=china(2026, 11, 26, 10, 30),
                     source=Source("manual"), number="17012345678", note="两人上门",
                     third_party=True)
    doc = {k: v for k, v in dataclasses.asdict(original).items()
           if k not in ("source", "attachments")}
    doc["at"] = original.at.isoformat()
    path = write(tmp_path, "export.jsonl", json.dumps(doc, ensure_ascii=False) + "\n")
    (event,) = open_export(path).events()
    assert isinstance(event, Event)
    assert dataclasses.replace(event, source=original.source) == original


@pytest.mark.parametrize(("line", "reason"), [
    ('{"method": "call", "direction": "in", "at": "soon"}', "at 'soon' is not a time"),
    ('{"method": "call", "direction": "in", "at": "2026-11-26T10:00:00+08:00", '
     '"outcome": "ignored"}', "outcome 'ignored' is not one of"),
    ('{"method": "call", "direction": "in", "at": "2026-11-26T10:00:00+08:00", '
     '"duration_s": -3}', "duration_s '-3' is not a whole number of seconds"),
    ('{"method": 5, "direction": "in", "at": "2026-11-26T10:00:00+08:00"}',
     "method '5' is not a string"),
    ('{"text": "hi"}', "no time"),
    ('{"text": 5, "time": 1795658400}', "text is not a string"),
])
def test_jsonl_bad_records(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path, "x.jsonl", line + "\n")
    ((position, why),) = skipped(list(open_export(path).events()))
    assert position == "line 1" and why.startswith(reason)


# --------------------------------------------------------------------------- properties


_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=60, **_SETTINGS)  # type: ignore[arg-type]
@given(header=st.sampled_from(["时间,号码,类型,时长,姓名", WECHAT_HEADER,
                               "name,duration,number,call_type,timestamp"]),
       rows=st.lists(st.lists(st.one_of(_CELL, st.sampled_from(
           ["1", "0", "49", "10000", "1795658400", "1795658400000", "null", "CallType.missed",
            "呼出", "1分", "2026-11-20 10:00", "-2"])), max_size=12), max_size=5))
def test_arbitrary_csv_cells_raise_only_our_errors(tmp_path: Path, header: str,
                                                   rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header.split(","))
    writer.writerows(rows)
    path = write(tmp_path, "log.csv", out.getvalue())
    try:
        items = list(open_export(path).events())
    except OverdueError:
        return
    assert all(isinstance(i, Event | Skipped) for i in items)


@settings(max_examples=60, **_SETTINGS)  # type: ignore[arg-type]
@given(lines=st.lists(st.one_of(
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
    st.dictionaries(st.sampled_from(["method", "direction", "at", "number", "text", "time",
                                     "duration_s", "outcome", "sender", "third_party"]),
                    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                              st.floats(allow_nan=True), _CELL), max_size=6).map(json.dumps),
), min_size=1, max_size=6))
def test_arbitrary_jsonl_lines_raise_only_our_errors(tmp_path: Path, lines: list[str]) -> None:
    path = write(tmp_path, "x.jsonl", "{}\n" + "\n".join(lines), encoding="utf-8")
    try:
        items = list(open_export(path, ImportOptions(format="jsonl")).events())
    except OverdueError:
        return
    assert all(isinstance(i, Event | Skipped) for i in items)


@settings(max_examples=100, **_SETTINGS)  # type: ignore[arg-type]
@given(data=st.one_of(
    st.binary(max_size=200),
    st.lists(st.sampled_from(['<smses>', '<calls>', '<sms ', '<call ', 'type="1" ', 'type="3" ',
                              'date="1795658400000" ', 'date="x" ', 'address="+86 170" ',
                              'body="&#55357;&#56832;" ', '/>', '</smses>', '</calls>', '<mms>',
                              '</mms>', '<!DOCTYPE x [', "<!ENTITY a 'b'>", ']>', '\n']),
             max_size=25).map(lambda parts: "".join(parts).encode())))
def test_arbitrary_files_raise_only_our_errors(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "x.xml", data)
    try:
        items = list(open_export(path).events())
    except OverdueError:
        return
    assert all(isinstance(i, Event | Skipped) for i in items)


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=14)
_MOBILE = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(raw=st.one_of(_DIGITS, _MOBILE, st.text(max_size=20)))
def test_normalise_is_idempotent(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once) == once


@given(mobile=_MOBILE, prefix=st.sampled_from(["", "+86", "0086", "86", "+86 ", "0086-"]),
       spaced=st.booleans())
def test_normalise_strips_the_country_code_and_spacing(mobile: str, prefix: str,
                                                      spaced: bool) -> None:
    body = f"{mobile[:3]} {mobile[3:7]}-{mobile[7:]}" if spaced else mobile
    assert normalise(prefix + body) == mobile


def test_importing_the_module_loads_no_parser() -> None:
    import subprocess

    code = ("import sys, overdue_cli.journal.imports; "
            "print(sorted(m for m in ('csv', 'json', 'defusedxml', 'xml.etree.ElementTree') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_formats_are_the_events_modules() -> None:
    assert set(imports._READERS) == set(IMPORT_FORMATS)
