"""Bases: what a rule's rate is applied to, and the measures its conditions read.

* `InvoiceBase` — invoices inside a window, of the cost categories the text counts,
  tax-exclusive; the award base is the part in the base categories (or the purchase amount where
  the text pays on 「购买费用」). Each invoice gets a ledger line with the reason it was counted or not.
* `DeclaredBase` — a declared project amount (实际总投资额, 设备和软件投入 …), a decided amount
  or a lump sum: the measures are the application's declarations.

Both set the context's measures; the payout ([`subsidycalc.parts.payout`][subsidycalc.parts.payout]) reads the base measure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Annotated, Final, Literal

from pydantic import Field, model_validator

from ..citations import Citation, Cited
from ..findings import Code, Finding, Severity
from ..messages import render
from ..models import Application, Category, InvestmentKind
from ..money import ZERO, Money
from ..periods import DateWindow
from ..result import InvoiceLine
from . import Columns, Context, Measure, Part, Row, RuleData, Step, cited_row, normalise_name, show_value
from .conditions import FACT_LABELS
from .gates import ProviderRule

__all__ = [
    "ALL_FACTS",
    "Base",
    "DeclaredBase",
    "InvestmentItems",
    "InvoiceBase",
    "LumpSum",
    "NoAward",
    "PurchaseBasis",
    "add_declared_measures",
]


class PurchaseBasis(StrEnum):
    """What 「购买费用」 is measured on (斗门 方向六): the invoiced or the contracted amount."""

    INVOICED = "invoiced"
    CONTRACTED = "contracted"


_INVOICE_ORDER: Final = attrgetter("issued_on", "number")
_MEMO_SIZE: Final = 1024
ALL_FACTS: Final = tuple((f"facts.{name}", name) for name in FACT_LABELS)
"""Every fact, as ``(measure, field name)``."""


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


def _reason(key: str, **args: object) -> tuple[str, str]:
    """An invoice line's reason in Chinese and English, from the catalogue."""
    return render(key, args, "zh"), render(key, args, "en")


class InvoiceBase(RuleData):
    """Invoices in a window, counted by category (and provider list), tax-exclusive."""

    kind: Literal["invoices"] = "invoices"
    window: Cited[DateWindow]
    counted: Cited[frozenset[Category]]
    """Categories that count toward the project investment (项目投入费用仅限于……)."""
    excluded: Cited[frozenset[Category]] | None = None
    """Categories the text excludes by name (不包括场地费用、水电费等……), where it names any."""
    in_base: Cited[frozenset[Category]]
    """Categories the rate is applied to (the award base)."""
    base_includes_scenarios: bool = False
    """Counted invoices tagged with an 应用场景 join the award base (方向三's reading)."""
    purchase_basis: Cited[PurchaseBasis] | None = None
    """What 「购买费用」 is measured on, where the award base is the purchase amount (方向六)."""

    @property
    def measure(self) -> str:
        """The measure the rate is applied to."""
        return "award_base"

    def bind(self, providers: ProviderRule | None, facts: frozenset[str]) -> Part:
        """This base as a part of one rule: with the rule's provider lists (which decide what
        counts where only listed providers count) and the facts its parts read (only these are
        looked up per application)."""
        return _BoundInvoices(self, providers, tuple((f"facts.{name}", name) for name in sorted(facts)))

    @model_validator(mode="after")
    def _coherent(self) -> InvoiceBase:
        if not self.in_base.value <= self.counted.value:
            extra = sorted(self.in_base.value - self.counted.value)
            raise ValueError(
                f"base categories {extra} are not counted categories: the award base must be part "
                "of the counted investment"
            )
        if self.excluded is not None and self.counted.value & self.excluded.value:
            both = sorted(self.counted.value & self.excluded.value)
            raise ValueError(f"categories {both} are both counted and excluded")
        return self


@dataclass(frozen=True, slots=True)
class _BoundInvoices:
    """An invoice base bound to its rule's provider lists and fact reads (see `InvoiceBase.bind`)."""

    base: InvoiceBase
    providers: ProviderRule | None
    facts_needed: tuple[tuple[str, str], ...]

    def compile(self) -> Step:
        base_rule = self.base
        window = base_rule.window.value
        first, last = window.start, window.end
        counted_categories = base_rule.counted.value
        base_categories = base_rule.in_base.value
        excluded = base_rule.excluded
        providers = self.providers
        only_listed = providers is not None and providers.only_listed
        with_scenarios = base_rule.base_includes_scenarios
        purchase_basis = base_rule.purchase_basis
        contracted = purchase_basis is not None and purchase_basis.value is PurchaseBasis.CONTRACTED
        by_purchase = purchase_basis is not None
        facts_needed = self.facts_needed
        window_cited, counted_cited, in_base_cited = base_rule.window, base_rule.counted, base_rule.in_base
        outside_window = _reason("invoice.outside_window", window=window_cited.value, citation=window_cited.citation)
        excluded_reason = {
            category: (
                _reason("invoice.excluded_by_name", category=category.label, category_en=category.value, citation=excluded.citation)
                if excluded is not None and category in excluded.value
                else _reason(
                    "invoice.not_counted", category=category.label, category_en=category.value, citation=counted_cited.citation
                )
            )
            for category in Category
            if category not in counted_categories
        }
        unlisted_reason = _reason("invoice.unlisted", citation=providers.citation) if providers is not None else ("", "")
        not_in_base_reason = {
            category: _reason(
                "invoice.not_in_base", category=category.label, category_en=category.value, citation=in_base_cited.citation
            )
            for category in counted_categories - base_categories
        }
        counted_reason = _reason("invoice.counted")
        scenario_reasons: dict[str, tuple[str, str]] = {}
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
            tagged = False
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
                    tagged = tagged or bool(inv.scenario)
                    eligible += amount.fen
                    if inv.payer is None or inv.payer == applicant:
                        lead += amount.fen
                    if inv.category in base_categories or (with_scenarios and inv.scenario):
                        in_base = True
                        base += amount.fen
                        code = Code.INVOICE_COUNTED
                        scenario = inv.scenario
                        if not scenario:
                            reason = counted_reason
                        elif scenario in scenario_reasons:
                            reason = scenario_reasons[scenario]
                        else:
                            reason = _reason("invoice.counted_scenario", scenario=scenario)
                            if len(scenario_reasons) < _MEMO_SIZE:
                                scenario_reasons[scenario] = reason
                    else:
                        code = Code.CATEGORY_NOT_IN_BASE
                        reason = not_in_base_reason[inv.category]
                lines.append(
                    InvoiceLine(
                        inv.number, inv.issued_on, inv.supplier, inv.category, amount, counted, in_base, code, *reason
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
            if with_scenarios and not tagged and eligible > base:
                ctx.add(
                    Finding.of(
                        Code.SCENARIO_UNTAGGED, Severity.WARN, "scenario.untagged", in_base_cited.citation,
                        "invoices[].scenario", actual=Money(eligible - base).format(), left=Money(eligible - base).format(),
                    )
                )

        return step

    def columnar(self, columns: Columns) -> None:
        # the batch engine's money pipeline counts the invoices of every direction at once
        if self.base.base_includes_scenarios:
            money, rows = columns.money, columns.rows
            left = money["eligible_spend"][rows] > money["award_base"][rows]
            columns.warn(Code.SCENARIO_UNTAGGED, left & ~columns.scenario_tagged)

    def rows(self) -> Iterator[Row]:
        base = self.base
        yield from cited_row("项目投入期限（以发票时间为准，含首尾日）", base.window)
        yield from cited_row("计入项目投资的费用类别", base.counted)
        yield from cited_row("明确不予计入的费用类别", base.excluded)
        scenarios = "；另加注明应用场景的计入发票" if base.base_includes_scenarios else ""
        yield ("奖补基数", show_value(base.in_base.value) + scenarios, base.in_base.citation)
        yield from cited_row("购买费用口径", base.purchase_basis)

    def codes(self) -> frozenset[str]:
        found: set[str] = {Code.INVOICE_COUNTED, Code.INVOICE_OUTSIDE_WINDOW, Code.CATEGORY_EXCLUDED, Code.CATEGORY_NOT_IN_BASE}
        if self.providers is not None and self.providers.only_listed:
            found.add(Code.SUPPLIER_NOT_LISTED)
        if self.base.base_includes_scenarios:
            found.add(Code.SCENARIO_UNTAGGED)
        return frozenset(found)


def _declared_step(ctx: Context) -> None:
    add_declared_measures(ctx.application, ctx.measures)


class _Declared(RuleData):
    """A base read from the application's declarations: its measures are the declared amounts and facts."""

    def bind(self, providers: ProviderRule | None, facts: frozenset[str]) -> Part:
        return self

    def compile(self) -> Step:
        return _declared_step

    def codes(self) -> frozenset[str]:
        return frozenset()

    def rows(self) -> Iterator[Row]:
        return iter(())  # what the rate is applied to is the payout's row


class InvestmentItems(RuleData):
    """A base read from the project's investment item by item (``Project.investment_items``): the
    ``counted`` kinds, less each one's part already supported by other 市级 funds (中山（四）:
    「项目设备和软件投入总额」, 「项目投入中已获得其他市级财政专项资金扶持的部分，不再获得此项扶持」).
    Without items, the declared totals make the base measure (``add_declared_measures``)."""

    counted: Cited[frozenset[InvestmentKind]]
    deducted: Citation
    """The clause that takes the city-funded parts out of the base."""


def _items_step(rule: InvestmentItems, measure: str) -> Step:
    counted = rule.counted.value
    counted_names = "、".join(k.label for k in sorted(counted))
    counted_en = ", ".join(k.value for k in sorted(counted))

    def step(ctx: Context) -> None:
        add_declared_measures(ctx.application, ctx.measures)
        project = ctx.application.project
        items = project.investment_items
        add = ctx.add
        declared_funding = project.city_funded_investment is not None or any(
            i.city_funded is not None for i in items
        )
        if items:
            base = ZERO
            for index, item in enumerate(items):
                subject = f"project.investment_items[{index}]"
                what = item.description or item.kind.label
                if item.kind not in counted:
                    add(
                        Finding.of(
                            Code.INVESTMENT_NOT_COUNTED, Severity.INFO, "investment.not_counted", rule.counted.citation,
                            subject, actual=item.amount.format(), expected=counted_en,
                            what=what, kind=item.kind.label, kind_en=item.kind.value, amount=item.amount.format(),
                            counted=counted_names, counted_en=counted_en,
                        )
                    )
                    continue
                funded = item.city_funded or ZERO
                base += item.amount - funded
                if funded > ZERO:
                    add(_deducted(rule, f"{subject}.city_funded", what, funded, item.amount))
            ctx.measures[measure] = base
        elif project.city_funded_investment is not None and project.city_funded_investment > ZERO:
            total = project.equipment_software_investment
            if total is not None:
                add(_deducted(rule, "project.city_funded_investment", "设备和软件投入", project.city_funded_investment, total))
        base_value = ctx.measures[measure]
        if not declared_funding and isinstance(base_value, Money) and base_value > ZERO:
            add(
                Finding.of(
                    Code.CITY_FUNDED_NOT_DECLARED, Severity.WARN, "investment.city_funded_unknown", rule.deducted,
                    "project.city_funded_investment", actual="未申报", base=base_value.format(),
                )
            )

    return step


def _deducted(rule: InvestmentItems, subject: str, what: str, funded: Money, amount: Money) -> Finding:
    taken = min(funded, amount)
    return Finding.of(
        Code.CITY_FUNDED_DEDUCTED, Severity.INFO, "investment.city_funded", rule.deducted, subject,
        actual=funded.format(), what=what, amount=amount.format(), funded=funded.format(),
        left=(amount - taken).format(),
    )


class DeclaredBase(_Declared):
    """A declared project amount (实际总投资额, 设备和软件投入 …): the rate is applied to ``measure``;
    with ``items``, the amount is read from the project's investment items where it has them."""

    kind: Literal["declared"] = "declared"
    measure: str = "project.actual_investment"
    items: InvestmentItems | None = None

    def compile(self) -> Step:
        return _declared_step if self.items is None else _items_step(self.items, self.measure)

    def codes(self) -> frozenset[str]:
        if self.items is None:
            return frozenset()
        return frozenset({Code.INVESTMENT_NOT_COUNTED, Code.CITY_FUNDED_DEDUCTED, Code.CITY_FUNDED_NOT_DECLARED})

    def rows(self) -> Iterator[Row]:
        if self.items is not None:
            yield from cited_row("计入扶持基数的项目投入（逐项申报时）", self.items.counted)
            yield ("从扶持基数中扣除", "已获得其他市级财政专项资金扶持的部分", self.items.deducted)


class LumpSum(_Declared):
    """A lump sum (「给予一次性奖励最高不超过……」): the decided amount where given, else the cap.
    ``measure`` is the declared amount a rate would apply to, were one set."""

    kind: Literal["lump_sum"] = "lump_sum"
    measure: str = "project.actual_investment"


class NoAward(_Declared):
    """A document that sets conditions and targets but no amount (a work plan). ``measure`` is the
    declared amount its findings name."""

    kind: Literal["none"] = "none"
    measure: str = "project.actual_investment"


Base = Annotated[InvoiceBase | DeclaredBase | LumpSum | NoAward, Field(discriminator="kind")]
"""What a rule's rate is applied to, told apart by its ``kind``."""
