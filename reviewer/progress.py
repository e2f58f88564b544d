"""Progress of a long run on stderr: a redrawn bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time

BAR = 30


def duration(seconds: float) -> str:
    seconds = int(seconds)
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{h}小时{m:02d}分" if h else f"{m}分{s:02d}秒" if m else f"{s}秒"


class Progress:
    """`update()` once per finished draft. `done` counts drafts finished in earlier runs too; the
    rate and the ETA use this run's drafts only."""

    def __init__(self, total: int, done: int = 0, stream=None, interval: float | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.done, self.first = total, done, done
        self.interval = interval if interval is not None else (0.2 if self.tty else 10.0)
        self.started = self.shown = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.shown >= self.interval:
            self.shown = now
            self.show()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (self.done - self.first) / elapsed
        left = max(self.total - self.done, 0)
        eta = duration(left / rate) if rate > 0 else "—"
        share = self.done / self.total if self.total else 1.0
        head = f"{self.done}/{self.total} 篇（{share:.1%}），{rate:.1f} 篇/秒，预计剩余 {eta}"
        if not self.tty:
            return f"reviewer：已审读 {head}"
        filled = int(BAR * share)
        return f"[{'#' * filled}{'.' * (BAR - filled)}] {head}"

    def show(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line() + "\033[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.show()
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()
