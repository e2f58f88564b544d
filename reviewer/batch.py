"""`reviewer batch`: review a whole archive, in parallel, resumably, one record per draft.

The work is split in two:
- `review_chunk(items, date, classify)` is pure and picklable: items in, records out. It runs in
  worker processes (multiprocessing), or on any executor with `submit(fn, *args) -> future`,
  such as a Dask `distributed.Client`.
- `run()` in the calling process enumerates the inputs (reviewer.inputs), keeps a bounded
  window of chunks in flight, receives records in input order, compares each draft with the
  archive and the drafts before it (reviewer.novelty), and appends the record to the results
  file (reviewer.results). Memory stays flat whatever the archive's size.

A killed run is continued by the same command: the results file's complete records are counted
and that many inputs are skipped (inputs are enumerated in a fixed order).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice

from reviewer import archive, inputs, novelty, results
from reviewer.dates import draft_date
from reviewer.document import InputError, decode_bytes, normalise
from reviewer.progress import Progress
from reviewer.stats import Stats

CHUNK = 16  # drafts per task: large enough to make inter-process traffic negligible
WINDOW_PER_WORKER = 4  # chunks in flight per worker
_LEAD_END = re.compile(r"[。！？；\n]")


class BatchError(Exception):
    """The batch cannot start; the message is in Chinese."""


# -- the pure part: one draft in, one record out ------------------------------------------------


def review_chunk(items: list[inputs.Item], date: dt.date | None, classify=None) -> list[dict]:
    return [review_item(item, date, classify) for item in items]


def review_item(item: inputs.Item, date: dt.date | None, classify=None) -> dict:
    """The record of one draft. Never raises: a draft that cannot be read or reviewed gets its error."""
    from reviewer.pipeline import review

    record = {"seq": item.seq, "id": item.id, "source": item.source, "title": item.title, "date": item.date,
              "unit": item.unit, "category": None, "flags": [], "error": item.error, "notes": [],
              "event_age": None, "duplicate_of": None, "minhash": None}
    if item.error:
        return record
    try:
        source = decode_bytes(item.data, item.name) if item.data is not None else _text_source(item)
        day, notes = draft_date(item.date, date)
        result = review(source.text, day, classify)
    except InputError as e:
        return {**record, "error": str(e)}
    except Exception as e:  # noqa: BLE001 - one bad draft must not stop an archive
        return {**record, "error": f"审读时出错（{type(e).__name__}：{e}），请单独用 reviewer check 检查该稿件"}
    head = source.text.split("\n", 1)[0]
    return {**record, "title": archive.title_of(source.text), "date": day.isoformat(), "category": result.category,
            "flags": [f.to_dict() for f in result.flags], "notes": source.notes + notes + result.notes,
            "event_age": event_age(source.text, day), "minhash": novelty.encode(novelty.signature(source.text)),
            "_head": head}


def _text_source(item: inputs.Item):
    """A JSONL/CSV draft as a Source, through the same size and emptiness checks as a file."""
    return decode_bytes(archive.draft_text(item).encode("utf-8"), "")


def event_age(text: str, day: dt.date) -> int | None:
    """Days from the day the lead (the body's first sentence) reports to the draft's date."""
    from reviewer.dates import find_dates

    norm = normalise(text)
    nl = norm.find("\n")
    lead = _LEAD_END.split((norm[nl + 1 :] if nl >= 0 else norm).lstrip(), maxsplit=1)[0]
    for d in find_dates(lead, day):
        if d.has_day:
            age = (day - d.last).days
            return age if age >= 0 else None
    return None


# -- the calling process: enumerate, dispatch, compare, write ------------------------------------


def run(paths: list[str], out: str, *, fmt: str | None = None, jobs: int | None = None, date: dt.date | None = None,
        archives: Iterable[str] = (), classify=None, submit: Callable | None = None,
        progress: bool = True) -> Stats:
    """Review every draft of `paths` into `out`, continuing a run that was stopped; the Stats of
    the whole results file. `submit`: an executor's submit (e.g. a Dask Client's); by default
    `jobs` local processes (all cores), or this process when jobs == 1."""
    jobs = jobs or os.cpu_count() or 1
    fmt = fmt or results.format_of(out)
    _check_paths(paths, out, archives)
    try:
        output = results.Output(out, fmt)
    except results.NotResults as e:
        raise BatchError(str(e)) from None
    try:
        index, last = _index(archives, out, output.done)
        total = _resumable(paths, output.done, last, out)
        meter = Progress(total, output.done) if progress else None
        if meter and output.done:
            meter.stream.write(f"reviewer：{out} 中已有 {output.done} 条记录，从第 {output.done + 1} 篇继续\n")
        if meter and archives:
            meter.stream.write(f"reviewer：已载入归档及已写出的稿件 {len(index)} 篇，用于查重\n")
        todo = _chunks(inputs.items(paths, start=output.done), CHUNK)
        for record in _records(todo, date, classify, jobs, submit):
            _compare(record, index)
            output.write(record)
            if meter:
                meter.update()
        if meter:
            meter.close()
    finally:
        output.close()
    stats = Stats()
    for record in results.read(out):
        stats.add(record)
    return stats


def _check_paths(paths: list[str], out: str, archives: Iterable[str]) -> None:
    target = os.path.realpath(out)
    for p in [*paths, *archives]:
        if os.path.realpath(p) == target:
            raise BatchError(f"输出文件 {out} 不能同时作为输入或归档")


def _resumable(paths: list[str], done: int, last: dict | None, out: str) -> int:
    """Count the inputs, checking that the `done` records already in `out` (`last` the last of
    them) belong to them."""
    total = 0
    for total, source in enumerate(inputs.sources(paths), 1):
        if last and total == done and source != last["source"]:
            raise BatchError(f"输出文件 {out} 中已有 {done} 条记录，但第 {done} 条（{last['source']}）与本次输入"
                             f"（{source}）不一致。请换一个输出文件，或删除它重新开始")
    if done > total:
        raise BatchError(f"输出文件 {out} 中已有 {done} 条记录，多于本次输入的 {total} 篇。请换一个输出文件")
    return total


def _index(archives: Iterable[str], out: str, done: int) -> tuple[novelty.Index, dict | None]:
    """The archive, plus the records a stopped run already wrote (and the last of them)."""
    try:
        index = archive.load(list(archives))
    except archive.ArchiveError as e:
        raise BatchError(str(e)) from None
    last = None
    for last in islice(results.read(out), done):
        _remember(last, index)
    return index, last


def _compare(record: dict, index: novelty.Index) -> None:
    """Flag a draft that repeats an earlier one, then remember it for the drafts after it."""
    head = record.pop("_head", None)
    sig = novelty.decode(record["minhash"])
    if head is not None and sig is not None:
        flag, match = novelty.check(head, index, record["date"], record["id"], sig=sig)
        record["duplicate_of"] = match.to_dict() if match else None
        if flag:
            record["flags"] = novelty.add_flag(record["flags"], flag.to_dict())
    _remember(record, index)


def _remember(record: dict, index: novelty.Index) -> None:
    if record.get("minhash"):
        entry = novelty.Entry(record["id"], record.get("title") or "", record.get("date"), record["source"])
        index.add(entry, novelty.decode(record["minhash"]))


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def _records(chunks: Iterator[list], date, classify, jobs: int, submit: Callable | None) -> Iterator[dict]:
    if submit is not None:
        yield from ordered(submit, chunks, (date, classify), window=jobs * WINDOW_PER_WORKER)
        return
    if jobs == 1:
        for chunk in chunks:
            yield from review_chunk(chunk, date, classify)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        yield from ordered(pool.submit, chunks, (date, classify), window=jobs * WINDOW_PER_WORKER)
    except BrokenProcessPool:
        raise BatchError("审读进程意外退出（可能是内存不足）。已写出的结果完好，再次运行同一命令即可继续") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def ordered(submit: Callable, chunks: Iterator[list], args: tuple, window: int) -> Iterator[dict]:
    """Records in input order, with at most `window` chunks submitted and not yet consumed."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(review_chunk, chunk, *args))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl-C to the parent and exit when it dies (kill -9 leaves no orphans)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def dask_submit(address: str) -> tuple[Callable, int]:
    """`submit` and the number of worker threads of the Dask cluster at `address`."""
    try:
        from distributed import Client
    except ImportError:
        raise BatchError("使用 --dask 需要安装 dask[distributed]（pip install 'reviewer[cluster]'）") from None
    try:
        client = Client(address, timeout=30)
    except OSError as e:
        raise BatchError(f"无法连接 Dask 调度器 {address}：{e}") from None
    threads = sum(client.nthreads().values())
    return partial(client.submit, pure=False), max(1, threads)
