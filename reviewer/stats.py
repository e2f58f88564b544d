"""Counts over a results file: what the batch summary prints and the HTML report draws."""

from __future__ import annotations

from collections import Counter, defaultdict

from reviewer.flag import DIMENSION_NAMES, DIMENSIONS
from reviewer.labels import LABEL_NAMES, LABELS

NO_LABEL = "none"
NO_UNIT = "（未注明单位）"
AGE_BUCKETS = ((7, "一周内"), (30, "8–30天"), (90, "31–90天"), (365, "91–365天"), (None, "一年以上"))
NO_AGE = "导语无日期"


def age_bucket(days: int | None) -> str:
    if days is None:
        return NO_AGE
    return next(name for limit, name in AGE_BUCKETS if limit is None or days <= limit)


class Stats:
    """Streaming aggregates: `add()` each record once; memory grows with units and months, not drafts."""

    def __init__(self):
        self.total = self.errors = self.flagged = self.repeated = 0
        self.error_messages: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.by_unit: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_month: dict[str, Counter[str]] = defaultdict(Counter)
        self.dimension_flags: Counter[str] = Counter()
        self.dimension_drafts: Counter[str] = Counter()
        self.rules: Counter[tuple[str, str]] = Counter()
        self.stock_phrases: Counter[str] = Counter()
        self.ages: Counter[str] = Counter()
        self._parent: dict[str, str] = {}
        self._names: dict[str, tuple[str, str | None]] = {}

    def add(self, r: dict) -> None:
        self.total += 1
        if r.get("error"):
            self.errors += 1
            self.error_messages[r["error"]] += 1
            return
        label = (r.get("category") or {}).get("label") or NO_LABEL
        self.labels[label] += 1
        self.by_unit[r.get("unit") or NO_UNIT][label] += 1
        if r.get("date"):
            self.by_month[r["date"][:7]][label] += 1
        flags = r.get("flags") or []
        self.flagged += bool(flags)
        for f in flags:
            self.dimension_flags[f["dimension"]] += 1
            self.rules[f["dimension"], f["rule"]] += 1
            if f["rule"] == "boilerplate":
                self.stock_phrases[f["text"]] += 1
            self.repeated += f["rule"] == "repeated"
        for d in {f["dimension"] for f in flags}:
            self.dimension_drafts[d] += 1
        self.ages[age_bucket(r.get("event_age"))] += 1
        if r.get("duplicate_of"):
            self._link(r, r["duplicate_of"])

    def _link(self, r: dict, other: dict) -> None:
        a, b = r["source"], other["source"]
        self._names[a] = (r.get("title") or "", r.get("date"))
        self._names.setdefault(b, (other.get("title") or "", other.get("date")))
        self._parent[self._root(a)] = self._root(b)

    def _root(self, x: str) -> str:
        root = x
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while x != root:  # path compression
            self._parent[x], x = root, self._parent[x]
        return root

    def clusters(self) -> list[list[tuple[str, str, str | None]]]:
        """Groups of drafts that repeat one another: [(source, title, date), …], largest first."""
        groups: dict[str, list[str]] = defaultdict(list)
        for x in self._names:
            groups[self._root(x)].append(x)
        out = [sorted(((s, *self._names[s]) for s in members), key=lambda m: (m[2] or "", m[0]))
               for members in groups.values()]
        return sorted(out, key=lambda g: (-len(g), g[0][0]))

    def bad_news_units(self, limit: int | None = 20) -> list[tuple[str, int, int, int]]:
        """(unit, drafts, problem, early_warning), most problem + warning drafts first (喜忧兼报)."""
        rows = [(u, sum(c.values()), c["problem"], c["early_warning"]) for u, c in self.by_unit.items()]
        return sorted(rows, key=lambda r: (-(r[2] + r[3]), -r[1], r[0]))[:limit]


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, "未分类")


def summary(stats: Stats, out: str) -> str:
    """The few lines printed at the end of `reviewer batch`."""
    s = stats
    lines = [f"批量审读完成：共 {s.total} 篇，审读 {s.total - s.errors} 篇，出错 {s.errors} 篇，"
             f"有问题 {s.flagged} 篇。结果：{out}"]
    labels = [f"{label_name(x)} {s.labels[x]}" for x in (*LABELS, NO_LABEL) if s.labels[x]]
    lines.append("类别：" + ("，".join(labels) or "无"))
    dims = [f"{DIMENSION_NAMES[d]} {s.dimension_flags[d]} 处/{s.dimension_drafts[d]} 篇"
            for d in DIMENSIONS if s.dimension_flags[d]]
    lines.append("问题：" + ("，".join(dims) or "无"))
    groups = [g for g in s.clusters() if len(g) > 1]
    lines.append(f"重复报送：{s.repeated} 篇与更早的稿件重复；相似稿件 {len(groups)} 组，共 {sum(map(len, groups))} 篇")
    for group in groups[:5]:
        lines.append("  " + "；".join(f"{title}（{date or '无日期'}，{source}）" for source, title, date in group[:4])
                     + ("…" if len(group) > 4 else ""))
    for message, n in s.error_messages.most_common(5):
        lines.append(f"出错 {n} 篇：{message}")
    return "\n".join(lines) + "\n"
