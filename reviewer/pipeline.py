"""review(): one draft in, its category and a sorted list of flags out. CLI, web and batch share it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from reviewer.checks import check
from reviewer.document import Document
from reviewer.flag import SEVERITIES, Flag

LENGTH_RULES = {"long-sentence", "long-draft"}
CONFIDENT = 0.6
# A classifier takes the Document and returns the category dict of the JSON contract, or None.
Classifier = Callable[[Document], "dict | None"]


@dataclass
class Review:
    text: str
    flags: list[Flag]
    category: dict | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self, file: str) -> dict:
        return {"file": file, "category": self.category, "flags": [f.to_dict() for f in self.flags]}


def review(text: str, date: dt.date | None = None, classify: Classifier | None = None) -> Review:
    doc = Document(text, date)
    category = classify(doc) if classify else None
    if category and not category.get("uncertain") and category["confidence"] >= CONFIDENT:
        doc.category = category["label"]  # category-aware rules act only on a confident category
    flags = _drop_overlaps(sorted(check(doc), key=lambda f: (f.start, -SEVERITIES.index(f.severity), -f.end)))
    notes = ["提示：检测到繁体字，已按简体分析，标注位置对应原文"] if doc.traditional else []
    return Review(text, flags, category, notes)


def _drop_overlaps(flags: list[Flag]) -> list[Flag]:
    """One flag per stretch of text and dimension: a flag inside a same-dimension flag says nothing
    new (a stock phrase inside a flagged preamble, two patterns of one rule on the same words).
    Length rules (long-sentence, long-draft) contain everything and are not containers."""
    containers = [(j, c) for j, c in enumerate(flags) if c.rule not in LENGTH_RULES]
    return [
        f for i, f in enumerate(flags)
        if not any(
            j != i and c.dimension == f.dimension and c.start <= f.start and f.end <= c.end
            and (c.end - c.start > f.end - f.start or j < i)
            for j, c in containers
        )
    ]
