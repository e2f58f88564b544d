"""The one output type every check produces, and the rule metadata behind it."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DIMENSIONS = ("conciseness", "truth", "freshness", "correctness", "confidentiality", "structure")
DIMENSION_NAMES = {
    "conciseness": "精",
    "truth": "真",
    "freshness": "新",
    "correctness": "错别字/规范",
    "confidentiality": "保密",
    "structure": "文题/要素",
}
SEVERITIES = ("suggestion", "warning", "error")
SEVERITY_NAMES = {"suggestion": "建议", "warning": "警告", "error": "错误"}


@dataclass(frozen=True)
class Flag:
    """A span of the original text that breaks a rule.

    `start`/`end` are character offsets into the original (decoded, unnormalised) text and
    `text` is exactly `original[start:end]`.
    """

    dimension: str
    rule: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str = ""
    severity: str = "warning"

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Hit:
    """What a rule function yields: a span of the document and what to say about it."""

    start: int
    end: int
    message: str
    suggestion: str = ""
    severity: str | None = None  # None: the rule's default severity


@dataclass(frozen=True)
class Rule:
    """A rule: an id, its dimension, its default severity and the function that applies it.

    The function's docstring is the rule's documentation: first line a brief in Chinese, then
    lines `来源：…` (the guideline it enforces) and `示例：…` (a sentence it flags).
    """

    id: str
    dimension: str
    severity: str
    func: Callable[..., Iterator[Hit]]
    replaces: bool = False  # the suggestion is the exact replacement for the flagged text

    def apply(self, doc) -> Iterator[Flag]:
        for hit in self.func(doc):
            severity = hit.severity or self.severity
            yield Flag(self.dimension, self.id, hit.start, hit.end, doc.text[hit.start : hit.end],
                       hit.message, hit.suggestion, severity)

    def _field(self, key: str) -> str:
        for line in inspect.getdoc(self.func).splitlines():
            if line.startswith(key + "："):
                return line[len(key) + 1 :].strip()
        return ""

    @property
    def brief(self) -> str:
        return inspect.getdoc(self.func).splitlines()[0]

    @property
    def source(self) -> str:
        return self._field("来源")

    @property
    def example(self) -> str:
        return self._field("示例")


def rule(rule_id: str, dimension: str, severity: str, replaces: bool = False):
    """Decorator turning a generator function `f(doc) -> Iterator[Hit]` into a `Rule`.
    `replaces`: the rule's suggestions are literal replacements an editor can apply in one click."""
    assert dimension in DIMENSIONS and severity in SEVERITIES, (dimension, severity)

    def wrap(func):
        return Rule(rule_id, dimension, severity, func, replaces)

    return wrap
