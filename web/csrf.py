"""CSRF protection for form posts: a signed double-submit cookie.

The middleware gives every browser a cookie `csrftoken` = `nonce.signature` (HMAC of the nonce
with the app's secret). Pages put the same value in a hidden `csrf_token` field; a form post is
accepted only when field and cookie are equal and the signature is valid. A cross-site form can
make the browser send the cookie, but cannot read it to fill in the field.

The JSON API needs no token: it accepts only `application/json` bodies, which a cross-site form
cannot send.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware

from web.drafts import UserError
from web.settings import SettingsDep

COOKIE = "csrftoken"
FIELD = "csrf_token"


def sign(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]


def new_token(secret: str) -> str:
    nonce = secrets.token_hex(16)
    return f"{nonce}.{sign(secret, nonce)}"


def valid(secret: str, token: str | None) -> bool:
    nonce, _, signature = (token or "").partition(".")
    return bool(nonce) and hmac.compare_digest(signature.encode(), sign(secret, nonce).encode())


class CSRFCookieMiddleware(BaseHTTPMiddleware):
    """Puts a valid token on `request.state.csrf_token` and sets the cookie when it is new."""

    async def dispatch(self, request: Request, call_next):
        secret = request.app.state.settings.secret_key
        token = request.cookies.get(COOKIE)
        fresh = not valid(secret, token)
        if fresh:
            token = new_token(secret)
        request.state.csrf_token = token
        response = await call_next(request)
        if fresh:
            response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/")
        return response


async def require_token(request: Request, settings: SettingsDep) -> None:
    """Dependency for every form post."""
    form = await request.form()
    sent, cookie = form.get(FIELD), request.cookies.get(COOKIE)
    matches = isinstance(sent, str) and bool(cookie) and hmac.compare_digest(sent.encode(), cookie.encode())
    if not (matches and valid(settings.secret_key, sent)):
        raise UserError("页面已过期或来源无法确认（安全校验未通过），请刷新页面后重新提交", 403)
