"""Numbers as a draft states them: value, unit, the rounding the writer used, approximations.

Recognised: 46.3万吨, 1,200元, 1.85亿元, 两千三百人, 一百二十万, 42%, 百分之四十二, 三成,
12.7个百分点, 3倍, 翻一番, 15.5:1, 10至12℃ (a range), with 约/近/余/多/超过/不足/左右 marking
an approximate figure. Every quantity knows the interval its digits allow (46.3万 is anything
from 46.25万 to 46.35万), so arithmetic checks compare intervals, not rounded points.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
MAGNITUDES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "亿": 1e8, "万": 1e4, "千": 1e3}
# Measure words and units that follow a number; longest first so 公里 wins over 里.
UNITS = sorted(
    "万吨 吨 公斤 千克 克 元 万元 亿元 个 家 人 名 人次 户 座 所 处 辆 张 台 套 间 条 件 起 次 项 宗 笔 位 只 头 "
    "亩 万亩 公顷 平方米 平方公里 公里 千米 米 千瓦时 千瓦 兆瓦 度 升 立方米 吨标准煤 批 份 本 册 场 期 "
    "栋 幢 层 床 块 棵 株 艘 架 部 支 队 组 班 车次 列 趟 箱 袋 瓶 盒 天 日 小时 分钟 年 月 周 个月 "
    "个工作日 工作日 岁 级 倍 元/吨 元/公斤 号".split(),
    key=len,
    reverse=True,
)
APPROX_BEFORE = ("约", "大约", "近", "将近", "接近", "超过", "逾", "不足", "不到", "约为", "约有")
APPROX_AFTER = ("余", "多", "左右", "以上", "以下", "上下", "出头")
WIDEN = 0.1  # an approximate figure may be off by this share either way

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = rf"[{CN_DIGITS}]+"
NUMBER = re.compile(
    rf"(?P<approx>约|大约|近|将近|接近|超过|逾|不足|不到)?"
    rf"(?:百分之(?P<pct_cn>{_CHINESE}|{_ARABIC})"
    rf"|(?P<num>{_ARABIC})(?P<more>余|多)?(?P<mag>万亿|千万|百万|亿|万|千)?"
    rf"|(?P<cn>{_CHINESE})(?=[余多]?(?:{'|'.join(map(re.escape, UNITS))}|成|%)))"
)
APPROX_WORD = re.compile(r"约|大约|近|将近|超过|逾")
DIGIT = re.compile(r"\d")
CLAUSE_TAIL = re.compile(r"[^，。；、,;\n]*$")
UNIT = re.compile("|".join(map(re.escape, UNITS)))  # alternation in UNITS order: longest first
RATIO = re.compile(rf"(?P<a>{_ARABIC})\s*[:：]\s*(?P<b>{_ARABIC})")


class Quantity(NamedTuple):
    start: int
    end: int
    value: float  # in base units (46.3万 → 463000.0); percentages as percent (42% → 42.0)
    lo: float  # the interval the stated digits allow
    hi: float
    unit: str  # "%", "个百分点", "倍", "成"→"%", or the measure word (吨, 人, 个…); "" if none
    magnitude: str  # 万/亿/千 as written, "" if none
    approx: bool
    text: str

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


@lru_cache(maxsize=4096)
def chinese_value(text: str) -> float | None:
    """两千三百 → 2300; None for strings that are not numerals."""
    import cn2an

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def _decimals(digits: str) -> int:
    return len(digits.split(".")[1]) if "." in digits else 0


def _interval(value: float, digits: str, scale: float, rounded: bool = False) -> tuple[float, float]:
    """Half a unit of the last written digit either way. A plain integer count is exact; a
    percentage or a figure with a magnitude (60万) is rounded whatever its digits."""
    if "." in digits or scale > 1 or rounded:
        half = 0.5 * 10 ** -_decimals(digits) * scale
    else:
        half = 0.0
    return value - half, value + half


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Quantities in `text` (offsets shifted by `offset`). Chinese numerals count only when a
    unit follows them, so that 一是, 统一, 万无一失 stay words."""
    found = []
    for m in NUMBER.finditer(text):
        q = _quantity(text, m, offset)
        if q:
            found.append(q)
    return found


def _quantity(text: str, m: re.Match, offset: int) -> Quantity | None:
    g = m.groupdict()
    start, end = m.end("approx") if g["approx"] else m.start(), m.end()  # the span is the figure itself
    after = text[end : end + 6]
    if g["pct_cn"]:
        approx = bool(g["approx"]) or _approx_before(text, m.start())
        raw = g["pct_cn"]
        value = float(raw.replace(",", "")) if raw[0].isdigit() else chinese_value(raw)
        if value is None:
            return None
        lo, hi = _interval(value, raw, 1, rounded=True) if raw[0].isdigit() else (value, value)
        return Quantity(start + offset, end + offset, value, lo, hi, "%", "", approx, text[start:end])
    if g["num"]:
        digits = g["num"].replace(",", "")
        scale = MAGNITUDES.get(g["mag"] or "", 1.0)
        value = float(digits) * scale
        lo, hi = _interval(value, digits, scale)
        magnitude = g["mag"] or ""
    else:
        raw = g["cn"]
        if not _unit_after(after) and not after.startswith(("成", "%")):
            return None
        value = chinese_value(raw)
        if value is None or raw in ("万", "亿", "千", "百", "十"):
            return None
        lo = hi = value
        magnitude = ""
    unit, end = _unit(text, end)
    if not unit or _is_date(value, unit, text[end : end + 1]):
        return None  # a bare number is never checked; 2025年, 11月, 17日 are dates, not amounts
    approx = bool(g["approx"]) or _approx_before(text, m.start())
    if unit == "%" and g["num"]:
        lo, hi = _interval(value, digits, 1, rounded=True)
    if unit == "成":
        if text[end : end + 2] == "不变":
            return None  # 一成不变
        value, unit = value * 10, "%"
        lo, hi = value - 5, value + 5  # 三成 is a round figure: anything from 25% to 35%
    if text[end : end + 2] in APPROX_AFTER or text[end : end + 1] in APPROX_AFTER:
        approx = True
    if g.get("more") or text[m.end() : m.end() + 1] in ("余", "多"):
        approx = True
    if approx:
        lo, hi = min(lo, value * (1 - WIDEN)), max(hi, value * (1 + WIDEN))
    return Quantity(start + offset, end + offset, value, lo, hi, unit, magnitude, approx, text[start:end])


def _approx_before(text: str, start: int) -> bool:
    """约/近/超过… just before the figure, or opening its clause with no other figure between
    (约有留守儿童4200名)."""
    head = CLAUSE_TAIL.search(text, max(0, start - 10), start).group()
    if head.endswith(APPROX_BEFORE):
        return True
    m = APPROX_WORD.search(head)
    return bool(m) and not DIGIT.search(head, m.end())


def _is_date(value: float, unit: str, following: str) -> bool:
    whole = value == int(value)
    return whole and (
        (unit == "年" and 1900 <= value <= 2199 and following not in ("期", "间", "内", "来"))
        or (unit == "月" and 1 <= value <= 12)
        or (unit in ("日", "号") and 1 <= value <= 31)
    )


def _unit_after(after: str) -> str:
    m = UNIT.match(after.lstrip("余多"))
    return m.group() if m else ""


def _unit(text: str, end: int) -> tuple[str, int]:
    """The unit after a number, skipping 余/多 (3万余人, 200多个)."""
    skip = 1 if text[end : end + 1] in ("余", "多") else 0
    rest = text[end + skip : end + skip + 6]
    if rest.startswith("%") or rest.startswith("％"):
        return "%", end + skip + 1
    if rest.startswith("个百分点"):
        return "个百分点", end + skip + 4
    if rest.startswith("成") and not rest.startswith(("成为", "成效", "成立", "成功", "成果", "成本", "成员")):
        return "成", end + skip + 1
    unit = _unit_after(text[end : end + 6])
    return unit, end + skip + len(unit) if unit else end


def find_ratios(text: str, offset: int = 0) -> list[tuple[int, int, float, float]]:
    """(start, end, a, b) for ratios such as 15.5:1 (never clock times such as 8:30)."""
    out = []
    for m in RATIO.finditer(text):
        a, b = m.group("a"), m.group("b")
        if len(b) == 2 and b.isdigit() and ":" in m.group() and float(a) < 24 and "." not in a:
            continue  # 8:30 is a time
        out.append((m.start() + offset, m.end() + offset, float(a), float(b)))
    return out
