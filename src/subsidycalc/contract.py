"""The contract every rule keeps, checked on its passing examples — for the bundled documents and
for any a package or a rule file adds (run `check` in your own tests, holidays-style).

Each check takes a rules object, one application that passes under it, and the ledger, varies the
application deterministically and raises `AssertionError` with what broke:

* `check_bounds` — ``0 <= award <= award_if_eligible <= cap`` and ``<= rate × base``;
  eligible exactly when no condition fails; stages add up;
* `check_monotone` — more counted spend (or a larger declared base) never lowers an award;
* `check_irrelevant_inputs` — an invoice outside the window, or of a category the rule
  does not count, changes nothing but the invoice list;
* `check_permutation` — the order of the invoices changes nothing;
* `check_json_round_trip` — the application and the assessment round-trip through JSON;
* `check_boundaries` — at and just past every cited minimum and fact threshold, the
  comparison goes the way its operator says (``>=`` holds at the threshold, ``>`` does not …);
* `check_batch` — the columnar engine gives the same money, eligibility and codes (rules
  with a columnar form; needs NumPy, the ``batch`` extra).

```pycon
>>> from subsidycalc.registry import get
>>> rules = get("doumen-2023/direction_1")
>>> checks = check(rules, passing_examples(rules)[:1])
>>> len(checks), sum(problem is not None for _, problem in checks)
(7, 0)

```
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from fractions import Fraction
from typing import Any, Final

from .catalog import PolicyModule
from .findings import Code, Severity
from .inputs import example_applications, load_applications
from .ledger import Ledger
from .models import Application, Category, Invoice, Project
from .money import ZERO, Money, Ratio, apply_rate
from .parts.bases import InvoiceBase
from .parts.conditions import Compare, Op
from .registry import module
from .result import Assessment
from .rules import AnyRules

__all__ = [
    "CHECKS",
    "check",
    "check_batch",
    "check_boundaries",
    "check_bounds",
    "check_irrelevant_inputs",
    "check_json_round_trip",
    "check_monotone",
    "check_permutation",
    "examples_of",
    "passing_examples",
]

Check = Callable[[AnyRules, Application, Ledger | None], None]


def examples_of(programme: str) -> tuple[Application, ...]:
    """The example applications of a programme: the bundled ones, and the policy's ``EXAMPLES``."""
    policy: PolicyModule = module(programme)
    own = tuple(getattr(policy, "EXAMPLES", ()))
    bundled = example_applications(programme)
    return bundled + (load_applications(list(own), f"{programme} EXAMPLES") if own else ())


def passing_examples(rules: AnyRules, ledger: Ledger | None = None) -> tuple[Application, ...]:
    """Examples of the rule's programme that pass under it with ``ledger`` (an example of another
    direction is assessed as an application to this one): what the contract varies."""
    found = []
    for example in examples_of(rules.programme):
        application = example if example.direction == rules.key else example.model_copy(update={"direction": rules.key})
        if rules.assess(application, ledger).eligible:
            found.append(application)
    return tuple(found)


def check_bounds(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    result = rules.assess(application, ledger)
    _bounded(result)


def _bounded(result: Assessment) -> None:
    assert ZERO <= result.award <= result.award_if_eligible, f"award {result.award} outside 0..{result.award_if_eligible}"
    if result.cap is not None:
        assert result.award_if_eligible <= result.cap, f"{result.award_if_eligible} above the cap {result.cap}"
    assert result.award_if_eligible <= apply_rate(result.award_base, result.rate), "above rate × base"
    assert result.eligible == (not result.failures), "eligible although a condition failed, or the reverse"
    if not result.eligible:
        assert result.award == ZERO, "an ineligible application is paid"
    if result.stages:
        total = sum((s.amount for s in result.stages), start=ZERO)
        assert total == (result.award_if_eligible if result.eligible else ZERO), "stages do not add up"
        forfeited = sum((s.amount for s in result.stages if s.payable is False), start=ZERO)
        assert result.award == total - forfeited, "award is not the stages less what is forfeited"


def check_monotone(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    before = rules.assess(application, ledger)
    more = _more_spend(rules, application, before)
    if more is None:
        return
    after = rules.assess(more, ledger)
    _bounded(after)
    assert after.eligible or not before.eligible, f"more spend made it ineligible: {sorted(after.codes)}"
    assert after.award >= before.award, f"more spend lowered the award: {before.award} -> {after.award}"


def _more_spend(rules: AnyRules, application: Application, before: Assessment) -> Application | None:
    if rules.invoice_based:
        counted = [line for line in before.invoices if line.counted and line.in_base]
        if not counted:
            return None
        source = next(i for i in application.invoices if i.number == counted[0].number)
        extra = source.model_copy(update={"number": f"{source.number}-CONTRACT-EXTRA", "payer": None, "contract": None})
        return application.model_copy(update={"invoices": (*application.invoices, extra)})
    name = rules.base_measure.removeprefix("project.")
    value = getattr(application.project, name, None) if rules.base_measure.startswith("project.") else None
    if not isinstance(value, Money) or name not in Project.model_fields:
        return None
    project = application.project.model_copy(update={name: value + apply_rate(value, Ratio.parse("10%"))})
    return application.model_copy(update={"project": project})


def _essentials(result: Assessment) -> tuple[Any, ...]:
    return (
        result.eligible,
        result.eligible_spend,
        result.award_base,
        result.award,
        result.stages,
        tuple((f.code, f.severity, f.message, f.subject) for f in result.findings),
    )


def check_irrelevant_inputs(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    base = rules.base
    if not isinstance(base, InvoiceBase):
        return
    before = _essentials(rules.assess(application, ledger))
    window = base.window.value
    counted = sorted(base.counted.value)
    uncounted = sorted(set(Category) - base.counted.value)
    template = {"amount_excl_tax": "123456.78", "supplier": "无关供应商有限公司"}
    variants = [("OUTSIDE-WINDOW", window.start - timedelta(days=1), counted[0])]
    if uncounted:
        variants.append(("UNCOUNTED-CATEGORY", window.start, uncounted[0]))
    for number, day, category in variants:
        extra = Invoice.model_validate({**template, "number": number, "issued_on": day, "category": category})
        varied = application.model_copy(update={"invoices": (*application.invoices, extra)})
        result = rules.assess(varied, ledger)
        assert _essentials(result) == before, f"an invoice {number} changed the result"
        line = next(i for i in result.invoices if i.number == number)
        assert not line.counted, f"invoice {number} was counted"


def check_permutation(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    before = rules.assess(application, ledger).to_dict()
    varied = application.model_copy(update={"invoices": tuple(reversed(application.invoices))})
    assert rules.assess(varied, ledger).to_dict() == before, "the order of the invoices changed the result"


def check_json_round_trip(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    again = Application.model_validate_json(application.model_dump_json())
    assert again == application, "the application does not round-trip through JSON"
    result = rules.assess(again, ledger)
    assert json.loads(result.to_json()) == result.to_dict(), "the assessment does not round-trip through JSON"
    assert result.to_dict() == rules.assess(application, ledger).to_dict()


def check_boundaries(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    """At and just past every cited minimum and fact threshold, the comparison follows its operator."""
    before = rules.assess(application, ledger)
    for measure, op, threshold, codes, points in _boundaries(rules):
        for value in points:
            varied = _with_measure(rules, application, before, measure, value)
            if varied is None:
                break
            found = [f for f in rules.assess(varied, ledger).findings if f.subject == measure and f.code in codes]
            assert found, f"no finding about {measure} at {value}"
            holds = op.holds(value, threshold)
            met = found[0].severity is Severity.PASS
            assert met == holds, (
                f"{measure} = {value} against {op.value} {threshold}: expected "
                f"{'met' if holds else 'not met'}, got {found[0].code}"
            )


def _boundaries(rules: AnyRules) -> Iterator[tuple[str, Op, Any, frozenset[str], tuple[Any, ...]]]:
    if rules.minimum is not None:
        limit = rules.minimum.value
        codes = frozenset({str(Code.MIN_INVESTMENT_MET), str(Code.BELOW_MIN_INVESTMENT)})
        yield rules.minimum_measure, Op.GE, limit, codes, (limit, limit - Money(1))
    for condition in rules.conditions:
        if not isinstance(condition, Compare) or condition.advisory or condition.when_joint:
            continue
        if not condition.measure.startswith("facts."):
            continue
        threshold = condition.threshold.value
        codes = frozenset({condition.met_code, condition.not_met_code})
        if isinstance(threshold, bool):
            continue
        if isinstance(threshold, int):
            points = (threshold, max(threshold - 1, 0), threshold + 1)
            yield condition.measure, condition.op, threshold, codes, points
        elif isinstance(threshold, Ratio):
            step = Fraction(1, 10_000)
            near = (threshold.value - step, threshold.value + step)
            yield condition.measure, condition.op, threshold, codes, (threshold, *(Ratio(v) for v in near if v >= 0))


def _with_measure(
    rules: AnyRules, application: Application, before: Assessment, measure: str, value: Any
) -> Application | None:
    """The application with one measure set to ``value`` (``None`` where it cannot be set alone)."""
    if measure.startswith("facts."):
        facts = application.facts.model_copy(update={measure.removeprefix("facts."): value})
        return application.model_copy(update={"facts": facts})
    if measure == "eligible_spend" and rules.invoice_based:
        counted = [line.number for line in before.invoices if line.counted]
        if not counted:
            return None
        source = next(i for i in application.invoices if i.number == counted[0])
        invoice = source.model_copy(update={"number": "BOUNDARY", "amount_excl_tax": value, "payer": None, "contract": None})
        return application.model_copy(update={"invoices": (invoice,)})
    name = measure.removeprefix("project.")
    if measure.startswith("project.") and name in Project.model_fields:
        return application.model_copy(update={"project": application.project.model_copy(update={name: value})})
    return None


def check_batch(rules: AnyRules, application: Application, ledger: Ledger | None) -> None:
    """The columnar engine gives what the scalar engine gives (rules with a columnar form)."""
    from .batch import Population, compile_rules, evaluate

    try:
        compile_rules(rules)
    except ValueError:
        return  # no columnar form: the batch engine assesses it with the scalar engine itself
    table = {rules.ref: rules}
    variants = [application]
    for make in (_more_spend,):
        more = make(rules, application, rules.assess(application, ledger))
        if more is not None:
            variants.append(more.model_copy(update={"id": f"{application.id}-more"}))
    result = evaluate(Population.from_applications(variants, table, ledger=ledger), table)
    for index, variant in enumerate(variants):
        scalar = rules.assess(variant, ledger)
        row = result.row(index)
        assert row["eligible"] == scalar.eligible, f"{variant.id}: batch eligible {row['eligible']}"
        assert row["award"] == scalar.award, f"{variant.id}: batch award {row['award']} != {scalar.award}"
        assert row["eligible_spend"] == scalar.eligible_spend, f"{variant.id}: batch eligible spend differs"
        fails = tuple(sorted({str(f.code) for f in scalar.failures}))
        assert row["reasons"] == fails, f"{variant.id}: batch reasons {row['reasons']} != {fails}"


CHECKS: Final[tuple[tuple[str, Check], ...]] = (
    ("bounds", check_bounds),
    ("monotone", check_monotone),
    ("irrelevant_inputs", check_irrelevant_inputs),
    ("permutation", check_permutation),
    ("json_round_trip", check_json_round_trip),
    ("boundaries", check_boundaries),
    ("batch", check_batch),
)
"""Every check, by name."""


def check(
    rules: AnyRules, applications: Sequence[Application], ledger: Ledger | None = None
) -> list[tuple[str, str | None]]:
    """Run every check on every application: ``(check name, problem or None)`` per check, the
    first problem found (with the application's id)."""
    found: list[tuple[str, str | None]] = []
    for name, run in CHECKS:
        problem = None
        for application in applications:
            try:
                run(rules, application, ledger)
            except AssertionError as exc:
                problem = f"{application.id}: {exc}"
                break
        found.append((name, problem))
    return found


