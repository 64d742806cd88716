"""广东省特色产业集群数字化转型试点2020年工作方案.

粤工信工业互联网函〔2020〕492号（广东省工业和信息化厅关于组织2020年特色产业集群数字化转型试点工作的通知，
附件） · 广东省工业和信息化厅 · 2020-05-22.
Text: ``policies/texts/guangdong-2020-cluster-plan.txt`` (bundled verbatim).

The plan sets no amounts; it sets who may lead how many pilots and what a pilot's task book must
hold. Encoded as :class:`~subsidycalc.rules.ProjectRules` with ``pays=False``, one per way of leading
(一、组织实施（一）): a 服务商 lead and a 平台商 lead, with

* one 起步区域 per pilot (「起步区域数量原则上为1个」), for both;
* for a 平台商: a 国家跨行业跨领域工业互联网平台商 registered in 广东 (「由广东省内的……平台商牵头」);
* the 任务书 targets (二、保障措施（六）): 1 体验展示中心, 2 or more 标杆案例 of different types,
  20 or more enterprises on the platform;

and, across a set of pilots (``EXCLUSIONS``, used by allocation): a 服务商 leads at most one pilot
(「服务商以牵头方式只能参与1个集群试点」: two leads by one 服务商 conflict), a 平台商 at most three a year
(``CountLimit``: beyond three, the lower-ranked are refused).

Where is what: ``SERVICE_PROVIDER_LED`` and ``PLATFORM_LED`` the two ways; ``EXCLUSIONS`` the limits.

Interpretation notes:
    * **「原则上」** (in principle) is read as the rule; exceptions are a decision outside the text.
    * **「2个以上不同类型标杆案例」** counts *types*: ``facts.benchmark_case_types`` ≥ 2.
    * **「20家以上企业上平台」**: ``>=`` 20 (以上 includes the number).
    * **平台商 three a year**: the programme is one year's plan, so the three are counted over the set
      allocated together; the 平台商's own ranking (review score, then online submission) decides
      which three stand.
    * **Participation** (「以参与方式的不作限制」) is not limited: only leads are counted.

Limitations:
    * The 实施方案 contents (重点任务、实施目标 …) and the 工作组 are left to expert review.
"""

from __future__ import annotations

from typing import Final

from ..citations import Cited, Document
from ..exclusion import CountLimit, Exclusion
from ..ledger import Ledger
from ..models import Application
from ..result import Assessment
from ..rules import Compare, Flag, Op, ProjectRules, Review, Rule
from ._clauses import Clauses, assess_in

__all__ = [
    "DIRECTIONS",
    "DOCUMENT",
    "EXCLUSIONS",
    "PLATFORM_LED",
    "PROGRAMME",
    "SERVICE_PROVIDER_LED",
    "assess",
]

PROGRAMME: Final = "guangdong-2020"

DOCUMENT: Final = Document(
    key=PROGRAMME,
    title="广东省特色产业集群数字化转型试点2020年工作方案",
    number="粤工信工业互联网函〔2020〕492号（附件）",
    issuer="广东省工业和信息化厅",
    date="2020-05-22",
    text_file="guangdong-2020-cluster-plan.txt",
    level="province",
    short="广东2020集群方案",
)

_cite = Clauses(PROGRAMME).cite




_ORG = "附件 一、组织实施（一）组建产业联合体"
_TASKS = "附件 二、保障措施（六）"
_TASK_QUOTE = "包括1个产业集群数字化转型体验展示中心、2个以上不同类型标杆案例、20家以上企业上平台"


def _at_least(name: str, label: str, measure: str, count: int) -> Compare:
    return Compare(
        name=name,
        label=label,
        measure=measure,
        op=Op.GE,
        threshold=Cited[int](value=count, label=f"{label}下限", citation=_cite(_TASKS, _TASK_QUOTE)),
    )


_COMMON_CONDITIONS: Final = (
    Compare(
        name="starting_regions",
        label="试点起步区域数量",
        measure="facts.starting_regions",
        op=Op.EQ,  # 「为1个」: exactly one (was ≤ 1, and no starting region passed)
        threshold=Cited[int](value=1, label="起步区域数量", citation=_cite(f"{_ORG} 1", "起步区域数量原则上为1个")),
    ),
    _at_least("experience_centres", "产业集群数字化转型体验展示中心数", "facts.experience_centres", 1),
    _at_least("benchmark_case_types", "不同类型的标杆案例数", "facts.benchmark_case_types", 2),
    _at_least("platform_enterprises", "上平台的企业数", "facts.platform_enterprises", 20),
)

_REVIEWS: Final = (
    Review(
        label="实施方案：重点任务、实施目标、时间计划、投资预算、保障措施",
        citation=_cite("附件 一、组织实施（二）制定实施方案", "产业联合体基于垂直行业领域的产业变革与升级方向"),
    ),
    Review(
        label="牵头单位提交集群试点任务书并牵头负责项目验收",
        citation=_cite(_TASKS, "由牵头单位负责提交集群试点任务书"),
    ),
)

SERVICE_PROVIDER_LED: Final = ProjectRules(
    programme=PROGRAMME,
    key="service_provider_led",
    topic_key="pilot",
    topic="特色产业集群数字化转型试点",
    name="服务商牵头的集群试点",
    basis=_cite(
        f"{_ORG} 1",
        "由深耕垂直行业领域的第三方工业互联网服务商牵头会同行业设备商、本地产业链变革型企业等组建产业联合体",
    ),
    pays=False,
    rate=None,
    conditions=_COMMON_CONDITIONS,
    reviews=_REVIEWS,
)

PLATFORM_LED: Final = ProjectRules(
    programme=PROGRAMME,
    key="platform_led",
    topic_key="pilot",
    topic="特色产业集群数字化转型试点",
    name="平台商牵头的集群试点",
    basis=_cite(f"{_ORG} 2", "由广东省内的国家跨行业跨领域工业互联网平台商牵头"),
    pays=False,
    rate=None,
    registered_province=Cited[str](
        value="广东省", label="平台商所在省份", citation=_cite(f"{_ORG} 2", "由广东省内的国家跨行业跨领域工业互联网平台商牵头")
    ),
    conditions=(
        Flag(
            name="national_platform",
            label="国家跨行业跨领域工业互联网平台商",
            measure="facts.national_cross_industry_platform",
            citation=_cite(f"{_ORG} 2", "由广东省内的国家跨行业跨领域工业互联网平台商牵头"),
        ),
        *_COMMON_CONDITIONS,
    ),
    reviews=_REVIEWS,
)

DIRECTIONS: Final[dict[str, Rule]] = {r.key: r for r in (SERVICE_PROVIDER_LED, PLATFORM_LED)}

EXCLUSIONS: Final[tuple[Exclusion | CountLimit, ...]] = (
    Exclusion(
        name="service_provider_leads_one",
        label="服务商以牵头方式只能参与1个集群试点",
        left=frozenset({"service_provider_led"}),
        right=frozenset({"service_provider_led"}),
        citation=_cite(f"{_ORG} 1", "服务商以牵头方式只能参与1个集群试点,以参与方式的不作限制"),
    ),
    CountLimit(
        name="platform_leads_three_a_year",
        label="平台商每年牵头试点不超过3个集群",
        directions=frozenset({"platform_led"}),
        max_count=3,
        per_year=True,
        citation=_cite(f"{_ORG} 2", "原则上平台商每年牵头试点不超过3个集群"),
    ),
)


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess a pilot under the way it is led (``service_provider_led`` or ``platform_led``). ``ledger``: the earlier awards its history rules read."""
    return assess_in(DIRECTIONS, PROGRAMME, application, ledger)
