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
        index = self.index
        found = [index[t] for t in terms if t in index]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols, counts = np.unique(np.array(found, dtype=np.int64), return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        return cols + self.offset, values / np.linalg.norm(values)


class CategoryModel:
    """Prediction from saved arrays; same numbers as the fitted scikit-learn Pipeline."""

    def __init__(self, arrays, card: dict):
        self.card = card
        words, chars = arrays["word_vocab"].tolist(), arrays["char_vocab"].tolist()
        self.words = Block(dict(zip(words, range(len(words)), strict=True)), arrays["word_idf"], 0)
        self.chars = Block(dict(zip(chars, range(len(chars)), strict=True)), arrays["char_idf"], len(words))
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
        text = _WHITESPACE.sub(" ", features.chars(encoded))
        grams = [text[i : i + n] for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1) for i in range(len(text) - n + 1)]
        w_cols, w_vals = self.words.vector(features.words(encoded))
        c_cols, c_vals = self.chars.vector(grams)
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
        words = [w.replace(features.TITLE, "") for w in words]
        shown: list[str] = []
        for j in np.argsort(-push):
            if push[j] <= 0 or len(shown) >= limit:
                break
            name = self.names[cols[j]].replace(features.TITLE, "")
            if features.NUM in name or any(name in s or s in name for s in shown):
                continue
            if len(name) >= 2 and any(name in w for w in words):
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
