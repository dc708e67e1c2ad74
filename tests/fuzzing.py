"""The fuzz campaign's pieces, shared by ``tests/cli/test_fuzz_cli.py`` and ``bench/fuzz.py``.

A :class:`Case` is what a user could do in one sitting: one to three command
lines (each with its own standard input) run one after the other against one
journal, with some input files beside them. Hypothesis builds cases from

- the real option names of every command, read from the Typer app (``log`` and
  ``complaint`` included, which ``cli.main`` registers lazily), so a new option
  is fuzzed without anyone editing this file;
- values that are plausible (``45``, ``四十五天``, ``2026-11-20 22:40``, ``sms``,
  ``爆通讯录``) or hostile (empty, 5,000-digit numbers, year 1 and year 9999,
  control characters, lone surrogates, RTL marks, 10,000-character strings,
  paths that do not exist, ``/dev/null``, a directory, ``/etc/passwd``);
- input files in every format ``scan`` and ``log import`` read (text, JSONL,
  CSV with Chinese headers, WeChatMsg CSV, SMS Backup & Restore sms/calls XML,
  a rulebook), then mutated: truncated, bytes flipped, re-encoded as GBK or
  UTF-16, numbers made huge, a DTD added;
- a journal that is absent, populated (by real ``log add``/``log import`` runs),
  empty, tampered with, truncated, not SQLite, another program's SQLite file,
  from a newer version, or a directory.

:func:`run_case` runs a case in-process through ``overdue_cli.cli.main`` in a
throw-away sandbox (a temporary directory that is the working directory, HOME,
the XDG directories and ``OVERDUE_DB``), with stdin a non-terminal byte stream and
stdout/stderr captured the way a UTF-8 terminal's pipes encode (stdout strict,
stderr backslashreplace). The property: every run returns an exit code in
:data:`ALLOWED_CODES` and raises nothing (``main`` re-raises what it does not
expect, so an exception here is a traceback a user would see), and stderr never
holds ``Traceback``.

Safety: the fuzz runs as whatever user runs the tests (root in some containers),
so every path the CLI may *write or delete* (``--db``, ``--output``, ``log
destroy``) is drawn from paths inside the sandbox; paths outside it (``/dev/null``,
``/etc/passwd``, ``/``) are only ever given where the CLI reads.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import csv
import gc
import io
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RULES_YAML = ROOT / "data" / "rules.yaml"

ALLOWED_CODES = frozenset({0, 1, 2, 3, 130})
"""Documented exit codes: ok, a check tripped, usage, data, interrupted."""

# --------------------------------------------------------------------------- the data model


@dataclass(frozen=True)
class Ref:
    """A path that exists only once the sandbox does.

    ``what`` is one of: ``input`` (input file ``index``), ``db`` (the journal
    ``OVERDUE_DB`` names), ``dir`` (an existing directory), ``missing`` (nothing
    there, not even the folder), ``new`` (a free name in an existing folder),
    ``exists`` (an existing small file), ``home`` (``~/journal.sqlite3``),
    ``odd-db`` (a new journal whose name is not UTF-8).
    """

    what: str
    index: int = 0
    relative: bool = False

    def __repr__(self) -> str:
        where = f"{self.index}" if self.what in ("input", "new") else ""
        return f"<{self.what}{where}{' rel' if self.relative else ''}>"


Token = str | Ref


@dataclass(frozen=True)
class Step:
    argv: tuple[Token, ...]
    stdin: bytes = b""


@dataclass(frozen=True)
class InputFile:
    name: str
    """The file name; may hold lone surrogates (a name that is not UTF-8 on disk)."""
    data: bytes
    kind: str
    """What generated it (``sms-xml``, ``jsonl`` …, with ``+mutation`` suffixes)."""


@dataclass(frozen=True)
class Case:
    steps: tuple[Step, ...]
    files: tuple[InputFile, ...] = ()
    journal: str = "none"
    """none, populated, empty, garbage, text, directory, foreign, newer, truncated,
    tampered (an entry edited, one deleted), tampered-odd (values no overdue writes);
    with ``@gbk`` the journal's file name is not UTF-8 (``OVERDUE_DB`` names it)."""
    env: tuple[tuple[str, str | None], ...] = ()

    def describe(self, limit: int = 400) -> str:
        """A reproducer a person can read: the commands, stdin, files, journal, env."""
        lines = []
        if self.journal != "none":
            lines.append(f"journal: {self.journal}")
        for key, value in self.env:
            lines.append(f"env: {key}={value!r}")
        for i, f in enumerate(self.files):
            lines.append(f"file <input{i}> {f.name!r} ({f.kind}, {len(f.data)} bytes): "
                         f"{_clip(f.data, limit)}")
        for step in self.steps:
            lines.append("$ overdue " + " ".join(_shell(t) for t in step.argv))
            if step.stdin:
                lines.append(f"  stdin ({len(step.stdin)} bytes): {_clip(step.stdin, limit)}")
        return "\n".join(lines)


def _clip(data: bytes, limit: int) -> str:
    shown = repr(data[:limit])
    return shown + (f" … (+{len(data) - limit} bytes)" if len(data) > limit else "")


def _shell(token: Token) -> str:
    if isinstance(token, Ref):
        return repr(token)
    if len(token) > 80:
        token = f"{token[:20]}…[{len(token)} chars]"
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        return repr(token)
    return shlex.quote(token) if token.isprintable() else repr(token)


@dataclass
class Outcome:
    """One ``main(argv)`` run."""

    argv: list[str]
    code: Any = None
    stdout: str = ""
    stderr: str = ""
    error: BaseException | None = None
    trace: str = ""
    seconds: float = 0.0

    @property
    def problem(self) -> str | None:
        """None when the run kept the promise; else what went wrong, in a few words."""
        if isinstance(self.error, Hang):
            return "hang"
        if self.error is not None:
            return "exception"
        if not isinstance(self.code, int) or isinstance(self.code, bool):
            return f"main returned {self.code!r}, not an int"
        if self.code not in ALLOWED_CODES:
            return f"exit code {self.code}"
        if "Traceback" in self.stderr:
            return "Traceback on stderr"
        return None

    def key(self) -> str:
        """What tells one defect from another: the exception type and its last frame."""
        if self.error is None:
            return self.problem or "ok"
        frames = traceback.extract_tb(self.error.__traceback__)
        if isinstance(self.error, Hang):  # where it was when the time ran out
            frames = [f for f in frames if "overdue_cli" in f.filename] or frames
        last = frames[-1] if frames else None
        where = f"{_short(last.filename)}:{last.lineno} in {last.name}" if last else "?"
        return f"{type(self.error).__name__} at {where}"

    def own_frame(self) -> str | None:
        """The innermost frame in overdue_cli's own code, if the last one is elsewhere."""
        if self.error is None:
            return None
        for fr in reversed(traceback.extract_tb(self.error.__traceback__)):
            if "overdue_cli" in fr.filename:
                return f"{_short(fr.filename)}:{fr.lineno} in {fr.name}: {fr.line}"
        return None

    def explain(self) -> str:
        if self.error is not None:
            return self.trace.rstrip()
        return f"exit code {self.code!r}\n--- stderr ---\n{self.stderr[-2000:]}"


def _short(path: str) -> str:
    for marker in ("/src/", "/site-packages/"):
        if marker in path:
            return path.split(marker, 1)[1]
    if "/lib/python" in path:  # the standard library: its module is enough
        return path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return path


class Hang(BaseException):
    """A run took longer than the harness allows (a BaseException so ``main`` lets it by)."""


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Param:
    name: str
    opts: tuple[str, ...]
    flag: bool
    multiple: bool
    required: bool
    nargs: int
    is_argument: bool


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    params: tuple[Param, ...]

    @property
    def key(self) -> str:
        return " ".join(self.path)


@cache
def commands() -> dict[str, Command]:
    """Every leaf command of the real CLI, with its options, read from the Typer app."""
    import typer

    from overdue_cli.cli import root as cli

    cli.register_commands([])  # every command: main() adds only the one it is asked for
    root = typer.main.get_command(cli.app)
    found: dict[str, Command] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, (*path, name))
            return
        params = []
        for p in cmd.params:
            argument = p.param_type_name == "argument"
            opts = tuple(p.opts) + tuple(getattr(p, "secondary_opts", ()))
            params.append(Param(p.name, opts, bool(getattr(p, "is_flag", False)),
                                bool(getattr(p, "multiple", False)), bool(p.required),
                                int(p.nargs), argument))
        found[" ".join(path)] = Command(path, tuple(params))

    walk(root, ())
    return found


def option_names() -> set[str]:
    return {o for c in commands().values() for p in c.params if not p.is_argument for o in p.opts}


# --------------------------------------------------------------------------- values

MESSAGES = (
    # Synthetic messages in the style collectors use; none is a real person's.
    "【某某借】您的借款已逾期3天，请尽快还款。",
    "再不还钱就爆你通讯录，通知你全家",
    "我们是法院的，明天上门查封你的财产",
    "交500元解冻费即可消除逾期记录，转到个人账户",
    "停息挂账、债务优化，专业反催收",
    "你就是个骗子，借了钱就跑",
    "您好，这里是某某金融客服，提醒您按时还款",
    "今晚十一点再打给你",
    "fa院传票已寄出，请签收",
    "再不還錢就爆你通訊錄，通知你全家",
    "我会还的，请不要联系我家人",
    "我们不会联系您的家人",
    "催 收 部：法/院 起su 你",
)

PERSONAL = (
    # Made-up numbers in the ways people write them, for --redact to find.
    "打我电话 170-1234-5678 或 +86 171 1234 5678，张伟",
    "身份证 110101199003071234，卡号 6222 0212 3456 7890 123",
    "号码15690702931的张伟，案号（2026）京0105民初12345号，欠款12,345.67元",
    "1 7 0 1 2 3 4 5 6 7 8\u00a0／ 0086 170 1234 5678 ／ 170１２３４５６７８",
)

HUGE = "9" * 5000
LONG = "再不还钱就爆你通讯录" * 1000  # 10,000 characters

ODD_TEXTS = (
    # Valid text that is hard to print: markup, escapes, direction marks, wide or
    # combining characters, no spaces to wrap at.
    "[/]", "[bold]某某借[/bold]", "[link=file:///etc/passwd]点这里[/link]", "[red", "]]",
    "{}%s%%", "\x1b[2J\x1b[31m红\x1b[0m", "\u202e借某某\u202c", "\u200b\u200d\ufeff",
    "e\u0301" * 50, "😀👨‍👩‍👧" * 20, "\t\t缩进", "行一\r\n行二\r行三", "A" * 3000, LONG,
    "ｆａ院传票", "\U0002a6a5\U0002b820", "<b>&amp;</b>", "`rm -rf`", "*_~#",
)

HOSTILE: tuple[str, ...] = (
    "", " ", "\t", "\n", "\r\n", "  45  ", HUGE, "-" + HUGE, "99999999999999999999", "-1", "-0",
    "0", "1e308", "NaN", "inf", "0x2d", "４５", "٤٥", "½", "1_000", "45.5",
    "0001-01-01 00:00", "9999-12-31T23:59", "0000-00-00 00:00", "2026-02-30 10:00",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
    "\x00", "\x1b[31mred\x1b[0m", "\x07\x08\x7f", "\u200f\u202eevil", "\u2028\u2029", "\ufeff",
    "\udcb1", "\udcff\udcfe", "\ud800", "a\udcb1b", "😀" * 3, "\U0010ffff",
    "x" * 10000, LONG, "--json", "-", "--", "-h", "%s%n", "{0}{1}", "'; DROP TABLE entries;--",
    "..", "~", "$(id)", "\\", "null", "None", "true",
)

HOSTILE_PATHS_READ: tuple[str, ...] = (
    "/dev/null", "/etc/passwd", "/", "/nonexistent/rules.yaml", "/proc/self/status", ".",
    "sms.xml", "no-such-file.csv", "",
)
"""Read-only paths outside the sandbox (never used where the CLI may write or delete)."""

PLAUSIBLE: dict[str, tuple[str, ...]] = {
    "days": ("45", "0", "1", "12", "100", "365", "四十五天", "45天", "三个月", "1000", "3650",
             "99999999", "1e3"),
    "method": ("sms", "call", "contacts", "爆通讯录", "上门", "緊急聯絡人", "上門催收", "簡訊",
               "family", "court", "短信,电话", "短信、电话", "wechat", "address_book", "visit",
               "通讯录", "打电话", "來電", "telegram", "contact"),
    "hour": ("23", "22:40", "23点", "8", "0", "12", "7:59", "24", "晚上11点"),
    "calls_per_day": ("3", "5", "0", "10", "1000000"),
    "attempts_per_day": ("6", "9", "0", "7", "99999"),
    "platform": ("某某借", "某某贷", "别的平台", "Lexin", "某某借"),
    "fail_on": ("violation", "illegal", "normal", "limited", "suspicious"),
    "scan.fail_on": ("unlawful", "scam", "unlawful", "scam", "illegal"),
    "lang": ("zh-Hans", "zh-Hant", "en", "zh", "zh-TW", "繁體", "english"),
    "topic": ("通讯录", "contacts", "wechat", "visit", "徵信報告", "evidence", "lawsuit",
              "credit", "爆通讯录", "上门", "scams", "nonsense"),
    "schema.name": ("check", "explain", "rate", "methods", "rules", "scan", "log", "complaint",
                    "letter", "schema", "chek"),
    "scan.input_format": ("text", "jsonl", "csv", "sms-xml"),
    "rate.received": ("3500", "3.5k", "三千五", "3500元", "0", "-1", "1e9"),
    "rate.contract": ("5000", "五千", "3000", "5k"),
    "rate.pay": ("800", "1020", "0", "八百"),
    "rate.every": ("week", "month", "周", "两周", "day", "year"),
    "rate.times": ("8", "12", "八", "0", "10001"),
    "rate.fee": ("600", "0", "-5"),
    "rate.signed": ("2025-03-10", "2019-01-01", "今天", "2099-12-31"),
    "rate.daily": ("0.05%", "万五", "日息0.1%", "5%"),
    "rate.days": ("30", "7", "0", "36501"),
    "rate.principal": ("10000", "一万", "0"),
    "rate.lpr": ("3.1%", "3.45", "0"),
    "log import.input_format": ("sms-xml", "calls-xml", "wechat-csv", "calls-csv",
                                "messages-csv", "jsonl", "csv"),
    "log report.output_format": ("human", "markdown", "json", "md", "html"),
    "log export.output_format": ("csv", "jsonl", "json"),
    "complaint.output_format": ("markdown", "text", "html"),
    "letter negotiate.output_format": ("markdown", "text", "html"),
    "letter stop-third-party.output_format": ("markdown", "text", "html"),
    "letter credit-dispute.output_format": ("markdown", "text", "html"),
    "letter data.output_format": ("markdown", "text", "html"),
    "letter verify-debt.output_format": ("markdown", "text", "html"),
    "owed": ("38000", "3.8万", "三万八", "0", "-1", "很多", "1e9"),
    "can_pay": ("1200", "1200/月", "1200元每月", "每月1200", "1200/周", "0", "一千二"),
    "item": ("2026-03 逾期记录", "逾期", ""),
    "letter credit-dispute.to": ("bureau", "lender", "征信中心", "fbi"),
    "letter negotiate.reason": ("失业", "生病", ""),
    "letter credit-dispute.reason": ("当天已还款", "不是我借的", ""),
    "request": ("access,copy,delete", "删除、查阅", "acess", ",", "withdraw"),
    "reach": ("本人手机", "微信", ""),
    "hours": ("工作日白天", "9:00-18:00"),
    "text_column": ("内容", "短信内容", "body", "text", "StrContent", "没有这一列"),
    "time_column": ("时间", "time", "CreateTime", "date"),
    "sender_column": ("号码", "sender", "address", "NickName"),
    "encoding": ("utf-8", "gb18030", "gbk", "utf-16", "utf-16-le", "big5", "latin-1",
                 "utf-8-sig", "ascii", "utf-32", "UTF8", "cp936", "utf-16-be", "shift_jis",
                 "rot13", "hex", "utf-7", "no-such-codec"),
    "jobs": ("auto", "1", "1", "0", "-1", "65", "many"),
    "at": ("2026-11-20 22:40", "2026-11-20T22:40:00+08:00", "22:40", "2026/11/20 22:40",
           "2026年11月20日 22:40", "yesterday-ish", "昨天", "now", "1795137300",
           "1795137300000", "0001-01-01 00:00", "9999-12-31T23:59", "1999-12-31 23:59",
           "2099-01-01 00:00"),
    "log add.number": ("17012345678", "+86 170-1234-5678", "10690000123", "95555",
                       "0086-171-1234-5678", "不是号码"),
    "log list.number": ("17012345678", "+86 170 1234 5678", "10690000123"),
    "log add.name": ("催收 张某", "王某", "张伟", "欧阳娜娜", "A"),
    "direction": ("in", "out", "sideways", "IN"),
    "text": (*MESSAGES, *PERSONAL),
    "note": ("骂人，说要找我单位", "威胁联系我单位", *PERSONAL),
    "duration": ("200", "3m20s", "3分20秒", "00:01:20", "long", "-5", "0", "1h"),
    "outcome": ("answered", "missed", "rejected", "blocked", "voicemail", "no_answer", "answerd"),
    "tz": ("Asia/Shanghai", "Europe/London", "UTC", "Pacific/Kiritimati", "Etc/GMT+12",
           "America/St_Johns", "Asia/Kathmandu", "Asia/Shanghai", "Asia/Shanghai",
           "Asia/Shanghia"),
    "since": ("2026-11-01", "7d", "today", "2026-11-20", "0d", "99999d", "0001-01-01",
              "9999-12-31", "yesterday", "-1d"),
    "until": ("2026-11-30", "today", "2026-11-19", "1d", "0001-01-01", "9999-12-31"),
    "limit": ("0", "3", "-1", "100", "1"),
    "reason": ("记错了号码", "again", "写错了"),
    "seq": ("1", "2", "3", "11", "12", "0", "-1", "99999999999999999999"),
    "to": ("12378", "12363", "12321", "nifa", "police", "platform", "NIFA", "fbi"),
    "from_number": ("17012345678", "1069*", "10690000123", "+86 170-1234-5678", "170*",
                    "*"),
    "column": ("time=开始时间", "number=对方号码", "type=类型", "duration=时长", "text=内容",
               "direction=方向", "name=联系人", "time=通话时间", "number=号码", "bogus=x"),
}

WRITE_PATHS = ("db", "output")
"""Options whose value the CLI may create, write or delete: sandbox paths only."""


def _plausible(command: str, name: str) -> tuple[str, ...]:
    return PLAUSIBLE.get(f"{command}.{name}") or PLAUSIBLE.get(name) or MESSAGES[:3]


def free_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text, lone surrogates and control characters included."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(st.characters(codec="ascii"), max_size=max_size),
        st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Mn"]),
                max_size=max_size),
        st.text(st.sampled_from("0123456789-:T+ 年月日点分秒天"), max_size=max_size),
    )


WORST: tuple[str, ...] = ("", " ", HUGE, "-1", "99999999999999999999", "0001-01-01 00:00",
                          "9999-12-31T23:59", "\udcb1", "\x00", "\u200f\u202e", LONG)
"""The hostile values most likely to break a parser, drawn more often than the rest."""


def hostile() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORST), st.sampled_from(HOSTILE), free_text())


def value_for(command: str, name: str, level: int, n_files: int) -> st.SearchStrategy[Token]:
    """A value for one option or argument. ``level`` 0-3: how often it is hostile."""
    if name == "db":
        return st.sampled_from([Ref("db"), Ref("db"), Ref("db", relative=True), Ref("home"),
                                Ref("dir"), Ref("missing"), Ref("exists"), Ref("odd-db"),
                                Ref("new", 0), ""]
                               + [Ref("input", i) for i in range(n_files)])
    if name == "output":
        outside: list[Token] = ["/dev/null", "/etc/passwd"]
        if command.startswith("letter"):  # --force replaces a file: sandbox paths only
            outside = []
        return st.sampled_from([Ref("new", 1), Ref("new", 2, relative=True), Ref("exists"),
                                Ref("dir"), Ref("missing"), Ref("db"), "-", "", *outside])
    if name in ("rules", "path", "attach"):
        paths: list[Token] = [*HOSTILE_PATHS_READ, Ref("dir"), Ref("missing"), Ref("exists"),
                              Ref("db")]
        inputs = [Ref("input", i, relative=bool(i % 2)) for i in range(n_files)]
        if name == "attach":
            good = st.sampled_from([Ref("exists"), *inputs])
        else:
            good = st.just(str(RULES_YAML))
        bad = st.one_of(st.sampled_from(paths + inputs), hostile())
        return st.one_of(good, bad) if level else good
    if name in ("files", "inputs"):
        refs: list[Token] = [Ref("input", i, relative=r) for i in range(n_files)
                             for r in (False, True)]
        if name == "inputs":  # scan: a file, stdin, or a message
            texts = st.sampled_from(MESSAGES + ODD_TEXTS + PERSONAL)
            good = st.one_of(st.sampled_from([*refs, "-"]), texts) if refs else \
                st.one_of(st.just("-"), texts)
        else:
            good = st.sampled_from(refs) if refs else st.sampled_from(HOSTILE_PATHS_READ)
        bad = st.one_of(st.sampled_from([*HOSTILE_PATHS_READ, Ref("dir"), Ref("missing")]),
                        hostile())
        return st.one_of(good, good, bad) if level else good
    good = st.sampled_from(_plausible(command, name))
    if name in ("text", "note", "platform", "name", "reason") and command != "schema":
        good = st.one_of(good, st.sampled_from(ODD_TEXTS))
    weights = {0: [good], 1: [good] * 7 + [hostile()], 2: [good, hostile()],
               3: [good, hostile(), hostile()]}
    return st.one_of(*weights[level])


CHANCE = {"yes": 80, "json_out": 30, "jsonl_out": 6, "column": 8, "from_number": 12,
          "rules": 12, "input_format": 15, "encoding": 15, "tz": 20, "lang": 25}
"""Per cent of command lines that carry an option (30; a flag 12; a required one 97)."""

JUNK = ("--bogus", "-Z", "--json", "--help", "-h", "--", "--version", "-", "--db", "extra",
        "--lang=xx", "--=", "---", "-\udcb1")


@st.composite
def command_argv(draw: Any, key: str, n_files: int = 0, *,
                 level: int | None = None) -> tuple[Token, ...]:
    """One command line for ``key`` (e.g. ``log add``) from its real options."""
    cmd = commands()[key]
    if level is None:
        level = draw(st.sampled_from((0, 0, 0, 0, 1, 1, 2, 3)))
    parts: list[list[Token]] = []
    for p in cmd.params:
        if p.is_argument:
            if p.nargs == -1:
                count = draw(st.integers(1 if p.required else 0, 3))
            else:
                count = 1 if p.required or draw(st.booleans()) else 0
            parts.extend([draw(value_for(key, p.name, level, n_files))] for _ in range(count))
            continue
        chance = 97 if p.required else CHANCE.get(p.name, 12 if p.flag else 30)
        if draw(st.integers(0, 99)) >= chance:
            continue
        times = draw(st.integers(1, 3)) if p.multiple else 1
        if not p.multiple and draw(st.integers(0, 29)) == 0:
            times = 2  # an option given twice
        for _ in range(times):
            opt = draw(st.sampled_from(p.opts))
            if p.flag:
                parts.append([opt])
                continue
            value = draw(value_for(key, p.name, level, n_files))
            if isinstance(value, str) and opt.startswith("--") and draw(st.integers(0, 9)) == 0:
                parts.append([f"{opt}={value}"])
            else:
                parts.append([opt, value])
    if draw(st.integers(0, 14)) == 0:
        parts.append([draw(st.sampled_from(JUNK))])
    order = draw(st.permutations(range(len(parts)))) if parts else []
    argv: list[Token] = list(cmd.path)
    for i in order:
        argv.extend(parts[i])
    if len(argv) > len(cmd.path) and draw(st.integers(0, 24)) == 0:
        argv.pop()  # the last option lost its value, or an argument went missing
    return tuple(as_argv(t) for t in argv)


def as_argv(token: Token) -> Token:
    """What the process would really see for this string.

    Arguments and environment values reach Python as bytes decoded from UTF-8
    with surrogateescape, so the only lone surrogates they can hold are
    U+DC80-U+DCFF. Any other surrogate stands for the bytes UTF-8 would give it,
    and a NUL cannot be in an argument at all.
    """
    if isinstance(token, Ref):
        return token
    chars = []
    for ch in token.replace("\x00", ""):  # a C string cannot hold a NUL
        if "\ud800" <= ch <= "\udfff" and not "\udc80" <= ch <= "\udcff":
            ch = ch.encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape")
        chars.append(ch)
    # the bytes on the command line, decoded the way Python decodes argv
    return "".join(chars).encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- field values

EPOCH_MS = st.one_of(
    st.sampled_from(("1795137300000", "1704160800123", "1795137630250", "0", "-1", "null", "",
                     "soon", "-62135596800001", "253402300800000", "99999999999999999999",
                     "9" * 40, "1e20", "1795137300000.5", " 1795137300000 ", "１７９５１３７３００",
                     "0x1A", "-9223372036854775809", "9223372036854775808")),
    st.integers(-(2**70), 2**70).map(str),
)
EPOCH_S = st.one_of(
    st.sampled_from(("1795140000", "1704160800", "0", "-1", "", "253402300800",
                     "-62135596801", "9" * 30, "1795140000.9", "NaN", "1e10")),
    st.integers(-(2**64), 2**64).map(str),
)
DATE_TEXT = st.one_of(
    st.sampled_from(("2026-11-20 22:40", "2026/11/20 21:45", "2026年11月20日 22:01:00", "明天",
                     "2024-01-02T10:00:00", "2024-01-02T10:00:00+00:00", "0001-01-01 00:00",
                     "9999-12-31T23:59", "9999-12-31 23:59:59", "0000-00-00 00:00",
                     "2026-02-30 10:00", "0001-01-01T00:00:00+14:00",
                     "9999-12-31T23:59:59-12:00", "1795137300", "1795137300000", "yesterday",
                     "24:00", "2026-11-20 25:61", "+275760-09-13", HUGE[:400])),
    EPOCH_MS, free_text(20),
)
DURATION = st.one_of(
    st.sampled_from(("65", "0", "-5", HUGE, "1.5", "", "00:01:20", "1分20秒", "0秒", "很久",
                     "99999999999999999999", "１２", "1e9", "-0", "NaN")),
    st.integers(-(2**65), 2**65).map(str),
)
PHONE = st.one_of(
    st.sampled_from(("17012345678", "+86 170-1234-5678", "10690000123", "95555", "null",
                     "(Unknown)", "", "-2", "+" * 50, "1" * 500, "٠١٢٣٤٥٦٧٨٩٠",
                     "insert-address-token", "17012345678~17112345678")),
    free_text(20),
)
BODY = st.one_of(
    st.sampled_from(MESSAGES), st.sampled_from(MESSAGES), st.sampled_from(HOSTILE),
    st.sampled_from(("null", "x" * 10000, LONG, "\u202e再不还钱", "<![CDATA[x]]>", "]]>",
                     "&amp;&lt;", "😠😠", "\t\n\r")),
    free_text(60),
)
SMS_TYPE = st.sampled_from(("1", "2", "3", "4", "5", "6", "0", "99", "null", "", "-1", HUGE))
CALL_TYPE = st.sampled_from(("1", "2", "3", "4", "5", "6", "7", "9", "0", "", "null", HUGE))


def _json_scalar() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), st.integers(-(2**80), 2**80),
        st.sampled_from((10**30, -(10**30), 2**63, -(2**63) - 1, 1795137300000, 1795137300)),
        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(MESSAGES),
        st.sampled_from(HOSTILE), DATE_TEXT, free_text(20),
    )


JSON_VALUE = st.recursive(_json_scalar(), lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)),
    max_leaves=5)

# --------------------------------------------------------------------------- file contents

WECHAT_HEADER = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status",
                 "StrContent", "StrTime", "Remark", "NickName", "Sender")


def _attr(value: str, raw: bool) -> str:
    return f'"{value}"' if raw else quoteattr(value)


DTDS = (
    "",
    '<!DOCTYPE smses [<!ENTITY a "b">]>\n',
    '<!DOCTYPE smses [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;">'
    '<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;">]>\n',
    '<!DOCTYPE smses [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    '<!DOCTYPE smses [<!ENTITY % p "x"> %p;]>\n',
    '<!DOCTYPE smses [<!ELEMENT smses ANY><!ATTLIST sms body CDATA "默认">]>\n',
    "<!DOCTYPE smses>\n",
)


@st.composite
def sms_xml(draw: Any) -> bytes:
    raw = draw(st.integers(0, 9)) == 0  # attribute values not escaped
    out = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
           if draw(st.integers(0, 9)) else ""]
    out.append(draw(st.sampled_from(DTDS)) if draw(st.integers(0, 4)) == 0 else "")
    out.append('<smses count="3" type="full">\n')
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 5)) == 0:
            text = draw(BODY)
            out.append(f'  <mms date={_attr(draw(EPOCH_MS), raw)} msg_box='
                       f'{_attr(draw(SMS_TYPE), raw)} address={_attr(draw(PHONE), raw)} '
                       f'contact_name="(Unknown)">\n    <parts>\n      <part seq="0" '
                       f'ct={_attr(draw(st.sampled_from(("text/plain", "image/jpeg", ""))), raw)}'
                       f' text={_attr(text, raw)} />\n    </parts>\n    <addrs>\n'
                       f'      <addr address={_attr(draw(PHONE), raw)} type='
                       f'{_attr(draw(st.sampled_from(("137", "151", "130", "x"))), raw)} />\n'
                       "    </addrs>\n  </mms>\n")
        else:
            body = draw(BODY)
            if draw(st.integers(0, 9)) == 0:
                body += draw(st.sampled_from(("&#55357;", "&#1;", "&#0;", "&#x110000;",
                                              "&#55357;&#56864;", "&unknown;")))
                body_attr = f'"{body}"'
            else:
                body_attr = _attr(body, raw)
            out.append(f'  <sms protocol="0" address={_attr(draw(PHONE), raw)} date='
                       f'{_attr(draw(EPOCH_MS), raw)} type={_attr(draw(SMS_TYPE), raw)} '
                       f'subject="null" body={body_attr} read="1" date_sent='
                       f'{_attr(draw(EPOCH_MS), raw)} readable_date='
                       f'{_attr(draw(DATE_TEXT), raw)} contact_name='
                       f'{_attr(draw(st.sampled_from(("(Unknown)", "null", "催收 张某"))), raw)}'
                       " />\n")
    out.append("</smses>\n")
    return "".join(out).encode("utf-8", "surrogatepass")


@st.composite
def calls_xml(draw: Any) -> bytes:
    out = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"]
    out.append(draw(st.sampled_from(DTDS)).replace("smses", "calls")
               if draw(st.integers(0, 4)) == 0 else "")
    out.append('<calls count="2" type="full">\n')
    for _ in range(draw(st.integers(0, 5))):
        out.append(f"  <call number={quoteattr(draw(PHONE))} duration="
                   f"{quoteattr(draw(DURATION))} date={quoteattr(draw(EPOCH_MS))} "
                   f"type={quoteattr(draw(CALL_TYPE))} presentation=\"1\" "
                   f"contact_name={quoteattr(draw(st.sampled_from(('(Unknown)', 'null', '某某'))))}"
                   " />\n")
    out.append("</calls>\n")
    return "".join(out).encode("utf-8", "surrogatepass")


def _csv(header: Sequence[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def wechat_csv(draw: Any) -> bytes:
    rows = []
    for i in range(draw(st.integers(0, 5))):
        rows.append([str(i + 1), "wxid_fake0001",
                     draw(st.sampled_from(("1", "3", "34", "43", "47", "49", "10000", "", "x"))),
                     "0", draw(st.sampled_from(("0", "1", "2", "", "-1"))), draw(EPOCH_S), "2",
                     draw(BODY), draw(DATE_TEXT), draw(st.sampled_from(("催收小王", ""))),
                     draw(st.sampled_from(("王某", ""))), "wxid_fake0001"])
    data = _csv(WECHAT_HEADER, rows)
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


@st.composite
def table_csv(draw: Any) -> bytes:
    """Messages (scan), a message log or a call log (log import), with Chinese headers."""
    layout = draw(st.sampled_from((
        ("时间", "号码", "内容"), ("时间", "号码", "内容", "方向"), ("date", "address", "body"),
        ("通话时间", "对方号码", "联系人", "通话类型", "通话时长"),
        ("timestamp", "number", "call_type", "duration", "name"),
        ("日期", "时间", "号码", "短信内容"), ("内容",), ("a", "b"),
    )))
    fill = {"时间": DATE_TEXT, "date": DATE_TEXT, "通话时间": DATE_TEXT, "日期": DATE_TEXT,
            "timestamp": EPOCH_MS, "号码": PHONE, "address": PHONE, "对方号码": PHONE,
            "number": PHONE, "内容": BODY, "body": BODY, "短信内容": BODY,
            "方向": st.sampled_from(("接收", "发送", "in", "out", "不知道", "")),
            "通话类型": st.sampled_from(("未接来电", "已接来电", "呼出", "拒接", "骚扰拦截",
                                     "视频通话", "", "x")),
            "call_type": st.sampled_from(("CallType.missed", "CallType.incoming", "1", "")),
            "通话时长": DURATION, "duration": DURATION}
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        row = [draw(fill.get(col, free_text(10))) for col in layout]
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]  # a short row
        rows.append(row)
    return _csv(layout, rows, draw(st.sampled_from((",", ",", "\t", ";"))))


@st.composite
def jsonl(draw: Any) -> bytes:
    """scan-style messages, or the journal's own export shape (what log import re-reads)."""
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            obj: dict[str, Any] = {
                draw(st.sampled_from(("text", "body", "content", "message", "内容", "msg"))):
                    draw(st.one_of(BODY, JSON_VALUE)),
                draw(st.sampled_from(("time", "date", "timestamp", "时间", "datetime"))):
                    draw(st.one_of(DATE_TEXT, JSON_VALUE)),
                draw(st.sampled_from(("sender", "from", "address", "号码"))):
                    draw(st.one_of(PHONE, JSON_VALUE)),
            }
            if draw(st.booleans()):
                obj[draw(st.sampled_from(("id", "_id", "localId")))] = draw(JSON_VALUE)
        else:
            obj = {"method": draw(st.sampled_from(("call", "sms", "visit", "wechat", "", "x"))),
                   "direction": draw(st.sampled_from(("in", "out", "sideways", None))),
                   "at": draw(st.one_of(DATE_TEXT, JSON_VALUE)),
                   "number": draw(st.one_of(PHONE, JSON_VALUE)),
                   "text": draw(st.one_of(BODY, st.none())),
                   "duration_s": draw(st.one_of(st.none(), st.integers(-5, 2**70),
                                                st.sampled_from((10**30, 2**63, 1.5)))),
                   "outcome": draw(st.sampled_from(("answered", "missed", None, "x"))),
                   "third_party": draw(st.sampled_from((False, True, None, "yes"))),
                   "platform": draw(st.sampled_from(("某某贷", None))),
                   "kind": "call"}
            if draw(st.integers(0, 4)) == 0:
                obj["attachments"] = [{
                    "path": draw(st.sampled_from(("/tmp/x.png", "", "shot.png"))),
                    "sha256": draw(st.sampled_from(("a" * 64, "xyz"))),
                    "size": draw(st.one_of(st.integers(-1, 2**70), st.sampled_from((10**30,))))}]
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(("[1, 2]", '{"text": "broken"', "not json", "",
                                               '"\\udcb1"', '{"text": "\\udcb1"}',
                                               '{"text": "a", "time": NaN}',
                                               '{"text": "a", "time": 1e400}'))))
        lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def plain_text(draw: Any) -> bytes:
    msgs = draw(st.lists(BODY, max_size=5))
    sep = draw(st.sampled_from(("\n\n", "\r\n\r\n", "\n \n", "\n")))
    return sep.join(msgs).encode("utf-8", "surrogatepass")


@cache
def _fixture(path: str) -> bytes:
    return (ROOT / path).read_bytes()


FIXTURE_FILES = tuple(sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*/*")
                             if p.is_file()))


@st.composite
def rulebook(draw: Any) -> bytes:
    """The shipped rulebook, cut short or with a few lines changed."""
    text = _fixture("data/rules.yaml")
    lines = text.split(b"\n")
    how = draw(st.sampled_from(("cut", "cut", "drop", "swap", "dup")))
    i = draw(st.integers(0, len(lines) - 1))
    if how == "cut":
        lines = lines[:i]
    elif how == "drop":
        del lines[i: i + draw(st.integers(1, 20))]
    elif how == "swap":
        lines[i] = draw(st.sampled_from((b"  - id: x", b"x: [", b"\t", b"meta: 1",
                                         b"      zh: " + HUGE.encode(), b"  verdict: illegal",
                                         b"      - source: nowhere", b"&a [*a, *a]")))
    else:
        lines[i:i] = lines[i: i + draw(st.integers(1, 30))]
    return b"\n".join(lines)


@st.composite
def fixture_file(draw: Any) -> bytes:
    return _fixture(draw(st.sampled_from(FIXTURE_FILES)))


GENERATORS: dict[str, st.SearchStrategy[bytes]] = {
    "sms-xml": sms_xml(), "calls-xml": calls_xml(), "wechat-csv": wechat_csv(),
    "csv": table_csv(), "jsonl": jsonl(), "text": plain_text(), "fixture": fixture_file(),
    "binary": st.binary(max_size=200), "empty": st.just(b""),
}
SUFFIX = {"sms-xml": ".xml", "calls-xml": ".xml", "wechat-csv": "_utf8.csv", "csv": ".csv",
          "jsonl": ".jsonl", "text": ".txt", "binary": ".bin", "empty": ".txt",
          "rulebook": ".yaml"}

# --------------------------------------------------------------------------- mutations

INSERTS = (b"\xff\xfe", b"\xb1\xa8", b"\xed\xb2\xb1", b"\xc0\x80", b"\x00\x00",
           b"\xef\xbb\xbf", b"\r", b'"', b"<", b"&", b"\n\n", b",,,,", b"\x1a")
ENCODINGS = ("gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "latin-1",
             "shift_jis", "cp1252")


@st.composite
def mutated(draw: Any, data: bytes) -> tuple[bytes, str]:
    """Up to three mutations of ``data``; returns the bytes and their names."""
    names = []
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(("truncate", "flip", "insert", "delete", "encode", "bom",
                                    "huge-numbers", "dtd", "nul", "crlf", "repeat", "long-body",
                                    "encode", "truncate")))
        names.append(how)
        n = len(data)
        if how == "truncate":
            data = data[: draw(st.integers(0, n))]
        elif how == "flip" and n:
            i = draw(st.integers(0, n - 1))
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
        elif how == "insert":
            i = draw(st.integers(0, n))
            chunk = draw(st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(INSERTS)))
            data = data[:i] + chunk + data[i:]
        elif how == "delete" and n:
            i = draw(st.integers(0, n - 1))
            data = data[:i] + data[i + draw(st.integers(1, 64)):]
        elif how == "encode":
            enc = draw(st.sampled_from(ENCODINGS))
            names[-1] = f"encode:{enc}"
            text = data.decode("utf-8", "replace")
            data = text.encode(enc, draw(st.sampled_from(("replace", "ignore"))))
        elif how == "bom":
            data = draw(st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                         codecs.BOM_UTF32_LE))) + data
        elif how == "huge-numbers":
            big = draw(st.sampled_from((HUGE, "9" * 25, "-" + "9" * 25, "99999999999999999999")))
            count = draw(st.integers(1, 3))
            data = re.sub(rb"\d{4,}", big.encode(), data, count=count)
        elif how == "dtd":
            dtd = draw(st.sampled_from(DTDS[1:])).encode()
            head = data.find(b"?>")
            data = data[: head + 2] + b"\n" + dtd + data[head + 2:] if head >= 0 else dtd + data
        elif how == "nul":
            i = draw(st.integers(0, n))
            data = data[:i] + b"\x00" * draw(st.integers(1, 4)) + data[i:]
        elif how == "crlf":
            data = data.replace(b"\n", draw(st.sampled_from((b"\r\n", b"\r", b"\n\n"))))
        elif how == "repeat" and n:
            i = draw(st.integers(0, n - 1))
            j = min(n, i + draw(st.integers(1, 200)))
            data = data[:j] + data[i:j] * draw(st.integers(1, 20)) + data[j:]
        elif how == "long-body":
            i = draw(st.integers(0, n))
            data = data[:i] + LONG.encode() + data[i:]
    return data, "+".join(names)


FILE_NAMES = ("sms-20261120.xml", "calls-20261120.xml", "wechat_utf8.csv", "export.csv",
              "messages.jsonl", "messages.txt", "短信备份.xml", "通话 记录.csv",
              "\udcb6\udccc\udcd0\udcc5.csv", "a\nb.txt", "-dash.txt", "rules.yaml",
              "noext", ".hidden", "x" * 200 + ".xml")


@st.composite
def input_file(draw: Any, kinds: Sequence[str] | None = None) -> InputFile:
    kind = draw(st.sampled_from(tuple(kinds or GENERATORS)))
    data = draw(rulebook() if kind == "rulebook" else GENERATORS[kind])
    data, how = draw(mutated(data)) if draw(st.booleans()) else (data, "")
    if draw(st.integers(0, 3)):
        name = f"in{draw(st.integers(0, 99))}{SUFFIX.get(kind, '.dat')}"
    else:
        name = draw(st.sampled_from(FILE_NAMES))
    return InputFile(name, data, kind + (f"+{how}" if how else ""))


@st.composite
def stdin_bytes(draw: Any, interview: bool = False) -> bytes:
    """What a pipe may carry: a file's content, an interview's answers, or junk."""
    if interview and draw(st.booleans()):
        answers = draw(st.lists(st.one_of(
            st.sampled_from(("45", "1,2", "短信", "23", "", "3", "y", "n", "0", "99", "abc")),
            st.sampled_from(HOSTILE[:30]), free_text(10)), max_size=8))
        data = "\n".join(answers).encode("utf-8", "surrogatepass")
        return data if draw(st.integers(0, 4)) else data + b"\n\xb1\xa8\n"
    kind = draw(st.sampled_from(("text", "jsonl", "csv", "sms-xml", "wechat-csv", "binary",
                                 "empty", "text")))
    data = draw(GENERATORS[kind])
    return draw(mutated(data))[0] if draw(st.booleans()) else data


# --------------------------------------------------------------------------- cases

LIGHT = ("check", "explain", "rate", "methods", "schema", "rules validate", "rules list",
         "rules test", "letter negotiate", "letter credit-dispute", "letter data",
         "letter verify-debt", "letter list")
JOURNAL = ("log add", "log void", "log list", "log report", "log export", "log verify",
           "log destroy", "complaint", "log import", "letter stop-third-party")
JOURNAL_STATES = ("none", "populated", "populated", "populated", "populated", "empty",
                  "garbage", "text", "directory", "foreign", "newer", "truncated", "tampered",
                  "tampered-odd", "none@gbk", "populated@gbk")
ENVS = (("OVERDUE_LANG", "en"), ("OVERDUE_LANG", "zh-Hant"), ("OVERDUE_LANG", "klingon"),
        ("OVERDUE_LANG", ""), ("OVERDUE_LANG", "\udcb1"), ("COLUMNS", "20"), ("COLUMNS", "abc"),
        ("COLUMNS", "0"), ("NO_COLOR", None), ("TZ", "Pacific/Kiritimati"),
        ("OVERDUE_DB", None))


@st.composite
def env(draw: Any) -> tuple[tuple[str, str | None], ...]:
    if draw(st.integers(0, 4)):
        return ()
    return tuple(draw(st.lists(st.sampled_from(ENVS), max_size=2, unique=True)))


@st.composite
def light_cases(draw: Any) -> Case:
    """check, explain, methods, schema and the rules commands; some with a rulebook file."""
    key = draw(st.sampled_from(LIGHT))
    files = tuple(draw(st.lists(input_file(("rulebook", "text", "binary", "empty")),
                                max_size=1)))
    argv = draw(command_argv(key, len(files)))
    if key == "rules test" and not any(isinstance(t, Ref) or t in HOSTILE_PATHS_READ
                                       for t in argv[2:]):
        # the shipped rulebook's 35 worked examples take 2 s; tests cover them elsewhere
        argv = (*argv, "/dev/null")
    stdin = draw(stdin_bytes(interview=True)) if key == "check" else b""
    return Case((Step(argv, stdin),), files, env=draw(env()))


@st.composite
def scan_cases(draw: Any) -> Case:
    files = tuple(draw(st.lists(input_file(), max_size=3)))
    argv = draw(command_argv("scan", len(files)))
    stdin = draw(stdin_bytes()) if "-" in argv or len(argv) == 1 or draw(st.booleans()) else b""
    return Case((Step(argv, stdin),), files, env=draw(env()))


@st.composite
def import_cases(draw: Any) -> Case:
    files = tuple(draw(st.lists(input_file(), min_size=1, max_size=3)))
    argv = draw(command_argv("log import", len(files)))
    steps = [Step(argv)]
    if draw(st.booleans()):  # and look at what it left behind
        steps.append(Step(draw(command_argv(
            draw(st.sampled_from(("log list", "log report", "log export", "log verify",
                                  "complaint"))), len(files), level=0))))
    journal = draw(st.sampled_from(("none", "none", "populated", "empty", "garbage")))
    return Case(tuple(steps), files, journal, draw(env()))


@st.composite
def journal_cases(draw: Any) -> Case:
    """One to three journal commands in a row, against a journal in some state."""
    files = tuple(draw(st.lists(input_file(), max_size=1)))
    keys = draw(st.lists(st.sampled_from(JOURNAL), min_size=1, max_size=3))
    steps = tuple(Step(draw(command_argv(k, len(files)))) for k in keys)
    return Case(steps, files, draw(st.sampled_from(JOURNAL_STATES)), draw(env()))


TOP_WORDS = ("check", "explain", "rate", "methods", "scan", "schema", "rules", "log", "complaint",
             "letter", "negotiate", "stop-third-party",
             "validate", "test", "list", "add", "import", "report", "export", "verify", "void",
             "destroy", "help")


@st.composite
def raw_cases(draw: Any) -> Case:
    """Argument lists with no respect for the grammar at all."""
    tokens = st.one_of(st.sampled_from(TOP_WORDS), st.sampled_from(sorted(option_names())),
                       st.sampled_from(JUNK), st.sampled_from(HOSTILE), free_text(12),
                       st.sampled_from(MESSAGES))
    argv = tuple(as_argv(t) for t in draw(st.lists(tokens, max_size=6)))
    if draw(st.booleans()):  # a real command first reaches deeper
        argv = (draw(st.sampled_from(TOP_WORDS[:8])), *argv)
    if any(a in ("destroy", "--db", "--output", "-o") for a in argv):
        # these may delete or write what they name: keep it in the sandbox
        argv = tuple(a for a in argv if a not in ("--db", "--output", "-o"))
        argv = (*argv, "--db", Ref("db"))
    return Case((Step(argv, draw(stdin_bytes(interview=True))),), (), "populated", draw(env()))


def all_cases() -> st.SearchStrategy[Case]:
    return st.one_of(light_cases(), scan_cases(), scan_cases(), import_cases(), journal_cases(),
                     journal_cases(), raw_cases())


STRATEGIES: dict[str, st.SearchStrategy[Case]] = {
    "light": light_cases(), "scan": scan_cases(), "import": import_cases(),
    "journal": journal_cases(), "raw": raw_cases(),
}

# --------------------------------------------------------------------------- the sandbox

_TEMPLATE: dict[str, Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def populated_journal() -> Path:
    """A journal made the way a user makes one (log add, log import, log void), built once."""
    with _TEMPLATE_LOCK:
        if "db" in _TEMPLATE:
            return _TEMPLATE["db"]
        base = Path(tempfile.mkdtemp(prefix="overdue-fuzz-template-"))
        atexit.register(shutil.rmtree, base, True)
        db = base / "journal" / "journal.sqlite3"
        shot = base / "screenshot.png"
        shot.write_bytes(b"\x89PNG\r\n fake screenshot")
        imports = FIXTURES / "imports"
        steps = [
            ["log", "add", "--method", "call", "--at", "2026-11-20 22:40", "--from",
             "17012345678", "--platform", "某某借", "--note", "骂人，说要找我单位",
             "--duration", "3分20秒"],
            ["log", "add", "--method", "sms", "--at", "2026-11-20 09:00", "--from",
             "10690000123", "--platform", "某某借", "--text", MESSAGES[1], "--attach", str(shot)],
            ["log", "add", "--method", "contacts", "--at", "2026-11-21 10:00", "--third-party",
             "--name", "催收 张某", "--platform", "某某借"],
            *[["log", "add", "--method", "call", "--at", f"2026-11-19 10:0{m}", "--from",
               "+86 170-1234-5678", "--platform", "某某借", "--outcome", "missed"]
              for m in range(8)],
            ["log", "import", str(imports / "sms-20261120.xml"),
             str(imports / "calls-20261120.xml"), str(imports / "wechat_utf8.csv"),
             str(imports / "events.jsonl"), "--platform", "某某借"],
            ["log", "void", "1", "--reason", "记错了号码"],
        ]
        for argv in steps:
            out = run_argv([*argv, "--db", str(db)], b"", base)
            if out.problem or out.code != 0:
                raise RuntimeError(f"building the fuzz journal failed: overdue {' '.join(argv)}"
                                   f"\n{out.explain()}")
        _TEMPLATE["db"] = db
        return db


def _make_journal(state: str, path: Path) -> None:
    if state == "none":
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if state == "directory":
        path.mkdir()
        return
    if state in ("empty", "garbage", "text"):
        path.write_bytes({"empty": b"", "garbage": bytes(range(256)) * 8,
                          "text": b"root:x:0:0:root:/root:/bin/sh\n"}[state])
        return
    if state in ("foreign", "newer"):
        conn = sqlite3.connect(path)
        if state == "foreign":
            conn.execute("CREATE TABLE contacts (name TEXT)")
        else:
            conn.execute("PRAGMA user_version = 99")
            conn.execute("CREATE TABLE entries (seq INTEGER)")
        conn.commit()
        conn.close()
        return
    shutil.copyfile(populated_journal(), path)
    if state == "truncated":
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.truncate(size // 2)
    elif state == "tampered":  # edited behind the journal's back: verify must say so
        conn = sqlite3.connect(path)
        conn.execute("UPDATE entries SET extra = replace(extra, '骂人', '没骂人') WHERE seq = 1")
        conn.execute("DELETE FROM entries WHERE seq = 5")
        conn.commit()
        conn.close()
    elif state == "tampered-odd":  # values no overdue writes, as a hand edit could leave
        conn = sqlite3.connect(path)
        conn.execute("UPDATE entries SET at_ms = -62135596800001 WHERE seq = 2")
        conn.execute("UPDATE entries SET at_ms = 253402300800000, utc_offset_s = 90000 "
                     "WHERE seq = 3")
        conn.execute("UPDATE entries SET method = 'telegram', duration_s = -5, "
                     "direction = 'sideways', extra = 'not json' WHERE seq = 4")
        conn.commit()
        conn.close()


class Sandbox:
    """A temporary directory holding the case's files, journal and home."""

    def __init__(self, case: Case) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="overdue-fuzz-")
        self.root = Path(self._tmp.name)
        (self.root / "in").mkdir()
        (self.root / "out").mkdir()
        (self.root / "home").mkdir()
        (self.root / "adir").mkdir()
        (self.root / "adir" / "inside.txt").write_text("x")
        (self.root / "exists.txt").write_text("已有的文件\n")
        name = "\udcb6\udccc.sqlite3" if case.journal.endswith("@gbk") else "journal.sqlite3"
        self.db = self.root / "journal" / name  # @gbk: a folder or file named in GBK
        _make_journal(case.journal.removesuffix("@gbk"), self.db)
        self.inputs = []
        for i, f in enumerate(case.files):
            name = f.name if f.name not in (".", "..") else f"in{i}"
            path = self.root / "in" / f"{i}" / name
            path.parent.mkdir()
            path.write_bytes(f.data)
            self.inputs.append(path)

    def resolve(self, token: Token) -> str:
        if isinstance(token, str):
            return token
        what = token.what
        if what == "input":
            path = self.inputs[token.index] if token.index < len(self.inputs) else \
                self.root / "in" / "gone.txt"
        elif what == "db":
            path = self.db
        elif what == "dir":
            path = self.root / "adir"
        elif what == "missing":
            path = self.root / "no" / "such" / "file.xml"
        elif what == "new":
            path = self.root / "out" / f"new-{token.index}.txt"
        elif what == "exists":
            path = self.root / "exists.txt"
        elif what == "home":
            return "~/journal.sqlite3"
        elif what == "odd-db":
            path = self.root / "\udcb6\udccc.sqlite3"
        else:  # pragma: no cover - a typo in a strategy
            raise ValueError(what)
        return str(path.relative_to(self.root)) if token.relative else str(path)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._tmp.cleanup()


@contextlib.contextmanager
def _isolated(root: Path, extra_env: Sequence[tuple[str, str | None]] = (),
              db: Path | None = None) -> Iterator[None]:
    """cwd, HOME, XDG dirs, OVERDUE_DB and the three standard streams, restored after."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    home = root / "home"
    home.mkdir(exist_ok=True)
    os.environ.update({
        "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
        "OVERDUE_DB": str(db or root / "journal" / "journal.sqlite3"), "NO_COLOR": "1",
        "COLUMNS": "100", "TERM": "dumb", "TMPDIR": str(root),
    })
    for name in ("OVERDUE_LANG", "LINES", "FORCE_COLOR", "CI", "TZ"):
        os.environ.pop(name, None)
    for key, value in extra_env:
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    os.chdir(root)
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        if "TZ" in saved_env or "TZ" in dict(extra_env):
            time.tzset()


def run_argv(argv: list[str], stdin: bytes, root: Path, timeout: float = 0,
             extra_env: Sequence[tuple[str, str | None]] = (), db: Path | None = None
             ) -> Outcome:
    """``main(argv)`` once, in-process, inside ``root``; never raises (but for Ctrl-C)."""
    from overdue_cli.cli import main

    outcome = Outcome(list(argv))
    out = io.BytesIO()
    err = io.BytesIO()
    alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
    previous = None
    with _isolated(root, extra_env, db):
        if any(k == "TZ" for k, _ in extra_env):
            time.tzset()
        # What a UTF-8 locale gives a process whose streams are pipes, not a terminal.
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                                      write_through=True)
        if alarm:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            outcome.code = main(list(argv))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # an escaped exception is the finding
            outcome.error = exc
            outcome.trace = "".join(traceback.format_exception(exc))
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            outcome.seconds = time.perf_counter() - start
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            # read them now: dropping the wrappers closes the BytesIO under them
            outcome.stdout = out.getvalue().decode("utf-8", "replace")
            outcome.stderr = err.getvalue().decode("utf-8", "replace")
    gc.unfreeze()  # log import freezes the heap: a fresh process would start clean
    return outcome


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang("the run took too long")


def run_case(case: Case, timeout: float = 0) -> list[Outcome]:
    """Run every step of ``case`` in one new sandbox; stop after the first problem."""
    box = Sandbox(case)
    outcomes = []
    try:
        for step in case.steps:
            argv = [box.resolve(t) for t in step.argv]
            outcome = run_argv(argv, step.stdin, box.root, timeout, case.env, box.db)
            outcomes.append(outcome)
            if outcome.problem:
                break
    finally:
        box.close()
    return outcomes


def first_problem(outcomes: list[Outcome]) -> Outcome | None:
    return next((o for o in outcomes if o.problem), None)


def failure_message(case: Case, outcome: Outcome, trace: bool = True) -> str:
    text = f"{outcome.problem}: {outcome.key()}\n--- reproducer ---\n{case.describe()}"
    return text + (f"\n--- what happened ---\n{outcome.explain()}" if trace else "")


# --------------------------------------------------------------------------- reduction


def reduce_case(case: Case, key: str, budget: int = 300, timeout: float = 20) -> Case:
    """A smaller case that still fails with the same ``key`` (greedy delta debugging).

    Drops steps, files, argv tokens (one, or an option with its value), halves
    long tokens, and cuts stdin and file contents line by line then byte by byte.
    Stops after ``budget`` runs.
    """
    runs = 0

    def fails(candidate: Case) -> bool:
        nonlocal runs
        if runs >= budget:
            return False
        runs += 1
        try:
            bad = first_problem(run_case(candidate, timeout))
        except Exception:  # a candidate the sandbox cannot build
            return False
        return bad is not None and bad.key() == key

    # the failing step last, earlier ones only if needed
    last = len(case.steps)
    for i, out in enumerate(run_case(case, timeout)):
        if out.problem:
            last = i + 1
            break
    case = Case(case.steps[:last], case.files, case.journal, case.env)
    for attempt in (Case(case.steps, case.files, "none", case.env),
                    Case(case.steps, case.files, case.journal, ())):
        if attempt != case and fails(attempt):
            case = attempt
    i = 0
    while i < len(case.steps) - 1:
        trial = Case(case.steps[:i] + case.steps[i + 1:], case.files, case.journal, case.env)
        if fails(trial):
            case = trial
        else:
            i += 1
    for s in range(len(case.steps)):
        case = _reduce_step(case, s, fails)
    trial = _without_unused_files(case)
    if trial != case and fails(trial):
        case = trial
    for attempt in (Case(case.steps, case.files, "none", case.env),
                    Case(case.steps, case.files, case.journal, ())):
        if attempt != case and fails(attempt):
            case = attempt
    for fi in range(len(case.files)):
        case = _reduce_file(case, fi, fails)
    return case


def _without_unused_files(case: Case) -> Case:
    """The files no argument names dropped, the references renumbered."""
    used = sorted({t.index for step in case.steps for t in step.argv
                   if isinstance(t, Ref) and t.what == "input" and t.index < len(case.files)})
    number = {old: new for new, old in enumerate(used)}

    def renumber(t: Token) -> Token:
        if isinstance(t, Ref) and t.what == "input" and t.index in number:
            return Ref("input", number[t.index], t.relative)
        return t

    steps = tuple(Step(tuple(renumber(t) for t in step.argv), step.stdin)
                  for step in case.steps)
    return Case(steps, tuple(case.files[i] for i in used), case.journal, case.env)


def _with_step(case: Case, index: int, step: Step) -> Case:
    steps = list(case.steps)
    steps[index] = step
    return Case(tuple(steps), case.files, case.journal, case.env)


def _reduce_step(case: Case, s: int, fails: Any) -> Case:
    step = case.steps[s]
    argv = list(step.argv)
    i = 0
    while i < len(argv):
        for width in (2, 1):
            trial = argv[:i] + argv[i + width:]
            if len(trial) < len(argv) and fails(_with_step(case, s, Step(tuple(trial),
                                                                         step.stdin))):
                argv = trial
                break
        else:
            i += 1
    for i, token in enumerate(argv):
        while isinstance(token, str) and len(token) > 8:
            shorter = token[: len(token) // 2]
            trial = [*argv[:i], shorter, *argv[i + 1:]]
            if not fails(_with_step(case, s, Step(tuple(trial), step.stdin))):
                break
            argv, token = trial, shorter
    case = _with_step(case, s, Step(tuple(argv), step.stdin))
    if step.stdin:
        data = _ddmin(step.stdin, lambda d: fails(_with_step(case, s, Step(tuple(argv), d))))
        case = _with_step(case, s, Step(tuple(argv), data))
    return case


def _reduce_file(case: Case, fi: int, fails: Any) -> Case:
    f = case.files[fi]

    def with_data(data: bytes) -> Case:
        files = list(case.files)
        files[fi] = InputFile(f.name, data, f.kind)
        return Case(case.steps, tuple(files), case.journal, case.env)

    return with_data(_ddmin(f.data, lambda d: fails(with_data(d))))


def _ddmin(data: bytes, fails: Any) -> bytes:
    """Remove lines, then single bytes near the ends, while ``fails`` stays true."""
    if fails(b""):
        return b""
    lines = data.split(b"\n")
    chunk = max(1, len(lines) // 2)
    while chunk >= 1:
        i = 0
        while i < len(lines):
            trial = lines[:i] + lines[i + chunk:]
            if trial != lines and fails(b"\n".join(trial)):
                lines = trial
            else:
                i += chunk
        chunk //= 2
    data = b"\n".join(lines)
    for cut in (len(data) // 2, len(data) // 4, 64, 16, 4, 1):
        while cut and len(data) > cut and fails(data[:-cut]):
            data = data[:-cut]
    return data


@dataclass
class Tally:
    """What a fuzz campaign counts."""

    cases: int = 0
    runs: int = 0
    seconds: float = 0.0
    by_code: dict[str, int] = field(default_factory=dict)
    by_command: dict[str, int] = field(default_factory=dict)
    problems: int = 0
    first: dict[str, tuple[Case, Outcome]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, case: Case, outcomes: list[Outcome]) -> None:
        self.cases += 1
        for out in outcomes:
            self.runs += 1
            self.seconds += out.seconds
            name = " ".join(out.argv[:2])
            if name not in commands():
                name = out.argv[0] if out.argv and out.argv[0] in commands() else "(other)"
            self.by_command[name] = self.by_command.get(name, 0) + 1
            label = str(out.code) if out.error is None else (
                "hang" if isinstance(out.error, Hang) else "exception")
            self.by_code[label] = self.by_code.get(label, 0) + 1
            if out.problem:
                self.problems += 1
                key = out.key()
                self.counts[key] = self.counts.get(key, 0) + 1
                self.first.setdefault(key, (case, out))


# --------------------------------------------------------------------------- seeds


def _one(*argv: Token, stdin: bytes = b"", files: tuple[InputFile, ...] = (),
         journal: str = "none") -> Case:
    return Case((Step(tuple(as_argv(a) for a in argv), stdin),), files, journal)


def _file(kind: str, data: bytes, name: str = "") -> InputFile:
    return InputFile(name or f"in0{SUFFIX.get(kind, '.dat')}", data, kind)


_SMS = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">"
        b"<sms address=\"17012345678\" date=\"%s\" type=\"1\" body=\"%s\" /></smses>\n")
_CALL = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"1\">"
         b"<call number=\"17012345678\" duration=\"%s\" date=\"1795137300000\" type=\"1\" />"
         b"</calls>\n")
_MSG = "再不还钱就爆你通讯录".encode()


def seeds() -> dict[str, list[Case]]:
    """Cases that broke once (or that the issue names), run before anything random."""
    sms = _file("sms-xml", _SMS % (b"1795137300000", _MSG))
    dtd = _file("sms-xml", _SMS.replace(b"?>\n", b"?>\n" + DTDS[1].encode())
                % (b"1795137300000", b"&a;"))
    text = _file("text", "\n\n".join(MESSAGES).encode())
    return {
        "light": [
            _one("check", "--days", HUGE, "--method", "sms"),
            _one("check", "--days", "45", "--method", "sms", "--hour", HUGE,
                 "--calls-per-day", HUGE),
            _one("check", "-i", stdin=b"\xb1"),
            _one("check", "-i", stdin="45\n短信\n".encode("gbk")),
            _one("explain", "\udcb1"),
            _one("methods", "--rules", "/etc/passwd"),
            _one("rules", "validate", Ref("input", 0), files=(_file("text", b"x: 1",
                                                                    name="\udcb6\udccc.yaml"),)),
            _one("rules", "validate", "/dev/null"),
            _one("rules", "list", "--rules", Ref("input", 0),
                 files=(_file("rulebook", _fixture("data/rules.yaml")[:5000]),)),
        ],
        "scan": [
            _one("scan", "--jobs", HUGE, "一条短信"),
            _one("scan", Ref("input", 0), "--encoding", "rot13", files=(text,)),
            _one("scan", Ref("input", 0), "--encoding", "utf-16", files=(text,)),
            _one("scan", Ref("input", 0), "--encoding", "hex", files=(text,)),
            _one("scan", Ref("input", 0), files=(dtd,)),
            _one("scan", Ref("input", 0), files=(_file("sms-xml", _fixture(
                "tests/fixtures/imports/sms-bomb.xml")),)),
            _one("scan", Ref("input", 0), files=(_file("sms-xml", _SMS % (HUGE.encode(), _MSG)),)),
            _one("scan", "-", "--json", stdin="\n\n".join(MESSAGES).encode("utf-16-le")),
            _one("scan", "-", "--format", "jsonl", stdin=b'{"text": "\\udcb1", "time": NaN}'),
        ],
        "import": [
            *[_one("log", "import", Ref("input", 0), "--encoding", enc, files=(sms,))
              for enc in ("utf-16", "hex", "zlib", "rot13", "base64", "uu", "utf-7")],
            _one("log", "import", Ref("input", 0), files=(dtd,)),
            _one("log", "import", Ref("input", 0),
                 files=(_file("calls-xml", _CALL % HUGE.encode()),)),
            _one("log", "import", Ref("input", 0),
                 files=(_file("sms-xml", _SMS % (b"-62135596800001", _MSG)),)),
            _one("log", "import", Ref("input", 0),
                 files=(_file("sms-xml", _SMS % (b"253402300800000", _MSG)),)),
            _one("log", "import", Ref("input", 0), files=(_file("jsonl", json.dumps(
                {"method": "call", "direction": "in", "at": "0001-01-01T00:00:00+14:00",
                 "duration_s": 10**30}).encode()),)),
            _one("log", "import", Ref("input", 0), files=(_file("jsonl", json.dumps(
                {"text": "x", "time": "9999-12-31T23:59:59-12:00"}).encode()),)),
            _one("log", "import", Ref("input", 0), files=(_file(
                "wechat-csv", _csv(WECHAT_HEADER, [["1", "wxid_x", "1", "0", "0", HUGE, "2",
                                                     "再不还钱", "", "", "", ""]])),)),
            _one("log", "import", Ref("input", 0), files=(_file("sms-xml", _SMS % (
                b"1795137300000", _MSG), name="\udcb6\udccc\udcd0\udcc5.xml"),)),
        ],
        "journal": [
            _one("log", "void", "99999999999999999999", "--reason", "x", journal="populated"),
            Case((Step(("log", "add", "--method", "call", "--at", "0001-01-01 00:00", "--tz",
                        "Pacific/Kiritimati")), Step(("log", "list")))),
            Case((Step(("log", "add", "--method", "call", "--at", "9999-12-31T23:59", "--tz",
                        "Etc/GMT+12")), Step(("log", "report")))),
            _one("log", "report", "--until", "9999-12-31", journal="populated"),
            _one("log", "list", "--since", "0001-01-01", journal="populated"),
            _one("log", "export", "--since", "99999d", journal="populated"),
            _one("log", "add", "--method", "call", "--duration", HUGE),
            _one("log", "add", "--method", "sms", "--db", Ref("odd-db"), "--json"),
            _one("log", "verify", "--json", journal="populated@gbk"),
            _one("log", "list", "--json", journal="populated@gbk"),
            _one("complaint", "--to", "12321", "--json", journal="populated@gbk"),
            _one("log", "add", "--method", "sms", "--attach", Ref("input", 0), files=(_file(
                "text", b"x", name="\udcb6\udccc.png"),)),
            _one("log", "report", "--redact", "--format", "markdown", journal="tampered-odd"),
            _one("complaint", "--to", "police", "--redact", journal="tampered-odd"),
        ],
        "raw": [
            _one("--rules", "\udcb1", "methods"),
            _one("log"),
            _one("complaint"),
        ],
    }
