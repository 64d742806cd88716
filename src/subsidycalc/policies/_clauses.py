"""What every policy module needs: builders of cited values bound to its document key
(``Clauses(PROGRAMME)``), and the dispatch of an application to the direction it names.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..citations import Citation, Cited
from ..ledger import Ledger
from ..models import Application
from ..money import Money, Ratio
from ..result import Assessment
from ..rules import AnyRules

__all__ = ["Clauses", "assess_in"]


def assess_in(
    directions: Mapping[str, AnyRules], programme: str, application: Application, ledger: Ledger | None = None
) -> Assessment:
    """Assess ``application`` under the direction or item its ``direction`` names, with the
    ``ledger`` of earlier awards its history rules read (``Ledger.empty()``: there are none)."""
    try:
        rules = directions[application.direction]
    except KeyError:
        raise ValueError(
            f"direction {application.direction!r} is not a direction of {programme}: expected one "
            f"of {', '.join(directions)}"
        ) from None
    return rules.assess(application, ledger)


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
