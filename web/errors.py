"""Every error becomes a Chinese message: JSON under /api and /v2, an error page elsewhere.
No stack trace ever reaches a client; the server log keeps it."""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from reviewer.document import InputError
from web.drafts import UserError

log = logging.getLogger("web")
CJK = re.compile(r"[\u4e00-\u9fff]")
STATUS_MESSAGES = {
    400: "请求有误，无法处理",
    403: "没有权限执行此操作",
    404: "页面或记录不存在",
    405: "不支持这种请求方式",
    413: "上传的内容过大",
    415: "不支持的内容类型",
    422: "请求参数有误",
    500: "服务器内部错误，请稍后重试；如果反复出现，请联系管理员",
}
VALIDATION_MESSAGES = {
    "missing": "缺少必填项",
    "json_invalid": "JSON 格式有误",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "string_type": "应为字符串",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "日期应为 YYYY-MM-DD 格式",
    "date_parsing": "日期应为 YYYY-MM-DD 格式",
    "date_type": "日期应为 YYYY-MM-DD 格式",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_too_long": "内容过长",
    "string_too_short": "内容不能为空",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "extra_forbidden": "不认识的字段",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api", "/v2", "/openapi"))


def respond(request: Request, status: int, message: str, details: list | None = None):
    if wants_json(request):
        body = {"error": message, "status": status}
        if details:
            body["details"] = details
        return JSONResponse(body, status_code=status)
    from web.pages import render

    return render(request, "error.html", {"status": status, "message": message, "details": details or []},
                  status_code=status)


def field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "请求"


def validation_details(errors) -> list[dict]:
    return [{"field": field_name(e.get("loc", ())), "message": VALIDATION_MESSAGES.get(e.get("type"), "取值无效")}
            for e in errors]


async def on_validation(request: Request, exc: RequestValidationError):
    details = validation_details(exc.errors())
    summary = "；".join(f"{d['field']}：{d['message']}" for d in details)
    return respond(request, 422, f"请求参数有误（{summary}）", details)


async def on_http(request: Request, exc: HTTPException):
    detail = exc.detail if isinstance(exc.detail, str) and CJK.search(exc.detail) else None
    return respond(request, exc.status_code, detail or STATUS_MESSAGES.get(exc.status_code, "请求无法处理"))


async def on_user_error(request: Request, exc: UserError):
    return respond(request, exc.status_code, str(exc))


async def on_input_error(request: Request, exc: InputError):
    return respond(request, 400, str(exc))


async def on_crash(request: Request, exc: Exception):
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return respond(request, 500, STATUS_MESSAGES[500])


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(UserError, on_user_error)
    app.add_exception_handler(InputError, on_input_error)
    app.add_exception_handler(Exception, on_crash)
