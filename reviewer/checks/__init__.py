"""The one explicit registry of checks. Each module exposes `RULES`, a tuple of `Rule`s."""

from __future__ import annotations

from collections.abc import Iterator

from reviewer.checks import arithmetic, conciseness, confidentiality, correctness, freshness, structure, truth
from reviewer.flag import Flag, Rule

CHECKS = (conciseness, truth, arithmetic, freshness, correctness, confidentiality, structure)


def all_rules() -> list[Rule]:
    return [r for module in CHECKS for r in module.RULES]


def listed_rules() -> list[Rule]:
    """Every rule a user can meet: the checks' rules and the archive comparison's `repeated`."""
    from reviewer.novelty import REPEATED

    return [*all_rules(), REPEATED]


def check(doc) -> Iterator[Flag]:
    """Every rule of every registered check on one document."""
    for r in all_rules():
        yield from r.apply(doc)
