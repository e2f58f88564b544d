"""Learning curve of the category model: test-split accuracy and macro-F1 when training on
20%, 40%, 60%, 80% and 100% of the training split (stratified subsamples, fixed seed).

    python bench/learning_curve.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    from classifiers.model import SEED, build_pipeline
    from classifiers.train import corpus_files, encode_records, load_corpus, split

    train_set, test_set = split(load_corpus(corpus_files()))
    X, y = encode_records(train_set), [r["label"] for r in train_set]
    X_test, y_test = encode_records(test_set), [r["label"] for r in test_set]
    print(f"{'share':>6} {'drafts':>7} {'accuracy':>9} {'macro-F1':>9}")
    for share in (0.2, 0.4, 0.6, 0.8, 1.0):
        if share < 1:
            X_part, _, y_part, _ = train_test_split(X, y, train_size=share, stratify=y, random_state=SEED)
        else:
            X_part, y_part = X, y
        predicted = build_pipeline().fit(X_part, y_part).predict(X_test)
        print(f"{share:>6.0%} {len(y_part):>7} {accuracy_score(y_test, predicted):>9.4f} "
              f"{f1_score(y_test, predicted, average='macro'):>9.4f}")


if __name__ == "__main__":
    main()
