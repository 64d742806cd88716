"""韶关市产业集群数字化转型试点项目申报指南（有色金属，2023–2024年）.

（无文号；依据粤府〔2021〕45号、粤发〔2023〕7号、韶委字〔2023〕13号） · 韶关市工业和信息化局 ·
2023 (试点 2023年至2024年).
Text: ``policies/texts/shaoguan-cluster-pilot-guide.txt`` (bundled verbatim).

Encodes the one item of the guide — the 有色金属加工产业集群数字化转型工程 pilot, led by one 行业龙头
制造企业 — as [`ProjectRules`][subsidycalc.rules.ProjectRules]: the budget reserve at listing (30% of the
planned total investment), the award after 试点认定 (30% of the actual total investment, at most
100万元), the lead-unit and ecosystem conditions of 四、专题申报条件, and the acceptance indicators
of 五、主要验收指标.

Where is what: ``PILOT.cap`` is the 100万 cap, ``PILOT.reserve_rate`` the 30% budget line,
``PILOT.conditions`` the lead-unit conditions and acceptance indicators.

Interpretation notes:
    * **Two amounts, two moments.** At listing the city reserves 30% of 「项目总投资额」 in its 2024
      budget (``Project.planned_investment``); that is a budget line, reported as
      ``BUDGET_RESERVE``, never paid. After 试点认定 the award is 30% of 「项目实际总投资额」
      (``Project.actual_investment``), capped at 100万. The reserve is not capped: the text caps
      only the award.
    * **「最高不超过100万元」** is read as the amount paid when 30% exceeds it (the library reports the
      ceiling the text allows, as every other 最高 in the library).
    * **「从业超过10年」** is strict: on the online submission date, the 懂行人's start date plus ten
      calendar years must lie *before* that day (``Tenure`` with ``>``); exactly ten years is not
      enough.
    * **「所有产业生态成员近5年内……」** covers the lead unit too (it heads the ecosystem); the five years
      end on the online submission date. Only incidents marked ``major`` count (「较为严重」「重大」).
    * **The acceptance indicators** (五) are the 试点认定 criteria (「在培育期满前，实现以下指标」): they
      are checked as conditions of the award, with 「不少于」 as ``>=``. ``LIFE`` puts them, the
      certification and the actual investment at 试点认定: assessed at 入库
      (``stage=LifeStage.LISTING``) they are ``PENDING`` and the budget reserve is reported; assessed
      over the whole life, an undeclared one is ``FACT_MISSING``.
    * The text sets no yearly number of pilots; allocation treats the item as unlimited.
    * **「生态成员应为国内注册、具有独立法人资格的企事业单位或电信运营企业市级以上分支机构」** (四 3): a
      member's registration (``EcosystemMember.registration.province``) must be one of the 31
      provincial-level divisions of the mainland (``MAINLAND_PROVINCES``; 港澳台 and foreign
      registrations are not 国内注册 in this reading — a wider reading is one ``evolve`` of
      ``ecosystem.domestic``), else ``MEMBER_NOT_DOMESTIC``; a member without 独立法人资格 is
      ``NOT_LEGAL_PERSON``, cited to this clause (``independent_legal_person`` is true also for a
      telecom operator's branch at city level or above, which the clause admits).

Limitations:
    * The 申报通知正文 the guide refers to (「申报通知正文的总体要求」) is not in the corpus; its
      general requirements are not encoded.
    * Qualitative conditions (产业号召力 beyond the 行业龙头 flag, 调研行动方案, 生态引入退出机制) are
      left to expert review and listed in every explanation.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from ..citations import Cited, Document
from ..ledger import Ledger
from ..models import MAINLAND_PROVINCES, Application, DocumentKind
from ..money import Money, Ratio
from ..periods import Effective
from ..result import Assessment
from ..rules import (
    Compare,
    DocumentRequirement,
    EcosystemIntegrity,
    Flag,
    LifeStage,
    Op,
    Phase,
    ProjectRules,
    Review,
    Rule,
    ScopeRule,
    Tenure,
)
from ._clauses import Clauses, assess_in

__all__ = ["DIRECTIONS", "DOCUMENT", "EFFECTIVE", "LIFE", "PILOT", "PROGRAMME", "assess"]

PROGRAMME: Final = "shaoguan-2023"

DOCUMENT: Final = Document(
    key=PROGRAMME,
    title="韶关市产业集群数字化转型试点项目申报指南",
    number="无文号（依据粤府〔2021〕45号、粤发〔2023〕7号、韶委字〔2023〕13号）",
    issuer="韶关市工业和信息化局",
    date="2023（试点期2023年至2024年）",
    text_file="shaoguan-cluster-pilot-guide.txt",
    level="city",
    short="韶关试点指南",
)

_cite = Clauses(PROGRAMME).cite




_SCOPE_QUOTE: Final = "2023年至2024年拟面向有色金属行业开展试点"

EFFECTIVE: Final = Effective(
    start=date(2023, 1, 1), end=date(2024, 12, 31), citation=_cite("二、试点行业范围", _SCOPE_QUOTE)
)
"""The years the guide is for (「2023年至2024年」): the period this version is in force."""
_MATERIALS = "五、申报材料要求"
_EVIDENCE_QUOTE: Final = (
    "其他佐证材料（包括但不限于营业执照、“懂行人”在该试点行业从业年限证明材料、牵头单位及生态成员“信用中国”网站查询结果、"
    "牵头单位及生态成员在所申报的试点行业服务的案例清单等）"
)
DOCUMENTS: Final[tuple[DocumentRequirement, ...]] = tuple(
    DocumentRequirement(kind=kind, label=label, citation=_cite(_MATERIALS, quote))
    for kind, label, quote in (
        (DocumentKind.LISTING_APPLICATION, "项目培育入库申报书", "本方向申报材料包括项目培育入库申报书和专题调研行动方案两部分"),
        (DocumentKind.SURVEY_ACTION_PLAN, "专题调研行动方案", "本方向申报材料包括项目培育入库申报书和专题调研行动方案两部分"),
        (DocumentKind.BUSINESS_LICENCE, "营业执照", _EVIDENCE_QUOTE),
        (DocumentKind.EXPERT_TENURE_EVIDENCE, "“懂行人”在该试点行业从业年限证明材料", _EVIDENCE_QUOTE),
        (DocumentKind.CREDIT_REPORT, "牵头单位及生态成员“信用中国”网站查询结果", _EVIDENCE_QUOTE),
        (DocumentKind.CASE_LIST, "牵头单位及生态成员在所申报的试点行业服务的案例清单", _EVIDENCE_QUOTE),
    )
)
"""The 申报材料 五、申报材料要求 names: the two parts and the evidence the 申报书 attaches."""
_CONDITIONS = "四、专题申报条件"
_MEMBER_QUOTE: Final = "生态成员应为国内注册、具有独立法人资格的企事业单位或电信运营企业市级以上分支机构"
_INDICATORS = "五、主要验收指标"
_SUPPORT = "六、支持方式"


def _at_least(name: str, label: str, measure: str, count: int, item: str, quote: str) -> Compare:
    return Compare(
        name=name,
        label=label,
        measure=measure,
        op=Op.GE,
        threshold=Cited[int](value=count, label=f"{label}下限", citation=_cite(f"{_INDICATORS}（{item}）", quote)),
    )


LIFE: Final = (
    Phase(
        stage=LifeStage.LISTING,
        label="入库评审",
        citation=_cite(_SUPPORT, "市工信局根据入库评审结果发布培育项目名单，并按项目总投资额的30%纳入市工信局2024年度资金预算"),
    ),
    Phase(
        stage=LifeStage.CERTIFICATION,
        label="试点认定",
        citation=_cite(_SUPPORT, "培育期满将由市工信局组织专家开展试点认定"),
        facts=frozenset({
            "facts.surveyed_enterprises", "facts.transformed_enterprises", "facts.key_products",
            "facts.benchmark_cases", "facts.pilot_certified", "project.actual_investment", "decided_amount",
        }),
        period=Cited[str](value="原则上1年", label="培育期", citation=_cite(_SUPPORT, "培育期原则上为1年")),
    ),
)
"""申报 → 入库评审（项目总投资额30%纳入预算）→ 培育期（原则上1年）→ 试点认定（按实际总投资额30%扶持）:
the 主要验收指标 are 「在培育期满前」 targets, checked at 试点认定 with the actual investment; at 入库
they are ``PENDING`` and the budget reserve is reported."""

PILOT: Final = ProjectRules(
    programme=PROGRAMME,
    key="pilot",
    topic_key="nonferrous_metals",
    topic="有色金属加工产业集群数字化转型工程",
    name="市级产业集群数字化转型试点项目（有色金属）",
    basis=_cite(
        "二、试点行业范围",
        "2023年至2024年拟面向有色金属行业开展试点，推动实施有色金属加工产业集群数字化转型工程",
    ),
    base_measure="project.actual_investment",
    scope=ScopeRule(
        industries=Cited[frozenset[str]](
            value=frozenset({"有色金属"}), label="试点行业", citation=_cite("二、试点行业范围", _SCOPE_QUOTE)
        ),
        years=Cited[tuple[int, int]](value=(2023, 2024), label="试点年度", citation=_cite("二、试点行业范围", _SCOPE_QUOTE)),
    ),
    rate=Cited[Ratio](
        value=Ratio.parse("30%"),
        label="试点认定后扶持比例（项目实际总投资额）",
        citation=_cite(_SUPPORT, "按项目实际总投资额的30%予以扶持"),
    ),
    cap=Cited[Money](
        value=Money.from_wan(100), label="最高扶持", citation=_cite(_SUPPORT, "最高不超过100万元")
    ),
    reserve_rate=Cited[Ratio](
        value=Ratio.parse("30%"),
        label="入库后纳入资金预算比例（项目总投资额）",
        citation=_cite(_SUPPORT, "并按项目总投资额的30%纳入市工信局2024年度资金预算"),
    ),
    reserve_measure="project.planned_investment",
    joint_forbidden=_cite(f"{_CONDITIONS} 4", "一个试点项目只有一个申报主体,不允许联合申报"),
    documents=DOCUMENTS,
    ecosystem=EcosystemIntegrity(
        lookback_years=Cited[int](
            value=5,
            label="无严重违法违规及重大事故的年限",
            citation=_cite(
                f"{_CONDITIONS} 5",
                "所有产业生态成员近5年内在专项审计、绩效评价、监督检查等方面未出现较为严重的违法违规情况",
            ),
        ),
        dishonest=_cite(f"{_CONDITIONS} 5", "不属于失信被执行人（以“信用中国”网站查询结果为准）"),
        legal_person=_cite(f"{_CONDITIONS} 3", _MEMBER_QUOTE),
        domestic=Cited[frozenset[str]](
            value=MAINLAND_PROVINCES, label="生态成员国内注册（注册地所在省级行政区）", citation=_cite(f"{_CONDITIONS} 3", _MEMBER_QUOTE)
        ),
    ),
    conditions=(
        Flag(
            name="industry_leader",
            label="牵头单位为行业龙头制造企业",
            measure="facts.industry_leader",
            citation=_cite(
                f"{_CONDITIONS} 1",
                "牵头单位应为在有色金属行业领域有产业号召力、能够辐射带动产业链上下游企业的行业龙头制造企业",
            ),
        ),
        Tenure(
            name="expert_tenure",
            label="“懂行人”在有色金属行业领域从业年限",
            since="facts.expert_since",
            op=Op.GT,
            years=Cited[int](
                value=10,
                label="懂行人从业年限（须超过）",
                citation=_cite(f"{_CONDITIONS} 2", "牵头单位的实际管理人应为“懂行人”，在有色金属行业领域从业超过10年"),
            ),
        ),
        _at_least(
            "surveyed_enterprises",
            "深调研及数字化水平评价诊断企业数",
            "facts.surveyed_enterprises",
            15,
            "一",
            "完成不少于15家不同类型的企业单位",
        ),
        _at_least(
            "transformed_enterprises",
            "推动数字化转型的集群企业数",
            "facts.transformed_enterprises",
            10,
            "二",
            "推动不少于10家产业集群企业数字化转型",
        ),
        _at_least(
            "key_products",
            "平台上线并落地应用的关键产品及服务数",
            "facts.key_products",
            3,
            "三",
            "培育期内平台上线并在集群落地应用的关键产品及服务数量不少于3个",
        ),
        _at_least(
            "benchmark_cases",
            "可供参观的标杆案例数",
            "facts.benchmark_cases",
            2,
            "四",
            "培育期内打造不少于2个可供参观的标杆案例",
        ),
        Flag(
            name="pilot_certified",
            label="通过市级产业集群数字化转型试点认定",
            measure="facts.pilot_certified",
            citation=_cite(_SUPPORT, "对通过市级产业集群数字化转型试点认定的项目"),
        ),
    ),
    reviews=(
        Review(
            label="转型路径为行业龙头制造企业牵头，能将核心能力开放给行业",
            citation=_cite(f"{_CONDITIONS} 1", "本年度试点项目培育的转型路径统一为行业龙头制造企业牵头"),
        ),
        Review(
            label="组建产业生态并制定生态成员引入、退出机制和合作模式",
            citation=_cite(f"{_CONDITIONS} 3", "牵头单位应制定合理的生态成员引入、退出机制和合作模式"),
        ),
        Review(
            label="开展产业集群数字化转型专题调研，绘制产业图谱",
            citation=_cite(f"{_CONDITIONS} 6", "牵头单位应组织开展产业集群数字化转型专题调研"),
        ),
    ),
    life=LIFE,
)

DIRECTIONS: Final[dict[str, Rule]] = {PILOT.key: PILOT}
"""The guide's one item, by key."""


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess a pilot application (``application.direction`` must be ``pilot``). ``ledger``: the earlier awards its history rules read."""
    return assess_in(DIRECTIONS, PROGRAMME, application, ledger)
