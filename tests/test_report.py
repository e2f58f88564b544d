"""`reviewer report`: a self-contained HTML report with escaped text and SVG charts, and a
per-draft CSV for spreadsheets."""

import csv
import json

import pytest

from reviewer import results
from reviewer.cli import main

HOSTILE = '<script>alert("x")</script>'


def record(seq, label="dynamic", unit="甲县农业农村局", date="2024-03-08", flags=(), **kw):
    category = {"label": label, "confidence": 0.9, "scores": {}, "evidence": [], "uncertain": False} if label else None
    base = {"seq": seq, "id": f"d{seq}", "source": f"in.jsonl:{seq + 1}", "title": f"标题{seq}", "date": date,
            "unit": unit, "category": category, "flags": list(flags), "error": None, "notes": [], "event_age": 3,
            "duplicate_of": None, "minhash": None}
    return {**base, **kw}


def flag(rule, dimension, text, severity="warning"):
    return {"dimension": dimension, "rule": rule, "start": 0, "end": len(text), "text": text, "message": "m",
            "suggestion": "", "severity": severity}


@pytest.fixture
def results_file(tmp_path):
    rows = [
        record(0, flags=[flag("boilerplate", "conciseness", "高度重视", "error")]),
        record(1, "problem",
               flags=[flag("boilerplate", "conciseness", "高度重视"), flag("stale-event", "freshness", "3月1日")]),
        record(2, "early_warning", unit=HOSTILE, date="2024-04-02", title=HOSTILE,
               flags=[flag("boilerplate", "conciseness", "<b>一系列措施</b>")]),
        record(3, "problem", date="2024-04-20", title="=1+1", event_age=None,
               duplicate_of={"id": "d1", "title": "标题1", "date": "2024-03-08", "source": "in.jsonl:2",
                             "similarity": 0.9}, flags=[flag("repeated", "freshness", "=1+1")]),
        record(4, None, date=None, error="文件为空，没有可审读的内容", title=None),
    ]
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_html_is_self_contained_and_escaped(results_file, tmp_path, capsys):
    html_path = tmp_path / "report.html"
    assert main(["report", str(results_file), "--html", str(html_path)]) == 0
    page = html_path.read_text(encoding="utf-8")
    assert HOSTILE not in page and "<b>一系列措施" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for external in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert external not in page
    assert page.count("<svg") >= 7
    headings = ("按单位", "按月份", "按维度", "按规则", "高频套话", "距报送日期", "喜忧兼报", "重复报送", "无法审读")
    for heading in headings:
        assert heading in page
    assert "2024-03" in page and "2024-04" in page and "高度重视" in page


def test_per_draft_csv(results_file, tmp_path):
    sheet = tmp_path / "per_draft.csv"
    assert main(["report", str(results_file), "--csv", str(sheet)]) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    assert [r["编号"] for r in rows] == ["d0", "d1", "d2", "d3", "d4"]
    assert rows[1]["类别"] == "问题类" and rows[1]["问题数"] == "2" and rows[1]["精"] == "1" and rows[1]["新"] == "1"
    assert rows[3]["标题"] == "'=1+1" and "标题1" in rows[3]["重复于"]  # no formula injection
    assert rows[4]["出错原因"].startswith("文件为空")


def test_report_needs_an_output_and_a_results_file(results_file, tmp_path, capsys):
    assert main(["report", str(results_file)]) == 2
    assert main(["report", str(tmp_path / "none.jsonl"), "--html", str(tmp_path / "r.html")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_report_reads_csv_results(results_file, tmp_path):
    from reviewer.report import write

    out = results.Output(tmp_path / "results.csv", "csv")
    for r in results.read(results_file):
        out.write(r)
    out.close()
    a, b = write(str(results_file)), write(str(tmp_path / "results.csv"))
    assert (a.total, a.labels, a.rules, a.stock_phrases) == (b.total, b.labels, b.rules, b.stock_phrases)
    assert a.bad_news_units()[0][:4] == ("甲县农业农村局", 3, 2, 0)
    assert [len(g) for g in a.clusters()] == [2]
