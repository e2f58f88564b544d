"""Helpers shared by the web tests: an app on a temporary database, with the `get_settings` and
`get_db` seams overridden, and form posts that carry the CSRF token."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from web import db
from web.app import create_app
from web.settings import Settings, get_settings

DATE = dt.date(2026, 11, 20)
FLAGGED = "医保移动支付\n截止目前，全市医保移动支付结算率为41.5%,经办人手机13812345678。\n"
CLEAN = ("市人社局发布秋季招聘活动成果\n"
         "11月19日，市人社局发布秋季招聘活动成果，全市共举办招聘会42场，达成就业意向1.36万人。\n")
XSS = ("<script>window.__xss = 1</script>关于<b>加强</b>防汛工作的报告\n"
       '截止目前"><img src=x onerror="window.__xss = 2">已完成，值班手机13812345678。\n')


def settings_for(tmp_path: Path, **changes) -> Settings:
    return Settings(db_path=tmp_path / "reviewer.db", secret_key="test-secret", today=DATE, **changes)


def make_client(tmp_path: Path, **changes) -> tuple[TestClient, object]:
    """A TestClient and the one database connection every request of it uses."""
    settings = settings_for(tmp_path, **changes)
    app = create_app(settings)
    conn = db.connect(settings.db_path)
    db.migrate(conn)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[db.get_db] = lambda: conn
    return TestClient(app, raise_server_exceptions=False), conn


def token(client: TestClient) -> str:
    if "csrftoken" not in client.cookies:
        client.get("/rules")
    return client.cookies["csrftoken"]


def post_form(client: TestClient, url: str, data: dict, files: dict | None = None, **kw):
    return client.post(url, data={"csrf_token": token(client), **data}, files=files, **kw)


def submit(client: TestClient, text: str = FLAGGED, unit: str = "东山区委办公室", **extra) -> int:
    """Submit a draft through the form; returns its id."""
    r = post_form(client, "/drafts", {"text": text, "unit": unit, **extra}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].split("/")[2].split("?")[0])

