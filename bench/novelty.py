"""Near-duplicate lookup against a large archive: time per draft, recall, index memory.

    python bench/novelty.py [--n 100000] [--queries 2000] [--archive RESULTS.jsonl]

Builds a `novelty.Index` of --n synthetic drafts (bench/synth.py), or loads one from a batch
results file (--archive, as `reviewer batch --archive` does), then times `signature()` +
`Index.query()` for edited copies of archived drafts (sentences reordered, figures, places and
dates changed, new title) and reports how many are found.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import archive, edited_copy  # noqa: E402

from reviewer import novelty  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(n: int) -> tuple[novelty.Index, list[dict]]:
    index, kept = novelty.Index(), []
    rng = random.Random(3)
    for draft in archive(n, seed=5):
        index.add(novelty.Entry(draft["id"], draft["title"], draft["date"]),
                  novelty.signature(draft["title"] + "\n" + draft["text"]))
        if rng.random() < 0.05:
            kept.append(draft)  # a sample to make edited copies of
    return index, kept


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--archive", help="a reviewer batch results file to load instead of generating drafts")
    args = ap.parse_args()
    before = rss_mb()
    start = time.perf_counter()
    if args.archive:
        from reviewer.archive import load

        index, sample = load([args.archive]), list(archive(args.queries, seed=9))
        what = f"loaded {args.archive} (queries are new synthetic drafts, so 'found' is not a recall figure)"
    else:
        index, sample = build(args.n)
        what = "generated and signed"
    print(f"index: {len(index)} drafts {what} in {time.perf_counter() - start:.1f} s; "
          f"peak RSS {rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB)")

    rng = random.Random(1)
    queries = [edited_copy(d, rng) for d in rng.choices(sample, k=args.queries)]
    texts = [q["title"] + "\n" + q["text"] for q in queries]
    times, found, candidates = [], 0, []
    for text in texts:
        t = time.perf_counter()
        sig = novelty.signature(text)
        match = index.query(sig)
        times.append(time.perf_counter() - t)
        found += match is not None
        candidates.append(len(index.candidates(sig)) if sig is not None else 0)
    ms = np.array(times) * 1000
    print(f"{len(texts)} edited copies: {ms.mean():.2f} ms per draft (median {np.median(ms):.2f}, "
          f"p99 {np.percentile(ms, 99):.2f}, max {ms.max():.2f}); LSH candidates per draft: "
          f"median {int(np.median(candidates))}, max {max(candidates)}; found a repeat for {found / len(texts):.1%}")


if __name__ == "__main__":
    main()
