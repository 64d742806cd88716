"""The assessment engine: one loop over a rule's parts, for every rule of every document.

``assess(rules, application)`` is pure: no clock, no network, no global state. A rule lists its
parts in the order an official checks them (`parts`): the
gates (who may apply, and when), the base (invoices sorted into a ledger, or the declared amounts),
the minimum, the conditions, the reviews. The engine runs each part's compiled step, then the
payout ([`Payout`][subsidycalc.parts.payout.Payout]): rate applied once (half-up to the 分), cap, decided
amounts, ledger rules, stages. Every step leaves a [`Finding`][subsidycalc.findings.Finding] with its
clause and the numbers compared.

Compiling a rule (each part preparing what does not depend on the application) happens once per
rules object: rules are frozen, so the cache is keyed by identity and holds the rules, so an id is
never reused while its entry lives.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final, Protocol

from ._version import __version__
from .citations import Citation
from .findings import Code, Finding, Severity
from .ledger import Ledger
from .models import Application
from .money import Money
from .parts import Context, Part, Step
from .parts.life import LifeStage, Phase, later_subjects, subjects_of
from .parts.payout import Payout
from .result import Assessment

__all__ = ["Assessable", "Compiled", "assess", "compiled", "facts_read", "possible_codes", "rules_digest"]

_CACHE_SIZE: Final = 512
_COMPILED: Final[OrderedDict[int, Compiled]] = OrderedDict()


class BaseOf(Protocol):
    """What the payout needs of a rule's base: its kind and the measure the rate is applied to."""

    @property
    def kind(self) -> str: ...
    @property
    def measure(self) -> str: ...


class Assessable(Protocol):
    """What the engine needs of a rules object ([`Rule`][subsidycalc.rules.Rule]): its identity,
    its parts, its base and its payout."""

    @property
    def programme(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def basis(self) -> Citation: ...
    @property
    def base(self) -> BaseOf: ...
    @property
    def payout(self) -> Payout: ...

    @property
    def life(self) -> tuple[Phase, ...]: ...
    @property
    def stage(self) -> LifeStage | None: ...

    def parts(self) -> tuple[Part, ...]: ...

    def model_dump(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Compiled:
    """A rules object compiled once: its steps in order, its payout, its digest."""

    rules: Assessable
    digest: str
    direction_name: str
    parts: tuple[Part, ...]
    steps: tuple[Step, ...]
    payout: Payout
    later: dict[LifeStage, dict[str, Phase]]
    """Per stage, the subjects first required after it (filled on first use)."""

    def pending_after(self, stage: LifeStage) -> dict[str, Phase]:
        found = self.later.get(stage)
        if found is None:
            found = self.later[stage] = later_subjects(self.rules.life, stage)
        return found


def compiled(rules: Assessable) -> Compiled:
    """The compiled form of ``rules``, made once per rules object."""
    hit = _COMPILED.get(id(rules))
    if hit is not None and hit.rules is rules:
        return hit
    parts = rules.parts()
    made = Compiled(
        rules=rules,
        digest=_digest(rules),
        direction_name=f"{rules.topic} {rules.name}",
        parts=parts,
        steps=tuple(part.compile() for part in parts),
        payout=rules.payout,
        later={},
    )
    _COMPILED[id(rules)] = made
    if len(_COMPILED) > _CACHE_SIZE:
        _COMPILED.popitem(last=False)
    return made


def rules_digest(rules: Assessable) -> str:
    """A short SHA-256 of the rule data, computed once per rules object."""
    return compiled(rules).digest


def _digest(rules: Assessable) -> str:
    """SHA-256 of the rule data in a canonical form: the same in every process.

    ``model_dump_json`` writes a frozenset in its iteration order, which follows the per-process
    string hash seed; the canonical form sorts every set, so a digest stored by one server can be
    compared with one computed by another.
    """
    text = json.dumps(_canonical(rules.model_dump()), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _canonical(value: object) -> object:
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if value is None or isinstance(value, (str, int)):
        return value
    return repr(value)  # Money('…'), Ratio('7/20'), datetime.date(…): exact and unambiguous


def possible_codes(rules: Assessable) -> frozenset[str]:
    """The reason codes an assessment under ``rules`` can carry: read off its parts and payout.

    ``tests/test_docs.py`` checks every assessment of the examples, the case files and generated
    applications against this set, and that each code of every rule is reached by some input.
    """
    made = compiled(rules)
    found: set[str] = {Code.DIRECTION_DIFFERS, *made.payout.codes(rules.base.kind)}
    if rules.life:
        found |= {Code.PENDING, Code.AWARD_PROVISIONAL}
    for part in made.parts:
        found |= part.codes()
    return frozenset(found)


def facts_read(rules: Assessable) -> frozenset[str]:
    """The facts (fields of [`Facts`][subsidycalc.models.Facts]) the rules' parts and payout read."""
    made = compiled(rules)
    found = set(made.payout.facts())
    for part in made.parts:
        reads = getattr(part, "facts", None)
        if reads is not None:
            found |= reads()
    return frozenset(found)


def assess(
    rules: Assessable, application: Application, ledger: Ledger | None = None, stage: LifeStage | None = None
) -> Assessment:
    """Assess ``application`` under ``rules``; see the module docstring for the steps.

    ``ledger`` holds awards already decided elsewhere; rules that bar prior funding, cap an
    enterprise's awards or pay a top-up read it.

    ``stage`` (default: the rules' own ``stage``, else the whole life) checks what the text requires
    up to that stage of the application ([`subsidycalc.parts.life`][subsidycalc.parts.life]): a check of a fact that
    first exists later is reported ``PENDING`` instead, and the award is an estimate
    (``AWARD_PROVISIONAL``).
    """
    made = compiled(rules)
    findings: list[Finding] = []
    at = stage if stage is not None else rules.stage
    later = made.pending_after(at) if at is not None and rules.life else None
    add = findings.append if not later else _deferring(findings.append, later)
    ctx = Context(application, ledger, findings, add)
    programme, key = rules.programme, rules.key
    if application.programme != programme or application.direction != key:
        findings.append(
            Finding.of(
                Code.DIRECTION_DIFFERS,
                Severity.WARN,
                "direction.differs",
                subject="direction",
                applied=f"{application.programme}/{application.direction}",
                assessed=f"{programme}/{key}",
            )
        )
    for step in made.steps:
        step(ctx)
    paid = made.payout.pay(ctx, programme=programme, basis=rules.basis, kind=rules.base.kind, measure=rules.base.measure)
    tranches, award = paid.stages, paid.award
    if later and at is not None:
        _provisional(findings, at, rules.life)
        gates = {s.label: s.gate for s in (*made.payout.stages, made.payout.single_stage) if s is not None}
        tranches = tuple(
            replace(t, payable=None) if gates.get(t.label) in later and t.payable is not None else t for t in tranches
        )
        if paid.eligible and tranches != paid.stages:  # a tranche forfeited by a later fact is not forfeited yet
            award = paid.if_eligible - sum((t.amount for t in tranches if t.payable is False), start=Money(0))
    enterprise = application.enterprise
    return Assessment(
        application_id=application.id,
        programme=programme,
        direction=key,
        direction_name=made.direction_name,
        enterprise=enterprise.name,
        credit_code=enterprise.credit_code,
        eligible=paid.eligible,
        eligible_spend=paid.base if ctx.eligible_spend is None else ctx.eligible_spend,
        award_base=paid.base,
        rate=paid.rate,
        cap=paid.cap,
        award_before_cap=paid.before_cap,
        award_if_eligible=paid.if_eligible,
        award=award,
        cap_applied=paid.cap_applied,
        findings=tuple(findings),
        invoices=ctx.lines,
        rules_digest=made.digest,
        library_version=__version__,
        stages=tranches,
        payment_year=paid.payment_year,
        stage=at,
    )


def _deferring(add: Callable[[Finding], None], later: dict[str, Phase]) -> Callable[[Finding], None]:
    """``add``, except that a finding about a fact first required at a later phase is added as
    ``PENDING`` at that phase (the check it would have been is kept in its sentence)."""

    def deferring(finding: Finding) -> None:
        phase = next((later[s] for s in subjects_of(finding.subject) if s in later), None)
        if phase is None or finding.severity is Severity.PENDING:
            add(finding)
            return
        add(
            Finding.of(
                Code.PENDING, Severity.PENDING, "phase.pending", finding.citation, finding.subject,
                actual=finding.actual, expected=finding.expected,
                phase=phase.label, stage=phase.stage.label, stage_en=phase.stage.label_en,
                check=finding.message, check_en=finding.text("en"),
            )
        )

    return deferring


def _provisional(findings: list[Finding], at: LifeStage, life: tuple[Phase, ...]) -> None:
    """Say that the award is an estimate while checks are pending, and which phases they wait for."""
    pending = [f for f in findings if f.severity is Severity.PENDING]
    if not pending:
        return
    open_phases = [p for p in life if p.stage.order > at.order]
    first = next((p for p in life if p.stage.order >= at.order), None)
    findings.append(
        Finding.of(
            Code.AWARD_PROVISIONAL, Severity.INFO, "phase.provisional", first.citation if first else None, "stage",
            stage=at.label, stage_en=at.label_en, count=len(pending),
            phases="、".join(p.label for p in open_phases), phases_en=", ".join(p.stage.label_en for p in open_phases),
        )
    )
