"""Every provision of a text with its status: encoded, left to review, not computable, context.

A *provision* is a sentence of the text that states a rule — a number with a comparison
(「不少于」「最高」「以上」「前」 …) or an obligation (「须」「不得」「原则上」) — or any sentence a rule
part cites. Each is accounted for:

* ``encoded`` — a rule part cites it (the directions and parts that do);
* ``review`` — a [`Review`][subsidycalc.parts.conditions.Review] cites it: an expert judges it;
* ``not_computable`` / ``context`` / ``review`` — the policy's ``PROVISIONS`` list it with the reason
  ([`Provision`][subsidycalc.citations.Provision]);
* ``absent`` — none of these: a gap. The policy pages list every provision, and a test keeps the
  ``absent`` rows at zero.

```pycon
>>> rows = provisions("doumen-2023")
>>> {row.status for row in rows} <= {"context", "encoded", "model", "not_computable", "review"}
True

```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from .citations import Citation, Provision
from .periods import Effective
from .registry import directions, document, exclusions_of, module
from .rules import values_of

__all__ = ["ProvisionRow", "listed_provisions", "provisions", "rule_like"]

_COMPARISON: Final = re.compile(
    r"不少于|不低于|不超过|不多于|不高于|以上|以下|至少|最高|超过|低于|之前|以前|前提交|截至|不得|须|原则上"
)
_QUANTITY: Final = re.compile(r"\d|[一二三四五六七八九十两]+(?:个|家|项|年|万|名|场|类|次|批)")
_SENTENCE_END: Final = re.compile(r"(?<=[。；！？])")


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One provision of a text."""

    line: int
    text: str
    status: str
    """``encoded``, ``review``, ``not_computable``, ``context`` or ``absent``."""
    where: str
    """The rules that cite it, or the reason it is not encoded."""


def rule_like(sentence: str) -> bool:
    """Whether a sentence states a rule: a quantity with a comparison or an obligation word."""
    return bool(_COMPARISON.search(sentence) and _QUANTITY.search(sentence))


def listed_provisions(programme: str) -> tuple[Provision, ...]:
    """The provisions the policy lists as not encoded (``PROVISIONS``), with their reasons."""
    found: tuple[Provision, ...] = getattr(module(programme), "PROVISIONS", ())
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        for sentence in _SENTENCE_END.split(line):
            if sentence.strip():
                yield number, sentence.strip()


def _cited(programme: str) -> tuple[dict[str, list[str]], set[str]]:
    """Quote → the rules whose parts cite it (reviews aside); and the quotes reviews cite."""
    cited: dict[str, list[str]] = {}
    reviewed: set[str] = set()
    for key, rules in directions(programme).items():
        for review in rules.reviews:
            reviewed.add(_squash(review.citation.quote))
        for citation in values_of(rules.model_copy(update={"reviews": ()}), Citation):
            cited.setdefault(_squash(citation.quote), []).append(key)
    for rule in exclusions_of(programme):
        for citation in values_of(rule, Citation):
            cited.setdefault(_squash(citation.quote), []).append(rule.name)
    effective = getattr(module(programme), "EFFECTIVE", None)
    if isinstance(effective, Effective) and effective.citation is not None:
        cited.setdefault(_squash(effective.citation.quote), []).append("EFFECTIVE")
    return cited, reviewed


def provisions(programme: str) -> tuple[ProvisionRow, ...]:
    """Every provision of the document's text, in text order, with its status."""
    text = document(programme).text()
    cited, reviewed = _cited(programme)
    listed = [(_squash(p.quote), p) for p in listed_provisions(programme)]
    rows = []
    for line, sentence in _sentences(text):
        squashed = _squash(sentence)
        citing = sorted({key for quote, keys in cited.items() if quote in squashed for key in keys})
        reviews = [quote for quote in reviewed if quote in squashed]
        notes = [p for quote, p in listed if quote in squashed]
        if not (citing or reviews or notes or rule_like(sentence)):
            continue
        if citing:
            status, where = "encoded", _keys(citing, len(directions(programme)))
        elif notes:
            status, where = notes[0].status, notes[0].reason
        elif reviews:
            status, where = "review", "专家评审（各方向的评审项）"
        else:
            status, where = "absent", ""
        rows.append(ProvisionRow(line, sentence, status, where))
    return tuple(rows)


def _keys(keys: list[str], total: int) -> str:
    directions_only = [k for k in keys if k]
    if len(directions_only) >= total > 3:
        return "所有方向 (all)"
    shown = "、".join(directions_only[:6])
    return shown + (f" 等{len(directions_only)}处" if len(directions_only) > 6 else "")
