"""The drafts of an archive, one `Item` at a time, in a fixed order.

Inputs: directories (recursive, .txt and .docx), JSONL and CSV files (columns id, title, text,
optional date and unit), and .zip files holding any of these. The order is deterministic (paths
as given, directory entries and zip members sorted by name, lines in file order), so that a
resumed batch can skip the drafts it has already written.

`entries()` yields `(source, load)` pairs; `load()` reads the draft only when it is needed, so
counting and skipping cost no decoding. A draft that cannot be read becomes an `Item` with an
`error`, never an exception: every input gets its record.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reviewer.document import MAX_BYTES

DRAFT_SUFFIXES = (".txt", ".docx")
TABLE_SUFFIXES = (".jsonl", ".csv")
# Formats a draft may come in that reviewer cannot read: reported, not skipped silently.
UNREADABLE_SUFFIXES = (".doc", ".wps", ".pdf", ".rtf")
COLUMNS = {  # accepted column names → field
    "id": "id", "编号": "id", "title": "title", "标题": "title", "text": "text", "正文": "text",
    "date": "date", "日期": "date", "报送日期": "date", "unit": "unit", "单位": "unit", "报送单位": "unit",
}
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Item:
    """One draft to review: its text (JSONL/CSV) or its file bytes (.txt/.docx), or an error."""

    seq: int
    id: str
    source: str
    name: str = ""
    data: bytes | None = None
    text: str | None = None
    title: str | None = None
    date: str | None = None
    unit: str | None = None
    error: str | None = None


Loader = Callable[[], dict]


def entries(paths: list[str]) -> Iterator[tuple[str, Loader]]:
    """`(source, load)` for every draft of every input, in order."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from _directory(p)
        elif not p.exists():
            yield path, _failed(f"文件不存在：{path}")
        else:
            yield from _file(p)


def items(paths: list[str], start: int = 0) -> Iterator[Item]:
    """Every draft as an `Item`, skipping the first `start` without reading them."""
    for seq, (source, load) in enumerate(entries(paths)):
        if seq >= start:
            fields = load()
            fields.setdefault("id", source)
            yield Item(seq=seq, source=source, **fields)


def sources(paths: list[str]) -> Iterator[str]:
    return (source for source, _ in entries(paths))


def _failed(message: str) -> Loader:
    return lambda: {"error": message}


def _directory(root: Path) -> Iterator[tuple[str, Loader]]:
    unreadable: list[OSError] = []  # a folder that cannot be listed still gets its record
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__MACOSX")))
        for name in sorted(files):
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if name.startswith(".") or suffix not in DRAFT_SUFFIXES + UNREADABLE_SUFFIXES:
                continue
            yield str(path), _file_loader(path)
    for e in unreadable:
        yield str(e.filename), _failed(f"无法读取目录：{e.filename}（{e.strerror}）")


def _file(p: Path) -> Iterator[tuple[str, Loader]]:
    suffix = p.suffix.lower()
    if suffix == ".zip":
        yield from _zip(p)
    elif suffix in TABLE_SUFFIXES:
        try:
            f = open(p, "rb")  # noqa: SIM115 (closed below; an unreadable file still gets a record)
        except OSError as e:
            yield str(p), _failed(f"无法读取文件：{p}（{e.strerror}）")
            return
        with f:
            yield from _table(f, str(p), suffix)
    else:
        yield str(p), _file_loader(p)


def _file_loader(path: Path) -> Loader:
    def load() -> dict:
        suffix = path.suffix.lower()
        if suffix in UNREADABLE_SUFFIXES:
            return {"error": _unreadable(suffix)}
        try:
            if path.stat().st_size > MAX_BYTES:
                return {"error": _too_large(path.stat().st_size)}
            return {"name": path.name, "data": path.read_bytes()}
        except OSError as e:
            return {"error": f"无法读取文件：{path}（{e.strerror}）"}

    return load


def _unreadable(suffix: str) -> str:
    return f"不支持 {suffix} 格式，请另存为 .docx 或 .txt 后再审读"


def _too_large(size: int) -> str:
    return (f"文件过大（{size / 1024 / 1024:.1f} MB），超过单篇稿件上限 {MAX_BYTES // 1024 // 1024} MB，"
            "请确认是否为一篇政务信息稿件")


def _zip(p: Path) -> Iterator[tuple[str, Loader]]:
    try:
        archive = zipfile.ZipFile(p)
    except (OSError, zipfile.BadZipFile):
        yield str(p), _failed("无法打开 .zip 文件：文件已损坏或不是 zip 压缩包")
        return
    with archive:
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
        for m in members:
            name = m.filename.rsplit("/", 1)[-1]
            suffix = Path(name).suffix.lower()
            if name.startswith(".") or m.filename.startswith("__MACOSX"):
                continue
            source = f"{p}!{m.filename}"
            if suffix in TABLE_SUFFIXES:
                try:
                    with archive.open(m) as f:
                        yield from _table(f, source, suffix)
                except (OSError, zipfile.BadZipFile, EOFError) as e:
                    yield source + ":?", _failed(f"无法读取压缩包中的文件（{e}）")
            elif suffix in DRAFT_SUFFIXES + UNREADABLE_SUFFIXES:
                yield source, _member_loader(archive, m)


def _member_loader(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Loader:
    def load() -> dict:
        suffix = Path(member.filename).suffix.lower()
        if suffix in UNREADABLE_SUFFIXES:
            return {"error": _unreadable(suffix)}
        if member.file_size > MAX_BYTES:
            return {"error": _too_large(member.file_size)}
        try:
            return {"name": member.filename, "data": archive.read(member)}
        except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as e:
            return {"error": f"无法解压该文件：已损坏或已加密（{e}）"}

    return load


def _table(f, source: str, suffix: str) -> Iterator[tuple[str, Loader]]:
    """Rows of a JSONL or CSV stream: source `name:line`."""
    if suffix == ".jsonl":
        for n, line in enumerate(f, 1):
            if line.strip():
                yield f"{source}:{n}", _jsonl_loader(line)
        return
    text = io.TextIOWrapper(f, encoding=_csv_encoding(f), errors="replace", newline="")
    reader = csv.reader(text)
    header = [COLUMNS.get(h.strip().lower(), h.strip().lower()) for h in next(reader, [])]
    line = reader.line_num + 1  # where the next row starts (a quoted cell may span lines)
    for row in reader:
        if any(cell.strip() for cell in row):
            yield f"{source}:{line}", _row_loader(dict(zip(header, row, strict=False)))
        line = reader.line_num + 1


def _csv_encoding(f) -> str:
    """UTF-8 (with or without BOM) or, as Excel writes Chinese CSV, GB18030."""
    head = f.read(1 << 20)
    f.seek(0)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "gb18030"
    return "utf-8-sig"


def _jsonl_loader(line: bytes) -> Loader:
    def load() -> dict:
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            return {"error": "该行不是有效的 JSON，无法读取稿件"}
        if not isinstance(record, dict):
            return {"error": "该行不是 JSON 对象（应包含 id、title、text 字段）"}
        return _fields({COLUMNS.get(str(k).lower(), str(k)): v for k, v in record.items()})

    return load


def _row_loader(row: dict) -> Loader:
    return lambda: _fields(row)


def _fields(record: dict) -> dict:
    fields = {k: str(record[k]).strip() for k in ("id", "title", "date", "unit") if record.get(k) not in (None, "")}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return {**fields, "error": "缺少正文（text 字段为空或不存在）"}
    return {**fields, "text": text}
