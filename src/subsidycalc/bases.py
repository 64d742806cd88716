"""Bases: what a rule's rate is applied to, and the measures its conditions read.

* :class:`InvoiceBase` — invoices inside a window, of the cost categories the text counts,
  tax-exclusive; the award base is the part in the base categories (or the purchase amount where
  the text pays on 「购买费用」). Each invoice gets a ledger line with the reason it was counted or not.
* :class:`DeclaredBase` — a declared project amount (实际总投资额, 设备和软件投入 …), a decided amount
  or a lump sum: the measures are the application's declarations.

Both set the context's measures; the payout (:mod:`subsidycalc.payout`) reads the base measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Final

from .citations import Cited
from .conditions import FACT_LABELS, Condition, measures_read
from .findings import Code
from .gates import ProviderRule
from .models import Application, Category
from .money import ZERO, Money
from .parts import Context, Measure, Step, normalise_name
from .periods import DateWindow
from .result import InvoiceLine

__all__ = ["ALL_FACTS", "DeclaredBase", "InvoiceBase", "PurchaseBasis", "add_declared_measures", "facts_read"]


class PurchaseBasis(StrEnum):
    """What 「购买费用」 is measured on (斗门 方向六): the invoiced or the contracted amount."""

    INVOICED = "invoiced"
    CONTRACTED = "contracted"


_INVOICE_ORDER: Final = attrgetter("issued_on", "number")
ALL_FACTS: Final = tuple((f"facts.{name}", name) for name in FACT_LABELS)
"""Every fact, as ``(measure, field name)``."""


def facts_read(conditions: tuple[Condition, ...]) -> tuple[tuple[str, str], ...]:
    """The facts the conditions read, as ``(measure, field name)``: only these are looked up."""
    names = {m for m in measures_read(conditions) if m.startswith("facts.")}
    return tuple((m, m.removeprefix("facts.")) for m in sorted(names))


def add_declared_measures(
    application: Application,
    measures: dict[str, Measure],
    facts_needed: tuple[tuple[str, str], ...] = ALL_FACTS,
) -> None:
    """The declared project amounts and the facts a rule reads (all, unless told), by measure name."""
    project = application.project
    measures["project.planned_investment"] = project.planned_investment
    measures["project.actual_investment"] = project.actual_investment
    equipment = project.equipment_software_investment
    measures["project.equipment_software_net"] = (
        None if equipment is None else max(equipment - (project.city_funded_investment or ZERO), ZERO)
    )
    contract, invoice = project.equipment_contract_amount, project.equipment_invoice_amount
    measures["project.equipment_contract_invoice"] = (
        None if contract is None or invoice is None else min(contract, invoice)
    )
    measures["project.service_contract_amount"] = project.service_contract_amount
    measures["decided_amount"] = application.decided_amount
    facts = application.facts
    for measure, name in facts_needed:
        measures[measure] = getattr(facts, name)


@dataclass(frozen=True, slots=True)
class InvoiceBase:
    """Invoices in a window, counted by category (and provider list), tax-exclusive."""

    window: Cited[DateWindow]
    counted: Cited[frozenset[Category]]
    excluded: Cited[frozenset[Category]] | None
    base: Cited[frozenset[Category]]
    base_includes_scenarios: bool
    purchase_basis: Cited[PurchaseBasis] | None
    providers: ProviderRule | None
    facts_needed: tuple[tuple[str, str], ...]

    def compile(self) -> Step:
        window = self.window.value
        first, last = window.start, window.end
        counted_categories = self.counted.value
        base_categories = self.base.value
        excluded = self.excluded
        providers = self.providers
        only_listed = providers is not None and providers.only_listed
        with_scenarios = self.base_includes_scenarios
        contracted = self.purchase_basis is not None and self.purchase_basis.value is PurchaseBasis.CONTRACTED
        by_purchase = self.purchase_basis is not None
        facts_needed = self.facts_needed
        outside_window = f"不计入：发票时间不在{self.window.value}内 {self.window.citation}"
        excluded_reason = {
            category: (
                f"不计入：{category.label}属于不予计入的费用 {excluded.citation}"
                if excluded is not None and category in excluded.value
                else f"不计入：{category.label}不在可计入的项目投入费用范围内 {self.counted.citation}"
            )
            for category in Category
            if category not in counted_categories
        }
        unlisted_reason = (
            f"不计入：供应商不在所在集群服务商名单（附件1）内 {providers.citation}" if providers is not None else ""
        )
        not_in_base_reason = {
            category: f"计入投资额；{category.label}不属于奖补基数 {self.base.citation}"
            for category in counted_categories - base_categories
        }
        listed_cache: dict[frozenset[str], frozenset[str] | None] = {}

        def step(ctx: Context) -> None:
            application = ctx.application
            members = ctx.members
            if members in listed_cache:
                listed = listed_cache[members]
            else:
                listed = listed_cache[members] = None if providers is None else providers.listed_for(members)
            ctx.listed = listed
            applicant = application.enterprise.credit_code
            eligible = base = lead = 0
            lines: list[InvoiceLine] = []
            for inv in sorted(application.invoices, key=_INVOICE_ORDER):
                amount = inv.amount_excl_tax
                counted = in_base = False
                if not first <= inv.issued_on <= last:
                    code = Code.INVOICE_OUTSIDE_WINDOW
                    reason = outside_window
                elif inv.category not in counted_categories:
                    code = Code.CATEGORY_EXCLUDED
                    reason = excluded_reason[inv.category]
                elif only_listed and (listed is None or normalise_name(inv.supplier) not in listed):
                    code = Code.SUPPLIER_NOT_LISTED
                    reason = unlisted_reason
                else:
                    counted = True
                    eligible += amount.fen
                    if inv.payer is None or inv.payer == applicant:
                        lead += amount.fen
                    if inv.category in base_categories or (with_scenarios and inv.scenario):
                        in_base = True
                        base += amount.fen
                        code = Code.INVOICE_COUNTED
                        reason = "计入投资额及奖补基数" + (f"（应用场景：{inv.scenario}）" if inv.scenario else "")
                    else:
                        code = Code.CATEGORY_NOT_IN_BASE
                        reason = not_in_base_reason[inv.category]
                lines.append(
                    InvoiceLine(
                        inv.number, inv.issued_on, inv.supplier, inv.category, amount, counted, in_base, code, reason
                    )
                )
            contract_total = sum(
                c.amount_excl_tax.fen
                for c in application.contracts
                if not only_listed or (listed is not None and normalise_name(c.supplier) in listed)
            )
            purchase = eligible
            if by_purchase:
                if contracted:
                    purchase = contract_total
                base = purchase
            measures = ctx.measures
            measures["eligible_spend"] = spend = Money(eligible)
            measures["award_base"] = Money(base)
            measures["lead_spend"] = Money(lead)
            measures["contract_total"] = Money(contract_total)
            measures["purchase_amount"] = Money(purchase)
            add_declared_measures(application, measures, facts_needed)
            ctx.lines = tuple(lines)
            ctx.eligible_spend = spend

        return step

    def codes(self) -> frozenset[str]:
        found: set[str] = {Code.INVOICE_COUNTED, Code.INVOICE_OUTSIDE_WINDOW, Code.CATEGORY_EXCLUDED, Code.CATEGORY_NOT_IN_BASE}
        if self.providers is not None and self.providers.only_listed:
            found.add(Code.SUPPLIER_NOT_LISTED)
        return frozenset(found)


@dataclass(frozen=True, slots=True)
class DeclaredBase:
    """The application's declared amounts and facts; the payout reads its base measure from them."""

    def compile(self) -> Step:
        def step(ctx: Context) -> None:
            add_declared_measures(ctx.application, ctx.measures)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset()
