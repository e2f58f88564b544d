"""The JSON API under /api (OpenAPI at /docs). Flags have the same fields as `reviewer check
--format json`; errors are `{"error": "<中文>", "status": N}`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from web import db, drafts
from web.drafts import UserError
from web.settings import SettingsDep

router = APIRouter(prefix="/api", tags=["稿件"])
MAX_CHARS = drafts.MAX_CHARS
Status = Literal["pending", "returned", "adopted"]
Decision = Literal["accepted", "dismissed"]
Sort = Literal["-submitted", "submitted", "-score", "score", "unit", "-flags"]  # the keys of db.SORTS


class CheckIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_CHARS, description="稿件全文：首行为标题，其余为正文")
    date: dt.date | None = Field(None, description="报送日期，判断时效的基准（默认今天）")


class FlagOut(BaseModel):
    dimension: str
    rule: str
    start: int = Field(description="在全文中的字符位置（Python 字符串下标）")
    end: int
    text: str
    message: str
    suggestion: str
    severity: str
    replacement: str | None = Field(None, description="可直接替换原文的建议（错别字、半角标点）")


class CheckOut(BaseModel):
    category: dict | None
    flags: list[FlagOut]
    notes: list[str]


class SubmitIn(CheckIn):
    unit: str = Field(min_length=1, max_length=100, description="报送单位")
    draft_id: int | None = Field(None, description="修订已提交的稿件时填写其编号")


class DraftOut(BaseModel):
    id: int
    unit: str
    title: str
    status: Status
    created_at: str
    submitted_at: str
    revisions: int
    category: str | None
    confidence: float | None
    uncertain: bool
    counts: dict[str, int]
    flags: int
    score: int


class FlagRecord(FlagOut):
    id: int
    decision: Decision | None
    note: str
    decided_at: str | None


class RevisionOut(BaseModel):
    number: int
    title: str
    submitted_at: str
    review_date: str
    text: str
    category: dict | None
    notes: list[str]
    flags: list[FlagRecord]


class DraftDetail(DraftOut):
    revision: RevisionOut
    history: list[int] = Field(description="全部版本号，从 1 开始")


class DraftList(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[DraftOut]


class DecisionIn(BaseModel):
    decision: Decision | None = Field(description="accepted（采纳）、dismissed（驳回），null 表示撤销")
    note: str = Field("", max_length=500)


class StatusIn(BaseModel):
    status: Status


def flag_out(flag) -> FlagOut:
    return FlagOut(**flag.to_dict(), replacement=drafts.replacement(flag))


def draft_out(row) -> DraftOut:
    return DraftOut(id=row["id"], unit=row["unit"], title=row["title"], status=row["status"],
                    created_at=row["created_at"], submitted_at=row["submitted_at"], revisions=row["revisions"],
                    category=row["category"], confidence=row["confidence"], uncertain=bool(row["uncertain"]),
                    counts={c[2:]: row[c] for c in db.COUNT_COLUMNS}, flags=row["n_flags"], score=row["score"])


def flag_record(row) -> FlagRecord:
    flag = drafts.flag_from_row(row)
    return FlagRecord(**flag_out(flag).model_dump(), id=row["id"], decision=row["decision"], note=row["note"],
                      decided_at=row["decided_at"])


def revision_out(conn, revision) -> RevisionOut:
    return RevisionOut(number=revision["number"], title=revision["title"], submitted_at=revision["submitted_at"],
                       review_date=revision["review_date"], text=revision["text"],
                       category=json.loads(revision["category"]) if revision["category"] else None,
                       notes=json.loads(revision["notes"]),
                       flags=[flag_record(r) for r in db.flags_of(conn, revision["id"])])


def draft_detail(conn, draft_id: int, number: int | None = None) -> DraftDetail:
    row = db.get_draft(conn, draft_id)
    if row is None:
        raise UserError("稿件不存在", 404)
    revision = db.latest_revision(conn, draft_id) if number is None else db.get_revision(conn, draft_id, number)
    if revision is None:
        raise UserError(f"稿件没有第 {number} 版", 404)
    return DraftDetail(**draft_out(row).model_dump(), revision=revision_out(conn, revision),
                       history=[r["number"] for r in db.revisions(conn, draft_id)])


@router.post("/check", response_model=CheckOut, summary="审读一篇稿件（不保存）")
def check(body: CheckIn, settings: SettingsDep) -> CheckOut:
    result = drafts.check(body.text, settings, body.date)
    return CheckOut(category=result.category, flags=[flag_out(f) for f in result.flags], notes=result.notes)


@router.post("/drafts", response_model=DraftDetail, status_code=201, summary="提交稿件待审（再次提交即新增一版）")
def submit(body: SubmitIn, settings: SettingsDep, conn: db.DB) -> DraftDetail:
    unit = " ".join(body.unit.split())
    if not unit:
        raise UserError("报送单位不能为空", 422)
    if body.draft_id is not None and db.get_draft(conn, body.draft_id) is None:
        raise UserError("要修订的稿件不存在", 404)
    date = body.date or settings.review_date()
    result = drafts.check(body.text, settings, date)
    draft_id, _ = drafts.save_submission(conn, settings, unit, body.text, date, result, body.draft_id)
    return draft_detail(conn, draft_id)


@router.get("/drafts", response_model=DraftList, summary="待审稿件列表（可筛选、排序、分页）")
def list_drafts(conn: db.DB, category: str = "", unit: str = "", status: Status | Literal[""] = "",
                since: dt.date | None = None, until: dt.date | None = None, sort: Sort = "-submitted",
                page: Annotated[int, Query(ge=1)] = 1,
                page_size: Annotated[int, Query(ge=1, le=500)] = 50) -> DraftList:
    filters = db.QueueFilter(category=category, unit=unit, status=status, since=since, until=until)
    total, rows = db.list_drafts(conn, filters, sort, page, page_size)
    return DraftList(total=total, page=page, page_size=page_size, items=[draft_out(r) for r in rows])


@router.get("/drafts/{draft_id}", response_model=DraftDetail, summary="一篇稿件的最新版本、标注和审读决定")
def get_draft(draft_id: int, conn: db.DB) -> DraftDetail:
    return draft_detail(conn, draft_id)


@router.get("/drafts/{draft_id}/revisions/{number}", response_model=DraftDetail, summary="稿件的某一历史版本（原样）")
def get_revision(draft_id: int, number: int, conn: db.DB) -> DraftDetail:
    return draft_detail(conn, draft_id, number)


@router.post("/drafts/{draft_id}/status", response_model=DraftOut, summary="设置稿件状态：待审、退回修改、采用")
def set_status(draft_id: int, body: StatusIn, conn: db.DB) -> DraftOut:
    if not db.set_status(conn, draft_id, body.status):
        raise UserError("稿件不存在", 404)
    return draft_out(db.get_draft(conn, draft_id))


@router.post("/flags/{flag_id}/decision", response_model=FlagRecord, summary="记录对一处标注的审读决定")
def decide(flag_id: int, body: DecisionIn, conn: db.DB) -> FlagRecord:
    row = db.decide(conn, flag_id, body.decision, body.note.strip())
    if row is None:
        raise UserError("该标注不存在", 404)
    return flag_record(row)
