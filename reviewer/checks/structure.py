"""structure 文题/要素: title against body, title length, category elements, genre.

来源：001 “处理好文和题的关系,避免信息脱节”；002 问题类信息“有情况、有分析、有建议”；
004 请示不能混入信息。

Rationale: the title is what a leader reads first; it must say what the body says. A problem
draft without a suggestion leaves the reader with nothing to decide; a 请示 formula belongs in
another genre of document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.flag import Hit, rule
from reviewer.resources import read_toml

MIN_TITLE_OVERLAP = 0.08  # share of the title's character bigrams found in the body: near none


@lru_cache(maxsize=1)
def _data():
    data = read_toml("structure/structure.toml")
    return {
        "request": re.compile(data["request"]),
        "stopwords": frozenset(data["title_stopwords"]),
        "suggestion": re.compile(data["suggestion_cues"]),
        "problem_title": re.compile(data["problem_title"]),
        "max_title": data["max_title_chars"],
        "elements": {label: {name: re.compile(p) for name, p in parts.items()}
                     for label, parts in data["elements"].items()},
    }


def _bigrams(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"(?=([\u4e00-\u9fff]{2}))", text)}


@rule("title-body-mismatch", "structure", "warning")
def title_body_mismatch(doc):
    """文题脱节：标题的用字几乎没有在正文中出现，标题与正文说的不是一回事。
    来源：001 “处理好文和题的关系,避免信息脱节”
    示例：标题《我县冬小麦播种进度过半》，正文写的是医院消防检查。
    """
    title = doc.title
    for word in _data()["stopwords"]:
        title = title.replace(word, " ")
    grams = _bigrams(title)
    if len(grams) < 4 or len(doc.body) < 30:
        return
    body = doc.body
    shared = {g for g in grams if g in body}
    if len(shared) / len(grams) < MIN_TITLE_OVERLAP:
        start = len(doc.text[: doc.title_end]) - len(doc.text[: doc.title_end].lstrip())
        yield Hit(start, len(doc.text[: doc.title_end].rstrip()),
                  f"标题用词与正文重合很少（{len(shared)}/{len(grams)}），文题可能脱节", "让标题概括正文的核心事实")


@rule("long-title", "structure", "warning")
def long_title(doc):
    """标题过长：标题超过30字，不够简明。
    来源：001 “处理好文和题的关系”；GUIDANCE 文题 “title too long (~30+ chars)”
    示例：关于我县在推进农村人居环境整治提升行动中积极探索建立长效管护机制的情况报告
    """
    title = doc.text[: doc.title_end].strip()
    limit = _data()["max_title"]
    if len(title) > limit:
        start = doc.text.index(title)
        yield Hit(start, start + len(title), f"标题{len(title)}字，超过{limit}字", "压缩到30字以内，突出核心事实")


@rule("problem-without-suggestion", "structure", "warning")
def problem_without_suggestion(doc):
    """问题类信息无建议：反映问题却没有提出任何意见建议。
    来源：002 问题类信息要“有情况、有分析、有建议”
    示例：我县城区学校大班额问题突出……（全文没有建议或对策）
    """
    data = _data()
    is_problem = doc.category == "problem" or (doc.category is None and data["problem_title"].search(doc.title))
    if is_problem and len(doc.body) >= 30 and not data["suggestion"].search(doc.body):
        yield Hit(0, doc.title_end, "问题类信息只有情况，没有原因分析和意见建议", "补充原因分析和具体建议")


ELEMENT_NAMES = {"precaution": "防范建议", "trend": "趋势或规模", "results": "成效数据", "time": "时间"}
CATEGORY_NEEDS = {"early_warning": "预警类信息要写明风险的趋势或规模，并提出防范建议",
                  "experience": "经验类信息要有具体做法和用数字说明的成效",
                  "dynamic": "动态类信息要写明事情发生的时间"}


@rule("missing-element", "structure", "warning")
def missing_element(doc):
    """要素缺失：按类别应有的要素没有写（预警缺趋势或防范建议，经验缺成效数据，动态缺时间）。
    来源：002 “有情况、有分析、有建议”；GUIDANCE 文题 “Category requirements … A missing element is a flag”
    示例：（预警类）城区部分楼盘施工放缓，交房风险累积。（全文没有防范建议）
    """
    needs = _data()["elements"].get(doc.category or "")
    if not needs or len(doc.body.strip()) < 30:
        return
    missing = [ELEMENT_NAMES[name] for name, regex in needs.items() if not regex.search(doc.body)]
    if missing:
        yield Hit(0, doc.title_end, f"缺少{'、'.join(missing)}：{CATEGORY_NEEDS[doc.category]}",
                  f"补充{'、'.join(missing)}")


@rule("request-in-information", "structure", "error")
def request_in_information(doc):
    """文种混用：信息稿中出现“妥否，请批示”等请示用语。
    来源：004 请示与信息不同，信息稿不请求批示
    示例：以上意见妥否，请批示。
    """
    for m in _data()["request"].finditer(doc.norm):
        yield Hit(m.start(), m.end(), "信息稿不应出现请示用语，需要领导批示的事项应另行请示", "删去")


RULES = (title_body_mismatch, long_title, problem_without_suggestion, missing_element, request_in_information)
