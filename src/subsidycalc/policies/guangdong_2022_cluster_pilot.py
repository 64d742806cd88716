"""广东省工业和信息化厅关于组织开展2022年产业集群数字化转型试点项目培育入库申报的通知.

粤工信工业互联网函〔2022〕14号（揭阳市转发：揭市工信函〔2022〕235号），附件1《广东省产业集群数字化转型工程
实施细则（2022年）》、附件2《2022年第一批产业集群试点行业指南榜单》 · 广东省工业和信息化厅 · 2022.
Text: ``policies/texts/guangdong-2022-cluster-pilot.txt`` (bundled verbatim).

Encodes the provincial funding of a cluster pilot as [`ProjectRules`][subsidycalc.rules.ProjectRules], one
per 试点行业 (the 21 二级目录 of 附件2, by 指南编号 ``2-1`` … ``2-21``): the ceiling
``min(2000万, 30% / 50% × 项目实际总投资额)`` by the region class of the 试点起步区域, the 500万
minimum, the two stages (≤30% after 试点认定, ≤70% after a 合格 or better evaluation), the lead-unit
and 产业生态 conditions, the 刚性指标, the contract-filing rule, 赛马 (one funded project per 试点行业,
the first certified) and one pilot per applicant; and the listing stage (培育入库) as its own rule set.

Where is what: ``INDUSTRIES`` the 21 二级目录 and ``SPECIAL_PILOTS`` the 2 专项 with their 指南编号;
``PILOTS["2-2"]`` the 印刷电路板 pilot's rules; ``CEILING`` the 2000万 cap; ``REGION_CLASSES`` the
city table and its two rates; ``STAGES`` the 30% / 70% tranches; ``EXCLUSIONS`` one pilot per
applicant; ``LEAD_CONDITIONS`` each guide's countable 牵头单位条件; ``INDICATORS`` and
``INDICATOR_ALTERNATIVES`` each guide's 验收指标 and their 「或」 branches; ``SPECIAL_PILOT_RULES``
the requirements of the two 专项试点; ``DEADLINE``, ``DOCUMENTS`` and ``DOMESTIC`` the deadline, the
申报材料 and the members' 国内注册.

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
    * **Industry overrides**: 「以具体行业指南为准」 — 2-5 (40 / 20), 2-17, 2-18, 2-19 (30 / 10) set their
      own number of enterprises to transform, replacing the 50 / 20; 2-20 sets a 30% share instead
      of the 50 (its 培育期 part stays 20). See ``TRANSFORMED_OVERRIDES``.
    * **验收指标** of each 行业指南 are advisory like the two-year targets: the end-of-pilot evaluation
      (an input) decides the second stage.
    * **刚性指标**: the 培育期 targets (15 surveyed, 3 products, 2 benchmark cases, 20 enterprises) are
      conditions of 试点认定 and so of the award; the 试点期 / two-year targets (15 more surveyed, more
      than 5 products, 5 cases, 50 enterprises) are advisory until the evaluation, whose result is the
      input that gates the second stage.

    * **牵头单位条件 of each 行业指南** (「四、牵头单位条件」) are conditions of the application, checked
      from it on: 「至少N个……示范案例」 is ``facts.lead_demo_cases >= N`` (2-1: 3, the others 1; 2-17's
      「标杆示范案例」 and 2-19's 「典型示范案例」 are such cases, 2-21's 「针对柔性生产负荷聚合调控的实际运营
      案例」 is the case that guide counts); 「至少 1 项成熟的……业务」 (2-2, 2-16) is
      ``facts.lead_mature_businesses``; 2-14's 「产业生态具有至少 1 项……技术证明」 is
      ``facts.ecosystem_technology_proofs``. 2-20 「具有 1 个……示范案例，或者具有工厂、搅拌站、建筑单位
      协同的数字化成功实施经验」: 「具有 1 个」 is read as at least one, and either branch suffices
      (``AnyOf`` with ``facts.lead_collaboration_experience``). Capabilities without a number (行业认知、
      愿景、行业资源、生态组织能力; 2-6 「具有汽车装备产线全生命周期管理的成功案例与经验」「具有较完整的工业互联网
      平台开发能力」, 2-18, 2-21 「具有自主知识产权的……平台」 …) are ``Review`` items of that 试点行业.
    * **「或」 in a 验收指标** (only 2-11 has one): 「超过 100 万件/年的产销量（或 5000 万元/年交易额）」 —
      the 「超过」 governs both branches (> 5000万元/年); 「产销比不低于 85%（或缩短库存周期 10%以上）」.
      The alternative branch is ``facts.indicators["2-11.1b"]`` / ``["2-11.2b"]``; any declared branch
      met meets the indicator.
    * **专项试点** (2-22, 2-23): 「专项试点不单独申报，作为行业试点的加分项纳入考核」 — a pilot joins one by
      naming it in ``facts.special_pilots`` (the 汇总表's 「专项试点方向」; empty or undeclared: none, as
      「若牵头单位不申报专项试点，则写“无”」). Its requirements are then checked (``WhenJoined``): 2-22
      「已开展产业数字化复合型人才培训工作相关业务2年以上」 (``facts.talent_training_since``, two calendar years
      to the online submission day, at least); 2-23 「产业生态成员中包含电信运营商」, 「在试点行业有 3 个以上
      “5G+工业互联网”相关项目经验」, and its targets 「试点区域 5G 网络覆盖率不低于 60%」 and 「采用 5G 技术联网的
      工业设备占联网工业设备总数比例不低于 20%」 (at the evaluation). A miss is a **warning**: the bonus is
      at stake, never the industry pilot's eligibility.
    * **Use of the funds**: 「核心工业软件应由……首版次软件」 (``facts.core_software_first_version``, at
      试点认定) and 「财政资金不得用于……工资……差旅、会务等日常事务性的支出」
      (``facts.funds_for_excluded_costs``, at the evaluation) are reported as warnings, not conditions
      of the award: the text says only 「一经发现将严肃处理」, and the base is the audited actual
      investment, an input the library does not split.
    * **「于2022年6月30日前提交至省工业和信息化厅」** binds the 地市's submission of the collected
      materials. The library compares the application's own submission (``submission.online_at``)
      with it: a lead unit's materials submitted after it cannot reach the province in time
      (``SUBMITTED_LATE``). 「前」 includes 30 June (23:59:59 Beijing time), as CONVENTIONS.md reads
      「18:00前」; the strict reading is a what-if (``evolve`` the deadline).
    * **「生态成员应为国内注册」**: the member's ``registration.province`` is one of the 31 provincial-level
      divisions of the mainland (``DOMESTIC``; the text lists none; a 统一社会信用代码, which every member
      carries, is assigned by a mainland registration authority). 「具有独立法人资格……或电信运营企业市级以上
      分支机构」 is ``EcosystemMember.independent_legal_person`` (a branch of that kind counts as yes).

Limitations:
    * Each 行业指南's quantified 验收指标 are encoded as advisory ``Indicator`` checks on
      ``facts.indicators``. Qualitative parts are left to expert review.
    * The 专项试点's quantified 实施目标 are advisory ``Indicator`` checks (``SPECIAL_INDICATORS``,
      ``facts.indicators["2-23.1"]`` …) for a pilot that joins; the 培育期间 parts (2-23 「其中，培育期间不少于
      5 个」 …) are their own indicators, reported at the evaluation like the rest. Their unnumbered goals
      (共享机制、解决方案、研究报告) and 其他要求 (培训条件、培训方案、5G 能力与规划) are reviews or not encoded. The
      特色专项领域试点方案 (附件3-5, 3-6) a joining pilot submits is not in the checklist (the checklist
      cannot yet depend on a fact).
    * Paperwork the library does not check: the 基层人民政府's seal and the 一式三份 copies, the 地市's own
      汇总表 (附件5) and forwarding, the optional 荣誉称号 evidence.
    * The listing stage (at most 2 recommendations per region per 试点行业, in the region's own
      order ``recommendation_rank``; at most 2 selected per 试点行业) is ``LISTING_RULES`` +
      ``LISTING_LIMITS`` for allocation, assessed as at 入库 (``LIFE``); "region" is the 试点起步区域
      as given (city and district).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from ..citations import Cited, Document, Provision
from ..exclusion import CountLimit, Exclusion
from ..ledger import Ledger
from ..models import MAINLAND_PROVINCES, Application, DocumentKind
from ..money import Money, Ratio
from ..periods import Deadline
from ..result import Assessment
from ..rules import (
    AnyOf,
    Compare,
    Condition,
    ContractFiling,
    DocumentRequirement,
    EcosystemIntegrity,
    Flag,
    Indicator,
    IndicatorBranch,
    LifeStage,
    Op,
    Phase,
    ProjectCap,
    ProjectRules,
    Ranking,
    RateClasses,
    Review,
    Rule,
    Stage,
    Tenure,
    Unit,
    WhenJoined,
    evolve,
)
from ._clauses import Clauses, assess_in

__all__ = [
    "CEILING",
    "DEADLINE",
    "DIRECTIONS",
    "DOCUMENT",
    "DOCUMENTS",
    "DOMESTIC",
    "EXCLUSIONS",
    "INDICATORS",
    "INDICATOR_ALTERNATIVES",
    "INDUSTRIES",
    "LEAD_CONDITIONS",
    "LIFE",
    "LISTING_LIMITS",
    "LISTING_RULES",
    "PILOTS",
    "PROGRAMME",
    "REGION_CLASSES",
    "SPECIAL_INDICATORS",
    "SPECIAL_PILOTS",
    "SPECIAL_PILOT_RULES",
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
    level="province",
    short="广东2022集群试点",
)

_cite = Clauses(PROGRAMME).cite




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
    Flag(
        name="independent_legal_person",
        label="牵头单位具有独立法人资格",
        measure="facts.independent_legal_person",
        citation=_cite(f"{_CONDITIONS}（一）", "牵头单位应在广东省注册、具有独立法人资格"),
    ),
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
    ),
    _target("surveyed_cultivation", "培育期间深调研及诊断企业数", "facts.surveyed_cultivation", Op.GE, 15, _SURVEY_QUOTE, advisory=False),
    _target("key_products_cultivation", "培育期间上线的关键产品及服务数", "facts.key_products_cultivation", Op.GE, 3, _PRODUCTS_QUOTE, advisory=False),
    _target("benchmark_cases_cultivation", "培育期间打造的标杆案例数", "facts.benchmark_cases_cultivation", Op.GE, 2, _CASES_QUOTE, advisory=False),
    _target("surveyed_pilot", "试点期间深调研及诊断企业数", "facts.surveyed_pilot", Op.GE, 15, _SURVEY_QUOTE, advisory=True),
    _target("key_products_2y", "2年内上线的关键产品及服务数", "facts.key_products_2y", Op.GT, 5, _PRODUCTS_QUOTE, advisory=True),
    _target("benchmark_cases_2y", "2年内打造的标杆案例数", "facts.benchmark_cases_2y", Op.GE, 5, _CASES_QUOTE, advisory=True),
)

_COMMON_TRANSFORMED_CULTIVATION: Final = _target(
    "transformed_cultivation", "培育期间推动数字化转型的企业数", "facts.transformed_cultivation", Op.GE, 20,
    "其中，培育期间不少于**20家**", advisory=False,
)
_COMMON_TRANSFORMED_2Y: Final = _target(
    "transformed_2y", "推动数字化转型的集群内企业数", "facts.transformed_2y", Op.GE, 50,
    "**推动50家以上集群内企业数字化转型**", advisory=True,
)


# -- each 行业指南's own 主要验收指标 ---------------------------------------------------------------

_G, _GT, _LE = Op.GE, Op.GT, Op.LE

INDICATORS: Final[dict[str, tuple[tuple[str, str, Op, str, str, str], ...]]] = {
    "2-1": (
        ("1", "产业集群数字化转型平台", _G, "1", "个", "建成1个产业集群数字化转型平台"),
        ("2", "5G创新中心", _G, "1", "个", "建成1个5G创新中心"),
        ("3", "重点耗能设备节能率提升", _G, "5", "%", "帮助生产企业重点耗能设备节能率提升5%以上"),
        ("4", "5G数字车间/工厂示范标杆", _G, "5", "个", "打造5个以上5G数字车间/工厂示范标杆"),
        ("5", "带动5G专网改造的企业", _G, "30", "家", "带动30家企业5G专网改造"),
        ("6", "获5G产品/应用研发测试服务的企业", _G, "10", "家", "帮助10家以上企业提供5G产品/应用研发测试服务"),
        ("7", "测试成本降低", _G, "20", "%", "测试成本降低20%"),
        ("8", "主流产品质量检测公共算法模型库", _G, "3", "种", "实现形成至少3种主流产品质量检测公共算法模型库"),
        ("9", "产品瑕疵种类及数据", _G, "50000", "个", "产品瑕疵种类及数据不低于5万个"),
    ),
    "2-2": (
        ("1", "资源利用率提升超过15%的印刷电路板工厂占比", _G, "30", "%", "帮助区域内不少于30%的印刷电路板工厂实现用水等生产资源利用率提升超过15%"),
        ("2", "区域级印刷电路板行业数字化服务平台", _G, "1", "个", "建成1个区域级印刷电路板行业数字化服务平台"),
        ("3", "平台提供的关键产品和服务", _G, "5", "个", "等 5 个以上关键产品和服务"),
    ),
    "2-3": (
        ("1", "销售量超过10万的创新产品", _G, "2", "款", "打造 2 款以上销售量超过 10 万的创新产品"),
        ("2", "数字化生产单元", _G, "2", "个", "打造 2 个以上数字化生产单元"),
        ("3", "区域级电声行业数字化服务平台", _G, "1", "个", "建成 1 个区域级电声行业数字化服务平台"),
    ),
    "2-4": (
        ("1", "研发设计效率提高", _G, "5", "%", "研发设计效率提高 5%以上"),
        ("2", "生产效率提高", _G, "10", "%", "生产效率提高 10%以上"),
        ("3", "光电行业知识图谱", _G, "1", "套", "建设 1 套光电行业知识图谱"),
        ("4", "基于语义搜索的企业级数字化智能应用", _G, "2", "个", "形成不少于 2 个基于语义搜索的智能设计优化"),
        ("5", "区域级光电产业工业互联网服务平台", _G, "1", "个", "建成 1 个区域级光电产业工业互联网服务平台"),
    ),
    "2-5": (
        ("1", "企业生产效率提高", _G, "5", "%", "提高企业生产效率 5%以上"),
        ("2", "装备数字化运营平台连接的设备", _GT, "1000", "台", "连接超过 1000 台设备"),
        ("3", "汇聚的装备服务工程师", _GT, "100", "名", "汇聚超过 100 名装备服务工程师"),
        ("4", "体验中心汇集的工艺和解决方案", _G, "10", "套", "工艺和解决方案10套以上"),
    ),
    "2-6": (
        ("1", "数字化转型企业", _G, "50", "家", "帮助区域内 50 家以上企业数字化转型"),
        ("2", "产线瓶颈设备效率提升", _G, "5", "%", "实现现有产线瓶颈设备效率提升 5%"),
        ("3", "产线资产利用率提升", _G, "5", "%", "产线资产利用率提升 5%"),
        ("4", "产线综合运行效率提升", _G, "5", "%", "产线综合运行效率提升 5%"),
        ("5", "新能源汽车或智能网联汽车混线生产车型", _G, "2", "个", "服务于新能源汽车或智能网联汽车混线生产车型不少于 2 个"),
        ("6", "区域级汽车行业数字化创新公共服务与展示中心", _G, "1", "个", "建成 1 个区域级汽车行业数字化创新公共服务与展示中心"),
    ),
    "2-7": (
        ("1", "研发效率提升", _G, "20", "%", "研发效率提升 20% 以上"),
        ("2", "现场人员减少", _G, "15", "%", "现场人员至少减少 15%"),
        ("3", "设备利用率提升", _G, "30", "%", "设备利用率提升 30% 以上"),
        ("4", "设备故障停机率降低", _G, "60", "%", "设备故障停机率至少降低 60%"),
        ("5", "采购交期缩短", _G, "30", "%", "采购交期至少缩短 30%"),
        ("6", "采购成本降低", _G, "20", "%", "采购成本至少降低 20%"),
        ("7", "区域级模具及精密制造集群数字化服务平台", _G, "1", "个", "建成 1 个区域级模具及精密制造集群数字化服务平台"),
    ),
    "2-8": (
        ("1", "数控设备全生命周期业务链服务模式", _G, "5", "种", "研发不少于 5 种数控设备全生命周期业务链服务模式"),
        ("2", "数控装备利用率提升", _G, "25", "%", "实现数控装备利用率提升 25% 以上"),
        ("3", "区域级数控装备云平台", _G, "1", "个", "建成 1 个区域级面向精密零部件柔性制造数字化服务的数控装备云平台"),
    ),
    "2-9": (
        ("1", "数字化转型产品或服务", _G, "5", "个", "提供 5 个以上数字化转型产品或服务"),
        ("2", "整合的不同类型生态资源", _G, "20", "家", "整合 20 家以上包含生产设备供应商"),
        ("3", "美妆日化产业高质量发展数字化运营平台", _G, "1", "个", "建成 1 个美妆日化产业高质量发展数字化运营平台"),
    ),
    "2-10": (
        ("1", "创新中心", _G, "1", "个", "完成1个创新中心及1个共享工厂等产业新基建建设"),
        ("2", "共享工厂", _G, "1", "个", "完成1个创新中心及1个共享工厂等产业新基建建设"),
        ("3", "加盟共享工厂的企业", _G, "20", "家", "吸引不少于20家企业加盟共享工厂"),
        ("4", "在平台下单的品牌商", _G, "5", "家", "帮助不少于5家品牌商在平台下单"),
        ("5", "入驻园区的产业链上下游配套企业", _G, "2", "家", "2 家产业链上下游配套企业入驻园区"),
    ),
    "2-11": (
        ("1", "平台产销量", _GT, "1000000", "件/年", "通过平台实现超过 100 万件/年的产销量"),
        ("2", "产销比", _G, "85", "%", "产销比不低于 85%"),
        ("3", "面辅料市场SKU上云", _GT, "100000", "种", "面辅料市场 SKU 上云超过 10 万种"),
        ("4", "服务企业数量", _G, "50", "家", "服务企业数量 50 家以上"),
        ("5", "其中中小企业占比", _GT, "80", "%", "其中中小企业占比超过 80%"),
        ("6", "工业生产设备上云", _GT, "500", "台", "连接纺织服装工业生产设备上云数量超过 500 台"),
    ),
    "2-12": (
        ("1", "物料电子色卡线上展示品种", _G, "200000", "种", "物料电子色卡线上展示品种达 20 万种以上"),
        ("2", "平台日活", _G, "10000", "人次", "于 1 万人次"),
        ("3", "线上订单数据分发到达下游厂商时间", _LE, "10", "秒", "线上订单数据分发到达下游厂商不大于 10 秒"),
        ("4", "箱包产业链协同制造平台", _G, "1", "个", "建成 1 个箱包产业链协同制造平台"),
        ("5", "“共享加工”智能制造新型生产服务示范点", _G, "1", "个", "建成 1 个基于“共享加工”模式的智能制造新型生产服务示范点"),
    ),
    "2-13": (
        ("1", "订单交付周期缩短", _G, "20", "%", "订单交付周期缩短 20%以上"),
        ("2", "生产流程内库存下降", _G, "30", "%", "生产流程内库存下降 30%以上"),
        ("3", "人均效率提升", _G, "20", "%", "人均效率提升 20%以上"),
        ("4", "开料、成型环节材料损耗至少降低15%的企业", _G, "20", "家", "帮助区域内不少于 20 家企业在开料、成型环节至少降低 15%的材料损耗"),
        ("5", "开料、成型核心设备效率提升", _G, "20", "%", "实现开料、成型核心设备效率提升 20%以上"),
        ("6", "区域级集群数字化服务中心", _G, "1", "个", "建成 1 个区域级集群数字化服务中心"),
    ),
    "2-14": (
        ("1", "产业链企业中服务企业数量占比", _G, "60", "%", "产业链企业中服务企业数量占比不低于 60%"),
        ("2", "集群应用数字化案例", _G, "5", "个", "打造不少于 5 个具有典型性和示范性的集群应用数字化案例"),
        ("3", "直接经济效益", _G, "50", "亿元", "实现 50 亿以上直接经济效益"),
    ),
    "2-15": (
        ("1", "聚集的技术服务、设计研发企业、高校和科研机构", _G, "100", "家", "聚集不少于 100 家技术服务、设计研发相关企业、高校和科研机构"),
        ("2", "供应链企业信息采集", _G, "300", "家", "完成不少于 300 家供应链企业信息采集"),
        ("3", "完成数字化转型的产业内制造企业", _G, "50", "家", "实施完成不少于 50 家产业内制造企业数字化转型"),
        ("4", "线上各类服务交易合同总额", _G, "2000", "万元", "线上各类服务交易合同总额不少于 2000 万"),
        ("5", "“新营销+新设计+新制造”现代特色主题产业园", _G, "1", "个", "配套建设 1 个“新营销+新设计+新制造”现代特色主题产业园"),
    ),
    "2-16": (
        ("1", "省级厨卫行业质量数字化服务平台", _G, "1", "个", "打造 1 个省级厨卫行业质量数字化服务平台"),
        ("2", "厨卫行业数据展示中心", _G, "1", "个", "建设 1 个厨卫行业数据展示中心"),
        ("3", "入驻平台企业下线产品检测项合格率", _G, "100", "%", "产品检测项 100% 合格"),
    ),
    "2-17": (
        ("1", "有色金属加工产业集群工业互联网应用展示中心", _G, "1", "个", "建成 1 个有色金属加工产业集群工业互联网应用展示中心"),
        ("2", "生产效率提高", _G, "10", "%", "实现生产效率提高 10% 以上"),
        ("3", "作业人员减少", _G, "5", "%", "作业人员减少 5% 以上"),
    ),
    "2-18": (
        ("1", "石材行业的产业链协同创新云平台", _G, "1", "个", "建成 1 个石材行业的产业链协同创新云平台"),
        ("2", "打通消费者与工厂的协同生产示范线", _G, "1", "个", "建设 1 个打通消费者与工厂的协同生产示范线"),
        ("3", "石材行业示范工厂", _G, "1", "个", "建设 1 个具有影响力的集自动化、数字化于一体的石材行业示范工厂"),
    ),
    "2-19": (
        ("1", "满足企业深层次数字化转型的平台应用", _G, "10", "个", "开发上线不少于 10 个满足企业深层次数字化转型的平台应用"),
        ("2", "订单准时交付率提高", _G, "20", "%", "实现集群企业的订单准时交付率提高 20%以上"),
        ("3", "生产综合效率提高", _G, "15", "%", "生产综合效率提高 15%以上"),
        ("4", "产品合格率提高", _G, "5", "%", "产品合格率提高 5%以上"),
        ("5", "仓储及物流成本降低", _G, "15", "%", "仓储及物流成本降低 15%以上"),
        ("6", "区域级陶瓷集群数字化转型工业互联网公共服务平台", _G, "1", "个", "建成 1 个区域级陶瓷集群数字化转型工业互联网公共服务平台"),
        ("7", "设备综合效率提高", _G, "10", "%", "设备综合效率提高 10%以上"),
        ("8", "能耗降低", _G, "8", "%", "能耗降低至少 8%"),
        ("9", "平均自动化设备联网率", _G, "70", "%", "平均自动化设备联网率达到 70%以上"),
    ),
    "2-20": (
        ("1", "标杆工厂废品率降低", _G, "5", "%", "废品率降低至少 5%"),
        ("2", "单位能耗降低", _G, "2", "%", "单位能耗降低至少 2%"),
        ("3", "成品周转率提升", _G, "20", "%", "成品周转率提升 20%以上"),
        ("4", "通过平台流通的区域水泥等衍生品占比", _G, "80", "%", "区域水泥等相关衍生品 80%以上通过平台流"),
        ("5", "集群内数字化转型的企业占比", _G, "30", "%", "推动集群内 30%以上的企业数字化转型"),
    ),
    "2-21": (
        ("1", "柔性生产负荷聚合调控能力占负荷总量", _G, "5", "%", "建立区域内高耗能企业负荷总量5%以上的柔性生产负荷聚合调控能力"),
        ("2", "区域级高耗能产业能源数字化管理与服务平台", _G, "1", "个", "建成1个区域级高耗能产业能源数字化管理与服务平台"),
    ),
}
"""Each 行业指南's 三、主要验收指标, as (number, label, comparison, threshold, unit, quote); the value
is read from ``facts.indicators["<指南编号>.<number>"]``. Percentages are in percent."""

INDICATOR_ALTERNATIVES: Final[dict[str, tuple[tuple[str, str, Op, str, str, str], ...]]] = {
    "2-11.1": (("2-11.1b", "平台交易额", _GT, "5000", "万元/年", "或 5000 万元/年交易额"),),
    "2-11.2": (("2-11.2b", "库存周期缩短", _G, "10", "%", "或缩短库存周期 10%以上"),),
}
"""The 「（或……）」 branches of compound indicators, by indicator: (id, label, comparison, threshold,
unit, quote), read from ``facts.indicators[id]``. The indicator is met when any declared branch is.
「超过 100 万件/年的产销量（或 5000 万元/年交易额）」: the 「超过」 governs both branches."""

TRANSFORMED_OVERRIDES: Final[dict[str, tuple[int | None, int, str]]] = {
    "2-5": (40, 20, "推动试点起步区域内 40 家以上企业数字化转型，其中，培育期间不少于 20 家"),
    "2-17": (30, 10, "推动试点起步区域内 30 家以上企业数字化转型，其中，培育期间不少于 10 家"),
    "2-18": (30, 10, "推动试点起步区域内 30 家以上企业数字化转型，其中，培育期间不少于 10 家"),
    "2-19": (30, 10, "推动试点起步区域内 30 家以上企业数字化转型，其中，培育期间不少于 10 家"),
    "2-20": (None, 20, "推动集群内 30%以上的企业数字化转型"),
}
"""「个别二级目录行业在试点起步区域内无法达到企业数量要求，以具体行业指南为准」: the guides that set
their own number of enterprises to transform (two-year total, 培育期 part, quote). 2-20 sets a share
instead of a count (its indicator 2-20.5); its 培育期 part stays the common 20."""


def _indicators(code: str) -> tuple[Indicator, ...]:
    clause = f"附件2-{code.split('-')[1]} 三、主要验收指标"
    return tuple(
        Indicator(
            name=f"{code}.{number}",
            label=label,
            op=op,
            threshold=Cited[Decimal](value=Decimal(value), label=label, citation=_cite(clause, quote)),
            unit=unit,
            alternatives=tuple(
                IndicatorBranch(
                    name=name, label=other, op=other_op, unit=other_unit,
                    threshold=Cited[Decimal](value=Decimal(other_value), label=other, citation=_cite(clause, other_quote)),
                )
                for name, other, other_op, other_value, other_unit, other_quote
                in INDICATOR_ALTERNATIVES.get(f"{code}.{number}", ())
            ),
        )
        for number, label, op, value, unit, quote in INDICATORS[code]
    )


def _transformed(code: str) -> tuple[Compare, ...]:
    """The rigid 50 / 20 enterprise targets, or the guide's own where it sets them."""
    override = TRANSFORMED_OVERRIDES.get(code)
    if override is None:
        return (_COMMON_TRANSFORMED_CULTIVATION, _COMMON_TRANSFORMED_2Y)
    total, cultivation, quote = override
    clause = f"附件2-{code.split('-')[1]} 三、主要验收指标"
    if total is None:  # a share instead of a count (2-20): the common 培育期 part stays
        return (_COMMON_TRANSFORMED_CULTIVATION,)
    found = [
        Compare(
            name="transformed_cultivation",
            label="培育期间推动数字化转型的企业数（本行业指南）",
            measure="facts.transformed_cultivation",
            op=Op.GE,
            threshold=Cited[int](value=cultivation, label="培育期间转型企业数下限", citation=_cite(clause, quote)),
        )
    ]
    if total is not None:
        found.append(
            Compare(
                name="transformed_2y",
                label="推动数字化转型的集群内企业数（本行业指南）",
                measure="facts.transformed_2y",
                op=Op.GE,
                threshold=Cited[int](value=total, label="转型企业数下限", citation=_cite(clause, quote)),
                advisory=True,
            )
        )
    return tuple(found)


# -- each 行业指南's 四、牵头单位条件 -----------------------------------------------------------------

_CASES, _BUSINESSES, _PROOFS = "facts.lead_demo_cases", "facts.lead_mature_businesses", "facts.ecosystem_technology_proofs"

LEAD_CONDITIONS: Final[dict[str, tuple[tuple[str, int, str, str], ...]]] = {
    "2-1": ((_CASES, 3, "智能终端行业数字化转型的示范案例", "具有至少3个智能终端行业数字化转型的示范案例"),),
    "2-2": ((_BUSINESSES, 1, "印刷电路板行业成熟的产业配套服务业务及相关案例", "牵头单位在印刷电路板行业至少具有 1 项成熟的产业配套服务业务及相关案例"),),
    "2-3": ((_CASES, 1, "电声行业数字化转型的示范案例", "具有至少1个电声行业数字化转型的示范案例"),),
    "2-4": ((_CASES, 1, "光电行业数字化转型的示范案例", "具有至少 1 个光电行业数字化转型的示范案例"),),
    "2-5": ((_CASES, 1, "建材装备行业数字化转型示范案例", "具有至少1个建材装备行业数字化转型示范案例"),),
    "2-6": ((_CASES, 1, "汽车行业数字化转型示范案例", "具有至少 1 个汽车行业数字化转型示范案例"),),
    "2-7": ((_CASES, 1, "模具制造行业数字化转型示范案例", "具有至少 1 个模具制造行业数字化转型示范案例"),),
    "2-8": ((_CASES, 1, "精密零部件柔性加工行业数字化转型的示范案例", "拥有至少 1 个精密零部件柔性加工行业数字化转型的示范案例"),),
    "2-9": ((_CASES, 1, "美妆日化行业数字化转型示范案例", "具有至少 1 个美妆日化行业数字化转型示范案例"),),
    "2-10": ((_CASES, 1, "塑料日用品行业数字化转型示范案例", "具有至少 1 个塑料日用品行业数字化转型示范案"),),
    "2-11": ((_CASES, 1, "纺织服装行业数字化转型示范案例", "具有至少1个纺织服装行业数字化转型示范案例"),),
    "2-12": ((_CASES, 1, "箱包皮具行业数字化转型示范案例", "具有至少 1 个箱包皮具行业数字化转型示范案例"),),
    "2-13": ((_CASES, 1, "五金不锈钢行业数字化转型的示范案例", "至少有 1 个五金不锈钢行业数"),),
    "2-14": (
        (_CASES, 1, "大家电行业数字化转型示范案例", "牵头单位具有至少 1 个大家电行业数字化转型示范案例"),
        (_PROOFS, 1, "产业生态协助家电行业开展数字化转型的技术证明", "产业生态具有至少 1 项协助家电行业开展数字化转型的技术证明"),
    ),
    "2-15": ((_CASES, 1, "小家电行业数字化转型示范案例", "牵头单位具有至少 1 个小家电行业数字化转型示范案例"),),
    "2-16": (
        (_BUSINESSES, 1, "成熟的厨卫行业数字化转型业务", "具有至少 1 项成熟的厨卫行业数字化转型业务"),
        (_CASES, 1, "厨卫行业数字化转型的示范案例", "至少 1 个厨卫行业数字化转型的示范案例"),
    ),
    "2-17": ((_CASES, 1, "有色金属行业数字化转型标杆示范案例", "具有至少 1 个有色金属行业数字化转型标杆示范案例"),),
    "2-18": (),
    "2-19": ((_CASES, 1, "陶瓷行业数字化转型的典型示范案例", "具有至少有 1 个陶瓷行业数字化转型的典型示范案例"),),
    "2-20": ((_CASES, 1, "水泥行业/混凝土数字化转型示范案例", "具有 1 个水泥行业/混凝土数字化转型示范案例，或者具有工厂、搅拌站、建筑单位协同的数字化成功实施经验"),),
    "2-21": ((_CASES, 1, "针对柔性生产负荷聚合调控的实际运营案例", "具备至少1个针对柔性生产负荷聚合调控的实际运营案例"),),
}
"""Each 行业指南's countable 四、牵头单位条件, as (fact, at least, what is counted, quote): the cases
(``facts.lead_demo_cases``: 示范案例; 2-21 the 实际运营案例 it names), the mature businesses
(``facts.lead_mature_businesses``, 2-2 and 2-16), the ecosystem's technology proofs
(``facts.ecosystem_technology_proofs``, 2-14). 2-18 has none (its conditions are qualitative);
2-20's one case has an alternative (「或者具有工厂、搅拌站、建筑单位协同的数字化成功实施经验」)."""

_LEAD_REVIEWS: Final[dict[str, tuple[str, ...]]] = {
    "2-1": ("牵头单位对智能终端行业细分产业链有深刻的行业认知",),
    "2-2": ("牵头单位对印刷电路板行业细分产业链有深刻的行业认知",),
    "2-3": ("牵头单位具有行业领先的技术研发能力和工艺水平", "具有丰富数字化实施经验，且对数字化具有深刻认知"),
    "2-4": ("牵头单位对光电行业细分产业链有深刻的行业认知",),
    "2-5": ("牵头单位对建材装备行业细分产业链有深刻的行业认知",),
    "2-6": (
        "牵头单位对汽车制造行业细分产业链有深刻的行业认知",
        "具有汽车装备产线全生命周期管理的成功案例与经验",
        "具有较完整的工业互联网平台开发能力",
    ),
    "2-7": ("牵头单位对模具制造行业细分产业链有深刻的行业认知",),
    "2-8": ("牵头单位对精密零部件行业细分产业链有深刻的行业认知",),
    "2-9": ("牵头单位熟悉美妆日化行业的研发、生产、销售、质量等全产业链业务",),
    "2-10": ("牵头单位对塑料日用品行业细分产业链有深刻行业认知",),
    "2-11": (
        "牵头单位对纺织服装行业格局和具体行业细分产业链有深刻行业认知",
        "联合体各成员资源能力可响应对应子平台或总平台的业务和数字化融合绿色发展的需求",
    ),
    "2-12": ("牵头单位对箱包皮具行业细分产业链有深刻的行业认知",),
    "2-13": ("牵头单位对五金制品行业细分产业链有深刻的行业认知",),
    "2-14": ("产业生态具有开展行业级数据业务服务能力",),
    "2-15": ("对小家电行业细分产业链有深刻的行业认知",),
    "2-16": ("牵头单位对厨卫行业细分产业链有深刻的行业认知",),
    "2-17": ("牵头单位对有色金属行业细分产业链有深刻的行业认知",),
    "2-18": ("牵头单位对石材行业细分产业链有深刻的行业认知", "在石材行业领域内具备成熟的装备生产硬件能力及软件服务能力"),
    "2-19": ("牵头单位对陶瓷行业细分产业链有深刻的行业认知",),
    "2-20": ("牵头单位对水泥行业/混凝土有深广的认知",),
    "2-21": ("牵头单位在智慧用能领域内具备全产业链服务能力与经验", "具有自主知识产权的企业级和区域级智慧用能数字化平台"),
}
"""The qualitative rest of each 四、牵头单位条件 (行业认知、愿景、行业资源、生态组织能力, and each guide's own
capabilities): left to expert review, listed in every explanation of that 试点行业."""


def _lead_clause(code: str) -> str:
    number = code.split("-")[1]
    heading = {"2-8": "四、揭榜单位条件", "2-16": "四、牵头单位要求"}.get(code, "四、牵头单位条件")
    return f"附件2-{number} {heading}"


def _lead_conditions(code: str) -> tuple[Condition, ...]:
    """The guide's countable lead-unit conditions: at least N of what it counts (「至少N个」, 「具有1个」 ≥ 1)."""
    clause = _lead_clause(code)
    found: list[Condition] = []
    for measure, count, what, quote in LEAD_CONDITIONS[code]:
        compare = Compare(
            name=measure.removeprefix("facts."),
            label=f"牵头单位条件：{what}数",
            measure=measure,
            op=Op.GE,
            threshold=Cited[int](value=count, label=f"{what}数下限", citation=_cite(clause, quote)),
        )
        if code != "2-20":
            found.append(compare)
            continue
        found.append(
            AnyOf(
                name="lead_cases_or_experience",
                label="牵头单位条件：水泥行业/混凝土数字化转型示范案例，或工厂、搅拌站、建筑单位协同的数字化成功实施经验",
                citation=_cite(clause, quote),
                rules=(
                    compare,
                    Flag(
                        name="lead_collaboration_experience",
                        label="工厂、搅拌站、建筑单位协同的数字化成功实施经验",
                        measure="facts.lead_collaboration_experience",
                        citation=_cite(clause, "或者具有工厂、搅拌站、建筑单位协同的数字化成功实施经验"),
                    ),
                ),
            )
        )
    return tuple(found)


def _lead_reviews(code: str) -> tuple[Review, ...]:
    clause = _lead_clause(code)
    return tuple(
        Review(label=f"牵头单位条件（定性，专家评审）：{quote}", citation=_cite(clause, quote))
        for quote in _LEAD_REVIEWS[code]
    )


# -- the 专项试点 (附件2 三、专项试点; 2-22, 2-23) -----------------------------------------------------

_SPECIAL_QUOTE: Final = "专项试点不单独申报，作为行业试点的加分项纳入考核"

SPECIAL_INDICATORS: Final[dict[str, tuple[tuple[str, str, Op, str, str, str], ...]]] = {
    "2-22": (
        ("1", "产业数字化复合型人才实训基地", _G, "1", "个", "建成1个产业数字化复合型人才实训基地"),
        ("2", "既懂行业又懂数字化的高水平师资", _G, "5", "名", "拥有不少于5名既懂行业又懂数字化的高水平师资力量"),
        ("3", "人才培训与认证团体标准", _G, "1", "套", "形成1套人才培训与认证团体标准"),
        ("4", "试点期间培训的企业家", _G, "50", "名", "产业集群内培训不少于50名企业家"),
        ("5", "试点期间培训的卓越工程师", _G, "10", "名", "不少于10名卓越工程师"),
        ("6", "试点期间培训的现场一线工程师", _G, "100", "名", "不少于100名现场一线工程师"),
        ("7", "参与培训的个人满意度", _G, "80", "%", "参与培训的个人满意度不低于80%"),
        ("8", "人才培训工作宣传活动", _G, "3", "场", "举办不少于3场产业数字化复合型人才培训工作宣传活动"),
    ),
    "2-23": (
        ("1", "工业企业5G内网升级改造及融合组网建设（办公网除外）", _G, "15", "个", "实施 15 个以上工业企业 5G 内网升级改造及融合组网建设"),
        ("2", "其中培育期间的5G内网升级改造", _G, "5", "个", "（其中，培育期间不少于 5 个）"),
        ("3", "5G全连接工厂", _G, "3", "个", "建设不少于 3 个 5G 全连接工厂"),
        ("4", "其中培育期间的5G全连接工厂", _G, "1", "个", "（培育期间不少于 1 个）"),
        ("5", "每个5G全连接工厂内的“5G+工业互联网”应用场景（最少者）", _G, "3", "个", "涵盖不少于 3 个“5G+工业互联网”应用场景"),
        ("6", "应用场景试点前后对比提升", _G, "10", "%", "试点前后对比提升 10% 以上"),
        ("7", "5G行业典型应用场景", _G, "3", "项", "打造 5G 行业典型应用场景不少于 3 项"),
        ("8", "其中培育期间的5G行业典型应用场景", _G, "1", "项", "培育期间不少于 1 项"),
        ("9", "每个典型应用场景落地应用的工业企业（最少者）", _G, "5", "个", "每个典型应用场景在不少于 5 个工业企业实现落地应用"),
        ("10", "“5G+工业互联网”现场会", _G, "3", "场", "举办不少于 3 场“5G+工业互联网”现场会"),
        ("11", "案例集涵盖的工业企业5G内网改造及应用场景案例", _G, "10", "个", "涵盖不少于 10 个不同规模、各具特色的工业企业 5G 内网改造及应用场景案例"),
        ("12", "产业生态成员在5G领域的专利或软件著作权", _G, "3", "项", "产业生态成员在 5G 领域专利或软件著作权不少于 3 项"),
    ),
}
"""The quantified 二、实施目标 of the two 专项指南 (beyond the 5G coverage and 5G device share, which
read their own facts), as (number, label, comparison, threshold, unit, quote), read from
``facts.indicators["<指南编号>.<number>"]`` — for a pilot that joins the 专项试点, at the evaluation."""


def _special_indicators(code: str) -> tuple[Indicator, ...]:
    clause = f"附件2-{code.split('-')[1]} 二、实施目标"
    return tuple(
        Indicator(
            name=f"{code}.{number}", label=label, op=op, unit=unit,
            threshold=Cited[Decimal](value=Decimal(value), label=label, citation=_cite(clause, quote)),
        )
        for number, label, op, value, unit, quote in SPECIAL_INDICATORS[code]
    )


SPECIAL_PILOT_RULES: Final[tuple[WhenJoined, ...]] = (
    WhenJoined(
        name="special_pilot_2_22",
        label="产业数字化复合型人才培训专项试点（2-22）",
        joined="facts.special_pilots",
        member="2-22",
        citation=_cite("附件2 三、专项试点", _SPECIAL_QUOTE),
        rules=(
            Tenure(
                name="talent_training_tenure",
                label="开展产业数字化复合型人才培训工作相关业务的年限",
                since="facts.talent_training_since",
                op=Op.GE,
                years=Cited[int](
                    value=2,
                    label="人才培训相关业务年限（2年以上）",
                    citation=_cite("附件2-22 三、其他要求（二）", "已开展产业数字化复合型人才培训工作相关业务2年以上"),
                ),
            ),
            *_special_indicators("2-22"),
        ),
    ),
    WhenJoined(
        name="special_pilot_2_23",
        label="5G 行业规模化应用专项试点（2-23）",
        joined="facts.special_pilots",
        member="2-23",
        citation=_cite("附件2 三、专项试点", _SPECIAL_QUOTE),
        rules=(
            Flag(
                name="ecosystem_telecom_operator",
                label="产业生态成员中包含电信运营商",
                measure="facts.ecosystem_telecom_operator",
                citation=_cite("附件2-23 三、其他要求（一）", "产业生态成员中包含电信运营商"),
            ),
            Compare(
                name="projects_5g_experience",
                label="在试点行业的“5G+工业互联网”相关项目经验数",
                measure="facts.projects_5g_experience",
                op=Op.GE,
                threshold=Cited[int](
                    value=3,
                    label="“5G+工业互联网”相关项目经验数下限（3个以上）",
                    citation=_cite("附件2-23 三、其他要求（二）", "在试点行业有 3 个以上“5G+工业互联网”相关项目经验"),
                ),
            ),
            Compare(
                name="coverage_5g",
                label="试点区域5G网络覆盖率",
                measure="facts.coverage_5g",
                op=Op.GE,
                threshold=Cited[Ratio](
                    value=Ratio.parse("60%"),
                    label="试点区域5G网络覆盖率下限",
                    citation=_cite("附件2-23 二、实施目标（一）", "试点区域 5G 网络覆盖率不低于 60%"),
                ),
            ),
            Compare(
                name="device_5g_share",
                label="采用5G技术联网的工业设备占联网工业设备总数比例",
                measure="facts.device_5g_share",
                op=Op.GE,
                threshold=Cited[Ratio](
                    value=Ratio.parse("20%"),
                    label="5G联网工业设备占比下限",
                    citation=_cite("附件2-23 二、实施目标（二）", "采用 5G 技术联网的工业设备占联网工业设备总数比例不低于 20%"),
                ),
            ),
            *_special_indicators("2-23"),
        ),
    ),
)
"""「专项试点不单独申报，作为行业试点的加分项纳入考核」: a pilot that joins a 专项试点
(``facts.special_pilots`` names its 指南编号, e.g. ``["2-23"]``) has its requirements checked — the
其他要求 from the application on, the 实施目标 at the end-of-pilot evaluation (``LIFE``) — and a miss
is a warning: the bonus is at stake, never the pilot's eligibility. Not joined: nothing is checked."""

_SPECIAL_TARGETS: Final = frozenset({"facts.coverage_5g", "facts.device_5g_share"})

_SPECIAL_REVIEWS: Final = (
    Review(
        label="申报专项试点（2-22）的：产业生态组织的培训课程、教学条件设施与场地，及人才培训方案（加分项，专家评审）",
        citation=_cite("附件2-22 三、其他要求（一）", "产业生态组织需已具备较为完备的线上线下相结合的培训课程、软硬件教学条件设施、教学场地等"),
    ),
    Review(
        label="申报专项试点（2-23）的：5G 融合组网等能力、5G 应用推广计划和商业模式、集群 5G 应用规划（加分项，专家评审）",
        citation=_cite("附件2-23 三、其他要求（二）", "具备清晰的 5G 应用推广计划和商业模式"),
    ),
)

# -- use of the funds (四、支持方式（三）, 五、有关要求（五）) ------------------------------------------------

_FUNDS: Final = (
    Flag(
        name="core_software_first_version",
        label="核心工业软件为集群企业集中采购、经第三方权威机构测试验证的首版次软件",
        measure="facts.core_software_first_version",
        advisory=True,
        citation=_cite("四、支持方式（三）", "核心工业软件应由集群企业集中采购经第三方权威机构测试验证的首版次软件"),
    ),
    Flag(
        name="funds_use",
        label="财政资金用于产业生态成员单位人员工资、津贴补贴、奖金和福利支出或差旅、会务等日常事务性支出",
        measure="facts.funds_for_excluded_costs",
        expected=False,
        advisory=True,
        citation=_cite(
            "五、有关要求（五）",
            "财政资金不得用于产业生态成员单位人员工资、津贴补贴、奖金和福利支出，以及差旅、会务等日常事务性的支出",
        ),
    ),
)
"""What the funds may buy and be spent on, reported (warning), not a condition of the award: the
text leaves the consequence to 「一经发现将严肃处理」. The software is known when the investment is
audited (试点认定), the use of the funds once they are spent (评估)."""

# -- paperwork: the deadline, the documents, the members' registration ---------------------------

DEADLINE: Final = Cited[Deadline](
    value=Deadline.end_of(date(2022, 6, 30)),
    label="地市汇总提交省工业和信息化厅截止",
    citation=_cite("三、时间安排（一）3", "及项目申报材料于2022年6月30日前提交至省工业和信息化厅"),
)
"""「于2022年6月30日前提交至省工业和信息化厅」: the whole of 30 June (Beijing time) is on time."""

_MATERIALS_QUOTE: Final = "形成《申报书》和《调研报告》（模板详见附件3、4）"
DOCUMENTS: Final[tuple[DocumentRequirement, ...]] = (
    DocumentRequirement(
        kind=DocumentKind.LISTING_APPLICATION, label="广东省产业集群数字化转型试点项目培育入库申报书（附件3）",
        citation=_cite("三、时间安排（一）2", _MATERIALS_QUOTE),
    ),
    DocumentRequirement(
        kind=DocumentKind.SURVEY_REPORT, label="广东省产业集群数字化转型调研报告（附件4）",
        citation=_cite("三、时间安排（一）2", _MATERIALS_QUOTE),
    ),
    *(
        DocumentRequirement(kind=kind, label=quote, citation=_cite("附件3-7 其他佐证材料", quote))
        for kind, quote in (
            (DocumentKind.BUSINESS_LICENCE, "牵头单位及生态成员营业执照"),
            (DocumentKind.EXPERT_TENURE_EVIDENCE, "牵头单位在该试点行业从业年限证明材料"),
            (DocumentKind.CREDIT_REPORT, "牵头单位及生态成员“信用中国”网站查询结果"),
            (DocumentKind.CASE_LIST, "牵头单位及生态成员在所申报的试点行业服务的案例清单"),
        )
    ),
)
"""The 申报材料 of the lead unit: 《申报书》 (附件3, with its 附件3-1…3-4) and 《调研报告》 (附件4), and
the evidence 附件3-7 lists (its 「获得国家级或省级荣誉称号（如有）」 is optional and not required)."""

DOMESTIC: Final = Cited[frozenset[str]](
    value=MAINLAND_PROVINCES,
    label="国内注册（境内31个省级行政区；文本未列，统一社会信用代码由境内登记机关赋予）",
    citation=_cite(f"{_CONDITIONS}（三）", "生态成员应为国内注册、具有独立法人资格的企事业单位或电信运营企业市级以上分支机构"),
)
"""「生态成员应为国内注册」: the member's registration (``EcosystemMember.registration.province``) in
one of the 31 provincial-level divisions of the mainland."""


_REVIEWS: Final = (
    Review(
        label="本行业指南主要验收指标中不可量化的部分（平台功能、运营模式、示范效果等）",
        citation=_cite(_RIGID, "**推动50家以上集群内企业数字化转型**"),
    ),
    Review(
        label="结合培育期间评价、实施情况、年度预算、地市参与程度等因素综合确定的扶持额度",
        citation=_cite(_SUPPORT, "省财政对每个试点产业集群扶持总额累计不超过2000万元"),
    ),
)


_CULTIVATION_TARGETS: Final = frozenset({
    "facts.surveyed_cultivation", "facts.key_products_cultivation", "facts.benchmark_cases_cultivation",
    "facts.transformed_cultivation",
})
_PILOT_TARGETS: Final = frozenset({
    "facts.surveyed_pilot", "facts.key_products_2y", "facts.benchmark_cases_2y", "facts.transformed_2y",
    "facts.indicators",
})

LIFE: Final = (
    Phase(
        stage=LifeStage.RECOMMENDATION,
        label="地市推荐",
        citation=_cite("一、组织方式（三）", "每个区域针对每个试点行业可推荐不超过2个试点牵头单位及其集群转型方案"),
    ),
    Phase(
        stage=LifeStage.LISTING,
        label="遴选入库",
        citation=_cite("一、组织方式（四）", "针对每个试点行业，将择优遴选不超过2个牵头单位及其集群转型方案入库培育"),
    ),
    Phase(
        stage=LifeStage.CERTIFICATION,
        label="试点认定",
        citation=_cite("三、时间安排（二）", "培育期满1年，我厅将针对培育入库项目开展评估，评估合格的，予以试点认定"),
        facts=frozenset({
            "facts.pilot_certified", "facts.certified_on", *_CULTIVATION_TARGETS,
            "project.actual_investment", "decided_amount", "facts.core_software_first_version",
        }),
        period=Cited[str](
            value="1年（自公示之日起）",
            label="培育期",
            citation=_cite("三、时间安排（一）", "试点培育期自公示之日起一年内"),
        ),
    ),
    Phase(
        stage=LifeStage.EVALUATION,
        label="试点期满评估",
        citation=_cite(_SUPPORT, "试点期满后，评估合格及以上的，按不超过扶持总额的70%予以奖补支持"),
        facts=frozenset({
            "facts.final_evaluation_passed", *_PILOT_TARGETS, *_SPECIAL_TARGETS, "facts.funds_for_excluded_costs",
        }),
    ),
    Phase(
        stage=LifeStage.PAYMENT,
        label="资金拨付",
        citation=_cite(_SUPPORT, "省财政对每个试点产业集群扶持总额累计不超过2000万元"),
        facts=frozenset({"ledger"}),
    ),
)
"""申报 → 地市推荐 → 遴选入库 → 培育期（1年）→ 试点认定 → 试点期 → 评估 → 拨付: what each stage first
requires. The lead-unit conditions (each guide's 牵头单位条件 included), the 专项试点's 其他要求, the
deadline and the documents are checked from the application on; the audited actual investment, the
certification, the 培育期 targets and the 核心工业软件 at 试点认定; the 试点期 targets, the acceptance
indicators, the 专项试点's 实施目标, the use of the funds and the evaluation at its end; the cumulative
2000万 against the ledger when paid."""


def _pilot(code: str) -> Rule:
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
        ledger_rules=(ProjectCap(cap=CEILING),),  # 「累计」: over every award to the pilot
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
            legal_person=DOMESTIC.citation,
            domestic=DOMESTIC,
        ),
        documents=DOCUMENTS,
        application_deadline=DEADLINE,
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
        conditions=(
            *_CONDITIONS_DATA, *_lead_conditions(code), *_transformed(code), *_indicators(code), *SPECIAL_PILOT_RULES,
            *_FUNDS,
        ),
        reviews=(*_lead_reviews(code), *_REVIEWS, *_SPECIAL_REVIEWS),
        life=LIFE,
    )


PILOTS: Final[dict[str, Rule]] = {code: _pilot(code) for code in INDUSTRIES}
"""One rules object per 试点行业, by 指南编号."""

DIRECTIONS: Final[dict[str, Rule]] = {rules.key: rules for rules in PILOTS.values()}
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


LISTING_RULES: Final[dict[str, Rule]] = {
    rules.ref: evolve(
        rules,
        quota=Cited[int](
            value=2,
            label="每个试点行业入库培育数上限",
            citation=_cite("一、组织方式（四）", "针对每个试点行业，将择优遴选不超过2个牵头单位及其集群转型方案入库培育"),
        ),
        quota_unit=Unit.ENTERPRISE,  # 「不超过2个牵头单位」: lead units, each an enterprise
        ranking=Ranking.REVIEW_SCORE,
        ranking_citation=None,
        stage=LifeStage.LISTING,
    )
    for rules in PILOTS.values()
}
"""The listing stage (培育入库): the same pilots with 「择优遴选不超过2个」 as the quota, ranked by review
score, assessed as at 入库 (``stage``): what only exists at 试点认定 or later (the actual investment,
the certification, the targets, the evaluation) is ``PENDING``, not a failure. Allocate with
``rules=LISTING_RULES, exclusions={PROGRAMME: LISTING_LIMITS}``."""

LISTING_LIMITS: Final[tuple[Exclusion | CountLimit, ...]] = (
    *EXCLUSIONS,
    CountLimit(
        name="two_recommendations_per_region",
        label="每个区域针对每个试点行业可推荐不超过2个",
        directions=frozenset(DIRECTIONS),
        max_count=2,
        per="region",
        order="recommendation",  # the region recommends (推荐): its own order decides, not the province's review
        citation=_cite("一、组织方式（三）", "每个区域针对每个试点行业可推荐不超过2个试点牵头单位及其集群转型方案"),
    ),
)
"""Listing-stage limits: one pilot per applicant, at most two recommendations per region per 试点行业."""


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess a pilot under the 试点行业 its ``direction`` names (``industry_2_2``). ``ledger``: the earlier awards its history rules read."""
    return assess_in(DIRECTIONS, PROGRAMME, application, ledger)


PROVISIONS: Final[tuple[Provision, ...]] = (
    Provision(quote="现组织2022年产业集群数字化转型试点项目培育入库申报", status="context", reason="通知的引言"),
    Provision(quote="后续将根据产业调研情况分批组织开展其他行业试点", status="context", reason="以后批次的安排，不是本批的条件"),
    Provision(
        quote="每个牵头单位原则上只能选择一个试点行业、围绕一个试点起步区域开展试点工作",
        status="model",
        reason="一项申请只有一个试点行业（direction）和一个试点起步区域（project.start_region）；同一牵头单位的多个试点由 one_pilot_per_applicant 排除",
    ),
    Provision(
        quote="试点原则上以 2 年为周期规划",
        status="context",
        reason="两年 = 培育期（1年）+ 试点期：LIFE 的 试点认定 与 试点期满评估 两个阶段；没有条件取决于周期长度",
    ),
    Provision(
        quote="培育期原则上为1年，培育期间，牵头单位按照培育期任务目标要求",
        status="context",
        reason="与 LIFE 中 试点认定 阶段的培育期（1年，引 三、时间安排（一））相同",
    ),
    Provision(
        quote="推动 50 家以上试点起步",
        status="context",
        reason="行业指南重述刚性指标「推动50家以上集群内企业数字化转型」（transformed_2y ≥ 50）",
    ),
    Provision(quote="相关行业产值超过 1000 亿元", status="context", reason="行业背景"),
    Provision(
        quote="限于 15 家及以上大中小、上中下、产供销集群企业",
        status="context",
        reason="《调研报告》模板的填写说明；15 家深调研是刚性指标（surveyed_cultivation ≥ 15）",
    ),
    Provision(
        quote="原则上应为产业聚集的县、区或高新区、产业园区，东莞、中山为镇街",
        status="review",
        reason="起步区域是否为产业聚集区域：由评审判断（地址本身不能说明）",
    ),
)
"""The rule-like sentences of the text no rule part encodes, and why (``subsidycalc.provisions``)."""
