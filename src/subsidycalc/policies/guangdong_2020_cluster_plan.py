"""广东省特色产业集群数字化转型试点2020年工作方案.

粤工信工业互联网函〔2020〕492号（广东省工业和信息化厅关于组织2020年特色产业集群数字化转型试点工作的通知，
附件） · 广东省工业和信息化厅 · 2020-05-22.
Text: ``policies/texts/guangdong-2020-cluster-plan.txt`` (bundled verbatim).

The plan sets no amounts; it sets who may lead how many pilots and what a pilot's task book must
hold. Encoded as [`ProjectRules`][subsidycalc.rules.ProjectRules] with ``pays=False``, one per way of leading
(一、组织实施（一）): a 服务商 lead and a 平台商 lead, with

* one 起步区域 per pilot (「起步区域数量原则上为1个」), for both, and it must be a 专业镇、工业园区 or
  县区 (「起步区域原则上应为产业聚集的专业镇、工业园区或县区」; 平台商: 「每个集群试点的起步区域要求与服务商牵头方式
  相同」);
* for a 服务商: a 第三方工业互联网服务商 (「由深耕垂直行业领域的第三方工业互联网服务商牵头」);
* for a 平台商: a 国家跨行业跨领域工业互联网平台商 registered in 广东 (「由广东省内的……平台商牵头」);
* the 任务书 targets (二、保障措施（六）): 1 体验展示中心, 2 or more 标杆案例 of different types,
  20 or more enterprises on the platform;

and, across a set of pilots (``EXCLUSIONS``, used by allocation): a 服务商 leads at most one pilot
(「服务商以牵头方式只能参与1个集群试点」: two leads by one 服务商 conflict), a 平台商 at most three a year
(``CountLimit``: beyond three, the lower-ranked are refused).

Three more, from the notice and the plan's 保障措施, also ``pays=False``:

* ``FIRST_BATCH_CONTINUED`` (通知 二): a first-batch pilot continues in 2020 only if its first-stage
  evaluation passed (「评估不达标的集群2020年取消试点资格」), with its 实施方案 sent 「于6月30日前」
  (an [`ApplicationDeadline`][subsidycalc.parts.gates.ApplicationDeadline] on the online submission);
* ``FINANCING_VOUCHER`` (二（二）、（四）): a 集群企业 that 开展联网设备分期融资 or 开展服务券订单融资
  qualifies for a 融资上云服务券; ``TALENT_VOUCHER`` (二（五）): one that applies “线上+线下” 实训
  qualifies for a 人才上云服务券. The voucher amounts are not in the text.

Where is what: ``SERVICE_PROVIDER_LED`` and ``PLATFORM_LED`` the two ways; ``EXCLUSIONS`` the limits.

Interpretation notes:
    * **「原则上」** (in principle) is read as the rule; exceptions are a decision outside the text.
    * **「2个以上不同类型标杆案例」** counts *types*: ``facts.benchmark_case_types`` ≥ 2.
    * **「20家以上企业上平台」**: ``>=`` 20 (以上 includes the number).
    * **平台商 three a year**: the programme is one year's plan, so the three are counted over the set
      allocated together; the 平台商's own ranking (review score, then online submission) decides
      which three stand.
    * **Participation** (「以参与方式的不作限制」) is not limited: only leads are counted.
    * **「不将属地注册作为推荐申报的约束条件」**: a 服务商 lead has no registration rule (the 平台商's
      「广东省内的」 is its own).
    * **起步区域的类型**: whether it is a 专业镇、工业园区 or 县区 is declared
      (``facts.starting_region_town_park_or_county``); 「产业聚集」 is left to review.
    * **「于6月30日前」** (通知 二) is the 2020 notice's date: 2020-06-30, the whole day, Beijing time
      (「前」 inclusive, CONVENTIONS.md). The 第二批 is 「全年受理」: no deadline.
    * **The first batch in 2020** is held to the 2020 plan's 任务书 targets (「按《2020年工作方案》要求
      制定具体实施方案」); the lead-type and 起步区域 rules of 一（一） are the second batch's way of
      forming a 联合体 and are not re-applied to a pilot formed in 2019.
    * **服务券**: 「集群企业」 is an enterprise of a pilot cluster (``facts.pilot_cluster_enterprise``);
      the 设备商 guarantee (「基于设备商承担担保或回购责任的前提」) and the genuine 合同 behind an 订单融资
      are reviewed.

Limitations:
    * The 实施方案 contents (重点任务、实施目标 …) and the 工作组 are left to expert review.
    * **申报材料**: the text names no checklist. It says only that a 实施方案 is 「经起步区域政府推荐、地市
      工业和信息化主管部门审核后报送」 (reviewed) and shows a 「申报书模板」 whose items (1–5) are images
      not in the text; no ``Documents`` gate is encoded rather than an invented one.
    * **服务券 amounts** (「奖补标准」) are set elsewhere (the “上云上平台” 服务券 policy), not here.
    * **A first-batch pilot's lead** is not counted in 「服务商以牵头方式只能参与1个集群试点」: the text
      does not say whether that limit reaches the 2019 pilots, and their leads' kind is not in the text.
    * **「第一阶段评估」 itself** (how 达标 is judged) is the 2019 plan's (粤工信工业互联网函〔2019〕1383号),
      not in the corpus: the outcome is declared (``facts.first_stage_evaluation_passed``).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from ..citations import Citation, Cited, Document, Provision
from ..exclusion import CountLimit, Exclusion
from ..ledger import Ledger
from ..models import Application
from ..periods import Deadline
from ..result import Assessment
from ..rules import AnyOf, Compare, Condition, Flag, Op, ProjectRules, Review, Rule
from ._clauses import Clauses, assess_in

__all__ = [
    "DIRECTIONS",
    "DOCUMENT",
    "EXCLUSIONS",
    "FINANCING_VOUCHER",
    "FIRST_BATCH_CONTINUED",
    "PLATFORM_LED",
    "PROGRAMME",
    "SERVICE_PROVIDER_LED",
    "TALENT_VOUCHER",
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
_ORG_NOTICE_1 = "通知 一、组织开展第二批集群试点"
_NOTICE_2 = "通知 二、深入推进第一批集群试点"
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


_REGION_QUOTE: Final = "起步区域原则上应为产业聚集的专业镇、工业园区或县区"
_SERVICE_PROVIDER_QUOTE: Final = "由深耕垂直行业领域的第三方工业互联网服务商牵头"

_COMMON_CONDITIONS: Final = (
    Flag(
        name="starting_region_kind",
        label="起步区域为专业镇、工业园区或县区",
        measure="facts.starting_region_town_park_or_county",
        citation=_cite(f"{_ORG} 1", _REGION_QUOTE),
    ),
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
        label="起步区域为产业聚集的区域（经起步区域政府推荐、地市工业和信息化主管部门审核后报送）",
        citation=_cite(_ORG_NOTICE_1, "经起步区域政府推荐、地市工业和信息化主管部门审核后报送我厅(全年受理)"),
    ),
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
    conditions=(
        Flag(
            name="third_party_service_provider",
            label="牵头单位为第三方工业互联网服务商",
            measure="facts.third_party_service_provider",
            citation=_cite(f"{_ORG} 1", _SERVICE_PROVIDER_QUOTE),
        ),
        *_COMMON_CONDITIONS,
    ),
    reviews=(
        Review(
            label="服务商深耕垂直行业领域，会同行业设备商、本地产业链变革型企业等组建产业联合体",
            citation=_cite(f"{_ORG} 1", _SERVICE_PROVIDER_QUOTE),
        ),
        *_REVIEWS,
    ),
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
    reviews=(
        Review(
            label="平台商以市场化机制自主严格筛选优秀服务商组建产业联合体",
            citation=_cite(f"{_ORG} 2", "市场化机制自主严格筛选优秀服务商组建产业联合体"),
        ),
        Review(
            label="每个集群试点的起步区域要求与服务商牵头方式相同",
            citation=_cite(f"{_ORG} 2", "每个集群试点的起步区域要求与服务商牵头方式相同"),
        ),
        *_REVIEWS,
    ),
)

_CONTINUE_QUOTE: Final = "评估达标的集群2020年继续深入推进试点,评估不达标的集群2020年取消试点资格"

FIRST_BATCH_CONTINUED: Final = ProjectRules(
    programme=PROGRAMME,
    key="first_batch_continued",
    topic_key="pilot",
    topic="特色产业集群数字化转型试点",
    name="第一批集群试点2020年继续推进",
    basis=_cite(_NOTICE_2, _CONTINUE_QUOTE),
    pays=False,
    rate=None,
    application_deadline=Cited[Deadline](
        value=Deadline.end_of(date(2020, 6, 30)),
        label="2020年继续开展试点的实施方案报送截止",
        citation=_cite(_NOTICE_2, "按《2020年工作方案》要求制定具体实施方案,于6月30日前报送我厅(工业互联网处)"),
    ),
    conditions=(
        Flag(
            name="first_batch_pilot",
            label="属于2019年启动的第一批集群试点",
            measure="facts.first_batch_pilot",
            citation=_cite(_NOTICE_2, "2019年第一批集群试点工作安排根据第一阶段评估情况确定"),
        ),
        Flag(
            name="first_stage_evaluation",
            label="第一阶段评估达标",
            measure="facts.first_stage_evaluation_passed",
            citation=_cite(_NOTICE_2, _CONTINUE_QUOTE),
        ),
        _at_least("experience_centres", "产业集群数字化转型体验展示中心数", "facts.experience_centres", 1),
        _at_least("benchmark_case_types", "不同类型的标杆案例数", "facts.benchmark_case_types", 2),
        _at_least("platform_enterprises", "上平台的企业数", "facts.platform_enterprises", 20),
    ),
    reviews=(
        Review(
            label="进一步深入研究行业领域和起步区域，按《2020年工作方案》要求制定具体实施方案",
            citation=_cite(_NOTICE_2, "请2020年继续开展集群试点单位进一步深入研究行业领域和起步区域"),
        ),
        *_REVIEWS[1:],
    ),
)
"""A pilot of the first batch (粤工信工业互联网函〔2019〕1593号) continued in 2020: only if its
first-stage evaluation passed (「评估不达标的集群2020年取消试点资格」), with its 实施方案 to the 2020
plan's requirements (the 任务书 targets) sent by 6月30日 (Beijing time, the whole day)."""

_VOUCHERS = "附件 二、保障措施"
_VOUCHER_TOPIC: Final = "“上云上平台”服务券奖补（集群企业）"
_CLUSTER_ENTERPRISE_LABEL: Final = "特色产业集群数字化转型试点的集群企业"

def _voucher(
    key: str, name: str, basis: Citation, enterprise_clause: Citation, *rest: Condition, reviews: tuple[Review, ...] = ()
) -> Rule:
    """A 服务券 of the plan: who qualifies — a 集群企业 (``enterprise_clause``) and the ``rest`` — and
    no amount (the plan sets none: ``pays=False``)."""
    return ProjectRules(
        programme=PROGRAMME,
        key=key,
        topic_key="cloud_voucher",
        topic=_VOUCHER_TOPIC,
        name=name,
        basis=basis,
        pays=False,
        rate=None,
        conditions=(
            Flag(
                name="pilot_cluster_enterprise",
                label=_CLUSTER_ENTERPRISE_LABEL,
                measure="facts.pilot_cluster_enterprise",
                citation=enterprise_clause,
            ),
            *rest,
        ),
        reviews=reviews,
    )


FINANCING_VOUCHER: Final = _voucher(
    "financing_voucher",
    "融资上云服务券奖补",
    _cite(f"{_VOUCHERS}（二）", "对开展联网设备分期融资的集群企业给予融资上云服务券奖补"),
    _cite(f"{_VOUCHERS}（四）", "对开展服务券订单融资的集群企业给予融资上云服务券奖补"),
    AnyOf(
        name="financing",
        label="开展联网设备分期融资或服务券订单融资",
        citation=_cite(f"{_VOUCHERS}（二）", "对开展联网设备分期融资的集群企业给予融资上云服务券奖补"),
        rules=(
            Flag(
                name="equipment_instalment_financing",
                label="开展联网设备分期融资",
                measure="facts.equipment_instalment_financing",
                citation=_cite(f"{_VOUCHERS}（二）", "对开展联网设备分期融资的集群企业给予融资上云服务券奖补"),
            ),
            Flag(
                name="voucher_order_financing",
                label="开展服务券订单融资",
                measure="facts.voucher_order_financing",
                citation=_cite(f"{_VOUCHERS}（四）", "对开展服务券订单融资的集群企业给予融资上云服务券奖补"),
            ),
        ),
    ),
    reviews=(
        Review(
            label="分期融资基于设备商承担担保或回购责任的前提",
            citation=_cite(f"{_VOUCHERS}（二）", "基于设备商承担担保或回购责任的前提"),
        ),
        Review(
            label="订单融资基于企业与工业互联网服务商签订的真实有效合同和“上云上平台”服务券订单",
            citation=_cite(f"{_VOUCHERS}（四）", "基于企业与工业互联网服务商签订的、真实有效合同和“上云上平台”服务券订单"),
        ),
    ),
)
"""Who qualifies for a 融资上云服务券 (二（二）, 二（四）): a 集群企业 that 开展联网设备分期融资 or
开展服务券订单融资. The plan sets no amount: the voucher's value is not encoded (``pays=False``)."""

_TRAINING_CLAUSE: Final = _cite(f"{_VOUCHERS}（五）", "省对应用“线上+线下”实训的集群企业给予人才上云服务券奖补")

TALENT_VOUCHER: Final = _voucher(
    "talent_voucher",
    "人才上云服务券奖补",
    _TRAINING_CLAUSE,
    _TRAINING_CLAUSE,
    Flag(
        name="online_offline_training",
        label="应用“线上+线下”实训",
        measure="facts.online_offline_training",
        citation=_TRAINING_CLAUSE,
    ),
)
"""Who qualifies for a 人才上云服务券 (二（五）): a 集群企业 that applies “线上+线下” 实训. No amount is set."""

DIRECTIONS: Final[dict[str, Rule]] = {
    r.key: r for r in (SERVICE_PROVIDER_LED, PLATFORM_LED, FIRST_BATCH_CONTINUED, FINANCING_VOUCHER, TALENT_VOUCHER)
}

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


PROVISIONS: Final[tuple[Provision, ...]] = (
    Provision(
        quote="请各地级以上市工业和信息化主管部门结合本地传统特色产业转型升级",
        status="context",
        reason="地市主管部门的工作（统筹、推荐）；其中「不将属地注册作为推荐申报的约束条件」：服务商不设注册地条件",
    ),
)
"""The rule-like sentences of the text no rule part encodes, and why (``subsidycalc.provisions``)."""
