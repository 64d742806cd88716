"""The stages of an application's life (``subsidycalc.stages``, ``subsidycalc.parts.life``).

The policies' own stages are tested with their clauses in ``tests/cases/*.stages.cases.yaml`` and
``tests/policies``; here: the invariants over every registered rule and every generated application,
and the validation of the phase data.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsidycalc.citations import Citation
from subsidycalc.findings import Code, Severity
from subsidycalc.ledger import Ledger
from subsidycalc.models import Application
from subsidycalc.parts.life import Phase, later_subjects, subjects_of
from subsidycalc.policies import guangdong_2022_cluster_pilot as gd22
from subsidycalc.registry import all_directions, get
from subsidycalc.rules import Rule, evolve
from subsidycalc.stages import LifeStage

from .snapshot import generated

CITE = Citation(document="guangdong-2022", clause="四、支持方式（二）", quote="试点认定后")


@functools.cache
def corpus() -> tuple[tuple[Application, Ledger | None], ...]:
    found = []
    for data, with_ledger in generated():
        try:
            found.append((Application.model_validate(data), Ledger.empty() if with_ledger else None))
        except ValueError:
            continue
    return tuple(found)


def _shown(findings: Any) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.severity.value, f.message) for f in findings]


def test_stages_are_ordered_and_named() -> None:
    assert [s.order for s in LifeStage] == list(range(6))
    assert LifeStage.LISTING.label == "入库"
    assert LifeStage.LISTING.label_en == "listing"


def test_a_subject_names_its_measures() -> None:
    assert subjects_of("facts.industry_leader | facts.public_service_enterprise") == (
        "facts.industry_leader", "facts.public_service_enterprise",
    )
    assert subjects_of("facts.indicators[2-2.1]") == ("facts.indicators",)
    assert subjects_of(None) == ()


def test_over_every_generated_application_a_stage_only_defers_later_checks() -> None:
    """Over every generated application of every rule with stages, at every stage: a finding about a
    later subject is PENDING, every other check is the whole-life one, and no failure is added.
    (How the award is arrived at — the informational findings — may differ where the deferred
    checks made the whole-life assessment ineligible.)"""
    checked = 0
    for application, ledger in corpus():
        rules = get(f"{application.programme}/{application.direction}")
        if not rules.life:
            continue
        whole = rules.assess(application, ledger)
        for stage in (LifeStage.APPLICATION, *(p.stage for p in rules.life)):
            staged = rules.assess(application, ledger, stage)
            later = later_subjects(rules.life, stage)
            kept = [f for f in staged.findings if f.severity not in (Severity.PENDING, Severity.INFO)]
            expected = [
                f for f in whole.findings
                if f.severity is not Severity.INFO and not any(s in later for s in subjects_of(f.subject))
            ]
            assert _shown(kept) == _shown(expected)
            for finding in staged.pending:
                assert any(s in later for s in subjects_of(finding.subject))
            assert len(staged.failures) <= len(whole.failures)
            assert staged.eligible or not whole.eligible
            if not staged.pending:
                assert (staged.award, staged.eligible) == (whole.award, whole.eligible)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("ref", sorted(r for r, rules in all_directions().items() if not rules.life))
def test_a_rule_without_stages_is_decided_at_once(ref: str) -> None:
    rules = get(ref)
    apps = [(a, led) for a, led in corpus() if f"{a.programme}/{a.direction}" == ref][:5]
    for application, ledger in apps:
        whole, staged = rules.assess(application, ledger), rules.assess(application, ledger, LifeStage.LISTING)
        assert _shown(whole.findings) == _shown(staged.findings)
        assert staged.stage is LifeStage.LISTING
        assert not staged.pending


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_rule_given_any_later_phase_defers_exactly_its_subjects(data: st.DataObject) -> None:
    """A what-if that moves some of a rule's checks to 认定 (any rule, any of its subjects): at 申报
    those are PENDING and the rest is unchanged."""
    application, ledger = data.draw(st.sampled_from(corpus()))
    rules = get(f"{application.programme}/{application.direction}")
    whole = evolve(rules, life=(), stage=None).assess(application, ledger)
    subjects = sorted({s for f in whole.findings for s in subjects_of(f.subject) if s.startswith(("facts.", "project."))})
    if not subjects:
        return
    moved = frozenset(data.draw(st.lists(st.sampled_from(subjects), min_size=1, unique=True)))
    staged = evolve(
        rules, life=(Phase(stage=LifeStage.CERTIFICATION, label="认定", citation=CITE, facts=moved),), stage=None
    ).assess(application, ledger, LifeStage.APPLICATION)
    for finding in staged.findings:
        if any(s in moved for s in subjects_of(finding.subject)):
            assert finding.severity is Severity.PENDING
        else:
            assert finding.severity is not Severity.PENDING
    assert not any(f.severity is Severity.FAIL and set(subjects_of(f.subject)) & moved for f in staged.findings)
    assert staged.pending
    assert any(f.code == Code.AWARD_PROVISIONAL for f in staged.findings)


def test_the_explanation_says_the_stage_in_both_languages() -> None:
    app = next(a for a, _ in corpus() if a.id == "SG23-03")
    result = get("shaoguan-2023/pilot").assess(app, None, LifeStage.LISTING)
    zh, en = result.explain(), result.explain("en")
    assert "核对阶段：入库" in zh
    assert "○ [PENDING] 待试点认定（认定阶段）核对" in zh
    assert "Assessed as at: listing" in en
    assert "to be checked at 试点认定 (certification)" in en
    assert result.to_dict()["stage"] == "listing"


class TestPhaseData:
    PILOT: Rule = gd22.PILOTS["2-2"]

    def phase(self, stage: LifeStage, *facts: str) -> Phase:
        return Phase(stage=stage, label=stage.label, citation=CITE, facts=frozenset(facts))

    def test_phases_come_in_order_each_once(self) -> None:
        with pytest.raises(ValueError, match="expected each stage once, in order"):
            evolve(self.PILOT, life=(self.phase(LifeStage.EVALUATION), self.phase(LifeStage.LISTING)))
        with pytest.raises(ValueError, match="expected each stage once, in order"):
            evolve(self.PILOT, life=(self.phase(LifeStage.LISTING), self.phase(LifeStage.LISTING)))

    def test_a_fact_is_first_required_at_one_stage(self) -> None:
        with pytest.raises(ValueError, match=r"'facts\.pilot_certified' is first required at both listing and evaluation"):
            evolve(self.PILOT, life=(
                self.phase(LifeStage.LISTING, "facts.pilot_certified"),
                self.phase(LifeStage.EVALUATION, "facts.pilot_certified"),
            ))

    def test_a_phase_names_measures_facts_or_the_ledger(self) -> None:
        with pytest.raises(ValueError, match="names 'pilot_certified': expected a measure"):
            evolve(self.PILOT, life=(self.phase(LifeStage.LISTING, "pilot_certified"),))

    def test_the_rules_stage_is_one_of_its_phases(self) -> None:
        with pytest.raises(ValueError, match="stage 'recommendation' is not one of its phases"):
            evolve(self.PILOT, life=(self.phase(LifeStage.LISTING),), stage=LifeStage.RECOMMENDATION)

    def test_a_phase_of_the_pilot_is_found_by_its_subject(self) -> None:
        phase = self.PILOT.phase_of("facts.final_evaluation_passed")
        assert phase is not None
        assert phase.stage is LifeStage.EVALUATION
        assert self.PILOT.phase_of("facts.expert_since") is None  # from the application on
        assert "培育期满1年" in self.PILOT.life[2].citation.quote
