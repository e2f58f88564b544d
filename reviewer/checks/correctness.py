"""correctness 严: wrong words, punctuation, placeholders, misused multiples.

来源：004 “文字和标点错误、语法不通、句子不顺”，要求“零差错”；GB/T 15834《标点符号用法》。

Rationale: these are the slips an editor must fix before a draft goes up. Each rule is precise
(the wrong characters only) and leaves correct uses alone: a confusion pair is skipped inside its
listed exceptions (化学反应, 以经济) and must sit on jieba word boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.flag import Hit, rule
from reviewer.resources import PhraseMatcher, read_toml, read_tsv

CJK = "\u4e00-\u9fff"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "(": ")"}
PAIR_CHARS = re.compile("[" + re.escape("".join(PAIRS) + "".join(PAIRS.values())) + "]")


@lru_cache(maxsize=1)
def _confusions():
    """Literal pairs in one automaton, `re:` pairs as regexes; both map to (right, exceptions)."""
    literal, regexes = {}, []
    for row in read_tsv("correctness/confusions.tsv"):
        wrong, right = row[0], row[1]
        exceptions = tuple(e for e in (row[2] if len(row) > 2 else "").split("|") if e)
        if wrong.startswith("re:"):
            regexes.append((re.compile(wrong[3:]), right, exceptions))
        else:
            literal[wrong] = (right, exceptions)
    return PhraseMatcher(literal), literal, regexes


def _inside_exception(text: str, start: int, end: int, exceptions) -> bool:
    """True when an occurrence of one of the exception strings covers text[start:end]."""
    for exc in exceptions:
        lo = max(0, end - len(exc))
        window = text[lo : start + len(exc)]
        i = window.find(exc)
        while i != -1:
            if lo + i <= start and lo + i + len(exc) >= end:
                return True
            i = window.find(exc, i + 1)
    return False


@rule("confusion", "correctness", "error", replaces=True)
def confusion(doc):
    """易混错字词：常见错别字与误用词（截止目前→截至目前，布署→部署，反应情况→反映情况）。
    来源：GUIDANCE 严 “截止目前→截至目前…反应情况→反映情况”；004 “文字和标点错误”
    示例：截止目前，该产品累计放款3.2亿元。
    """
    text = doc.norm
    matcher, literal, regexes = _confusions()
    found = [(m.start, m.end, *literal[m.key]) for m in matcher.find(text) if doc.on_boundaries(m.start, m.end)]
    found += [(m.start(), m.end(), right, exc) for regex, right, exc in regexes for m in regex.finditer(text)]
    for start, end, right, exceptions in found:
        if not _inside_exception(text, start, end, exceptions):
            yield Hit(start, end, f"“{doc.text[start:end]}”应为“{right}”", right)


@rule("halfwidth-punctuation", "correctness", "warning", replaces=True)
def halfwidth_punctuation(doc):
    """半角标点：中文句子中使用了英文半角逗号、分号、冒号、问号、叹号或括号。
    来源：GB/T 15834《标点符号用法》；004 “文字和标点错误”
    示例：会议要求,各单位要在月底前完成自查。
    """
    text = doc.norm
    for m in re.finditer(r"[,;:?!()]", text):
        i, ch = m.start(), m.group()
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        if ch in ",:" and before.isdigit() and after.isdigit():
            continue  # 1,200 and 15.5:1 and 8:30
        if not (re.match(f"[{CJK}]", before) or re.match(f"[{CJK}]", after)):
            continue  # English or code, not Chinese text
        if ch in "()" and _ascii_parenthetical(text, i):
            continue
        yield Hit(i, i + 1, f"中文语句中应使用全角“{HALF_TO_FULL[ch]}”", HALF_TO_FULL[ch])


def _ascii_parenthetical(text: str, i: int) -> bool:
    """(GDP) or (PM2.5): brackets around a Latin abbreviation are commonly half-width."""
    m = re.match(r"\([A-Za-z0-9.\- ]+\)", text[i:]) if text[i] == "(" else None
    n = re.search(r"\([A-Za-z0-9.\- ]+\)$", text[: i + 1]) if text[i] == ")" else None
    return bool(m or n)


@rule("unbalanced-pair", "correctness", "error")
def unbalanced_pair(doc):
    """成对标点不配对：引号、书名号、括号缺少另一半。
    来源：GB/T 15834《标点符号用法》；004 “文字和标点错误”
    示例：推行“一日办结改革，企业开办时间压缩至1个工作日。
    """
    closers = {v: k for k, v in PAIRS.items()}
    for line_start, line in _lines(doc.norm):
        stack = []
        for m in PAIR_CHARS.finditer(line):
            i, ch = m.start(), m.group()
            if ch in PAIRS:
                stack.append((ch, i))
            elif ch in closers:
                if stack and stack[-1][0] == closers[ch]:
                    stack.pop()
                elif any(o == closers[ch] for o, _ in stack):
                    while stack and stack[-1][0] != closers[ch]:
                        yield _unclosed(line_start, *stack.pop())
                    stack.pop()
                else:
                    yield Hit(line_start + i, line_start + i + 1, f"“{ch}”缺少对应的“{closers[ch]}”",
                              "")
        for opener, i in stack:
            yield _unclosed(line_start, opener, i)


def _unclosed(line_start: int, opener: str, i: int) -> Hit:
    return Hit(line_start + i, line_start + i + 1, f"“{opener}”缺少对应的“{PAIRS[opener]}”", "")


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


@rule("reduction-multiple", "correctness", "error")
def reduction_multiple(doc):
    """倍数误用：减少、下降、降低不能用“倍”表示，应改用百分数或分数。
    来源：GB/T 15835《出版物上数字用法》；GUIDANCE 严 “增长了N倍 misuse”
    示例：事故起数比去年下降了2倍。
    """
    pattern = r"(?:减少|下降|降低|缩小|缩减|减小)了?(?:近|约)?[0-9一二两三四五六七八九十.]+倍"
    for m in re.finditer(pattern, doc.norm):
        yield Hit(m.start(), m.end(), "减少、下降不能用倍数表示（“下降N倍”无意义）", "改用百分数，如“下降50%”")


@lru_cache(maxsize=1)
def _placeholders():
    return [(re.compile(p["pattern"]), p["what"]) for p in read_toml("correctness/placeholders.toml")["placeholder"]]


@rule("template-residue", "correctness", "error")
def template_residue(doc):
    """模板残留：稿件中留有 20xx、XX、××、*** 等占位符，要素没有写实。
    来源：GUIDANCE 真 “Template residue is never true: 20xx, XX村, ××, ***”
    示例：XX镇召开秋冬季防火工作会。
    """
    if not re.search(r"[xX×╳*＊○□]", doc.norm):
        return
    for regex, what in _placeholders():
        for m in regex.finditer(doc.norm):
            if _in_double_quotes(doc, m.start(), m.end()):
                continue  # “中国××协会”: a quoted name pattern, not a blank left unfilled
            yield Hit(m.start(), m.end(), f"占位符“{doc.text[m.start():m.end()]}”未替换为具体{what}",
                      f"填写具体{what}")


def _in_double_quotes(doc, start: int, end: int) -> bool:
    return any(doc.norm[q.start] == "“" and q.start < start and end < q.end for q in doc.quoted)


RULES = (confusion, halfwidth_punctuation, unbalanced_pair, reduction_multiple, template_residue)
