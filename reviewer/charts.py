"""Inline SVG bar charts drawn in Python: no script, no network. Every label is escaped."""

from __future__ import annotations

from html import escape

WIDTH = 760
LABEL_W = 220
ROW_H = 22
FONT = 'font-family="sans-serif" font-size="12"'


def _text(x: float, y: float, s: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} {extra}>{escape(str(s))}</text>'


def _rect(x: float, y: float, w: float, h: float, color: str, tip: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{escape(tip)}</title></rect>")


def _short(label: str, width: int = 34) -> str:
    """Cut a label to about `width` half-width columns (a Chinese character takes two)."""
    used = 0
    for i, ch in enumerate(label):
        used += 1 if ch.isascii() else 2
        if used > width:
            return label[:i] + "…"
    return label


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (f'<svg role="img" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}"><title>{escape(title)}</title>' + "".join(body) + "</svg>")


def legend(series: list[tuple[str, str, str]]) -> str:
    """series: (key, name, colour)."""
    items = "".join(f'<span class="key"><i style="background:{c}"></i>{escape(n)}</span>' for _, n, c in series)
    return f'<div class="legend">{items}</div>'


def hbar(rows: list[tuple[str, float]], title: str, color: str = "#4e79a7") -> str:
    """Horizontal bars, one row per (label, value), in the given order."""
    return stacked_hbar([(label, {"v": value}) for label, value in rows], [("v", title, color)], title)


def stacked_hbar(rows: list[tuple[str, dict]], series: list[tuple[str, str, str]], title: str) -> str:
    """One horizontal bar per row, split into `series` (key, name, colour)."""
    top = max((sum(v.get(k, 0) for k, _, _ in series) for _, v in rows), default=0) or 1
    scale = (WIDTH - LABEL_W - 60) / top
    body = []
    for i, (label, values) in enumerate(rows):
        y = i * ROW_H + 4
        body.append(_text(LABEL_W - 6, y + 14, _short(label), "end"))
        x = LABEL_W
        for key, name, color in series:
            n = values.get(key, 0)
            body.append(_rect(x, y, n * scale, ROW_H - 6, color, f"{label}：{name} {n}"))
            x += n * scale
        body.append(_text(x + 4, y + 14, f"{sum(values.get(k, 0) for k, _, _ in series):g}"))
    return _svg(WIDTH, len(rows) * ROW_H + 8, body, title)


def stacked_vbar(columns: list[tuple[str, dict]], series: list[tuple[str, str, str]], title: str) -> str:
    """One vertical bar per column (e.g. per month), split into `series`."""
    height, base, left = 260, 220, 40
    step = max(8.0, min(40.0, (WIDTH - left) / max(len(columns), 1)))
    width = left + step * len(columns) + 10
    top = max((sum(v.get(k, 0) for k, _, _ in series) for _, v in columns), default=0) or 1
    scale = (base - 20) / top
    body = [_text(left - 4, 24, f"{top:g}", "end"), _text(left - 4, base, "0", "end"),
            f'<line x1="{left}" y1="{base}" x2="{width - 10:.1f}" y2="{base}" stroke="#888"/>']
    every = max(1, int(40 // step))  # label every n-th column so that labels do not overlap
    for i, (label, values) in enumerate(columns):
        x, y = left + i * step, base
        for key, name, color in series:
            h = values.get(key, 0) * scale
            y -= h
            body.append(_rect(x + 1, y, step - 2, h, color, f"{label}：{name} {values.get(key, 0)}"))
        if i % every == 0:
            body.append(_text(x + step / 2, base + 14, label, "end",
                              f'transform="rotate(-45 {x + step / 2:.1f} {base + 14})"'))
    return _svg(width, height, body, title)
