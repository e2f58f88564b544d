"""The web app: `create_app(settings)` is the one place where routers, middleware, error
handlers and static files are registered."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from web import api, db, demo, drafts, errors, languagetool, pages
from web.csrf import CSRFCookieMiddleware
from web.drafts import UserError
from web.settings import Settings

HERE = Path(__file__).resolve().parent
log = logging.getLogger("web")
# Pages run only our own script and styles; a draft that smuggles in markup cannot run code
# even if some day a template forgets to escape (it must not: this is the second line).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def docs_static() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def prepare(settings: Settings) -> None:
    """Create or migrate the database, load demo drafts, and warm the review pipeline."""
    conn = db.connect(settings.db_path)
    try:
        db.migrate(conn)
        if settings.demo_dir:
            n = demo.load(conn, settings.demo_dir, settings)
            if n:
                log.info("loaded %d demo drafts from %s", n, settings.demo_dir)
    finally:
        conn.close()
    drafts.check("预热\n审读流程预热。", settings)  # jieba, spaCy and the model load once, here
    drafts.rules_by_id()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        prepare(settings)
        yield

    app = FastAPI(title="政务信息稿件审读 API", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="审读稿件、提交待审、查询稿件、记录审读决定；另有兼容 LanguageTool 的 /v2 接口。")
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/docs-static", StaticFiles(directory=docs_static()), name="docs-static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(languagetool.router)
    errors.install(app)
    app.add_middleware(CSRFCookieMiddleware)

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_upload_bytes + 64 * 1024:
            limit = settings.max_upload_bytes // (1024 * 1024)
            return await errors.on_user_error(request, UserError(f"上传内容过大，单个文件不能超过 {limit} MB", 413))
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith("/docs"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    @app.get("/docs", include_in_schema=False)
    def swagger():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=app.title + " - 文档",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon.png")

    return app
