"""The document model: decode a draft, normalise it without moving offsets, segment it once.

Every check reads the same `Document`. Checks match on `doc.norm` (Simplified characters,
half-width digits and letters) and report offsets that are valid in `doc.text` (the original),
because the normalisation maps each character to exactly one character.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import pickle
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from reviewer.resources import corpus_path

MAX_BYTES = 2 * 1024 * 1024  # a draft is 150–800 characters; 2 MB is surely not one draft
SENTENCE_END = "。！？；!?;\n"
CLAUSE_END = SENTENCE_END + "，、：,:"
QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’"}
QUOTED = re.compile("|".join(f"{o}[^{c}\n]*{c}" for o, c in QUOTE_PAIRS.items()))

# Full-width ASCII variants (U+FF01..U+FF5E) map 1:1 to ASCII; only digits and letters are
# folded, so Chinese punctuation (，。：) stays what the punctuation checks look for.
_FULLWIDTH = {
    cp: cp - 0xFEE0
    for cp in range(0xFF01, 0xFF5F)
    if chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "%.+-"
}


class InputError(Exception):
    """A draft that cannot be read; the message is in Chinese and names the problem."""


@dataclass
class Source:
    """Decoded text of one input and how it was read (notes are shown to the user)."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, name: str = "") -> Source:
    """Decode a draft's bytes: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), GB18030."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    if not data.strip():
        raise InputError("文件为空，没有可审读的内容")
    if name.lower().endswith(".docx") or data[:4] == b"PK\x03\x04":
        return Source(_read_docx(data), "docx")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(data, codec)
    if _looks_utf16(data):
        return _checked(data, "utf-16-le" if data[1::2].count(0) > data[::2].count(0) else "utf-16-be")
    if b"\x00" in data and len(data) % 2:
        raise InputError("文件不是文本（含二进制内容），请提交 .txt 或 .docx 稿件")
    try:
        return _checked(data, "utf-8")
    except InputError:
        pass
    # Not UTF-8: GB18030/GBK, or UTF-16 without a byte-order mark; keep the reading that looks
    # most like Chinese text.
    readings = []
    for codec in ("gb18030", "utf-16-le", "utf-16-be"):
        try:
            readings.append(_checked(data, codec))
        except InputError:
            continue
    if not readings:
        raise InputError("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），可能不是文本文件")
    source = max(readings, key=lambda r: _plausibility(r.text))
    if _plausibility(source.text) < 0.8:
        raise InputError("文件不是文本（无法按 UTF-8、GB18030/GBK、UTF-16 读出中文），请提交 .txt 或 .docx 稿件")
    source.notes.append(f"提示：文件不是 UTF-8 编码，已按 {CODEC_NAMES[source.encoding]} 解码")
    return source


CODEC_NAMES = {"gb18030": "GB18030/GBK", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


def _too_large(size: int) -> InputError:
    return InputError(f"文件过大（{size / 1024 / 1024:.1f} MB），超过单篇稿件上限 {MAX_BYTES // 1024 // 1024} MB，"
                      "请确认是否为一篇政务信息稿件")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and max(sample[::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def _plausibility(text: str) -> float:
    """Share of characters that ordinary Chinese text is made of."""
    common = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isascii() or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—")
    return common / max(1, len(text))


def _checked(data: bytes, codec: str) -> Source:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），可能不是文本文件") from None
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\r\n\t") or 0xE000 <= ord(ch) <= 0xF8FF)
    if bad > max(2, len(text[:20000]) // 100):
        raise InputError("文件不是文本（含大量控制字符），请提交 .txt 或 .docx 稿件")
    return Source(text.replace("\r\n", "\n").replace("\r", "\n"), codec)


def _read_docx(data: bytes) -> str:
    import docx  # python-docx; imported here because only .docx input needs it

    try:
        paragraphs = [p.text.strip() for p in docx.Document(io.BytesIO(data)).paragraphs]
    except Exception:
        raise InputError("无法打开 .docx 文件：文件已损坏或不是 Word 文档") from None
    lines = [p for p in paragraphs if p]
    if not lines:
        raise InputError("Word 文档中没有文字内容")
    return "\n".join(lines)


def read_path(path: str) -> Source:
    """Read a file (or stdin for '-') into a `Source`; every failure is an `InputError`."""
    import sys

    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "-")
    p = Path(path)
    if not p.exists():
        raise InputError(f"文件不存在：{path}")
    if p.is_dir():
        raise InputError(f"这是一个目录，不是稿件文件：{path}")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(size)  # refused before reading
        return decode_bytes(p.read_bytes(), p.name)
    except OSError as e:
        raise InputError(f"无法读取文件：{path}（{e.strerror}）") from None


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Simplified characters and half-width digits/letters, one character for one character."""
    return _simplified(text.translate(_FULLWIDTH))


def _simplified(folded: str) -> str:
    simplified = _t2s().convert(folded)
    if len(simplified) != len(folded):  # a phrase mapping changed length: fall back per character
        simplified = "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in folded)
    return simplified


@lru_cache(maxsize=1)
def tokenizer():
    """jieba with the government-terms dictionary. Its prefix dictionary (about 500,000 entries)
    is cached as a pickle, which loads several times faster than jieba's own marshal cache; the
    cache key covers jieba's version and both dictionaries, so editing corpora/ rebuilds it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    user_dict = corpus_path("jieba_user_dict.txt")
    key = hashlib.sha1(f"{jieba.__version__}:{Path(jieba.__file__).stat().st_mtime}".encode()
                       + user_dict.read_bytes()).hexdigest()[:16]
    cache = cache_dir() / f"jieba-{key}.pickle"
    try:
        with open(cache, "rb") as f:
            tok.FREQ, tok.total = pickle.load(f)
        tok.initialized = True
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        tok.initialize()
        tok.load_userdict(str(user_dict))
        _write_atomically(cache, pickle.dumps((tok.FREQ, tok.total), protocol=pickle.HIGHEST_PROTOCOL))
    return tok


def cache_dir() -> Path:
    return Path(os.environ.get("REVIEWER_CACHE") or Path.home() / ".cache" / "reviewer")


def _write_atomically(path: Path, data: bytes) -> None:
    """Best effort: a read-only home only costs speed, never correctness."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


@lru_cache(maxsize=1)
def _vocab():
    import spacy

    return spacy.blank("zh").vocab  # no model download: the blank pipeline's vocabulary only


def _spacy_doc(words: list[str]):
    """A spaCy `Doc` over jieba's words; its text equals the normalised draft, offsets included."""
    from spacy.tokens import Doc

    return Doc(_vocab(), words=words, spaces=[False] * len(words))


class Span(NamedTuple):
    start: int
    end: int


class Document:
    """One draft: original text, normalised copy, title/body split, sentences and tokens."""

    def __init__(self, text: str, date: dt.date | None = None, category: str | None = None,
                 with_spacy: bool = True):
        self.text = text
        folded = text.translate(_FULLWIDTH)
        self.norm = _simplified(folded)
        self.date = date or dt.date.today()
        self.category = category
        nl = text.find("\n")
        self.title_end = len(text) if nl < 0 else nl
        self.body_start = min(len(text), self.title_end + 1)
        self.traditional = self.norm != folded
        # Segment once: every check and the classifier share these words and this spaCy Doc
        # (classification alone, `reviewer classify`, needs only the words).
        self.words: list[str] = tokenizer().lcut(self.norm)
        self.spacy_doc = _spacy_doc(self.words) if with_spacy else None
        self.cache: dict = {}  # intermediate results that several rules of one check share

    # -- title / body ------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.norm[: self.title_end]

    @property
    def body(self) -> str:
        return self.norm[self.body_start :]

    # -- sentences, clauses, quotes ------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences of title and body, split on Chinese end punctuation and line breaks."""
        return _split(self.norm, SENTENCE_END)

    @cached_property
    def lead(self) -> Span | None:
        """The body's first sentence: where a draft states its news."""
        return next((s for s in self.sentences if s.start >= self.body_start), None)

    @cached_property
    def clauses(self) -> list[Span]:
        return _split(self.norm, CLAUSE_END)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Span:
        return self.sentences[max(0, bisect_right(self._sentence_starts, pos) - 1)]

    @cached_property
    def _clause_starts(self) -> list[int]:
        return [c.start for c in self.clauses]

    def clause_index(self, pos: int) -> int:
        return max(0, bisect_right(self._clause_starts, pos) - 1)

    def clause_at(self, pos: int) -> Span:
        return self.clauses[self.clause_index(pos)]

    @cached_property
    def quoted(self) -> list[Span]:
        """Inside “…” and 《…》: quoted names and titles, which rules leave alone."""
        return [Span(m.start(), m.end()) for m in QUOTED.finditer(self.norm)]

    def in_quotes(self, start: int, end: int) -> bool:
        return any(q.start <= start and end <= q.end for q in self.quoted)

    # -- tokens ------------------------------------------------------------------------------
    @cached_property
    def tokens(self) -> list[tuple[str, int, int]]:
        """jieba's words with their offsets, (word, start, end): the spaCy Doc's tokens."""
        ends = list(accumulate(map(len, self.words)))
        return list(zip(self.words, [0, *ends[:-1]], ends, strict=True))

    @cached_property
    def boundaries(self) -> frozenset[int]:
        """Offsets where a token starts or ends."""
        return frozenset(accumulate(map(len, self.words), initial=0))

    def on_boundaries(self, start: int, end: int) -> bool:
        return start in self.boundaries and end in self.boundaries


@lru_cache(maxsize=4)
def _splitter(ends: str) -> re.Pattern:
    """A run holding something besides blanks, with the end marks that close it."""
    e = re.escape(ends)
    return re.compile(f"[^{e}]*[^{e}\\s][^{e}]*[{e}]*")


def _split(text: str, ends: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _splitter(ends).finditer(text)]
