"""Bar charts as plain geometry for the SVG templates (`_chart_*.html`): drawn on the server,
no script, no CDN. Labels stay data; the template escapes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.labels import BAD_NEWS, LABEL_COLOURS, LABELS, NO_LABEL_COLOUR
from reviewer.stats import label_name as category_name

WIDTH, LABEL_W, BAR_W, ROW_H, TOP = 800, 210, 420, 26, 30
LABEL_PX = LABEL_W - 16  # room for a row label at 12px: about 12px per Chinese character, 7px per Latin
CATEGORY_COLOURS = {**LABEL_COLOURS, "": NO_LABEL_COLOUR}
CATEGORY_ORDER = (*LABELS, "")
WORRY = BAD_NEWS


@dataclass
class Part:
    x: float
    w: float
    colour: str
    title: str


@dataclass
class Row:
    label: str
    y: float
    parts: list[Part] = field(default_factory=list)
    note: str = ""

    @property
    def short(self) -> str:
        """The label cut to fit the label column, with an ellipsis when cut."""
        width = 0
        for i, c in enumerate(self.label):
            width += 12 if ord(c) > 0x2E80 else 7
            if width > LABEL_PX:
                return self.label[:i] + "…"
        return self.label


@dataclass
class Chart:
    rows: list[Row]
    legend: list[tuple[str, str]]
    width: int = WIDTH

    @property
    def height(self) -> int:
        return TOP + ROW_H * max(len(self.rows), 1) + 10

    label_w: int = LABEL_W
    bar_w: int = BAR_W
    row_h: int = ROW_H


def category_mix(counts: dict[str, dict[str, int]], limit: int = 30) -> Chart:
    """One 100%-stacked bar per group (unit or month): its drafts by category, and the share of
    problem and early-warning drafts (喜忧兼报) at the end of the row."""
    rows = []
    for i, (group, by_cat) in enumerate(list(counts.items())[:limit]):
        total = sum(by_cat.values())
        row, x = Row(group, TOP + i * ROW_H), float(LABEL_W)
        for cat in CATEGORY_ORDER:
            n = by_cat.get(cat, 0)
            if n:
                w = BAR_W * n / total
                row.parts.append(Part(round(x, 1), round(w, 1), CATEGORY_COLOURS[cat],
                                      f"{group} {category_name(cat)}：{n} 篇（{n / total:.0%}）"))
                x += w
        worry = sum(by_cat.get(c, 0) for c in WORRY)
        row.note = f"{total} 篇，问题/预警 {worry / total:.0%}"
        rows.append(row)
    return Chart(rows, [(category_name(c), CATEGORY_COLOURS[c]) for c in CATEGORY_ORDER])


def bars(items: list[tuple[str, float, str]], colour: str = "#4e79a7", scale: float | None = None) -> Chart:
    """Plain horizontal bars: (label, value, note) per row, scaled to the largest value."""
    top = scale or max((v for _, v, _ in items), default=0) or 1
    rows = []
    for i, (label, value, note) in enumerate(items):
        w = round(BAR_W * value / top, 1)
        rows.append(Row(label, TOP + i * ROW_H, [Part(LABEL_W, w, colour, f"{label}：{note}")], note))
    return Chart(rows, [])


def group_counts(rows) -> dict[str, dict[str, int]]:
    """Rows of (grp, category, n) from the database as {group: {category: n}}."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["grp"], {})[r["category"]] = r["n"]
    return out
