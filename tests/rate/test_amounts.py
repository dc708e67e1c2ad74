"""Money and rates as borrowers write them (rate/amounts.py): examples and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.errors import UsageProblem
from overdue_cli.rate.amounts import MAX_AMOUNT, Rate, parse_amount, parse_rate


@pytest.mark.parametrize(("text", "value"), [
    ("3500", "3500"), ("3500元", "3500"), ("3.5k", "3500"), ("3.5K", "3500"),
    ("3.5千", "3500"), ("1万", "10000"), ("1.2万", "12000"), ("三千五", "3500"),
    ("三千五百", "3500"), ("一万二", "12000"), ("两万三千五", "23500"), ("一百零五", "105"),
    ("¥3,500", "3500"), ("￥3500.50", "3500.50"), ("３５００元", "3500"), ("5000块", "5000"),
    (" 800 ", "800"), ("3千5", "3500"), ("1万2", "12000"), ("1.2w", "12000"),
    # as English reports write it (a real case: tests/data/rate_real_cases.jsonl)
    ("80,000 yuan", "80000"), ("1000yuan", "1000"), ("130,000 Yuan", "130000"),
])
def test_amounts_as_people_write_them(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(("text", "key"), [
    ("0", "rate_amount_positive"), ("-3500", "rate_amount_positive"),
    ("0元", "rate_amount_positive"), ("abc", "rate_amount_bad"), ("", "rate_amount_bad"),
    ("3500美元", "rate_amount_bad"), ("1e5", "rate_amount_bad"),
    ("9" * 20, "rate_amount_large"), ("10亿", "rate_amount_bad"),
    ("1000000001", "rate_amount_large"),
])
def test_bad_amounts_say_which_and_why(text: str, key: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_amount(text, "--pay")
    assert caught.value.key == key
    assert caught.value.params["flag"] == "--pay"
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(("text", "value", "per"), [
    ("日息0.05%", "0.0005", "day"), ("日利率0.05%", "0.0005", "day"),
    ("0.05%/天", "0.0005", "day"), ("万五", "0.0005", "day"), ("日息万五", "0.0005", "day"),
    ("万分之五", "0.0005", "day"), ("月息2分", "0.02", "month"), ("月息两分", "0.02", "month"),
    ("月利率1.5%", "0.015", "month"), ("1.5%/月", "0.015", "month"),
    ("年化24%", "0.24", "year"), ("24%", "0.24", "year"), ("年息18%", "0.18", "year"),
    ("年化 24 ％", "0.24", "year"), ("年息1分", "0.1", "year"), ("月息8厘", "0.008", "month"),
])
def test_rates_as_people_write_them(text: str, value: str, per: str) -> None:
    assert parse_rate(text) == Rate(Decimal(value), per)  # type: ignore[arg-type]


def test_a_flag_can_say_what_a_bare_percentage_is_per() -> None:
    assert parse_rate("0.05%", "--daily", bare="day") == Rate(Decimal("0.0005"), "day")
    assert parse_rate("年化24%", "--daily", bare="day") == Rate(Decimal("0.24"), "year")
    assert parse_rate("2%", bare="month") == Rate(Decimal("0.02"), "month")


def test_a_rate_says_its_simple_yearly_figure() -> None:
    assert parse_rate("万五").annual == Decimal("0.1825")
    assert parse_rate("月息2分").annual == Decimal("0.24")
    assert parse_rate("年化24%").annual == Decimal("0.24")


@pytest.mark.parametrize(("text", "key"), [
    ("", "rate_rate_bad"), ("很高", "rate_rate_bad"), ("2分", "rate_rate_bad"),
    ("-5%", "rate_rate_bad"), ("日息", "rate_rate_bad"), ("20000%", "rate_rate_large"),
])
def test_bad_rates_say_which_and_why(text: str, key: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_rate(text, "--daily")
    assert caught.value.key == key
    assert caught.value.params["flag"] == "--daily"


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2,
                   allow_nan=False, allow_infinity=False))
def test_any_amount_written_plainly_reads_back(value: Decimal) -> None:
    assert parse_amount(format(value, "f")) == value
    assert parse_amount(f"{value:,}元") == value


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=4,
                   allow_nan=False, allow_infinity=False))
def test_any_percentage_reads_back(value: Decimal) -> None:
    assert parse_rate(f"年化{value:f}%") == Rate(value / 100, "year")
    assert parse_rate(f"日息{value:f}%").value == value / 100


@given(st.text(max_size=30))
def test_arbitrary_text_raises_only_usage_problems(text: str) -> None:
    for parse in (parse_amount, parse_rate):
        try:
            result = parse(text)
        except UsageProblem as problem:
            assert problem.key
        else:
            assert result is not None


@pytest.mark.parametrize(("text", "every"), [
    ("七天", "week"), ("7天", "week"), ("每７天", "week"), ("一周", "week"),
    ("14天", "fortnight"), ("每十四天", "fortnight"), ("每周", "week"), ("按月", "month"),
])
def test_a_schedule_step_as_people_write_it(text: str, every: str) -> None:
    """7天 and 14天 are the terms 714 loans are named for (a real case wrote 七天)."""
    from overdue_cli.rate import parse_every

    assert parse_every(text) == every


def test_other_day_counts_are_not_a_schedule_step() -> None:
    from overdue_cli.rate import parse_every

    for text in ("3天", "30天", "十天"):
        with pytest.raises(UsageProblem) as caught:
            parse_every(text)
        assert caught.value.key == "rate_every_bad"
