"""`overdue rate` end to end: the issue's examples, the lines by lender, bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ..conftest import assert_one_line_error, run, run_en

KANTOU = ("--received", "3500", "--contract", "5000", "--pay", "800", "--every", "week",
          "--times", "8")
SMALL_LOAN = ("--received", "10000", "--pay", "1020", "--every", "month", "--times", "12",
              "--fee", "600", "--lender", "small_loan", "--signed", "2025-03-10")
DAILY = ("--daily", "0.05%", "--days", "30", "--principal", "10000")


def _schedule(tmp_path: Path, text: str) -> str:
    path = tmp_path / "payments.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _examples(tmp_path: Path) -> list[tuple[str, ...]]:
    csv = _schedule(tmp_path, "日期,金额\n2025-02-01,5000\n2025-03-01,8000\n2025-04-01,9000\n")
    return [KANTOU, SMALL_LOAN,
            ("--received", "20000", "--schedule", csv, "--signed", "2025-01-01"), DAILY]


@pytest.mark.parametrize("index", range(4))
def test_issue_examples_human_and_json(tmp_path: Path, validator, index: int) -> None:
    args = _examples(tmp_path)[index]
    human = run("rate", *args)
    assert human.code == 0, human.stderr
    assert "APR" in human.stdout and human.stderr == ""
    result = run("rate", *args, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("rate.schema.json", doc)
    assert doc["command"] == "rate" and doc["schema_version"] == 1
    assert doc["cost"]["apr"]["percent"].endswith("%")


def test_kantou_counts_what_was_received() -> None:
    doc = run("rate", *KANTOU, "--json").json
    counted = doc["principal_counted"]
    assert counted["contract"] == "5000.00" and counted["received"] == "3500.00"
    assert counted["deducted"] == "1500.00"
    human = run("rate", *KANTOU).stdout
    assert "5000" in human and "3500" in human and "砍头息" in human


def _applying(doc: dict) -> set[str]:
    return {line["id"] for line in doc["lines"] if line["applies"]}


def test_small_loan_gets_the_24_and_36_lines_not_4_lpr() -> None:
    doc = run("rate", *SMALL_LOAN, "--json").json
    assert _applying(doc) == {"court_24", "cash_loan_36"}
    assert all(line["above"] for line in doc["lines"] if line["applies"])


def test_unlicensed_gets_4_lpr() -> None:
    doc = run("rate", *KANTOU, "--lender", "unlicensed", "--signed", "2025-06-01",
              "--json").json
    assert "lpr4" in _applying(doc) and "court_24" not in _applying(doc)
    lpr4 = next(line for line in doc["lines"] if line["id"] == "lpr4")
    assert lpr4["rate"]["percent"] == "12.00%" and lpr4["above"] is True
    assert Decimal(lpr4["excess"]["at_least"]) > 0
    assert Decimal(lpr4["excess"]["at_most"]) >= Decimal(lpr4["excess"]["at_least"])
    assert "void" in doc["supported"]["why_unclear"]
    assert doc["lines"][0]["basis"][0]["source_id"] == "private_lending_provisions"
    assert "report_police" in [step["id"] for step in doc["next_steps"]]


def test_lpr_override() -> None:
    doc = run("rate", *KANTOU, "--lender", "高利贷", "--lpr", "3.1%", "--json").json
    lpr4 = next(line for line in doc["lines"] if line["id"] == "lpr4")
    assert lpr4["rate"]["percent"] == "12.40%"


def test_chinese_words_for_every_and_times() -> None:
    a = run("rate", "--received", "3500", "--pay", "800", "--every", "周", "--times", "八",
            "--json").json
    b = run("rate", "--received", "3500", "--pay", "800", "--every", "week", "--times", "8",
            "--json").json
    assert a["cost"] == b["cost"]


def test_english() -> None:
    result = run("rate", *KANTOU, "--lang", "en")
    assert result.code == 0 and "effective annual rate" in result.stdout
    assert run("rate", *KANTOU, "--lang", "en", "--json").json["lang"] == "en"


@pytest.mark.parametrize("args", [
    ("--received", "-3500", "--pay", "800", "--every", "week", "--times", "8"),
    ("--received", "0", "--pay", "800", "--every", "week", "--times", "8"),
    ("--daily", "0.05%", "--principal", "10000"),
    ("--received", "3500", "--pay", "800", "--every", "year", "--times", "8"),
    ("--received", "3500", "--pay", "800"),
    ("--received", "3500", "--pay", "800", "--every", "week", "--times", "8",
     "--daily", "0.05%", "--days", "3", "--principal", "100"),
    (),
])
def test_bad_flags_are_usage_errors(args: tuple[str, ...]) -> None:
    assert_one_line_error(run("rate", *args), 2)


def test_schedule_with_no_payments_is_a_data_error(tmp_path: Path) -> None:
    csv = _schedule(tmp_path, "date,amount\n")
    assert "没有一笔还款" in assert_one_line_error(
        run("rate", "--received", "100", "--schedule", csv), 3)


def test_schedule_row_with_a_bad_amount_names_its_line(tmp_path: Path) -> None:
    csv = _schedule(tmp_path, "日期,金额\n2025-02-01,500\n2025-03-01,很多\n")
    assert "第 2 行" in assert_one_line_error(
        run("rate", "--received", "1000", "--schedule", csv, "--signed", "2025-01-01"), 3)


def test_partial_payments_and_late_fees_count_as_cost() -> None:
    base = ["rate", "--received", "3500", "--contract", "5000", "--pay", "800", "--every",
            "每周", "--times", "8", "--signed", "2025-02-01", "--json"]
    plain = json.loads(run(*base).stdout)
    more = json.loads(run(*base, "--paid", "2025-02-20,100", "--late-fee", "50",
                          "--late-fee", "2025-03-01 30").stdout)
    assert Decimal(more["paid"]) == Decimal(plain["paid"]) + 180
    assert Decimal(more["fees"]) == Decimal(plain["fees"]) + 80
    assert Decimal(more["cost"]["ear"]["fraction"]) > Decimal(plain["cost"]["ear"]["fraction"])


def test_a_fee_on_every_instalment_needs_a_regular_schedule() -> None:
    assert "--fee-each" in run_en("rate", "--daily", "0.05%", "--days", "30", "--principal",
                                  "10000", "--fee-each", "10").stderr


def test_schedule_before_the_loan(tmp_path: Path) -> None:
    csv = _schedule(tmp_path, "2024-12-01,500\n")
    assert_one_line_error(run("rate", "--received", "100", "--schedule", csv,
                              "--signed", "2025-01-01"), 2)


def test_unreadable_schedule(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.csv")
    assert_one_line_error(run("rate", "--received", "100", "--schedule", missing), 3)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage\xff")
    assert_one_line_error(run("rate", "--received", "100", "--schedule", str(bad)), 3)


def test_listed_in_help_and_schemas() -> None:
    assert "rate" in run("--help").stdout
    assert "rate" in run("schema", "--json").stdout


def test_traditional_chinese() -> None:
    result = run("rate", *KANTOU, "--lang", "zh-Hant")
    assert result.code == 0 and "實際年利率" in result.stdout


def test_paying_back_less_than_received_asks_for_the_rest_of_the_plan() -> None:
    # paying back 1 of 3500 has no cost to speak of (and no rate in the solver's range):
    # the payments still to come are missing, which is the user's to give (exit 2)
    result = run("rate", "--received", "3500", "--pay", "1", "--every", "week", "--times", "1")
    assert "还没还的部分" in assert_one_line_error(result, 2)


RATE_SCHEMA = "https://overdue.invalid/schemas/rate.schema.json"


def test_check_and_explain_fees_link_to_rate_and_its_schema() -> None:
    checked = json.loads(run("check", "--days", "60", "--method", "sms", "--json").stdout)
    explained = json.loads(run("explain", "fees", "--json").stdout)
    for steps in (checked["next_steps"], explained["topic"]["next_steps"]):
        linked = [s for s in steps if s["id"] == "check_interest"]
        assert linked and linked[0]["command"] == "overdue rate"
        assert linked[0]["schema"] == RATE_SCHEMA
    shown = json.loads(run("schema", "rate").stdout)
    assert shown["$id"] == RATE_SCHEMA


def test_steps_a_letter_does_name_the_letter_and_its_schema() -> None:
    checked = json.loads(run("check", "--days", "60", "--method", "sms", "--json").stdout)
    negotiate = next(s for s in checked["next_steps"] if s["id"] == "negotiate")
    assert negotiate["command"] == "overdue letter negotiate"
    assert negotiate["schema"] == "https://overdue.invalid/schemas/letter.schema.json"


def test_a_late_fee_without_a_day_is_said_to_understate_the_cost() -> None:
    out = run("rate", *KANTOU, "--late-fee", "50").stdout
    assert "逾期费用（没写日期，记在最后一期那天）" in out and "真实成本会更高" in out


def test_a_bare_daily_percentage_of_one_percent_or_more_is_refused() -> None:
    result = run("rate", "--daily", "36%", "--days", "30", "--principal", "10000")
    assert "年化36%" in assert_one_line_error(result, 2)


def test_gbk_schedules_from_excel_are_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("日期,金额\n2025-03-15,800\n2025-04-15,2900\n".encode("gbk"))
    doc = json.loads(run("rate", "--received", "3500", "--schedule", str(path), "--signed",
                         "2025-03-01", "--json").stdout)
    assert doc["paid"] == "3700.00" and doc["flows"][1]["kind"] == "payment"


def test_a_missing_schedule_and_a_folder_say_which(tmp_path: Path) -> None:
    assert "没有找到" in assert_one_line_error(
        run("rate", "--received", "1", "--schedule", str(tmp_path / "none.csv")), 3)
    assert "文件夹" in assert_one_line_error(
        run("rate", "--received", "1", "--schedule", str(tmp_path)), 3)


def test_only_the_void_contract_line_crossed_is_said_so() -> None:
    out = run("rate", "--received", "12000", "--pay", "1066.19", "--every", "month", "--times",
              "12", "--lender", "unlicensed", "--signed", "2025-06-01").stdout
    assert "没有高于 4 倍 LPR 等利率线；但如果合同被认定无效" in out
    assert "没有高于任何适用于这类放款方的线" not in out


def test_interest_all_before_2020_gives_no_yuan_estimate() -> None:
    args = ("rate", "--daily", "万五", "--days", "30", "--principal", "10000", "--signed",
            "2019-09-01", "--lender", "unlicensed")
    out = run(*args).stdout
    assert "算不出法院会支持多少" in out and "按下面这些线估算" not in out
    assert json.loads(run(*args, "--json").stdout)["supported"]["estimate"] is False


def test_an_unlicensed_lender_gets_no_customer_service_step_and_rates_police_words() -> None:
    doc = json.loads(run("rate", *KANTOU, "--lender", "714", "--signed", "2025-03-10",
                         "--json").stdout)
    ids = [step["id"] for step in doc["next_steps"]]
    assert "complain_cost" not in ids and "report_police" in ids
    police = next(step for step in doc["next_steps"] if step["id"] == "report_police")
    assert "非法经营罪" in police["text"] and "套路贷" not in police["text"]


def test_without_a_contract_day_a_cost_above_every_4_lpr_ever_is_said_above() -> None:
    out = run("rate", "--daily", "万五", "--days", "30", "--principal", "10000").stdout
    assert "高于 4 倍 LPR（没有签约日期" in out and "没有高于 4 倍 LPR" not in out
    between = run("rate", "--daily", "万四", "--days", "30", "--principal", "10000").stdout
    assert "可能高于 4 倍 LPR" in between


def test_one_more_payment_never_lowers_the_apr() -> None:
    base = ["rate", "--received", "3500", "--pay", "800", "--every", "week", "--times", "8",
            "--signed", "2025-03-01", "--json"]
    plain = json.loads(run(*base).stdout)["cost"]
    more = json.loads(run(*base, "--paid", "2025-04-26,1").stdout)["cost"]
    assert Decimal(more["apr"]["fraction"]) > Decimal(plain["apr"]["fraction"])
    assert more["periods_per_year"] == 52


def test_a_first_day_fee_above_the_money_received_says_what_was_likely_meant() -> None:
    result = run("rate", "--received", "3500", "--fee", "5000", "--pay", "800", "--every",
                 "week", "--times", "8")
    assert "--contract" in assert_one_line_error(result, 2)


def test_an_astronomical_compound_rate_is_only_said_to_be_above_1000() -> None:
    out = run("rate", *KANTOU, "--signed", "2025-03-10").stdout
    assert "超过 1000%" in out and "207600" not in out
