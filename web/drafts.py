"""The web side of a review: run the shared `review()` and shape its flags for pages, the API
and the database. No rule logic lives here; only presentation and bookkeeping."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import lru_cache

from reviewer.checks import all_rules
from reviewer.flag import DIMENSION_NAMES, DIMENSIONS, SEVERITIES, SEVERITY_NAMES, Flag
from reviewer.labels import LABEL_NAMES
from web import db
from web.settings import Settings

SEVERITY_WEIGHT = {"suggestion": 1, "warning": 2, "error": 3}
# Rules whose `suggestion` is the literal replacement for the flagged text (a confusion pair, a
# full-width punctuation mark, a corrected figure); other rules' suggestions are advice.
REPLACING_RULES = frozenset(r.id for r in all_rules() if r.replaces)
MAX_TITLE = 200
MAX_CHARS = 500_000  # one request's text: far above any draft, low enough to answer quickly


class UserError(Exception):
    """A request the user can fix; the message is shown as it is, in Chinese."""

    def __init__(self, message: str, status_code: int = 400):
        super().__init__(message)
        self.status_code = status_code


@lru_cache(maxsize=1)
def _classifier():
    """The category model's hook and a note, or (None, note) when the model cannot load."""
    from classifiers.model import ModelError, classify, default_model

    try:
        default_model()
    except ModelError as e:
        return None, f"{e}；本次不判断类别"
    return classify, None


def check(text: str, settings: Settings, date: dt.date | None = None):
    """The shared `review()` on one draft, with the classifier when it is available."""
    from reviewer.pipeline import review

    if not text.strip():
        raise UserError("稿件内容为空，请粘贴稿件或上传文件")
    if len(text) > MAX_CHARS:
        raise UserError(f"文字过长（{len(text)} 字），每次最多 {MAX_CHARS} 字", 413)
    classify, note = _classifier() if settings.use_classifier else (None, None)
    result = review(text, date or settings.review_date(), classify)
    if note:
        result.notes.append(note)
    return result


def title_of(text: str) -> str:
    """A draft's first non-empty line is its title."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:MAX_TITLE]


def counts(flags) -> dict[str, int]:
    return {d: sum(f.dimension == d for f in flags) for d in DIMENSIONS}


def score(flags) -> int:
    """Severity score for the queue: error 3, warning 2, suggestion 1, summed."""
    return sum(SEVERITY_WEIGHT.get(f.severity, 0) for f in flags)


_REPEAT_INDEXES: dict[str, object] = {}  # per database file: built on the first submission, then kept
_REPEAT_LOCK = threading.Lock()  # handlers run in a thread pool; the index is not thread-safe


def _repeat_index(settings: Settings):
    """The novelty index of every draft already in the database (reviewer/novelty.py)."""
    from reviewer import archive, novelty

    key = str(settings.db_path)
    if key not in _REPEAT_INDEXES:
        _REPEAT_INDEXES[key] = archive.load([key]) if settings.db_path.exists() else novelty.Index()
    return _REPEAT_INDEXES[key]


def save_submission(conn, settings: Settings, unit: str, text: str, date: dt.date, result,
                    draft_id: int | None = None) -> tuple[int, int]:
    """Flag a submission that repeats a draft already in the database (新 against the archive,
    the same check as `reviewer check --archive`), then save it as a draft or a new revision."""
    from reviewer import novelty

    target = draft_id if draft_id is not None else db.same_draft(conn, unit, title_of(text))
    sig = novelty.signature(text)
    with _REPEAT_LOCK:
        index = _repeat_index(settings)
        flag, _ = novelty.check(text, index, date, str(target) if target is not None else None, sig=sig)
        if flag:
            result.flags = novelty.add_flag(result.flags, flag)
        saved = db.save(conn, submission(unit, text, date, result), draft_id)
        index.add(novelty.Entry(str(saved[0]), title_of(text), date.isoformat(), f"drafts/{saved[0]}"), sig)
    return saved


def submission(unit: str, text: str, date: dt.date, result) -> db.Submission:
    return db.Submission(unit=unit, title=title_of(text), text=text, review_date=date, category=result.category,
                         notes=result.notes, flags=result.flags, counts=counts(result.flags),
                         score=score(result.flags))


def replacement(flag) -> str | None:
    return flag.suggestion if flag.rule in REPLACING_RULES and flag.suggestion else None


def flag_from_row(row) -> Flag:
    return Flag(row["dimension"], row["rule"], row["span_start"], row["span_end"], row["text"], row["message"],
                row["suggestion"], row["severity"])


@lru_cache(maxsize=1)
def rules_by_id() -> dict:
    from reviewer.checks import listed_rules

    return {r.id: r for r in listed_rules()}


@dataclass
class FlagView:
    """A flag as a page shows it: `key` is its id in the page (index or database id)."""

    key: str
    flag: Flag
    decision: str | None = None
    note: str = ""

    @property
    def dimension_name(self) -> str:
        return DIMENSION_NAMES.get(self.flag.dimension, self.flag.dimension)

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.flag.severity, self.flag.severity)

    @property
    def source(self) -> str:
        rule = rules_by_id().get(self.flag.rule)
        return rule.source if rule else ""

    @property
    def replacement(self) -> str | None:
        return replacement(self.flag)

    @property
    def decision_name(self) -> str:
        return db.DECISIONS.get(self.decision or "", "")


def views_of_review(flags) -> list[FlagView]:
    return [FlagView(f"f{i}", f) for i, f in enumerate(flags)]


def views_of_rows(rows) -> list[FlagView]:
    return [FlagView(str(r["id"]), flag_from_row(r), r["decision"], r["note"]) for r in rows]


def grouped(views: list[FlagView]) -> list[tuple[str, str, list[FlagView]]]:
    """(dimension, its Chinese name, its flags) for each dimension that has flags, in order."""
    return [(d, DIMENSION_NAMES[d], [v for v in views if v.flag.dimension == d])
            for d in DIMENSIONS if any(v.flag.dimension == d for v in views)]


@dataclass
class Segment:
    """A stretch of the draft covered by the same set of flags (none for plain text)."""

    text: str
    keys: list[str]
    dimension: str = ""
    severity: str = ""
    hint: str = ""
    dismissed: bool = False


def segments(text: str, views: list[FlagView]) -> list[Segment]:
    """Cut the draft at every flag boundary. A stretch takes the colour of the narrowest flag
    over it and the highest severity among them; the template renders each as an escaped span."""
    cuts = sorted({0, len(text), *(v.flag.start for v in views), *(v.flag.end for v in views)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        over = [v for v in views if v.flag.start <= a and b <= v.flag.end]
        if not over:
            out.append(Segment(text[a:b], []))
            continue
        over.sort(key=lambda v: v.flag.end - v.flag.start)  # narrowest first: a click picks it
        worst = max((v.flag.severity for v in over), key=SEVERITIES.index)
        hint = "\n".join(f"{v.dimension_name}·{v.severity_name}：{v.flag.message}" for v in over)
        dismissed = all(v.decision == "dismissed" for v in over)
        out.append(Segment(text[a:b], [v.key for v in over], over[0].flag.dimension, worst, hint, dismissed))
    return out


def category_view(category: dict | None) -> dict | None:
    if not category:
        return None
    scores = sorted(category.get("scores", {}).items(), key=lambda kv: -kv[1])
    return {**category, "name": LABEL_NAMES.get(category["label"], category["label"]),
            "scores_named": [(LABEL_NAMES.get(k, k), v) for k, v in scores]}
