"""`reviewer report`: a self-contained HTML report and a per-draft CSV from a batch results file.

The HTML has no script and loads nothing: charts are inline SVG (reviewer.charts), styles are
inline, and every piece of draft-derived text is escaped. The CSV is UTF-8 with a BOM so that
Excel opens it as such, and cells that a spreadsheet would read as a formula are quoted with '.
"""

from __future__ import annotations

import csv
import datetime as dt
from html import escape
from pathlib import Path

from reviewer import charts, results
from reviewer.flag import DIMENSION_NAMES, DIMENSIONS, SEVERITIES, SEVERITY_NAMES
from reviewer.labels import BAD_NEWS, LABEL_COLOURS, LABELS, NO_LABEL_COLOUR
from reviewer.stats import AGE_BUCKETS, NO_AGE, NO_LABEL, Stats, label_name

COLORS = {**LABEL_COLOURS, NO_LABEL: NO_LABEL_COLOUR}
SERIES = [(x, label_name(x), COLORS[x]) for x in (*LABELS, NO_LABEL)]
TOP_UNITS, TOP_RULES, TOP_PHRASES, TOP_CLUSTERS = 20, 25, 30, 50
CSV_COLUMNS = ["序号", "编号", "来源", "标题", "日期", "单位", "类别", "置信度", "需人工确认", "问题数",
               *(DIMENSION_NAMES[d] for d in DIMENSIONS), *(SEVERITY_NAMES[s] for s in reversed(SEVERITIES)),
               "重复于", "相似度", "出错原因"]
STYLE = """
body{font-family:sans-serif;margin:2em auto;max-width:960px;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
td.n{text-align:right}.legend{margin:.3em 0}.key{margin-right:1em}
.key i{display:inline-block;width:10px;height:10px;margin-right:4px}.note{color:#666;font-size:.9em}
"""


class ReportError(Exception):
    """The results file cannot be read; the message is in Chinese."""


def write(results_path: str, html_path: str | None = None, csv_path: str | None = None) -> Stats:
    """One pass over the results: the per-draft CSV row by row, the counts for the HTML."""
    if not Path(results_path).is_file():
        raise ReportError(f"结果文件不存在：{results_path}")
    stats = Stats()
    sheet = open(csv_path, "w", encoding="utf-8-sig", newline="") if csv_path else None
    try:
        writer = csv.writer(sheet) if sheet else None
        if writer:
            writer.writerow(CSV_COLUMNS)
        for record in results.read(results_path):
            stats.add(record)
            if writer:
                writer.writerow(csv_row(record))
    except (ValueError, KeyError, TypeError) as e:
        raise ReportError(f"无法读取结果文件 {results_path}（{e}），请确认它由 reviewer batch 生成") from None
    finally:
        if sheet:
            sheet.close()
    if html_path:
        Path(html_path).write_text(html(stats, results_path), encoding="utf-8")
    return stats


def csv_row(r: dict) -> list:
    flags = r.get("flags") or []
    category = r.get("category") or {}
    dup = r.get("duplicate_of") or {}
    per_dim = [sum(f["dimension"] == d for f in flags) for d in DIMENSIONS]
    per_sev = [sum(f["severity"] == s for f in flags) for s in reversed(SEVERITIES)]
    row = [r["seq"], r["id"], r["source"], r.get("title") or "", r.get("date") or "", r.get("unit") or "",
           label_name(category["label"]) if category else "", category.get("confidence", ""),
           "是" if category.get("uncertain") else "", len(flags), *per_dim, *per_sev,
           f"{dup['title']}（{dup.get('date') or '无日期'}，{dup['id']}）" if dup else "",
           dup.get("similarity", ""), r.get("error") or ""]
    return [_cell(v) for v in row]


def _cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def html(s: Stats, source: str) -> str:
    parts = [f"<h1>稿件审读报告</h1><p class=note>结果文件：{escape(source)}；生成时间："
             f"{dt.datetime.now():%Y-%m-%d %H:%M}</p>", _overview(s)]
    parts += _section("类别构成（按单位，稿件最多的 20 个单位）", charts.legend(SERIES) + charts.stacked_hbar(
        _top_units(s), SERIES, "各单位稿件类别"))
    months = sorted(s.by_month.items())
    parts += _section("类别构成（按月份）", charts.legend(SERIES) + charts.stacked_vbar(months, SERIES, "各月稿件类别")
                      if months else "<p>没有日期信息。</p>")
    parts += _section("问题按维度（处）", charts.hbar(
        [(f"{DIMENSION_NAMES[d]}（{d}）", s.dimension_flags[d]) for d in DIMENSIONS], "各维度问题数"))
    parts += _section(f"问题按规则（前 {TOP_RULES} 条）", charts.hbar(
        [(f"{DIMENSION_NAMES[d]}/{rule}", n) for (d, rule), n in s.rules.most_common(TOP_RULES)], "各规则问题数"))
    phrases = s.stock_phrases.most_common(TOP_PHRASES)
    parts += _section(f"高频套话（前 {TOP_PHRASES} 个，规则 boilerplate）",
                      charts.hbar(phrases, "套话出现次数", "#b07aa1") if phrases else "<p>未发现套话。</p>")
    parts += _section("所报事件距报送日期", charts.hbar(
        [(name, s.ages[name]) for _, name in AGE_BUCKETS], "事件时效", "#76b7b2")
        + f"<p class=note>按导语中第一个具体日期计算；导语没有具体日期的 {s.ages[NO_AGE]} 篇未计入。</p>")
    parts += _section("喜忧兼报：问题类、预警类稿件最多的单位", _bad_news(s))
    parts += _section("重复报送（相似稿件组）", _clusters(s))
    parts += _section("无法审读的稿件", _errors(s))
    body = "\n".join(parts)
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>稿件审读报告</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _section(title: str, content: str) -> list[str]:
    return [f"<h2>{escape(title)}</h2>", content]


def _table(head: list[str], rows: list[list]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    trs = "".join("<tr>" + "".join(map(_td, row)) + "</tr>" for row in rows)
    return f"<table><tr>{th}</tr>{trs}</table>"


def _td(value) -> str:
    if isinstance(value, int | float):
        return f"<td class=n>{value}</td>"
    return f"<td>{escape(str(value))}</td>"


def _overview(s: Stats) -> str:
    rows = [["稿件总数", s.total], ["已审读", s.total - s.errors], ["无法审读", s.errors], ["有问题的稿件", s.flagged],
            ["与更早稿件重复", s.repeated]]
    rows += [[label_name(x), s.labels[x]] for x in (*LABELS, NO_LABEL) if s.labels[x]]
    return _table(["项目", "篇数"], rows)


def _top_units(s: Stats) -> list[tuple[str, dict]]:
    units = sorted(s.by_unit.items(), key=lambda u: (-sum(u[1].values()), u[0]))
    return [(unit, dict(c)) for unit, c in units[:TOP_UNITS]]


def _bad_news(s: Stats) -> str:
    rows = s.bad_news_units()
    bad = [x for x in SERIES if x[0] in BAD_NEWS]
    chart = charts.legend(bad) + charts.stacked_hbar(
        [(u, {"problem": p, "early_warning": w}) for u, _, p, w in rows if p + w], bad, "问题类、预警类稿件数")
    table = _table(["单位", "稿件数", "问题类", "预警类", "占比"],
                   [[u, n, p, w, f"{(p + w) / n:.0%}"] for u, n, p, w in rows])
    silent = [u for u, n, p, w in s.bad_news_units(limit=None) if n >= 10 and not p + w]
    if silent:
        table += f"<p>报送 10 篇以上却没有问题类、预警类稿件的单位：{escape('、'.join(silent[:30]))}</p>"
    return chart + table


def _clusters(s: Stats) -> str:
    groups = [g for g in s.clusters() if len(g) > 1]
    if not groups:
        return "<p>未发现相似稿件。</p>"
    rows = [[i + 1, len(g), _members(g)] for i, g in enumerate(groups[:TOP_CLUSTERS])]
    return (f"<p>{len(groups)} 组相似稿件，共 {sum(map(len, groups))} 篇；{s.repeated} 篇标为与更早的稿件重复。</p>"
            + _table(["组", "篇数", "稿件（标题、日期、来源）"], rows))


def _members(group: list, limit: int = 6) -> str:
    shown = "；".join(f"{title}（{date or '无日期'}，{source}）" for source, title, date in group[:limit])
    return shown + ("…" if len(group) > limit else "")


def _errors(s: Stats) -> str:
    if not s.errors:
        return "<p>全部稿件均已审读。</p>"
    return _table(["原因", "篇数"], [[m, n] for m, n in s.error_messages.most_common(30)])

