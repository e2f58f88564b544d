"""新 against the archive: edited copies of a draft are found, distinct drafts on the same topic
are not, the flag names the earlier draft, and every archive format loads."""

import datetime as dt
import importlib.util
import json
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from reviewer import archive, batch, novelty
from reviewer.cli import main

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)

DRAFT = ("柳河县春播备耕物资储备基本到位\n截至3月6日，全县已储备化肥2.1万吨、种子860吨、农药95吨，分别占预计需求的88%、"
         "92%和76%。检修农机具3400台（套），组织农技人员126名分片包村开展技术指导，春播工作预计3月下旬全面展开。")
COPY = ("全县春耕物资准备就绪\n"
        "检修农机具3100台（套），组织农技人员120名分片包村开展技术指导，春播工作预计3月下旬全面展开。"
        "截至3月16日，全县已储备化肥2.4万吨、种子900吨、农药98吨，分别占预计需求的90%、93%和80%。")


def full(row):
    return row["title"] + "\n" + row["text"]


def repeated(record):
    return next(f for f in record["flags"] if f["rule"] == "repeated")


@pytest.fixture(scope="module")
def corpus():
    return synth.load_corpus()


@pytest.fixture(scope="module")
def corpus_index(corpus):
    index = novelty.Index()
    for row in corpus:
        index.add(novelty.Entry(row["id"], row["title"], row.get("date")), novelty.signature(full(row)))
    return index


def test_edited_copies_are_found(corpus, corpus_index):
    """Recall on copies with reordered sentences, changed figures, places and dates, and a new title."""
    rng = random.Random(11)
    found = 0
    for row in corpus:
        copy = synth.edited_copy(row, rng)
        match = corpus_index.query(novelty.signature(full(copy)))
        found += match is not None and match.entry.id == row["id"]
    assert found / len(corpus) >= 0.9


def test_distinct_drafts_of_one_topic_are_not_flagged(corpus):
    """Every draft of the corpus against all the drafts before it: none repeats another."""
    index, flagged = novelty.Index(), []
    for row in sorted(corpus, key=lambda r: (r.get("domain", ""), r["id"])):
        sig = novelty.signature(full(row))
        match = index.query(sig)
        if match:
            flagged.append((row["id"], match.entry.id, match.similarity))
        index.add(novelty.Entry(row["id"], row["title"], row.get("date")), sig)
    assert flagged == []


def test_flag_names_the_earlier_draft_on_the_title_line():
    index = novelty.Index()
    index.add(novelty.Entry("a-0001", "柳河县春播备耕物资储备基本到位", "2024-03-08"), novelty.signature(DRAFT))
    flag, match = novelty.check(COPY, index, dt.date(2024, 3, 20), "new")
    assert match.entry.id == "a-0001" and match.similarity >= novelty.THRESHOLD
    assert (flag.dimension, flag.rule, flag.start, flag.end) == ("freshness", "repeated", 0, COPY.index("\n"))
    assert COPY[flag.start : flag.end] == flag.text
    for named in ("柳河县春播备耕物资储备基本到位", "2024-03-08", "a-0001"):
        assert named in flag.message


def test_a_later_draft_is_a_match_but_not_a_flag():
    index = novelty.Index()
    index.add(novelty.Entry("later", "标题", "2024-05-01"), novelty.signature(DRAFT))
    flag, match = novelty.check(COPY, index, "2024-03-20", "new")
    assert flag is None and match.entry.id == "later"


def test_the_draft_itself_and_short_drafts_are_not_repeats():
    index = novelty.Index()
    index.add(novelty.Entry("same", "标题"), novelty.signature(DRAFT))
    assert novelty.check(DRAFT, index, None, "same") == (None, None)
    assert novelty.signature("标题\n会议召开。") is None
    assert novelty.check("标题\n会议召开。", index) == (None, None)


def test_signature_is_stable_and_round_trips():
    sig = novelty.signature(DRAFT)
    assert sig.dtype == np.uint32 and len(sig) == novelty.NUM_PERM
    assert np.array_equal(novelty.decode(novelty.encode(sig)), sig)
    # digits and the title do not count: changed figures and a new title are the same body
    assert np.array_equal(novelty.signature("别的标题\n" + DRAFT.split("\n")[1].replace("3", "7")), sig)
    assert novelty.encode(sig)[:16] == "l0NJAQIyXgEE3ikA"  # hashing must not depend on the process


def test_index_finds_drafts_in_sorted_part_and_tail():
    rng = np.random.default_rng(0)
    index = novelty.Index()
    sigs = rng.integers(0, 2**32, (3000, novelty.NUM_PERM), dtype=np.uint32)
    for i, sig in enumerate(sigs):
        index.add(novelty.Entry(str(i), f"t{i}"), sig)
    assert index._sorted >= 2048 and len(index) == 3000
    for i in (5, 2500, 2999):
        near = sigs[i].copy()
        near[: novelty.NUM_PERM // 4] = 0  # 75% of the values equal
        assert index.query(near).entry.id == str(i)


def test_archive_formats(tmp_path):
    rows = [{"id": "j1", "title": "柳河县春播备耕物资储备基本到位", "text": DRAFT.split("\n")[1], "date": "2024-03-08"}]
    jsonl = tmp_path / "archive.jsonl"
    jsonl.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "web.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, title TEXT, text TEXT, date TEXT)")
        conn.execute("INSERT INTO drafts VALUES (7, ?, ?, '2024-03-08 10:00:00')", (rows[0]["title"], rows[0]["text"]))
    conn.close()
    web_db = pytest.importorskip("web.db")
    web = tmp_path / "reviewer.sqlite3"
    conn = web_db.connect(web)
    web_db.migrate(conn)
    conn.execute("INSERT INTO drafts (id, unit, title, created_at, submitted_at, revisions) "
                 "VALUES (3, '甲县', ?, 'x', 'x', 1)", (rows[0]["title"],))
    conn.execute("INSERT INTO revisions (draft_id, number, title, text, submitted_at, review_date) "
                 "VALUES (3, 1, ?, ?, 'x', '2024-03-08')", (rows[0]["title"], rows[0]["text"]))
    conn.commit()
    conn.close()
    res = tmp_path / "results.jsonl"
    batch.run([str(jsonl)], str(res), jobs=1, progress=False)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
    for path, want in ((jsonl, "j1"), (db, "7"), (web, "3"), (res, "j1"), (folder, str(folder / "a.txt"))):
        match = archive.load([str(path)]).query(novelty.signature(COPY))
        assert match.entry.id == want and match.entry.date == "2024-03-08" or path == folder, path
    with pytest.raises(archive.ArchiveError):
        archive.load([str(tmp_path / "missing.jsonl")])


def test_check_archive_option(tmp_path, capsys):
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"id": "a-0001", "title": "柳河县春播备耕物资储备基本到位", "text": DRAFT.split("\n")[1],
                               "date": "2024-03-08"}, ensure_ascii=False) + "\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text(COPY, encoding="utf-8")
    code = main(["check", "--format", "json", "--date", "2024-03-20", "--archive", str(old), str(new)])
    [item] = json.loads(capsys.readouterr().out)
    assert code == 1 and "a-0001" in repeated(item)["message"]
    assert main(["check", "--archive", str(tmp_path / "none.jsonl"), str(new)]) == 2
    assert "归档不存在" in capsys.readouterr().err


def test_batch_reports_repeats_within_the_batch_and_against_the_archive(tmp_path):
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"id": "a-0001", "title": "柳河县春播备耕物资储备基本到位", "text": DRAFT.split("\n")[1],
                               "date": "2024-03-08"}, ensure_ascii=False) + "\n", encoding="utf-8")
    title, body = COPY.split("\n")
    rows = [{"id": "n1", "title": title, "text": body, "date": "2024-03-20"},
            {"id": "n2", "title": "另一篇", "date": "2024-03-21",
             "text": "11月19日，市人社局发布秋季招聘活动成果，全市共举办招聘会42场，达成就业意向1.36万人。"},
            {"id": "n3", "title": title + "（续）", "text": body, "date": "2024-03-22"}]
    src = tmp_path / "new.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    stats = batch.run([str(src)], str(tmp_path / "out.jsonl"), jobs=1, archives=[str(old)], progress=False)
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert got[0]["duplicate_of"]["id"] == "a-0001" and repeated(got[0])["start"] == 0
    assert got[1]["duplicate_of"] is None
    assert got[2]["duplicate_of"]["id"] == "n1"
    assert stats.repeated == 2
    [cluster] = stats.clusters()
    assert [Path(source).name for source, _, _ in cluster] == ["old.jsonl:1", "new.jsonl:1", "new.jsonl:3"]


def test_archive_dates_in_other_spellings_still_count_as_earlier(tmp_path):
    """Non-regression: an archive dated 2024/3/1 is earlier than a draft of 2024-03-05."""
    from reviewer import archive

    body = "全县组织农技人员分片包村，指导农户开展冬小麦播种和田间管理，发放良种和化肥，确保适时播种、苗齐苗壮。"
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"id": "old", "title": "冬小麦播种", "text": body, "date": "2024/3/1"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    index = archive.load([str(path)])
    flag, match = novelty.check("新标题\n" + body, index, "2024-03-05")
    assert match.entry.date == "2024-03-01" and flag is not None and flag.rule == "repeated"
