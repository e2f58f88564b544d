"""Classification alone: drafts per second on one core (segmentation included, rule checks not),
and the time to load the shipped model.

    python bench/classify.py [--drafts 'corpora/drafts/*.jsonl'] [--n 2000]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drafts", default=str(ROOT / "corpora/drafts/*.jsonl"))
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    texts = [json.loads(line) for path in sorted(glob.glob(args.drafts)) for line in open(path, encoding="utf-8")]
    texts = [(d["title"] + "\n" + d["text"]) for d in texts]
    texts = (texts * (args.n // len(texts) + 1))[: args.n]

    from classifiers.features import encode
    from classifiers.model import CategoryModel
    from reviewer.document import Document

    start = time.perf_counter()
    model = CategoryModel.load()
    load = time.perf_counter() - start
    model.predict(encode(Document(texts[0], with_spacy=False)))  # warm-up: jieba dictionary

    start = time.perf_counter()
    for text in texts:  # what `reviewer classify` does for each file
        model.predict(encode(Document(text, with_spacy=False)))
    elapsed = time.perf_counter() - start
    print(f"model load: {load:.3f} s (must be < 0.5 s)")
    print(f"classification: {len(texts) / elapsed:,.0f} drafts/s on one core over {len(texts)} drafts "
          f"(must be >= 300)")


if __name__ == "__main__":
    main()
