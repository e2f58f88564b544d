"""HTML pages: 自查 (self-check), 待审 (queue), the draft page, 统计 (statistics), 规则 (rules)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from reviewer.document import decode_bytes
from reviewer.flag import DIMENSION_NAMES, DIMENSIONS, SEVERITY_NAMES
from reviewer.labels import LABEL_NAMES
from web import charts, db, drafts
from web.csrf import require_token
from web.drafts import UserError
from web.settings import Settings, SettingsDep

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
FormId = Annotated[int | None, Form()]
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals.update(STATUSES=db.STATUSES, LABEL_NAMES=LABEL_NAMES, DIMENSIONS=DIMENSIONS,
                             DIMENSION_NAMES=DIMENSION_NAMES, SEVERITY_NAMES=SEVERITY_NAMES, DECISIONS=db.DECISIONS)
MAX_UNIT = 100


def render(request: Request, name: str, context: dict, status_code: int = 200):
    context = {"csrf_token": getattr(request.state, "csrf_token", ""), **context}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"日期“{value}”无效，请使用 YYYY-MM-DD 格式，例如 2026-11-20") from None


def clean_unit(unit: str) -> str:
    unit = " ".join(unit.split())
    if len(unit) > MAX_UNIT:
        raise UserError(f"单位名称过长（最多 {MAX_UNIT} 字）")
    return unit


async def read_upload(file: UploadFile | None, settings: Settings) -> str | None:
    """The text of an uploaded .txt/.docx, or None when no file was chosen."""
    if file is None or not file.filename:
        return None
    suffix = Path(file.filename).suffix.lower()
    if suffix not in settings.upload_types:
        raise UserError(f"只能上传 {' 或 '.join(settings.upload_types)} 文件，“{file.filename}”不是这两种格式", 415)
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        limit = settings.max_upload_bytes // (1024 * 1024)
        raise UserError(f"文件超过 {limit} MB，无法上传，请确认是否为一篇稿件", 413)
    return decode_bytes(data, file.filename).text


# ---- 自查 ---------------------------------------------------------------------------------

@router.get("/")
def check_form(request: Request, conn: db.DB, draft: int | None = None):
    """The self-check form; `?draft=ID` starts from that draft's latest revision (to revise it)."""
    context = {"text": "", "unit": "", "draft_id": None}
    if draft is not None and (row := db.get_draft(conn, draft)):
        context = {"text": db.latest_revision(conn, draft)["text"], "unit": row["unit"], "draft_id": draft}
    return render(request, "check.html", context)


def result_context(text: str, result, date: dt.date, unit: str = "", draft_id: int | None = None) -> dict:
    views = drafts.views_of_review(result.flags)
    return {"text": text, "segments": drafts.segments(text, views), "groups": drafts.grouped(views),
            "flag_count": len(views), "category": drafts.category_view(result.category), "notes": result.notes,
            "date": date.isoformat(), "unit": unit, "draft_id": draft_id}


@router.post("/check", dependencies=[Depends(require_token)])
async def check(request: Request, settings: SettingsDep, text: FormText = "",
                file: Annotated[UploadFile | None, File()] = None, date: FormText = "", unit: FormText = "",
                draft_id: FormId = None):
    uploaded = await read_upload(file, settings)
    text = uploaded if uploaded is not None else text.replace("\r\n", "\n")
    day = parse_date(date) or settings.review_date()
    result = await run_in_threadpool(drafts.check, text, settings, day)
    return render(request, "result.html", result_context(text, result, day, clean_unit(unit), draft_id))


@router.post("/drafts", dependencies=[Depends(require_token)])
def submit(request: Request, settings: SettingsDep, conn: db.DB, text: FormText = "", unit: FormText = "",
           date: FormText = "", draft_id: FormId = None):
    text, unit = text.replace("\r\n", "\n"), clean_unit(unit)
    day = parse_date(date) or settings.review_date()
    result = drafts.check(text, settings, day)
    if not unit:
        context = result_context(text, result, day, unit, draft_id)
        return render(request, "result.html", {**context, "error": "请填写报送单位后再提交"}, status_code=400)
    if draft_id is not None and not db.get_draft(conn, draft_id):
        raise UserError("要修订的稿件不存在", 404)
    new_id, number = drafts.save_submission(conn, settings, unit, text, day, result, draft_id)
    return RedirectResponse(f"/drafts/{new_id}?submitted={number}", status_code=303)


# ---- 待审 ---------------------------------------------------------------------------------

def queue_filter(category: str, unit: str, status: str, since: str, until: str) -> db.QueueFilter:
    return db.QueueFilter(category=category, unit=unit, status=status, since=parse_date(since),
                          until=parse_date(until))


@router.get("/queue")
def queue(request: Request, settings: SettingsDep, conn: db.DB, category: str = "", unit: str = "", status: str = "",
          since: str = "", until: str = "", sort: str = "-submitted", page: int = 1):
    filters = queue_filter(category, unit, status, since, until)
    total, rows = db.list_drafts(conn, filters, sort, page, settings.page_size)
    pages = max(1, math.ceil(total / settings.page_size))
    params = {"category": category, "unit": unit, "status": status, "since": since, "until": until, "sort": sort}

    def link(**changes) -> str:
        merged = {k: v for k, v in {**params, **changes}.items() if v not in ("", None)}
        return "/queue?" + urlencode(merged)

    return render(request, "queue.html", {"rows": rows, "total": total, "page": page, "pages": pages,
                                          "params": params, "link": link, "units": db.units(conn),
                                          "sorts": db.SORTS})


# ---- the draft page -----------------------------------------------------------------------

def revision_context(conn, draft, revision) -> dict:
    views = drafts.views_of_rows(db.flags_of(conn, revision["id"]))
    category = json.loads(revision["category"]) if revision["category"] else None
    return {"draft": draft, "revision": revision, "text": revision["text"],
            "segments": drafts.segments(revision["text"], views), "groups": drafts.grouped(views),
            "flag_count": len(views), "category": drafts.category_view(category),
            "notes": json.loads(revision["notes"]), "revisions": db.revisions(conn, draft["id"])}


def find_draft(conn, draft_id: int):
    draft = db.get_draft(conn, draft_id)
    if draft is None:
        raise UserError("稿件不存在或已被删除", 404)
    return draft


@router.get("/drafts/{draft_id}")
def draft_page(request: Request, draft_id: int, conn: db.DB, submitted: int | None = None):
    draft = find_draft(conn, draft_id)
    context = revision_context(conn, draft, db.latest_revision(conn, draft_id))
    return render(request, "draft.html", {**context, "submitted": submitted, "editable": True})


@router.get("/drafts/{draft_id}/revisions/{number}")
def revision_page(request: Request, draft_id: int, number: int, conn: db.DB):
    draft = find_draft(conn, draft_id)
    revision = db.get_revision(conn, draft_id, number)
    if revision is None:
        raise UserError(f"稿件没有第 {number} 版", 404)
    return render(request, "draft.html", {**revision_context(conn, draft, revision), "editable": False})


@router.post("/drafts/{draft_id}/status", dependencies=[Depends(require_token)])
def set_status(draft_id: int, status: FormText, conn: db.DB):
    if status not in db.STATUSES:
        raise UserError("稿件状态只能是：" + "、".join(db.STATUSES.values()))
    find_draft(conn, draft_id)
    db.set_status(conn, draft_id, status)
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


@router.post("/flags/{flag_id}/decision", dependencies=[Depends(require_token)])
def decide(flag_id: int, conn: db.DB, decision: FormText = "", note: FormText = ""):
    if decision not in (*db.DECISIONS, ""):
        raise UserError("审读决定只能是“采纳”或“驳回”")
    flag = db.decide(conn, flag_id, decision or None, note.strip()[:500])
    if flag is None:
        raise UserError("该标注不存在", 404)
    return RedirectResponse(f"/drafts/{flag['draft_id']}#flag-{flag_id}", status_code=303)


# ---- 统计 and 规则 ------------------------------------------------------------------------

@router.get("/stats")
def stats(request: Request, conn: db.DB):
    by_unit = charts.group_counts(db.category_by(conn, "unit"))
    by_unit = dict(sorted(by_unit.items(), key=lambda kv: -sum(kv[1].values())))
    by_month = charts.group_counts(db.category_by(conn, "month"))
    by_month = dict(list(by_month.items())[-24:])
    rules = db.rule_counts(conn)
    names = drafts.rules_by_id()
    flags = charts.bars([(r["rule"], r["n"], f"{r['n']} 处") for r in rules])
    decided = [r for r in rules if r["accepted"] + r["dismissed"]]
    dismiss = charts.bars([(r["rule"], r["dismissed"] / (r["accepted"] + r["dismissed"]),
                            f"驳回 {r['dismissed']} / 已审 {r['accepted'] + r['dismissed']}"
                            f"（{r['dismissed'] / (r['accepted'] + r['dismissed']):.0%}）") for r in decided],
                          colour="#e15759", scale=1.0)
    return render(request, "stats.html", {"by_unit": charts.category_mix(by_unit),
                                          "by_month": charts.category_mix(by_month), "flags": flags,
                                          "dismiss": dismiss, "rules": rules, "names": names,
                                          "empty": not by_unit})


@router.get("/rules")
def rules(request: Request):
    groups = [(d, DIMENSION_NAMES[d], [r for r in drafts.rules_by_id().values() if r.dimension == d])
              for d in DIMENSIONS]
    return render(request, "rules.html", {"groups": groups})
