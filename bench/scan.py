"""Scan benchmark for the overdue CLI: throughput, cold start and peak memory of ``overdue scan``.

Why this exists: ``overdue scan`` is run on whole phone exports (tens of MB of
SMS and chat text), so its throughput and its memory must hold up as the input
grows, and it is also run on one pasted message, where start-up dominates.
Three measurements, all taken in the same run on the same machine:

- throughput (the headline): ``overdue scan CORPUS.jsonl --jsonl --jobs 1``
  end to end (start-up, reading, matching, segmenting around matches, writing
  the results) in one process, in MB of message text per second, against the
  floor of plain word segmentation: ``jieba.lcut(text, HMM=False)`` over every
  message, jieba already initialised and the corpus already parsed. Target:
  at least 1.0 of that ("single-process throughput (``--jobs 1``) at least
  1.0x plain jieba.lcut(HMM=False) on the same text"). The default run, with
  worker processes (``--jobs auto``), is shown beside it for information: it
  says more about the machine's CPUs than about the code.
  Each of the three is run ``--throughput-runs`` times, interleaved (so drift on
  a busy machine hits all alike), and the fastest run of each is compared.
- cold start: ``overdue scan "一条短信" --json`` against ``python -c "import
  typer"`` (what any typer CLI pays). Target: at most 3 times that.
- peak memory: the child's peak RSS (``os.wait4``) for the corpus and for one
  ``--grow`` times larger. Target: under 300 MB for both, and not growing with
  the input (the scanner streams).

The corpus is synthetic, deterministic (seeded) Chinese collection messages:
lawful reminders, threats, contact-disclosure threats, insults, fake legal
threats, fee scams, debt-relief touts and unrelated messages, some in
Traditional Chinese and some with spaces between characters. MB here is
10**6 bytes; corpus MB counts the UTF-8 bytes of the message texts only.

This is a measurement, not a test: it always exits 0 unless a command itself
fails (exits non-zero), in which case it says which one and exits 1.

Usage (from anywhere, with the interpreter that has overdue-cli installed, and
installed as a user would, not editable: an editable install imports from the
source tree, which distorts start-up):

    python3 bench/scan.py [--mb 20] [--runs 15] [--throughput-runs 3] [--grow 3] [--keep]
                          [--skip-throughput]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from common import (
    MB,
    WARMUP_RUNS,
    Case,
    CommandFailed,
    Run,
    bench_env,
    measure_round_robin,
    overdue_command,
    report_failure,
    run_measured,
)

SEED = 20261120
SENDERS = 1000
TARGET_THROUGHPUT_RATIO = 1.0
"""For ``--jobs 1``: the issue's "single-process throughput at least 1.0x plain jieba"."""
TARGET_COLD_RATIO = 3.0
TARGET_PEAK_MB = 300.0
BOUNDED_GROWTH = 1.5
COLD_MESSAGE = "一条短信"
INFO_MESSAGES = ("再不还钱就爆你通讯录，通知你全家", "再不還錢就爆你通訊錄")

BASELINE_SCRIPT = """\
import json, logging, sys, time
import jieba
jieba.setLogLevel(logging.WARNING)
with open(sys.argv[1], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f]
jieba.initialize()
start = time.perf_counter()
for text in texts:
    jieba.lcut(text, HMM=False)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "messages": len(texts), "jieba": jieba.__version__}))
"""

# --- corpus ---------------------------------------------------------------------------------
# Placeholders: {p} platform, {n} days overdue, {amt} amount, {fee} small fee, {date} date,
# {hour} hour, {name} person, {city} city, {phone} phone, {wx} WeChat id, {code} code,
# {tail} card tail, {shop} shop or courier, {bank} bank.

REMINDERS = (
    "【{p}】尊敬的客户，您的借款已逾期{n}天，应还金额{amt}元，请尽快还款，以免影响您的信用记录。",
    "【{p}】您的借款已逾期{n}天，请尽快还款。如已还款请忽略。",
    "【{p}】您在我司的借款{amt}元将于{date}到期，请按时还款。退订回T",
    "【{p}】{name}您好，您的账单已逾期{n}天，如有困难可致电客服{phone}协商还款方案。",
    "【{p}】提醒：您本期应还{amt}元尚未结清，请于今日24点前通过APP还款。",
    "您好，这里是{p}贷后服务中心，您的欠款{amt}元已逾期{n}天，请及时处理，有疑问请回电{phone}。",
    "【{p}】您的分期账单{date}已到期未还，逾期将按合同收取罚息，请尽快还款。",
    "{name}，我是{p}的催收专员，您的借款逾期{n}天了，今天能先还一部分吗？",
)
THREATS = (
    "最后通知：今天{hour}点前不还，我们的人直接上门找你，后果自负。",
    "再不还钱，你走路小心点，别怪我们不客气。",
    "{name}，你的住址我们已经查到了，今晚就派人去你家门口等你。",
    "不还钱就让你在{city}待不下去，你自己掂量掂量。",
    "你躲得了初一躲不了十五，明天我们的人去你公司堵你。",
    "给你最后一次机会，{hour}点前不到账，让你知道什么叫后悔。",
)
CONTACTS = (
    "再不还款就爆你通讯录，把你欠钱的事发给你所有联系人。",
    "已经整理好你的通讯录，{hour}点前不处理，就给你父母、同事群发催收短信。",
    "你的紧急联系人{name}我们已经联系过了，下一步通知你单位领导。",
    "我们会把你的照片和欠款信息做成海报，发到你的朋友圈和家族群。",
    "【{p}】您逾期{n}天拒不还款，我司将启动通讯录联系程序，告知您的亲友。",
    "再装死就把你的借款记录发给你老婆和你们公司人事。",
)
INSULTS = (
    "老赖，借钱不还还有脸装死？你全家都是骗子。",
    "你这种废物也配借钱？赶紧还钱，别不要脸。",
    "欠钱不还的垃圾，你爸妈就是这么教你的？",
    "{name}你就是个无赖，活该一辈子穷。",
    "不要脸的东西，{amt}块钱都还不上，丢人现眼。",
)
LEGAL = (
    "【{p}法务部】您的案件已移交{city}人民法院立案，{date}将执行强制拘留，请立即还款撤案。",
    "【{p}】您已涉嫌恶意透支构成诈骗罪，公安机关将于{n}日内上门抓捕。",
    "律师函：因您拖欠{amt}元，我方已申请冻结您名下所有银行卡及微信支付宝，并列入失信名单。",
    "检察院通知：您的逾期已转为刑事案件，请于24小时内联系{phone}处理，否则将被刑事拘留。",
    "【{city}调解中心】您的欠款纠纷已进入诉前程序，法院传票将寄送至您户籍所在地。",
    "你欠的{amt}元已经够立案标准了，等着坐牢吧，你的孩子以后考公政审都过不了。",
)
FEE_SCAMS = (
    "【{p}】您的账户因流水不足被冻结，需缴纳解冻费{fee}元后方可放款。",
    "您的贷款已审批通过，请先支付保证金{fee}元到指定账户，{hour}点前到账立即放款。",
    "征信修复：交{fee}元手续费即可消除逾期记录，内部渠道，百分百成功。",
    "您的银行卡号填写错误，资金已冻结，请转账{fee}元验证还款能力后解冻。",
    "【{p}】您有一笔{amt}元额度待领取，缴纳{fee}元会员费即可秒到账。",
)
TOUTS = (
    "网贷逾期不用怕，专业停催，协商只还本金，停息挂账，加微信{wx}。",
    "债务优化，一对一反催收，帮你搞定所有网贷，成功后再收费，详询{phone}。",
    "逾期{n}天被爆通讯录？我们帮你投诉停催，费用低至{fee}元。",
    "【债务规划】个性化分期，最长延期36期，免费咨询{wx}。",
)
UNRELATED = (
    "【{shop}】您的快递已到{city}驿站，取件码{code}，请尽快领取。",
    "妈，晚上回家吃饭吗？我买了鱼。",
    "【{bank}】您尾号{tail}的储蓄卡{date}收入人民币{amt}元。",
    "您的验证码为{code}，5分钟内有效，请勿泄露给他人。",
    "明天开会改到下午{hour}点，记得带上项目资料。",
    "【{shop}】双十一狂欢，全场满300减50，点击领取优惠券。退订回T",
    "周末去{city}玩吗？我看了下高铁票还有。",
    "【{bank}】您的信用卡本期账单{amt}元，最后还款日{date}。",
)
TRADITIONAL = (
    "【{p}】您的借款已逾期{n}天，請盡快還款，以免影響您的信用紀錄。",
    "【{p}】您本期應還{amt}元尚未結清，請於{date}前還款。",
    "再不還錢就爆你通訊錄，通知你全家和公司同事。",
    "您的案件已移交法院，將於{date}強制執行，請立即還款。",
    "帳戶已凍結，需繳納解凍費{fee}元方可放款。",
    "你這個老賴，欠錢不還還有臉躲？",
    "今晚{hour}點前不還，我們的人就去你家找你。",
    "【{shop}】您的包裹已送達，取件碼{code}。",
)
KINDS: tuple[tuple[tuple[str, ...], int], ...] = (
    (REMINDERS, 30), (THREATS, 8), (CONTACTS, 10), (INSULTS, 7), (LEGAL, 10),
    (FEE_SCAMS, 7), (TOUTS, 6), (UNRELATED, 22),
)
SUFFIXES = ("", "", "", "", "退订回T", "（系统短信，请勿回复）", "详询{phone}", "速回！")
TRADITIONAL_SHARE = 0.08
SPACED_SHARE = 0.05
COMBINED_SHARE = 0.08

PLATFORM_HEADS = tuple("速鑫安闪融金惠随恒乐星云福优")
PLATFORM_TAILS = ("易借", "盛贷", "途分期", "融钱包", "e花", "满仓", "信贷", "心借", "普惠",
                  "享花", "河信用", "朵借钱")
SURNAMES = "张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
CITIES = ("北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "长沙", "郑州", "南宁",
          "昆明")
SHOPS = ("顺丰速运", "中通快递", "菜鸟驿站", "京东", "美团优选", "拼多多")
BANKS = ("工商银行", "建设银行", "招商银行", "农业银行", "邮储银行")


@dataclass
class Corpus:
    """One JSONL scan input and what it holds."""

    path: Path
    messages: int = 0
    text_bytes: int = 0

    @property
    def text_mb(self) -> float:
        return self.text_bytes / MB

    @property
    def file_mb(self) -> float:
        return self.path.stat().st_size / MB


def _name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.5:
        return surname + rng.choice(("先生", "女士"))
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _fill(template: str, rng: random.Random) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    values: dict[str, Callable[[], str]] = {
        "p": lambda: rng.choice(PLATFORM_HEADS) + rng.choice(PLATFORM_TAILS),
        "n": lambda: str(rng.choice((1, 2, 3, 5, 7, 10, 15, 30, 45, 60, 90, 180))),
        "amt": lambda: f"{rng.randint(200, 80000):,}" if rng.random() < 0.3
        else f"{rng.randint(200, 80000)}.{rng.randint(0, 99):02d}",
        "fee": lambda: str(rng.choice((99, 199, 299, 500, 680, 1200, 2000))),
        "date": lambda: rng.choice((f"{month}月{day}日", f"2026-{month:02d}-{day:02d}",
                                    f"{month}/{day}")),
        "hour": lambda: str(rng.randint(1, 12)),
        "name": lambda: _name(rng),
        "city": lambda: rng.choice(CITIES),
        "phone": lambda: rng.choice(("400", "95")) + str(rng.randint(100000, 9999999)),
        "wx": lambda: "wx" + str(rng.randint(10000, 99999999)),
        "code": lambda: str(rng.randint(100000, 999999)),
        "tail": lambda: f"{rng.randint(0, 9999):04d}",
        "shop": lambda: rng.choice(SHOPS),
        "bank": lambda: rng.choice(BANKS),
    }
    return template.format_map({key: make() for key, make in values.items()
                                if "{" + key + "}" in template})


def _pick(rng: random.Random) -> str:
    groups, weights = zip(*KINDS, strict=True)
    return rng.choice(rng.choices(groups, weights=weights)[0])


def _space_out(text: str, rng: random.Random) -> str:
    """Spaces between every character, or at a few random places."""
    if rng.random() < 0.5:
        return " ".join(text)
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        chars.insert(rng.randint(1, len(chars) - 1), " ")
    return "".join(chars)


def messages(seed: int) -> Iterator[dict[str, str]]:
    """An endless, deterministic stream of JSONL records."""
    rng = random.Random(seed)
    senders = [f"1700000{i:04d}" for i in range(SENDERS)]
    clock = 1_780_000_000  # seconds; shown in +08:00 below
    while True:
        if rng.random() < TRADITIONAL_SHARE:
            text = _fill(rng.choice(TRADITIONAL), rng)
        else:
            text = _fill(_pick(rng), rng)
            if rng.random() < COMBINED_SHARE:
                text += _fill(_pick(rng), rng)
            text += _fill(rng.choice(SUFFIXES), rng)
        if rng.random() < SPACED_SHARE:
            text = _space_out(text, rng)
        clock += rng.randint(1, 120)
        local = time.gmtime(clock + 8 * 3600)
        yield {"text": text, "time": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", local),
               "sender": rng.choice(senders)}


def write_corpora(directory: Path, target_mb: float, grow: int) -> tuple[Corpus, Corpus | None]:
    """Write the corpus and, if ``grow`` > 1, one ``grow`` times larger (same stream, longer)."""
    small = Corpus(directory / "corpus.jsonl")
    large = Corpus(directory / f"corpus-x{grow}.jsonl") if grow > 1 else None
    target = target_mb * MB
    with small.path.open("w", encoding="utf-8") as small_out, \
            (large.path.open("w", encoding="utf-8") if large else open(os.devnull, "w")) \
            as large_out:
        for record in messages(SEED):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size = len(record["text"].encode("utf-8"))
            if small.text_bytes < target:
                small_out.write(line)
                small.messages += 1
                small.text_bytes += size
            if large is None:
                if small.text_bytes >= target:
                    break
                continue
            large_out.write(line)
            large.messages += 1
            large.text_bytes += size
            if large.text_bytes >= target * grow:
                break
    return small, large


# --- running commands -----------------------------------------------------------------------


def cold_cases(overdue: list[str]) -> list[Case]:
    scan = [*overdue, "scan"]
    return [
        Case("python -c 'import typer'", [sys.executable, "-c", "import typer"]),
        Case(f'overdue scan "{COLD_MESSAGE}" --json', [*scan, COLD_MESSAGE, "--json"]),
        *(Case(f'overdue scan "{text}" --json', [*scan, text, "--json"], info=True)
          for text in INFO_MESSAGES),
    ]


def measure_cold(cases: list[Case], runs: int, env: dict[str, str], cwd: Path) -> None:
    measure_round_robin(cases, runs,
                        lambda case: run_measured(case.label, case.argv, env, cwd).seconds)


# --- report ---------------------------------------------------------------------------------


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


@dataclass
class Throughput:
    single: Run
    """``--jobs 1``, the fastest of the runs: the headline."""
    baseline_seconds: float
    """The jieba loop alone, the fastest of the runs."""
    baseline_peak_mb: float
    jieba_version: str
    ours: Run
    """The default (``--jobs auto``), the fastest of the runs: informational."""
    runs: int
    large: Run | None = None
    rules_only: Run | None = None
    """``--jobs 1 --no-model``, the fastest of the runs: what the learned model costs."""


def _baseline(corpus: Corpus, env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """(seconds of the segmentation loop, peak MB, jieba's version) for one run."""
    base = run_measured("jieba baseline", [sys.executable, "-c", BASELINE_SCRIPT,
                                           str(corpus.path)], env, cwd, keep_stdout=True)
    result = json.loads(base.stdout.strip().splitlines()[-1])
    if result["messages"] != corpus.messages:
        raise RuntimeError(f"baseline read {result['messages']} messages, "
                           f"corpus has {corpus.messages}")
    return result["seconds"], base.peak_mb, result["jieba"]


def _fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def measure_throughput(corpus: Corpus, large: Corpus | None, overdue: list[str],
                       env: dict[str, str], cwd: Path, runs: int) -> Throughput:
    """Each command ``runs`` times, interleaved; the fastest run of each is kept."""
    scan = [*overdue, "scan", str(corpus.path), "--jsonl"]
    singles: list[Run] = []
    autos: list[Run] = []
    rules_only: list[Run] = []
    baselines: list[tuple[float, float, str]] = []
    for round_no in range(1, runs + 1):
        progress(f"round {round_no}/{runs} over {corpus.text_mb:.1f} MB: "
                 "overdue scan --jsonl --jobs 1")
        singles.append(run_measured("overdue scan --jsonl --jobs 1", [*scan, "--jobs", "1"],
                                    env, cwd))
        progress(f"round {round_no}/{runs}: jieba baseline")
        baselines.append(_baseline(corpus, env, cwd))
        progress(f"round {round_no}/{runs}: overdue scan --jsonl (--jobs auto)")
        autos.append(run_measured("overdue scan --jsonl", scan, env, cwd))
        progress(f"round {round_no}/{runs}: overdue scan --jsonl --jobs 1 --no-model")
        rules_only.append(run_measured("overdue scan --jsonl --jobs 1 --no-model",
                                       [*scan, "--jobs", "1", "--no-model"], env, cwd))
    seconds, peak_mb, version = min(baselines)
    throughput = Throughput(_fastest(singles), seconds, peak_mb, version, _fastest(autos), runs,
                            rules_only=_fastest(rules_only))
    if large is not None:
        progress(f"overdue scan --jsonl over {large.text_mb:.1f} MB")
        throughput.large = run_measured(
            "overdue scan --jsonl (larger input)",
            [*overdue, "scan", str(large.path), "--jsonl"], env, cwd)
    return throughput


def _auto_workers(corpus: Corpus) -> int:
    """How many workers ``--jobs auto`` picks for the corpus, asked of the package."""
    try:
        from overdue_cli.scan.parallel import auto_jobs
    except ImportError:
        return 1
    return auto_jobs([corpus.path.stat().st_size])


def print_throughput(corpus: Corpus, large: Corpus | None, t: Throughput) -> None:
    single_rate = corpus.text_mb / t.single.seconds
    base_rate = corpus.text_mb / t.baseline_seconds
    ratio = single_rate / base_rate
    auto_rate = corpus.text_mb / t.ours.seconds
    workers = _auto_workers(corpus)
    best = f"fastest of {t.runs}"
    print(f"corpus: {corpus.text_mb:.1f} MB of message text, {corpus.messages:,} messages "
          f"(JSONL {corpus.file_mb:.1f} MB)")
    print(f"{'throughput':<12} {'overdue scan --jobs 1':<26} {single_rate:>6.2f} MB/s   "
          f"peak RSS {t.single.peak_mb:.0f} MB   ({t.single.seconds:.1f} s wall, {best}, "
          "start-up included; one process)")
    print(f"{'baseline':<12} {'jieba.lcut(HMM=False)':<26} {base_rate:>6.2f} MB/s   "
          f"peak RSS {t.baseline_peak_mb:.0f} MB   ({t.baseline_seconds:.1f} s loop, {best}, "
          f"jieba {t.jieba_version})")
    print(f"{'ratio':<12} {'':<26} {ratio:>6.2f}   "
          f"target >= {TARGET_THROUGHPUT_RATIO}: {verdict(ratio >= TARGET_THROUGHPUT_RATIO)}")
    print(f"{'workers':<12} {'overdue scan --jsonl':<26} {auto_rate:>6.2f} MB/s   "
          f"peak RSS {t.ours.peak_mb:.0f} MB (main process)   ratio {auto_rate / base_rate:.2f} "
          f"(informational: --jobs auto = {workers} worker process(es), "
          f"{t.ours.seconds:.1f} s wall, {best})")
    if t.rules_only is not None:
        rules_rate = corpus.text_mb / t.rules_only.seconds
        print(f"{'rules only':<12} {'--jobs 1 --no-model':<26} {rules_rate:>6.2f} MB/s   "
              f"ratio {rules_rate / base_rate:.2f} (informational: the same run without the "
              f"learned second opinion, {t.rules_only.seconds:.1f} s wall, {best})")
    warned = t.single.stderr.strip().splitlines()
    if warned:
        print(f"{'':<12} note: scan wrote {len(warned)} stderr line(s), last: {warned[-1][:100]}")


def print_cold(cases: list[Case]) -> None:
    base = cases[0]
    columns = max(width(c.label) for c in cases)
    for i, case in enumerate(cases):
        head = "cold start" if i == 0 else ""
        line = f"{head:<12} {pad(case.label, columns)} {case.median_ms:>7.1f} ms " \
               f"(min {case.min_ms:.1f})"
        if i > 0:
            ratio = case.median_ms / base.median_ms
            line += f"   ratio {ratio:.2f}"
            if case.info:
                line += "   (informational)"
            else:
                line += f"   target <= {TARGET_COLD_RATIO}: {verdict(ratio <= TARGET_COLD_RATIO)}"
        print(line)


def print_memory(corpus: Corpus, large: Corpus | None, t: Throughput) -> None:
    small_peak = t.ours.peak_mb
    if large is None or t.large is None:
        ok = small_peak < TARGET_PEAK_MB
        print(f"{'memory':<12} {corpus.text_mb:.1f} MB input: peak RSS {small_peak:.0f} MB, "
              f"target < {TARGET_PEAK_MB:.0f} MB: {verdict(ok)} (--grow 1: no larger input)")
        return
    large_peak = t.large.peak_mb
    growth = large_peak / small_peak
    shape = "bounded" if growth < BOUNDED_GROWTH else f"GROWS with input (>= x{BOUNDED_GROWTH})"
    ok = small_peak < TARGET_PEAK_MB and large_peak < TARGET_PEAK_MB
    print(f"{'memory':<12} {large.text_mb:.1f} MB input: peak RSS {large_peak:.0f} MB "
          f"(x{growth:.2f} of {small_peak:.0f} MB for {corpus.text_mb:.1f} MB input): {shape}, "
          f"target < {TARGET_PEAK_MB:.0f} MB: {verdict(ok)}")
    print(f"{'':<12} {large.messages:,} messages, {large.text_mb / t.large.seconds:.2f} MB/s "
          f"({t.large.seconds:.1f} s wall)")


def show_failure(exc: CommandFailed) -> None:
    report_failure(exc.label, exc.argv, exc.code, exc.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0,
                        help="MB of message text in the corpus (default 20)")
    parser.add_argument("--runs", type=int, default=15,
                        help=f"timed cold-start runs per command (default 15, after "
                             f"{WARMUP_RUNS} warm-up)")
    parser.add_argument("--throughput-runs", type=int, default=3,
                        help="runs of each throughput command, interleaved; the fastest "
                             "counts (default 3)")
    parser.add_argument("--grow", type=int, default=3,
                        help="also scan a corpus this many times larger, for peak memory "
                             "(default 3; 1 skips it)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the corpus directory and print its path")
    parser.add_argument("--skip-throughput", action="store_true",
                        help="only measure cold start (no corpus)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if args.throughput_runs < 1:
        parser.error("--throughput-runs must be 1 or more")
    if args.mb <= 0:
        parser.error("--mb must be more than 0")
    if args.grow < 1:
        parser.error("--grow must be 1 or more")

    env = bench_env()
    overdue = overdue_command()
    print(f"python {sys.version.split()[0]} ({sys.executable})")
    print(f"overdue: {' '.join(overdue)}")
    print(f"cold start: {args.runs} timed runs per command after {WARMUP_RUNS} warm-up, "
          f"interleaved\n")

    workdir = Path(tempfile.mkdtemp(prefix="overdue-bench-scan-"))
    try:
        corpus = large = throughput = None
        if not args.skip_throughput:
            progress(f"writing corpus ({args.mb:g} MB" +
                     (f", and x{args.grow}" if args.grow > 1 else "") + ")")
            corpus, large = write_corpora(workdir, args.mb, args.grow)
            throughput = measure_throughput(corpus, large, overdue, env, workdir,
                                            args.throughput_runs)
        progress("cold start")
        cases = cold_cases(overdue)
        measure_cold(cases, args.runs, env, workdir)

        if corpus is not None and throughput is not None:
            print_throughput(corpus, large, throughput)
        print_cold(cases)
        if corpus is not None and throughput is not None:
            print_memory(corpus, large, throughput)
    except CommandFailed as exc:
        show_failure(exc)
        return 1
    except RuntimeError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\ncorpus kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
