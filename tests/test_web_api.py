"""The JSON API, the LanguageTool-compatible /v2 endpoints and the database migrations."""

import sqlite3

import pytest
from web_support import CLEAN, DATE, FLAGGED

from reviewer.pipeline import review
from web import db
from web.languagetool import UTF16, utf16_len


def submit(client, text=FLAGGED, unit="县水利局", **extra) -> dict:
    r = client.post("/api/drafts", json={"text": text, "unit": unit, "date": DATE.isoformat(), **extra})
    assert r.status_code == 201, r.text
    return r.json()


# ---- /api ---------------------------------------------------------------------------------

def test_check_returns_the_cli_json_contract(client):
    r = client.post("/api/check", json={"text": FLAGGED, "date": "2026-11-20"})
    assert r.status_code == 200
    body = r.json()
    expected = [f.to_dict() for f in review(FLAGGED, DATE).flags]
    assert [{k: v for k, v in f.items() if k != "replacement"} for f in body["flags"]] == expected
    assert {f["rule"]: f["replacement"] for f in body["flags"]}["confusion"] == "截至目前"
    assert {f["rule"]: f["replacement"] for f in body["flags"]}["mobile-number"] is None
    assert set(body["category"]) >= {"label", "confidence", "evidence", "uncertain"}


def test_submit_list_fetch_decide_and_status(client):
    draft = submit(client)
    assert draft["revision"]["number"] == 1 and draft["counts"]["correctness"] == 2 and draft["status"] == "pending"
    again = submit(client, FLAGGED.replace("截止", "截至"), draft_id=draft["id"])
    assert again["id"] == draft["id"] and again["history"] == [1, 2] and again["counts"]["correctness"] == 1
    submit(client, CLEAN, "市人社局")

    listing = client.get("/api/drafts", params={"unit": "县水利局"}).json()
    assert listing["total"] == 1 and listing["items"][0]["revisions"] == 2
    assert client.get("/api/drafts", params={"sort": "score", "page_size": 1}).json()["items"][0]["unit"] == "市人社局"

    old = client.get(f"/api/drafts/{draft['id']}/revisions/1").json()
    assert "截止目前" in old["revision"]["text"] and old["revision"]["number"] == 1

    flag = again["revision"]["flags"][0]
    r = client.post(f"/api/flags/{flag['id']}/decision", json={"decision": "dismissed", "note": "不改"})
    assert r.status_code == 200 and r.json()["decision"] == "dismissed" and r.json()["note"] == "不改"
    fetched = client.get(f"/api/drafts/{draft['id']}").json()
    assert fetched["revision"]["flags"][0]["decision"] == "dismissed"
    r = client.post(f"/api/flags/{flag['id']}/decision", json={"decision": None})
    assert r.json()["decision"] is None and r.json()["decided_at"] is None

    r = client.post(f"/api/drafts/{draft['id']}/status", json={"status": "adopted"})
    assert r.status_code == 200 and r.json()["status"] == "adopted"
    assert client.get("/api/drafts", params={"status": "adopted"}).json()["total"] == 1


@pytest.mark.parametrize("method, url, body", [
    ("get", "/api/drafts/999", None),
    ("get", "/api/drafts/999/revisions/1", None),
    ("post", "/api/drafts/999/status", {"status": "adopted"}),
    ("post", "/api/flags/999/decision", {"decision": "accepted"}),
    ("post", "/api/drafts", {"text": FLAGGED, "unit": "县水利局", "draft_id": 999}),
])
def test_missing_records_are_json_404s_in_chinese(client, method, url, body):
    r = getattr(client, method)(url, **({"json": body} if body else {}))
    assert r.status_code == 404 and "不存在" in r.json()["error"]


@pytest.mark.parametrize("body, words", [
    ({}, "text：缺少必填项"),
    ({"text": ""}, "内容不能为空"),
    ({"text": "标题\n正文", "date": "2026-13-01"}, "date：日期应为 YYYY-MM-DD 格式"),
    ([1, 2], "应为 JSON 对象"),
])
def test_validation_errors_are_chinese_json(client, body, words):
    r = client.post("/api/check", json=body)
    assert r.status_code == 422 and words in r.json()["error"] and r.json()["details"]


def test_more_validation_errors(client):
    r = client.post("/api/drafts", json={"text": FLAGGED, "unit": "   "})
    assert r.status_code == 422 and "报送单位不能为空" in r.json()["error"]
    r = client.post("/api/flags/1/decision", json={"decision": "maybe"})
    assert r.status_code == 422 and "取值不在允许范围内" in r.json()["error"]
    r = client.get("/api/drafts", params={"sort": "random"})
    assert r.status_code == 422 and "sort" in r.json()["error"]
    r = client.post("/api/check", content="text=abc", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 422  # the JSON API takes JSON only, so a cross-site form cannot post to it


def test_api_errors_never_show_a_stack_trace(web):
    client, _ = web

    def broken():
        raise RuntimeError("secret internals")

    client.app.dependency_overrides[db.get_db] = broken
    r = client.get("/api/drafts")
    assert r.status_code == 500 and r.json() == {"error": "服务器内部错误，请稍后重试；如果反复出现，请联系管理员",
                                                 "status": 500}


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/check", "/api/drafts", "/api/drafts/{draft_id}", "/api/flags/{flag_id}/decision",
            "/v2/check", "/v2/languages"} <= set(paths)
    assert not any(p.startswith("/queue") for p in paths)


# ---- /v2 (LanguageTool) ------------------------------------------------------------------

ASTRAL = "𠮷祥县简报\n𠮷𠮷截止目前,全县修缮塘坝三座，值班员手机13812345678。\n"


def test_languagetool_check_format_and_utf16_offsets(client):
    r = client.post("/v2/check", data={"text": ASTRAL, "language": "zh-CN"})
    assert r.status_code == 200
    body = r.json()
    assert body["language"]["code"] == "zh-CN" and body["software"]["apiVersion"] == 1
    flags = [f for f in review(ASTRAL).flags]
    assert [m["rule"]["id"] for m in body["matches"]] == [f.rule for f in flags]
    encoded = ASTRAL.encode("utf-16-le")
    for m, f in zip(body["matches"], flags, strict=True):
        assert encoded[2 * m["offset"] : 2 * (m["offset"] + m["length"])].decode("utf-16-le") == f.text
        ctx = m["context"]
        assert ctx["text"].encode("utf-16-le")[2 * ctx["offset"] : 2 * (ctx["offset"] + ctx["length"])] \
            .decode("utf-16-le") == f.text
        assert f.text in m["sentence"] or m["sentence"] in f.text
        assert set(m["rule"]) >= {"id", "description", "issueType", "category"} and m["shortMessage"]
    confusion = next(m for m in body["matches"] if m["rule"]["id"] == "confusion")
    assert confusion["offset"] == ASTRAL.index("截止目前") + 3 and confusion["replacements"] == [{"value": "截至目前"}]
    assert confusion["rule"]["category"] == {"id": "CORRECTNESS", "name": "错别字/规范"}


def test_languagetool_get_and_rule_switches(client):
    r = client.get("/v2/check", params={"text": FLAGGED, "language": "zh", "disabledRules": "confusion"})
    assert r.status_code == 200 and "confusion" not in {m["rule"]["id"] for m in r.json()["matches"]}
    r = client.post("/v2/check", data={"text": FLAGGED, "language": "auto", "enabledOnly": "true",
                                       "enabledCategories": "CONFIDENTIALITY"})
    assert {m["rule"]["id"] for m in r.json()["matches"]} == {"mobile-number"}
    r = client.post("/v2/check", data={"text": "", "language": "zh-CN"})
    assert r.status_code == 200 and r.json()["matches"] == []


@pytest.mark.parametrize("data, status, words", [
    ({"language": "zh-CN"}, 400, "缺少参数 text"),
    ({"text": "标题"}, 400, "缺少参数 language"),
    ({"text": "Hello", "language": "en-US"}, 400, "不支持的语言"),
])
def test_languagetool_errors(client, data, status, words):
    r = client.post("/v2/check", data=data)
    assert r.status_code == status and words in r.json()["error"]


def test_languagetool_languages_and_healthcheck(client):
    assert client.get("/v2/languages").json() == [{"name": "Chinese", "code": "zh", "longCode": "zh-CN"}]
    assert client.get("/v2/healthcheck").json() == {"status": "ok"}


def test_utf16_units():
    text = "a𠮷b𠮷𠮷c"
    units = UTF16(text)
    assert [units(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2 == 9


# ---- the database -------------------------------------------------------------------------

def test_migrations_upgrade_an_old_database_and_keep_its_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(db.MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    conn.execute("INSERT INTO drafts (unit, title, created_at, submitted_at) VALUES ('县水利局', '标题', 'x', 'x')")
    conn.commit()
    conn.close()
    conn = db.connect(path)
    assert db.migrate(conn) == len(db.MIGRATIONS) == 2
    assert db.migrate(conn) == 2  # nothing left to do
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"drafts_status", "drafts_unit", "drafts_score", "flags_rule"} <= indexes
    assert conn.execute("SELECT unit FROM drafts").fetchone()[0] == "县水利局"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_app_start_creates_the_database_and_loads_demo_drafts_once(tmp_path):
    from pathlib import Path

    from fastapi.testclient import TestClient
    from web_support import settings_for

    from web.app import create_app

    examples = Path(__file__).resolve().parents[1] / "examples"
    settings = settings_for(tmp_path, demo_dir=examples)
    for _ in range(2):
        with TestClient(create_app(settings)) as client:
            assert client.get("/api/drafts").json()["total"] == len(list(examples.glob("*.txt")))


def test_every_route_is_known_to_the_tests(client):
    """Each route below has a test in test_web.py or this file; a new route must join the list."""
    tested = {
        "/", "/check", "/drafts", "/queue", "/drafts/{draft_id}", "/drafts/{draft_id}/revisions/{number}",
        "/drafts/{draft_id}/status", "/flags/{flag_id}/decision", "/stats", "/rules", "/docs", "/openapi.json",
        "/static", "/docs-static", "/api/check", "/api/drafts", "/api/drafts/{draft_id}",
        "/api/drafts/{draft_id}/revisions/{number}", "/api/drafts/{draft_id}/status", "/api/flags/{flag_id}/decision",
        "/v2/check", "/v2/languages", "/v2/healthcheck",
    }
    from web import api, languagetool, pages

    included = [r for router in (pages.router, api.router, languagetool.router) for r in router.routes]
    routes = {r.path for r in [*client.app.routes, *included] if hasattr(r, "path")}
    assert routes == tested


def test_serve_binds_to_loopback_by_default(monkeypatch, tmp_path):
    import uvicorn

    from reviewer.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    assert main(["serve", "--db", str(tmp_path / "r.db")]) == 0
    app, kw = calls[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8000
    assert app.state.settings.db_path == tmp_path / "r.db" and app.state.settings.demo_dir is None
    main(["serve", "--port", "8123", "--demo", "examples"])
    assert calls[1][1]["port"] == 8123 and str(calls[1][0].state.settings.demo_dir) == "examples"


REPEATED_BODY = ("11月17日，市交通运输局召开全市冬季道路运输安全工作会议，通报了1至10月全市道路运输安全情况，要求各县区"
                 "在12月15日前完成客运站、旅游包车、农村客运班线等重点领域安全检查，建立隐患清单和整改责任清单，"
                 "对逾期未整改的企业暂停新增运力审批。")


def test_a_submission_repeating_an_earlier_draft_is_flagged(client):
    """新 against the web UI's own database: the same check as `reviewer check --archive`."""
    first = submit(client, "市交通运输局部署冬季道路运输安全\n" + REPEATED_BODY, "市交通运输局")
    assert "repeated" not in {f["rule"] for f in first["revision"]["flags"]}
    revision = submit(client, "市交通运输局部署冬季道路运输安全\n" + REPEATED_BODY.replace("17日", "18日"),
                      "市交通运输局")
    assert revision["id"] == first["id"] and "repeated" not in {f["rule"] for f in revision["revision"]["flags"]}
    copy = submit(client, "我县转发全市冬季道路运输安全部署\n" + REPEATED_BODY, "某县交通运输局")
    flags = {f["rule"]: f for f in copy["revision"]["flags"]}
    assert copy["id"] != first["id"] and flags["repeated"]["dimension"] == "freshness"
    assert "市交通运输局部署冬季道路运输安全" in flags["repeated"]["message"]
    other = submit(client, "市人社局通报秋季招聘月活动情况\n" + "9月以来，全市共举办招聘会42场，参会企业1860家，"
                   "提供岗位3.2万个，达成就业意向1.36万人，其中高校毕业生0.58万人。", "市人社局")
    assert "repeated" not in {f["rule"] for f in other["revision"]["flags"]}


def test_the_web_database_as_an_archive_compares_whole_drafts(client, tmp_path):
    """Non-regression: revisions hold the title line already; it must not be counted twice."""
    from reviewer import archive, novelty

    text = "县交通运输局部署冬季道路运输安全\n" + REPEATED_BODY
    submit(client, text, "县交通运输局")
    index = archive.load([str(tmp_path / "reviewer.db")])
    match = index.query(novelty.signature(text))
    assert match is not None and match.similarity == 1.0
