"""A typed ledger of awards across programmes: what was already decided, paid and clawed back.

Rules that depend on history — a bar on prior funding, caps per enterprise per year, top-ups,
stacking caps over all funding for one project, no-duplicate rules — read it as an explicit input;
no rule reaches for global state. The ledger is JSON-serialisable and immutable: recording an award
returns a new ledger.

```pycon
>>> from subsidycalc.money import Money
>>> ledger = Ledger().record(
...     LedgerEntry(
...         programme="珠海市5G应用示范", item="demo", level="city",
...         enterprise="91440403AY4CL12TH3", project_id="P1", year=2023, awarded=Money.from_wan(50),
...     )
... )
>>> ledger.total(enterprise="91440403AY4CL12TH3", year=2023).format_wan()
'50万元'

```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .models import Amount, CreditCode, FundingLevel, PriorFunding, Text
from .money import ZERO, Money
from .periods import DateField

__all__ = ["Ledger", "LedgerEntry", "Payment", "RoundResult"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Payment(_Frozen):
    """One tranche paid (or clawed back, with a negative ``clawback``)."""

    label: Text = Field(min_length=1)
    """E.g. ``第一次拨付（30%）``."""
    amount: Amount
    paid_on: DateField | None = None


class LedgerEntry(_Frozen):
    """One award decided for one enterprise's project under one programme item."""

    programme: Text = Field(min_length=1)
    item: Text = Field(min_length=1)
    level: FundingLevel
    enterprise: CreditCode
    project_id: Text = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    awarded: Amount
    """The award decided (for staged awards, the total of every stage)."""
    payments: tuple[Payment, ...] = ()
    clawed_back: Amount = ZERO
    """Amount recovered (追回) after a failed check."""
    claims: tuple[Text, ...] = ()
    """The invoices and contracts this award counted (``models.claim_key``): no other award may
    count them again."""

    @model_validator(mode="after")
    def _consistent(self) -> LedgerEntry:
        paid = sum((p.amount for p in self.payments), start=ZERO)
        if paid > self.awarded:
            raise ValueError(
                f"payments add up to {paid.format()}, more than the award {self.awarded.format()}: "
                "expected payments <= awarded"
            )
        if self.clawed_back > paid:
            raise ValueError(
                f"clawed_back {self.clawed_back.format()} exceeds what was paid ({paid.format()})"
            )
        return self

    @property
    def paid(self) -> Money:
        """What the enterprise holds: payments less claw-backs."""
        return sum((p.amount for p in self.payments), start=ZERO) - self.clawed_back

    def as_prior_funding(self) -> PriorFunding:
        return PriorFunding(
            level=self.level,
            programme=f"{self.programme} {self.item}",
            amount=self.awarded,
            project_id=self.project_id,
            year=self.year,
        )


class RoundResult(Protocol):
    """What `Ledger.with_round` reads of an allocation: its awards as ledger entries."""

    def ledger_entries(self) -> tuple[LedgerEntry, ...]: ...


class Ledger(_Frozen):
    """Every recorded award, in the order recorded."""

    entries: tuple[LedgerEntry, ...] = ()

    @classmethod
    def empty(cls) -> Ledger:
        """A ledger with no awards: "there are no earlier awards", said explicitly (rules that read
        history refuse to treat a missing ledger as this)."""
        return cls()

    def with_round(self, result: RoundResult) -> Ledger:
        """A new ledger with every award of an allocation round added (``Allocation``): next year's
        round reads them as earlier awards."""
        return Ledger(entries=(*self.entries, *result.ledger_entries()))

    def record(self, entry: LedgerEntry) -> Ledger:
        """A new ledger with ``entry`` added."""
        return Ledger(entries=(*self.entries, entry))

    def find(
        self,
        *,
        enterprise: str | None = None,
        project_id: str | None = None,
        programme: str | None = None,
        item: str | None = None,
        year: int | None = None,
        levels: frozenset[FundingLevel] | None = None,
    ) -> Iterator[LedgerEntry]:
        """The entries matching every filter given."""
        for entry in self.entries:
            if enterprise is not None and entry.enterprise != enterprise:
                continue
            if project_id is not None and entry.project_id != project_id:
                continue
            if programme is not None and entry.programme != programme:
                continue
            if item is not None and entry.item != item:
                continue
            if year is not None and entry.year != year:
                continue
            if levels is not None and entry.level not in levels:
                continue
            yield entry

    def total(
        self,
        *,
        enterprise: str | None = None,
        project_id: str | None = None,
        programme: str | None = None,
        item: str | None = None,
        year: int | None = None,
        levels: frozenset[FundingLevel] | None = None,
    ) -> Money:
        """Sum of the awards decided among the matching entries (same filters as `find`)."""
        found = self.find(
            enterprise=enterprise,
            project_id=project_id,
            programme=programme,
            item=item,
            year=year,
            levels=levels,
        )
        return sum((e.awarded for e in found), start=ZERO)
