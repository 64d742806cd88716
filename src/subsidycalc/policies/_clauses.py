"""Builders of cited values for one policy document, shared by the policy modules.

Every module needs the same few constructors — a citation, an amount in 万元, a rate, a count —
each bound to its own document key. ``Clauses(PROGRAMME)`` gives them once.
"""

from __future__ import annotations

from ..citations import Citation, Cited
from ..money import Money, Ratio

__all__ = ["Clauses"]


class Clauses:
    """Cited-value constructors bound to one document key."""

    __slots__ = ("programme",)

    def __init__(self, programme: str) -> None:
        self.programme = programme

    def cite(self, clause: str, quote: str) -> Citation:
        return Citation(document=self.programme, clause=clause, quote=quote)

    def wan(self, amount: int, label: str, clause: str, quote: str) -> Cited[Money]:
        """An amount given in 万元."""
        return Cited[Money](value=Money.from_wan(amount), label=label, citation=self.cite(clause, quote))

    def ratio(self, text: str, label: str, clause: str, quote: str) -> Cited[Ratio]:
        return Cited[Ratio](value=Ratio.parse(text), label=label, citation=self.cite(clause, quote))

    def count(self, value: int, label: str, clause: str, quote: str) -> Cited[int]:
        return Cited[int](value=value, label=label, citation=self.cite(clause, quote))
