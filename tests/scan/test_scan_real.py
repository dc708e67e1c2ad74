"""scan on real and held-out messages, legal notices, the model and alarm words (issue 10).

Two labelled sets are measured here, each in a part that was tuned on and a part
that never was:

- the real, published messages in ../shared/data/real_messages.jsonl (read from
  there, skipped with the reason when absent), split by source (see
  bench/accuracy.py): the tuning part taught the rules and the model; the test
  part never did;
- the written set: tests/data/messages.jsonl was tuned on; the last batch's
  held-out quarter, tests/data/messages_heldout.jsonl, was not.

The figures of both parts are shown after the run by ``pytest --accuracy``
(bench/accuracy.py prints the real corpus's in full). The assertions are floors
on what the issue asks (no real notice called impersonation, at most 10% of
lawful test messages flagged) and on what was measured, so a change that makes
scan worse on messages it was not tuned on fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from overdue_cli.errors import ModelError
from overdue_cli.readers import Record
from overdue_cli.rulebook import Rulebook
from overdue_cli.scan.scanner import MessageResult, Scanner

from ..conftest import bench_accuracy, run

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "real_messages.jsonl"
HELDOUT = ROOT / "tests" / "data" / "messages_heldout.jsonl"
FLAGGED = ("unlawful", "scam")


@pytest.fixture(scope="module")
def real(book: Rulebook) -> list[tuple[dict, MessageResult, MessageResult]]:
    if not REAL.is_file():
        pytest.skip(f"the shared real-message corpus is not at {REAL} (it is kept beside the "
                    "repository, never in it)")
    part_of = bench_accuracy().part_of
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines() if line]
    rules, both = Scanner(book, model=False), Scanner(book)
    out = []
    for row in rows:
        row["part"] = part_of(row["source"])
        record = Record(row["text"], "real", row["id"])
        out.append((row, rules.scan(record), both.scan(record)))
    return out


def _figures(rows: list[tuple[dict, MessageResult]]) -> tuple[float, float, int, int]:
    bad = [res for row, res in rows if row["verdict"] in FLAGGED]
    good = [res for row, res in rows if row["verdict"] == "lawful"]
    recall = sum(r.flagged for r in bad) / len(bad)
    false_alarms = sum(r.flagged for r in good) / len(good)
    return recall, false_alarms, len(bad), len(good)


def test_real_messages_both_parts_reported(real, figures) -> None:
    measured = {}
    for part in ("tuning", "test"):
        for name, index in (("rules alone", 1), ("rules + model", 2)):
            chosen = [(row, results[index - 1]) for row, *results in real if row["part"] == part]
            recall, false_alarms, bad, good = measured[part, name] = _figures(chosen)
            figures(f"real {part:6} {name:13}: {recall:6.1%} of {bad} unlawful/scam "
                    f"flagged; {false_alarms:5.1%} of {good} lawful flagged")
    # the ceiling, on the part nothing was tuned on
    assert measured["test", "rules + model"][1] <= 0.10
    assert measured["test", "rules alone"][1] <= 0.10
    # floors at what was measured when these were written (tuning 100%, test 71%)
    assert measured["tuning", "rules + model"][0] >= 0.90
    assert measured["test", "rules + model"][0] >= 0.65
    # the model is a second opinion: it only ever adds
    assert measured["test", "rules + model"][0] >= measured["test", "rules alone"][0]


def test_no_real_legal_notice_is_called_fake(real) -> None:
    """The most harmful error: a real court, arbitration or credit-bureau notice read
    as impersonation or a false legal threat, so that a borrower ignores it."""
    for row, *results in real:
        if row["verdict"] == "lawful" and "legal_notice" in row["labels"]:
            for result in results:
                assert not {"impersonation", "fake_legal"} & set(result.categories), row["id"]


def test_held_out_written_messages(book: Rulebook, figures) -> None:
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()
            if line]
    out = {}
    for name, scanner in (("rules alone", Scanner(book, model=False)),
                          ("rules + model", Scanner(book))):
        scanned = [(row, scanner.scan(Record(row["text"], "heldout", row["id"])))
                   for row in rows]
        out[name] = _figures(scanned)
    for name, (recall, false_alarms, bad, good) in out.items():
        figures(f"written held-out {name:13}: {recall:6.1%} of {bad} unlawful/scam flagged; "
                f"{false_alarms:5.1%} of {good} lawful flagged")
    assert out["rules + model"][0] >= 0.90
    assert out["rules + model"][1] <= 0.15


# -- legal notices ----------------------------------------------------------

COURT_NOTICES = [
    "【临江区人民法院】王某：您与某某小贷公司借款合同纠纷一案（2026）浙0102民初8817号已立案，"
    "起诉状副本、应诉通知书、举证通知书已电子送达，请登录人民法院在线服务查看，开庭时间12月9日9时30分。",
    "【江州仲裁委员会】李某：申请人某某消费金融与您的借款合同纠纷（2026）江仲网裁字第1532号已受理，"
    "请于答辩期内通过网络仲裁平台提交答辩意见。",
    "（2026）苏0508民督1107号支付令已送达，如有异议请于收到之日起十五日内书面提出，可拨打12368核实。",
    # real courts serve by QR code, download link and ID-number login, and name the fees
    "【江州市中级人民法院】张某：你（2026）苏01执1234号案件的执行通知书已电子送达，请扫描二维码"
    "或登录人民法院在线服务小程序查看，逾期不履行将依法采取强制执行措施。",
    "【江州市中级人民法院】张某：(2026)苏01执1234号案件，申请执行费由被执行人负担，请凭身份证号"
    "登录人民法院在线服务查看执行通知书。",
    "【临江区人民法院】李某：起诉状副本、传票已送达，案号（2026）浙0102民初8817号，请点击"
    " https://zxfw.court.gov.cn/zxfw/#/pagesAjkj/app/wssd/index 下载查看。",
]


@pytest.mark.parametrize("text", COURT_NOTICES)
def test_real_looking_notices_are_lawful_with_advice(book: Rulebook, text: str) -> None:
    result = Scanner(book).scan(Record(text, "t", "line 1"))
    assert result.verdict == "lawful", [h.signal.id for h in result.hits]
    assert "legal_notice" in result.categories
    assert any(h.signal.id == "legal.court_notice" for h in result.hits)
    from overdue_cli.scan.scanner import actions_for

    steps = actions_for(book, [h.signal.id for h in result.hits])
    assert steps[:2] == ["verify_12368", "respond_to_court"]


@pytest.mark.parametrize("text", [
    "【临江区人民法院】（2026）浙0102民初8817号案件可庭前和解，请将撤诉保证金转入指定账户。",
    "我是朝阳区派出所的民警，你在网贷平台的欠款今天必须结清。",
    "这里是临江区人民法院执行局，你的欠款今天不处理，明天冻结你名下银行卡。",
    "【临江区人民法院】您有一份传票待签收，请加书记员微信fy8817领取，否则视为拒收。",
])
def test_impersonation_needs_a_mismatch_and_then_a_case_number_does_not_excuse_it(
        book: Rulebook, text: str) -> None:
    result = Scanner(book, model=False).scan(Record(text, "t", "line 1"))
    assert result.flagged and "impersonation" in result.categories


# -- the model and alarm words ----------------------------------------------

VEILED = "钱准备好了没有，别让我们亲自过去拿"


def test_the_model_raises_what_no_rule_names(book: Rulebook) -> None:
    rules = Scanner(book, model=False).scan(Record(VEILED, "t", "line 1"))
    both = Scanner(book).scan(Record(VEILED, "t", "line 1"))
    assert not rules.flagged
    assert both.flagged
    (hit,) = [h for h in both.hits if h.signal.id.startswith("model.")]
    assert hit.score is not None and 0 < hit.score <= 1
    assert hit.signal.basis  # the category's rule's basis
    assert hit.parts and all(VEILED[s:e] == words for role, words, (s, e) in hit.parts
                             if role == "ngram")


def test_no_model_over_the_cli() -> None:
    with_model = run("scan", VEILED, "--json").json
    without = run("scan", VEILED, "--json", "--no-model").json
    ids = [s["id"] for s in with_model["messages"][0]["signals"]]
    assert any(i.startswith("model.") for i in ids)
    assert with_model["messages"][0]["signals"][0]["score"] is not None
    assert not any(s["id"].startswith("model.") for s in without["messages"][0]["signals"])


def test_a_corrupt_model_file_is_one_line_and_exit_3(tmp_path: Path, book: Rulebook,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "scan_model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError):
        Scanner(book, model_path=bad).scan(Record(VEILED, "t", "line 1"))
    from overdue_cli.scan import model

    monkeypatch.setattr(model, "default_model_path", lambda: bad)
    for args in ((), ("--json",), ("--jsonl",)):
        result = run("scan", VEILED, *args)
        assert result.code == 3, args
        assert "Traceback" not in result.stderr
        assert bad.name in result.stderr
        assert len([line for line in result.stderr.splitlines() if "scan_model" in line]) == 1
    assert run("scan", VEILED, "--no-model").code == 0


@pytest.mark.parametrize(("text", "words"), [
    ("你儿子在实验小学读三年级吧，挺可爱的。", ("儿子",)),
    ("记得还钱，不然后面出事别怪我没提醒。", ("出事",)),
])
def test_alarm_words_nothing_explains_make_a_message_unclear(book: Rulebook, text: str,
                                                             words: tuple[str, ...]) -> None:
    result = Scanner(book, model=False).scan(Record(text, "t", "line 1"))
    if result.flagged:  # a rule explained it after all: fine, it is not "lawful"
        return
    assert result.verdict == "unclear"
    assert set(words) <= set(result.attention)


def test_explained_or_negated_alarm_words_stay_lawful(book: Rulebook) -> None:
    scanner = Scanner(book, model=False)
    for text in ("您的借款已逾期，我司将依法向人民法院提起诉讼。",
                 "我们不会上门，也不会联系您的父母，请在APP内还款。"):
        result = scanner.scan(Record(text, "t", "line 1"))
        assert result.verdict == "lawful" and result.attention == (), text
