"""The category model: a stock scikit-learn Pipeline built by one function, trained from
`corpora/drafts/`, saved as plain arrays with a card.

Training and evaluation use scikit-learn. Prediction does not import it: the fitted TF-IDF
vocabularies, idf weights and logistic-regression coefficients are saved as arrays (`.npz`, no
pickle) and applied with NumPy, which keeps `reviewer check` starting fast. A test checks that
these arrays reproduce the Pipeline's `predict_proba` exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from classifiers import features
from reviewer.labels import LABEL_NAMES, LABELS

SEED = 20261123
MODEL_DIR = Path(__file__).resolve().parent / "model"
UNCERTAIN_MARGIN = 0.15  # top-two probability gap under which an editor should look
CHAR_NGRAMS = (2, 3)
_WHITESPACE = re.compile(r"\s\s+")


class ModelError(Exception):
    """The saved model cannot be used; the message says why, in Chinese."""


def build_pipeline(C: float = 10.0, seed: int = SEED):
    """Words and character n-grams, TF-IDF, logistic regression with balanced classes.

    Logistic regression minimises log-loss, so its probabilities are calibrated by
    construction; `reviewer evaluate` reports the Brier score to show it."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    return Pipeline([
        ("features", FeatureUnion([
            ("words", TfidfVectorizer(analyzer=features.words, sublinear_tf=True, min_df=2)),
            ("chars", TfidfVectorizer(analyzer="char", preprocessor=features.chars, ngram_range=CHAR_NGRAMS,
                                      sublinear_tf=True, min_df=2, max_features=80000)),
        ])),
        ("model", LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)),
    ])


def sklearn_version() -> str:
    return metadata.version("scikit-learn")


def export(pipeline) -> dict[str, np.ndarray]:
    """The fitted Pipeline as arrays: vocabularies in column order, idf, coefficients."""
    union = pipeline.named_steps["features"]
    words, chars = (dict(union.transformer_list)[name] for name in ("words", "chars"))
    model = pipeline.named_steps["model"]
    return {
        "word_vocab": np.array(words.get_feature_names_out(), dtype=str),
        "word_idf": words.idf_,
        "char_vocab": np.array(chars.get_feature_names_out(), dtype=str),
        "char_idf": chars.idf_,
        "coef": model.coef_,
        "intercept": model.intercept_,
        "classes": np.array(model.classes_, dtype=str),
    }


def save(pipeline, card: dict, directory: Path = MODEL_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / "category.npz", **export(pipeline))
    (directory / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass
class Block:
    """One TF-IDF vectoriser: term → column, idf, and where its columns start in the union."""

    index: dict[str, int]
    idf: np.ndarray
    offset: int

    def vector(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """TfidfVectorizer.transform for one document: sublinear tf × idf, L2-normalised."""
        return self.weigh(np.array([i for i in map(self.index.get, terms) if i is not None], dtype=np.int64))

    def weigh(self, found: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Columns found in a document (with repeats) → sublinear tf × idf, L2-normalised."""
        if not len(found):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols, counts = np.unique(found, return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        return cols + self.offset, values / np.linalg.norm(values)


def gram_keys(codes: np.ndarray, n: int) -> np.ndarray:
    """Every character n-gram (n = 2 or 3) of a text as one int64: code points in 21-bit fields.
    A 3-gram's key is above 2**42 and a 2-gram's below, so they never collide."""
    keys = np.zeros(max(0, len(codes) - n + 1), dtype=np.int64)
    for k in range(n):
        keys = (keys << 21) | codes[k : len(codes) - n + 1 + k]
    return keys


class CharBlock(Block):
    """The character n-gram vectoriser, looked up with NumPy: n-grams become integer keys that
    are matched against the sorted keys of the vocabulary (no Python loop over the text)."""

    def __init__(self, vocabulary: list[str], idf: np.ndarray, offset: int):
        super().__init__({}, idf, offset)
        keys = np.array([_key(g) for g in vocabulary], dtype=np.int64)
        self.order = np.argsort(keys)
        self.keys = keys[self.order]

    def vector_of_text(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        grams = np.concatenate([gram_keys(codes, n) for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1)])
        pos = np.searchsorted(self.keys, grams).clip(0, max(0, len(self.keys) - 1))
        hit = self.keys[pos] == grams if len(self.keys) else np.zeros(len(grams), dtype=bool)
        return self.weigh(self.order[pos[hit]])


def _key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = (key << 21) | ord(ch)
    return key


class CategoryModel:
    """Prediction from saved arrays; same numbers as the fitted scikit-learn Pipeline."""

    def __init__(self, arrays, card: dict):
        self.card = card
        words, chars = arrays["word_vocab"].tolist(), arrays["char_vocab"].tolist()
        self.words = Block(dict(zip(words, range(len(words)), strict=True)), arrays["word_idf"], 0)
        self.chars = CharBlock(chars, arrays["char_idf"], len(words))
        self.names = words + chars
        self.coef, self.intercept = arrays["coef"], arrays["intercept"]
        self.classes = arrays["classes"].tolist()

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> CategoryModel:
        try:
            card = json.loads((directory / "card.json").read_text(encoding="utf-8"))
            arrays = dict(np.load(directory / "category.npz", allow_pickle=False))
        except (OSError, ValueError, KeyError) as e:
            raise ModelError(f"无法读取分类模型（{directory}）：{e}。请运行 reviewer train 重新训练") from None
        if card.get("sklearn_version") != sklearn_version():
            raise ModelError(
                f"分类模型由 scikit-learn {card.get('sklearn_version')} 训练，当前安装的是 {sklearn_version()}，"
                "为避免结果不一致已拒绝加载。请运行 reviewer train 重新训练"
            )
        return cls(arrays, card)

    def _vector(self, encoded: str) -> tuple[np.ndarray, np.ndarray]:
        w_cols, w_vals = self.words.vector(features.words(encoded))
        c_cols, c_vals = self.chars.vector_of_text(_WHITESPACE.sub(" ", features.chars(encoded)))
        return np.concatenate([w_cols, c_cols]), np.concatenate([w_vals, c_vals])

    def predict(self, encoded: str, evidence: int = 8) -> dict:
        cols, vals = self._vector(encoded)
        logits = self.coef[:, cols] @ vals + self.intercept
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = np.argsort(-probs)
        best, second = int(order[0]), int(order[1])
        # What pushed the decision: each feature's weight towards the winner over the runner-up.
        push = vals * (self.coef[best, cols] - self.coef[second, cols])
        return {
            "label": self.classes[best],
            "confidence": round(float(probs[best]), 4),
            "scores": {label: round(float(probs[self.classes.index(label)]), 4) for label in LABELS},
            "evidence": self._evidence(cols, push, evidence, features.words(encoded)),
            "uncertain": bool(probs[best] - probs[second] < UNCERTAIN_MARGIN),
        }

    def _evidence(self, cols: np.ndarray, push: np.ndarray, limit: int, words: list[str]) -> list[str]:
        """Words and within-word character n-grams of this draft, strongest push first."""
        text = features.SEP.join(words).replace(features.TITLE, "")  # `in` it = inside one word
        shown: list[str] = []
        for j in np.argsort(-push):
            if push[j] <= 0 or len(shown) >= limit:
                break
            name = self.names[cols[j]].replace(features.TITLE, "")
            if features.NUM in name or any(name in s or s in name for s in shown):
                continue
            if len(name) >= 2 and name in text:
                shown.append(name)
        return shown


@lru_cache(maxsize=1)
def default_model() -> CategoryModel:
    return CategoryModel.load()


def classify(doc) -> dict:
    """The `classify` hook of `reviewer.pipeline.review`: the category dict of the JSON contract."""
    return default_model().predict(features.encode(doc))


def corpus_hash(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


__all__ = ["LABEL_NAMES", "CategoryModel", "ModelError", "build_pipeline", "classify", "save"]
