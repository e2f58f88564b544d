"""A LanguageTool-compatible endpoint, so editors' existing LanguageTool clients (browser add-ons,
`language_tool_python`, office plug-ins) can use the reviewer as their server.

`POST /v2/check` (form fields `text`, `language`) answers in LanguageTool's JSON format.
LanguageTool counts offsets and lengths in UTF-16 code units, as JavaScript and Java do: a
character outside the Basic Multilingual Plane (𠮷) counts 2, where Python counts 1.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool

from reviewer.document import SENTENCE_END
from reviewer.flag import DIMENSION_NAMES
from web import drafts
from web.drafts import UserError
from web.settings import Settings, SettingsDep

router = APIRouter(prefix="/v2", tags=["LanguageTool 兼容接口"])
LANGUAGE = {"name": "Chinese", "code": "zh", "longCode": "zh-CN"}
ACCEPTED_LANGUAGES = {"zh", "zh-cn", "zh_cn", "auto"}
CONTEXT = 40  # characters of context either side, as LanguageTool gives
MAX_CHARS = drafts.MAX_CHARS
ISSUE_TYPES = {"correctness": "misspelling", "conciseness": "style", "truth": "inconsistency",
               "freshness": "inconsistency", "confidentiality": "non-conformance", "structure": "non-conformance"}
FormText = Annotated[str | None, Form()]
SOFTWARE = {"name": "reviewer 政务信息稿件审读", "version": "0.1.0", "buildDate": "", "apiVersion": 1,
            "premium": False, "status": ""}


class UTF16:
    """Python string indices to UTF-16 code units for one text."""

    def __init__(self, text: str):
        self.astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect_left(self.astral, index)


def utf16_len(s: str) -> int:
    return len(s) + sum(ord(c) > 0xFFFF for c in s)


def sentence(text: str, start: int, end: int) -> str:
    left = max((text.rfind(c, 0, start) for c in SENTENCE_END), default=-1) + 1
    rights = [i for c in SENTENCE_END if (i := text.find(c, max(end - 1, start))) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:max(right, end)].strip()


def context(text: str, start: int, end: int) -> dict:
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    head = ("..." if a else "") + text[a:start]
    snippet = head + text[start:end] + text[end:b] + ("..." if b < len(text) else "")
    return {"text": snippet.replace("\n", " "), "offset": utf16_len(head), "length": utf16_len(text[start:end])}


def match(text: str, flag, units: UTF16) -> dict:
    rule = drafts.rules_by_id().get(flag.rule)
    brief = rule.brief if rule else flag.message
    replacement = drafts.replacement(flag)
    return {
        "message": flag.message + (f"（建议：{flag.suggestion}）" if flag.suggestion and not replacement else ""),
        "shortMessage": brief.split("：")[0],
        "replacements": [{"value": replacement}] if replacement is not None else [],
        "offset": units(flag.start),
        "length": utf16_len(flag.text),
        "context": context(text, flag.start, flag.end),
        "sentence": sentence(text, flag.start, flag.end),
        "type": {"typeName": "Other"},
        "rule": {"id": flag.rule, "description": brief, "issueType": ISSUE_TYPES.get(flag.dimension, "uncategorized"),
                 "category": {"id": flag.dimension.upper(), "name": DIMENSION_NAMES.get(flag.dimension, "")}},
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def split(value: str | None) -> set[str]:
    return {v.strip() for v in (value or "").split(",") if v.strip()}


def wanted(flag, params: dict) -> bool:
    """LanguageTool's rule and category switches."""
    category = flag.dimension.upper()
    if flag.rule in split(params.get("disabledRules")) or category in split(params.get("disabledCategories")):
        return False
    if params.get("enabledOnly") == "true":
        return flag.rule in split(params.get("enabledRules")) or category in split(params.get("enabledCategories"))
    return True


def answer(params: dict, settings: Settings) -> dict:
    text, language = params.get("text"), params.get("language")
    if text is None:
        raise UserError("缺少参数 text（要检查的文字）")
    if not language:
        raise UserError("缺少参数 language，请使用 zh-CN")
    if language.lower() not in ACCEPTED_LANGUAGES:
        raise UserError(f"不支持的语言“{language}”：本服务只审读简体中文（zh-CN）")
    if len(text) > MAX_CHARS:
        raise UserError(f"文字过长（{len(text)} 字），每次最多 {MAX_CHARS} 字", 413)
    flags = drafts.check(text, settings).flags if text.strip() else []
    units = UTF16(text)
    language_out = {"name": LANGUAGE["name"], "code": LANGUAGE["longCode"],
                    "detectedLanguage": {"name": LANGUAGE["name"], "code": LANGUAGE["longCode"], "confidence": 1.0}}
    return {"software": SOFTWARE, "language": language_out,
            "matches": [match(text, f, units) for f in flags if wanted(f, params)]}


@router.post("/check", summary="按 LanguageTool 格式检查文字（表单字段 text、language）")
async def check_post(request: Request, settings: SettingsDep, text: FormText = None, language: FormText = None,
                     enabledOnly: FormText = None, enabledRules: FormText = None, disabledRules: FormText = None,
                     enabledCategories: FormText = None, disabledCategories: FormText = None) -> dict:
    # The declared fields document the endpoint; the raw form tells an empty text from none.
    return await run_in_threadpool(answer, dict(await request.form()), settings)


@router.get("/check", summary="同上，参数放在查询字符串中")
def check_get(request: Request, settings: SettingsDep) -> dict:
    return answer(dict(request.query_params), settings)


@router.get("/languages", summary="支持的语言")
def languages() -> list[dict]:
    return [LANGUAGE]


@router.get("/healthcheck", summary="服务是否在线")
def healthcheck() -> dict:
    return {"status": "ok"}
