"""Web latency on a warm server: `POST /api/check` for a 1,000-character draft, and the queue
page with 50,000 drafts in the database.

    .venv/bin/python bench/web.py [--drafts 50000] [--requests 200]

Fills a temporary database with synthetic drafts (executemany, one transaction), starts the
real app with uvicorn on a free loopback port, and times requests over one keep-alive
connection. Exit status 1 when a target is missed (p95 check < 100 ms, queue < 300 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on sys.path and its name shadows the `web`
# package; put the project root in front of it.
sys.path.insert(0, str(ROOT))

from reviewer.flag import DIMENSIONS  # noqa: E402
from reviewer.labels import LABELS  # noqa: E402
from web import db  # noqa: E402
from web.server import ThreadedServer  # noqa: E402
from web.settings import Settings  # noqa: E402

CHECK_P95_MS, QUEUE_P95_MS = 100, 300
RULES = ("boilerplate", "vague-quantity", "confusion", "halfwidth-punctuation", "stale-event", "mobile-number")


def draft_text(n: int = 1000) -> str:
    """A 1,000-character draft made of the example drafts' sentences."""
    paths = sorted((ROOT / "examples").glob("*.txt"))
    bodies = [p.read_text(encoding="utf-8").split("\n", 1)[1].strip() for p in paths]
    body = ""
    while len(body) < n:
        body += "".join(bodies)
    title = "我市冬季安全生产和防灾减灾工作情况"
    return title + "\n" + body[: n - len(title) - 1]


def fill(conn, count: int, seed: int = 6) -> None:
    """`count` synthetic drafts, each with one revision and three flags."""
    rnd = random.Random(seed)
    units = [f"第{i}区{kind}" for i in range(1, 21) for kind in ("委办公室", "应急管理局")]
    start = dt.datetime(2025, 1, 1)
    drafts, revisions, flags = [], [], []
    for i in range(1, count + 1):
        stamp = (start + dt.timedelta(minutes=rnd.randrange(0, 700 * 24 * 60))).isoformat(" ", "seconds")
        counts = [rnd.choice((0, 0, 0, 1, 1, 2, 3)) for _ in DIMENSIONS]
        score = sum(c * rnd.choice((1, 2, 3)) for c in counts)
        label = rnd.choice(LABELS)
        drafts.append((i, rnd.choice(units), f"合成稿件第{i}号：全市重点工作推进情况", rnd.choice(tuple(db.STATUSES)),
                       stamp, stamp, label, round(rnd.random(), 3), rnd.random() < 0.1, *counts, sum(counts), score))
        category = json.dumps({"label": label, "confidence": 0.8, "scores": {}, "evidence": [], "uncertain": False})
        revisions.append((i, i, 1, f"合成稿件第{i}号", f"合成稿件第{i}号\n截止目前，全市完成任务。", stamp, stamp[:10],
                          category))
        for j in range(3):
            flags.append((i, "correctness", rnd.choice(RULES), 9 + j, 10 + j, "截", "示例标注", "", "warning",
                          rnd.choice((None, None, "accepted", "dismissed"))))
    columns = ", ".join(db.COUNT_COLUMNS)
    with conn:
        conn.executemany(f"INSERT INTO drafts (id, unit, title, status, created_at, submitted_at, category, confidence,"
                         f" uncertain, {columns}, n_flags, score) VALUES ({', '.join('?' * 17)})", drafts)
        conn.executemany("INSERT INTO revisions (id, draft_id, number, title, text, submitted_at, review_date,"
                         " category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", revisions)
        conn.executemany("INSERT INTO flags (revision_id, dimension, rule, span_start, span_end, text, message,"
                         " suggestion, severity, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", flags)
    conn.execute("ANALYZE")


def timed(conn: http.client.HTTPConnection, method: str, url: str, body: bytes | None = None,
          headers: dict | None = None) -> float:
    t = time.perf_counter()
    conn.request(method, url, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - t) * 1000
    if response.status != 200:
        raise SystemExit(f"{method} {url}: HTTP {response.status}")
    return elapsed


def summary(name: str, times: list[float], target: float | None) -> bool:
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]  # never beyond the largest time
    ok = target is None or p95 < target
    mark = "" if target is None else (f"  目标 < {target} ms  " + ("达标" if ok else "未达标"))
    print(f"{name:<46} n={len(times):<4} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"
          f"  max {max(times):7.1f} ms{mark}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.db")
        conn = db.connect(settings.db_path)
        db.migrate(conn)
        t = time.perf_counter()
        fill(conn, args.drafts)
        print(f"填充 {args.drafts} 篇合成稿件（含修订和 {3 * args.drafts} 条标注）：{time.perf_counter() - t:.1f} s")
        unit = conn.execute("SELECT unit FROM drafts LIMIT 1").fetchone()[0]
        conn.close()

        with ThreadedServer(settings) as url:
            ok = run(url, unit, args.requests, args.drafts)
    return 0 if ok else 1


def run(url: str, unit: str, requests: int, drafts: int) -> bool:
    """Time the requests against the server at `url`; True when every target is met."""
    host, port = url.removeprefix("http://").split(":")
    client = http.client.HTTPConnection(host, int(port), timeout=30)
    text = draft_text()
    body = json.dumps({"text": text, "date": "2026-11-20"}, ensure_ascii=False).encode()
    headers = {"content-type": "application/json"}
    for _ in range(10):  # warm-up
        timed(client, "POST", "/api/check", body, headers)
    ok = summary(f"POST /api/check（{len(text)} 字）",
                 [timed(client, "POST", "/api/check", body, headers) for _ in range(requests)], CHECK_P95_MS)
    pages = {
        "GET /queue（第 1 页）": "/queue",
        "GET /queue?status=pending&sort=-score": "/queue?status=pending&sort=-score",
        "GET /queue?unit=…&category=problem": "/queue?" + urlencode({"unit": unit, "category": "problem"}),
        "GET /queue?since=…&until=…": "/queue?since=2025-06-01&until=2025-06-30",
        "GET /queue?page=500": "/queue?page=500",
        "GET /api/drafts?sort=-flags": "/api/drafts?sort=-flags",
    }
    n = max(requests // 4, 20)
    for name, path in pages.items():
        timed(client, "GET", path)
        ok &= summary(name, [timed(client, "GET", path) for _ in range(n)], QUEUE_P95_MS)
    summary("GET /stats（不限时）", [timed(client, "GET", "/stats") for _ in range(5)], None)
    middle = f"/drafts/{drafts // 2}"
    summary(f"GET {middle}（不限时）", [timed(client, "GET", middle) for _ in range(n)], None)
    client.close()
    return ok


if __name__ == "__main__":
    sys.exit(main())
