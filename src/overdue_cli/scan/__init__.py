"""``overdue scan``: read collectors' messages and say which cross the line.

records (the input model), readers (text / JSONL / CSV / SMS-XML into records),
textnorm (normalise and map back to the original), segment (the jieba
interface), signals (the rulebook's message signals, compiled), scanner
(records → per-message results and a running summary).
"""
