"""Precision on real, fact-checked text: review each item of ../shared/realworld/xwlb_sample.jsonl
with --date = its broadcast date and list the flags that claim a fact is wrong.

    python bench/realworld.py [FILE] [--all]

Advisory rules (stock phrases, vague time words, long sentences) may fire on news style; the
rules in FACT_RULES claim an error and should almost never fire here (target: <= 2% of items).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared/realworld/xwlb_sample.jsonl"
FACT_RULES = {
    "stale-event", "past-data", "past-forecast", "outdated-slogan",  # stale date
    "confusion", "reduction-multiple", "template-residue", "unbalanced-pair",  # wrong word
    "mobile-number", "id-card-number", "bank-card-number", "email-address", "personal-landline",  # personal data
    "classification-marking", "request-in-information",  # marking, genre
}
NUMERIC_RULES = {"share-mismatch", "parts-exceed-total", "difference-mismatch", "change-mismatch",
                 "average-mismatch", "ratio-mismatch"}
FACT_RULES |= NUMERIC_RULES


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--all", action="store_true", help="list advisory flags too")
    args = ap.parse_args()
    from reviewer.pipeline import review

    items = [json.loads(line) for line in open(args.file, encoding="utf-8")]
    per_rule, fact_items, numeric_items = Counter(), set(), set()
    for i, item in enumerate(items):
        text = item["title"] + "\n" + item["text"]
        result = review(text, dt.date.fromisoformat(item["date"]))
        for f in result.flags:
            per_rule[f.rule] += 1
            if f.rule in FACT_RULES or args.all:
                context = text[max(0, f.start - 15) : f.end + 15].replace("\n", "⏎")
                print(f"[{i}] {item['date']} {f.rule}: “{f.text}” …{context}… — {f.message}")
            if f.rule in FACT_RULES:
                fact_items.add(i)
            if f.rule in NUMERIC_RULES:
                numeric_items.add((i, f.rule))
    print("\nflags per rule:", dict(per_rule.most_common()))
    share = len(fact_items) / len(items)
    print(f"items with a fact-claiming flag: {len(fact_items)}/{len(items)} = {share:.1%} (target <= 2%)")
    numeric = {i for i, rule in numeric_items}
    print(f"items with a numeric flag: {len(numeric)}/{len(items)} = {len(numeric) / len(items):.1%} (target <= 1%)")


if __name__ == "__main__":
    main()
