"""The outcome of an assessment: numbers, findings, the invoice ledger, and its explanation.

Results are immutable values produced by the engine from validated input, so they are plain frozen
dataclasses (cheap to build: an assessment makes dozens of findings) and are serialised, and
described by JSON Schema, through pydantic's `TypeAdapter`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final

from pydantic import Field, TypeAdapter

from ._values import fast_init
from .citations import Citation
from .findings import CODES, Code, Finding, Severity
from .messages import TEMPLATES, Language
from .models import CATEGORY_LABELS, Category
from .money import Money, Ratio
from .stages import LifeStage

__all__ = ["Assessment", "InvoiceLine", "JsonOutput", "StagePayment"]

_MARKS: Final = {Severity.PASS: "✓", Severity.FAIL: "✗", Severity.WARN: "!", Severity.INFO: "·", Severity.PENDING: "○"}


class JsonOutput:
    """``to_dict()`` / ``to_json()`` for result dataclasses, through a cached pydantic TypeAdapter."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = _adapter(type(self)).dump_python(self, mode="json")
        return result

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """JSON Schema of the serialised form (what `to_dict` returns)."""
        schema: dict[str, Any] = _adapter(cls).json_schema(mode="serialization")
        return schema


_ADAPTERS: Final[dict[type, TypeAdapter[Any]]] = {}


def _adapter(kind: type) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


@fast_init
@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One invoice as the assessment treated it."""

    number: str
    issued_on: date
    supplier: str
    category: Category
    amount: Money
    counted: bool
    """Counts toward the project investment (the minimum)."""
    in_base: bool
    """Counts toward the award base (what the rate is applied to)."""
    code: Code
    reason: str
    """Why, in Chinese (from the message catalogue)."""
    reason_en: Annotated[str, Field(exclude=True)] = ""
    """Why, in English."""


@fast_init
@dataclass(frozen=True, slots=True)
class StagePayment:
    """One tranche of a staged award."""

    label: str
    share: Ratio
    amount: Money
    payable: bool | None
    """``True`` once its gate is met, ``False`` if it failed (the tranche is forfeited), ``None``
    while not yet known."""


@fast_init
@dataclass(frozen=True, slots=True)
class Assessment(JsonOutput):
    """One application assessed under one direction."""

    application_id: str
    programme: str
    direction: str
    direction_name: str
    enterprise: str
    credit_code: str
    eligible: bool
    eligible_spend: Money
    """Project investment counted from invoices (tax-exclusive, in window, allowed categories)."""
    award_base: Money
    rate: Ratio
    cap: Money | None
    """The cap, where the rule has one."""
    award_before_cap: Money
    """``rate × award_base``, rounded once, half-up, to the 分."""
    award_if_eligible: Money
    """``min(award_before_cap, cap)``: what would be paid were every condition met."""
    award: Money
    """The award: ``award_if_eligible`` when eligible, else zero; less any stage forfeited."""
    cap_applied: bool
    findings: tuple[Finding, ...]
    invoices: tuple[InvoiceLine, ...]
    rules_digest: str
    """SHA-256 prefix of the rule data used: differs under any what-if."""
    library_version: str
    stages: tuple[StagePayment, ...] = ()
    """The award's tranches, where the rule pays in stages (they add up to ``award``)."""
    payment_year: int | None = None
    """The year the award is paid in (兑现), where the text fixes it for the application's year."""
    stage: LifeStage | None = None
    """The stage of the application's life assessed (``listing``: [`LifeStage`][subsidycalc.parts.life.LifeStage]);
    ``None``: the whole life, every check made."""

    @property
    def pending(self) -> tuple[Finding, ...]:
        """The checks left to a later stage (``PENDING``)."""
        return tuple(f for f in self.findings if f.severity is Severity.PENDING)

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.FAIL)

    @property
    def codes(self) -> frozenset[str]:
        """Codes of every failed or unverified finding (what a case file asserts)."""
        return frozenset(
            f.code for f in self.findings if f.severity in (Severity.FAIL, Severity.WARN, Severity.PENDING)
        )

    def explain(self, lang: Language = "zh") -> str:
        """The assessment clause by clause, in Chinese (``lang="zh"``) or English (``"en"``).

        Every sentence comes from the message catalogue ([`subsidycalc.messages`][subsidycalc.messages]); the texts' own
        words (labels, names, quotes in citations) stay as the texts write them.
        """
        zh = lang == "zh"
        t = TEMPLATES[lang]
        lines = [
            t["explain.header"].format(id=self.application_id, enterprise=self.enterprise, credit_code=self.credit_code),
            self.direction_name,
        ]
        pending = self.pending if self.stage is not None else ()  # (only a stage's lines count them)
        if self.stage is not None:
            stage = self.stage
            lines.append(t["explain.phase"].format(stage=stage.label, stage_en=stage.label_en, count=len(pending)))
        if self.eligible and self.stage is not None and pending:
            lines.append(
                t["explain.eligible_at"].format(
                    stage=self.stage.label, stage_en=self.stage.label_en, count=len(pending),
                    award=self.award.format(), award_wan=self.award.format_wan(),
                )
            )
        elif self.eligible:
            lines.append(t["explain.eligible"].format(award=self.award.format(), award_wan=self.award.format_wan()))
        else:
            lines.append(t["explain.ineligible"].format(count=len(self.failures), if_eligible=self.award_if_eligible.format()))
        if self.cap is None:
            cap_text = t["explain.no_cap"]
        elif self.cap_applied:
            cap_text = t["explain.capped"].format(cap=self.cap.format(), paid=self.award_if_eligible.format())
        else:
            cap_text = t["explain.within_cap"].format(cap=self.cap.format())
        lines.append(
            t["explain.computation"].format(
                spend=self.eligible_spend.format(),
                base=self.award_base.format(),
                rate=self.rate.percent(),
                before=self.award_before_cap.format(),
                cap_text=cap_text,
            )
        )
        if self.stages:
            status = {True: t["stage.payable"], False: t["stage.not_payable"], None: t["stage.pending"]}
            parts = [
                t["explain.stage"].format(
                    label=st.label, share=st.share.percent(), amount=st.amount.format(), status=status[st.payable]
                )
                for st in self.stages
            ]
            lines.append(t["explain.stages"].format(stages=("；" if zh else "; ").join(parts)))
        lines.append(t["explain.conditions"])
        reviews: list[Finding] = []
        add, marks, review, cited = lines.append, _MARKS, Code.REVIEW_REQUIRED, _citation_text
        for finding in self.findings:
            text = finding.message if zh else finding.text(lang)
            if finding.code is review and finding.citation is not None:
                reviews.append(finding)
            elif finding.citation is None:
                add(f"  {marks[finding.severity]} [{finding.code}] {text}")
            else:
                add(f"  {marks[finding.severity]} [{finding.code}] {text} {cited(finding.citation)}")
        invoices = self.invoices
        if invoices:
            counted = sum(1 for i in invoices if i.counted)
            add(t["explain.invoices"].format(counted=counted, total=len(invoices)))
        labels, colon = (CATEGORY_LABELS, "：") if zh else ({c: c.value for c in Category}, ": ")
        for inv in invoices:
            reason = inv.reason if zh else inv.reason_en or CODES[inv.code][1]
            add(
                f"  {'✓' if inv.counted else '✗'} {inv.number} {inv.issued_on.isoformat()} "
                f"{labels[inv.category]} {inv.supplier} {inv.amount.format()}{colon}{reason}"
            )
        if reviews:
            lines.append(t["explain.reviews"])
            for finding in reviews:
                lines.append(f"  · {finding.message if zh else finding.text(lang)} {finding.citation}")
        return "\n".join(lines)


_CITATION_TEXTS: Final[dict[int, tuple[Citation, str]]] = {}
_CITATION_TEXTS_SIZE: Final = 4096


def _citation_text(citation: Citation) -> str:
    """``str(citation)``, made once per citation: citations belong to rules objects and recur in
    every explanation under them (the entry holds the citation, so its id is not reused while kept)."""
    hit = _CITATION_TEXTS.get(id(citation))
    if hit is not None and hit[0] is citation:
        return hit[1]
    text = str(citation)
    if len(_CITATION_TEXTS) >= _CITATION_TEXTS_SIZE:
        _CITATION_TEXTS.clear()
    _CITATION_TEXTS[id(citation)] = (citation, text)
    return text


def assessment_json_schema() -> dict[str, Any]:
    """JSON Schema of `Assessment` as serialised by `Assessment.to_dict`."""
    return Assessment.json_schema()
