"""新 against the archive: find an earlier draft that a draft repeats.

来源：001 “内容要新”：新 means new against what has already been reported, not only recent.

A draft is reduced to the set of 4-character shingles of its body (title dropped, digits,
punctuation and spaces removed), so a new title, changed figures or reordered sentences leave
most shingles intact while two different drafts on the same topic share few. The set becomes a
MinHash signature of `NUM_PERM` 32-bit values; the share of equal values estimates the Jaccard
similarity of two sets. An `Index` finds candidates by LSH banding (`BANDS` bands of `ROWS`
values: two drafts meet when one band is equal) and keeps the candidates whose estimated
similarity is at least `THRESHOLD`.

Everything here is a plain function or a plain class over NumPy arrays: the batch runner, the
CLI and the web UI share it. Signatures are stored in results files as base64 (`encode`).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from reviewer.flag import SEVERITIES, Flag, Rule

SHINGLE = 4
NUM_PERM = 128
BANDS, ROWS = 32, 4
THRESHOLD = 0.5
MIN_SHINGLES = 20  # shorter bodies (a line or two) say too little to call a repeat
_NOT_TEXT = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")  # digits, punctuation, spaces: dropped

_rng = np.random.default_rng(20261123)
_A = _rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_BAND_MIX = _rng.integers(1, 2**63, ROWS, dtype=np.uint64) | np.uint64(1)
_BASE = np.array([1_000_003**i for i in range(SHINGLE - 1, -1, -1)], dtype=np.uint64)


def body(text: str) -> str:
    """What is compared: the body (after the title line), letters and Chinese characters only."""
    nl = text.find("\n")
    return _NOT_TEXT.sub("", text[nl + 1 :] if nl >= 0 else text)


def shingles(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the body's 4-character shingles (vectorised, stable across runs)."""
    codes = np.frombuffer(body(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    with np.errstate(over="ignore"):
        return np.unique(windows @ _BASE)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32), or None when the body is too short to compare."""
    hashes = shingles(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):
        mixed = (hashes[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(32)  # multiply-shift hashing
    return mixed.min(axis=1).astype(np.uint32)


def encode(sig: np.ndarray | None) -> str | None:
    return None if sig is None else base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(value: str | None) -> np.ndarray | None:
    if not value:
        return None
    sig = np.frombuffer(base64.b64decode(value), dtype="<u4").astype(np.uint32)
    return sig if len(sig) == NUM_PERM else None


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One uint64 key per band: (n, NUM_PERM) signatures → (n, BANDS) keys."""
    rows = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        return (rows * _BAND_MIX).sum(axis=2, dtype=np.uint64)


@dataclass(frozen=True)
class Entry:
    """What is known of an archived draft: enough to name it in a message."""

    id: str
    title: str
    date: str | None = None  # YYYY-MM-DD
    source: str = ""


@dataclass(frozen=True)
class Match:
    entry: Entry
    similarity: float

    def to_dict(self) -> dict:
        e = self.entry
        return {"id": e.id, "title": e.title, "date": e.date, "source": e.source, "similarity": self.similarity}


class Index:
    """Signatures of archived drafts with LSH band keys, growing one draft at a time.

    Band keys of most drafts sit in per-band sorted arrays (binary search); recent additions
    wait in a small tail that is scanned with NumPy and merged into the sorted part when it grows
    past an eighth of it, so adding is cheap and a query stays fast at 100,000 drafts.
    """

    def __init__(self):
        self.entries: list[Entry] = []
        self._sigs = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._keys = np.zeros((1024, BANDS), dtype=np.uint64)
        self._sorted = 0  # rows [0, _sorted) are in _order / _sorted_keys
        self._order = np.zeros((BANDS, 0), dtype=np.int64)
        self._sorted_keys = np.zeros((BANDS, 0), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: Entry, sig: np.ndarray | None) -> None:
        if sig is None:
            return
        n = len(self.entries)
        if n == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
            self._keys = np.concatenate([self._keys, np.zeros_like(self._keys)])
        self._sigs[n] = sig
        self._keys[n] = band_keys(sig[None, :])[0]
        self.entries.append(entry)
        if n + 1 - self._sorted > max(2048, self._sorted // 8):
            self._merge()

    def _merge(self) -> None:
        n = len(self.entries)
        keys = self._keys[:n].T
        self._order = np.argsort(keys, axis=1, kind="stable")
        self._sorted_keys = np.take_along_axis(keys, self._order, axis=1)
        self._sorted = n

    def candidates(self, sig: np.ndarray) -> np.ndarray:
        keys = band_keys(sig[None, :])[0]
        found = [np.nonzero((self._keys[self._sorted : len(self.entries)] == keys).any(axis=1))[0] + self._sorted]
        for b in range(BANDS):
            lo = np.searchsorted(self._sorted_keys[b], keys[b], side="left")
            hi = np.searchsorted(self._sorted_keys[b], keys[b], side="right")
            found.append(self._order[b, lo:hi])
        return np.unique(np.concatenate(found))

    def query(self, sig: np.ndarray | None, exclude_id: str | None = None) -> Match | None:
        """The most similar archived draft at or above THRESHOLD (the earliest on a tie), or None."""
        if sig is None or not self.entries:
            return None
        rows = self.candidates(sig)
        if not len(rows):
            return None
        sims = (self._sigs[rows] == sig).mean(axis=1)
        for j in np.argsort(-sims, kind="stable"):
            if sims[j] < THRESHOLD:
                return None
            entry = self.entries[rows[j]]
            if entry.id != exclude_id:  # the same id: the draft itself or an earlier revision of it
                return Match(entry, round(float(sims[j]), 3))
        return None


def is_earlier(match: Match, date: str | None) -> bool:
    """An archived draft counts as already reported unless it is dated after this draft."""
    return not (match.entry.date and date and match.entry.date > date)


def _needs_an_archive(doc):
    """重复报送：稿件与已报送（归档）的稿件内容重复（提供 --archive 或经网页提交时检查）。
    来源：001 “内容要新”；004 “在报纸上凑一些新闻也上报了”
    示例：与上月已报送的稿件正文基本相同，只改了标题和数字。
    """
    return iter(())  # a single draft cannot repeat anything: `check()` below needs the archive


REPEATED = Rule("repeated", "freshness", "warning", _needs_an_archive)  # documents the rule for `reviewer rules`


def repeated_flag(text: str, match: Match) -> Flag:
    """The `freshness/repeated` flag on the title line, naming the earlier draft."""
    end = text.find("\n")
    end = len(text) if end < 0 else end
    start = len(text[:end]) - len(text[:end].lstrip())
    if start >= end:  # no title line: point at the first character
        start, end = 0, min(1, len(text))
    e = match.entry
    when = f"（{e.date}）" if e.date else ""
    return Flag(
        REPEATED.dimension, REPEATED.id, start, end, text[start:end],
        f"与已报送稿件“{e.title}”{when}（编号 {e.id}）内容重复，相似度 {match.similarity:.0%}",
        "核实是否重复报送；确有新进展的，只写新情况", REPEATED.severity,
    )


def check(text: str, index: Index, date: dt.date | str | None = None, draft_id: str | None = None,
          sig: np.ndarray | None = None) -> tuple[Flag | None, Match | None]:
    """Compare one draft with the archive. Returns the flag (None when nothing earlier repeats)
    and the best match (also when it is dated later, for clusters)."""
    sig = signature(text) if sig is None else sig
    match = index.query(sig, exclude_id=draft_id)
    if match is None:
        return None, None
    day = date.isoformat() if isinstance(date, dt.date) else date
    return (repeated_flag(text, match) if is_earlier(match, day) else None), match


def add_flag(flags: list, flag):
    """`flags` with `flag` in its place in the pipeline's order (position, then worst first).
    Works on Flag objects and on their dicts alike."""
    def key(f):
        f = f if isinstance(f, dict) else f.to_dict()
        return f["start"], -SEVERITIES.index(f["severity"]), -f["end"]

    return sorted([*flags, flag], key=key)


def compare(result, index: Index, date: dt.date | None, draft_id: str, source: str | None = None) -> Match | None:
    """For one reviewed draft (`reviewer.pipeline.Review`): add the `repeated` flag when it repeats
    an archived draft, then add the draft to `index` so that later drafts are compared with it."""
    sig = signature(result.text)
    day = (date or dt.date.today()).isoformat()
    flag, match = check(result.text, index, day, draft_id, sig=sig)
    if flag:
        result.flags = add_flag(result.flags, flag)
    index.add(Entry(draft_id, result.text.split("\n", 1)[0].strip(), day, source or draft_id), sig)
    return match
