"""Demo drafts: `reviewer serve --demo examples` loads examples/*.txt into an empty database."""

from __future__ import annotations

from pathlib import Path

from reviewer.document import decode_bytes
from web import db, drafts
from web.settings import Settings

UNITS = ("东山区委办公室", "县水利局", "市应急管理局", "市统计局")


def load(conn, directory: Path, settings: Settings) -> int:
    """Submit each example once, if the database has no drafts yet; returns how many."""
    if conn.execute("SELECT 1 FROM drafts LIMIT 1").fetchone():
        return 0
    paths = sorted(Path(directory).glob("*.txt"))
    date = settings.review_date()
    for i, path in enumerate(paths):
        text = decode_bytes(path.read_bytes(), path.name).text
        db.save(conn, drafts.submission(UNITS[i % len(UNITS)], text, date, drafts.check(text, settings, date)))
    return len(paths)
