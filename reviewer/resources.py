"""Rule data from `corpora/`: located once, parsed once, compiled into fast matchers."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
GAP = "…"
# A `…` in a pattern stands for 1–12 characters inside one clause.
GAP_REGEX = r"[^，。；！？：,;!?\n“”《》]{1,12}?"


def corpus_path(name: str) -> Path:
    return CORPORA / name


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated corpus file, skipping blank lines and `#` comments."""
    rows = []
    for line in corpus_path(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def read_lines(name: str) -> tuple[str, ...]:
    return tuple(row[0] for row in read_tsv(name))


@cache
def read_toml(name: str) -> dict:
    return tomllib.loads(corpus_path(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    key: str  # the lexicon entry (pattern) that matched


class PhraseMatcher:
    """All entries of a lexicon in one Aho–Corasick pass. A `…`-gap pattern is keyed on its fixed
    head and completed with an anchored regex only where the head occurs. Overlaps resolve to the
    longest, leftmost match."""

    def __init__(self, patterns):
        import ahocorasick

        entries: dict[str, list] = {}
        for pattern in dict.fromkeys(patterns):
            head = pattern.split(GAP)[0]
            if not head:
                raise ValueError(f"a pattern must not start with {GAP}: {pattern}")
            entries.setdefault(head, []).append((pattern, compile_gap_pattern(pattern) if GAP in pattern else None))
        self._automaton = ahocorasick.Automaton()
        for head, items in entries.items():
            self._automaton.add_word(head, (len(head), items))
        self._empty = not entries
        if entries:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        if self._empty:
            return []
        found = []
        for end, (head_len, items) in self._automaton.iter(text):
            start = end - head_len + 1
            for pattern, regex in items:
                if regex is None:
                    found.append(Match(start, end + 1, pattern))
                elif m := regex.match(text, start):
                    found.append(Match(start, m.end(), pattern))
        return longest_first(found)


def longest_first(matches: list[Match]) -> list[Match]:
    """Drop matches overlapping an earlier-starting or longer one; keep text order."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
        elif m.end - m.start > kept[-1].end - kept[-1].start and m.start < kept[-1].end:
            if len(kept) < 2 or m.start >= kept[-2].end:
                kept[-1] = m
    return kept


def compile_gap_pattern(pattern: str) -> re.Pattern:
    return re.compile(GAP_REGEX.join(map(re.escape, pattern.split(GAP))))
