"""中山市推进制造业数字化智能化转型发展若干措施（征求意见稿）.

无文号（征求意见稿） · 中山市工业和信息化局 · 有效期至2025年12月31日（2025年内申报的项目可于2026年兑现）.
Text: ``policies/texts/zhongshan-digital-measures.txt`` (bundled verbatim).

Encodes the items with numbers as [`ProjectRules`][subsidycalc.rules.ProjectRules]: （一） 示范工厂,
（二） 示范车间, （三） 工业互联网标杆示范 (yearly counts and lump sums, one workshop per enterprise,
the factory top-up, at least one type of data element on the cloud), （四） 数字化智能化改造 (20% of
equipment and software, 2000万 per project, 30% / 70% tranches, claw-back), （五） 产业链协同创新 (a
特色产业集群's chain enterprise with a 智能制造供应商 and a 政府性融资担保机构, 30% of the equipment
contract and invoice, 1500万 per enterprise), （六） “上云上平台” 服务券 (50%, 100% for a 标杆平台, 30万
per enterprise per year), （七） 平台落地 and 集群数字化服务平台, （八） 平台应用示范 (500万 a year, 1500万
for a 标杆平台, at most 3 years), （九） 生态资源池 (500万 per platform per year), （十一） 诊断咨询;
附则（一） on （一）–（六） and （八）; and 附则（三）, no duplicate application of one project except items
（一）（二）（三）（八）（十二）.

Where is what: ``ITEMS["item_4"].cap`` is （四）'s 2000万; ``ITEMS["item_6"].ledger_rules`` the 30万
yearly voucher cap; ``EXCLUSIONS`` 附则（三）.

Interpretation notes:
    * **附则（二） 「均为最高扶持比例或最高扶持额度」**: every rate and amount is a maximum. The library
      reports the ceiling the text allows; a lump-sum item (「一次性奖励最高不超过……」) pays
      ``Application.decided_amount`` where the 核定金额 is known, else its ceiling is reported.
    * **（二） top-up, order of cap and deduction**: a workshop awardee later selected as 示范工厂 gets
      「按累计奖补的差额」: the factory amount is capped at 1000万 first, then the workshop awards in the
      ledger are deducted (never below zero).
    * **（二） 「单个企业的多个数字化智能化示范车间择优奖励1个」**: an enterprise with a workshop award in
      the ledger under （二） cannot be awarded another within the policy (``ALREADY_AWARDED``).
    * **（四） base**: 「项目设备和软件投入总额」 less 「已获得其他市级财政专项资金扶持的部分」 (never below
      zero). Item by item (``Project.investment_items``: 设备, 软件, 其他, each with its ``city_funded``
      part) only 设备 and 软件 count, each less its own city-funded part (``CITY_FUNDED_DEDUCTED``); an
      其他 item is left out with ``INVESTMENT_NOT_COUNTED`` (its city funding is irrelevant: it earns
      nothing to deduct from). Without items, the declared totals ``equipment_software_investment`` less
      ``city_funded_investment`` still make the base (the same amount, and now the deduction is
      reported); with both, the totals must agree with the items (an input error otherwise). Where no
      city-funded part is declared at all, nothing is deducted and the result warns
      ``CITY_FUNDED_NOT_DECLARED`` with the base at stake; 「0」 declares that there is none. The tranches follow the text's 备案 route: 30% once the plan is issued, the rest after
      整体验收; a failed 进度检查 recovers the first tranche in full (``CLAWED_BACK``). A non-备案
      project paid at once receives the same total.
    * **（五） base**: 「购买设备合同和发票金额」 — when contract and invoice differ, the lower of the two
      (both documents must support the amount). The 1500万 is per enterprise over the policy
      (「单个企业获得补助总额」), counted from the ledger; 担保费补贴 are not recorded under （五）.
    * **（五） who may apply**: 「支持中山五金、家电、灯具、板式家具等特色产业集群产业链企业，与智能制造供应商、
      政府性融资担保机构开展产业链协同创新项目」. 「等」 leaves the list of 特色产业集群 open, so no closed list
      of clusters is checked: the applicant declares that it is an enterprise of a 特色产业集群's 产业链
      (``facts.cluster_chain_enterprise``), the named four are quoted in the condition's label, and whether
      a cluster not named is a 特色产业集群 is a cited ``Review``. The project must involve both a 智能制造
      供应商 and a 政府性融资担保机构 (``facts.with_smart_manufacturing_supplier``,
      ``facts.with_government_guarantor``): they are parties to the project, not 联合申报 partners, so they
      are declared facts, not ``partners``. Each undeclared fact fails as ``<NAME>_NOT_DECLARED``.
    * **（三） 「至少一类以上」**: 「以上」 includes the number: one type of data element on the cloud is enough
      (``facts.cloud_data_element_types >= 1``); 「基于工业互联网架构」 and 「在云端或平台集成、分析、应用」 are
      reviewed.
    * **附则（一） 「平台服务的企业项目获得的各级财政资助总金额与平台获得的该项目奖励金额的合计不超过企业项目投资总额」**
      bounds the sum of all funding of an enterprise project that a platform serves. The platform's awards
      for serving an enterprise project are （六） (服务券: a platform's “上云上平台” service to an enterprise,
      paid on its contract) and （八） (a platform's 应用示范 for an enterprise project): on these it always
      holds — for （八） within ``project.actual_investment``; for （六） the served project is the service
      the contract buys, so its 投资总额 is the 实际合同金额 (``project.service_contract_amount``, which the
      voucher's rate already needs). On an enterprise's own awards （一）–（五） it holds where the ledger
      records a （六） or （八） award for the same project id (``StackingCap.when_served``): whichever
      award is decided last is cut to what remains, and only then is ``project.actual_investment`` required;
      with no ledger, （三）（四）, whose only history rule this is, warn ``SERVED_PROJECT_UNCHECKED`` (the
      amount at stake) instead of failing.
      （七） (a platform's own landing, a cluster's service platform), （九） (resources of the platform) and
      （十一） (a cluster's 诊断咨询) fund no enterprise project and are not bounded by it. The project id
      names the enterprise project: a platform's （八） application and the enterprise's own name the same.
    * **（六） per year**: the year is ``Application.year`` or that of the online submission.
    * **附则（三）** is about one *project*: two applications of one enterprise conflict only when they
      name the same project and neither item is an exception.
    * **Effective window**: applications up to 2025-12-31 24:00 Beijing time count
      (「有效期至2025年12月31日」); the start (「自发布之日起30日后施行」) has no date in the text.
    * **附则（四） payment year**: an eligible application of 2025 (``year``, else the online
      submission's) is paid in 2026 (``Assessment.payment_year``, ``PAYMENT_YEAR``); for an earlier
      year the text fixes none.

Limitations:
    * （十）（十二）（十三） set no amounts and are not encoded.
    * 附则（一） reads every award recorded for the project in the ledger (any programme, level or
      recipient): funding that is not in the ledger is not counted.
    * The qualitative criteria of 认定/评选 are left to expert review.
    * **申报材料**: the text names none (no 申报材料清单, no form): the only words on what an application
      states are 附则（二） 「申报项目已投入金额、服务合同金额、建设金额均不含税金」, which every amount input
      already is (CONVENTIONS: amounts are tax-exclusive). No document checklist is encoded; the
      implementing 申报指南 would have to name one.
    * （十） 产业园区数字化管理 is a task of the 镇街 with no award: nothing to compute.
      （十二） 贴息与风险补偿 announces that a 贴息政策 will be made (「制定贴息政策」) and a 风险补偿专项资金池:
      encoding it needs the 贴息 rate and its base (loan principal, interest paid, period), the eligible
      金融产品 and the 风险补偿 share, none of which the text sets; it is kept only in 附则（三）'s exceptions.
      （十三） 「经市政府同意，可通过一事一议确定奖补方式和额度」: the way and amount are decided case by case,
      so only a decided amount could be reported, with no cap or rate to check it against.
    * （十一）'s 产业集群数字化转型试点 (「一群一策」) sets no amount; only its 诊断咨询 lump sum is encoded.
      （七） 「按照平台注册资金、场地租金、展示中心、示范产线、建设和运营等情况」 are the factors of a decided
      amount up to 2000万, not a formula; （九） 「对平台引进落地产业生态企业的经营场地视同平台经营场地，给予相同
      标准的租金奖励」 refers to （七）'s rent, for which the text sets no standard of its own.
    * （五） 「单个企业获得补助总额（不含担保费补贴）」: the 担保费补贴 is excluded from the 1500万 but its amount
      is set nowhere in the text; guarantee-fee subsidies are not recorded under （五）.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from ..citations import Cited, Document
from ..exclusion import Exclusion
from ..ledger import Ledger
from ..models import Application, InvestmentKind
from ..periods import Deadline, Effective
from ..result import Assessment
from ..rules import (
    CapUpgrade,
    Compare,
    EnterpriseCap,
    Flag,
    InvestmentItems,
    Jurisdiction,
    OncePerEnterprise,
    Op,
    ProjectRules,
    RateUpgrade,
    Review,
    Rule,
    StackingCap,
    Stage,
    TopUp,
    YearsLimit,
)
from ._clauses import Clauses, assess_in

__all__ = ["DIRECTIONS", "DOCUMENT", "EFFECTIVE", "EXAMPLES", "EXCLUSIONS", "ITEMS", "JURISDICTION", "PAYMENT_YEARS", "PROGRAMME", "assess"]

PROGRAMME: Final = "zhongshan-2025"

DOCUMENT: Final = Document(
    key=PROGRAMME,
    title="中山市推进制造业数字化智能化转型发展若干措施（征求意见稿）",
    number="无文号（征求意见稿）",
    issuer="中山市工业和信息化局",
    date="有效期至2025年12月31日",
    text_file="zhongshan-digital-measures.txt",
    level="city",
    short="中山数字化措施",
)


_CLAUSES: Final = Clauses(PROGRAMME)
_cite = _CLAUSES.cite
_wan = _CLAUSES.wan
_count = _CLAUSES.count
_ratio = _CLAUSES.ratio

EFFECTIVE: Final = Effective(
    end=date(2025, 12, 31), citation=_cite("七、附则 及正文末", "有效期至2025年12月31日")
)
"""The period this text (version 1, the 征求意见稿) is in force: to 2025-12-31; its start
(「自发布之日起30日后施行」) has no date in the text."""

_VALIDITY: Final = Cited[Deadline](
    value=Deadline.end_of(date(2025, 12, 31)),
    label="政策有效期",
    citation=_cite("七、附则 及正文末", "有效期至2025年12月31日"),
)

PAYMENT_YEARS: Final = Cited[dict[int, int]](
    value={2025: 2026},
    label="到期后当年度奖补的兑现年度",
    citation=_cite("七、附则（四）", "即2025年内成功申报本政策的项目可于2026年进行兑现"),
)
"""附则（四）: the awards of applications made in 2025, the policy's last year, are paid in 2026."""

JURISDICTION: Final = Jurisdiction(
    city=Cited[str](
        value="中山市",
        label="申报单位注册地（中山市政策；文本未明示）",
        citation=_cite("序言", "助推中山制造业高质量发展"),
    ),
)
"""属地: the measures are 中山's own (「助推中山制造业高质量发展」; （七）（八）（九） 「落地中山」「在中山」), yet no
item states where an applicant must be registered: an applicant registered outside 中山市 is
reported for a reviewer (``REGISTERED_ELSEWHERE``, a warning), never silently passed."""

_ONE_OFF_REVIEW: Final = Review(
    label="认定、评选的具体标准与核定金额（文本只定上限）",
    citation=_cite("七、附则（二）", "本政策所涉及表述扶持比例或扶持金额的，均为最高扶持比例或最高扶持额度"),
)


_STACKING_CLAUSE: Final = _cite(
    "七、附则（一）", "平台服务的企业项目获得的各级财政资助总金额与平台获得的该项目奖励金额的合计不超过企业项目投资总额"
)
_SERVING_ITEMS: Final = frozenset({"item_6", "item_8"})
"""The items that award a platform's service to an enterprise project: （六） 服务券, （八） 应用示范."""
_SERVED_PROJECT_LIMIT: Final = StackingCap(
    investment_measure="project.actual_investment", citation=_STACKING_CLAUSE, when_served=_SERVING_ITEMS
)
"""附则（一） on an enterprise's own award: where the ledger records a （六） or （八） award for the same
project, all funding of the project stays within its 投资总额."""


def _item(
    key: str, topic: str, name: str, clause: str, quote: str, reviews: tuple[Review, ...] = (), **rules: Any
) -> Rule:
    return ProjectRules(
        programme=PROGRAMME,
        key=key,
        topic_key=f"part_{topic[:1]}",
        topic=topic,
        name=name,
        basis=_cite(clause, quote),
        application_deadline=_VALIDITY,
        jurisdiction=JURISDICTION,
        reviews=(_ONE_OFF_REVIEW, *reviews),
        payment_years=PAYMENT_YEARS,
        **rules,
    )


_PART_1 = "一、树立制造业企业数字化智能化转型标杆示范"
_PART_2 = "二、推动制造业企业数字化智能化转型"
_PART_3 = "三、做强数字化智能化供给能力"
_PART_4 = "四、支持数字化示范产业园区、产业集群试点建设"

ITEMS: Final[dict[str, Rule]] = {
    rules.key: rules
    for rules in (
        _item(
            "item_1",
            _PART_1,
            "（一）数字化智能化示范工厂",
            "（一）",
            "每家数字化智能化示范工厂给予一次性奖励最高不超过1000万元",
            rate=None,
            cap=_wan(1000, "示范工厂最高奖励", "（一）", "每家数字化智能化示范工厂给予一次性奖励最高不超过1000万元"),
            quota=_count(10, "每年认定示范工厂数上限", "（一）", "每年认定不多于10家数字化智能化示范工厂，每家数字化智能化示范工厂给予一次性奖励最高不超过1000万元"),
            ledger_rules=(
                TopUp(
                    items=frozenset({"item_2"}),
                    citation=_cite("（二）", "已获得数字化智能化示范车间奖励的企业，入选数字化智能化示范工厂，按累计奖补的差额进行奖励"),
                ),
                _SERVED_PROJECT_LIMIT,
            ),
        ),
        _item(
            "item_2",
            _PART_1,
            "（二）数字化智能化示范车间",
            "（二）",
            "数字化示范车间一次性奖励最高不超过200万元",
            rate=None,
            cap=_wan(200, "示范车间最高奖励", "（二）", "数字化示范车间一次性奖励最高不超过200万元"),
            quota=_count(15, "每年认定示范车间数上限", "（二）", "每年认定不多于15个数字化智能化示范车间"),
            ledger_rules=(
                OncePerEnterprise(
                    items=frozenset({"item_2"}),
                    citation=_cite("（二）", "政策有效期内，单个企业的多个数字化智能化示范车间择优奖励1个"),
                ),
                _SERVED_PROJECT_LIMIT,
            ),
        ),
        _item(
            "item_3",
            _PART_1,
            "（三）工业互联网标杆示范项目",
            "（三）",
            "每个项目给予一次性奖励最高不超过100万元",
            rate=None,
            cap=_wan(100, "标杆示范项目最高奖励", "（三）", "每个项目给予一次性奖励最高不超过100万元"),
            quota=_count(10, "每年评选标杆示范项目数上限", "（三）", "每年评选不多于10个工业互联网标杆示范项目"),
            ledger_rules=(_SERVED_PROJECT_LIMIT,),
            conditions=(
                Compare(
                    name="cloud_data_elements",
                    label="“上云上平台”的数据要素类别数（设备数据、系统数据、供应链数据等）",
                    measure="facts.cloud_data_element_types",
                    op=Op.GE,
                    threshold=_count(
                        1,
                        "“上云上平台”的数据要素至少类别数（「至少一类以上」含一类）",
                        "（三）",
                        "实现企业设备数据、系统数据、供应链数据等至少一类以上数据要素“上云上平台”",
                    ),
                ),
            ),
            reviews=(
                Review(
                    label="项目基于工业互联网架构，数据要素在云端或平台集成、分析、应用",
                    citation=_cite("（三）", "项目基于工业互联网架构，实现企业设备数据、系统数据、供应链数据等至少一类以上数据要素“上云上平台”并在云端或平台集成、分析、应用"),
                ),
            ),
        ),
        _item(
            "item_4",
            _PART_2,
            "（四）制造业数字化智能化改造",
            "（四）",
            "扶持比例最高按照项目设备和软件投入总额的20%给予扶持",
            base_measure="project.equipment_software_net",
            base_items=InvestmentItems(
                counted=Cited[frozenset[InvestmentKind]](
                    value=frozenset({InvestmentKind.EQUIPMENT, InvestmentKind.SOFTWARE}),
                    label="计入扶持基数的项目投入（设备和软件）",
                    citation=_cite("（四）", "扶持比例最高按照项目设备和软件投入总额的20%给予扶持"),
                ),
                deducted=_cite("（四）", "项目投入中已获得其他市级财政专项资金扶持的部分，不再获得此项扶持"),
            ),
            rate=_ratio(
                "20%",
                "改造扶持比例（设备和软件投入，扣除已获其他市级财政专项资金扶持部分）",
                "（四）",
                "扶持比例最高按照项目设备和软件投入总额的20%给予扶持",
            ),
            cap=_wan(2000, "单个项目最高奖励", "（四）", "单个项目最高奖励2000万元"),
            ledger_rules=(_SERVED_PROJECT_LIMIT,),
            stages=(
                Stage(
                    label="项目计划下达后",
                    share=_ratio("30%", "第一次拨付比例", "（四）", "项目计划下达后拨付30％"),
                    gate="facts.plan_issued",
                    clawback_gate="facts.progress_check_passed",
                    clawback_citation=_cite("（四）", "对未通过进度检查的项目，全额追回第一次拨付的扶持资金"),
                ),
                Stage(
                    label="项目通过整体验收后",
                    share=_ratio("70%", "第二次拨付比例", "（四）", "项目通过整体验收后拨付剩余70％"),
                    gate="facts.accepted",
                ),
            ),
            split_flag="facts.filed_digital_project",
            split_citation=_cite("（四）", "其中对属于数字化智能化备案项目，扶持资金可分两次拨付"),
            single_stage=Stage(
                label="验收后一次性拨付",
                share=_ratio("100%", "一次性拨付比例", "（四）", "或验收后一次性拨付"),
                gate="facts.accepted",
            ),
        ),
        _item(
            "item_5",
            _PART_2,
            "（五）制造业产业链协同创新",
            "（五）",
            "项目按照最高不超过购买设备合同和发票金额的30%给予事后奖补",
            base_measure="project.equipment_contract_invoice",
            conditions=(
                Flag(
                    name="cluster_chain_enterprise",
                    label="申报企业为特色产业集群产业链企业（文本列举中山五金、家电、灯具、板式家具「等」）",
                    measure="facts.cluster_chain_enterprise",
                    citation=_cite("（五）", "支持中山五金、家电、灯具、板式家具等特色产业集群产业链企业"),
                ),
                Flag(
                    name="smart_manufacturing_supplier",
                    label="项目与智能制造供应商开展",
                    measure="facts.with_smart_manufacturing_supplier",
                    citation=_cite("（五）", "与智能制造供应商、政府性融资担保机构开展产业链协同创新项目"),
                ),
                Flag(
                    name="government_guarantor",
                    label="项目与政府性融资担保机构开展",
                    measure="facts.with_government_guarantor",
                    citation=_cite("（五）", "与智能制造供应商、政府性融资担保机构开展产业链协同创新项目"),
                ),
            ),
            reviews=(
                Review(
                    label="所属集群是否为「特色产业集群」（文本以「等」列举五金、家电、灯具、板式家具，名单开放：未列举的集群由主管部门判断）",
                    citation=_cite("（五）", "支持中山五金、家电、灯具、板式家具等特色产业集群产业链企业"),
                ),
                Review(
                    label="项目采取“政府政策+智能制造供应商+融资担保+产业链企业”的模式",
                    citation=_cite("（五）", "采取“政府政策+智能制造供应商+融资担保+产业链企业”的模式支持项目建设"),
                ),
            ),
            rate=_ratio(
                "30%",
                "产业链协同创新奖补比例（设备合同与发票金额取较低者）",
                "（五）",
                "项目按照最高不超过购买设备合同和发票金额的30%给予事后奖补",
            ),
            ledger_rules=(
                EnterpriseCap(
                    items=frozenset({"item_5"}),
                    cap=_wan(1500, "单个企业补助总额上限", "（五）", "单个企业获得补助总额（不含担保费补贴）不超过1500万元"),
                ),
                _SERVED_PROJECT_LIMIT,
            ),
        ),
        _item(
            "item_6",
            _PART_2,
            "（六）“上云上平台”服务券",
            "（六）",
            "按照不超过实际合同金额的50％给予奖励",
            base_measure="project.service_contract_amount",
            rate=_ratio("50%", "服务券奖励比例", "（六）", "按照不超过实际合同金额的50％给予奖励"),
            rate_upgrade=RateUpgrade(
                flag="facts.benchmark_platform",
                rate=_ratio("100%", "标杆平台服务奖励比例", "（六）", "按照不超过实际合同金额的100%给予奖励"),
            ),
            ledger_rules=(
                EnterpriseCap(
                    items=frozenset({"item_6"}),
                    cap=_wan(30, "单个应用企业每年奖励上限", "（六）", "单个应用企业每年奖励金额最高不超过30万元"),
                    per_year=True,
                ),
                StackingCap(
                    investment_measure="project.service_contract_amount",
                    citation=_STACKING_CLAUSE,
                    funded_by=_SERVING_ITEMS,  # the service's own funding: vouchers and the platform's award
                ),
            ),
        ),
        _item(
            "item_7_platform",
            _PART_3,
            "（七）工业互联网平台或数字赋能平台落地",
            "（七）",
            "对经市政府批准引进培育落地中山（含合作运营模式）的工业互联网平台或数字赋能平台",
            rate=None,
            cap=_wan(2000, "平台落地最高奖励", "（七）", "给予最高不超过2000万元奖励"),
        ),
        _item(
            "item_7_cluster",
            _PART_3,
            "（七）集群数字化服务平台",
            "（七）",
            "每个集群数字化服务平台给予最高不超过300万元的一次性奖励",
            rate=None,
            cap=_wan(300, "集群数字化服务平台最高奖励", "（七）", "每个集群数字化服务平台给予最高不超过300万元的一次性奖励"),
            conditions=(
                Flag(
                    name="benchmark_platform_builds",
                    label="由经市政府认定的标杆平台建设",
                    measure="facts.benchmark_platform",
                    citation=_cite("（七）", "支持标杆平台建设重点产业集群数字化服务平台"),
                ),
            ),
        ),
        _item(
            "item_8",
            _PART_3,
            "（八）平台打造数字化转型应用示范",
            "（八）",
            "支持平台在中山建设企业应用示范项目",
            rate=None,
            cap=_wan(500, "每个平台每年最高奖励", "（八）", "每个平台每年奖励额度最高不超过500万元"),
            cap_upgrade=CapUpgrade(
                flag="facts.benchmark_platform",
                cap=_wan(1500, "标杆平台每年最高奖励", "（八）", "对经市政府认定的标杆平台每年奖励额度提升至最高不超过1500万元"),
            ),
            ledger_rules=(
                EnterpriseCap(
                    items=frozenset({"item_8"}),
                    cap=_wan(500, "每个平台每年奖励上限", "（八）", "每个平台每年奖励额度最高不超过500万元"),
                    per_year=True,
                    upgrade=CapUpgrade(
                        flag="facts.benchmark_platform",
                        cap=_wan(1500, "标杆平台每年奖励上限", "（八）", "对经市政府认定的标杆平台每年奖励额度提升至最高不超过1500万元"),
                    ),
                ),
                YearsLimit(
                    items=frozenset({"item_8"}),
                    years=_count(3, "奖励期限最长", "（八）", "奖励期限最长3年"),
                ),
                StackingCap(investment_measure="project.actual_investment", citation=_STACKING_CLAUSE),
            ),
        ),
        _item(
            "item_9",
            _PART_3,
            "（九）平台汇聚产业生态供给资源池",
            "（九）",
            "每年每个平台给予奖励最高不超过500万元",
            rate=None,
            cap=_wan(500, "每个平台每年最高奖励", "（九）", "每年每个平台给予奖励最高不超过500万元"),
            ledger_rules=(
                EnterpriseCap(
                    items=frozenset({"item_9"}),
                    cap=_wan(500, "每个平台每年奖励上限", "（九）", "每年每个平台给予奖励最高不超过500万元"),
                    per_year=True,
                ),
            ),
        ),
        _item(
            "item_11",
            _PART_4,
            "（十一）产业集群数字化转型诊断咨询",
            "（十一）",
            "对诊断咨询等服务给予一次性奖励最高不超过50万元",
            rate=None,
            cap=_wan(50, "诊断咨询最高奖励", "（十一）", "对诊断咨询等服务给予一次性奖励最高不超过50万元"),
        ),
    )
}
"""The encoded items, by key."""

DIRECTIONS: Final = ITEMS

_ZHONGSHAN: Final = {"province": "广东省", "city": "中山市", "district": "火炬开发区"}
EXAMPLES: Final[tuple[dict[str, Any], ...]] = (
    {
        "id": "ZS25-C8",
        "programme": PROGRAMME,
        "direction": "item_8",
        "enterprise": {
            "name": "中山示例工业互联网平台有限公司",
            "credit_code": "91440403FD1YM2QHJA",
            "registration": _ZHONGSHAN,
            "tax": _ZHONGSHAN,
            "statistics": _ZHONGSHAN,
        },
        "project": {"id": "PRJ-ZS25-C8", "name": "平台赋能应用示范", "actual_investment": "2000万"},
        "submission": {"online_at": "2025-04-10T10:00:00+08:00"},
        "decided_amount": "300万",
    },
    {
        "id": "ZS25-C7",
        "programme": PROGRAMME,
        "direction": "item_7_cluster",
        "enterprise": {
            "name": "中山示例标杆平台有限公司",
            "credit_code": "91440403FD1YM2QHJA",
            "registration": _ZHONGSHAN,
            "tax": _ZHONGSHAN,
            "statistics": _ZHONGSHAN,
        },
        "project": {"id": "PRJ-ZS25-C7", "name": "家电产业集群数字化服务平台"},
        "facts": {"benchmark_platform": True},
        "submission": {"online_at": "2025-04-10T10:00:00+08:00"},
    },
    {
        "id": "ZS25-C3",
        "programme": PROGRAMME,
        "direction": "item_3",
        "enterprise": {
            "name": "中山示例灯具有限公司",
            "credit_code": "91440403FD1YM2QHJA",
            "registration": _ZHONGSHAN,
            "tax": _ZHONGSHAN,
            "statistics": _ZHONGSHAN,
        },
        "project": {"id": "PRJ-ZS25-C3", "name": "5G+工业互联网标杆示范项目"},
        "facts": {"cloud_data_element_types": 1},
        "submission": {"online_at": "2025-04-10T10:00:00+08:00"},
        "decided_amount": "80万",
    },
)
"""Fictional passing applications for the shared contract tests ([`subsidycalc.contract`][subsidycalc.contract]),
besides the bundled examples: （八） needs the platform's project investment, which none of them has;
（七）'s cluster service platform a 标杆平台; （三） at least one type of data element on the cloud (exactly one)."""

_EXCEPTED: Final = frozenset({"item_1", "item_2", "item_3", "item_8"})  # （十二） has no amount to encode
_NOT_EXCEPTED: Final = frozenset(ITEMS) - _EXCEPTED

EXCLUSIONS: Final[tuple[Exclusion, ...]] = (
    Exclusion(
        name="no_duplicate_project",
        label="同一项目不得重复申报或多头申报（第（一）、（二）、（三）、（八）、（十二）点除外）",
        left=_NOT_EXCEPTED,
        right=_NOT_EXCEPTED,
        same_project=True,
        citation=_cite(
            "七、附则（三）",
            "项目申报单位原则上不得以同一项目重复申报或多头申报财政资金，本政策第（一）、（二）、（三）、（八）、（十二）点除外",
        ),
    ),
)


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess an application under the item its ``direction`` names (``item_4``). ``ledger``: the earlier awards its history rules read."""
    return assess_in(ITEMS, PROGRAMME, application, ledger)
