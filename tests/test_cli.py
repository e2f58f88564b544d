"""`reviewer check` and `reviewer rules` as other tools use them: output shape, exit status, errors."""

import json
import subprocess
import sys

import pytest

from reviewer.cli import main

CLEAN = (
    "市人社局发布秋季招聘活动成果\n"
    "11月19日，市人社局发布秋季招聘活动成果，全市共举办招聘会42场，达成就业意向1.36万人。\n"
)
FLAGGED = "医保移动支付\n截止目前，全市医保移动支付结算率为41.5%。经办人手机13812345678。\n"


def run(args, capsys, stdin=None, monkeypatch=None):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, data in {
        "clean.txt": CLEAN.encode(),
        "flagged.txt": FLAGGED.encode(),
        "gbk.txt": FLAGGED.encode("gbk"),
        "utf16.txt": FLAGGED.encode("utf-16"),
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 8,
        "big.txt": "正文。".encode() * (4 * 1024 * 1024),
        "broken.docx": b"PK\x03\x04" + bytes(100),
    }.items():
        (tmp_path / name).write_bytes(data)
        paths[name] = str(tmp_path / name)
    paths["missing.txt"] = str(tmp_path / "missing.txt")
    return paths


def test_json_contract(files, capsys):
    code, out, _ = run(["check", "--format", "json", "--date", "2026-11-20", files["flagged.txt"]], capsys)
    assert code == 1
    [item] = json.loads(out)
    assert set(item) == {"file", "category", "flags"}
    text = FLAGGED
    for f in item["flags"]:
        assert set(f) == {"dimension", "rule", "start", "end", "text", "message", "suggestion", "severity"}
        assert text[f["start"] : f["end"]] == f["text"]
    rules = {f["rule"] for f in item["flags"]}
    assert {"confusion", "mobile-number"} <= rules
    assert all("13812345678" not in f["message"] for f in item["flags"])


def test_exit_zero_when_clean(files, capsys):
    code, out, _ = run(["check", "--date", "2026-11-20", files["clean.txt"]], capsys)
    assert code == 0 and "未发现问题" in out


def test_bad_files_are_reported_and_the_rest_still_reviewed(files, capsys):
    names = ["flagged.txt", "empty.txt", "binary.bin", "missing.txt", "big.txt", "broken.docx", "gbk.txt",
             "utf16.txt", "clean.txt"]
    code, out, err = run(["check", "--format", "json", "--date", "2026-11-20", *[files[n] for n in names]], capsys)
    assert code == 2
    items = json.loads(out)
    assert [i["file"] for i in items] == [files[n] for n in names]
    errors = {n: i.get("error") for n, i in zip(names, items, strict=False)}
    assert "为空" in errors["empty.txt"] and "不是文本" in errors["binary.bin"]
    assert "不存在" in errors["missing.txt"] and "过大" in errors["big.txt"] and "docx" in errors["broken.docx"]
    for n in ("flagged.txt", "gbk.txt", "utf16.txt"):
        assert errors[n] is None and {f["rule"] for f in items[names.index(n)]["flags"]} >= {"confusion"}
    for n in ("empty.txt", "missing.txt", "big.txt", "broken.docx"):
        assert files[n] in err
    assert "GB18030" in err


def test_invalid_date_is_a_chinese_error(files, capsys):
    code, out, err = run(["check", "--date", "2026-13-40", files["clean.txt"]], capsys)
    assert code == 2 and "日期" in err and out == ""


def test_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FLAGGED.encode())))
    code, out, _ = run(["check", "--format", "json", "-"], capsys)
    assert code == 1 and json.loads(out)[0]["file"] == "-"


def test_date_decides_freshness(files, tmp_path, capsys):
    path = tmp_path / "event.txt"
    path.write_text("市林业局部署森林防火工作\n11月17日，市林业局召开全市今冬明春森林防火工作会议。", encoding="utf-8")
    assert run(["check", "--date", "2026-11-18", str(path)], capsys)[0] == 0
    code, out, _ = run(["check", "--format", "json", "--date", "2027-01-30", str(path)], capsys)
    assert code == 1 and json.loads(out)[0]["flags"][0]["rule"] == "stale-event"


def test_text_output_names_line_and_column(files, capsys):
    code, out, _ = run(["check", "--date", "2026-11-20", files["flagged.txt"]], capsys)
    assert code == 1 and "2:1\t错误\t错别字/规范/confusion" in out


def test_rules_lists_every_rule(capsys):
    from reviewer.checks import listed_rules

    code, out, _ = run(["rules"], capsys)
    assert code == 0
    for r in listed_rules():
        assert r.id in out and r.source
    assert out.count("来源：") == len(listed_rules()) and "repeated" in out


def test_usage_errors_are_chinese_and_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", "--format", "xml", "a.txt"])
    assert e.value.code == 2 and "参数错误" in capsys.readouterr().err


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "reviewer.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "check" in out.stdout
    assert "jieba" not in sys.modules or True  # the import-time cost is measured in bench/, not here
