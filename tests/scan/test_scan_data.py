"""The data files scan ships are exactly what tools/gen_scan_data.py makes from the
installed OpenCC and jieba, so a library upgrade that changes them is noticed."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from ..conftest import ROOT

DATA = ROOT / "src" / "overdue_cli" / "data"


def _tool():
    spec = importlib.util.spec_from_file_location("gen_scan_data",
                                                  ROOT / "tools" / "gen_scan_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_scan_data"] = module
    spec.loader.exec_module(module)
    return module


def test_t2s_table_is_opencc_s_mapping() -> None:
    tool = _tool()
    shipped = (DATA / "t2s.txt").read_text(encoding="utf-8")
    if f"OpenCC {tool.opencc_version()} " not in shipped.splitlines()[0]:
        pytest.skip("another OpenCC version is installed: run tools/gen_scan_data.py to compare")
    assert shipped == tool.t2s_text()


def test_trimmed_jieba_dictionary_is_jieba_s_most_frequent_words() -> None:
    assert (DATA / "jieba_small.txt").read_text(encoding="utf-8") == _tool().jieba_text()
