"""freshness 新: dates, data and slogans judged against the draft's submission date (`--date`).

来源：003 “过时的信息往往是无用的信息”；002 “慢半拍…就失去了信息的价值”；001 “内容要新”。

Rationale: an information draft is worth something only while it is news to its reader. Every
date in the text is resolved against the submission date, never against today, so that an
archive is judged as it was when it was sent.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.dates import find_dates
from reviewer.flag import Hit, rule
from reviewer.resources import read_toml

LATE_DAYS, STALE_DAYS = 7, 30
PAST_DATA_DAYS = 150
# After the date: it starts something or bounds a period, so it is not the event's own date.
NOT_EVENT_AFTER = re.compile(r"(?:前|后|以前|以后|之前|之后|起|以来|开始|至今|期间|到期|截止|左右)")
NOT_EVENT_BEFORE = re.compile(r"(?:截至|截止|预计|计划|将于|将在|拟于|定于|到|至|从|自)$")
PLAN_PASSED = re.compile(r"(?:原定|原计划|原本|按原|本应|应于|自)[^，。；]{0,4}$")
CURRENT = re.compile(r"目前|截至目前|截止目前|当前|现已|至今")
PERIOD_NEWS = re.compile(r"首日|首周|首月|一周来|一个月来|月来|以来|期间|开展以来|启动以来|运行以来")
SINCE = re.compile(r"以来|至今|期间")  # 11月15日…启动以来: a period up to now, not an event
FORECAST_BEFORE = re.compile(r"(?:预计|预测|预报|将于|将在|计划于|拟于|定于|计划在)[^，。；]{0,12}$")
VAGUE_TIME = re.compile(r"^(?:[^，。]{0,20}?)(日前|近日|近期|前不久|最近)")


def _dates(doc, future_ok: bool = False):
    """Every date of the draft, resolved once per reading (a reported event, or a plan/forecast)."""
    key = ("dates", future_ok)
    if key not in doc.cache:
        doc.cache[key] = find_dates(doc.norm, doc.date, future_ok)
    return doc.cache[key]


def _days(doc, day) -> int:
    return (doc.date - day).days


@rule("stale-event", "freshness", "error")
def stale_event(doc):
    """事件过时：导语所报事件发生在报送日期一周以前（一个月以上为严重过时）。
    来源：003 “过时的信息往往是无用的信息”；GUIDANCE 新 “more than ~7 days old is late, a month or more is stale”
    示例：9月20日，我县第二届乡村美食节在西岭镇开幕。（11月22日报送）
    """
    lead = doc.lead
    if lead is None or doc.category not in (None, "dynamic"):
        return
    for d in [d for d in _dates(doc) if lead.start <= d.start < lead.end][:1]:
        start, end = d.start, d.end
        opening = doc.norm[lead.start : start]
        if not d.has_day or not (len(opening) <= 2 or opening.endswith("于")):
            continue  # the news peg is a day at the head of the lead (11月17日，… / …于11月17日召开)
        if PERIOD_NEWS.search(doc.title):
            continue  # 启用首月办件1360件: the news is the period's result, not the start date
        rest_of_clause = re.split(r"[，。；,]", doc.norm[end : lead.end], maxsplit=1)[0]
        if NOT_EVENT_AFTER.match(rest_of_clause) or NOT_EVENT_BEFORE.search(opening) or SINCE.search(rest_of_clause):
            continue
        age = _days(doc, _newest_fact(doc, d.last))
        if age > STALE_DAYS:
            yield Hit(start, end, f"所报事件发生在{age}天前（报送日期{doc.date:%Y年%m月%d日}），已失去时效",
                      "报送近期动态，或改写为阶段性进展", "error")
        elif age > LATE_DAYS:
            yield Hit(start, end, f"所报事件已过去{age}天，报送偏慢（动态信息宜在一周内报送）", "", "warning")


def _newest_fact(doc, lead_day):
    """The newest information the draft gives: a later dated fact (截至7月20日) or a statement of
    the present (目前, 截至目前) makes a draft current even when its lead opens on an older start."""
    if CURRENT.search(doc.body):
        return doc.date
    days = [d.last for d in _dates(doc) if d.start >= doc.body_start and d.has_day and d.last <= doc.date]
    return max([lead_day, *days])


@rule("past-data", "freshness", "warning")
def past_data(doc):
    """数据过时：“截至…”的统计时点距报送日期已超过五个月，却作为当前情况报送。
    来源：003 “过时的信息往往是无用的信息”；GUIDANCE 新 “last year's date or data presented as current”
    示例：截至2025年5月底，全县共有托育机构37家。（2026年报送）
    """
    for m in re.finditer(r"截至|截止", doc.norm):
        d = next((d for d in _dates(doc) if d.start == m.end()), None)
        if d:
            age = _days(doc, d.last)
            # annual figures (截至2024年底) are published months later: stale once the next ones are due
            if age > PAST_DATA_DAYS + (365 if d.last.month == 12 and d.first.day == 1 and not d.has_day else 0):
                start, end = m.start(), d.end
                yield Hit(start, end, f"统计时点距报送日期已{age}天，数据已不是当前情况",
                          "更新为最近的统计数据", "error" if age > 365 else "warning")


@rule("past-forecast", "freshness", "error")
def past_forecast(doc):
    """预测已过期：预计、预报、计划的时间在报送日期之前，预警已失去意义。
    来源：002 “慢半拍…就失去了信息的价值”；GUIDANCE 新 “a forecast window that has already passed”
    示例：据县气象台预报，11月13日至15日我县将出现大风降温天气。（11月20日报送）
    """
    for d in _dates(doc, future_ok=True):
        if d.last >= doc.date:
            continue
        clause = doc.clause_at(d.start)
        before, text = doc.norm[clause.start : d.start], doc.norm[clause.start : clause.end]
        if "已" in text or PLAN_PASSED.search(before) or NOT_EVENT_AFTER.match(doc.norm, d.end):
            continue  # 原定于12月31日交房 (a missed plan, reported as such); 9月1日起 (a period)
        if FORECAST_BEFORE.search(before) or (not before.endswith("于") and _will_after(doc, d.end)):
            yield Hit(d.start, d.end, f"预测或计划的时间已过去（报送日期{doc.date:%Y年%m月%d日}）",
                      "核实实际情况，改写为已发生的事实或删去")


def _will_after(doc, pos: int) -> bool:
    """A future 将 (a word of its own, so not 上将 or 将军) within a few characters after pos."""
    i = doc.norm.find("将", pos, pos + 8)
    return i >= 0 and doc.on_boundaries(i, i + 1)


@lru_cache(maxsize=1)
def _slogans():
    slogans = read_toml("freshness/slogans.toml")["slogan"]
    return [(s["anchor"], re.compile(s["pattern"]), s) for s in slogans]


@rule("outdated-slogan", "freshness", "error")
def outdated_slogan(doc):
    """过时提法：已被新一届会议、新规划期取代的口号和提法（按稿件日期判断）。
    来源：001 “内容要新”；GUIDANCE 新 “Outdated slogans and periods … judged against its own date”
    示例：我镇深入学习贯彻党的十七大精神，以“三联系”推动矛盾调处。
    """
    for anchor, regex, slogan in _slogans():
        if anchor not in doc.norm or doc.date < slogan["stale_from"]:
            continue
        for m in regex.finditer(doc.norm):
            yield Hit(m.start(), m.end(), slogan["message"].format(match=doc.text[m.start() : m.end()]),
                      slogan["suggestion"])


@rule("vague-time", "freshness", "suggestion")
def vague_time(doc):
    """时间模糊：动态信息导语用“日前”“近日”代替具体日期。
    来源：002 “慢半拍…就失去了信息的价值”；GUIDANCE 新 “Vague time words … in a dynamic draft: ask for the date”
    示例：日前，县住建局召开城镇燃气安全工作会。
    """
    lead = doc.lead
    if doc.category != "dynamic" or lead is None:
        return
    text = doc.norm[lead.start : lead.end]
    m = VAGUE_TIME.match(text)
    if m and not any(lead.start <= d.start < lead.end for d in _dates(doc)):
        start = lead.start + m.start(1)
        yield Hit(start, start + len(m.group(1)), f"动态信息应写明具体日期，不宜用“{m.group(1)}”", "写明具体日期")


RULES = (stale_event, past_data, past_forecast, outdated_slogan, vague_time)
