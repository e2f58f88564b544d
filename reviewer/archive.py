"""Read what has already been reported into a `novelty.Index`.

An archive is one of:
- a results file of `reviewer batch` (JSONL or CSV): each record carries its MinHash signature;
- the web UI's SQLite database (web/db.py): the latest revision of each draft, dated by its
  review date; or any SQLite database with a table `drafts` holding `title` and `text` (the
  body, as in JSONL) and, if present, `id` and `date` (YYYY-MM-DD…);
- any input `reviewer batch` reads: a JSONL or CSV archive (id, title, text, date, unit), a
  directory of .txt/.docx, a .zip of these. Signatures are computed while loading (about
  0.15 ms a draft, so 15 s for 100,000 drafts); a results file loads without that cost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from reviewer import inputs, novelty, results
from reviewer.dates import draft_date
from reviewer.document import InputError, decode_bytes


class ArchiveError(Exception):
    """The archive cannot be read; the message is in Chinese."""


def load(paths: list[str], index: novelty.Index | None = None) -> novelty.Index:
    index = index if index is not None else novelty.Index()
    for path in paths:
        for entry, sig in entries(path):
            index.add(entry, sig)
    return index


def entries(path: str) -> Iterator[tuple[novelty.Entry, np.ndarray | None]]:
    p = Path(path)
    if not p.exists():
        raise ArchiveError(f"归档不存在：{path}")
    if p.is_file() and _head(p) == b"SQLite format 3\x00":
        yield from _database(p)
    elif p.is_file() and _is_results(p):
        yield from _results(p)
    else:
        yield from _drafts(path)


def _head(p: Path) -> bytes:
    with open(p, "rb") as f:
        return f.read(16)


def _is_results(p: Path) -> bool:
    try:
        first = next(results.read(p), None)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    return isinstance(first, dict) and "minhash" in first and "flags" in first


def _results(p: Path) -> Iterator[tuple[novelty.Entry, np.ndarray | None]]:
    for r in results.read(p):
        yield novelty.Entry(r["id"], r.get("title") or "", r.get("date"), r["source"]), novelty.decode(r["minhash"])


def _drafts(path: str) -> Iterator[tuple[novelty.Entry, np.ndarray | None]]:
    for item in inputs.items([path]):
        text = draft_text(item)
        if text:
            yield novelty.Entry(item.id, title_of(text), iso_date(item.date), item.source), novelty.signature(text)


def iso_date(value: str | None) -> str | None:
    """A draft's date as YYYY-MM-DD (2024/3/1, 2024年3月1日, 20240301 …), the form dates are compared in."""
    if not value:
        return None
    day, problems = draft_date(value, None)
    return None if problems else day.isoformat()


def draft_text(item: inputs.Item) -> str | None:
    """The full text (title line + body) of an item, or None when it cannot be read."""
    if item.error:
        return None
    if item.text is not None:
        return f"{item.title}\n{item.text}" if item.title else item.text
    try:
        return decode_bytes(item.data, item.name).text
    except InputError:
        return None


def title_of(text: str) -> str:
    return text.split("\n", 1)[0].strip()


WEB_QUERY = """SELECT d.id, r.title, r.text, r.review_date FROM drafts d
               JOIN revisions r ON r.draft_id = d.id AND r.number = d.revisions ORDER BY d.id"""


def _database(p: Path) -> Iterator[tuple[novelty.Entry, np.ndarray | None]]:
    """The web UI's database (web/db.py: the latest revision of each draft), or any database
    with a `drafts` table holding title and text."""
    db = sqlite3.connect(p)
    try:
        yield from _rows(db, p)
    except sqlite3.Error as e:
        raise ArchiveError(f"无法读取数据库 {p}：{e}") from None
    finally:
        db.close()


def _rows(db: sqlite3.Connection, p: Path) -> Iterator[tuple[novelty.Entry, np.ndarray | None]]:
    drafts = {row[1] for row in db.execute("PRAGMA table_info(drafts)")}
    revisions = {row[1] for row in db.execute("PRAGMA table_info(revisions)")}
    if {"draft_id", "number", "title", "text"} <= revisions and "revisions" in drafts:
        query = WEB_QUERY
    elif {"title", "text"} <= drafts:
        id_col = "id" if "id" in drafts else "rowid"
        query = f"SELECT {id_col}, title, text, {'date' if 'date' in drafts else 'NULL'} FROM drafts ORDER BY rowid"
    else:
        raise ArchiveError(f"数据库 {p} 中没有稿件表（需要 drafts 表的 title、text 列，或 Web 界面的 revisions 表）")
    for row_id, title, text, date in db.execute(query):
        entry = novelty.Entry(str(row_id), title or "", iso_date(str(date)) if date else None, f"{p}#drafts/{row_id}")
        # The web UI's revisions hold the whole draft, title line included; a plain drafts table
        # keeps the title apart.
        yield entry, novelty.signature(text if query == WEB_QUERY else f"{title}\n{text}")
