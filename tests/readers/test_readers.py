"""The scan input readers: formats, encodings, damaged input, limits, streaming.

Fixtures are synthetic (tests/fixtures/scan/) or generated in tmp_path; no real
person's messages are used anywhere.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_cli.errors import OverdueError, UsageProblem
from overdue_cli.readers import (
    CHINA_TZ,
    FORMATS,
    InputError,
    ReadOptions,
    Record,
    Skipped,
    check_encoding,
    decode_input,
    detect_format,
    open_input,
    read_bytes,
    read_text_argument,
)
from overdue_cli.readers import decode as decoding
from overdue_cli.readers import inputs as opening

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scan"


def read(data: bytes, **options: object) -> tuple[list[Record | Skipped], OverdueError | None]:
    """Everything an input yields, and the error that ended it (None if it ended cleanly)."""
    items: list[Record | Skipped] = []
    try:
        for item in read_bytes(io.BytesIO(data), "in.txt", ReadOptions(**options)):  # type: ignore[arg-type]
            items.append(item)
    except OverdueError as err:
        return items, err
    return items, None


def records(items: list[Record | Skipped]) -> list[Record]:
    return [i for i in items if isinstance(i, Record)]


def skipped(items: list[Record | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def texts(items: list[Record | Skipped]) -> list[str]:
    return [r.text for r in records(items)]


def fixture(name: str, **options: object) -> list[Record | Skipped]:
    return list(open_input(str(FIXTURES / name), ReadOptions(**options)))  # type: ignore[arg-type]


def china(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA_TZ)


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(("head", "expected"), [
    ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">", "sms-xml"),
    ("\n  <smses count=\"3\">", "sms-xml"),
    ("<!-- backup -->\n<smses>", "sms-xml"),
    ("<calls count=\"1\">", "sms-xml"),
    ('{"text": "hi"}\n', "jsonl"),
    ('\n\n  {"body": "hi"}', "jsonl"),
    ("时间,号码,内容\n2024-01-02,10086,hi\n", "csv"),
    ("time\tsender\ttext\n1\t2\t3\n", "csv"),
    ("id;Message Body\n1;hi\n", "csv"),
    ("日期,对方,短信\n2024-01-02,10086,hi\n", "csv"),  # unknown names over a fitting row
    ("【某某金融】您已逾期, 请还款\n\n第二条", "text"),
    ("Hello, world\n\nSecond message", "text"),
    ("time, money, and patience\n\nnext", "text"),
    ("<b>not xml</b>", "text"),
    ("[XX银行] 您的账单已逾期", "text"),
    ("plain message", "text"),
])
def test_detect_format(head: str, expected: str) -> None:
    assert detect_format(head) == expected


def test_every_fixture_is_detected_as_its_format() -> None:
    def head(name: str) -> str:
        encoding = "gb18030" if name == "gbk.csv" else "utf-8-sig"
        return (FIXTURES / name).read_bytes()[:4096].decode(encoding)

    assert {name: detect_format(head(name)) for name in sorted(os.listdir(FIXTURES))} == {
        "gbk.csv": "csv", "messages.jsonl": "jsonl", "messages.txt": "text", "sms.xml": "sms-xml",
        "wechat.csv": "csv", "zh_headers.csv": "csv"}


def test_format_override() -> None:
    data = '{"text": "not really json"}\n\n时间,内容\n'.encode()
    assert texts(read(data, format="text")[0]) == ['{"text": "not really json"}', "时间,内容"]
    items, error = read(b"a,b\nc,d\n", format="text")
    assert texts(items) == ["a,b\nc,d"] and error is None
    items, error = read(b"just text\n", format="sms-xml")
    assert isinstance(error, InputError) and "malformed at line 1" in error.message


def test_naming_a_text_column_reads_an_odd_table_as_csv() -> None:
    items, error = read("甲,乙\n1,你好\n".encode(), text_column="乙")
    assert error is None and texts(items) == ["你好"]


# --------------------------------------------------------------------------- SMS XML


def test_sms_xml_fixture() -> None:
    items = fixture("sms.xml")
    got = records(items)
    assert [r.position for r in got] == ["record 1, line 5", "record 3, line 7", "record 4, line 8"]
    first, nulls, mms = got
    # &#10; is a newline
    assert first.text == "【某某金融】您的借款已逾期3天，请尽快还款。\n退订回T"
    assert first.time == china(2024, 1, 2, 10, 0) and first.time.utcoffset() == timedelta(hours=8)
    assert (first.sender, first.id, first.source) == ("+8610690000", "101",
                                                      str(FIXTURES / "sms.xml"))
    # "null" means missing; a surrogate-pair reference is joined into one emoji
    assert nulls == Record(text="再不还款就通知你的通讯录 \U0001F620", source=first.source,
                           position="record 3, line 7")
    assert mms.text == "彩信催收：请联系我们 😀" and mms.sender == "+8613900000000"
    assert mms.id == "7" and mms.time == china(2024, 1, 2, 13, 0)
    assert skipped(items) == [Skipped(first.source, "record 5, line 18",
                                      "no message text (empty body)")]


def test_sms_xml_include_sent() -> None:
    got = records(fixture("sms.xml", include_sent=True))
    sent = [r for r in got if r.text == "我已经在还了"]
    assert len(got) == 4 and sent[0].position == "record 2, line 6"
    assert sent[0].time == china(2024, 1, 2, 11, 0) + timedelta(milliseconds=123)


def test_mms_sent_and_without_text() -> None:
    xml = ('<smses><mms msg_box="2" date="1"><parts><part ct="text/plain" text="我发的"/></parts>'
           '</mms><mms msg_box="1" date="1"><parts><part ct="image/jpeg" text="null"/></parts>'
           '</mms></smses>').encode()
    items, error = read(xml)
    assert error is None and items == [Skipped("in.txt", "record 2, line 1",
                                               "no message text (MMS without a text part)")]
    assert texts(read(xml, include_sent=True)[0]) == ["我发的"]


def test_sms_xml_bad_date_and_long_body_are_skipped() -> None:
    xml = ('<smses><sms date="soon" body="a"/><sms body="' + "长" * 50 + '"/>'
           '<sms body="ok"/></smses>').encode()
    items, error = read(xml, max_message_chars=10)
    assert error is None
    assert [s.reason for s in skipped(items)] == [
        "date 'soon' is not a time in milliseconds",
        "message is 50 characters long; messages longer than 10 characters are skipped",
    ]
    assert texts(items) == ["ok"]


def test_truncated_xml_yields_the_records_before_it() -> None:
    whole = (FIXTURES / "sms.xml").read_bytes()
    cut = whole[: whole.index(b"<mms") + 40]
    items, error = read(cut)
    assert [r.position for r in records(items)] == ["record 1, line 5", "record 3, line 7"]
    assert isinstance(error, InputError) and error.exit_code == 3
    assert error.message == "in.txt: XML ends early or is malformed at line 8, column 3"
    assert error.hint and "3 message element(s) read before it" in error.hint


def test_billion_laughs_is_refused_quickly_and_small() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY l0 "lol">{entities}]>'
            '<smses><sms body="&l9;"/></smses>').encode()
    tracemalloc.start()
    began = time.perf_counter()
    items, error = read(bomb)
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert items == [] and isinstance(error, InputError)
    assert error.message == "in.txt: refuses XML with entity declarations (possible XML bomb)"
    assert elapsed < 1 and peak < 5_000_000


def test_external_entity_is_refused() -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<smses><sms body="&x;"/></smses>')
    items, error = read(xxe)
    assert items == [] and isinstance(error, InputError)
    assert error.message == "in.txt: refuses XML with an external entity ('x')"


def test_call_log_and_other_xml_are_usage_problems() -> None:
    _, error = read(b'<?xml version="1.0"?><calls count="1"><call number="1"/></calls>')
    assert isinstance(error, UsageProblem) and error.exit_code == 2
    assert error.message == ("in.txt: this is a call log (calls XML), not messages; "
                             "`overdue scan` reads messages")
    _, error = read(b'<?xml version="1.0"?><html><body/></html>')
    assert isinstance(error, UsageProblem) and "root <html>" in error.message


def test_gb18030_xml_is_decoded_by_us_whatever_it_declares() -> None:
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<smses>\n'
           '<sms address="10086" date="1704160800000" type="1" body="您已逾期，请还款"/>\n</smses>')
    items, error = read(xml.encode("gb18030"))
    assert error is None and texts(items) == ["您已逾期，请还款"]


def test_surrogate_references_split_across_chunks() -> None:
    body = "&#55357;&#56832;x&#xD83D;&#xDE00;&#55357;y&#56832;"
    xml = f'<smses><sms body="{body}"/></smses>'.encode()
    for size in (1, 3, 7, 11, 64):
        with mock.patch.object(decoding, "_CHUNK", size):
            items, error = read(xml)
        assert error is None and texts(items) == ["😀x😀\ufffdy\ufffd"], size


def test_xml_bad_byte_mid_file_keeps_earlier_records() -> None:
    sms = '<sms body="第{}条" type="1" date="1704160800000"/>\n'
    head = "<smses>\n" + "".join(sms.format(i) for i in range(3000))
    data = head.encode() + b'<sms body="\xff"/>\n</smses>'
    items, error = read(data)
    assert len(records(items)) == 3000
    assert isinstance(error, InputError)
    assert error.message == f"in.txt: not valid UTF-8 text at byte offset {len(head.encode()) + 11}"


def test_large_xml_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    body = "请尽快还款，否则后果自负。" * 80  # 1040 characters, ~3 KB
    element = f'  <sms address="10086" date="1704160800000" type="1" body="{body}" />\n'.encode()
    count = 30_000_000 // len(element)
    with path.open("wb") as out:
        out.write(b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses>\n")
        for _ in range(count):
            out.write(element)
        out.write(b"</smses>\n")
    tracemalloc.start()
    seen = sum(1 for _ in open_input(str(path), ReadOptions()))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seen == count and path.stat().st_size > 29_000_000
    assert peak < 5_000_000  # a few chunks, nowhere near the file's 30 MB


# --------------------------------------------------------------------------- CSV


def test_wechat_csv() -> None:
    items = fixture("wechat.csv")
    assert skipped(items) == []  # sent messages and images are not "malformed"
    first, multi = records(items)
    assert first == Record(text="你好，你的欠款已经逾期", source=str(FIXTURES / "wechat.csv"),
                           position="row 2", id="1", time=china(2024, 1, 2, 10, 0),
                           sender="催收员小王")
    assert multi.text == '今天不还\n就上门，"说到做到"' and multi.position == "row 5"
    assert multi.sender == "王经理"  # no remark: the nickname
    sent = records(fixture("wechat.csv", include_sent=True))
    assert [r.id for r in sent] == ["1", "2", "4"]


def test_wechat_create_time_wins_over_str_time() -> None:
    header = ("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,"
              "Remark,NickName,Sender\n")
    data = (header + "9,wxid_x,1,0,0,1704160800,2,hi,1999-01-01 00:00:00,,,\n"
            "10,wxid_x,1,0,0,,2,fallback,2024-01-03 08:00:00,,,\n").encode("utf-8-sig")
    got = records(read(data)[0])
    assert [(r.time, r.sender) for r in got] == [(china(2024, 1, 2, 10, 0), "wxid_x"),
                                                (china(2024, 1, 3, 8, 0), "wxid_x")]


def test_chinese_header_csv() -> None:
    items = fixture("zh_headers.csv")
    got = records(items)
    assert [(r.position, r.text, r.sender) for r in got] == [
        ("row 2", "第一条", "10086"), ("row 3", "第二条, 带逗号", "95555"),
        ("row 6", "秒", "1"), ("row 7", "毫秒", "2")]
    assert [r.time for r in got] == [china(2024, 1, 2, 10, 0), china(2024, 1, 3, 8, 5),
                                     china(2024, 1, 2, 10, 0), china(2024, 1, 2, 10, 0)]
    assert [(s.position, s.reason) for s in skipped(items)] == [
        ("row 4", "time '昨天' is not a date"),
        ("row 5", "empty message text"),
        ("row 8", "has 2 fields; the header has 3"),
    ]


def test_gbk_csv() -> None:
    got = records(fixture("gbk.csv"))
    assert [(r.text, r.sender, r.time) for r in got] == [
        ("您已逾期，请立即还款", "10086", china(2024, 1, 2, 10, 0)),
        ("再次提醒", "10086", china(2024, 1, 3, 10, 0))]


def test_tab_and_semicolon_separated() -> None:
    assert texts(read("号码\t内容\n10086\t你好, 朋友\n".encode())[0]) == ["你好, 朋友"]
    assert texts(read(b"sender;message\n1;hello, you\n")[0]) == ["hello, you"]


def test_split_date_and_time_columns() -> None:
    got = records(read("日期,时间,内容\n2024-01-02,13:05,你好\n".encode())[0])
    assert got[0].time == china(2024, 1, 2, 13, 5)


def test_named_columns_and_a_missing_one() -> None:
    data = b"when,who,what,ref\n2024-01-02 10:00,10086,hello,A1\n"
    got = records(read(data, text_column="what", time_column="when", sender_column="who",
                       id_column="ref")[0])
    assert got == [Record("hello", "in.txt", "row 2", "A1", china(2024, 1, 2, 10, 0), "10086")]
    _, error = read(data, text_column="waht")
    assert isinstance(error, UsageProblem)
    assert error.message == "in.txt: no column 'waht' (--text-column)"
    assert error.hint == "the columns are: when, who, what, ref; did you mean 'what'?"


def test_csv_without_a_message_column() -> None:
    _, error = read("日期,对方,短信\n2024-01-02,10086,你好\n".encode())
    assert isinstance(error, UsageProblem)
    assert error.message == "in.txt: no message column among: 日期, 对方, 短信"
    assert error.hint and "--text-column" in error.hint and "短信内容" in error.hint


def test_csv_long_field_is_skipped_and_later_rows_read() -> None:
    data = ('号码,内容\n1,"' + "长" * 5000 + '"\n2,"' + "x" * 300 + '"\n3,短\n').encode()
    items, error = read(data, max_message_chars=200)
    assert error is None and texts(items) == ["短"]
    assert [(s.position, s.reason.split(";")[0]) for s in skipped(items)] == [
        ("row 2", "row is longer than 4,496 characters"),
        ("row 3", "message is 300 characters long")]


def test_csv_error_becomes_a_skipped_row() -> None:
    huge = "x" * 140_000  # over the csv module's field limit, spread over lines
    data = ('内容,号码\n"' + "\n".join([huge[:70_000], huge[70_000:]]) + '",1\n好,2\n').encode()
    items, error = read(data, max_message_chars=200_000)
    assert error is None and "好" in texts(items)
    assert any("not valid CSV" in s.reason for s in skipped(items))


# --------------------------------------------------------------------------- JSONL


def test_jsonl_fixture() -> None:
    items = fixture("messages.jsonl")
    got = records(items)
    assert [(r.position, r.text, r.sender, r.id) for r in got] == [
        ("line 1", "第一条", "10086", "7"), ("line 3", "第二条", "95555", None),
        ("line 9", "带时区", None, "abc"), ("line 10", "毫秒", None, None),
        ("line 11", "秒", None, None)]
    assert got[0].time == china(2024, 1, 2, 10, 0)
    assert got[2].time == datetime(2024, 1, 2, 10, 0, tzinfo=UTC)
    assert got[3].time == got[4].time == china(2024, 1, 2, 10, 0)  # epoch ms and s
    assert [(s.position, s.reason) for s in skipped(items)] == [
        ("line 4", "not JSON (Expecting value at column 1)"),
        ("line 5", "not a JSON object (a list)"),
        ("line 6", "no text field (expected one of text, body, content, message, msg, 内容, "
                   "短信内容, 消息, 消息内容, 信息内容, StrContent)"),
        ("line 7", "time 'yesterday' is not a date"),
        ("line 8", "body is empty"),
    ]


@pytest.mark.parametrize(("value", "expected"), [
    (1704160800, china(2024, 1, 2, 10, 0)),
    (1704160800123, china(2024, 1, 2, 10, 0) + timedelta(milliseconds=123)),
    (1704160800.5, china(2024, 1, 2, 10, 0) + timedelta(milliseconds=500)),
    ("1704160800", china(2024, 1, 2, 10, 0)),
    ("1704160800000", china(2024, 1, 2, 10, 0)),
    ("2024-01-02 10:00", china(2024, 1, 2, 10, 0)),
    ("2024-01-02T10:00:00Z", datetime(2024, 1, 2, 10, 0, tzinfo=UTC)),
    ("2024/1/2 10:00:05", china(2024, 1, 2, 10, 0, 5)),
    ("2024年1月2日 10:00", china(2024, 1, 2, 10, 0)),
    ("2024-01-02", china(2024, 1, 2)),
    (None, None),
])
def test_jsonl_times(value: object, expected: datetime | None) -> None:
    data = json.dumps({"text": "t", "time": value}).encode()
    got = records(read(data)[0])
    assert got[0].time == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", -5, True, [1], "1e999"])
def test_jsonl_bad_times_skip_the_record(value: object) -> None:
    items, error = read(json.dumps({"text": "t", "time": value}).encode())
    assert error is None and len(skipped(items)) == 1 and records(items) == []


def test_jsonl_odd_values() -> None:
    lines = [{"text": 5}, {"text": "ok", "sender": {"a": 1}}, {"TEXT": "caps", "ID": 3},
             {"text": None}]
    items, _ = read("\n".join(json.dumps(x) for x in lines).encode())
    assert [s.reason for s in skipped(items)] == [
        "text is not a string", "sender is not a string or a number",
        "no text field (expected one of text, body, content, message, msg, 内容, 短信内容, "
        "消息, 消息内容, 信息内容, StrContent)"]
    assert records(items)[0].id == "3"
    nested = b'{"text": ' + b"[" * 100_000 + b"\n" + b'{"text": "after"}\n'
    items, error = read(nested)
    assert error is None and texts(items) == ["after"]


def test_jsonl_long_line_is_skipped_without_parsing() -> None:
    long_line = json.dumps({"text": "长" * 2000})  # ensure_ascii: 12,000 characters
    data = f'{long_line}\n{{"text": "{"x" * 150}"}}\n{{"text": "ok"}}\n'.encode()
    items, _ = read(data, max_message_chars=100)
    assert texts(items) == ["ok"]
    assert [s.reason for s in skipped(items)] == [
        "record is 12,012 characters long; messages longer than 100 characters are skipped",
        "message is 150 characters long; messages longer than 100 characters are skipped"]


# --------------------------------------------------------------------------- text


def test_text_fixture() -> None:
    got = records(fixture("messages.txt"))
    assert [(r.position, r.text) for r in got] == [
        ("line 1", "第一条消息\n第二行"), ("line 5", "第二条消息"),
        ("line 7", "  第三条\n有缩进的一行")]


def test_text_crlf_and_no_final_newline() -> None:
    got = records(read(b"one\r\ntwo  \r\n\r\nthree")[0])
    assert [(r.position, r.text) for r in got] == [("line 1", "one\ntwo"), ("line 4", "three")]


def test_text_argument() -> None:
    got = list(read_text_argument("第一条\n\n 第二条 \n", ReadOptions()))
    assert got == [Record("第一条", "<argument>", "line 1"),
                   Record(" 第二条", "<argument>", "line 3")]
    with pytest.raises(UsageProblem, match=r"<argument>: empty input: no messages to scan"):
        read_text_argument(" \n ", ReadOptions())


def test_ten_megabyte_line_is_skipped_in_bounded_memory() -> None:
    data = b"before\n\n" + b"a" * 10_000_000 + b"\nstill the same message\n\nafter\n"
    stream = io.BytesIO(data)
    tracemalloc.start()
    items = list(read_bytes(stream, "big.txt", ReadOptions(format="text")))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert items == [
        Record("before", "big.txt", "line 1"),
        Skipped("big.txt", "line 3", "message is 10,000,023 characters long; "
                "messages longer than 100,000 characters are skipped"),
        Record("after", "big.txt", "line 6"),
    ]
    assert peak < 3_000_000  # the 100,000-character limit and a few chunks, not 10 MB


def test_many_lines_over_the_limit_together() -> None:
    data = ("x" * 60 + "\n") * 3 + "\nnext"
    items, _ = read(data.encode(), max_message_chars=100)
    assert items == [Skipped("in.txt", "line 1", "message is 182 characters long; messages "
                             "longer than 100 characters are skipped"),
                     Record("next", "in.txt", "line 5")]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(("encoding", "option"), [
    ("utf-8", None), ("utf-8-sig", None), ("gb18030", None), ("gbk", None),
    ("utf-16", None), ("big5", "big5"), ("utf-16-le", "utf-16-le"), ("utf-8-sig", "utf-8"),
])
def test_encodings(encoding: str, option: str | None) -> None:
    message = "您已逾期，請還款 😀" if encoding not in ("gbk", "big5") else "您已逾期，請還款"
    data = f"{message}\n\n第二條".encode(encoding)
    items, error = read(data, encoding=option)
    assert error is None and texts(items) == [message, "第二條"]


def test_undecodable_byte_mid_file() -> None:
    messages = [f"第{i}条：请尽快还款" for i in range(6000)]  # well past the first chunk
    good = "\n\n".join(messages).encode() + "\n\n坏的".encode()
    items, error = read(good + b"\xff\xfe" + "消息\n\n之后".encode())
    assert texts(items) == messages  # the message holding the bad byte is not yielded
    assert isinstance(error, InputError) and error.exit_code == 3
    assert error.message == f"in.txt: not valid UTF-8 text at byte offset {len(good)}"
    assert error.hint and "--encoding" in error.hint


def test_undecodable_in_the_first_chunk_names_the_offset() -> None:
    # a small file: the messages before the fault still come first (nothing lost)
    items, error = read(b"abc\n\ndef\xff\xfe\x80\n")
    assert texts(items) == ["abc"]
    assert isinstance(error, InputError)
    assert error.message == "in.txt: not valid UTF-8 text at byte offset 8"
    assert error.hint and "--encoding" in error.hint


def test_undecodable_from_the_first_byte() -> None:
    items, error = read(b"\x80\x80abc")
    assert texts(items) == []
    assert isinstance(error, InputError)
    assert error.message == "in.txt: not valid UTF-8 or GB18030 text at byte offset 0"


def test_incomplete_character_at_the_end() -> None:
    items, error = read("好的\n\n你".encode()[:-1])
    assert texts(items) == ["好的"] and isinstance(error, InputError)
    assert error.message == "in.txt: not valid UTF-8 text at byte offset 8"


@pytest.mark.parametrize(("data", "offset"), [
    (b"PK\x03\x04\x14\x00\x00\x00", 5),
    (bytes(range(1, 32)) * 10, 0),
    (b"text then \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 10),
])
def test_binary_garbage(data: bytes, offset: int) -> None:
    items, error = read(data)
    assert items == [] and isinstance(error, InputError)
    assert error.message == ("in.txt: looks like binary data, not text or an export "
                             f"(byte offset {offset})")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", b"\xef\xbb\xbf \n"])
def test_empty_input(data: bytes) -> None:
    items, error = read(data)
    assert items == [] and isinstance(error, UsageProblem)
    assert error.message == "in.txt: empty input: no messages to scan"


def test_a_few_colour_codes_are_still_text() -> None:
    assert texts(read(b"\x1b[31mred\x1b[0m alert")[0]) == ["\x1b[31mred\x1b[0m alert"]


# --------------------------------------------------------------------------- paths and options


def test_open_input_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.xml"
    with pytest.raises(UsageProblem, match=r"nope\.xml: no such file$"):
        open_input(str(missing), ReadOptions())
    with pytest.raises(UsageProblem, match=r"is a directory"):
        open_input(str(tmp_path), ReadOptions())
    locked = tmp_path / "locked.txt"
    locked.write_text("hi")
    monkeypatch.setattr(opening.os, "access", lambda path, mode: False)  # root reads anything
    with pytest.raises(UsageProblem, match=r"locked\.txt: permission denied$"):
        open_input(str(locked), ReadOptions())


def test_open_input_stdin() -> None:
    fake = io.BytesIO('{"text": "来自管道"}\n'.encode())
    assert list(open_input("-", ReadOptions(), fake)) == [Record("来自管道", "<stdin>", "line 1")]


def test_open_input_without_a_standard_input_says_so() -> None:
    with pytest.raises(UsageProblem, match="no standard input"):
        open_input("-", ReadOptions())


def test_bad_options() -> None:
    with pytest.raises(UsageProblem, match="--format takes one of") as info:
        read_bytes(io.BytesIO(b"x"), "x", ReadOptions(format="josnl"))
    assert info.value.hint == "did you mean 'jsonl'?"
    with pytest.raises(UsageProblem, match="unknown encoding 'klingon'"):
        read_bytes(io.BytesIO(b"x"), "x", ReadOptions(encoding="klingon"))


def test_read_errors_become_input_errors() -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError(5, "Input/output error")

    with pytest.raises(InputError, match=r"in\.txt: cannot read \(Input/output error\)"):
        list(read_bytes(io.BufferedReader(Broken()), "in.txt", ReadOptions()))


def test_importing_the_module_loads_no_parser() -> None:
    modules = ", ".join(f"overdue_cli.readers.{name}" for name in (
        "csvfile", "decode", "fields", "inputs", "jsonl", "lines", "options", "records",
        "sms_xml", "times", "xmlstream"))
    code = (f"import sys, {modules}; "
            "print(sorted(m for m in ('csv', 'json', 'defusedxml', 'xml.etree.ElementTree') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- properties

_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\n\r"),
    min_size=1, max_size=30,
).filter(lambda s: s.strip())
_MESSAGE = st.lists(_LINE, min_size=1, max_size=4).map(
    lambda lines: "\n".join([*lines[:-1], lines[-1].rstrip()]))
_GAP = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\t\u3000\n", "\r\n\r\n"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=st.lists(_MESSAGE, min_size=1, max_size=8), gap=_GAP,
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       chunk=st.integers(1, 40), end=st.sampled_from(["", "\n", "\n\n  "]))
def test_text_round_trip(messages: list[str], gap: str, encoding: str, chunk: int,
                         end: str) -> None:
    data = (gap.join(messages) + end).encode(encoding)
    with mock.patch.object(decoding, "_CHUNK", chunk):
        items, error = read(data, format="text", encoding=encoding)
    assert error is None and texts(items) == messages


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                 min_size=1).filter(lambda s: s.strip()), min_size=1, max_size=8),
       ascii_only=st.booleans(), chunk=st.integers(1, 40))
def test_jsonl_round_trip(messages: list[str], ascii_only: bool, chunk: int) -> None:
    lines = [json.dumps({"text": m, "id": i}, ensure_ascii=ascii_only)
             for i, m in enumerate(messages)]
    with mock.patch.object(decoding, "_CHUNK", chunk):
        items, error = read("\n".join(lines).encode())
    assert error is None
    assert [(r.text, r.id, r.position) for r in records(items)] == [
        (m, str(i), f"line {i + 1}") for i, m in enumerate(messages)]


@settings(max_examples=150, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(['<smses>', '<sms body="', '"/>', "</smses>", "&#55357;", "&#",
                              '{"text":', '"x"}', ",", '"', "\n", "时间,内容", "\r", "\xff",
                              "<!DOCTYPE x [", "<!ENTITY a 'b'>", "]>"]),
             max_size=30).map(lambda parts: "".join(parts).encode("utf-8", "surrogateescape"))),
       fmt=st.sampled_from([None, *FORMATS]), chunk=st.integers(1, 64))
def test_arbitrary_input_raises_only_our_errors(data: bytes, fmt: str | None, chunk: int) -> None:
    with mock.patch.object(decoding, "_CHUNK", chunk):
        items, error = read(data, format=fmt)  # any other exception fails the test
    assert error is None or isinstance(error, InputError | UsageProblem)
    assert all(isinstance(i, Record | Skipped) for i in items)


# --------------------------------------------------------------------------- --encoding names


@pytest.mark.parametrize("name", [
    "rot13", "rot_13", "hex", "zlib", "bz2", "uu", "quopri", "base64", "base64_codec",
    "undefined", "idna", "punycode",
])
def test_encodings_that_are_not_for_text_files_are_refused(name: str) -> None:
    with pytest.raises(UsageProblem) as info:
        read_bytes(io.BytesIO("再不还钱".encode()), "in.txt", ReadOptions(encoding=name))
    assert info.value.exit_code == 2
    assert info.value.message == (f"--encoding: '{name}' is not an encoding of text files "
                                  "(不是文本编码)")
    hint = info.value.hint or ""
    assert "utf-8, gb18030" in hint and "utf-16-le" in hint


def test_encoding_is_checked_before_anything_is_read() -> None:
    class Unread(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise AssertionError("read before the options were checked")

    for name in ("zlib", "klingon"):
        with pytest.raises(UsageProblem):
            read_bytes(Unread(), "in.txt", ReadOptions(encoding=name))  # type: ignore[arg-type]
        with pytest.raises(UsageProblem):  # the journal importers call this directly
            decode_input(Unread(), "in.txt", name)  # type: ignore[arg-type]
    with pytest.raises(UsageProblem, match="not an encoding of text files"):
        read_text_argument("再不还钱", ReadOptions(encoding="hex"))


def test_check_encoding_names_the_codec() -> None:
    assert check_encoding("UTF8") == "utf-8"
    assert check_encoding("GBK") == "gbk"
    assert check_encoding("utf_16_le") == "utf-16-le"
    with pytest.raises(UsageProblem, match=r"^--encoding: unknown encoding 'klingon' \(未知"):
        check_encoding("klingon")


@pytest.mark.parametrize(("name", "other"), [("utf-16", "utf-16-le"), ("UTF-16", "utf-16-be"),
                                             ("utf-32", "utf-32-le"), ("utf_32", "utf-32-be")])
def test_utf16_and_utf32_without_a_bom_name_the_byte_order(name: str, other: str) -> None:
    data = "您已逾期\n\n第二条".encode(other)  # no byte-order mark
    items, error = read(data, encoding=name)
    assert items == [] and isinstance(error, InputError) and error.exit_code == 3
    base = other[:6]
    assert error.message == (f"in.txt: --encoding {name} needs a byte-order mark at the start "
                             "of the input, and it has none (缺少字节顺序标记)")
    assert error.hint == (f"name the byte order: --encoding {base}-le (the usual one) or "
                          f"--encoding {base}-be")
    # the byte order it names reads the same bytes
    assert texts(read(data, encoding=other)[0]) == ["您已逾期", "第二条"]


@pytest.mark.parametrize(("name", "bom", "codec"), [
    ("utf-16", codecs.BOM_UTF16_LE, "utf-16-le"), ("utf-16", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-32", codecs.BOM_UTF32_LE, "utf-32-le"), ("utf-32", codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_utf16_and_utf32_with_a_bom(name: str, bom: bytes, codec: str) -> None:
    data = bom + "您已逾期 😀\n\n第二条".encode(codec)
    items, error = read(data, encoding=name)
    assert error is None and texts(items) == ["您已逾期 😀", "第二条"]


def test_utf16_without_a_bom_detected_as_binary_hints_at_the_byte_order() -> None:
    _, error = read("abc\n\ndef".encode("utf-16-le"))
    assert isinstance(error, InputError) and error.hint
    assert "--encoding utf-16-le" in error.hint


def test_a_codec_failing_without_a_position_is_an_input_error() -> None:
    """Defence in depth: a text codec raising a bare UnicodeError is still one line."""
    items, error = read("第一条\n\n第二条".encode("utf-16"), encoding="utf-16")
    assert error is None and len(records(items)) == 2

    class Odd(codecs.IncrementalDecoder):
        def decode(self, data: bytes, final: bool = False) -> str:
            raise UnicodeError("odd codec")

    with mock.patch.object(decoding.codecs, "getincrementaldecoder", lambda name: Odd):
        items, error = read(b"abc\n\ndef", encoding="ascii")
    assert items == [] and isinstance(error, InputError)
    assert error.message == "in.txt: cannot be read as ascii text (odd codec)"


def _all_codec_names() -> list[str]:
    import encodings
    import encodings.aliases
    import pkgutil

    names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
    return sorted(names - {"aliases"})


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(_all_codec_names()), data=st.binary(max_size=200),
       chunk=st.integers(1, 64))
def test_any_codec_name_raises_only_our_errors(name: str, data: bytes, chunk: int) -> None:
    with mock.patch.object(decoding, "_CHUNK", chunk):
        items, error = read(data, encoding=name)  # any other exception fails the test
    assert error is None or isinstance(error, InputError | UsageProblem)
    assert all(isinstance(i, Record | Skipped) for i in items)


def test_cli_refuses_a_non_text_encoding_in_one_line(tmp_path: Path) -> None:
    from ..conftest import assert_one_line_error, run_en

    src = tmp_path / "in.txt"
    src.write_text("再不还钱就爆你通讯录\n", encoding="utf-8")
    message = assert_one_line_error(run_en("scan", str(src), "--encoding", "rot13"), 2)
    assert "not an encoding of text files" in message and "utf-8" in message
    message = assert_one_line_error(run_en("scan", str(src), "--encoding", "utf-16"), 3)
    assert "byte-order mark" in message and "utf-16-le" in message
    db = str(tmp_path / "journal.sqlite3")
    message = assert_one_line_error(
        run_en("log", "import", str(src), "--encoding", "zlib", "--db", db), 2)
    assert "not an encoding of text files" in message


# --------------------------------------------------------------------------- DTDs


ATTLIST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE smses [<!ATTLIST sms body CDATA "injected">]>'
           '<smses><sms address="1" date="1795137300000" type="1"/></smses>\n')


@pytest.mark.parametrize("xml", [
    ATTLIST,
    '<!DOCTYPE smses><smses><sms address="1" date="1" type="1" body="hi"/></smses>',
    '<!DOCTYPE smses SYSTEM "http://example.invalid/sms.dtd">'
    '<smses><sms address="1" date="1" type="1" body="hi"/></smses>',
    '<?xml version="1.0"?><!DOCTYPE smses [<!ELEMENT smses ANY>]>'
    '<smses><sms address="1" date="1" type="1" body="hi"/></smses>',
])
def test_any_dtd_is_refused(xml: str) -> None:
    items, error = read(xml.encode())
    assert items == [] and isinstance(error, InputError) and error.exit_code == 3
    assert error.message == ("in.txt: refuses XML with a document type declaration "
                             "(<!DOCTYPE …>) (不接受带 DTD 的 XML)")
    assert error.hint and "never writes one" in error.hint


def test_dtd_in_the_cli_scan_and_import(tmp_path: Path) -> None:
    """The ATTLIST default never becomes a message, and the journal is left as it was."""
    from ..conftest import assert_one_line_error, run_en

    src = tmp_path / "sms-dtd.xml"
    src.write_text(ATTLIST, encoding="utf-8")
    message = assert_one_line_error(run_en("scan", str(src)), 3)
    assert "document type declaration" in message and "injected" not in message
    db = str(tmp_path / "journal.sqlite3")
    result = run_en("log", "import", str(src), "--db", db)
    assert result.code == 3 and "Traceback" not in result.stderr and result.stdout == ""
    assert "document type declaration" in result.stderr and "injected" not in result.stderr
    calls = tmp_path / "calls-dtd.xml"
    calls.write_text('<?xml version="1.0"?><!DOCTYPE calls [<!ATTLIST call duration CDATA '
                     '"99">]><calls><call number="17012345678" date="1795137300000" type="1"/>'
                     '</calls>', encoding="utf-8")
    assert run_en("log", "import", str(calls), "--db", db).code == 3
    verify = run_en("log", "verify", "--db", db, "--json")
    assert verify.code == 0 and verify.json["entries"] == 0


def test_a_skip_position_is_structured_and_round_trips() -> None:
    from overdue_cli.readers import POSITION_KINDS, Position

    for kind in POSITION_KINDS:
        at = Position.parse(f"{kind} 7")
        assert at == Position(kind, 7) and str(at) == f"{kind} 7"
    at = Position.parse("record 3, line 40")
    assert at == Position("record", 3, 40) and str(at) == "record 3, line 40"
    assert Position.parse("?") is None and Position.parse("line x") is None


def test_a_skip_carries_a_message_key_besides_its_english() -> None:
    from overdue_cli.readers import Skipped

    skip = Skipped("f", "line 2", "text is empty", key="skip_field_empty",
                   params={"field": "text"})
    assert skip == Skipped("f", "line 2", "text is empty")  # the key is not identity
    assert skip.at is not None and skip.at.number == 2
