"""conciseness 精: stock phrases, stacked modifiers, parallel padding, preambles, length.

来源：003 “能省的字、句、段要毫不留情地删去”；001 “语言要精”，“华和实”；GUIDANCE 精。

Rationale: a leader reads dozens of drafts; every empty phrase costs attention and hides the
facts. Density, not presence, decides: one 高度重视 in a long, factual draft is tolerated, three
stock phrases in a short one are an error (GUIDANCE: "Judge density, not presence alone").
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.flag import Hit, rule
from reviewer.resources import PhraseMatcher, read_lines, read_toml, read_tsv

LONG_SENTENCE = 120  # characters; a sentence longer than this is hard to take in at one reading
LONG_DRAFT = 1500  # characters of body; drafts are typically 150–800 (GUIDANCE §1)
MIN_WEIGHT = 3  # total stock-phrase weight from which mild phrases are flagged too
ERROR_DENSITY = 1.5  # stock-phrase weight per 100 characters from which flags are errors


@lru_cache(maxsize=1)
def _lexicon():
    table = {row[0]: (int(row[1]) if len(row) > 1 and row[1] else 1, row[2] if len(row) > 2 and row[2] else "删去")
             for row in read_tsv("conciseness/boilerplate.tsv")}
    return PhraseMatcher(table), table


def boilerplate_matches(doc):
    """Stock phrases of the draft (outside quotes) with their weights: shared with density scoring."""
    matcher, table = _lexicon()
    return [(m, *table[m.key]) for m in matcher.find(doc.norm) if not doc.in_quotes(m.start, m.end)]


@rule("boilerplate", "conciseness", "warning")
def boilerplate(doc):
    """套话：空洞的固定说法（在…的坚强领导下、高度重视、取得了明显成效），按密度定级。
    来源：003 “能省的字、句、段要毫不留情地删去”；GUIDANCE 精 “Boilerplate 套话”
    示例：在市委、市政府的坚强领导下，全市上下高度重视、精心组织，取得了明显成效。
    """
    found = boilerplate_matches(doc)
    total = sum(weight for _, weight, _ in found)
    if total < MIN_WEIGHT and not any(weight >= 2 for _, weight, _ in found):
        return
    density = 100 * total / max(100, len(doc.body))
    severity = "error" if density >= ERROR_DENSITY and total >= MIN_WEIGHT else "warning"
    for m, _, suggestion in found:
        yield Hit(m.start, m.end, f"套话“{doc.text[m.start:m.end]}”没有信息量（全文套话密度 {density:.1f}/百字）",
                  suggestion, severity)


@lru_cache(maxsize=1)
def _stacked():
    words = "|".join(map(re.escape, sorted(read_lines("conciseness/modifiers.txt"), key=len, reverse=True)))
    return re.compile(f"(?:(?:{words})[、和与]?){{2,}}(?:{words})")


@rule("stacked-modifiers", "conciseness", "warning")
def stacked_modifiers(doc):
    """堆砌修饰语：三个以上空泛修饰语连用（全面深入细致、扎实有序高效）。
    来源：003 “能省的字、句、段要毫不留情地删去”；001 “华和实”
    示例：组织力量进行了一次全面深入细致的专项督查。
    """
    if sum(doc.norm.count(w) for w in read_lines("conciseness/modifiers.txt")) < 3:
        return  # fewer than three modifiers in the whole draft: nothing can be stacked
    for m in _stacked().finditer(doc.norm):
        yield Hit(m.start(), m.end(), f"“{doc.text[m.start():m.end()]}”堆砌修饰语，不增加信息", "删去，或写明具体做法")


@lru_cache(maxsize=1)
def _heads() -> re.Pattern:
    words = set(read_lines("conciseness/parallel_heads.txt")) | set(read_lines("conciseness/modifiers.txt"))
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _clause_heads(doc):
    """(clause index, head word, offset) for clauses that open with a stock head word, allowing a
    short subject before it (我区进一步…)."""
    seen = set()
    for m in _heads().finditer(doc.norm):
        i = doc.clause_index(m.start())
        clause = doc.clauses[i]
        offset = m.start() - clause.start
        if 0 <= offset <= 3 and i not in seen and m.end() < clause.end:
            seen.add(i)
            yield i, m.group(), offset


@rule("parallel-repetition", "conciseness", "warning")
def parallel_repetition(doc):
    """排比凑数：连续三个以上分句以同一个虚词开头（进一步A，进一步B，进一步C）。
    来源：003 “能省的字、句、段要毫不留情地删去”；GUIDANCE 精 “parallel repetition”
    示例：进一步健全工作机制，进一步细化任务分工，进一步强化督查考核。
    """
    run: list = []  # consecutive clauses opening with the same head; later ones with no subject
    for i, head, offset in [*_clause_heads(doc), (-1, None, 0)]:
        if run and not (i == run[-1][0] + 1 and head == run[0][1] and offset == 0):
            if len(run) >= 3:
                yield _repetition_hit(doc, run)
            run = []
        if head:
            run.append((i, head, offset))


def _repetition_hit(doc, run) -> Hit:
    first, head, offset = doc.clauses[run[0][0]], run[0][1], run[0][2]
    last = doc.clauses[run[-1][0]]
    end = last.end - len(re.search(r"[，、；：。！？,;:!?\n]*$", doc.norm[last.start : last.end]).group())
    return Hit(first.start + offset, end, f"连续{len(run)}个分句以“{head}”开头，排比凑数", "合并为一句，写明具体措施")


@lru_cache(maxsize=1)
def _preamble():
    data = read_toml("conciseness/preamble.toml")
    return re.compile(data["lead_in"]), re.compile(data["closing"]), data["min_clauses"], data["max_chars"]


@rule("long-preamble", "conciseness", "warning")
def long_preamble(doc):
    """冗长开头：正文先用“为了…按照…根据…”铺垫，或写“现将有关情况报告如下”，迟迟不进入事实。
    来源：003 “能省的字、句、段要毫不留情地删去”；GUIDANCE 精 “Long preambles before the fact”
    示例：为了认真贯彻落实上级部署，按照市委统一安排，根据工作要求，现将有关情况报告如下。
    """
    lead_in, closing, min_clauses, max_chars = _preamble()
    lead = doc.lead
    if lead is None:
        return
    opening, pos = [], lead.start
    for part in re.split(r"(?<=[，,])", doc.norm[lead.start : lead.end]):
        if not lead_in.search(part):
            break
        opening.append((pos, pos + len(part.rstrip("，,"))))
        pos += len(part)
    if opening:
        start, end = opening[0][0], opening[-1][1]
        if len(opening) >= min_clauses or end - start > max_chars:
            yield Hit(start, end, f"开头用{len(opening)}个分句铺垫依据，迟迟不进入事实", "删去铺垫，直接写事实")
    for m in closing.finditer(doc.norm, doc.body_start, min(len(doc.norm), doc.body_start + 400)):
        yield Hit(m.start(), m.end(), "“现将有关情况报告如下”是公文套语，信息稿不需要", "删去")


@rule("long-sentence", "conciseness", "suggestion")
def long_sentence(doc):
    """长句：一句话超过120字，读者难以一次读懂。
    来源：003 “简洁、明了、严谨、清晰”
    示例：（一个超过120字、中间只用逗号连接的句子）
    """
    for s in doc.sentences:
        text = doc.norm[s.start : s.end].rstrip("。！？；!?;\n")
        if s.start >= doc.body_start and len(text) > LONG_SENTENCE:
            yield Hit(s.start, s.start + len(text), f"句子长达{len(text)}字，建议拆分", "拆成两三个短句")


@rule("long-draft", "conciseness", "suggestion")
def long_draft(doc):
    """篇幅过长：正文超过1500字，信息稿一般在800字以内、一事一报。
    来源：003 “一则信息一般只集中反映一个主题”；GUIDANCE §1 “typically 150–800 characters”
    示例：（正文超过1500字的稿件）
    """
    body = doc.body.strip()
    if len(body) > LONG_DRAFT:
        yield Hit(0, doc.title_end or len(doc.text), f"正文{len(body)}字，篇幅过长", "压缩到800字以内，或拆成几篇",
                  "warning" if len(body) > 2 * LONG_DRAFT else None)


REDUNDANT_APPROX = re.compile(
    r"(?:大约|约|近|将近|估计|大概)\d[\d.,]*[万亿千百]?[^\d，。；、]{0,4}?(?:左右|上下)"
    r"|(?:超过|逾|多于|高于|不少于)\d[\d.,]*[万亿千百]?[^\d，。；、]{0,4}?以上"
    r"|(?:大约|约|近|将近)\d[\d.,]*[万亿千百]?余"
)


@rule("redundant-approximation", "conciseness", "warning")
def redundant_approximation(doc):
    """约数叠用：“约…左右”“超过…以上”重复表示约数。
    来源：GB/T 15835《出版物上数字用法》；003 “能省的字、句、段要毫不留情地删去”
    示例：观展群众约2万人次左右。
    """
    for m in REDUNDANT_APPROX.finditer(doc.norm):
        yield Hit(m.start(), m.end(), "约数词重复（“约”与“左右”、“超过”与“以上”只用其一）", "删去其中一个约数词")


RULES = (boilerplate, stacked_modifiers, parallel_repetition, long_preamble, long_sentence, long_draft,
         redundant_approximation)
