"""The HTML pages through FastAPI's TestClient: self-check, submission and revisions, the queue,
editors' decisions, statistics, rules, and the safety rules (escaping, CSRF, uploads, errors)."""

import re

import pytest
from conftest import docx_bytes
from web_support import CLEAN, DATE, FLAGGED, XSS, make_client, post_form, submit

from web import db, drafts
from web.settings import MB


def draft_count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]


# ---- 自查 ---------------------------------------------------------------------------------

def test_check_form(client):
    r = client.get("/")
    assert r.status_code == 200 and "稿件自查" in r.text and 'name="csrf_token"' in r.text
    assert "csrftoken" in r.cookies


def test_check_form_prefills_a_draft_for_revision(web):
    client, _ = web
    draft_id = submit(client)
    r = client.get(f"/?draft={draft_id}")
    assert "截止目前" in r.text and f'name="draft_id" value="{draft_id}"' in r.text and "新的一版" in r.text


def test_pasted_draft_is_highlighted_with_its_flags(client):
    r = post_form(client, "/check", {"text": FLAGGED})
    assert r.status_code == 200
    assert re.search(r'<span class="seg hl dim-correctness sev-error" data-flags="f\d+"[^>]*>截止目前</span>', r.text)
    assert "一键改为“截至目前”" in r.text and "一键改为“，”" in r.text  # substitution suggestions
    assert "来源：" in r.text and "错别字/规范" in r.text and "保密" in r.text
    assert "类别：" in r.text and "置信度" in r.text


def test_highlighted_spans_rebuild_the_exact_text(client):
    """The page's spans, concatenated, are the draft: what JS copies back after an edit."""
    text = "𠮷祥县\n截止目前,全县\r\n完成  两项。\n"
    r = post_form(client, "/check", {"text": text})
    body = re.search(r'<div class="draft" id="draft" lang="zh-CN">(.*?)</div>', r.text, re.S).group(1)
    spans = re.findall(r"<span[^>]*>(.*?)</span>", body, re.S)
    assert "".join(spans) == text.replace("\r\n", "\n")


def test_uncertain_category_is_marked(client, monkeypatch):
    category = {"label": "problem", "confidence": 0.41, "scores": {"problem": 0.41, "early_warning": 0.39},
                "evidence": ["缺口"], "uncertain": True}
    monkeypatch.setattr(drafts, "_classifier", lambda: (lambda doc: dict(category), None))
    r = post_form(client, "/check", {"text": FLAGGED})
    assert "需人工确认" in r.text and "问题类" in r.text and "缺口" in r.text


def test_upload_txt_and_docx(client):
    r = post_form(client, "/check", {}, files={"file": ("稿件.txt", FLAGGED.encode("gbk"), "text/plain")})
    assert r.status_code == 200 and "截止目前" in r.text
    data = docx_bytes(["医保移动支付", "截止目前，全市医保移动支付结算率为41.5%。"])
    r = post_form(client, "/check", {"text": "ignored when a file is chosen"},
                  files={"file": ("稿件.docx", data, "application/octet-stream")})
    assert r.status_code == 200 and "截至目前" in r.text and "ignored" not in r.text


@pytest.mark.parametrize("name, data, status, words", [
    ("稿件.pdf", b"%PDF-1.4", 415, "只能上传"),
    ("稿件.txt", b"x" * (5 * MB + 1), 413, "超过 5 MB"),
    ("稿件.txt", b"", 400, "为空"),
    ("稿件.docx", b"PK\x03\x04" + bytes(100), 400, "docx"),
])
def test_bad_uploads_are_refused_in_chinese(web, name, data, status, words):
    client, conn = web
    r = post_form(client, "/check", {}, files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == status and words in r.text and "Traceback" not in r.text
    assert draft_count(conn) == 0


def test_oversized_request_is_refused_before_it_is_read(client):
    r = post_form(client, "/check", {}, files={"file": ("稿件.txt", b"x" * (6 * MB), "text/plain")})
    assert r.status_code == 413 and "不能超过 5 MB" in r.text


def test_empty_draft(client):
    r = post_form(client, "/check", {"text": "   "})
    assert r.status_code == 400 and "稿件内容为空" in r.text


def test_form_posts_need_the_csrf_token(web):
    client, conn = web
    client.get("/")
    for data in ({}, {"csrf_token": "forged.0000"}, {"csrf_token": client.cookies["csrftoken"] + "x"}):
        r = client.post("/drafts", data={"text": FLAGGED, "unit": "县水利局", **data})
        assert r.status_code == 403 and "安全校验未通过" in r.text
    assert draft_count(conn) == 0


def test_a_forged_cookie_is_replaced(client):
    client.cookies.set("csrftoken", "aaaa.bbbb")
    r = client.get("/")
    assert r.cookies.get("csrftoken") not in (None, "aaaa.bbbb")


# ---- submission and revisions -------------------------------------------------------------

def test_submit_saves_draft_revision_flags_and_counts(web):
    client, conn = web
    draft_id = submit(client)
    row = db.get_draft(conn, draft_id)
    assert (row["unit"], row["title"], row["status"], row["revisions"]) == \
        ("东山区委办公室", "医保移动支付", "pending", 1)
    flags = db.flags_of(conn, db.latest_revision(conn, draft_id)["id"])
    assert row["n_flags"] == len(flags) and row["n_correctness"] == 2 and row["n_confidentiality"] == 1
    assert row["score"] == drafts.score(drafts.flag_from_row(f) for f in flags)
    r = client.get(f"/drafts/{draft_id}?submitted=1")
    assert "已提交待审" in r.text


def test_submit_without_unit_keeps_the_draft_on_the_page(web):
    client, conn = web
    r = post_form(client, "/drafts", {"text": FLAGGED, "unit": " "})
    assert r.status_code == 400 and "请填写报送单位" in r.text and "截止目前" in r.text
    assert draft_count(conn) == 0


def test_resubmission_adds_a_revision_and_keeps_the_original(web):
    client, conn = web
    first = submit(client)
    fixed = FLAGGED.replace("截止", "截至")
    assert submit(client, fixed, draft_id=str(first)) == first
    assert submit(client, fixed, draft_id=str(first)) == first  # same text again: no new revision
    assert submit(client, fixed.replace("41.5%", "41.8%")) == first  # same unit and title
    assert [r["number"] for r in db.revisions(conn, first)] == [1, 2, 3]
    assert db.get_draft(conn, first)["revisions"] == 3
    r = client.get(f"/drafts/{first}/revisions/1")
    assert r.status_code == 200 and "截止目前" in r.text and "原样存档" in r.text and "驳回</button>" not in r.text
    r = client.get(f"/drafts/{first}")
    assert "第 3 版" in r.text and f"/drafts/{first}/revisions/1" in r.text
    assert client.get(f"/drafts/{first}/revisions/9").status_code == 404


def test_submit_to_a_missing_draft(client):
    r = post_form(client, "/drafts", {"text": FLAGGED, "unit": "县水利局", "draft_id": "999"})
    assert r.status_code == 404 and "不存在" in r.text


def test_save_is_all_or_nothing(web):
    _, conn = web
    broken = db.Submission(unit="县水利局", title="医保移动支付", text=FLAGGED, review_date=DATE, category=None,
                           notes=[], flags=[object()], counts={}, score=0)
    with pytest.raises(AttributeError):
        db.save(conn, broken)
    assert draft_count(conn) == 0 and conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 0


# ---- the queue ----------------------------------------------------------------------------

def test_queue_lists_filters_sorts_and_pages(tmp_path):
    client, conn = make_client(tmp_path, page_size=2)
    ids = [submit(client, FLAGGED, "东山区委办公室"), submit(client, CLEAN, "市人社局"),
           submit(client, FLAGGED.replace("医保移动支付", "异地就医结算"), "县水利局")]
    db.set_status(conn, ids[1], "adopted")
    r = client.get("/queue")
    assert r.status_code == 200 and "3 篇" in r.text and "第 1 / 2 页" in r.text and "下一页" in r.text
    assert "第 2 / 2 页" in client.get("/queue?page=2").text
    r = client.get("/queue", params={"unit": "市人社局"})
    assert "1 篇" in r.text and "市人社局发布" in r.text and "医保移动支付" not in r.text
    r = client.get("/queue", params={"status": "adopted"})
    assert "1 篇" in r.text and "采用" in r.text
    assert "0 篇" in client.get("/queue", params={"since": "2000-01-01", "until": "2000-01-02"}).text
    assert "市人社局发布" in client.get("/queue", params={"sort": "score"}).text  # the clean draft first
    assert "市人社局发布" not in client.get("/queue", params={"sort": "-score"}).text  # and last
    assert client.get("/queue", params={"since": "昨天"}).status_code == 400
    conn.close()


def test_queue_query_plans_use_indexes(web):
    _, conn = web
    for sql in ("SELECT * FROM drafts ORDER BY submitted_at DESC LIMIT 50",
                "SELECT * FROM drafts WHERE status = 'pending' ORDER BY submitted_at DESC LIMIT 50",
                "SELECT * FROM drafts WHERE unit = 'x' ORDER BY submitted_at DESC LIMIT 50",
                "SELECT * FROM drafts ORDER BY score DESC, submitted_at DESC LIMIT 50"):
        plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, (sql, plan)


# ---- editors' decisions and status --------------------------------------------------------

def test_decisions_are_kept_and_can_be_undone(web):
    client, conn = web
    draft_id = submit(client)
    flag = db.flags_of(conn, db.latest_revision(conn, draft_id)["id"])[0]
    r = post_form(client, f"/flags/{flag['id']}/decision", {"decision": "dismissed", "note": "专有名称，不改"},
                  follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/drafts/{draft_id}#flag-{flag['id']}"
    page = client.get(f"/drafts/{draft_id}").text
    assert "已驳回：专有名称，不改" in page and "decided-dismissed" in page
    post_form(client, f"/flags/{flag['id']}/decision", {"decision": ""})
    assert db.get_flag(conn, flag["id"])["decision"] is None
    assert post_form(client, f"/flags/{flag['id']}/decision", {"decision": "maybe"}).status_code == 400
    assert post_form(client, "/flags/99999/decision", {"decision": "accepted"}).status_code == 404


def test_status_can_be_set(web):
    client, conn = web
    draft_id = submit(client)
    r = post_form(client, f"/drafts/{draft_id}/status", {"status": "returned"}, follow_redirects=False)
    assert r.status_code == 303 and db.get_draft(conn, draft_id)["status"] == "returned"
    assert "退回修改" in client.get(f"/drafts/{draft_id}").text
    assert post_form(client, f"/drafts/{draft_id}/status", {"status": "deleted"}).status_code == 400
    assert post_form(client, "/drafts/999/status", {"status": "adopted"}).status_code == 404


def test_missing_draft_page(client):
    r = client.get("/drafts/12345")
    assert r.status_code == 404 and "稿件不存在" in r.text


# ---- statistics and rules -----------------------------------------------------------------

def test_stats_page_draws_svg_on_the_server(web):
    client, conn = web
    assert "还没有提交的稿件" in client.get("/stats").text
    draft_id = submit(client)
    submit(client, CLEAN, "市人社局")
    flag = db.flags_of(conn, db.latest_revision(conn, draft_id)["id"])[0]
    post_form(client, f"/flags/{flag['id']}/decision", {"decision": "dismissed"})
    r = client.get("/stats")
    assert r.status_code == 200 and r.text.count("<svg") == 4
    assert "问题/预警" in r.text and "驳回 1 / 已审 1（100%）" in r.text
    assert all(url.startswith("/") for url in re.findall(r'(?:src|href)="([^"#]+)"', r.text) if url != "data:,")


def test_rules_page_lists_every_rule(client):
    r = client.get("/rules")
    for rule in drafts.rules_by_id().values():
        assert f'id="rule-{rule.id}"' in r.text
    assert r.text.count("GB/T 15834") >= 1


# ---- safety -------------------------------------------------------------------------------

def test_drafts_are_escaped_everywhere(web):
    client, _ = web
    r = post_form(client, "/check", {"text": XSS})
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in r.text
    for page in (r.text,):
        assert "<script>window" not in page and "<img src=x" not in page and "<b>加强" not in page
    draft_id = submit(client, XSS, unit='"><script>alert(1)</script>')
    for url in ("/queue", f"/drafts/{draft_id}", "/stats", f"/?draft={draft_id}"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<script>window" not in page and "<img src=x" not in page, url


def test_pages_forbid_inline_script(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_errors_never_show_a_stack_trace(tmp_path):
    client, conn = make_client(tmp_path)

    def broken():
        raise RuntimeError("secret internals")

    client.app.dependency_overrides[db.get_db] = broken
    r = client.get("/queue")
    assert r.status_code == 500 and "服务器内部错误" in r.text
    assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    conn.close()


def test_unknown_page_and_bad_parameters(client):
    r = client.get("/nowhere")
    assert r.status_code == 404 and "页面或记录不存在" in r.text
    r = client.get("/queue?page=abc")
    assert r.status_code == 422 and "请求参数有误" in r.text and "page" in r.text


def test_static_files_and_docs(client):
    assert client.get("/static/review.js").status_code == 200
    assert "textContent" in client.get("/static/review.js").text
    r = client.get("/docs")
    assert r.status_code == 200 and "/docs-static/swagger-ui-bundle.js" in r.text and "cdn" not in r.text.lower()
    assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200


def test_segments_cut_at_every_flag_boundary():
    from reviewer.flag import Flag

    text = "甲乙丙丁戊"
    outer = Flag("conciseness", "long-sentence", 0, 5, text, "长", "", "suggestion")
    inner = Flag("correctness", "confusion", 1, 3, "乙丙", "错", "改", "error")
    segs = drafts.segments(text, [drafts.FlagView("a", outer), drafts.FlagView("b", inner)])
    assert [(s.text, s.keys, s.dimension, s.severity) for s in segs] == [
        ("甲", ["a"], "conciseness", "suggestion"), ("乙丙", ["b", "a"], "correctness", "error"),
        ("丁戊", ["a"], "conciseness", "suggestion")]
