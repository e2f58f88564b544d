"""Dates written in a draft, resolved against its submission date.

Recognised: 2025年12月8日, 12月8日, 9月20日至22日, 11月3日至19日, 10月上旬/中旬/下旬, 10月底,
2025年6月底, 2025年6月, 2025年底, with 今年/去年/前年/上月 in front. A date without a year takes
the submission year, or the year before when that would put a reported event in the future.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEAR = r"(?:(?P<year>\d{4})年|(?P<rel>今年|去年|前年|上年|明年))?"
_DAY_RANGE = r"(?:(?:至|到|—|－|-|～|~)(?:(?P<month2>\d{1,2})月)?(?P<day2>\d{1,2})(?:日|号))?"
DATE = re.compile(
    r"(?<!\d)(?:"
    + _YEAR
    + r"(?:(?P<lastmonth>上月)|(?P<month>\d{1,2})月)"
    + r"(?:(?P<day>\d{1,2})(?:日|号)" + _DAY_RANGE + r"|(?P<part>上旬|中旬|下旬|初|中旬|底|末))?"
    + r"|(?P<yonly>\d{4})年(?P<yend>底|末))"
)
REL_YEARS = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, None), "底": (21, None), "末": (21, None)}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    first: dt.date
    last: dt.date
    explicit_year: bool
    has_day: bool


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _resolve(m: re.Match, today: dt.date, future_ok: bool) -> DateMention | None:
    g = m.groupdict()
    if g["yonly"]:
        year = int(g["yonly"])
        return DateMention(m.start(), m.end(), dt.date(year, 12, 1), dt.date(year, 12, 31), True, False)
    explicit = bool(g["year"] or g["rel"])
    year = int(g["year"]) if g["year"] else today.year + REL_YEARS.get(g["rel"] or "今年", 0)
    if g["lastmonth"]:
        month, year = (today.month - 1, year) if today.month > 1 else (12, year - 1)
        explicit = True
    else:
        month = int(g["month"])
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    try:
        if g["day"]:
            first = dt.date(year, month, int(g["day"]))
            month2 = int(g["month2"]) if g["month2"] else month
            last = dt.date(year + (month2 < month), month2, int(g["day2"])) if g["day2"] else first
        elif g["part"]:
            lo, hi = PARTS[g["part"]]
            first, last = dt.date(year, month, lo), dt.date(year, month, hi or _month_end(year, month))
        else:
            first, last = dt.date(year, month, 1), dt.date(year, month, _month_end(year, month))
    except ValueError:
        return None  # 2月30日 and the like: not a date
    if not explicit:
        first, last = _shift_year(first, last, today, future_ok)
    return DateMention(m.start(), m.end(), first, last, explicit, bool(g["day"]))


def _shift_year(first: dt.date, last: dt.date, today: dt.date, future_ok: bool):
    """Pick the year a yearless date most plausibly means, relative to the submission date."""
    def moved(years):
        try:
            return first.replace(year=first.year + years), last.replace(year=last.year + years)
        except ValueError:  # 2月29日
            return first, last
    if not future_ok and first > today + dt.timedelta(days=2) and (today - moved(-1)[0]).days <= 183:
        return moved(-1)  # a reported event cannot be in the future: it was last year
    if future_ok and (today - last).days > 183:
        return moved(1)  # a forecast in December for 1月3日 means next January
    return first, last


def find_dates(text: str, today: dt.date, future_ok: bool = False) -> list[DateMention]:
    found = []
    for m in DATE.finditer(text):
        if m.group("month") and not (m.group("day") or m.group("part") or m.group("year") or m.group("rel")):
            continue  # a bare "10月" is a month of statistics, not a dated fact
        mention = _resolve(m, today, future_ok)
        if mention:
            found.append(mention)
    return found


_DRAFT_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})")


def draft_date(value: str | None, default: dt.date | None) -> tuple[dt.date, list[str]]:
    """The draft's own date (2024-03-08, 2024/3/8, 2024年3月8日, 20240308), else the default."""
    fallback = default or dt.date.today()
    if not value:
        return fallback, []
    m = _DRAFT_DATE.match(value)
    try:
        return dt.date(*(int(g) for g in m.groups())), []
    except (AttributeError, ValueError):
        return fallback, [f"提示：稿件日期“{value}”无法识别，已按 {fallback.isoformat()} 判断时效"]
