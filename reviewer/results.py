"""The results file of `reviewer batch`: one record per draft, written so that a run can be
killed at any moment and continued.

Format (JSONL, or CSV with the same columns and the nested values as JSON text): one record a
line, in input order. Fields:

    seq           0-based position of the draft among all inputs
    id            the draft's id (JSONL/CSV `id` column), otherwise its source
    source        where it came from: path, path:line, archive.zip!member, archive.zip!member:line
    title         first line of the draft
    date          YYYY-MM-DD the draft was judged against (its own date, else --date, else today)
    unit          reporting unit, when the input names it
    category      {label, confidence, scores, evidence, uncertain} or null
    flags         list of flags, as in `reviewer check --format json`
    error         null, or why the draft could not be read or reviewed (Chinese)
    notes         hints about how it was read (encoding, traditional characters, date)
    event_age     days from the lead's dated event to `date`, or null when the lead has no date
    duplicate_of  {id, title, date, source, similarity} of the most similar earlier draft, or null
    minhash       base64 MinHash signature of the body (reviewer.novelty), or null

Records are appended as complete lines and flushed to disk (fsync) at least every second; on
restart a partial last line is cut off and the complete records are counted (`Output.done`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

FIELDS = ("seq", "id", "source", "title", "date", "unit", "category", "flags", "error", "notes", "event_age",
          "duplicate_of", "minhash")
JSON_FIELDS = {"category", "flags", "notes", "duplicate_of"}
INT_FIELDS = {"seq", "event_age"}
SYNC_SECONDS, SYNC_RECORDS = 1.0, 500
csv.field_size_limit(2**31 - 1)


def format_of(path: str | Path) -> str:
    return "csv" if str(path).lower().endswith(".csv") else "jsonl"


def to_line(record: dict, fmt: str) -> bytes:
    if fmt == "jsonl":
        return (json.dumps({k: record.get(k) for k in FIELDS}, ensure_ascii=False) + "\n").encode("utf-8")
    return _csv_line([_csv_cell(k, record.get(k)) for k in FIELDS])


def _csv_cell(key: str, value) -> str:
    if value is None:
        return ""
    if key in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\r", " ").replace("\n", " ")  # one record, one physical line


def _csv_line(cells: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue().encode("utf-8")


def from_csv_row(row: dict) -> dict:
    record = {}
    for k in FIELDS:
        value = row.get(k) or None
        if value is not None and k in JSON_FIELDS:
            value = json.loads(value)
        elif value is not None and k in INT_FIELDS:
            value = int(value)
        record[k] = value
    record["flags"] = record["flags"] or []
    record["notes"] = record["notes"] or []
    return record


def read(path: str | Path) -> Iterator[dict]:
    """The records of a results file (JSONL or CSV, told apart by their first byte), in order; a
    partial last line is ignored."""
    with open(path, "rb") as f:
        csv_format = f.read(1) not in (b"{", b"")
        f.seek(0)
        if csv_format:
            next(f, None)  # header
        for line in f:
            if not line.endswith(b"\n"):
                break
            if csv_format:
                yield from_csv_row(dict(zip(FIELDS, next(csv.reader([line.decode("utf-8")])), strict=True)))
            else:
                yield json.loads(line)


def complete_prefix(path: Path) -> int:
    """Size of the file up to and including its last newline."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        pos = size
        while pos > 0:
            step = min(pos, 1 << 16)
            f.seek(pos - step)
            block = f.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                return pos - step + nl + 1
            pos -= step
    return 0


def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            n += block.count(b"\n")
    return n


class NotResults(Exception):
    """An existing --out file that is not a results file of this format; the message is Chinese."""


def check_existing(path: Path, fmt: str) -> None:
    """Refuse to cut or append to a file that a previous `reviewer batch` in `fmt` did not write."""
    with open(path, "rb") as f:
        head = f.readline(1 << 16)
    if not head:
        return
    if fmt == "csv":
        ok = head.rstrip(b"\r\n") == b"\xef\xbb\xbf" + _csv_line(list(FIELDS)).rstrip(b"\n")
    else:
        try:
            ok = set(FIELDS) <= set(json.loads(head))
        except (ValueError, TypeError):
            ok = False
    if not ok:
        kind = "CSV" if fmt == "csv" else "JSONL"
        raise NotResults(f"输出文件 {path} 已存在，但不是 reviewer batch 写出的 {kind} 结果文件；"
                         "为免覆盖原有内容，请换一个输出文件名（或用 --format 指定与它一致的格式）")


class Output:
    """Append-only results file. `done` is the number of complete records already there."""

    def __init__(self, path: str | Path, fmt: str):
        self.path, self.fmt = Path(path), fmt
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            check_existing(self.path, fmt)
            keep = complete_prefix(self.path)
            if keep != self.path.stat().st_size:
                os.truncate(self.path, keep)  # a record cut off by a kill: written again
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        lines = count_lines(self.path)
        if fmt == "csv" and lines == 0:
            os.write(self.fd, b"\xef\xbb\xbf" + _csv_line(list(FIELDS)))  # BOM: Excel reads it as UTF-8
            lines = 1
        self.done = lines - (fmt == "csv")
        self._unsynced, self._synced_at = 0, time.monotonic()

    def write(self, record: dict) -> None:
        data = to_line(record, self.fmt)
        while data:  # os.write may write less than asked
            data = data[os.write(self.fd, data) :]
        self.done += 1
        self._unsynced += 1
        if self._unsynced >= SYNC_RECORDS or time.monotonic() - self._synced_at >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        os.fsync(self.fd)
        self._unsynced, self._synced_at = 0, time.monotonic()

    def close(self) -> None:
        self.sync()
        os.close(self.fd)
