"""广东省工业和信息化厅关于组织开展2022年产业集群数字化转型试点项目培育入库申报的通知.

粤工信工业互联网函〔2022〕14号（揭阳市转发：揭市工信函〔2022〕235号），附件1《广东省产业集群数字化转型工程
实施细则（2022年）》、附件2《2022年第一批产业集群试点行业指南榜单》 · 广东省工业和信息化厅 · 2022.
Text: ``policies/texts/guangdong-2022-cluster-pilot.txt`` (bundled verbatim).

Encodes the provincial funding of a cluster pilot as :class:`~subsidycalc.rules.ProjectRules`, one
per 试点行业 (the 21 二级目录 of 附件2, by 指南编号 ``2-1`` … ``2-21``): the ceiling
``min(2000万, 30% / 50% × 项目实际总投资额)`` by the region class of the 试点起步区域, the 500万
minimum, the two stages (≤30% after 试点认定, ≤70% after a 合格 or better evaluation), the lead-unit
and 产业生态 conditions, the 刚性指标, the contract-filing rule, 赛马 (one funded project per 试点行业,
the first certified) and one pilot per applicant; and the listing stage (培育入库) as its own rule set.

Where is what: ``INDUSTRIES`` the 21 二级目录 and ``SPECIAL_PILOTS`` the 2 专项 with their 指南编号;
``PILOTS["2-2"]`` the 印刷电路板 pilot's rules; ``CEILING`` the 2000万 cap; ``REGION_CLASSES`` the
city table and its two rates; ``STAGES`` the 30% / 70% tranches; ``EXCLUSIONS`` one pilot per
applicant.

Interpretation notes:
    * **「不超过」 everywhere (2000万, 30%/50%, 30%/70%)**: the text sets maxima (「结合……等因素综合
      考量」). The library reports the ceiling the text allows — ``min(2000万, rate × 实际总投资额)`` —
      as the award, and the stages as 30% of it (rounded half-up) and the rest. A lower decided
      amount is a what-if (``evolve`` the rate or the cap).
    * **珠三角 / 粤东西北** is not defined in the text. ``REGION_CLASSES`` uses the province's
      standard division (珠三角 9 市: 广州、深圳、珠海、佛山、惠州、东莞、中山、江门、肇庆; 粤东西北 12 市:
      汕头、汕尾、潮州、揭阳、湛江、茂名、阳江、韶关、河源、梅州、清远、云浮), as in the 广东统计年鉴. The
      class follows the pilot's 试点起步区域 (``Project.start_region``), an explicit input.
    * **「每个试点项目实际总投资额须不少于500万」**: ``>=`` 500万 of ``Project.actual_investment``.
    * **Stages**: the first tranche is payable once 试点认定 (``facts.pilot_certified``); the second
      once the end-of-pilot evaluation is 合格 or better (``facts.final_evaluation_passed``); a 不合格
      evaluation (``False``) forfeits it (``STAGE_FORFEITED``), an unknown one leaves it pending.
    * **赛马**: 「仅对最先通过试点认定的项目予以资金奖励支持」 is a quota of one per 试点行业, ranked by
      ``facts.certified_on``. Certification is usually announced for a batch on one day; a same-day
      tie is broken by the allocation's documented tie-break (default: earlier online submission),
      and ``TieBreak.UNRESOLVED`` reports it for a decision instead. The text funds one project.
    * **「近5年内（2017年以来）」**: the look-back starts on 2017-01-01 (the text's own gloss) and ends on
      the online submission day; it covers the lead unit and every 生态成员.
    * **Contract filing**: contracts signed on or after 2021-01-01 and not filed on 广东省工业互联网应用
      服务平台 are reported (``CONTRACT_NOT_FILED``, a warning): the text excludes them from the 试点
      考核, not from the investment, and the audited actual investment is an input.
    * **刚性指标**: the 培育期 targets (15 surveyed, 3 products, 2 benchmark cases, 20 enterprises) are
      conditions of 试点认定 and so of the award; the 试点期 / two-year targets (15 more surveyed, more
      than 5 products, 5 cases, 50 enterprises) are advisory until the evaluation, whose result is the
      input that gates the second stage.

Limitations:
    * Each 行业指南's own quantified 验收指标 (附件2-1 … 2-21), and its exceptions to the 50-enterprise
      target (「以具体行业指南为准」), are not yet encoded; they are listed for expert review.
    * The listing stage (at most 2 recommendations per region per 试点行业, at most 2 selected per
      试点行业) is ``LISTING_RULES`` + ``LISTING_LIMITS`` for allocation; "region" is the 试点起步区域
      as given (city and district).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from ..citations import Citation, Cited, Document
from ..exclusion import CountLimit, Exclusion
from ..findings import Code
from ..models import Application
from ..money import Money, Ratio
from ..result import Assessment
from ..rules import (
    AnyOf,
    Compare,
    ContractFiling,
    EcosystemIntegrity,
    Flag,
    Op,
    ProjectRules,
    Ranking,
    RateClasses,
    Review,
    Stage,
    Tenure,
    evolve,
)

__all__ = [
    "CEILING",
    "DIRECTIONS",
    "DOCUMENT",
    "EXCLUSIONS",
    "INDUSTRIES",
    "LISTING_LIMITS",
    "LISTING_RULES",
    "PILOTS",
    "PROGRAMME",
    "REGION_CLASSES",
    "SPECIAL_PILOTS",
    "STAGES",
    "assess",
]

PROGRAMME: Final = "guangdong-2022"

DOCUMENT: Final = Document(
    key=PROGRAMME,
    title="广东省工业和信息化厅关于组织开展2022年产业集群数字化转型试点项目培育入库申报的通知",
    number="粤工信工业互联网函〔2022〕14号（揭市工信函〔2022〕235号转发）",
    issuer="广东省工业和信息化厅",
    date="2022（地市汇总提交截止2022年6月30日）",
    text_file="guangdong-2022-cluster-pilot.txt",
    short="广东2022集群试点",
)


def _cite(clause: str, quote: str) -> Citation:
    return Citation(document=PROGRAMME, clause=clause, quote=quote)


_SUPPORT = "四、支持方式（二）"
_CONDITIONS = "二、申报条件"
_RIGID = "附件2 一、基本要求（一）刚性指标"

# -- 附件2: the 21 二级目录 and the 2 专项 ----------------------------------------------------------

INDUSTRIES: Final[dict[str, tuple[str, str, str]]] = {
    "2-1": ("新一代电子信息", "智能终端", "5G技术的融合创新驱动智能终端产业高质量发展工程"),
    "2-2": ("新一代电子信息", "印刷电路板", "面向绿色循环可持续发展的印刷电路板产业集群数字化转型工程"),
    "2-3": ("新一代电子信息", "电声", "电声产业集群数字化转型工程"),
    "2-4": ("新一代电子信息", "光电", "光电产业集群数字化转型工程"),
    "2-5": ("高端装备制造", "建材装备", "建材装备产业链协同创新工程"),
    "2-6": ("高端装备制造", "汽车制造", "汽车制造产线与产业链数字化转型工程"),
    "2-7": ("高端装备制造", "模具制造", "基于模具产业集群协同的精密制造数字化转型工程"),
    "2-8": ("高端装备制造", "精密零部件制造", "基于数字孪生的数控装备云平台推动精密零部件产业集群数字化转型工程"),
    "2-9": ("现代轻工纺织", "美妆日化", "美妆日化产业高质量发展数字化运营平台工程"),
    "2-10": ("现代轻工纺织", "塑料日用品", "塑料日用品产业集群数字化转型工程"),
    "2-11": ("现代轻工纺织", "纺织服装", "设计引领需求导向的纺织服装绿色供应链工程"),
    "2-12": ("现代轻工纺织", "箱包皮具", "箱包皮具产业集群数字化转型工程"),
    "2-13": ("现代轻工纺织", "五金制品", "五金制品产业集群数字化转型工程"),
    "2-14": ("智能家电", "大家电", "家电行业协同制造平台工程"),
    "2-15": ("智能家电", "小家电", "以设计数智化驱动小家电全产业链协同创新发展工程"),
    "2-16": ("智能家电", "厨卫电器", "厨卫行业质量数字化服务平台工程"),
    "2-17": ("先进材料", "有色金属", "有色金属加工产业集群数字化转型工程"),
    "2-18": ("先进材料", "石材", "石材产业链协同创新平台工程"),
    "2-19": ("先进材料", "陶瓷", "陶瓷产业集群数字化转型工程"),
    "2-20": ("先进材料", "水泥", "水泥/混凝土全产业链数字化转型工程"),
    "2-21": ("先进材料", "高耗能产业", "高耗能产业聚集区低碳数字化转型工程"),
}
"""指南编号 → (大类方向, 二级目录, 指南方向): the 21 试点行业 of 附件2 二、行业目录."""

SPECIAL_PILOTS: Final[dict[str, str]] = {
    "2-22": "产业数字化复合型人才培训专项指南",
    "2-23": "5G 行业规模化应用专项指南",
}
"""The two 专项: 「专项试点不单独申报，作为行业试点的加分项纳入考核」 — data, not applications."""

# -- money ---------------------------------------------------------------------------------------

_PEARL_RIVER_DELTA: Final = ("广州市", "深圳市", "珠海市", "佛山市", "惠州市", "东莞市", "中山市", "江门市", "肇庆市")
_EAST_WEST_NORTH: Final = (
    "汕头市", "汕尾市", "潮州市", "揭阳市", "湛江市", "茂名市", "阳江市",
    "韶关市", "河源市", "梅州市", "清远市", "云浮市",
)

REGION_CLASSES: Final = RateClasses(
    cities=Cited[dict[str, str]](
        value={
            **dict.fromkeys(_PEARL_RIVER_DELTA, "pearl_river_delta"),
            **dict.fromkeys(_EAST_WEST_NORTH, "east_west_north"),
        },
        label="珠三角/粤东西北地市分类表（文本未列；据广东统计年鉴的区域划分：珠三角9市、粤东西北12市）",
        citation=_cite(_SUPPORT, "其中珠三角地市集群试点不超过项目实际总投资额的30%"),
    ),
    rates={
        "pearl_river_delta": Cited[Ratio](
            value=Ratio.parse("30%"),
            label="珠三角地市集群试点",
            citation=_cite(_SUPPORT, "其中珠三角地市集群试点不超过项目实际总投资额的30%"),
        ),
        "east_west_north": Cited[Ratio](
            value=Ratio.parse("50%"),
            label="粤东西北地市集群试点",
            citation=_cite(_SUPPORT, "粤东西北地市集群试点不超过项目实际总投资额的50%"),
        ),
    },
)

CEILING: Final = Cited[Money](
    value=Money.from_wan(2000),
    label="每个试点产业集群扶持总额上限",
    citation=_cite(_SUPPORT, "省财政对每个试点产业集群扶持总额累计不超过2000万元"),
)

STAGES: Final = (
    Stage(
        label="试点认定后",
        share=Cited[Ratio](
            value=Ratio.parse("30%"),
            label="第一阶段比例",
            citation=_cite(_SUPPORT, "试点认定后，按不超过扶持总额的30%予以奖补支持"),
        ),
        gate="facts.pilot_certified",
    ),
    Stage(
        label="试点期满评估合格及以上",
        share=Cited[Ratio](
            value=Ratio.parse("70%"),
            label="第二阶段比例",
            citation=_cite(_SUPPORT, "试点期满后，评估合格及以上的，按不超过扶持总额的70%予以奖补支持"),
        ),
        gate="facts.final_evaluation_passed",
    ),
)


def _count(value: int, label: str, quote: str) -> Cited[int]:
    return Cited[int](value=value, label=label, citation=_cite(_RIGID, quote))


def _target(name: str, label: str, measure: str, op: Op, value: int, quote: str, *, advisory: bool) -> Compare:
    return Compare(
        name=name, label=label, measure=measure, op=op, threshold=_count(value, label, quote), advisory=advisory
    )


_SURVEY_QUOTE: Final = "培育期间、试点期间各完成不少于 15 家集群企业"
_PRODUCTS_QUOTE: Final = "2 年内平台上线并在集群落地应用的关键产品及服务数量超过 5 个，其中，培育期间上线不少于 3 个"
_CASES_QUOTE: Final = "**2年内打造5个以上不同规模、不同类型、可供参观的标杆案例**，其中，培育期间不少于**2个**"

_CONDITIONS_DATA: Final = (
    AnyOf(
        name="lead_kind",
        label="牵头单位为行业龙头制造企业或行业公共服务企业",
        citation=_cite(f"{_CONDITIONS}（二）", "牵头单位应为行业龙头制造企业或行业公共服务企业"),
        rules=(
            Flag(
                name="industry_leader",
                label="行业龙头制造企业",
                measure="facts.industry_leader",
                citation=_cite(f"{_CONDITIONS}（二）", "牵头单位应为行业龙头制造企业或行业公共服务企业"),
            ),
            Flag(
                name="public_service_enterprise",
                label="行业公共服务企业",
                measure="facts.public_service_enterprise",
                citation=_cite(f"{_CONDITIONS}（二）", "牵头单位应为行业龙头制造企业或行业公共服务企业"),
            ),
        ),
    ),
    Flag(
        name="provincial_case",
        label="在所申报的试点行业有成功落地且服务成效好的省内案例",
        measure="facts.provincial_case",
        citation=_cite(f"{_CONDITIONS}（二）", "在所申报的试点行业有成功落地且服务成效好的省内案例"),
    ),
    Tenure(
        name="expert_tenure",
        label="“懂行人”在所申报的细分行业领域从业年限",
        since="facts.expert_since",
        op=Op.GT,
        years=Cited[int](
            value=10,
            label="懂行人从业年限（须超过）",
            citation=_cite(
                f"{_CONDITIONS}（二）", "牵头单位的实际管理人应为“懂行人”，在所申报的细分行业领域从业超过10年"
            ),
        ),
    ),
    Flag(
        name="no_overdue_acceptance",
        label="存在未按期完成财政专项资金扶持项目验收的情况",
        measure="facts.overdue_acceptance",
        expected=False,
        citation=_cite(f"{_CONDITIONS}（四）", "且不存在未按期完成财政专项资金扶持项目验收的情况"),
    ),
    Flag(
        name="pilot_certified",
        label="通过试点认定",
        measure="facts.pilot_certified",
        citation=_cite(_SUPPORT, "对通过试点认定的项目"),
        fail_code=Code.THRESHOLD_NOT_MET,
    ),
    _target("surveyed_cultivation", "培育期间深调研及诊断企业数", "facts.surveyed_cultivation", Op.GE, 15, _SURVEY_QUOTE, advisory=False),
    _target("key_products_cultivation", "培育期间上线的关键产品及服务数", "facts.key_products_cultivation", Op.GE, 3, _PRODUCTS_QUOTE, advisory=False),
    _target("benchmark_cases_cultivation", "培育期间打造的标杆案例数", "facts.benchmark_cases_cultivation", Op.GE, 2, _CASES_QUOTE, advisory=False),
    _target("transformed_cultivation", "培育期间推动数字化转型的企业数", "facts.transformed_cultivation", Op.GE, 20, "其中，培育期间不少于**20家**", advisory=False),
    _target("surveyed_pilot", "试点期间深调研及诊断企业数", "facts.surveyed_pilot", Op.GE, 15, _SURVEY_QUOTE, advisory=True),
    _target("key_products_2y", "2年内上线的关键产品及服务数", "facts.key_products_2y", Op.GT, 5, _PRODUCTS_QUOTE, advisory=True),
    _target("benchmark_cases_2y", "2年内打造的标杆案例数", "facts.benchmark_cases_2y", Op.GE, 5, _CASES_QUOTE, advisory=True),
    _target("transformed_2y", "推动数字化转型的集群内企业数", "facts.transformed_2y", Op.GE, 50, "**推动50家以上集群内企业数字化转型**", advisory=True),
)

_REVIEWS: Final = (
    Review(
        label="本行业指南（附件2-1至2-21）的主要验收指标，以及个别行业对企业数量要求的例外",
        citation=_cite(_RIGID, "**推动50家以上集群内企业数字化转型**"),
    ),
    Review(
        label="结合培育期间评价、实施情况、年度预算、地市参与程度等因素综合确定的扶持额度",
        citation=_cite(_SUPPORT, "省财政对每个试点产业集群扶持总额累计不超过2000万元"),
    ),
)


def _pilot(code: str) -> ProjectRules:
    group, catalogue, direction = INDUSTRIES[code]
    return ProjectRules(
        programme=PROGRAMME,
        key=f"industry_{code.replace('-', '_')}",
        topic_key=f"group_{group}",
        topic=f"{group}（附件2 二、行业目录）",
        name=f"{catalogue}：{direction}（指南编号{code}）",
        basis=_cite(f"附件2-{code.split('-')[1]} 行业指南", f"二级目录：{catalogue}"),
        base_measure="project.actual_investment",
        rate=REGION_CLASSES.rates["pearl_river_delta"],
        rate_classes=REGION_CLASSES,
        cap=CEILING,
        minimum=Cited[Money](
            value=Money.from_wan(500),
            label="项目实际总投资额下限",
            citation=_cite(_SUPPORT, "每个试点项目实际总投资额须不少于500万"),
        ),
        minimum_measure="project.actual_investment",
        stages=STAGES,
        quota=Cited[int](
            value=1,
            label="赛马：每个试点行业仅支持最先通过试点认定的项目",
            citation=_cite("四、支持方式（一）", "同一试点行业的多个培育项目，仅对最先通过试点认定的项目予以资金奖励支持"),
        ),
        ranking=Ranking.CERTIFICATION_DATE,
        ranking_citation=_cite("四、支持方式（一）", "同一试点行业的多个培育项目，仅对最先通过试点认定的项目予以资金奖励支持"),
        joint_forbidden=_cite(_CONDITIONS, "一个试点项目只有一个申报主体，不允许联合申报"),
        registered_province=Cited[str](
            value="广东省",
            label="牵头单位注册地",
            citation=_cite(f"{_CONDITIONS}（一）", "牵头单位应在广东省注册、具有独立法人资格"),
        ),
        ecosystem=EcosystemIntegrity(
            lookback_years=Cited[int](
                value=5,
                label="无严重违法违规及重大事故的年限（2017年以来）",
                citation=_cite(
                    f"{_CONDITIONS}（四）",
                    "牵头单位及其生态成员近5年内（2017年以来）在专项资金管理、专项审计、绩效评价、监督检查等方面未出现过",
                ),
            ),
            since=Cited[date](
                value=date(2017, 1, 1),
                label="起算日",
                citation=_cite(f"{_CONDITIONS}（四）", "近5年内（2017年以来）未发生重大安全、环保、质量事故"),
            ),
            dishonest=_cite(f"{_CONDITIONS}（四）", "不得为失信被执行人（以“信用中国”网站查询结果为准）"),
        ),
        contract_filing=ContractFiling(
            since=Cited[date](
                value=date(2021, 1, 1),
                label="须在平台备案的合同签订起始日",
                citation=_cite(
                    "四、支持方式（三）",
                    "所有产品及服务项目（2021年1月1日后，以合同签订日期为准）应在广东省工业互联网应用服务平台备案",
                ),
            ),
            platform="广东省工业互联网应用服务平台",
        ),
        conditions=_CONDITIONS_DATA,
        reviews=_REVIEWS,
    )


PILOTS: Final[dict[str, ProjectRules]] = {code: _pilot(code) for code in INDUSTRIES}
"""One rules object per 试点行业, by 指南编号."""

DIRECTIONS: Final[dict[str, ProjectRules]] = {rules.key: rules for rules in PILOTS.values()}
"""The same, by key (``industry_2_2``)."""

EXCLUSIONS: Final[tuple[Exclusion, ...]] = (
    Exclusion(
        name="one_pilot_per_applicant",
        label="同一申报主体不允许申报多个试点项目",
        left=frozenset(DIRECTIONS),
        right=frozenset(DIRECTIONS),
        citation=_cite(_CONDITIONS, "同一申报主体不允许申报多个试点项目"),
    ),
)


LISTING_RULES: Final[dict[str, ProjectRules]] = {
    rules.ref: evolve(
        rules,
        quota=Cited[int](
            value=2,
            label="每个试点行业入库培育数上限",
            citation=_cite("一、组织方式（四）", "针对每个试点行业，将择优遴选不超过2个牵头单位及其集群转型方案入库培育"),
        ),
        ranking=Ranking.REVIEW_SCORE,
        ranking_citation=None,
    )
    for rules in PILOTS.values()
}
"""The listing stage (培育入库): the same pilots with 「择优遴选不超过2个」 as the quota, ranked by review
score. Allocate with ``rules=LISTING_RULES, exclusions={PROGRAMME: LISTING_LIMITS}``."""

LISTING_LIMITS: Final[tuple[Exclusion | CountLimit, ...]] = (
    *EXCLUSIONS,
    CountLimit(
        name="two_recommendations_per_region",
        label="每个区域针对每个试点行业可推荐不超过2个",
        directions=frozenset(DIRECTIONS),
        max_count=2,
        per="region",
        citation=_cite("一、组织方式（三）", "每个区域针对每个试点行业可推荐不超过2个试点牵头单位及其集群转型方案"),
    ),
)
"""Listing-stage limits: one pilot per applicant, at most two recommendations per region per 试点行业."""


def assess(application: Application) -> Assessment:
    """Assess a pilot under the 试点行业 its ``direction`` names (``industry_2_2``)."""
    try:
        rules = DIRECTIONS[application.direction]
    except KeyError:
        raise ValueError(
            f"direction {application.direction!r} is not a 试点行业 of {PROGRAMME}: expected one of "
            f"{', '.join(DIRECTIONS)}"
        ) from None
    return rules.assess(application)
