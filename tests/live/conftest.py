"""A real server (uvicorn in a thread, on a free loopback port, temporary database) and a real
headless Chromium driven by Playwright. Debian's chromium is used; `make test` installs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from web.server import ThreadedServer
from web.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_settings(tmp_path_factory) -> Settings:
    return Settings(db_path=tmp_path_factory.mktemp("live") / "reviewer.db", today=dt.date(2026, 11, 20))


@pytest.fixture(scope="session")
def live_server(live_settings) -> str:
    with ThreadedServer(live_settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("没有找到 /usr/bin/chromium：请运行 make browser（apt-get install chromium fonts-wqy-microhei）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    yield page
    context.close()
    assert not errors, errors
