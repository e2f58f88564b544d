"""truth 真 (arithmetic): figures that contradict the draft's own other figures.

来源：003 “反映工作进展和成绩要恰如其分…各类统计数字更要准确无误”；GUIDANCE 真 “Numbers that do not add up”。

Rationale: a figure that does not follow from the draft's own figures is the costliest miss an
editor can make, and no proofreading tool checks it. Precision first: a relation is checked only
when the draft states everything it needs; a statement that some pair of the nearby figures
supports is accepted; the stated figure is compared as an interval (its rounding, widened for
约/近/余/多), never as a point. The message shows the arithmetic; the suggestion is the corrected
figure. Figures labelled as past (去年同期为…) serve as bases and are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.flag import Hit, rule
from reviewer.quantities import MAGNITUDES, WIDEN, Quantity, find_quantities, find_ratios

BLOCK_END = re.compile(r"[。！？\n]")
RANGE_BEFORE = re.compile(r"[\d万亿千][至—~～-]$")  # 4.2万至4.5万人, 10—12个
RANGE_AFTER = re.compile(r"[至—~～-]\d")
CLAUSE_TAIL = re.compile(r"[^，。；、：,;:\n]*$")
CHANGE_WORDS = (
    "增长|下降|提高|降低|增加|减少|上升|回落|下滑|增幅|降幅|提升|扩大|缩小|压缩|缩短|同比|环比"
    "|较上年|比上年|净增|多增|少增|新增|净减"
)


@dataclass(frozen=True)
class Window:
    """The stretch of text a relation may draw its figures from: the sentence (up to 。) holding
    the stated figure and the one before it."""

    start: int
    end: int
    quantities: tuple[Quantity, ...]


def _blocks(doc) -> list[tuple[int, int]]:
    spans, start = [], doc.body_start
    for m in BLOCK_END.finditer(doc.norm, doc.body_start):
        if m.start() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(doc.norm):
        spans.append((start, len(doc.norm)))
    return spans


def _windows(doc) -> list[tuple[tuple[int, int], Window]]:
    """Each body sentence with its window (previous + this sentence) and the window's figures."""
    if "windows" not in doc.cache:
        blocks, quantities = _blocks(doc), _quantities(doc)
        doc.cache["windows"] = [
            ((start, end), Window(lo, end, tuple(q for q in quantities if lo <= q.start < end)))
            for (start, end), lo in zip(blocks, [blocks[max(0, i - 1)][0] for i in range(len(blocks))], strict=True)
        ]
    return doc.cache["windows"]


def _all_quantities(doc) -> list[Quantity]:
    """Body figures, leaving out quoted names (“六个百分之百”), ordinals (第3周) and the ends of
    ranges (4.2万至4.5万人), which are not single values."""
    if "all_quantities" not in doc.cache:
        doc.cache["all_quantities"] = [
            q for q in find_quantities(doc.norm[doc.body_start :], doc.body_start)
            if q.value > 0 and not doc.in_quotes(q.start, q.end) and doc.norm[max(0, q.start - 1) : q.start] != "第"
            and not RANGE_BEFORE.search(doc.norm, max(0, q.start - 2), q.start)
            and not RANGE_AFTER.match(doc.norm, q.end)
        ]
    return doc.cache["all_quantities"]


def _quantities(doc) -> list[Quantity]:
    """Figures that can be parts or totals: not averages (户均68.4万元)."""
    if "quantities" not in doc.cache:
        doc.cache["quantities"] = [
            q for q in _all_quantities(doc) if not AVERAGE_CUE.search(doc.norm[max(0, q.start - 10) : q.start])
        ]
    return doc.cache["quantities"]


def _fmt(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scale(q: Quantity) -> float:
    return MAGNITUDES.get(q.magnitude, 1.0)


def _scaled(q: Quantity) -> str:
    """A figure in the magnitude the draft wrote it in (463000 → 46.3万)."""
    return _fmt(q.value / _scale(q), 2) + q.magnitude


def _decimals(q: Quantity) -> int:
    m = re.search(r"\.(\d+)", q.text)
    return max(1, len(m.group(1)) if m else 0)


def _rounded(q: Quantity) -> Quantity:
    """The figure read as rounded to its last written digit (29 → 28.5–29.5)."""
    m = re.search(r"\d+(?:\.(\d+))?", q.text)
    half = 0.5 * 10 ** -len(m.group(1) or "") * _scale(q) if m else 0.0
    return q._replace(lo=min(q.lo, q.value - half), hi=max(q.hi, q.value + half))


def _overlaps(lo: float, hi: float, q: Quantity) -> bool:
    return lo <= q.hi + 1e-9 and q.lo <= hi + 1e-9


def _ratio_interval(a: Quantity, b: Quantity, percent: bool = True) -> tuple[float, float]:
    k = 100.0 if percent else 1.0
    return k * a.lo / b.hi, k * a.hi / max(b.lo, 1e-12)


def _same_unit(a: Quantity, b: Quantity) -> bool:
    return a.unit == b.unit and a.unit not in ("", "%", "个百分点", "倍")


NOT_COUNTS = {"", "%", "个百分点", "倍", "岁", "级", "年", "个月", "月", "周", "天", "日", "小时", "分钟",
              "个工作日", "工作日"}


def _counts(window: Window) -> list[Quantity]:
    """Figures that count or measure something (not rates, ages or durations)."""
    return [q for q in window.quantities if q.unit not in NOT_COUNTS]


# -- shares and rates ------------------------------------------------------------------------

SHARE_CUE = re.compile(
    r"(?:(?P<part_of>占(?:比)?|比例|比重)|(?P<stem>[\u4e00-\u9fff]{2})率|(?P<plan>完成[^，。；]{0,8}的))"
    r"(?:为|是|达到?|约为?)?$"
)
VACANCY_CUE = re.compile(r"(?:空置|闲置|空闲|空余|未使用|未入住)率(?:为|是|达到?|约为?)?$")


@rule("share-mismatch", "truth", "error", replaces=True)
def share_mismatch(doc):
    """比例算错：所写百分比与稿件自己给出的部分和总数不符（占比、完成率、开工率、空置率等）。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “share / rate (X of Y = Z%, 完成计划的, 占比, 空置率)”
    示例：全县累计收购玉米28.6万吨，完成计划的60%，计划收购总量为40万吨。
    """
    if not re.search(r"[%％]|百分之|成", doc.body):
        return
    for (s_start, s_end), window in _windows(doc):
        for z in window.quantities:
            if not (z.is_percent and s_start <= z.start < s_end) or z.approx:
                continue
            before = doc.norm[max(window.start, z.start - 12) : z.start]
            if re.search(CHANGE_WORDS, before[-6:]):
                continue  # 同比下降14.8% is a change, not a share
            if VACANCY_CUE.search(before):
                yield from _vacancy(doc, window, z)
            elif cue := SHARE_CUE.search(before):
                yield from _share(doc, window, z, cue)


def _share(doc, window: Window, z: Quantity, cue: re.Match) -> Iterator[Hit]:
    counts = _counts(window)
    clause = re.split(r"[，；。,;：:]", doc.norm[window.start : z.start])[-1]
    named = {q.unit for q in counts if q.unit in clause}
    if named:  # 首贷户占比31%: a share of 户, so only 户 figures can be its parts
        counts = [q for q in counts if q.unit in named]
    pairs = [(a, b) for a in counts for b in counts if a is not b and _same_unit(a, b) and a.value <= b.value]
    if not pairs or any(_overlaps(*_ratio_interval(a, b), z) for a, b in pairs):
        return
    part = _share_part(doc, counts, z, cue)
    if part is None:
        return
    # The whole must be named as one: 共/全/总/合计 (占比), 计划/目标/任务 (完成…的).
    wholes = [b for a, b in pairs if a is part and _is_whole(doc, b, bool(cue.group("plan")))]
    if len(wholes) != 1:
        return
    whole = wholes[0]
    right = 100 * part.value / whole.value
    yield Hit(z.start, z.end, f"{_scaled(part)}÷{_scaled(whole)}={_fmt(right, _decimals(z))}%，与所写“{z.text}”不符",
              f"{_fmt(right, _decimals(z))}%")


def _share_part(doc, counts: list[Quantity], z: Quantity, cue: re.Match) -> Quantity | None:
    """The figure a share is stated of: the nearest one before it, in the same or the previous
    clause; for a rate (开工率) the figure must be about the same act (已开工70个)."""
    before = [q for q in counts if q.end <= z.start]
    if not before:
        return None
    part = before[-1]
    named_total = re.search(r"共|总|合计", _clause_context(doc, part))
    if len(re.findall(r"[，；,;]", doc.norm[part.end : z.start])) > 1 or named_total or _is_group(doc, part):
        return None  # too far, or itself a whole (全市1860个老旧小区中…的仅占39%: subgroup not counted)
    clause_start = CLAUSE_TAIL.search(doc.norm, max(0, z.start - 40), z.start).start()
    subject = re.sub(r"^(?:其中|仅|约|共|合计|分别|均|已)+", "", doc.norm[clause_start : z.start - len(cue.group())])
    if len(re.findall(r"[\u4e00-\u9fff]", subject)) >= 2 and part.start < clause_start:
        return None  # 其中初中阶段占54%: the share is of a subgroup the draft does not count
    stem = cue.group("stem")
    if stem and (stem not in doc.norm[max(0, part.start - 8) : part.end + 2] or part.unit == "元"
                 or "平均" in doc.norm[max(0, z.start - len(cue.group()) - 2) : z.start]):
        return None  # money rates (负债率) and averaged rates have denominators a draft rarely states
    return part


def _is_whole(doc, q: Quantity, plan: bool) -> bool:
    """A figure named as a whole: 计划/目标/任务 for 完成…的; else 共/总/全/合计, or …中 after it."""
    before = _clause_context(doc, q)
    if plan:
        return bool(re.search(r"计划|目标|任务", before))
    return bool(re.search(r"共|总|全|合计|计划", before)) or _is_group(doc, q)


def _is_group(doc, q: Quantity) -> bool:
    """…个老旧小区中 / 210家店中: the figure names a group that a share is taken within."""
    return bool(re.match(r"[\u4e00-\u9fff]{0,5}中(?![心学国央层小等级间])", doc.norm[q.end : q.end + 7]))


def _context(doc, q: Quantity, width: int = 8) -> str:
    """The words just before a figure."""
    return doc.norm[max(0, q.start - width) : q.start]


def _clause_context(doc, q: Quantity) -> str:
    """The clause up to a figure: what the figure counts (公共充电桩仅1200个 → 公共充电桩仅)."""
    return CLAUSE_TAIL.search(doc.norm, max(0, q.start - 16), q.start).group()


def _vacancy(doc, window: Window, z: Quantity) -> Iterator[Hit]:
    """空置率: (capacity − used) ÷ capacity, or vacant ÷ capacity when the draft gives the vacant
    count (空置218间). Accepted when any pair of the figures before it supports it."""
    before = [q for q in _counts(window) if q.end <= z.start]
    readings = []
    for cap in before:
        for x in before:
            if x is cap or x.value >= cap.value:
                continue
            vacant = bool(re.search(r"空置|闲置|空余|空闲|未", _context(doc, x, 4)))
            lo, hi = _ratio_interval(x, cap) if vacant else (100 - _ratio_interval(x, cap)[1],
                                                            100 - _ratio_interval(x, cap)[0])
            if _overlaps(lo, hi, z):
                return
            if re.search(r"入住|使用|在院|在住|占用|已用", _context(doc, x, 6)):
                readings.append((cap, x))
    if len(readings) != 1:
        return
    capacity, used = readings[0]
    right = 100 * (capacity.value - used.value) / capacity.value
    yield Hit(z.start, z.end,
              f"（{_scaled(capacity)}−{_scaled(used)}）÷{_scaled(capacity)}={_fmt(right, _decimals(z))}%，"
              f"与所写“{z.text}”不符（{_fmt(100 - right, _decimals(z))}%是使用率）", f"{_fmt(right, _decimals(z))}%")


# -- parts and totals ------------------------------------------------------------------------

AMONG = re.compile("其中")
PARTS_END = re.compile(r"[。！？；\n]|另有|另外|此外|以及|同时")  # parts listed after 其中 end here
NOT_A_TOTAL = re.compile(r"(?:较|比|其余|剩余|余下|另有)[^，。；]{0,6}$")


@rule("parts-exceed-total", "truth", "error")
def parts_exceed_total(doc):
    """分项之和超过总数：“其中”列出的各项加起来比总数还多。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “parts vs total (其中… sums)”
    示例：全县已开工56个，其中已完工20个，在建40个。
    """
    for m in AMONG.finditer(doc.norm, doc.body_start):
        parts = _listed_parts(doc, m.end())
        total = _total_before(doc, m.start(), parts[0].unit) if len(parts) >= 2 else None
        if total is None or sum(q.lo for q in parts) <= total.hi + 1e-9 or _subset_matches(parts, total):
            continue
        listed = "+".join(_scaled(q) for q in parts)
        yield Hit(total.start, total.end,
                  f"其中各项{listed}={_scaled_sum(parts, total)}，超过总数“{total.text}”；请核实总数或分项",
                  _scaled_sum(parts, total))


def _listed_parts(doc, pos: int) -> list[Quantity]:
    """The figures enumerated right after 其中: one per clause, each clause ending with its figure
    (竣工投产15个，在建60个 / 滑坡31起、崩塌8起), all of one unit."""
    stop = PARTS_END.search(doc.norm, pos)
    stop = stop.start() if stop else len(doc.norm)
    parts: list[Quantity] = []
    for clause in re.finditer(r"[^，、,]+", doc.norm[pos:stop]):
        start, end = pos + clause.start(), pos + clause.end()
        inside = [q for q in _quantities(doc) if start <= q.start < end and q.unit not in ("", "%", "个百分点", "倍")]
        if not inside or (parts and inside[0].unit != parts[0].unit):
            break
        q = inside[0]
        if doc.norm[q.start - 1 : q.start] == "的":
            return []  # 已启动征收的19个、已开工的12个: stages and properties overlap, not a partition
        if q.approx or len(inside) > 1 or doc.norm[q.end : end].strip():
            return parts if len(parts) >= 2 else []  # a clause that goes on is not a listed part
        parts.append(q)
    return parts


def _total_before(doc, pos: int, unit: str) -> Quantity | None:
    """The total that 其中 divides: the nearest same-unit figure before it in the sentence, or a
    marked one (共/总/合计/累计) in the sentence before when 其中 opens a sentence."""
    sentence_start = max(doc.norm.rfind(c, 0, pos) for c in "。！？\n") + 1
    opening = not doc.norm[sentence_start:pos].strip("，, ")
    lo = max(doc.norm.rfind(c, 0, sentence_start - 1) for c in "。！？\n") + 1 if opening else sentence_start
    for q in reversed([q for q in _quantities(doc) if lo <= q.start and q.end <= pos and q.unit == unit]):
        context = doc.norm[max(lo, q.start - 10) : q.start]
        if _is_change(doc, q) or NOT_A_TOTAL.search(context) or "均" in context or q.approx:
            continue
        if opening and q.start < sentence_start and not re.search(r"共|总|合计|累计|全", context):
            return None
        return q
    return None


def _subset_matches(parts: list[Quantity], total: Quantity) -> bool:
    """Categories may overlap (超过50厘米的42处；已退水的171处、正在抽排的15处): if some of the
    parts add up to the total, the draft is consistent under that reading."""
    from itertools import combinations

    return any(
        sum(q.lo for q in subset) <= total.hi + 1e-9 and total.lo <= sum(q.hi for q in subset) + 1e-9
        for size in range(2, len(parts)) for subset in combinations(parts, size)
    )


def _is_change(doc, q: Quantity) -> bool:
    return bool(re.search(f"(?:{CHANGE_WORDS})了?$", doc.norm[max(0, q.start - 5) : q.start]))


def _scaled_sum(parts: list[Quantity], like: Quantity) -> str:
    return _fmt(sum(q.value for q in parts) / _scale(like), 2) + like.magnitude + like.unit


# -- differences -----------------------------------------------------------------------------

DIFFERENCE_WORDS = re.compile(r"缺口|差额|相差|尚缺|还差|剩余|余下")
DIFFERENCE_CUE = re.compile(rf"(?:{DIFFERENCE_WORDS.pattern})(?:为|达|约)?$")


@rule("difference-mismatch", "truth", "error", replaces=True)
def difference_mismatch(doc):
    """差额算错：缺口、差额、剩余等与稿件给出的两个数之差不符。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “differences (缺口, 尚有, 余下)”
    示例：全县需要普惠托位1.26万个，现有0.48万个，缺口0.88万个。
    """
    if not DIFFERENCE_WORDS.search(doc.body):
        return
    for (s_start, s_end), window in _windows(doc):
        for x in window.quantities:
            if not s_start <= x.start < s_end or x.unit in ("%", "个百分点", "倍", "") or x.approx:
                continue
            cue = DIFFERENCE_CUE.search(doc.norm[max(window.start, x.start - 6) : x.start])
            if not cue:
                continue
            candidates = [q for q in _counts(window) if q.end <= x.start - len(cue.group()) and _comparable(q, x)]
            pairs = [(a, b) for a in candidates for b in candidates if a.value > b.value]
            if not pairs or any(_overlaps(a.lo - b.hi, a.hi - b.lo, x) for a, b in pairs):
                continue
            remainder = not cue.group().startswith(("缺口", "差额", "相差"))
            planned = any(re.search(r"计划|需|共|总|目标|任务", _clause_context(doc, q)) for q in candidates)
            if remainder and not planned:
                continue  # 剩余3座 of what? Only a stated plan or total makes a remainder checkable
            if len(candidates) == 2:
                a, b = max(candidates, key=lambda q: q.value), min(candidates, key=lambda q: q.value)
                right = _fmt((a.value - b.value) / _scale(x), 2) + x.magnitude
                yield Hit(x.start, x.end, f"{_scaled(a)}−{_scaled(b)}={right}，与所写“{x.text}”不符", right + x.unit)


def _comparable(q: Quantity, x: Quantity) -> bool:
    """Operands of a difference: same unit, or the same magnitude (21.6万辆 vs 13.2万个 泊位)."""
    return q.unit == x.unit or (q.magnitude == x.magnitude and q.magnitude != "")


# -- change ----------------------------------------------------------------------------------

FROM_TO = re.compile(r"由|从")
TO = re.compile(r"(?:增|提高|提升|上升|增加|增长|扩大|下降|降低|减少|降|缩短|压缩|缩小|减)(?:至|到)$")
CHANGE_STATED = re.compile(
    r"^[，,]?(?:同比|环比|共|已|均)?(?:增长|增加|提高|提升|上升|下降|降低|减少|缩短|压缩)(?:了)?(?:约|近)?$"
)


@rule("change-mismatch", "truth", "error", replaces=True)
def change_mismatch(doc):
    """增减幅度算错：给出了前后两个数，所写增长（下降）百分比、百分点或倍数与之不符。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “percentage points…增长了N倍 means ×(N+1)”
    示例：参与率由68.5%提高到81.2%，提高了14.7个百分点。
    """
    if not FROM_TO.search(doc.body):
        return
    for (s_start, s_end), window in _windows(doc):
        qs = [q for q in window.quantities if s_start <= q.start < s_end]
        for i, (a, b) in enumerate(zip(qs, qs[1:], strict=False)):
            between = doc.norm[a.end : b.start]
            if not (FROM_TO.search(doc.norm[max(s_start, a.start - 3) : a.start]) and TO.search(between)):
                continue
            if a.unit != b.unit and not (a.is_percent and b.is_percent):
                continue
            for z in qs[i + 2 : i + 4]:
                stated = doc.norm[b.end : z.start]
                if len(stated) > 14 or not CHANGE_STATED.search(stated):
                    continue
                yield from _compare_change(a, b, z)
                break


def _compare_change(a: Quantity, b: Quantity, z: Quantity) -> Iterator[Hit]:
    if z.unit == "个百分点" and a.is_percent:
        (lo, hi), right = sorted((abs(b.lo - a.hi), abs(b.hi - a.lo))), abs(b.value - a.value)
        shown = f"{_fmt(b.value, 2)}%−{_fmt(a.value, 2)}%={_fmt(right, _decimals(z))}个百分点"
        suggestion = f"{_fmt(right, _decimals(z))}个百分点"
    elif z.unit == "%" and a.is_percent and a.value > 0:
        lo, hi = sorted(abs(100 * (r - 1)) for r in (b.lo / a.hi, b.hi / max(a.lo, 1e-12)))
        points = abs(b.value - a.value)
        right = abs(100 * (b.value / a.value - 1))
        if lo - 1e-9 <= z.hi and z.lo <= hi + 1e-9 and abs(z.value - right) <= abs(z.value - points):
            return  # a relative change of a rate (不良率由2.0%降至1.5%，下降25%)
        lo = hi = float("nan")  # never consistent: the stated % is the point difference or neither
        shown = (f"{_fmt(b.value, 2)}%与{_fmt(a.value, 2)}%相差{_fmt(points, _decimals(z))}个百分点"
                 f"（相对变化{_fmt(right, 1)}%），百分比之间的增减应写“个百分点”")
        suggestion = f"{_fmt(points, _decimals(z))}个百分点"
    elif z.unit == "%" and not a.is_percent and a.value > 0:
        ratios = (b.lo / a.hi, b.hi / max(a.lo, 1e-12))
        lo, hi = sorted(abs(100 * (r - 1)) for r in ratios)
        right = abs(100 * (b.value / a.value - 1))
        shown = f"（{_scaled(b)}−{_scaled(a)}）÷{_scaled(a)}={_fmt(right, _decimals(z))}%"
        suggestion = f"{_fmt(right, _decimals(z))}%"
    elif z.unit == "倍" and a.value > 0 and b.value > a.value:
        times = b.value / a.value - 1  # 增长了N倍 means ×(N+1)
        lo, hi, right = b.lo / a.hi - 1, b.hi / max(a.lo, 1e-12) - 1, times
        shown = f"{_scaled(b)}÷{_scaled(a)}−1={_fmt(right, 1)}倍（增长了N倍即为原来的N+1倍）"
        suggestion = f"{_fmt(right, 1)}倍"
    else:
        return
    if lo - 1e-9 <= z.hi and z.lo <= hi + 1e-9:  # NaN bounds compare False: always flagged
        return
    yield Hit(z.start, z.end, f"{shown}，与所写“{z.text}”不符", suggestion)


# -- averages and ratios ---------------------------------------------------------------------

AVERAGE_CUE = re.compile(r"(人均|户均|平均每(?:人|户|家|个|名|所|村))[\u4e00-\u9fff]{0,4}?(?:为|达|约)?$")
AVERAGE_UNIT = {"人均": ("人", "名"), "户均": ("户",), "平均每人": ("人", "名"), "平均每户": ("户",),
                "平均每家": ("家",), "平均每个": ("个",), "平均每名": ("名", "人"), "平均每所": ("所",),
                "平均每村": ("个", "村")}


@rule("average-mismatch", "truth", "error", replaces=True)
def average_mismatch(doc):
    """平均数算错：人均、户均等与稿件给出的总量和人数（户数）不符。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “averages (人均)”
    示例：全市2763户小微企业获得贷款18.9亿元，户均86.4万元。
    """
    if not re.search(r"人均|户均|平均每", doc.body):
        return
    for (s_start, s_end), window in _windows(doc):
        for x in _all_quantities(doc):
            if not window.start <= x.start < window.end:
                continue
            cue = AVERAGE_CUE.search(doc.norm[max(window.start, x.start - 10) : x.start])
            if not cue or not s_start <= x.start < s_end or x.approx or not x.unit:
                continue
            before = [q for q in window.quantities if q.end <= x.start - len(cue.group())]
            totals = [q for q in before if q.unit == x.unit]
            counts = [q for q in before if q.unit in AVERAGE_UNIT[cue.group(1)]]
            if len(totals) != 1 or len(counts) != 1 or counts[0].value == 0:
                continue
            total, count = totals[0], counts[0]
            lo, hi = total.lo / count.hi, total.hi / max(count.lo, 1e-12)
            if _overlaps(lo, hi, _rounded(x)):  # an average is always a rounded figure
                continue
            right = _fmt(total.value / count.value / _scale(x), _decimals(x)) + x.magnitude
            yield Hit(x.start, x.end, f"{_scaled(total)}{total.unit}÷{_scaled(count)}{count.unit}={right}{x.unit}，"
                      f"与所写“{x.text}”不符", right + x.unit)


@rule("ratio-mismatch", "truth", "error", replaces=True)
def ratio_mismatch(doc):
    """比值算错：所写比值（车桩比15.5:1 等）与稿件给出的两个数不符。
    来源：003 “各类统计数字更要准确无误”；GUIDANCE 真 “ratios (1:8.4)”
    示例：全市新能源汽车保有量4.8万辆，公共充电桩3100个，车桩比约为25:1。
    """
    for start, end, _, b in find_ratios(doc.norm[doc.body_start :], doc.body_start):
        label = re.search(r"([\u4e00-\u9fff]{2,16}?)(?:的)?(?:平均)?(?:配)?比(?:例)?(?:为|是|达|约为?)?$",
                          doc.norm[max(doc.body_start, start - 20) : start])
        sides = _ratio_sides(label.group(1)) if label and b else None
        window = next((w for (s, e), w in _windows(doc) if s <= start < e), None)
        if not sides or window is None:
            continue
        # A one-character side (车桩比 → 车, 桩) is only trusted within the ratio's own sentence.
        lo = window.start if min(map(len, sides)) > 1 else next(s for (s, e), w in _windows(doc) if w is window)
        named = [next((q for q in reversed(_counts(window)) if lo <= q.start and q.end <= start
                       and side in _clause_context(doc, q)), None) for side in sides]
        if None in named or named[0] is named[1]:
            continue
        first, second = named
        text = doc.norm[start:end]
        stated_lo, stated_hi = _stated_ratio(text)
        if re.search(r"约|近", doc.norm[max(0, start - 3) : start]):
            stated_lo, stated_hi = stated_lo * (1 - WIDEN / 2), stated_hi * (1 + WIDEN / 2)
        if stated_lo <= first.hi / max(second.lo, 1e-12) + 1e-9 and first.lo / second.hi <= stated_hi + 1e-9:
            continue
        right = first.value / second.value
        shown = f"{_fmt(right, 1)}:1" if right >= 1 else f"1:{_fmt(1 / right, 1)}"
        yield Hit(start, end, f"{_scaled(first)}÷{_scaled(second)}≈{shown}，与所写“{text}”不符", shown)


def _stated_ratio(text: str) -> tuple[float, float]:
    """The interval a written ratio allows: 15.5:1 is 15.45–15.55, 3:1 is 2.5–3.5 (the 1 is exact)."""
    a_text, b_text = re.split(r"\s*[:：]\s*", text)
    a, b = float(a_text), float(b_text)
    half_a = 0.0 if a == 1 and b != 1 else 0.5 * 10 ** -(len(a_text.split(".")[1]) if "." in a_text else 0)
    half_b = 0.0 if b == 1 else 0.5 * 10 ** -(len(b_text.split(".")[1]) if "." in b_text else 0)
    return (a - half_a) / (b + half_b), (a + half_a) / max(b - half_b, 1e-12)


def _ratio_sides(label: str) -> tuple[str, str] | None:
    """The two things a ratio compares: 车桩比 → 车, 桩; 护理员与失能老人的配比 → 护理员, 老人."""
    parts = re.split(r"与|和|同", label)
    if len(parts) == 2 and all(parts):
        return parts[0][-2:], re.sub(r"的.*$", "", parts[1])[-2:]
    return (label[-2], label[-1]) if len(label) >= 2 else None


# -- title against body ----------------------------------------------------------------------

AT_LEAST = re.compile(r"(?:超过|突破|逾|过|达|达到|超)$")
BODY_TOTAL = re.compile(r"共|累计|合计|总计|全年|总量|总数")


@rule("title-figure-mismatch", "truth", "error")
def title_figure_mismatch(doc):
    """文题数字不符：标题所写数字大于正文给出的总数。
    来源：001 “处理好文和题的关系,避免信息脱节”；GUIDANCE 真 “the title against the body”
    示例：标题《我市冬季招聘会达成就业意向超过1.8万人》，正文“三场招聘会共达成就业意向1.61万人”。
    """
    title = find_quantities(doc.norm[: doc.title_end])
    body = [q for q in _all_quantities(doc) if q.unit not in NOT_COUNTS]
    for t in title:
        if t.unit in NOT_COUNTS:
            continue
        same = [q for q in body if q.unit == t.unit]
        floor = t.value if AT_LEAST.search(doc.norm[max(0, t.start - 2) : t.start]) else t.lo
        totals = [q for q in same if BODY_TOTAL.search(_clause_context(doc, q))]
        if not totals or any(q.hi >= floor - 1e-9 for q in same):
            continue
        total = max(totals, key=lambda q: q.value)
        yield Hit(t.start, t.end, f"标题写“{t.text}”，正文总数为“{total.text}”，标题夸大了正文的数字",
                  _scaled(total) + total.unit)


RULES = (share_mismatch, parts_exceed_total, difference_mismatch, change_mismatch, average_mismatch, ratio_mismatch,
         title_figure_mismatch)
