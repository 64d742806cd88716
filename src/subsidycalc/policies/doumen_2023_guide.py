"""2023年斗门区坚持制造业当家促进实体经济高质量发展若干措施申报指南（第一批）.

依据《斗门区坚持制造业当家促进实体经济高质量发展若干措施》（珠斗府〔2023〕36号） ·
珠海市斗门区科技和工业信息化局 · 2024 (线上申报截止2024年4月15日18:00).
Text: ``policies/texts/doumen-2023-guide.txt`` (bundled verbatim).

Encodes 专题十八 方向一、方向二 and 专题十九 方向三、方向四、方向五、方向六 (three sub-lines: PCB 车间级,
PCB 工厂级, 大家电) as cited rule data: invoice window, counted and excluded cost categories, award
base, minimum, rate, cap, yearly quota, every numeric or yes/no 申报条件, the 附件1 provider lists,
joint-application rules, prior funding, deadlines and the 申报材料清单.

Where is what: ``DIRECTION_3.cap`` is 方向三's cap; ``DIRECTION_6_PCB_FACTORY.quota`` its sub-line's
quota; ``PROVIDERS`` the 附件1 lists; ``DIRECTIONS`` all of them by key.

Interpretation notes:
    * **Words to operators** follow 《民法典》第一千二百五十九条: 「不低于」「不少于」「以上」「（含）」 are
      ``>=``; 「超过」 is ``>``.
    * **「运营成本下降10%」** (方向四, 方向六 大家电) carries no 「超过」; we read it as *at least* 10%
      (``>=``), unlike the 「供应链协同效率提升超过10%」 beside it (``>``). The other reading (strictly
      more than 10%) is one ``evolve`` away: change the ``op`` of the ``cost_reduction`` comparison.
    * **方向一 「直接参与生产制造的设备」**: 数控机床 and 工业机器人 (category ``digital_device``)
      directly take part in manufacturing, so 方向一 counts neither them nor other
      ``production_equipment``. 方向二 names them as 数字化设备 and counts them.
    * **方向一 「当年度投资金额」** is the counted investment within the 2023 invoice window, which is
      the calendar year 2023.
    * **方向二 「设备投入」** is the counted device categories (数字化设备, 联网设备, 数据采集设备, 5G and
      信息化设备); software, materials, services are not 设备.
    * **方向二 「本方向为联合申报，可联合参与单位1家」**: a joint application is required, with exactly
      one partner, registered in 珠海市.
    * **方向三 「5G网络服务费用及应用场景建设投入费用」**: the award base is the 5G network service
      and the counted construction investment — devices, software, materials, cloud and network,
      installation — without the 咨询、设计、检测、评价 that (9) lists beside them as 合理支出: the reading
      that needs no tag on any invoice (CONVENTIONS.md, "Defaults"). The other reading, 5G network
      service plus only the invoices the applicant tags with an 应用场景 (``Invoice.scenario``), is
      ``DIRECTION_3_TAGGED``; an integrator who did not know of the tag got a quarter to a third of the
      award there, silently — under it, ``SCENARIO_UNTAGGED`` now says how much was left out.
    * **方向四 「购买或改造费用」** is the whole counted investment (purchases and 改造).
    * **方向五** lists no cost categories; we apply the guide's common enumeration (as in 方向三, the
      same 专题's other 5G direction).
    * **方向六 「购买费用」** is measured on the *invoiced* amount of purchases from listed providers
      (tax-exclusive, in window): the text requires invoices of at least 70% of the contract amount,
      which only makes sense if payment follows invoices. ``PurchaseBasis.CONTRACTED`` is the other
      reading; it applies to both the minimum and the award base.
    * **方向六 70%**: the invoices compared with 合同总金额 are the counted ones (in window, from listed
      providers), and the contracts are those with listed providers.
    * **「申报期内」** has no start date in the text (申报通知发出日 is not given; see Limitations).
      Incidents are considered from 2023-01-01 (the start of every investment window) to 2024-04-15,
      the end of the 申报时间; only incidents marked ``major`` count (重大).
    * **方向二 「优先支持白蕉海鲈产业发展」** ranks, it does not gate: among applicants with equal review
      scores, one declaring ``facts.priority_supported`` comes first (``Ranking.REVIEW_SCORE_THEN_PRIORITY``,
      cited). It is read as a tie-break, as 方向六's 「同等条件下，优先支持……」, not as a key above the
      review score: the text does not say that a weaker project of the industry beats a stronger one,
      and the experts' score already weighs 申报条件 (3). An undeclared priority is no priority (the
      applicant claims it); a tie it does not break stays unresolved (CONVENTIONS.md, "Ties").
    * **Prior funding** (「已获得过省级、市级、区级财政支持的不得重复申报」) is stated only in 方向一's
      conditions and is applied only there; national funding does not bar.
    * **Deadlines**: 「2024年4月15日18:00前」 is on time at 18:00:00 exactly (CONVENTIONS.md). A missing
      revision time means no revision was requested; a missing online or paper time is reported as
      not checked, never passed.
    * **专题十九 joint applications**: its 申报对象 have no joint-application clause; partners listed
      there are reported for manual review.
    * **(十)「与项目相关的其他证明材料」** is open-ended and not required by the checklist check.
    * **「申报企业由所在集群牵头单位或生态伙伴提供产品或服务或规划」** (方向三 (10), 方向四、五 (5), 方向六
      (7)): a counted invoice from a listed unit shows the 产品或服务; a 规划 has no invoice, so a
      planning declared as provided by a listed unit (``Project.planning_provider``, matched as every
      supplier name) satisfies the clause on its own (``LISTED_PROVIDER_OK``, cited to it). A declared
      planner not on the cluster's list, or none, leaves ``NO_LISTED_PROVIDER``. It changes no money:
      in 方向六 only purchases from listed units count (三、相关说明（一）), so a planning alone still
      leaves the purchase minimum unmet.

Limitations:
    * Qualitative conditions (5G 创新应用能力, 技术实力和人才队伍, IT-OT 融合, 边缘计算, 标杆要求, 符合
      主导产业方向 …) are listed in every explanation as left to expert review; the library does not
      judge them.
    * Ranking, yearly quotas, 专题 mutual exclusion and budgets are the allocation's job; this module
      carries the quota numbers they use.
    * **The start of the 申报期 is not in the text.** Every direction's 「4.申报时间」 reads 「申报通知发出日至
      2024年4月15日」 (方向二: 「申报通知日期发出之日至2024年4月15日」) and 五、申报流程（一）1 only
      「截止至2024年4月15日18:00」; the 申报通知 and its date are not in the corpus and no date in the text
      fixes it (the 2023-01-01 of the investment windows is when spending may start, not when the call
      opened). So 「申报期内」 (申报对象 2) cannot be bounded from the text: incidents are counted from
      2023-01-01, an assumption that is wider than the true 申报期 (an incident between 2023-01-01 and the
      notice's day fails an enterprise the text would admit). Once the notice's date is known it is one
      ``evolve`` of ``integrity.period``, cited to the notice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from ..citations import Cited, Document, Provision
from ..exclusion import Exclusion
from ..findings import Code
from ..ledger import Ledger
from ..models import Application, Category, Certification, DocumentKind, FundingLevel
from ..money import Money, Ratio
from ..periods import BEIJING, DateWindow, Deadline
from ..result import Assessment
from ..rules import (
    AnyOf,
    Compare,
    DirectionRules,
    DistrictRule,
    DocumentRequirement,
    Flag,
    IntegrityRule,
    JointRule,
    Op,
    ProviderRule,
    PurchaseBasis,
    Ranking,
    Review,
    Rule,
    ShareOf,
    SubmissionDeadlines,
    Unit,
    evolve,
)
from ._clauses import Clauses, assess_in

__all__ = [
    "CLUSTERS",
    "DIRECTIONS",
    "DIRECTION_1",
    "DIRECTION_2",
    "DIRECTION_3",
    "DIRECTION_3_TAGGED",
    "DIRECTION_4",
    "DIRECTION_5",
    "DIRECTION_6_APPLIANCE",
    "DIRECTION_6_PCB_FACTORY",
    "DIRECTION_6_PCB_WORKSHOP",
    "DOCUMENT",
    "EXCLUSIONS",
    "PROGRAMME",
    "PROVIDERS",
    "TOPIC_18",
    "TOPIC_19",
    "assess",
]

PROGRAMME: Final = "doumen-2023"

DOCUMENT: Final = Document(
    key=PROGRAMME,
    title="2023年斗门区坚持制造业当家促进实体经济高质量发展若干措施申报指南（第一批）",
    number="珠斗府〔2023〕36号（所依据措施）",
    issuer="珠海市斗门区科技和工业信息化局",
    date="2024（线上申报截止2024年4月15日18:00）",
    text_file="doumen-2023-guide.txt",
    level="district",
    short="斗门2023指南",
)










_CLAUSES: Final = Clauses(PROGRAMME)
_cite = _CLAUSES.cite
_wan = _CLAUSES.wan
_ratio = _CLAUSES.ratio
_count = _CLAUSES.count


def _window(start: date, end: date, clause: str, quote: str) -> Cited[DateWindow]:
    return Cited[DateWindow](
        value=DateWindow(start=start, end=end),
        label="项目投入期限（以发票时间为准）",
        citation=_cite(clause, quote),
    )


def _categories(
    categories: frozenset[Category], label: str, clause: str, quote: str
) -> Cited[frozenset[Category]]:
    return Cited[frozenset[Category]](value=categories, label=label, citation=_cite(clause, quote))


def _deadline(moment: datetime, label: str, clause: str, quote: str) -> Cited[Deadline]:
    return Cited[Deadline](value=Deadline(at=moment), label=label, citation=_cite(clause, quote))


# -- 附件1 and the two clusters -----------------------------------------------------------------

PCB_CLUSTER: Final = "zhuhai-pcb-2022"
APPLIANCE_CLUSTER: Final = "zhuhai-appliance-2022"

CLUSTERS: Final[dict[str, str]] = {
    PCB_CLUSTER: "珠海市印刷电路板产业集群数字化转型工程（印刷电路板产业集群）",
    APPLIANCE_CLUSTER: "家电行业协同制造平台工程（大家电产业集群）",
}
"""The two 2022 广东省珠海市产业集群数字化转型试点项目 the guide names, by cluster id."""

PROVIDERS: Final[dict[str, Cited[frozenset[str]]]] = {
    PCB_CLUSTER: Cited[frozenset[str]](
        value=frozenset(
            {
                "珠海派诺科技股份有限公司",
                "中国移动通信集团广东有限公司珠海分公司",
                "广东亿网通科技有限公司",
                "北京银信长远科技股份有限公司",
                "苏州软达信息技术有限公司",
                "深圳市聚永能科技有限公司",
                "深圳市晶金电子科技有限公司",
                "湖南慧华信息技术有限公司",
                "华研天创（珠海）科技有限公司",
                "合肥九川智能装备有限公司",
                "深圳市鹰眼在线电子科技有限公司",
            }
        ),
        label="印刷电路板产业集群服务商（附件1 一）",
        citation=_cite("附件1 一、印刷电路板产业集群服务商", "一、印刷电路板产业集群服务商"),
    ),
    APPLIANCE_CLUSTER: Cited[frozenset[str]](
        value=frozenset(
            {
                "珠海格力电器股份有限公司",
                "珠海联云科技有限公司",
                "中国联合网络通信有限公司珠海市分公司",
                "上海道客网络科技有限公司",
                "斯坦德机器人(深圳)有限公司",
                "珠海市华讯计算机科技有限公司",
                "株洲中车机电科技有限公司",
                "杭州欣荣数码科技有限公司",
                "东莞市众诚电子科技有限公司",
                "珠海市汇科商贸有限公司",
                "基恩士(中国)有限公司",
            }
        ),
        label="大家电产业集群服务商（附件1 二）",
        citation=_cite("附件1 二、大家电产业集群服务商", "二、大家电产业集群服务商"),
    ),
}
"""附件1 第一批产业集群数字化平台或服务商名单, per cluster. Names are matched after NFKC folding
(full-/half-width brackets alike) and with white space removed."""

# -- rules common to every direction -----------------------------------------------------------

_DISTRICT: Final = DistrictRule(
    city="珠海市",
    district="斗门区",
    citation=_cite(
        "专题十八、十九（二）申报对象 1",
        "申报单位为商事登记、税务登记关系及统计归属关系在斗门区并符合斗门区主导产业发展方向的企业",
    ),
)

_INTEGRITY: Final = IntegrityRule(
    period=Cited[DateWindow](
        value=DateWindow(start=date(2023, 1, 1), end=date(2024, 4, 15)),
        label="申报期（无重大事故及违法记录）",
        citation=_cite(
            "专题十八、十九（二）申报对象 2",
            "申报期内企业须无重大环保、质量、安全事故及重大违法行为记录",
        ),
    ),
    dishonest=_cite("专题十八、十九（二）申报对象 2", "无被相关部门列为失信联合惩戒对象等事项"),
)

_DEADLINES: Final = SubmissionDeadlines(
    online=_deadline(
        datetime(2024, 4, 15, 18, 0, tzinfo=BEIJING),
        "线上初次递交截止时间",
        "五、申报流程（一）2（3）",
        "须在2024年4月15日18:00前完成初次递交",
    ),
    revision=_deadline(
        datetime(2024, 4, 26, 18, 0, tzinfo=BEIJING),
        "修改补充提交截止时间",
        "五、申报流程（一）2（3）",
        "需在2024年4月26日18:00前完成最终的修改提交的线上流程，逾期不予受理",
    ),
    paper=_deadline(
        datetime(2024, 4, 30, 18, 0, tzinfo=BEIJING),
        "纸质材料递交截止时间",
        "五、申报流程（一）3",
        "须于2024年4月30日18：00前，将纸质材料递交至珠海市斗门区科技和工业信息化局",
    ),
)

_EXCLUDED_OPERATING: Final = frozenset({Category.SITE, Category.UTILITIES, Category.OPERATING})
_SERVICES: Final = frozenset(
    {Category.CONSULTING, Category.DESIGN, Category.TESTING, Category.EVALUATION}
)
_COMMON_NON_DEVICE: Final = frozenset(
    {
        Category.SOFTWARE,
        Category.MATERIAL,
        Category.CLOUD_RESOURCE,
        Category.NETWORK_FEE,
        Category.NETWORK_SERVICE_5G,
        Category.INSTALLATION,
    }
) | _SERVICES
_NETWORK_DEVICES: Final = frozenset(
    {
        Category.DEVICE_5G,
        Category.NETWORKING_DEVICE,
        Category.DATA_ACQUISITION_DEVICE,
        Category.IT_DEVICE,
    }
)
_DEVICES: Final = _NETWORK_DEVICES | {Category.DIGITAL_DEVICE}

_FIXED_ASSET_QUOTE: Final = "项目投资已纳入工业固定资产投资统计"
_BENEFITS_QUOTE: Final = "有不少于3项可量化可考核的经济和社会效益"
_CLUSTER_BOTH_QUOTE: Final = (
    "2022年广东省珠海市产业集群数字化转型试点项目“珠海市印刷电路板产业集群数字化转型工程”"
    "（印刷电路板产业集群）或“家电行业协同制造平台工程”（大家电产业集群）集群内企业"
)
_APPLIANCE_QUOTE: Final = "“家电行业协同制造平台工程”（大家电产业集群）集群内企业"


def _fixed_asset(clause: str) -> Flag:
    return Flag(
        name="fixed_asset_statistics",
        label="项目投资已纳入工业固定资产投资统计",
        measure="facts.in_fixed_asset_statistics",
        citation=_cite(clause, _FIXED_ASSET_QUOTE),
    )


def _benefits(clause: str) -> Compare:
    return Compare(
        name="quantifiable_benefits",
        label="可量化可考核的经济和社会效益项数",
        measure="facts.quantifiable_benefits",
        op=Op.GE,
        threshold=_count(3, "可量化可考核效益项数下限", clause, _BENEFITS_QUOTE),
    )


def _efficiency_or_cost(clause: str) -> AnyOf:
    quote = "供应链协同效率提升超过10%，或者运营成本下降10%"
    return AnyOf(
        name="efficiency_or_cost",
        label="供应链协同效率提升或运营成本下降",
        citation=_cite(clause, quote),
        rules=(
            Compare(
                name="supply_chain_efficiency",
                label="供应链协同效率提升",
                measure="facts.supply_chain_efficiency_gain",
                op=Op.GT,
                threshold=_ratio("10%", "效率提升须超过", clause, "供应链协同效率提升超过10%"),
            ),
            Compare(
                name="cost_reduction",
                label="运营成本下降",
                measure="facts.operating_cost_reduction",
                op=Op.GE,
                threshold=_ratio("10%", "运营成本下降", clause, "运营成本下降10%"),
            ),
        ),
    )


def _cluster_rule(clusters: frozenset[str], clause: str, quote: str) -> Cited[frozenset[str]]:
    return Cited[frozenset[str]](value=clusters, label="产业集群内企业", citation=_cite(clause, quote))


def _providers(
    clause: str, quote: str, *, only_listed: bool = False, planning: tuple[str, str] | None = None
) -> ProviderRule:
    """The 附件1 rule; ``planning``: the clause and quote of 「……提供产品或服务或规划」 (the rule's own
    clause when not given)."""
    planning_clause, planning_quote = planning if planning is not None else (clause, quote)
    return ProviderRule(
        lists=PROVIDERS,
        citation=_cite(clause, quote),
        only_listed=only_listed,
        planning=_cite(planning_clause, planning_quote),
    )


_D3_6_PROVIDER_QUOTE: Final = "申报企业由所在集群牵头单位或生态伙伴提供产品或服务或规划"


# -- 四、项目申报材料清单 ---------------------------------------------------------------------------


def _doc(kind: DocumentKind, label: str, item: str, quote: str, *, joint_only: bool = False) -> DocumentRequirement:
    return DocumentRequirement(
        kind=kind,
        label=label,
        citation=_cite(f"四、项目申报材料清单（{item}）", quote),
        joint_only=joint_only,
    )


_DOCS: Final[dict[DocumentKind, tuple[DocumentRequirement, frozenset[int]]]] = {
    d.kind: (d, directions)
    for d, directions in (
        (
            _doc(
                DocumentKind.APPLICATION_FORM,
                "申请表",
                "一",
                "2023年珠海市斗门区坚持制造业当家促进实体经济高质量发展若干措施（第一批）申请表",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.BUSINESS_LICENCE,
                "营业执照、法定代表人身份证等复印件",
                "二",
                "项目单位（含联合单位）营业执照、法定代表人身份证等复印件",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.COMPLETION_REPORT,
                "项目完工总结报告",
                "三",
                "项目完工总结报告（仅方向一、方向二、方向三、方向四、方向五提供）",
            ),
            frozenset({1, 2, 3, 4, 5}),
        ),
        (
            _doc(DocumentKind.ACCEPTANCE_REPORT, "验收报告", "四", "验收报告（仅方向六提供）"),
            frozenset({6}),
        ),
        (
            _doc(
                DocumentKind.PERFORMANCE_EVIDENCE,
                "项目完工情况说明及绩效佐证材料",
                "五",
                "项目完工情况说明及绩效佐证材料",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.SPECIAL_AUDIT_REPORT,
                "项目专项审计报告及合同、发票、银行回单等证明材料",
                "六",
                "项目专项审计报告（含项目支出资金明细表）",
            ),
            frozenset({1, 2, 3}),
        ),
        (
            _doc(
                DocumentKind.PURCHASE_SERVICE_SCHEDULE,
                "项目采购服务明细表及合同、发票、凭证和银行回单",
                "六",
                "项目采购服务明细表及对应的不限于合同、发票、凭证和银行回单等扫描件（仅方向四、五、六提供）",
            ),
            frozenset({4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.CREDIT_REPORT,
                "“信用中国（广东）”信用报告",
                "七",
                "“信用中国（广东）”网站下载的信用报告",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.ANNUAL_AUDIT_REPORT,
                "最近一年年度审计报告或财务三表",
                "八",
                "经会计师事务所审计的最近一年年度审计报告",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.NETWORK_5G_DESCRIPTION,
                "运营商提供的5G网络环境说明",
                "九",
                "运营商提供的5G网络环境说明",
            ),
            frozenset({1, 2, 3, 5}),
        ),
        (
            _doc(
                DocumentKind.NETWORK_5G_TEST_REPORT,
                "5G网络第三方测试报告",
                "十一",
                "5G网络第三方测试报告（仅方向五提供）",
            ),
            frozenset({5}),
        ),
        (
            _doc(
                DocumentKind.CONTRACT_SUBMISSION_SCREENSHOT,
                "惠企利民合同递交截图",
                "十二",
                "惠企利民合同递交截图（仅方向六提供）",
            ),
            frozenset({6}),
        ),
        (
            _doc(
                DocumentKind.JOINT_AGREEMENT,
                "联合申报协议",
                "十三",
                "联合申报协议。（注：联合申报提供）",
                joint_only=True,
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(DocumentKind.AUTHENTICITY_PLEDGE, "项目材料真实性承诺", "十四", "项目材料真实性承诺"),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
        (
            _doc(
                DocumentKind.FLOOR_PLAN,
                "无人段平面图纸等佐证材料",
                "十五",
                "无人段平面图纸等佐证材料（仅方向二提供）",
            ),
            frozenset({2}),
        ),
        (
            _doc(
                DocumentKind.FIXED_ASSET_TABLE,
                "固定资产投资情况表",
                "十六",
                "固定资产投资情况表（方向一、二、三、四、五、六提供）",
            ),
            frozenset({1, 2, 3, 4, 5, 6}),
        ),
    )
}


def _documents(direction: int) -> tuple[DocumentRequirement, ...]:
    return tuple(doc for doc, directions in _DOCS.values() if direction in directions)


def required_documents(direction: int, *, joint: bool) -> frozenset[DocumentKind]:
    """The 申报材料 a complete application to 方向 ``direction`` (1–6) supplies."""
    return frozenset(d.kind for d in _documents(direction) if joint or not d.joint_only)


_COMMON: Final[dict[str, Any]] = {
    "programme": PROGRAMME,
    "district": _DISTRICT,
    "integrity": _INTEGRITY,
    "deadlines": _DEADLINES,
}

_WINDOW_2024_QUOTE: Final = "项目投入的期限为2023年1月1日到2024年3月31日（以发票时间为准）"

# -- 专题十八 方向一 -----------------------------------------------------------------------------

_D1 = "专题十八 方向一"
_D1_COUNTED: Final = _NETWORK_DEVICES | _COMMON_NON_DEVICE

DIRECTION_1: Final = DirectionRules(
    **_COMMON,
    key="direction_1",
    topic_key="topic_18",
    topic="专题十八：支持5G技术推广应用",
    name="方向一：推进5G在社会各行业领域的应用",
    basis=_cite(_D1, "推进5G在社会各行业领域的应用。（政策依据第十八条第1项）"),
    window=_window(
        date(2023, 1, 1),
        date(2023, 12, 31),
        f"{_D1} 3.支持范围",
        "项目投入的期限为2023年1月1日到2023年12月31日（以发票时间为准）",
    ),
    counted=_categories(
        _D1_COUNTED,
        "可计入的项目投入费用",
        f"{_D1} 1.申报条件（3）",
        "项目投入费用仅限于与项目相关的设备（包括与5G应用相关的设备、联网设备、数据采集设备、信息化设备，"
        "不含直接参与生产制造的设备）、软件系统、材料、云资源及网络费用、调试安装费用等",
    ),
    excluded=_categories(
        _EXCLUDED_OPERATING,
        "不予计入的费用",
        f"{_D1} 1.申报条件（3）",
        "不包括场地费用、水电费等企业运营所需费用",
    ),
    base=_categories(
        _D1_COUNTED,
        "奖补基数：当年度投资金额",
        f"{_D1} 2.支持方式",
        "给予每个项目当年度投资金额的30%",
    ),
    minimum=_wan(300, "项目总投资额下限", f"{_D1} 1.申报条件（3）", "项目总投资额不得低于300万元（不含税）"),
    rate=_ratio("30%", "奖补比例", f"{_D1} 2.支持方式", "给予每个项目当年度投资金额的30%"),
    cap=_wan(100, "最高奖励", f"{_D1} 2.支持方式", "且最高100万元奖励"),
    quota=_count(2, "每年支持项目数上限", f"{_D1} 2.支持方式", "每年支持的示范项目数原则上不超过2个"),
    joint=JointRule(
        citation=_cite(
            "专题十八（二）申报对象 4", "如联合申报，各单位需共同签订《联合申报项目合作协议》"
        ),
    ),
    prior_funding_levels=Cited[frozenset[FundingLevel]](
        value=frozenset({FundingLevel.PROVINCE, FundingLevel.CITY, FundingLevel.DISTRICT}),
        label="已获财政支持不得重复申报",
        citation=_cite(f"{_D1} 1.申报条件（5）", "已获得过省级、市级、区级财政支持的不得重复申报"),
    ),
    conditions=(
        ShareOf(
            name="lead_share",
            label="牵头申报单位投资额占总投资比例",
            numerator="lead_spend",
            denominator="eligible_spend",
            op=Op.GE,
            threshold=_ratio(
                "60%",
                "牵头单位投资额占比下限",
                f"{_D1} 1.申报条件（3）",
                "其中联合申报的项目，牵头申报单位投资额不得低于总投资的60%（含）",
            ),
            pass_code=Code.LEAD_SHARE_OK,
            fail_code=Code.LEAD_SHARE_TOO_LOW,
            empty_code=Code.LEAD_SHARE_TOO_LOW,
            when_joint=True,
        ),
        _benefits(f"{_D1} 1.申报条件（1）"),
        Flag(
            name="showcase",
            label="项目成果可视化（展示平台或实景演示等）",
            measure="facts.has_showcase",
            citation=_cite(f"{_D1} 1.申报条件（2）", "项目成果可视化，如有展示平台或实景演示等"),
        ),
        _fixed_asset(f"{_D1} 1.申报条件（6）"),
    ),
    reviews=(
        Review(
            label="具备5G创新应用的能力和实施条件，结合新一代信息技术研发并应用产品",
            citation=_cite(f"{_D1} 1.申报条件（1）", "申报单位具备5G创新应用的能力和实施条件"),
        ),
        Review(
            label="项目有清晰的发展规划，具有借鉴意义和推广价值",
            citation=_cite(f"{_D1} 1.申报条件（2）", "项目有清晰的发展规划"),
        ),
        Review(
            label="完工证明材料完整，投入与专题内容对应、不夸大投入额度",
            citation=_cite(f"{_D1} 1.申报条件（4）", "项目应提供完整的项目完工证明材料"),
        ),
        Review(
            label="未通过重新设立而重复申请项目奖励",
            citation=_cite(f"{_D1} 1.申报条件（5）", "不得通过重新设立而重复申请项目奖励"),
        ),
        Review(
            label="符合斗门区主导产业发展方向；技术实力、人才队伍、财务状况良好",
            citation=_cite(
                "专题十八（二）申报对象 3", "申报单位应有较强的技术实力和人才队伍"
            ),
        ),
    ),
    documents=_documents(1),
)

# -- 专题十八 方向二 -----------------------------------------------------------------------------

_D2 = "专题十八 方向二"
_D2_COUNTED: Final = _DEVICES | _COMMON_NON_DEVICE

DIRECTION_2: Final = DirectionRules(
    **_COMMON,
    key="direction_2",
    topic_key="topic_18",
    topic="专题十八：支持5G技术推广应用",
    name="方向二：无人工厂（预制菜行业）",
    basis=_cite(_D2, "无人工厂（预制菜行业）（政策依据第十八条第2项）"),
    window=_window(date(2023, 1, 1), date(2024, 3, 31), f"{_D2} 3.支持范围", _WINDOW_2024_QUOTE),
    counted=_categories(
        _D2_COUNTED,
        "可计入的项目投入费用",
        f"{_D2} 1.申报条件（7）",
        "包括数字化设备（不限于数控机床、工业机器人以及其他可联网的机电一体化设备等）、联网设备、数据采集设备等，"
        "软件系统、材料、云资源及网络费用、调试安装费用等",
    ),
    excluded=_categories(
        _EXCLUDED_OPERATING,
        "不予计入的费用",
        f"{_D2} 1.申报条件（7）",
        "不包括场地费用、水电费等企业运营所需费用",
    ),
    base=_categories(_DEVICES, "奖补基数：设备投入", f"{_D2} 2.支持方式", "给予项目设备投入20%的一次性补贴"),
    minimum=_wan(1200, "项目总投资下限", f"{_D2} 1.申报条件（7）", "项目总投资不低于1200万元（不含税）"),
    rate=_ratio("20%", "奖补比例", f"{_D2} 2.支持方式", "给予项目设备投入20%的一次性补贴"),
    cap=_wan(500, "最高补贴", f"{_D2} 2.支持方式", "最高500万元"),
    cap_unit=Unit.ENTERPRISE,  # 「最多补贴N家」: the cap is what each 家 may receive
    quota=_count(1, "每年支持家数上限", f"{_D2} 2.支持方式", "原则上每年不超过1家"),
    quota_unit=Unit.ENTERPRISE,
    ranking=Ranking.REVIEW_SCORE_THEN_PRIORITY,
    ranking_citation=_cite(f"{_D2} 1.申报条件（3）", "优先支持白蕉海鲈产业发展"),
    certifications=(
        Cited[Certification](
            value=Certification.SPECIALISED,
            label="专精特新企业认定",
            citation=_cite(f"{_D2} 1.申报条件（1）", "申报单位已获得“专精特新”企业认定"),
        ),
        Cited[Certification](
            value=Certification.SAFETY_MANAGEMENT,
            label="安全管理体系认证",
            citation=_cite(f"{_D2} 1.申报条件（5）", "具有相关的管理体系认证"),
        ),
    ),
    joint=JointRule(
        citation=_cite(f"{_D2} 1.申报条件（8）", "本方向为联合申报，可联合参与单位1家"),
        required=True,
        max_partners=_count(1, "可联合参与单位数", f"{_D2} 1.申报条件（8）", "可联合参与单位1家"),
        partner_city=Cited[str](
            value="珠海市",
            label="联合单位注册地",
            citation=_cite(f"{_D2} 1.申报条件（8）", "联合单位为珠海市内注册"),
        ),
    ),
    conditions=(
        Flag(
            name="own_ip",
            label="拥有自主知识产权",
            measure="facts.has_own_ip",
            citation=_cite(f"{_D2} 1.申报条件（1）", "拥有自主知识产权"),
        ),
        Compare(
            name="digital_device_share",
            label="数字化设备数量占生产设备总数量的比例",
            measure="facts.digital_device_share",
            op=Op.GE,
            threshold=_ratio(
                "35%",
                "数字化设备占比下限",
                f"{_D2} 1.申报条件（1）",
                "数字化设备数量占生产设备总数量的比例不低于35%",
            ),
        ),
        Compare(
            name="cnc_networking_rate",
            label="数控设备联网率",
            measure="facts.cnc_networking_rate",
            op=Op.GE,
            threshold=_ratio("60%", "数控设备联网率下限", f"{_D2} 1.申报条件（1）", "数控设备联网率不低于60%"),
        ),
        Flag(
            name="prepared_food_park",
            label="项目实施地在珠海市斗门区预制菜产业园",
            measure="facts.in_prepared_food_park",
            citation=_cite(f"{_D2} 1.申报条件（2）", "项目实施地在珠海市斗门区预制菜产业园"),
        ),
        Compare(
            name="scenarios_5g",
            label="5G应用场景数",
            measure="facts.scenarios_5g",
            op=Op.GE,
            threshold=_count(1, "5G应用场景数下限", f"{_D2} 1.申报条件（4）", "具有1个及以上5G应用场景"),
        ),
        _benefits(f"{_D2} 1.申报条件（6）"),
        _fixed_asset(f"{_D2} 1.申报条件（9）"),
    ),
    reviews=(
        Review(
            label="自动化、信息化程度足以支撑工业互联网实施部署，具有良好的数据采集和应用基础",
            citation=_cite(f"{_D2} 1.申报条件（1）", "企业自动化、信息化程度足以支撑工业互联网的实施部署"),
        ),
        Review(
            label="通过信息化系统（如MES）实现现场数据采集、过程监控等功能（白蕉海鲈产业优先：排序见分配）",
            citation=_cite(f"{_D2} 1.申报条件（3）", "企业通过信息化系统（如MES）实现现场数据采集"),
        ),
        Review(
            label="联合单位从事预制菜智能加工与包装设备和系统等，具备核心技术和实施案例",
            citation=_cite(f"{_D2} 1.申报条件（8）", "联合单位为珠海市内注册，经营状况良好"),
        ),
        Review(
            label="符合斗门区主导产业发展方向；技术实力、人才队伍、财务状况良好",
            citation=_cite("专题十八（二）申报对象 3", "申报单位应有较强的技术实力和人才队伍"),
        ),
    ),
    documents=_documents(2),
)

# -- 专题十九 方向三 -----------------------------------------------------------------------------

_D3 = "专题十九 方向三"
_D3_COUNTED: Final = _DEVICES | _COMMON_NON_DEVICE
_D3_BASE_QUOTE: Final = "对企业5G网络服务费用及应用场景建设投入费用给予30%的补贴"

DIRECTION_3: Final = DirectionRules(
    **_COMMON,
    key="direction_3",
    topic_key="topic_19",
    topic="专题十九：鼓励我区企业积极参与省级产业集群数字化转型试点项目",
    name="方向三：5G全连接工厂",
    basis=_cite(_D3, "方向三：5G全连接工厂（政策第十九条第3项）"),
    window=_window(date(2023, 1, 1), date(2024, 3, 31), f"{_D3} 3.支持范围", _WINDOW_2024_QUOTE),
    counted=_categories(
        _D3_COUNTED,
        "可计入的项目投入费用",
        f"{_D3} 1.申报条件（9）",
        "项目投入费用仅限于与项目相关的设备（包括与5G应用相关的设备、联网设备、数据采集设备、信息化设备等）、"
        "软件系统、材料、云资源及网络费用、调试安装费用等",
    ),
    excluded=_categories(
        _EXCLUDED_OPERATING,
        "不予计入的费用",
        f"{_D3} 1.申报条件（9）",
        "不包括场地费用、水电费等企业运营所需费用",
    ),
    base=_categories(
        _D3_COUNTED - _SERVICES,
        "奖补基数：5G网络服务费用及应用场景建设投入费用（计入的建设投入，不含咨询、设计、检测、评价）",
        f"{_D3} 2.支持方式",
        _D3_BASE_QUOTE,
    ),
    minimum=_wan(400, "项目总投资额下限", f"{_D3} 1.申报条件（9）", "项目总投资额不低于400万元（不含税）"),
    rate=_ratio(
        "30%", "奖补比例", f"{_D3} 2.支持方式", "对企业5G网络服务费用及应用场景建设投入费用给予30%的补贴"
    ),
    cap=_wan(150, "最高补贴", f"{_D3} 2.支持方式", "最高150万元"),
    cap_unit=Unit.ENTERPRISE,  # 「最多补贴N家」: the cap is what each 家 may receive
    quota=_count(2, "补贴家数上限", f"{_D3} 2.支持方式", "最高150万元，最多补贴2家"),
    quota_unit=Unit.ENTERPRISE,
    clusters=_cluster_rule(
        frozenset({PCB_CLUSTER, APPLIANCE_CLUSTER}), f"{_D3} 1.申报条件（1）", _CLUSTER_BOTH_QUOTE
    ),
    providers=_providers(f"{_D3} 1.申报条件（10）", _D3_6_PROVIDER_QUOTE),
    conditions=(
        Compare(
            name="device_5g_share",
            label="5G技术联网的工业设备占联网工业设备总数比例",
            measure="facts.device_5g_share",
            op=Op.GE,
            threshold=_ratio(
                "20%",
                "5G联网设备占比下限",
                f"{_D3} 1.申报条件（6）",
                "5G技术联网的工业设备占联网工业设备总数比例不低于20%",
            ),
        ),
        Compare(
            name="scenarios_5g",
            label="“5G+工业互联网”应用场景数",
            measure="facts.scenarios_5g",
            op=Op.GE,
            threshold=_count(
                3,
                "应用场景数下限",
                f"{_D3} 1.申报条件（7）",
                "5G全连接工厂内涵盖不少于3个“5G+工业互联网”应用场景",
            ),
        ),
        _benefits(f"{_D3} 1.申报条件（8）"),
        _fixed_asset(f"{_D3} 1.申报条件（11）"),
    ),
    reviews=(
        Review(
            label="采用虚拟专网、混合专网方式部署5G网络，实现工厂区域内5G网络全覆盖",
            citation=_cite(f"{_D3} 1.申报条件（3）", "实现工厂区域内5G网络全覆盖"),
        ),
        Review(
            label="打通工业网络，推动IT-OT网络融合",
            citation=_cite(f"{_D3} 1.申报条件（4）", "加快IT-OT网络融合"),
        ),
        Review(
            label="在生产现场按需部署边缘计算节点",
            citation=_cite(f"{_D3} 1.申报条件（5）", "在生产现场按需部署边缘计算节点"),
        ),
        Review(
            label="建设工厂级5G全连接工厂，落地高价值场景",
            citation=_cite(f"{_D3} 1.申报条件（2）", "建设工厂级5G全连接工厂"),
        ),
    ),
    documents=_documents(3),
)


DIRECTION_3_TAGGED: Final = evolve(
    DIRECTION_3,
    base=_categories(
        frozenset({Category.NETWORK_SERVICE_5G}),
        "奖补基数：5G网络服务费用及注明应用场景（Invoice.scenario）的建设投入费用",
        f"{_D3} 2.支持方式",
        _D3_BASE_QUOTE,
    ),
    base_includes_scenarios=True,
)
"""方向三 read the other way (a named switch, not registered): the award base is the 5G network
service invoices plus the counted invoices the applicant attributes to an 应用场景 (``Invoice.scenario``);
with no invoice tagged, ``SCENARIO_UNTAGGED`` says how much counted investment is left out. Use it
in a what-if: ``allocate(apps, rules={**all_directions(), DIRECTION_3.ref: DIRECTION_3_TAGGED})``."""

# -- 专题十九 方向四 -----------------------------------------------------------------------------

_D4 = "专题十九 方向四"
_D4_COUNTED: Final = _DEVICES | _COMMON_NON_DEVICE | {Category.RETROFIT}

DIRECTION_4: Final = DirectionRules(
    **_COMMON,
    key="direction_4",
    topic_key="topic_19",
    topic="专题十九：鼓励我区企业积极参与省级产业集群数字化转型试点项目",
    name="方向四：数字化转型示范标杆（大家电产业集群）",
    basis=_cite(_D4, "数字化转型示范标杆（大家电产业集群）（政策依据第十九条第4项）"),
    window=_window(date(2023, 1, 1), date(2024, 3, 31), f"{_D4} 3.支持范围", _WINDOW_2024_QUOTE),
    counted=_categories(
        _D4_COUNTED,
        "可计入的项目投入费用",
        f"{_D4} 1.申报条件（3）",
        "仅限于与项目相关的设备（包括不限于联网设备、数据采集设备、数字化设备等），软件系统、材料、云资源及网络费用、"
        "调试安装费用等",
    ),
    excluded=_categories(
        _EXCLUDED_OPERATING,
        "不予计入的费用",
        f"{_D4} 1.申报条件（3）",
        "不包括场地费用、水电费等企业运营所需费用",
    ),
    base=_categories(
        _D4_COUNTED,
        "奖补基数：企业购买或改造费用",
        f"{_D4} 2.支持方式",
        "按企业购买或改造费用的50%给予一次性补贴",
    ),
    minimum=_wan(140, "项目投入费用下限", f"{_D4} 1.申报条件（3）", "项目投入费用不低于140万元（不含税）"),
    rate=_ratio("50%", "奖补比例", f"{_D4} 2.支持方式", "按企业购买或改造费用的50%给予一次性补贴"),
    cap=_wan(80, "每家企业最高补贴", f"{_D4} 2.支持方式", "每家企业最高给予80万元补贴"),
    cap_unit=Unit.ENTERPRISE,
    quota=_count(2, "补贴家数上限", f"{_D4} 2.支持方式", "每家企业最高给予80万元补贴，最多补贴2家"),
    quota_unit=Unit.ENTERPRISE,
    clusters=_cluster_rule(frozenset({APPLIANCE_CLUSTER}), f"{_D4} 1.申报条件（1）", _APPLIANCE_QUOTE),
    providers=_providers(f"{_D4} 1.申报条件（5）", _D3_6_PROVIDER_QUOTE),
    conditions=(
        _efficiency_or_cost(f"{_D4} 1.申报条件（4）"),
        _fixed_asset(f"{_D4} 1.申报条件（6）"),
    ),
    reviews=(
        Review(
            label="具备良好的自动化、信息化基础，形成可复制可推广的解决方案",
            citation=_cite(f"{_D4} 1.申报条件（2）", "企业应具备良好的自动化、信息化基础"),
        ),
        Review(
            label="标杆建设内容紧靠省市级工业互联网标杆要求",
            citation=_cite(f"{_D4} 1.申报条件（4）", "标杆建设内容要紧靠省市级工业互联网标杆要求"),
        ),
    ),
    documents=_documents(4),
)

# -- 专题十九 方向五 -----------------------------------------------------------------------------

_D5 = "专题十九 方向五"
_D5_COUNTED: Final = _DEVICES | _COMMON_NON_DEVICE

DIRECTION_5: Final = DirectionRules(
    **_COMMON,
    key="direction_5",
    topic_key="topic_19",
    topic="专题十九：鼓励我区企业积极参与省级产业集群数字化转型试点项目",
    name="方向五：5G内网改造升级项目",
    basis=_cite(_D5, "5G内网改造升级项目（政策依据第十九条第2项）"),
    window=_window(date(2023, 1, 1), date(2024, 3, 31), f"{_D5} 3.支持范围", _WINDOW_2024_QUOTE),
    counted=_categories(
        _D5_COUNTED,
        "可计入的项目投入费用（文本未列举，适用本指南通用口径）",
        f"{_D5} 1.申报条件（3）",
        "项目采用5G网络、工业PON、TSN、边缘计算等新型技术、设备改造企业内部网络和系统",
    ),
    base=_categories(
        frozenset({Category.NETWORK_SERVICE_5G}),
        "奖补基数：5G网络服务费用",
        f"{_D5} 2.支持方式",
        "对企业5G网络服务费用给予30%的补贴",
    ),
    minimum=_wan(90, "项目投入下限", f"{_D5} 1.申报条件（4）", "项目投入不低于90万元（不含税）"),
    rate=_ratio("30%", "奖补比例", f"{_D5} 2.支持方式", "对企业5G网络服务费用给予30%的补贴"),
    cap=_wan(30, "最高补贴", f"{_D5} 2.支持方式", "最高30万元"),
    cap_unit=Unit.ENTERPRISE,  # 「最多补贴N家」: the cap is what each 家 may receive
    quota=_count(10, "补贴家数上限", f"{_D5} 2.支持方式", "最多不超过10家"),
    quota_unit=Unit.ENTERPRISE,
    clusters=_cluster_rule(
        frozenset({PCB_CLUSTER, APPLIANCE_CLUSTER}), f"{_D5} 1.申报条件（1）", _CLUSTER_BOTH_QUOTE
    ),
    providers=_providers(f"{_D5} 1.申报条件（5）", _D3_6_PROVIDER_QUOTE),
    conditions=(
        Flag(
            name="private_network_5g",
            label="建有5G专网或开通5G网络切片服务",
            measure="facts.has_5g_private_network",
            citation=_cite(f"{_D5} 1.申报条件（2）", "建有5G专网或开通5G网络切片服务"),
        ),
        Compare(
            name="coverage_5g",
            label="试点区域5G网络覆盖率",
            measure="facts.coverage_5g",
            op=Op.GE,
            threshold=_ratio("60%", "5G网络覆盖率下限", f"{_D5} 1.申报条件（4）", "试点区域5G网络覆盖率不低于60%"),
        ),
        _fixed_asset(f"{_D5} 1.申报条件（6）"),
    ),
    reviews=(
        Review(
            label="采用5G网络、工业PON、TSN、边缘计算等新型技术改造企业内部网络，实现关键要素泛在互联",
            citation=_cite(f"{_D5} 1.申报条件（3）", "实现生产设备／设施、控制系统、管理系统等关键要素的泛在互联互通"),
        ),
    ),
    documents=_documents(5),
)

# -- 专题十九 方向六（三条子线） ---------------------------------------------------------------------

_D6 = "专题十九 方向六"
_D6_COUNTED: Final = (
    _DEVICES
    | (_COMMON_NON_DEVICE - {Category.MATERIAL})
    | {Category.PLATFORM_SERVICE, Category.RETROFIT}
)
_D6_CONTRACT_SHARE: Final = ShareOf(
    name="invoice_contract_share",
    label="发票总金额占合同总金额比例",
    numerator="eligible_spend",
    denominator="contract_total",
    op=Op.GE,
    threshold=_ratio(
        "70%",
        "发票金额占合同金额比例下限",
        f"{_D6} 1.申报条件（5）",
        "如涉及采购多个生态成员产品或服务，发票总金额不低于合同总金额的70%",
    ),
    pass_code=Code.INVOICES_CONTRACT_SHARE_OK,
    fail_code=Code.INVOICES_BELOW_CONTRACT_SHARE,
    empty_code=Code.NO_CONTRACT,
)
_D6_PURCHASE_BASIS_QUOTE: Final = "按每家企业购买费用的80%给予一次性补贴"


def _direction_6(
    *,
    key: str,
    name: str,
    cluster: str,
    cluster_clause: str,
    cluster_quote: str,
    minimum: Cited[Money],
    rate: Cited[Ratio],
    cap: Cited[Money],
    quota: Cited[int],
    performance: Compare | AnyOf,
    reviews: tuple[Review, ...],
) -> Rule:
    return DirectionRules(
        **_COMMON,
        key=key,
        topic_key="topic_19",
    topic="专题十九：鼓励我区企业积极参与省级产业集群数字化转型试点项目",
        name=name,
        basis=_cite(_D6, "省级产业集群数字化转型试点项目企业采购奖补（政策依据第十九条第1项、第4项）"),
        window=_window(date(2023, 1, 1), date(2024, 3, 31), f"{_D6} 3.支持范围", _WINDOW_2024_QUOTE),
        counted=_categories(
            _D6_COUNTED, "可计入的采购：名单内单位的数字化平台产品或服务", cluster_clause, cluster_quote
        ),
        base=_categories(_D6_COUNTED, "奖补基数：购买费用", f"{_D6} 2.支持方式", rate.citation.quote),
        purchase_basis=Cited[PurchaseBasis](
            value=PurchaseBasis.INVOICED,
            label="购买费用按发票金额计（解释口径）",
            citation=_cite(f"{_D6} 1.申报条件（5）", "发票金额不低于合同金额的70%"),
        ),
        minimum=minimum,
        minimum_measure="purchase_amount",
        rate=rate,
        cap=cap,
        cap_unit=Unit.ENTERPRISE,  # every sub-line: 「每家企业最高给予……」
        quota=quota,
        quota_unit=Unit.ENTERPRISE,  # every sub-line: 「最多补贴N家」「最多不超过15家」
        ranking=Ranking.REVIEW_SCORE_THEN_CONTRACT_TIME,
        ranking_citation=_cite(
            f"{_D6} 1.申报条件（6）",
            "同等条件下，优先支持在惠企利民先行递交合同的企业（以系统单位提交时间为准）",
        ),
        clusters=_cluster_rule(frozenset({cluster}), cluster_clause, cluster_quote),
        providers=_providers(
            "三、相关说明（一）",
            "第一批产业集群数字化平台或服务商名单（见附件1）",
            only_listed=True,
            planning=(f"{_D6} 1.申报条件（7）", "申报企业由所在集群牵头单位或生态伙伴提供产品、服务或规划"),
        ),
        conditions=(
            performance,
            _D6_CONTRACT_SHARE,
            _fixed_asset(f"{_D6} 1.申报条件（8）"),
        ),
        reviews=(
            Review(
                label="完成合同实施并提供与合同内容相对应的验收报告",
                citation=_cite(f"{_D6} 1.申报条件（4）", "验收报告的项目应与合同内容相对应"),
            ),
            Review(
                label="同等条件下优先支持在惠企利民先行递交合同的企业（排序见分配）",
                citation=_cite(f"{_D6} 1.申报条件（6）", "同等条件下，优先支持在惠企利民先行递交合同的企业"),
            ),
            *reviews,
        ),
        documents=_documents(6),
    )


_PCB_CLAUSE: Final = f"{_D6} 1.申报条件（2）"
_PCB_QUOTE: Final = (
    "“珠海市印刷电路板产业集群数字化转型工程”（印刷电路板产业集群）集群内企业购买项目牵头单位或生态成员单位的"
    "数字化平台产品或服务的（见附件1）"
)
_PCB_RESOURCE: Final = Compare(
    name="resource_efficiency",
    label="用水等生产资源利用率提升",
    measure="facts.resource_efficiency_gain",
    op=Op.GT,
    threshold=_ratio("15%", "资源利用率提升须超过", _PCB_CLAUSE, "达到用水等生产资源利用率提升超过15%"),
)

DIRECTION_6_PCB_WORKSHOP: Final = _direction_6(
    key="direction_6_pcb_workshop",
    name="方向六：省级产业集群数字化转型试点项目企业采购奖补（印刷电路板·车间级）",
    cluster=PCB_CLUSTER,
    cluster_clause=_PCB_CLAUSE,
    cluster_quote=_PCB_QUOTE,
    minimum=_wan(20, "车间级投资额下限", _PCB_CLAUSE, "①应用于车间级的投资额不低于20万元（不含税）"),
    rate=_ratio("80%", "奖补比例", f"{_D6} 2.支持方式（1）", "应用于车间级的，按每家企业购买费用的80%给予一次性补贴"),
    cap=_wan(20, "每家企业最高补贴", f"{_D6} 2.支持方式（1）", "每家企业最高给予20万元，最多补贴30家"),
    quota=_count(30, "补贴家数上限", f"{_D6} 2.支持方式（1）", "每家企业最高给予20万元，最多补贴30家"),
    performance=_PCB_RESOURCE,
    reviews=(),
)

DIRECTION_6_PCB_FACTORY: Final = _direction_6(
    key="direction_6_pcb_factory",
    name="方向六：省级产业集群数字化转型试点项目企业采购奖补（印刷电路板·工厂级）",
    cluster=PCB_CLUSTER,
    cluster_clause=_PCB_CLAUSE,
    cluster_quote=_PCB_QUOTE,
    minimum=_wan(140, "工厂级投资额下限", _PCB_CLAUSE, "②应用于工厂级的投资额不低于140万元（不含税）"),
    rate=_ratio("50%", "奖补比例", f"{_D6} 2.支持方式（1）", "应用于工厂级的，按企业购买费用的50%给予一次性补贴"),
    cap=_wan(80, "每家企业最高补贴", f"{_D6} 2.支持方式（1）", "每家企业给予最高80万元补贴，最多补贴5家"),
    quota=_count(5, "补贴家数上限", f"{_D6} 2.支持方式（1）", "每家企业给予最高80万元补贴，最多补贴5家"),
    performance=_PCB_RESOURCE,
    reviews=(),
)

_APPLIANCE_CLAUSE: Final = f"{_D6} 1.申报条件（3）"
DIRECTION_6_APPLIANCE: Final = _direction_6(
    key="direction_6_appliance",
    name="方向六：省级产业集群数字化转型试点项目企业采购奖补（大家电）",
    cluster=APPLIANCE_CLUSTER,
    cluster_clause=_APPLIANCE_CLAUSE,
    cluster_quote="集群内企业购买牵头单位或生态成员单位的数字化平台产品或服务（见附件1）",
    minimum=_wan(20, "投资额下限", _APPLIANCE_CLAUSE, "投资额不低于20万元（不含税），实现订单全流程在线可视"),
    rate=_ratio("80%", "奖补比例", f"{_D6} 2.支持方式（2）", _D6_PURCHASE_BASIS_QUOTE),
    cap=_wan(20, "每家企业最高补贴", f"{_D6} 2.支持方式（2）", "每家企业最高给予20万元，最多不超过15家"),
    quota=_count(15, "补贴家数上限", f"{_D6} 2.支持方式（2）", "每家企业最高给予20万元，最多不超过15家"),
    performance=_efficiency_or_cost(_APPLIANCE_CLAUSE),
    reviews=(
        Review(
            label="实现订单全流程在线可视、柔性生产、拉式生产以及自动化生产",
            citation=_cite(_APPLIANCE_CLAUSE, "实现订单全流程在线可视、柔性生产、拉式生产以及自动化生产"),
        ),
    ),
)

DIRECTIONS: Final[dict[str, Rule]] = {
    rules.key: rules
    for rules in (
        DIRECTION_1,
        DIRECTION_2,
        DIRECTION_3,
        DIRECTION_4,
        DIRECTION_5,
        DIRECTION_6_PCB_WORKSHOP,
        DIRECTION_6_PCB_FACTORY,
        DIRECTION_6_APPLIANCE,
    )
}
"""Every direction and 方向六 sub-line of the guide, by key."""


TOPIC_18: Final = frozenset(k for k, r in DIRECTIONS.items() if r.topic_key == "topic_18")
TOPIC_19: Final = frozenset(k for k, r in DIRECTIONS.items() if r.topic_key == "topic_19")
_EXCLUSION_CLAUSE: Final = "三、相关说明（三）"

EXCLUSIONS: Final[tuple[Exclusion, ...]] = (
    Exclusion(
        name="topic_18_or_19",
        label="同一年度仅可选择专题十八或专题十九申报",
        left=TOPIC_18,
        right=TOPIC_19,
        citation=_cite(
            _EXCLUSION_CLAUSE,
            "申报单位同一年度原则上仅可选择本指南专题十八或专题十九进行申报，两个专题不得重复申报",
        ),
    ),
    Exclusion(
        name="one_direction_in_topic_18",
        label="专题十八仅可选择一个方向",
        left=TOPIC_18,
        right=TOPIC_18,
        citation=_cite(_EXCLUSION_CLAUSE, "申报本指南专题十八仅可选择一个方向进行申报"),
    ),
    Exclusion(
        name="direction_3_alone_in_topic_19",
        label="申报方向三不得申报专题十九其他方向",
        left=frozenset({"direction_3"}),
        right=TOPIC_19 - {"direction_3"},
        citation=_cite(
            _EXCLUSION_CLAUSE, "申报本指南专题十九方向三原则上不得申报本指南专题十九其他方向"
        ),
    ),
)
"""三、相关说明（三）, as data: each rule names the pairs of directions one enterprise may not hold."""


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess an application under the direction it names (``application.direction``). ``ledger``: the earlier awards its history rules read."""
    return assess_in(DIRECTIONS, PROGRAMME, application, ledger)


PROVISIONS: Final[tuple[Provision, ...]] = (
    Provision(
        quote="项目申报须通过珠海市财政惠企利民服务平台",
        status="context",
        reason="申报渠道：申报以线上提交时间（submission.online_at）核对，渠道本身不是输入",
    ),
    Provision(quote="企业须合理安排时间将项目申报材料提交系统受理", status="context", reason="提示，不设条件"),
    *(
        Provision(quote=quote, status="context", reason="the 2022 provincial 行业指南榜单 quoted in 附件2 for the clusters of 方向六 (印刷电路板、大家电) and the 5G 专项: the pilot's lead unit's targets, background for 斗门's purchase awards, not a condition of them (the pilot itself is 粤工信工业互联网函〔2022〕14号, encoded as guangdong-2022)")
        for quote in (
            "各完成不少于15家集群企业", "2年内平台上线并在集群落地应用的关键产品及服务数量超过5个",
            "2年内打造5个以上不同规模、不同类型、可供参观的标杆案例", "推动50家以上集群内企业数字化转型",
            "帮助区域内不少于30%的印刷电路板工厂", "建成1个区域级印刷电路板行业数字化服务平台",
            "牵头单位在印刷电路板行业至少具有1项成熟的产业配套服务业务及相关案例", "产业链企业中服务企业数量占比不低于60%",
            "打造不少于5个具有典型性和示范性的集群应用数字化案例", "实现50亿元以上直接经济效益",
            "牵头单位具有至少1个大家电行业数字化转型示范案例", "产业生态具有至少1项协助家电行业开展数字化转型的技术证明",
            "建设不少于3个5G全连接工厂", "打造5G行业典型应用场景不少于3项", "举办不少于3场“5G+工业互联网”现场会",
            "编写5G行业规模化应用研究报告", "产业生态成员在5G领域专利或软件著作权不少于3项",
        )
    ),
)
"""The rule-like sentences of the text no rule part encodes, and why (``subsidycalc.provisions``)."""
