"""Every rule against its paired should-flag / should-pass examples (tests/examples/*.toml)."""

import datetime as dt
from collections import Counter

import pytest
from conftest import DEFAULT_DATE, load_examples

from reviewer import checks
from reviewer.checks import all_rules
from reviewer.document import Document
from reviewer.flag import DIMENSIONS, SEVERITIES

EXAMPLES = load_examples()
RULES = {r.id: r for r in all_rules()}
MODULE_OF = {r.id: m.__name__.rsplit(".", 1)[1] for m in checks.CHECKS for r in m.RULES}


def _flags(example):
    date = example.get("date", DEFAULT_DATE)
    doc = Document(example["text"], date if isinstance(date, dt.date) else dt.date.fromisoformat(date),
                   example.get("category"))
    return doc, list(RULES[example["rule"]].apply(doc))


def _id(row):
    module, kind, ex = row
    return f"{ex['rule']}-{kind}-{ex['text'][:12]}"


@pytest.mark.parametrize("row", EXAMPLES, ids=[_id(r) for r in EXAMPLES])
def test_example(row):
    module, kind, ex = row
    assert ex["rule"] in RULES, f"unknown rule {ex['rule']}"
    assert MODULE_OF[ex["rule"]] == module, "an example belongs in its check module's file"
    doc, flags = _flags(ex)
    if kind == "pass":
        assert flags == [], f"false flag: {[(f.text, f.message) for f in flags]}"
        return
    start = ex["text"].index(ex["needle"])
    end = start + len(ex["needle"])
    hits = [f for f in flags if f.start < end and f.end > start]
    assert hits, f"missed {ex['needle']!r}: {flags}"
    if "span" in ex:  # the exact figure that is wrong, and its correction
        assert [f.text for f in hits] == [ex["span"]], hits
        assert hits[0].suggestion == ex["suggestion"], hits[0]


@pytest.mark.parametrize("row", EXAMPLES, ids=[_id(r) for r in EXAMPLES])
def test_flag_invariants(row):
    _, _, ex = row
    doc, flags = _flags(ex)
    for f in flags:
        assert 0 <= f.start < f.end <= len(ex["text"])
        assert ex["text"][f.start : f.end] == f.text
        assert f.dimension in DIMENSIONS and f.severity in SEVERITIES
        assert f.message and all(ord(c) < 128 for c in f.rule)


def test_every_rule_has_paired_examples():
    kinds = Counter((ex["rule"], kind) for _, kind, ex in EXAMPLES)
    missing = [(r, k) for r in RULES for k in ("flag", "pass") if kinds[(r, k)] == 0]
    assert missing == []


def test_every_rule_is_documented_and_unique():
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    for r in all_rules():
        assert r.brief and r.source and r.example, f"{r.id} needs a brief, 来源 and 示例 in its docstring"


def test_every_check_module_is_registered():
    from pathlib import Path

    modules = {p.stem for p in Path(checks.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert modules == {m.__name__.rsplit(".", 1)[1] for m in checks.CHECKS}


def test_replacing_rules_suggest_replacements():
    """A rule marked `replaces` must suggest text that can stand in for its span."""
    for _, kind, ex in EXAMPLES:
        if kind == "flag" and RULES[ex["rule"]].replaces:
            _, flags = _flags(ex)
            for f in flags:
                advice = any(w in f.suggestion for w in ("删", "写明"))
                assert f.suggestion and len(f.suggestion) <= 12 and not advice, f
