"""Training and evaluation of the category model on `corpora/drafts/*.jsonl` (`reviewer train`,
`reviewer evaluate`). Reproducible: fixed seeds, and a test split chosen by a hash of each
draft's id, so it stays the same as the corpus grows and is never used for tuning."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from classifiers import features
from classifiers.model import MODEL_DIR, SEED, build_pipeline, corpus_hash, save, sklearn_version
from reviewer.labels import LABEL_NAMES, LABELS
from reviewer.resources import CORPORA

TEST_SHARE = 5  # one draft in five (by id hash) is held out as the test split


def corpus_files(root: Path = CORPORA) -> list[Path]:
    return sorted((root / "drafts").glob("*.jsonl"))


def load_corpus(paths) -> list[dict]:
    records = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                if record.get("label") not in LABELS:
                    raise ValueError(f"{path}:{n}: unknown label {record.get('label')!r}")
                records.append(record)
    return records


def is_test(record: dict) -> bool:
    return int(hashlib.sha1(record["id"].encode()).hexdigest(), 16) % TEST_SHARE == 0


def encode_records(records: list[dict]) -> list[str]:
    from reviewer.document import Document

    return [features.encode(Document(r["title"] + "\n" + r["text"], _date(r))) for r in records]


def _date(record: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(record.get("date", ""))
    except ValueError:
        return None


def cross_validated(X: list[str], y: list[str], folds: int = 5, seed: int = SEED):
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return cross_val_predict(build_pipeline(seed=seed), X, y, cv=cv, method="predict_proba")


def metrics(y_true: list[str], proba) -> dict:
    import numpy as np
    from sklearn.metrics import accuracy_score, brier_score_loss, f1_score

    y_pred = [LABELS[i] for i in np.argmax(proba, axis=1)]
    onehot = np.array([[t == label for label in LABELS] for t in y_true], dtype=float)
    return {
        "accuracy": round(accuracy_score(y_true, y_pred), 4),
        "macro_f1": round(f1_score(y_true, y_pred, average="macro"), 4),
        "brier": round(float(np.mean([brier_score_loss(onehot[:, k], proba[:, k]) for k in range(len(LABELS))])), 4),
    }


def report(title: str, y_true: list[str], proba) -> str:
    import numpy as np
    from sklearn.metrics import classification_report, confusion_matrix

    y_pred = [LABELS[i] for i in np.argmax(proba, axis=1)]
    m = metrics(y_true, proba)
    lines = [f"== {title}: {len(y_true)} 篇，准确率 {m['accuracy']:.4f}，宏平均 F1 {m['macro_f1']:.4f}，"
             f"Brier {m['brier']:.4f}",
             classification_report(y_true, y_pred, labels=list(LABELS), digits=4, zero_division=0),
             "混淆矩阵（行：真实，列：预测）：",
             "            " + "".join(f"{LABEL_NAMES[label]:>8}" for label in LABELS)]
    for label, row in zip(LABELS, confusion_matrix(y_true, y_pred, labels=list(LABELS)), strict=True):
        lines.append(f"{LABEL_NAMES[label]:>8}    " + "".join(f"{v:>10}" for v in row))
    return "\n".join(lines)


def split(records: list[dict]) -> tuple[list[dict], list[dict]]:
    return [r for r in records if not is_test(r)], [r for r in records if is_test(r)]


def train(out_dir: Path = MODEL_DIR, paths=None) -> dict:
    """Fit on the training split, measure 5-fold CV on it and the held-out test split, save."""
    import numpy as np

    paths = paths or corpus_files()
    train_set, test_set = split(load_corpus(paths))
    X_train, y_train = encode_records(train_set), [r["label"] for r in train_set]
    X_test, y_test = encode_records(test_set), [r["label"] for r in test_set]
    cv_proba = cross_validated(X_train, y_train)
    pipeline = build_pipeline().fit(X_train, y_train)
    # The pipeline's probability columns follow its classes_; LABELS order is used everywhere else.
    order = [list(pipeline.classes_).index(label) for label in LABELS]
    test_proba = pipeline.predict_proba(X_test)[:, order] if X_test else np.zeros((0, len(LABELS)))
    card = {
        "model": "TF-IDF (jieba words + character 2–3-grams) → LogisticRegression(class_weight=balanced)",
        "sklearn_version": sklearn_version(),
        "corpus_sha256": corpus_hash(paths),
        "labels": list(LABELS),
        "seed": SEED,
        "train_drafts": len(train_set),
        "test_drafts": len(test_set),
        "cv5": metrics(y_train, _in_label_order(cv_proba)),
        "test": metrics(y_test, test_proba) if X_test else None,
    }
    save(pipeline, card, out_dir)
    return card


def _in_label_order(proba):
    return proba[:, [sorted(LABELS).index(label) for label in LABELS]]


def evaluate(paths=None) -> str:
    """5-fold CV on the training split (fresh fits) and the shipped model on the test split."""
    import numpy as np

    from classifiers.model import CategoryModel

    train_set, test_set = split(load_corpus(paths or corpus_files()))
    y_train = [r["label"] for r in train_set]
    cv_proba = _in_label_order(cross_validated(encode_records(train_set), y_train))
    parts = [report("5 折交叉验证（训练集）", y_train, cv_proba)]
    if test_set:
        model = CategoryModel.load()
        proba = np.array([[model.predict(x)["scores"][label] for label in LABELS] for x in encode_records(test_set)])
        parts.append(report("测试集（从未用于调参）", [r["label"] for r in test_set], proba))
    return "\n\n".join(parts)
