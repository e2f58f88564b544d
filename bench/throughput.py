"""Throughput of the full review against jieba segmentation alone, on the same >= 1 MB of text.

    python bench/throughput.py [--drafts FILE.jsonl] [--mb 1.0]

Also reviews the same text without the numeric (arithmetic) checks, in the same run, to
show what they cost. Drafts come from corpora/drafts/*.jsonl (or --drafts, e.g. ../shared/realworld/xwlb_sample.jsonl),
repeated until the text reaches --mb megabytes (UTF-8). Both passes run in this one process
after a warm-up, so dictionary loading is not counted for either. Also prints the cold-start
time of `reviewer check` on one draft and of `reviewer --help`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_drafts(pattern: str) -> list[str]:
    texts = []
    for path in sorted(glob.glob(pattern)):
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            texts.append(d["title"] + "\n" + d["text"])
    return texts


def corpus(texts: list[str], megabytes: float) -> list[str]:
    out, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        t = texts[i % len(texts)]
        out.append(t)
        size += len(t.encode("utf-8"))
        i += 1
    return out


def timed_pair(first, second, items, repeat: int = 3) -> tuple[float, float]:
    """Total time of `first` and of `second` over the items, both called on each item in turn
    (which goes first alternates), so that the machine's drifting load (a shared virtual machine)
    and warm caches fall on both alike; the best of `repeat` passes for each."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        totals = [0.0, 0.0]
        for n, item in enumerate(items):
            for k in (n % 2, 1 - n % 2):
                start = time.perf_counter()
                (first, second)[k](item)
                totals[k] += time.perf_counter() - start
        best = [min(b, t) for b, t in zip(best, totals, strict=True)]
    return best[0], best[1]


def cold(cmd: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drafts", default=str(ROOT / "corpora/drafts/*.jsonl"))
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()

    from reviewer.document import tokenizer
    from reviewer.pipeline import review

    texts = corpus(load_drafts(args.drafts), args.mb)
    chars = sum(map(len, texts))
    tok = tokenizer()
    date = dt.date(2026, 11, 20)
    review(texts[0], date)  # warm-up: dictionaries, automata, spaCy vocab

    import reviewer.checks as registry
    from reviewer.checks import arithmetic

    t_jieba, t_review = timed_pair(tok.lcut, lambda t: review(t, date), texts)
    full, without = registry.CHECKS, tuple(c for c in registry.CHECKS if c is not arithmetic)

    def review_without_numbers(text):
        registry.CHECKS = without
        review(text, date)
        registry.CHECKS = full

    t_without_numbers, t_with_numbers = timed_pair(review_without_numbers, lambda t: review(t, date), texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1024 / 1024
    print(f"text: {len(texts)} drafts, {chars} characters, {mb:.2f} MB")
    print(f"jieba.lcut alone: {chars / t_jieba:,.0f} chars/s ({t_jieba:.2f} s)")
    print(f"full review:      {chars / t_review:,.0f} chars/s ({t_review:.2f} s)")
    print(f"ratio review/jieba: {t_jieba / t_review:.2f} (must be >= 0.5)")
    print(f"review without the numeric checks: {chars / t_without_numbers:,.0f} chars/s; the numeric checks "
          f"cost {1 - t_without_numbers / t_with_numbers:.1%} of throughput (must be <= 20%)")

    exe = str(Path(sys.executable).parent / "reviewer")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(texts[0])
    try:
        print(f"cold `reviewer check` on one draft: {cold([exe, 'check', f.name]):.2f} s (must be < 2 s)")
        print(f"cold `reviewer --help`: {cold([exe, '--help']):.3f} s (must be < 0.3 s)")
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    main()
