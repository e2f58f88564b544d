"""Throughput and memory of `reviewer batch` on a synthetic archive.

    python bench/batch.py [--n 100000] [--jobs 1,2] [--dir DIR] [--date 2026-11-20]

Writes an archive of --n drafts made from corpora/drafts (bench/synth.py: sentences shuffled,
figures, places, units and dates changed, sentences spliced in from other drafts) to
DIR/archive.jsonl, then runs `reviewer batch` on it once per --jobs value and reports drafts per
second and peak memory: the largest sum of resident memory over the batch process and its
workers (sampled with psutil every 0.2 s), and getrusage's maximum for a single process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import archive  # noqa: E402


def write_archive(path: Path, n: int) -> float:
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        for draft in archive(n):
            f.write(json.dumps(draft, ensure_ascii=False) + "\n")
    return time.perf_counter() - start


def tree_rss(proc) -> int:
    import psutil

    try:
        p = psutil.Process(proc.pid)
        return sum(q.memory_info().rss for q in [p, *p.children(recursive=True)])
    except psutil.Error:
        return 0


def run_batch(archive_path: Path, out: Path, jobs: int, date: str) -> dict:
    out.unlink(missing_ok=True)
    cmd = [str(Path(sys.executable).parent / "reviewer"), "batch", str(archive_path), "--out", str(out),
           "--jobs", str(jobs), "--date", date]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    summary = proc.stdout.read()
    records = sum(1 for _ in open(out, "rb"))
    return {"jobs": jobs, "seconds": elapsed, "records": records, "rate": records / elapsed,
            "peak_tree_mb": peak / 2**20, "summary": summary, "code": proc.returncode,
            "max_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--dir", help="work directory (default: a temporary one)")
    ap.add_argument("--date", default="2026-11-20")
    args = ap.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="reviewer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "archive.jsonl"
    seconds = write_archive(path, args.n)
    print(f"archive: {args.n} drafts, {path.stat().st_size / 2**20:.1f} MB, generated in {seconds:.1f} s ({path})")
    for jobs in (int(j) for j in args.jobs.split(",")):
        r = run_batch(path, work / f"results-{jobs}.jsonl", jobs, args.date)
        print(f"--jobs {jobs}: {r['records']} records in {r['seconds']:.1f} s = {r['rate']:.1f} drafts/s; "
              f"peak memory {r['peak_tree_mb']:.0f} MB (batch process + workers), "
              f"largest single process {r['max_child_mb']:.0f} MB; exit {r['code']}")
        print("  " + r["summary"].strip().replace("\n", "\n  "))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
