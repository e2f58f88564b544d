"""The embedded SQLite database: connection, ordered migrations, and every query the app runs.

One connection per request (`Depends(get_db)`), WAL so the queue can be read while a draft is
being saved. The schema is created and upgraded by `migrate()`: `PRAGMA user_version` holds
the number of migrations applied, and each migration runs once, in order, in a transaction.

A draft (one row in `drafts`) has one or more revisions; a re-submission adds a revision and
keeps the earlier ones unchanged. Flags belong to a revision. The queue reads only `drafts`,
which carries the latest revision's category and per-dimension flag counts as columns, so a
page of the queue never counts flags.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends

from reviewer.flag import DIMENSIONS
from web.settings import SettingsDep

STATUSES = {"pending": "待审", "returned": "退回修改", "adopted": "采用"}
DECISIONS = {"accepted": "采纳", "dismissed": "驳回"}
COUNT_COLUMNS = tuple(f"n_{d}" for d in DIMENSIONS)

MIGRATIONS = (
    # 1: drafts, revisions, flags
    f"""
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'returned', 'adopted')),
        created_at TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        revisions INTEGER NOT NULL DEFAULT 1,
        category TEXT,
        confidence REAL,
        uncertain INTEGER NOT NULL DEFAULT 0,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in COUNT_COLUMNS)},
        n_flags INTEGER NOT NULL DEFAULT 0,
        score INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        review_date TEXT NOT NULL,
        category TEXT,
        notes TEXT NOT NULL DEFAULT '[]',
        UNIQUE (draft_id, number)
    );
    CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        revision_id INTEGER NOT NULL REFERENCES revisions(id),
        dimension TEXT NOT NULL,
        rule TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        message TEXT NOT NULL,
        suggestion TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('accepted', 'dismissed')),
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT
    );
    CREATE INDEX flags_revision ON flags (revision_id);
    """,
    # 2: indexes for the queue's filters and sorts, and for the statistics
    """
    CREATE INDEX drafts_submitted ON drafts (submitted_at);
    CREATE INDEX drafts_status ON drafts (status, submitted_at);
    CREATE INDEX drafts_unit ON drafts (unit, submitted_at);
    CREATE INDEX drafts_category ON drafts (category, submitted_at);
    CREATE INDEX drafts_score ON drafts (score, submitted_at);
    CREATE INDEX drafts_unit_title ON drafts (unit, title);
    CREATE INDEX flags_rule ON flags (rule, decision);
    """,
)

SORTS = {
    "-submitted": "submitted_at DESC, id DESC",
    "submitted": "submitted_at, id",
    "-score": "score DESC, submitted_at DESC",
    "score": "score, submitted_at",
    "unit": "unit, submitted_at DESC",
    "-flags": "n_flags DESC, submitted_at DESC",
}


def connect(path: Path | str) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this database has not had yet; returns the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    return conn.execute("PRAGMA user_version").fetchone()[0]


def get_db(settings: SettingsDep) -> Iterator[sqlite3.Connection]:
    conn = connect(settings.db_path)
    try:
        yield conn
    finally:
        conn.close()


DB = Annotated[sqlite3.Connection, Depends(get_db)]


def now() -> str:
    return dt.datetime.now().isoformat(" ", "seconds")


# ---- submissions -------------------------------------------------------------------------

@dataclass
class Submission:
    """What the web layer hands over to be saved: the reviewed draft and its summary columns."""

    unit: str
    title: str
    text: str
    review_date: dt.date
    category: dict | None
    notes: list[str]
    flags: list  # reviewer.flag.Flag
    counts: dict[str, int]  # dimension -> number of flags
    score: int


def same_draft(conn: sqlite3.Connection, unit: str, title: str) -> int | None:
    """The draft a submission with this unit and title revises, if any."""
    row = conn.execute("SELECT id FROM drafts WHERE unit = ? AND title = ? ORDER BY id DESC LIMIT 1",
                       (unit, title)).fetchone()
    return row["id"] if row else None


def save(conn: sqlite3.Connection, sub: Submission, draft_id: int | None = None) -> tuple[int, int]:
    """Save a submission as a new draft, or as a new revision of `draft_id` (or of the draft
    with the same unit and title). Returns (draft id, revision number). All or nothing."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")  # two submissions of one draft at once: the second waits
        if draft_id is None:
            draft_id = same_draft(conn, sub.unit, sub.title)
        latest = latest_revision(conn, draft_id) if draft_id is not None else None
        if latest is not None and latest["text"] == sub.text:
            return draft_id, latest["number"]  # the same text twice: nothing new to keep
        stamp = now()
        if latest is None:
            draft_id = conn.execute("INSERT INTO drafts (unit, title, created_at, submitted_at) VALUES (?, ?, ?, ?)",
                                    (sub.unit, sub.title, stamp, stamp)).lastrowid
        number = latest["number"] + 1 if latest else 1
        revision_id = conn.execute(
            "INSERT INTO revisions (draft_id, number, title, text, submitted_at, review_date, category, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (draft_id, number, sub.title, sub.text, stamp, sub.review_date.isoformat(),
             json.dumps(sub.category, ensure_ascii=False) if sub.category else None,
             json.dumps(sub.notes, ensure_ascii=False)),
        ).lastrowid
        conn.executemany(
            "INSERT INTO flags (revision_id, dimension, rule, span_start, span_end, text, message, suggestion,"
            " severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(revision_id, f.dimension, f.rule, f.start, f.end, f.text, f.message, f.suggestion, f.severity)
             for f in sub.flags],
        )
        category = sub.category or {}
        counts = [sub.counts.get(d, 0) for d in DIMENSIONS]
        conn.execute(
            f"UPDATE drafts SET unit = ?, title = ?, status = 'pending', submitted_at = ?, revisions = ?,"
            f" category = ?, confidence = ?, uncertain = ?, {', '.join(c + ' = ?' for c in COUNT_COLUMNS)},"
            " n_flags = ?, score = ? WHERE id = ?",
            (sub.unit, sub.title, stamp, number, category.get("label"), category.get("confidence"),
             int(bool(category.get("uncertain"))), *counts, len(sub.flags), sub.score, draft_id),
        )
    return draft_id, number


# ---- reading -----------------------------------------------------------------------------

@dataclass
class QueueFilter:
    category: str = ""
    unit: str = ""
    status: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        for column in ("category", "unit", "status"):
            if value := getattr(self, column):
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.since:
            clauses.append("submitted_at >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("submitted_at < ?")
            params.append((self.until + dt.timedelta(days=1)).isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_drafts(conn, filters: QueueFilter, sort: str = "-submitted", page: int = 1,
                page_size: int = 50) -> tuple[int, list[sqlite3.Row]]:
    where, params = filters.where()
    total = conn.execute(f"SELECT COUNT(*) FROM drafts{where}", params).fetchone()[0]
    order = SORTS.get(sort, SORTS["-submitted"])
    rows = conn.execute(f"SELECT * FROM drafts{where} ORDER BY {order} LIMIT ? OFFSET ?",
                        [*params, page_size, (max(page, 1) - 1) * page_size]).fetchall()
    return total, rows


def units(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT unit FROM drafts ORDER BY unit")]


def get_draft(conn, draft_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()


def revisions(conn, draft_id: int) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM revisions WHERE draft_id = ? ORDER BY number", (draft_id,)).fetchall()


def latest_revision(conn, draft_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM revisions WHERE draft_id = ? ORDER BY number DESC LIMIT 1",
                        (draft_id,)).fetchone()


def get_revision(conn, draft_id: int, number: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM revisions WHERE draft_id = ? AND number = ?", (draft_id, number)).fetchone()


def flags_of(conn, revision_id: int) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM flags WHERE revision_id = ? ORDER BY span_start, id", (revision_id,)).fetchall()


def get_flag(conn, flag_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT flags.*, revisions.draft_id, revisions.number FROM flags"
        " JOIN revisions ON revisions.id = flags.revision_id WHERE flags.id = ?", (flag_id,)).fetchone()


# ---- editors' decisions ------------------------------------------------------------------

def decide(conn, flag_id: int, decision: str | None, note: str = "") -> sqlite3.Row | None:
    """Record (or, with decision None, clear) an editor's decision on a flag."""
    with conn:
        cur = conn.execute("UPDATE flags SET decision = ?, note = ?, decided_at = ? WHERE id = ?",
                           (decision, note if decision else "", now() if decision else None, flag_id))
    return get_flag(conn, flag_id) if cur.rowcount else None


def set_status(conn, draft_id: int, status: str) -> bool:
    with conn:
        return conn.execute("UPDATE drafts SET status = ? WHERE id = ?", (status, draft_id)).rowcount == 1


# ---- statistics --------------------------------------------------------------------------

def category_by(conn, key: str) -> list[sqlite3.Row]:
    """Drafts per (unit or month, category)."""
    group = {"unit": "unit", "month": "substr(created_at, 1, 7)"}[key]
    return conn.execute(f"SELECT {group} AS grp, coalesce(category, '') AS category, COUNT(*) AS n FROM drafts"
                        f" GROUP BY grp, category ORDER BY grp").fetchall()


def rule_counts(conn) -> list[sqlite3.Row]:
    """Flags, accepted and dismissed per rule, in the latest revision of each draft (an earlier
    revision's flags are about text that has since changed)."""
    return conn.execute(
        "SELECT f.rule, COUNT(*) AS n, SUM(f.decision IS 'accepted') AS accepted,"
        " SUM(f.decision IS 'dismissed') AS dismissed FROM drafts d"
        " JOIN revisions r ON r.draft_id = d.id AND r.number = d.revisions"
        " JOIN flags f ON f.revision_id = r.id GROUP BY f.rule ORDER BY n DESC").fetchall()
