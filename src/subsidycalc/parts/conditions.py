"""Conditions: declarative comparisons of a named measure against a cited threshold, and how
each is checked.

How the texts' words become operators (《民法典》第一千二百五十九条, see CONVENTIONS.md):

=============================================  ======
不低于 X, 不少于 X, X以上, 60%（含）               ``>=``
超过 X, 提升超过15%                              ``>``
不超过 X, 最高 X, X以内, X以下                    ``<=``
不满 X, 低于 X                                   ``<``
=============================================  ======

A condition is data; `Conditions` (the part) checks a rule's conditions in order, the
`Minimum` part is the minimum investment as one more comparison, `Reviews` lists what
the text leaves to expert review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Any, Final, Literal

from dateutil.relativedelta import relativedelta
from pydantic import Field, model_validator

from ..citations import Citation, Cited
from ..findings import Code, Finding, Severity
from ..models import Application, Facts, fact_type
from ..money import ZERO, Money, Ratio
from ..periods import format_date_zh
from . import (
    Add,
    Columns,
    Context,
    Measure,
    Row,
    RuleData,
    Step,
    cited_row,
    missing,
    reference_day,
    show_value,
)

__all__ = [
    "FACT_LABELS",
    "INVOICE_MEASURES",
    "MEASURES",
    "MONEY_MEASURES",
    "AnyOf",
    "Compare",
    "Condition",
    "Conditions",
    "Flag",
    "Indicator",
    "IndicatorBranch",
    "Minimum",
    "Op",
    "Review",
    "Reviews",
    "ShareOf",
    "Tenure",
    "WhenJoined",
    "check_conditions",
    "compare",
    "condition_code",
    "condition_rows",
    "facts_of",
    "is_yes_no",
    "measures_read",
    "minimum_rule",
    "threshold_fraction",
    "threshold_kind",
]

_PASS, _FAIL, _WARN, _INFO = Severity.PASS, Severity.FAIL, Severity.WARN, Severity.INFO
_MEMO_SIZE: Final = 4096


class Op(StrEnum):
    """A comparison, named after the text's words."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    """「为N个」: exactly (「起步区域数量原则上为1个」)."""

    def holds(self, left: Any, right: Any) -> bool:
        if self is Op.GE:
            return bool(left >= right)
        if self is Op.GT:
            return bool(left > right)
        if self is Op.LE:
            return bool(left <= right)
        if self is Op.EQ:
            return bool(left == right)
        return bool(left < right)

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def negated_symbol(self) -> str:
        return _NEGATED_SYMBOLS[self]

    @property
    def words(self) -> str:
        return _WORDS[self]


_SYMBOLS: Final[dict[str, str]] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_NEGATED_SYMBOLS: Final[dict[str, str]] = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠"}
_WORDS: Final[dict[str, str]] = {">=": "不低于", ">": "超过", "<=": "不超过", "<": "低于", "==": "为"}


FACT_LABELS: Final[dict[str, str]] = {
    name: (field.description or name).rstrip(".") for name, field in Facts.model_fields.items()
}

MONEY_MEASURES: Final[dict[str, str]] = {
    "eligible_spend": "项目投资额（计入部分，不含税）",
    "award_base": "奖补基数",
    "lead_spend": "牵头申报单位投资额",
    "contract_total": "合同总金额",
    "purchase_amount": "购买费用",
    "project.planned_investment": "项目总投资额（计划）",
    "project.actual_investment": "项目实际总投资额",
    "project.equipment_software_net": "设备和软件投入（扣除已获其他市级财政专项资金扶持部分）",
    "project.equipment_contract_invoice": "购买设备合同金额与发票金额（取较低者）",
    "project.service_contract_amount": "实际合同金额",
    "decided_amount": "核定奖励金额",
}
"""Money measures the engine derives from invoices and contracts."""

INVOICE_MEASURES: Final = frozenset(
    {"eligible_spend", "award_base", "lead_spend", "contract_total", "purchase_amount"}
)
"""The money measures an invoice base counts: always there, never undeclared."""

MEASURES: Final[dict[str, str]] = {
    **MONEY_MEASURES,
    **{f"facts.{name}": label for name, label in FACT_LABELS.items()},
}
"""Every measure a condition may name, with its Chinese label."""


_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*$")


def condition_code(name: str, outcome: str) -> str:
    """The reason code of a named condition: ``quantifiable_benefits`` not met is
    ``QUANTIFIABLE_BENEFITS_NOT_MET`` (outcomes ``MET``, ``NOT_MET``, ``NOT_DECLARED``)."""
    return f"{name.upper()}_{outcome}"


class _Rule(RuleData):
    name: str
    """Stable identifier of the rule within its direction, e.g. ``min_investment``; a condition's
    reason codes are made from it (``MIN_INVESTMENT_NOT_DECLARED``), so it is lower-case ASCII."""
    label: str
    """What is checked, in Chinese."""

    @cached_property
    def met_code(self) -> str:
        """The code of the finding when the condition holds."""
        explicit: Code | None = getattr(self, "pass_code", None)
        return explicit if explicit is not None else condition_code(self.name, "MET")

    @cached_property
    def not_met_code(self) -> str:
        """The code of the finding when the condition does not hold."""
        explicit: Code | None = getattr(self, "fail_code", None)
        return explicit if explicit is not None else condition_code(self.name, "NOT_MET")

    @cached_property
    def undeclared_code(self) -> str:
        """The code of the finding when a fact or amount the condition reads was not declared."""
        return condition_code(self.name, "NOT_DECLARED")

    @model_validator(mode="after")
    def _codes_from_the_name(self) -> Any:
        if isinstance(self, Indicator):
            return self
        if not _NAME.match(self.name):
            raise ValueError(
                f"condition name {self.name!r}: expected lower-case ASCII letters, digits and '_' "
                "(its reason codes are made from it)"
            )
        taken = [c for c in (self.met_code, self.not_met_code, self.undeclared_code) if c in Code.__members__]
        explicit = {getattr(self, "pass_code", None), getattr(self, "fail_code", None)}
        clash = [c for c in taken if c not in explicit]
        if clash:
            raise ValueError(f"condition name {self.name!r} makes the code {clash[0]}, a code of the library: rename it")
        return self


class Compare(_Rule):
    """``measure op threshold`` — a field or a derived amount against a cited threshold."""

    kind: Literal["compare"] = "compare"
    measure: str
    op: Op
    threshold: Cited[Money] | Cited[Ratio] | Cited[int]
    pass_code: Code | None = None
    """A code of the library to use instead of ``<NAME>_MET`` (e.g. ``MIN_INVESTMENT_MET``)."""
    fail_code: Code | None = None
    """A code of the library to use instead of ``<NAME>_NOT_MET``."""
    when_joint: bool = False
    """Applies only to joint applications (联合申报)."""
    advisory: bool = False
    """A later-stage target reported, not required: a miss is ``warn`` and an undeclared value
    ``info`` (e.g. two-year pilot targets at certification)."""

    @model_validator(mode="before")
    @classmethod
    def _threshold_of_the_measure(cls, data: Any) -> Any:
        """Read the threshold as the measure's kind of value: from JSON or YAML, ``3`` (a count)
        would otherwise be taken for an amount, the union's first member."""
        if isinstance(data, dict) and isinstance(data.get("threshold"), dict):
            kind = threshold_kind(data.get("measure"))
            if kind is not None:
                data = {**data, "threshold": Cited[kind].model_validate(data["threshold"])}  # type: ignore[valid-type]
        return data

    @cached_property
    def shown_threshold(self) -> str:
        """The threshold as its findings show it (made once per rule)."""
        return _show(self.threshold.value)


class ShareOf(_Rule):
    """``numerator / denominator op threshold`` over two money measures, compared exactly."""

    kind: Literal["share"] = "share"
    numerator: str
    denominator: str
    op: Op
    threshold: Cited[Ratio]
    pass_code: Code | None = None
    fail_code: Code | None = None
    empty_code: Code | None = None
    """Code when the denominator is zero (nothing to take a share of); by default the not-met code."""
    when_joint: bool = False

    @cached_property
    def zero_code(self) -> str:
        """The code of the finding when the denominator is zero."""
        return self.empty_code if self.empty_code is not None else self.not_met_code


class Flag(_Rule):
    """A yes/no fact the text requires to be yes (or, with ``expected=False``, to be no)."""

    kind: Literal["flag"] = "flag"
    measure: str
    citation: Citation
    expected: bool = True
    pass_code: Code | None = None
    fail_code: Code | None = None
    advisory: bool = False
    """Reported, not required: the other value is ``warn`` and an undeclared one ``info`` (a
    requirement whose consequence the text leaves to a later decision)."""


class Tenure(_Rule):
    """Years since a date fact, on the application's online submission date.

    「从业超过10年」 with ``op=GT, years=10``: more than ten years, so exactly ten years (the same
    calendar day ten years on) is not enough and one day more is. Years are calendar years
    (python-dateutil ``relativedelta``; 29 February counts from 28 February in common years).
    """

    kind: Literal["tenure"] = "tenure"
    since: str
    op: Op
    years: Cited[int]


class IndicatorBranch(RuleData):
    """Another branch of a compound 验收指标 (「超过 100 万件/年的产销量（或 5000 万元/年交易额）」),
    read from ``facts.indicators[name]``."""

    name: str
    label: str
    op: Op
    threshold: Cited[Decimal]
    unit: str


class Indicator(_Rule):
    """A numbered 验收指标 of a guide, read from ``facts.indicators[name]``. Advisory: a miss is a
    warning and an undeclared value a note, because the evaluation that uses it is itself an input.

    ``alternatives``: the other branches of an indicator with 「或」; the indicator is met when any
    declared branch holds, missed when every declared branch misses, and undeclared when none is."""

    kind: Literal["indicator"] = "indicator"
    op: Op
    threshold: Cited[Decimal]
    unit: str
    alternatives: tuple[IndicatorBranch, ...] = ()

    @property
    def branches(self) -> tuple[Indicator | IndicatorBranch, ...]:
        """The indicator itself, then its alternatives."""
        return (self, *self.alternatives)


class AnyOf(_Rule):
    """At least one of several comparisons holds (「……，或者……」)."""

    kind: Literal["any_of"] = "any_of"
    rules: tuple[Annotated[Compare | Flag, Field(discriminator="kind")], ...] = Field(min_length=2)
    citation: Citation


class WhenJoined(_Rule):
    """The requirements of an optional part an application may join (a 专项试点: 「专项试点不单独申报，
    作为行业试点的加分项纳入考核」): checked only when the set-valued fact ``joined`` names
    ``member``; a miss or an undeclared value is a warning — the part (a bonus) is at stake, not
    the application — and a pass is a pass. Not joined (the fact empty or undeclared): nothing."""

    kind: Literal["when_joined"] = "when_joined"
    joined: str
    member: str
    citation: Citation
    rules: tuple[Annotated[Compare | Flag | Tenure | Indicator, Field(discriminator="kind")], ...] = Field(min_length=1)


Condition = Annotated[Compare | ShareOf | Flag | AnyOf | Tenure | Indicator | WhenJoined, Field(discriminator="kind")]


class Review(RuleData):
    """A condition the text leaves to expert review: listed in every explanation, not judged."""

    label: str
    citation: Citation


def _measures_of(rule: Compare | ShareOf | Flag | Tenure | Indicator) -> tuple[str, ...]:
    if isinstance(rule, Indicator):
        return ()
    if isinstance(rule, ShareOf):
        return (rule.numerator, rule.denominator)
    if isinstance(rule, Tenure):
        return (rule.since,)
    return (rule.measure,)


def threshold_kind(measure: object) -> type[Money] | type[Ratio] | type[int] | None:
    """The type of value a measure is compared with: an amount, a count or a ratio (``None`` for
    a name that is no measure, which the rule's own check reports)."""
    if not isinstance(measure, str):
        return None
    if measure in MONEY_MEASURES:
        return Money
    kind = fact_type(measure.removeprefix("facts.")) if measure.startswith("facts.") else None
    if kind is None:
        return None
    return int if kind is int else Ratio


def is_yes_no(measure: str) -> bool:
    """Whether a measure is a yes/no fact (what a flag, a stage gate or an upgrade reads)."""
    return measure.startswith("facts.") and fact_type(measure.removeprefix("facts.")) is bool


def _parts(condition: Condition) -> tuple[Compare | ShareOf | Flag | Tenure | Indicator, ...]:
    """A condition's comparisons: the alternatives of an ``AnyOf``, the requirements of a
    ``WhenJoined``, else the condition itself."""
    if isinstance(condition, (AnyOf, WhenJoined)):
        return condition.rules
    return (condition,)


def check_conditions(key: str, conditions: tuple[Condition, ...]) -> None:
    for condition in conditions:
        if isinstance(condition, WhenJoined) and condition.joined not in MEASURES:
            raise ValueError(f"{key}: rule {condition.name!r} names unknown measure {condition.joined!r}")
        for rule in _parts(condition):
            for measure in _measures_of(rule):
                if measure not in MEASURES:
                    raise ValueError(
                        f"{key}: rule {rule.name!r} names unknown measure {measure!r}: "
                        f"expected one of {sorted(MEASURES)}"
                    )
            if isinstance(rule, Compare):
                _check_threshold_type(key, rule)
            elif isinstance(rule, Flag) and not is_yes_no(rule.measure):
                raise ValueError(f"{key}: flag {rule.name!r} reads {rule.measure!r}: expected a yes/no fact")


def _check_threshold_type(key: str, rule: Compare) -> None:
    value = rule.threshold.value
    kind = threshold_kind(rule.measure)
    is_money_measure = kind is Money
    if is_money_measure != isinstance(value, Money):
        raise ValueError(
            f"{key}: rule {rule.name!r} compares {rule.measure!r} with {value!r}: expected "
            f"{'an amount' if is_money_measure else 'a ratio or count'} as threshold"
        )
    wants_count = kind is int
    if not is_money_measure and wants_count != (isinstance(value, int) and not isinstance(value, bool)):
        raise ValueError(
            f"{key}: rule {rule.name!r} compares {rule.measure!r} with {value!r}: expected "
            f"{'a count' if wants_count else 'a ratio'} as threshold"
        )


def measures_read(conditions: Iterable[Condition]) -> frozenset[str]:
    """Every measure the conditions read (``facts.*``, money measures, declared project amounts)."""
    names: set[str] = set()
    for condition in conditions:
        if isinstance(condition, WhenJoined):
            names.add(condition.joined)
        for rule in _parts(condition):
            if isinstance(rule, ShareOf):
                names.update((rule.numerator, rule.denominator))
            elif isinstance(rule, Tenure):
                names.add(rule.since)
            elif not isinstance(rule, Indicator):
                names.add(rule.measure)
    return frozenset(names)


def minimum_rule(measure: str, minimum: Cited[Money]) -> Compare:
    """The minimum investment as a comparison: ``measure >= minimum`` (不低于)."""
    return Compare(
        name="min_investment",
        label=MEASURES[measure],
        measure=measure,
        op=Op.GE,
        threshold=minimum,
        pass_code=Code.MIN_INVESTMENT_MET,
        fail_code=Code.BELOW_MIN_INVESTMENT,
    )


def _money(value: Measure) -> Money:
    assert isinstance(value, Money)
    return value


def _show(value: Measure) -> str:
    if isinstance(value, Money):
        return value.format()
    if isinstance(value, Ratio):
        return value.percent()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _show_en(value: Measure) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _show(value)


def _evaluate(
    index: int,
    condition: Condition,
    application: Application,
    measures: dict[str, Measure],
    memo: dict[tuple[int, object], Finding],
    add: Add,
) -> None:
    if isinstance(condition, ShareOf):
        if not condition.when_joint or application.is_joint:
            add(_share(condition, measures))
        return
    if isinstance(condition, Compare) and condition.when_joint and not application.is_joint:
        return
    if isinstance(condition, Tenure):
        add(_tenure(condition, application, measures))
        return
    if isinstance(condition, Indicator):
        add(_indicator(condition, application))
        return
    if isinstance(condition, WhenJoined):
        _when_joined(condition, application, measures, add)
        return
    # Fact-based findings depend only on the fact values, which repeat: build each once.
    if isinstance(condition, AnyOf):
        key: object = tuple(measures[r.measure] for r in condition.rules)
    else:
        key = measures[condition.measure]
    memo_key = (index, key)
    finding = memo.get(memo_key)
    if finding is None:
        if isinstance(condition, AnyOf):
            finding = _evaluate_any(condition, measures)
        elif isinstance(condition, Compare):
            finding = compare(condition, measures)
        else:
            finding = _flag(condition, measures)
        if not isinstance(key, Money):
            memo[memo_key] = finding
    add(finding)


def _when_joined(rule: WhenJoined, application: Application, measures: dict[str, Measure], add: Add) -> None:
    joined = measures[rule.joined]
    if not isinstance(joined, frozenset) or rule.member not in joined:
        return
    for part in rule.rules:
        if isinstance(part, Indicator):
            inner = _indicator(part, application)
        elif isinstance(part, Tenure):
            inner = _tenure(part, application, measures)
        elif isinstance(part, Compare):
            inner = compare(part, measures)
        else:
            inner = _flag(part, measures)
        severity = _WARN if inner.severity is _FAIL else inner.severity
        add(
            Finding.of(
                inner.code, severity, "joined.result", inner.citation, inner.subject, inner.actual, inner.expected,
                label=rule.label, finding=inner.message, finding_en=inner.text("en"),
            )
        )


_DAY_ORDER: Final = {Op.GT: "晚于", Op.GE: "不早于", Op.LT: "早于", Op.LE: "不晚于", Op.EQ: "恰为"}
_DAY_ORDER_EN: Final = {Op.GT: "after", Op.GE: "on or after", Op.LT: "before", Op.LE: "on or before", Op.EQ: "exactly at"}


def _tenure(rule: Tenure, application: Application, measures: dict[str, Measure]) -> Finding:
    since = measures[rule.since]
    citation = rule.years.citation
    if since is None:
        return missing(MEASURES[rule.since], rule.since, citation, rule.undeclared_code)
    assert isinstance(since, date)
    on = reference_day(application)
    if on is None:
        return Finding.of(rule.undeclared_code, _FAIL, "tenure.no_day", citation, "submission.online_at", label=rule.label)
    mark = since + relativedelta(years=rule.years.value)
    passed = rule.op.holds(on, mark)
    span = relativedelta(on, since)
    requirement = f"{rule.op.words}{rule.years.value}年"
    return Finding.of(
        rule.met_code if passed else rule.not_met_code,
        _PASS if passed else _FAIL,
        "tenure.met" if passed else "tenure.not_met",
        citation,
        rule.since,
        actual=f"{span.years}y{span.months}m{span.days}d",
        expected=f"{rule.op.value} {rule.years.value} years",
        label=rule.label,
        since=format_date_zh(since),
        day=format_date_zh(on),
        years=span.years,
        months=span.months,
        days=span.days,
        requirement=requirement,
        order=_DAY_ORDER[rule.op],
        order_en=_DAY_ORDER_EN[rule.op],
        mark=format_date_zh(mark),
    )


def _indicator(rule: Indicator, application: Application) -> Finding:
    if rule.alternatives:
        return _any_indicator(rule, application)
    value = application.facts.indicators.get(rule.name)
    subject = f"facts.indicators[{rule.name}]"
    target = f"{rule.op.words} {rule.threshold.value}{rule.unit}"
    if value is None:
        return Finding.of(
            Code.INDICATOR_NOT_DECLARED, _INFO, "indicator.undeclared", rule.threshold.citation, subject,
            label=rule.label, target=target,
        )
    passed = rule.op.holds(value, rule.threshold.value)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    return Finding.of(
        Code.INDICATOR_MET if passed else Code.INDICATOR_NOT_MET,
        _PASS if passed else _WARN,
        "indicator.result",
        rule.threshold.citation,
        subject,
        actual=f"{value}{rule.unit}",
        expected=f"{rule.op.value} {rule.threshold.value}{rule.unit}",
        label=rule.label,
        value=f"{value}{rule.unit}",
        symbol=symbol,
        threshold=f"{rule.threshold.value}{rule.unit}",
    )


def _any_indicator(rule: Indicator, application: Application) -> Finding:
    """An indicator with 「或」: met by any declared branch."""
    values = application.facts.indicators
    subject = " | ".join(f"facts.indicators[{b.name}]" for b in rule.branches)
    targets = " 或 ".join(f"{b.label} {b.op.words} {b.threshold.value}{b.unit}" for b in rule.branches)
    declared = [(b, values[b.name]) for b in rule.branches if b.name in values]
    if not declared:
        return Finding.of(
            Code.INDICATOR_NOT_DECLARED, _INFO, "indicator.undeclared", rule.threshold.citation, subject,
            label=rule.label, target=targets,
        )
    parts: list[str] = []
    passed = False
    for branch in rule.branches:
        if branch.name not in values:
            parts.append(f"{branch.label}未申报")
            continue
        value = values[branch.name]
        holds = branch.op.holds(value, branch.threshold.value)
        passed = passed or holds
        symbol = branch.op.symbol if holds else branch.op.negated_symbol
        parts.append(f"{branch.label} {value}{branch.unit} {symbol} {branch.threshold.value}{branch.unit}")
    return Finding.of(
        Code.INDICATOR_MET if passed else Code.INDICATOR_NOT_MET,
        _PASS if passed else _WARN,
        "indicator.any_result",
        rule.threshold.citation,
        subject,
        actual="；".join(f"{b.name}={v}" for b, v in declared),
        expected=" or ".join(f"{b.name} {b.op.value} {b.threshold.value}" for b in rule.branches),
        label=rule.label,
        parts="；".join(parts),
    )


def compare(rule: Compare, measures: dict[str, Measure]) -> Finding:
    value = measures[rule.measure]
    threshold = rule.threshold.value
    if value is None:
        if rule.advisory:
            return Finding.of(
                rule.undeclared_code,
                _INFO,
                "compare.target_undeclared",
                rule.threshold.citation,
                rule.measure,
                label=rule.label,
                words=rule.op.words,
                op=rule.op.value,
                threshold=rule.shown_threshold,
            )
        return missing(MEASURES[rule.measure], rule.measure, rule.threshold.citation, rule.undeclared_code)
    passed = rule.op.holds(value, threshold)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    missed = _WARN if rule.advisory else _FAIL
    shown, limit = _show(value), rule.shown_threshold
    return Finding.of(
        rule.met_code if passed else rule.not_met_code,
        _PASS if passed else missed,
        "compare.target" if rule.advisory else "compare.result",
        rule.threshold.citation,
        rule.measure,
        actual=shown,
        expected=f"{rule.op.value} {limit}",
        label=rule.label,
        value=shown,
        symbol=symbol,
        threshold=limit,
    )


def _share(rule: ShareOf, measures: dict[str, Measure]) -> Finding:
    numerator = _money(measures[rule.numerator])
    denominator = _money(measures[rule.denominator])
    threshold = rule.threshold.value
    expected = f"{rule.op.value} {threshold.percent()}"
    if denominator == ZERO:
        return Finding.of(
            rule.zero_code,
            _FAIL,
            "share.zero",
            rule.threshold.citation,
            rule.denominator,
            actual="0",
            expected=expected,
            label=rule.label,
            denominator_label=MEASURES[rule.denominator],
        )
    share = numerator / denominator
    passed = rule.op.holds(share.value, threshold.value)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    return Finding.of(
        rule.met_code if passed else rule.not_met_code,
        _PASS if passed else _FAIL,
        "share.result",
        rule.threshold.citation,
        rule.numerator,
        actual=share.exact_text(),
        expected=expected,
        label=rule.label,
        numerator=numerator.format(),
        denominator=denominator.format(),
        share=share.percent(),
        symbol=symbol,
        threshold=threshold.percent(),
    )


def _flag(rule: Flag, measures: dict[str, Measure]) -> Finding:
    value = measures[rule.measure]
    if value is None:
        if rule.advisory:
            return Finding.of(
                rule.undeclared_code, _INFO, "flag.target_undeclared", rule.citation, rule.measure,
                label=rule.label, wanted=_show(rule.expected), wanted_en=_show_en(rule.expected),
            )
        return missing(rule.label, rule.measure, rule.citation, rule.undeclared_code)
    passed = value is rule.expected
    return Finding.of(
        rule.met_code if passed else rule.not_met_code,
        _PASS if passed else _WARN if rule.advisory else _FAIL,
        "flag.result",
        rule.citation,
        rule.measure,
        actual=_show(value),
        expected=_show(rule.expected),
        label=rule.label,
        value=_show(value),
        value_en=_show_en(value),
    )


def _evaluate_any(rule: AnyOf, measures: dict[str, Measure]) -> Finding:
    parts: list[str] = []
    parts_en: list[str] = []
    passed = False
    declared = False
    for alternative in rule.rules:
        value = measures[alternative.measure]
        if value is None:
            parts.append(f"{alternative.label}未申报")
            parts_en.append(f"{alternative.label} not declared")
            continue
        declared = True
        if isinstance(alternative, Flag):
            holds = value is alternative.expected
            passed = passed or holds
            parts.append(f"{alternative.label}：{_show(value)}")
            parts_en.append(f"{alternative.label}: {_show_en(value)}")
            continue
        holds = alternative.op.holds(value, alternative.threshold.value)
        passed = passed or holds
        symbol = alternative.op.symbol if holds else alternative.op.negated_symbol
        parts.append(f"{alternative.label} {_show(value)} {symbol} {_show(alternative.threshold.value)}")
        parts_en.append(parts[-1])
    if not declared:
        return missing(rule.label, " / ".join(a.measure for a in rule.rules), rule.citation, rule.undeclared_code)
    return (
        Finding.of(
            rule.met_code if passed else rule.not_met_code,
            _PASS if passed else _FAIL,
            "any_of.result",
            rule.citation,
            " | ".join(a.measure for a in rule.rules),
            actual="；".join(parts),
            expected=" or ".join(
                f"{a.measure} = {_show(a.expected)}"
                if isinstance(a, Flag)
                else f"{a.measure} {a.op.value} {_show(a.threshold.value)}"
                for a in rule.rules
            ),
            label=rule.label,
            parts="；".join(parts),
            parts_en="; ".join(parts_en),
        )
    )


@dataclass(frozen=True, slots=True)
class Conditions:
    """The part that checks a rule's declarative conditions, in the order the rule lists them.

    Findings that depend only on fact values repeat across applications: each is built once per
    distinct value and kept (a bounded memo), amounts excepted.
    """

    conditions: tuple[Condition, ...]

    def compile(self) -> Step:
        conditions = self.conditions
        memo: dict[tuple[int, object], Finding] = {}

        def step(ctx: Context) -> None:
            if len(memo) > _MEMO_SIZE:
                memo.clear()
            application, measures, add = ctx.application, ctx.measures, ctx.add
            for index, condition in enumerate(conditions):
                _evaluate(index, condition, application, measures, memo, add)

        return step

    def rows(self) -> Iterator[Row]:
        for condition in self.conditions:
            yield from condition_rows(condition)

    def columnar(self, columns: Columns) -> None:
        for condition in self.conditions:
            _columnar(condition, columns)

    def facts(self) -> frozenset[str]:
        """The facts the conditions read."""
        return facts_of(self.conditions)

    def codes(self) -> frozenset[str]:
        found: set[str] = set()
        for condition in self.conditions:
            if isinstance(condition, Indicator):
                found |= {Code.INDICATOR_MET, Code.INDICATOR_NOT_MET, Code.INDICATOR_NOT_DECLARED}
                continue
            if isinstance(condition, WhenJoined):
                for part in condition.rules:
                    if isinstance(part, Indicator):
                        found |= {Code.INDICATOR_MET, Code.INDICATOR_NOT_MET, Code.INDICATOR_NOT_DECLARED}
                    else:
                        found |= {part.met_code, part.not_met_code, part.undeclared_code}
                continue
            found |= {condition.met_code, condition.not_met_code}
            if isinstance(condition, ShareOf):
                found.add(condition.zero_code)
            elif _may_be_undeclared(condition):
                found.add(condition.undeclared_code)
        return frozenset(found)


def facts_of(conditions: Iterable[Condition]) -> frozenset[str]:
    """The facts (fields of [`Facts`][subsidycalc.models.Facts]) the conditions read."""
    conditions = tuple(conditions)
    names = {m.removeprefix("facts.") for m in measures_read(conditions) if m.startswith("facts.")}
    if any(isinstance(part, Indicator) for c in conditions for part in _parts(c)):
        names.add("indicators")
    return frozenset(names)


def _may_be_undeclared(condition: Condition) -> bool:
    """Whether a condition reads something an application may leave out (a fact, a declared
    amount, the submission time of a tenure); amounts counted from invoices are always there."""
    if isinstance(condition, AnyOf):
        return all(_may_be_undeclared(r) for r in condition.rules)
    if isinstance(condition, (Tenure, WhenJoined)):
        return True
    measure = getattr(condition, "measure", "")
    return measure not in INVOICE_MEASURES


@dataclass(frozen=True, slots=True)
class Minimum:
    """The part that compares the minimum investment: ``measure >= minimum`` (不低于)."""

    measure: str
    minimum: Cited[Money]

    def compile(self) -> Step:
        rule = minimum_rule(self.measure, self.minimum)

        def step(ctx: Context) -> None:
            ctx.add(compare(rule, ctx.measures))

        return step

    def rows(self) -> Iterator[Row]:
        yield from cited_row(f"最低投资（{MEASURES[self.measure]} ≥）", self.minimum)

    def columnar(self, columns: Columns) -> None:
        columns.fail(Code.BELOW_MIN_INVESTMENT, ~columns.money["minimum_met"][columns.rows])

    def codes(self) -> frozenset[str]:
        found: set[str] = {Code.MIN_INVESTMENT_MET, Code.BELOW_MIN_INVESTMENT}
        if self.measure not in INVOICE_MEASURES:
            found.add(condition_code("min_investment", "NOT_DECLARED"))
        return frozenset(found)


@dataclass(frozen=True, slots=True)
class Reviews:
    """The part that lists what the text leaves to expert review: in every explanation, not judged."""

    reviews: tuple[Review, ...]

    def compile(self) -> Step:
        found = tuple(Finding.of(Code.REVIEW_REQUIRED, _INFO, "review", r.citation, label=r.label) for r in self.reviews)

        def step(ctx: Context) -> None:
            ctx.findings.extend(found)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.REVIEW_REQUIRED}) if self.reviews else frozenset()

    def rows(self) -> Iterator[Row]:
        for review in self.reviews:
            yield ("专家评审（本库不判定）", review.label, review.citation)

    def columnar(self, columns: Columns) -> None:
        return  # reviews are listed, never judged


def condition_rows(condition: Condition) -> Iterator[Row]:
    """A condition's line in the rule tables."""
    joint = "（仅联合申报）" if getattr(condition, "when_joint", False) else ""
    if isinstance(condition, WhenJoined):
        for part in condition.rules:
            for label, value, citation in condition_rows(part):
                yield (f"{condition.label}（{condition.joined} 含 {condition.member} 时，加分项）：{label}", value, citation)
        return
    if isinstance(condition, Indicator):
        yield (
            f"验收指标 {condition.name}：{condition.label}",
            " 或 ".join(
                f"{b.name} {b.op.value} {b.threshold.value}{b.unit}" if b is not condition
                else f"{b.op.value} {b.threshold.value}{b.unit}"
                for b in condition.branches
            ) + "（提示性）",
            condition.threshold.citation,
        )
    elif isinstance(condition, Tenure):
        yield (
            condition.label,
            f"{condition.since} 至线上提交日 {condition.op.value} {condition.years.value}年",
            condition.years.citation,
        )
    elif isinstance(condition, Compare):
        threshold = show_value(condition.threshold.value)
        yield (condition.label, f"{condition.measure} {condition.op.value} {threshold}{joint}", condition.threshold.citation)
    elif isinstance(condition, ShareOf):
        yield (
            condition.label,
            f"{condition.numerator} / {condition.denominator} {condition.op.value} "
            f"{condition.threshold.value.percent()}{joint}",
            condition.threshold.citation,
        )
    elif isinstance(condition, Flag):
        yield (condition.label, f"{condition.measure} = {'是' if condition.expected else '否'}", condition.citation)
    else:
        either = " 或 ".join(
            f"{r.measure} = {'是' if r.expected else '否'}"
            if isinstance(r, Flag)
            else f"{r.measure} {r.op.value} {show_value(r.threshold.value)}"
            for r in condition.rules
        )
        yield (condition.label, either, condition.citation)


def threshold_fraction(rule: Compare) -> Fraction:
    """A comparison's threshold as an exact fraction (amounts in 分)."""
    value = rule.threshold.value
    if isinstance(value, Money):
        return Fraction(value.fen)
    if isinstance(value, Ratio):
        return value.value
    return Fraction(value)


def _alternative(rule: Compare | Flag, columns: Columns) -> tuple[Any, Any]:
    num, den, present = columns.measure(rule.measure)
    if isinstance(rule, Flag):
        return present, num == int(rule.expected)
    return present, columns.holds(rule.op, num, den, threshold_fraction(rule))


def _columnar(condition: Condition, columns: Columns) -> None:
    """A condition on columns: the codes its scalar evaluation would write for each applicant."""
    np, rows = columns.np, columns.rows
    joint = columns.partners > 0
    if isinstance(condition, ShareOf):
        applies = joint if condition.when_joint else np.ones(len(rows), dtype=bool)
        num = columns.money[condition.numerator][rows]
        den = columns.money[condition.denominator][rows]
        empty = den == 0
        columns.fail(condition.zero_code, applies & empty)
        held = columns.holds(condition.op, num, np.where(empty, 1, den), condition.threshold.value.value)
        columns.fail(condition.not_met_code, applies & ~empty & ~held)
        return
    if isinstance(condition, AnyOf):
        declared = np.zeros(len(rows), dtype=bool)
        passed = np.zeros(len(rows), dtype=bool)
        for alternative in condition.rules:
            present, holds = _alternative(alternative, columns)
            declared |= present
            passed |= present & holds
        columns.fail(condition.undeclared_code, ~declared)
        columns.fail(condition.not_met_code, declared & ~passed)
        return
    if isinstance(condition, (Tenure, Indicator, WhenJoined)):
        raise ValueError(f"condition {condition.name!r} ({condition.kind}) has no columnar form")
    applies = joint if isinstance(condition, Compare) and condition.when_joint else np.ones(len(rows), dtype=bool)
    present, holds = _alternative(condition, columns)
    missed = applies & present & ~holds
    if condition.advisory:
        columns.warn(condition.not_met_code, missed)  # an undeclared target is only reported (info)
        return
    columns.fail(condition.undeclared_code, applies & ~present)
    columns.fail(condition.not_met_code, missed)
