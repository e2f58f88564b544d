"""Synthetic drafts made from corpora/drafts: edited copies and a varied archive.

Used by bench/batch.py, bench/novelty.py and the novelty tests. An edited copy keeps a draft's
content but reorders its sentences, changes its figures, its place and unit names and its date,
and optionally gets a new title, which is how a draft that repeats an earlier one looks.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "drafts"
SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
PLACE = re.compile(r"^(.{2,3}?[省市县区镇乡])")
PLACES = ("青山", "白河", "安平", "东川", "临江", "长岭", "清泉", "南屏", "北塘", "石岗", "桃源", "金沙")
TITLE_HEADS = ("关于", "简讯：", "再报：", "")
TITLE_TAILS = ("", "（续）", "取得新进展", "情况")


def load_corpus(directory: Path = CORPUS) -> list[dict]:
    """The labelled drafts, read now (the corpus keeps growing)."""
    rows = []
    for path in sorted(glob.glob(str(directory / "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.findall(text) if s.strip()]


def change_numbers(text: str, rng: random.Random) -> str:
    def new(m: re.Match) -> str:
        value = m.group(0)
        if "." in value:
            return f"{float(value) * rng.uniform(0.6, 1.4):.{len(value.split('.')[1])}f}"
        if len(value) == 4 and value.startswith("20"):  # a year: keep it
            return value
        return str(max(1, round(int(value) * rng.uniform(0.6, 1.4))))

    return NUMBER.sub(new, text)


def change_place(row: dict, rng: random.Random) -> dict:
    """Rename the place in the unit (柳河县 → 青山县) everywhere it appears."""
    m = PLACE.match(row.get("unit") or "")
    if not m or m.group(1).startswith("省"):
        return row
    old = m.group(1)
    new = rng.choice(PLACES) + old[-1]
    return {**row, **{k: row[k].replace(old, new) for k in ("unit", "title", "text")}}


def edited_copy(row: dict, rng: random.Random, new_title: bool = True, days: int = 30) -> dict:
    """The same draft again: sentences reordered, figures and place changed, later date, new title."""
    parts = sentences(row["text"])
    rng.shuffle(parts)
    copy = change_place({**row, "text": change_numbers("".join(parts), rng)}, rng)
    if new_title:
        copy["title"] = rng.choice(TITLE_HEADS) + change_numbers(copy["title"], rng) + rng.choice(TITLE_TAILS)
    if row.get("date"):
        copy["date"] = (dt.date.fromisoformat(row["date"]) + dt.timedelta(days=rng.randint(1, days))).isoformat()
    return copy


def archive(n: int, seed: int = 7, rows: list[dict] | None = None) -> Iterator[dict]:
    """`n` varied drafts: each an edited copy of a corpus draft, half of them with one or two
    sentences spliced in from another draft of the same domain; ids `s000001`…"""
    rng = random.Random(seed)
    rows = rows or load_corpus()
    by_domain: dict[str, list[dict]] = {}
    for r in rows:
        by_domain.setdefault(r.get("domain", ""), []).append(r)
    for i in range(n):
        base = rng.choice(rows)
        draft = edited_copy(base, rng, new_title=rng.random() < 0.5, days=365)
        if rng.random() < 0.5:
            other = sentences(rng.choice(by_domain[base.get("domain", "")])["text"])
            parts = sentences(draft["text"])
            for s in rng.sample(other, min(len(other), rng.randint(1, 2))):
                parts.insert(rng.randint(0, len(parts)), s)
            draft["text"] = "".join(parts)
        yield {"id": f"s{i + 1:06d}", "title": draft["title"], "text": draft["text"], "date": draft.get("date"),
               "unit": draft.get("unit"), "label": base.get("label")}
