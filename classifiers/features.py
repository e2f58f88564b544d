"""What the category model sees of a draft, computed from the shared `Document` (no second
segmentation): jieba words of the body, title words marked as such, and characters for n-grams.

A draft becomes one string, `encode(doc)`: tokens joined by SEP. The word analyzer splits it
back into tokens; the character analyzer drops the title marks and separators. One input string
keeps the scikit-learn Pipeline stock (two TfidfVectorizers in a FeatureUnion).
The callables are module-level so that a fitted Pipeline pickles.
"""

from __future__ import annotations

import re
from functools import lru_cache

SEP = "\u2063"  # INVISIBLE SEPARATOR: never part of a draft's text after normalisation
TITLE = "题:"  # prefix of title words: the same word weighs differently in a title
NUMBER = re.compile(r"^[\d.,%％]+$")
SKIP = re.compile(r"^[\s\W_]+$")
# Words naming the sender's own locality say nothing about the category, but writers use them
# unevenly (我省… titles for practices, 全省… for progress): dropped so the model cannot lean on them.
LOCALITY = re.compile(r"^(?:我|全|本|某|该)(?:省|市|县|区|镇|乡|街道|州|盟|旗)$")


NUM = "#"  # every number is one feature: the values do not tell a category


@lru_cache(maxsize=200_000)
def _feature(w: str) -> str | None:
    """The word as the model sees it: None for punctuation and locality words, # for numbers."""
    if SKIP.match(w) or LOCALITY.match(w):
        return None
    return NUM if NUMBER.match(w) else w


def encode_words(words: list[str], title_end: int) -> str:
    """Consecutive words of a draft (their lengths give their offsets) as one model input."""
    out, start = [], 0
    for w in words:
        feature = _feature(w)
        if feature is not None:
            out.append(TITLE + feature if start < title_end else feature)
        start += len(w)
    return SEP.join(out)


def encode(doc) -> str:
    """The model input for a `reviewer.document.Document`: its words, segmented once."""
    return encode_words(doc.words, doc.title_end)


def words(encoded: str) -> list[str]:
    """Word features: every body and title token (title tokens keep their mark)."""
    return [w for w in encoded.split(SEP) if w]


def chars(encoded: str) -> str:
    """Character stream for n-grams: the draft's words run together, punctuation dropped."""
    return encoded.replace(TITLE, "").replace(SEP, "")
