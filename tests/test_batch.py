"""`reviewer batch`: one record per input whatever the input, resumable after kill -9, inputs of
every kind, CSV output, summary and progress."""

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from reviewer import batch, inputs, results
from reviewer.cli import main
from reviewer.progress import Progress

DATE = dt.date(2026, 11, 20)
CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "drafts"
GOOD = ("市人社局发布秋季招聘活动成果\n"
        "11月19日，市人社局发布秋季招聘活动成果，全市共举办招聘会42场，达成就业意向1.36万人。\n")
FLAGGED = "医保移动支付\n截止目前，全市医保移动支付结算率为41.5%。据统计，部分定点药店高度重视。\n"


@pytest.fixture(scope="module")
def classify():
    from classifiers.model import classify, default_model

    default_model()
    return classify


def corpus_rows(n):
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:n]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def records(path):
    return list(results.read(path))


def test_zip_with_bad_members_every_one_has_a_record(tmp_path, classify):
    zpath = tmp_path / "archive.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("2024/01-good.txt", GOOD)
        z.writestr("2024/02-broken.docx", b"PK\x03\x04" + bytes(200))
        z.writestr("2024/03-gbk.txt", FLAGGED.encode("gbk"))
        z.writestr("2024/04-empty.txt", b"")
        z.writestr("2024/05-huge.txt", "正文。".encode() * (10 * 1024 * 1024 // 9 + 1))  # 10 MB
        z.writestr("2024/06-old.doc", b"\xd0\xcf\x11\xe0")
        z.writestr("2024/07-rows.jsonl", json.dumps({"id": "r1", "title": "标题", "text": GOOD.split("\n")[1]},
                                                    ensure_ascii=False) + "\n{broken json\n")
        z.writestr("2024/08-good.txt", FLAGGED)
        z.writestr("2024/09-rows.csv", 'id,title,text\nc1,标题,"第一段。\n第二段。"\nc2,标题,正文。\n'.encode("gbk"))
        z.writestr("2024/picture.png", b"\x89PNG")
    out = tmp_path / "out.jsonl"
    stats = batch.run([str(zpath)], str(out), jobs=1, date=DATE, classify=classify, progress=False)
    got = {r["source"].split("!", 1)[1]: r for r in records(out)}
    assert list(got) == ["2024/01-good.txt", "2024/02-broken.docx", "2024/03-gbk.txt", "2024/04-empty.txt",
                         "2024/05-huge.txt", "2024/06-old.doc", "2024/07-rows.jsonl:1", "2024/07-rows.jsonl:2",
                         "2024/08-good.txt", "2024/09-rows.csv:2", "2024/09-rows.csv:4"]
    assert [r["seq"] for r in got.values()] == list(range(11))
    errors = {k: r["error"] for k, r in got.items()}
    assert "docx" in errors["2024/02-broken.docx"] and "为空" in errors["2024/04-empty.txt"]
    assert "过大" in errors["2024/05-huge.txt"] and ".doc" in errors["2024/06-old.doc"]
    assert "JSON" in errors["2024/07-rows.jsonl:2"]
    for k in ("2024/01-good.txt", "2024/03-gbk.txt", "2024/07-rows.jsonl:1", "2024/08-good.txt"):
        assert errors[k] is None and got[k]["category"]["label"] and got[k]["minhash"]
    assert any("GB18030" in n for n in got["2024/03-gbk.txt"]["notes"])
    assert "confusion" in {f["rule"] for f in got["2024/03-gbk.txt"]["flags"]}
    assert got["2024/07-rows.jsonl:1"]["id"] == "r1" and got["2024/07-rows.jsonl:1"]["title"] == "标题"
    assert got["2024/09-rows.csv:2"]["id"] == "c1" and got["2024/09-rows.csv:4"]["error"] is None
    assert stats.total == 11 and stats.errors == 5


def test_kill_9_midway_then_rerun_gives_the_uninterrupted_result(tmp_path, classify):
    rows = corpus_rows(240)
    rows[150] = {**rows[3], "id": "copy-of-3"}  # a repeat, so that novelty state must survive the restart
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    reference = tmp_path / "reference.jsonl"
    batch.run([str(src)], str(reference), jobs=1, date=DATE, classify=classify, progress=False)

    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "reviewer.cli", "batch", str(src), "--out", str(out), "--jobs", "2",
           "--date", DATE.isoformat()]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or results.count_lines(out) < 40):
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch process and its workers, at once
    proc.wait()
    written = results.count_lines(out)
    assert 40 <= written < len(rows), "the kill must land midway"

    assert subprocess.run(cmd, capture_output=True).returncode in (0, 1)
    got, want = records(out), records(reference)
    assert [r["id"] for r in got] == [r["id"] for r in rows]
    assert got == want
    assert next(r for r in got if r["id"] == "copy-of-3")["duplicate_of"]["id"] == rows[3]["id"]


def test_a_partial_last_line_is_written_again(tmp_path, classify):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_rows(6))
    out = tmp_path / "out.jsonl"
    batch.run([str(src)], str(out), jobs=1, date=DATE, classify=classify, progress=False)
    whole = out.read_bytes()
    lines = whole.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:3]) + lines[3][:40])  # killed in the middle of record 4
    batch.run([str(src)], str(out), jobs=1, date=DATE, classify=classify, progress=False)
    assert out.read_bytes() == whole


def test_resuming_with_other_inputs_is_refused(tmp_path, classify):
    a = write_jsonl(tmp_path / "a.jsonl", corpus_rows(3))
    b = write_jsonl(tmp_path / "b.jsonl", corpus_rows(3))
    out = tmp_path / "out.jsonl"
    batch.run([str(a)], str(out), jobs=1, date=DATE, classify=classify, progress=False)
    with pytest.raises(batch.BatchError, match="不一致"):
        batch.run([str(b)], str(out), jobs=1, date=DATE, classify=classify, progress=False)
    with pytest.raises(batch.BatchError, match="不能同时"):
        batch.run([str(a)], str(a), jobs=1, date=DATE, progress=False)


def test_directories_csv_and_draft_dates(tmp_path):
    folder = tmp_path / "drafts"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "2.txt").write_text(GOOD, encoding="utf-8")
    (folder / "1.txt").write_text(FLAGGED, encoding="utf-8")
    (folder / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (folder / "notes.md").write_text("不是稿件", encoding="utf-8")
    table = tmp_path / "drafts.csv"
    table.write_bytes("编号,标题,正文,日期,单位\n"
                      "c1,市林业局部署森林防火工作,11月17日，市林业局召开全市今冬明春森林防火工作会议。,2026-11-18,市政府办公室\n"
                      "c2,市林业局部署森林防火工作,11月17日，市林业局召开全市今冬明春森林防火工作会议。,2027/1/30,市政府办公室\n"
                      "c3,市林业局部署森林防火工作,11月17日，市林业局召开全市今冬明春森林防火工作会议。,不详,\n".encode("gbk"))
    got = [batch.review_item(item, DATE) for item in inputs.items([str(folder), str(table)])]
    assert [r["source"] for r in got] == [str(folder / "1.txt"), str(folder / "b" / "2.txt"),
                                          f"{table}:2", f"{table}:3", f"{table}:4"]
    c1, c2, c3 = got[2:]
    assert c1["id"] == "c1" and c1["unit"] == "市政府办公室" and c1["date"] == "2026-11-18"
    assert not c1["flags"] and c1["event_age"] == 1
    assert c2["date"] == "2027-01-30" and [f["rule"] for f in c2["flags"]] == ["stale-event"]
    assert c3["date"] == DATE.isoformat() and "无法识别" in c3["notes"][0]


def test_csv_results_read_back_as_jsonl_results(tmp_path, classify):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_rows(5) + [{"id": "x", "title": "=HYPERLINK(1)", "text": ""}])
    batch.run([str(src)], str(tmp_path / "out.jsonl"), jobs=1, date=DATE, classify=classify, progress=False)
    batch.run([str(src)], str(tmp_path / "out.csv"), jobs=1, date=DATE, classify=classify, progress=False)
    assert records(tmp_path / "out.csv") == records(tmp_path / "out.jsonl")
    assert results.count_lines(tmp_path / "out.csv") == 7  # header + one physical line per record


def test_cli_summary_and_exit_status(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "title": "医保移动支付", "text": FLAGGED.split("\n")[1]},
                                              {"id": "2", "title": "空", "text": ""}])
    code = main(["batch", str(src), "--out", str(tmp_path / "out.jsonl"), "--jobs", "1", "--date", "2026-11-20"])
    out = capsys.readouterr()
    assert code == 2
    assert "共 2 篇" in out.out and "出错 1 篇" in out.out and "缺少正文" in out.out
    assert "已审读 2/2 篇" in out.err
    assert main(["batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--date", "2026-02-30"]) == 2
    assert "日期" in capsys.readouterr().err


def test_progress_is_plain_lines_off_a_terminal():
    stream = io.StringIO()
    meter = Progress(total=10, done=4, stream=stream, interval=0)
    for _ in range(6):
        meter.update()
    meter.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 7 and "\r" not in stream.getvalue()
    assert lines[-1].startswith("reviewer：已审读 10/10 篇（100.0%）") and "篇/秒" in lines[-1]


def test_an_existing_file_that_is_not_a_results_file_is_left_intact(tmp_path):
    """Non-regression: --out pointing at a user's CSV must not cut its last row."""
    from reviewer.batch import BatchError, run

    drafts = tmp_path / "drafts.jsonl"
    drafts.write_text(json.dumps({"id": "a", "title": "标题", "text": "正文一句。"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    precious = tmp_path / "archive.csv"
    precious.write_bytes("id,title,text\nx1,标题,最后一行没有换行".encode())
    with pytest.raises(BatchError, match="不是 reviewer batch"):
        run([str(drafts)], str(precious), jobs=1, progress=False)
    assert precious.read_bytes() == "id,title,text\nx1,标题,最后一行没有换行".encode()
    out = tmp_path / "out.jsonl"
    run([str(drafts)], str(out), jobs=1, progress=False)
    with pytest.raises(BatchError, match="CSV"):  # a JSONL results file resumed as CSV
        run([str(drafts)], str(out), fmt="csv", jobs=1, progress=False)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
