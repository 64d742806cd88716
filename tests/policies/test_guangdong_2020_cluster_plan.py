"""粤工信工业互联网函〔2020〕492号: who may lead how many pilots, and the task-book targets."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from subsidycalc.allocation import AllocationPolicy, Outcome, allocate
from subsidycalc.exclusion import ExclusionMode
from subsidycalc.findings import Code
from subsidycalc.money import ZERO
from subsidycalc.policies import guangdong_2020_cluster_plan as plan
from subsidycalc.result import Assessment
from tests.factories import build

GZ = {"province": "广东省", "city": "广州市"}
FACTS = {"starting_regions": 1, "experience_centres": 1, "benchmark_case_types": 2, "platform_enterprises": 20}


def app(key: str, app_id: str = "A", code: str = "91440403AY4CL12TH3", score: str | None = None, **facts: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": app_id,
        "programme": "guangdong-2020",
        "direction": key,
        "enterprise": {"name": "牵头单位", "credit_code": code, "registration": GZ, "tax": GZ, "statistics": GZ},
        "project": {"id": f"P-{app_id}", "name": "集群试点"},
        "facts": {**FACTS, **({"national_cross_industry_platform": True} if key == "platform_led" else {}), **facts},
        "submission": {"online_at": "2020-06-20T10:00:00+08:00"},
    }
    if score is not None:
        values["review_score"] = score
    return values


def run(values: dict[str, Any]) -> Assessment:
    return plan.assess(build(values))


class TestTaskBook:
    def test_a_conforming_pilot_is_eligible_and_the_plan_pays_nothing(self) -> None:
        result = run(app("service_provider_led"))
        assert result.eligible
        assert result.award == ZERO
        assert any(f.code is Code.NO_AWARD for f in result.findings)

    @pytest.mark.parametrize(
        ("fact", "good", "bad"),
        [
            ("experience_centres", 1, 0),  # 「1个产业集群数字化转型体验展示中心」
            ("benchmark_case_types", 2, 1),  # 「2个以上不同类型标杆案例」
            ("platform_enterprises", 20, 19),  # 「20家以上企业上平台」
        ],
    )
    def test_each_task_book_target_at_and_below(self, fact: str, good: int, bad: int) -> None:
        assert run(app("service_provider_led", **{fact: good})).eligible
        assert not run(app("service_provider_led", **{fact: bad})).eligible

    def test_one_starting_region(self) -> None:
        """「起步区域数量原则上为1个」."""
        result = run(app("platform_led", starting_regions=2))
        assert {f.code for f in result.failures} == {"STARTING_REGIONS_NOT_MET"}
        none = run(app("platform_led", starting_regions=0))  # was read as ≤ 1: no region at all passed
        assert {f.code for f in none.failures} == {"STARTING_REGIONS_NOT_MET"}
        assert run(app("platform_led", starting_regions=1)).eligible

    def test_a_platform_lead_is_a_national_cross_industry_platform_in_guangdong(self) -> None:
        """「由广东省内的国家跨行业跨领域工业互联网平台商牵头」."""
        assert not run(app("platform_led", national_cross_industry_platform=False)).eligible
        values = app("platform_led")
        values["enterprise"]["registration"] = {"province": "北京市", "city": "北京市"}
        assert {f.code for f in run(values).failures} == {"DISTRICT_MISMATCH"}


class TestHowManyPilots:
    def test_a_service_provider_leads_at_most_one_pilot(self) -> None:
        """「服务商以牵头方式只能参与1个集群试点」."""
        apps = [build(app("service_provider_led", "S1", score="90")), build(app("service_provider_led", "S2", score="80"))]
        strict = allocate(apps)
        assert {d.outcome for d in strict.decisions} == {Outcome.MUTUALLY_EXCLUSIVE}
        keeping = allocate(apps, policy=AllocationPolicy(exclusion_mode=ExclusionMode.HIGHEST_AWARD))
        assert sorted(d.outcome for d in keeping.decisions) == [Outcome.FUNDED, Outcome.MUTUALLY_EXCLUSIVE]

    def test_a_platform_leads_at_most_three_clusters_a_year_the_best_ranked(self) -> None:
        """「原则上平台商每年牵头试点不超过3个集群」."""
        apps = [build(app("platform_led", f"P{i}", score=str(score))) for i, score in enumerate((70, 95, 80, 90))]
        result = allocate(list(reversed(apps)))
        outcomes = {d.application_id: d.outcome for d in result.decisions}
        assert outcomes == {"P0": Outcome.LIMIT_EXCEEDED, "P1": Outcome.FUNDED, "P2": Outcome.FUNDED, "P3": Outcome.FUNDED}
        assert result.decision("P0").related == ("P1", "P3", "P2")

    def test_the_three_are_counted_per_year(self) -> None:
        """「每年」: three 2020 pilots and one in 2021 (全年受理) are all within the limit; before, the
        2021 application was refused because of the three of 2020."""
        def in_year(app_id: str, score: str, year: int) -> Any:
            return build({**app("platform_led", app_id, score=score), "year": year})

        apps = [in_year(f"P{i}", str(90 - i), 2020) for i in range(3)]
        apps.append(in_year("P2021", "10", 2021))
        assert {d.outcome for d in allocate(apps).decisions} == {Outcome.FUNDED}
        apps.append(in_year("P4", "50", 2020))
        assert allocate(apps).decision("P4").outcome is Outcome.LIMIT_EXCEEDED

    def test_other_enterprises_do_not_count_against_the_limit(self) -> None:
        apps = [build(app("platform_led", f"P{i}", code=code)) for i, code in enumerate(
            ("91440403AY4CL12TH3", "914404033BJ1XG6127", "91440403DD272HD1TH", "91440403J3Y7LLJY11")
        )]
        assert {d.outcome for d in allocate(apps).decisions} == {Outcome.FUNDED}

    def test_being_a_participant_is_not_limited(self) -> None:
        """「以参与方式的不作限制」: a service provider that leads one pilot and is a member of others."""
        lead = app("service_provider_led", "S1")
        other = app("platform_led", "P1", code="914404033BJ1XG6127")
        other["ecosystem"] = [{"name": "服务商", "credit_code": "91440403AY4CL12TH3", "registration": GZ}]
        assert {d.outcome for d in allocate([build(lead), build(other)]).decisions} == {Outcome.FUNDED}


def test_both_ways_are_registered() -> None:
    assert set(plan.DIRECTIONS) == {"service_provider_led", "platform_led"}
    assert copy.deepcopy(FACTS) == FACTS
