"""truth 真: wording that cannot be checked, hides its source, or hedges where a fact is due.

来源：003 “反映工作进展和成绩要恰如其分…各类统计数字更要准确无误”；004 “不能道听途说,捕风捉影”；
002 “内容确定,数字准确,情况清楚”。

Rationale: leaders act on these drafts, so every claim needs a source, a number or a name. The
rules flag the words that stand in for them. The arithmetic of stated figures is a separate check.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.flag import Hit, rule
from reviewer.resources import PhraseMatcher, read_lines, read_toml, read_tsv

NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万亿]+(?:个|名|家|起|人|项|处|次|万|亿|座|所|户|条|件|%)")
RANK = re.compile(r"第[0-9一二三四五六七八九十]+|排名|排位|位列|前[0-9一二三四五六七八九十]+名")
NAMED_SOURCE = re.compile(
    r"(?:据|经|由)[^，。]{2,20}?(?:评估|认定|通报|评价|调查|统计|测评|公布)"
    r"|(?:部|厅|局|委|办|院|中心|协会)[^，。]{0,6}(?:评估|认定|通报|评价|授予|公布)"
)


def _sentence(doc, pos: int) -> str:
    s = doc.sentence_at(pos)
    return doc.norm[s.start : s.end]


@rule("unnamed-source", "truth", "warning")
def unnamed_source(doc):
    """来源不明：“据说”“据了解”“据悉”等没有写明消息来源。
    来源：004 “不能道听途说,捕风捉影”；GUIDANCE 真 “据说, 据了解 / 据悉 with no source”
    示例：据说该做法已被省住建厅列为试点经验。
    """
    pattern = r"据说|听说|据传|传闻|道听途说|(?<![\u4e00-\u9fff])据(?:了解|悉|反映|称)(?=[，,：:])"
    for m in re.finditer(pattern, doc.norm):
        yield Hit(m.start(), m.end(), f"“{m.group()}”没有写明信息来源，领导无法判断可信度",
                  "写明来源，如“据县水利局调查”")


@rule("statistics-without-figure", "truth", "warning")
def statistics_without_figure(doc):
    """有“据统计”无数字：以“据统计”开头却没有给出任何统计数字。
    来源：GUIDANCE 真 “据统计 with no figure”；003 “各类统计数字更要准确无误”
    示例：据统计，我县沿河村庄存在一定的内涝隐患。
    """
    for m in re.finditer(r"据(?:初步|不完全)?统计", doc.norm):
        if not NUMBER.search(_sentence(doc, m.start())):
            yield Hit(m.start(), m.end(), "写了“据统计”却没有给出统计数字", "补充统计口径和具体数字，或删去“据统计”")


@lru_cache(maxsize=1)
def _unverifiable():
    table = {row[0]: (row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else "删去")
             for row in read_tsv("truth/unverifiable.tsv")}
    return PhraseMatcher(table), table


@rule("unverifiable-claim", "truth", "warning")
def unverifiable_claim(doc):
    """无法核实的绝对化表述和赞誉：一致好评、万无一失、全国首创、名列前茅等。
    来源：003 “反映工作进展和成绩要恰如其分”；GUIDANCE 真 “Unverifiable absolutes and praise”
    示例：新建的口袋公园受到周边居民一致好评。
    """
    matcher, table = _unverifiable()
    for m in matcher.find(doc.norm):
        if doc.in_quotes(m.start, m.end):
            continue
        unless, suggestion = table[m.key]
        sentence = _sentence(doc, m.start)
        if (unless == "rank" and RANK.search(sentence)) or (unless == "source" and NAMED_SOURCE.search(sentence)):
            continue
        yield Hit(m.start, m.end, f"“{m.key}”无法核实，信息应恰如其分、用事实说话", suggestion)


@lru_cache(maxsize=1)
def _hedges():
    return [(re.compile(h["pattern"]), h["message"]) for h in read_toml("truth/hedges.toml")["hedge"]]


@rule("hedged-vagueness", "truth", "warning")
def hedged_vagueness(doc):
    """含糊推测：在应写事实的地方用“可能存在较大问题”“情况较为严重”等含糊判断。
    来源：002 “内容确定,数字准确,情况清楚”；GUIDANCE 真 “Hedged vagueness where a fact is due”
    示例：有的物资堆放在露天场地，可能存在较大问题。
    """
    for regex, message in _hedges():
        for m in regex.finditer(doc.norm):
            yield Hit(m.start(), m.end(), message, "写明具体情况、数量或典型事例")


@lru_cache(maxsize=1)
def _quantifiers():
    return re.compile("|".join(map(re.escape, read_lines("truth/vague_quantifiers.txt"))))


@rule("vague-quantity", "truth", "warning")
def vague_quantity(doc):
    """数量不明：通篇几乎没有数字，却用“部分”“一些”“个别”代替具体数量或名称。
    来源：002 “内容确定,数字准确,情况清楚”；GUIDANCE 真 “部分/一些/个别 with no number or name”
    示例：我县部分沿河村庄存在内涝隐患，情况较为严重。
    """
    if len(re.findall(r"\d+(?:\.\d+)?", doc.body)) >= 2:
        return  # a draft that gives its figures may summarise the rest as 部分
    severity = "suggestion" if doc.category in ("dynamic", "experience") else "warning"
    for m in _quantifiers().finditer(doc.norm):
        if doc.on_boundaries(m.start(), m.end()) and not NUMBER.search(_sentence(doc, m.start())):
            yield Hit(m.start(), m.end(), f"“{m.group()}”没有写明具体数量或名称", "写明数量或具体名称",
                      severity)


RULES = (unnamed_source, statistics_without_figure, unverifiable_claim, hedged_vagueness, vague_quantity)
