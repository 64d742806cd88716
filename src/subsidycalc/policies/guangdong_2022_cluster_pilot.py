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
    * **Industry overrides**: 「以具体行业指南为准」 — 2-5 (40 / 20), 2-17, 2-18, 2-19 (30 / 10) set their
      own number of enterprises to transform, replacing the 50 / 20; 2-20 sets a 30% share instead
      of the 50 (its 培育期 part stays 20). See ``TRANSFORMED_OVERRIDES``.
    * **验收指标** of each 行业指南 are advisory like the two-year targets: the end-of-pilot evaluation
      (an input) decides the second stage.
    * **刚性指标**: the 培育期 targets (15 surveyed, 3 products, 2 benchmark cases, 20 enterprises) are
      conditions of 试点认定 and so of the award; the 试点期 / two-year targets (15 more surveyed, more
      than 5 products, 5 cases, 50 enterprises) are advisory until the evaluation, whose result is the
      input that gates the second stage.

Limitations:
    * Each 行业指南's quantified 验收指标 are encoded as advisory ``Indicator`` checks on
      ``facts.indicators``; compound ones with an alternative (2-11 「或……」) are encoded on their first
      branch, the alternative named in the label. Qualitative parts are left to expert review.
    * The listing stage (at most 2 recommendations per region per 试点行业, in the region's own
      order ``recommendation_rank``; at most 2 selected per 试点行业) is ``LISTING_RULES`` +
      ``LISTING_LIMITS`` for allocation, assessed as at 入库 (``LIFE``); "region" is the 试点起步区域
      as given (city and district).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from ..citations import Cited, Document
from ..exclusion import CountLimit, Exclusion
from ..ledger import Ledger
from ..models import Application
from ..money import Money, Ratio
from ..result import Assessment
from ..rules import (
    AnyOf,
    Compare,
    ContractFiling,
    EcosystemIntegrity,
    Flag,
    Indicator,
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
    evolve,
)
from ._clauses import Clauses, assess_in

__all__ = [
    "CEILING",
    "DIRECTIONS",
    "DOCUMENT",
    "EXCLUSIONS",
    "INDICATORS",
    "INDUSTRIES",
    "LIFE",
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
        ("1", "平台产销量（或交易额5000万元/年）", _GT, "1000000", "件/年", "通过平台实现超过 100 万件/年的产销量"),
        ("2", "产销比（或缩短库存周期10%以上）", _G, "85", "%", "产销比不低于 85%"),
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
    ),
    "2-18": (
        ("1", "石材行业的产业链协同创新云平台", _G, "1", "个", "建成 1 个石材行业的产业链协同创新云平台"),
        ("2", "打通消费者与工厂的协同生产示范线", _G, "1", "条", "建设 1 个打通消费者与工厂的协同生产示范线"),
        ("3", "石材行业示范工厂", _G, "1", "个", "建设 1 个具有影响力的集自动化、数字化于一体的石材行业示范工厂"),
    ),
    "2-19": (
        ("1", "满足企业深层次数字化转型的平台应用", _G, "10", "个", "开发上线不少于 10 个满足企业深层次数字化转型的平台应用"),
        ("2", "订单准时交付率提高", _G, "20", "%", "实现集群企业的订单准时交付率提高 20%以上"),
        ("3", "生产综合效率提高", _G, "15", "%", "生产综合效率提高 15%以上"),
        ("4", "产品合格率提高", _G, "5", "%", "产品合格率提高 5%以上"),
        ("5", "仓储及物流成本降低", _G, "15", "%", "仓储及物流成本降低 15%以上"),
        ("6", "区域级陶瓷集群数字化转型工业互联网公共服务平台", _G, "1", "个", "建成 1 个区域级陶瓷集群数字化转型工业互联网公共服务平台"),
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
            "project.actual_investment", "decided_amount",
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
        facts=frozenset({"facts.final_evaluation_passed", *_PILOT_TARGETS}),
    ),
    Phase(
        stage=LifeStage.PAYMENT,
        label="资金拨付",
        citation=_cite(_SUPPORT, "省财政对每个试点产业集群扶持总额累计不超过2000万元"),
        facts=frozenset({"ledger"}),
    ),
)
"""申报 → 地市推荐 → 遴选入库 → 培育期（1年）→ 试点认定 → 试点期 → 评估 → 拨付: what each stage first
requires. The lead-unit conditions are checked from the application on; the audited actual
investment, the certification and the 培育期 targets at 试点认定; the 试点期 targets, the acceptance
indicators and the evaluation at its end; the cumulative 2000万 against the ledger when paid."""


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
        conditions=(*_CONDITIONS_DATA, *_transformed(code), *_indicators(code)),
        reviews=_REVIEWS,
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
