"""Typed input models: the enterprise, its project, invoices, contracts, partners and facts.

The models are frozen pydantic v2 models with ``extra="forbid"``: an unknown field is an error,
not something silently dropped. They are deliberately general — the same `Application`
carries what any of the five policy documents tests — and hold *facts*, never conclusions: whether
a fact satisfies a rule is decided by the policy modules.

Money fields are tax-exclusive (不含税) [`Money`][subsidycalc.money.Money]; an invoice may also carry
its tax and tax-inclusive total, which are then cross-checked. Negative amounts (红字发票, credit
notes) are rejected: no rule in the encoded texts allows them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from types import UnionType
from typing import Annotated, Any, Final, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import catalog, uscc
from .money import Checked, Money, Ratio
from .periods import DateField, InstantField
from .text import quote

__all__ = [
    "GUANGDONG_CITIES",
    "MAINLAND_PROVINCES",
    "MAX_COUNT",
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "PRINTABLE",
    "Application",
    "Category",
    "Certification",
    "Contract",
    "CreditStatus",
    "DocumentKind",
    "EcosystemMember",
    "Enterprise",
    "Facts",
    "FundingLevel",
    "Incident",
    "IncidentKind",
    "InvestmentItem",
    "InvestmentKind",
    "Invoice",
    "JointPartner",
    "Location",
    "PriorFunding",
    "Project",
    "Submission",
    "application_json_schema",
    "check_facts",
    "check_tax",
    "claim_key",
    "fact_type",
    "known_direction",
    "known_programme",
    "no_duplicates",
    "normalise_name",
    "place_key",
    "unknown_contract",
    "unknown_payer",
]


T = TypeVar("T")

PRINTABLE: Final = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]*$"
"""Text with no control character (tab and newline allowed) and no invisible format character
(zero-width spaces and joiners, direction marks, the byte-order mark): what a name, a number or a
place may contain. Checked by pydantic-core's linear-time regex engine."""

MAX_NAME: Final = 200
"""The longest name, number, place or id read (an enterprise's registered name is at most a few
dozen characters): longer text is refused, so no comparison, cache or message holds more."""
MAX_DESCRIPTION: Final = 2000
"""The longest free-text description read."""

Text = Annotated[str, Field(pattern=PRINTABLE, max_length=MAX_NAME)]
"""A name, a number, a place or an id: printable text (see `PRINTABLE`) of at most
`MAX_NAME` characters."""
Description = Annotated[str, Field(max_length=MAX_DESCRIPTION)]
"""Free text a person reads (newlines allowed), at most `MAX_DESCRIPTION` characters."""

SortedSet = Annotated[frozenset[T], PlainSerializer(sorted, return_type=list[T], when_used="always")]
"""A set that dumps as a sorted list: the same JSON in every process (a frozenset's own order
follows the per-process string hash seed)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True
    )


def _non_negative(value: Money) -> Money:
    if value.fen < 0:
        raise ValueError(
            f"negative amount {value.to_yuan()}: credit notes (红字发票) are not allowed by any "
            "encoded rule; expected an amount >= 0"
        )
    return value


def _share(value: Ratio) -> Ratio:
    fraction = value.value
    if not 0 <= fraction.numerator <= fraction.denominator:
        raise ValueError(f"share {value.percent()} is outside 0%..100%: expected a share in [0, 1]")
    return value


def _non_negative_ratio(value: Ratio) -> Ratio:
    if value.value.numerator < 0:
        raise ValueError(f"ratio {value.percent()} is negative: expected >= 0")
    return value


def _credit_code(value: str) -> str:
    try:
        return uscc.validate(value)
    except uscc.InvalidCreditCode as exc:
        raise ValueError(str(exc)) from None


Amount = Annotated[Money, Checked(Money, _non_negative)]
"""A tax-exclusive amount, >= 0."""
Share = Annotated[Ratio, Checked(Ratio, _share)]
"""A ratio between 0% and 100% inclusive."""
Gain = Annotated[Ratio, Checked(Ratio, _non_negative_ratio)]
"""An improvement or reduction, >= 0% (may exceed 100%)."""
CreditCode = Annotated[str, AfterValidator(_credit_code)]
"""统一社会信用代码, validated per GB 32100-2015."""
Indicator = Annotated[Decimal, Field(ge=-(10**9), le=10**9, max_digits=30, allow_inf_nan=False)]
"""The value of a numbered 验收指标 (a percentage as its number of percent)."""
MAX_COUNT: Final = 10**9
"""The largest count read (enterprises, cases, products): far above any a text asks for, and
within what both engines hold exactly."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]


class Category(StrEnum):
    """Cost categories: a closed vocabulary mapped to the policy texts' own cost words.

    Each policy rule names the categories it counts; anything else is excluded with a reason.
    """

    DEVICE_5G = "device_5g"
    NETWORKING_DEVICE = "networking_device"
    DATA_ACQUISITION_DEVICE = "data_acquisition_device"
    IT_DEVICE = "it_device"
    DIGITAL_DEVICE = "digital_device"
    PRODUCTION_EQUIPMENT = "production_equipment"
    SOFTWARE = "software"
    PLATFORM_SERVICE = "platform_service"
    MATERIAL = "material"
    CLOUD_RESOURCE = "cloud_resource"
    NETWORK_FEE = "network_fee"
    NETWORK_SERVICE_5G = "network_service_5g"
    INSTALLATION = "installation"
    RETROFIT = "retrofit"
    CONSULTING = "consulting"
    DESIGN = "design"
    TESTING = "testing"
    EVALUATION = "evaluation"
    SITE = "site"
    UTILITIES = "utilities"
    OPERATING = "operating"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: Final[dict[Category, str]] = {
    Category.DEVICE_5G: "与5G应用相关的设备",
    Category.NETWORKING_DEVICE: "联网设备",
    Category.DATA_ACQUISITION_DEVICE: "数据采集设备",
    Category.IT_DEVICE: "信息化设备",
    Category.DIGITAL_DEVICE: "数字化设备（数控机床、工业机器人等可联网的机电一体化设备）",
    Category.PRODUCTION_EQUIPMENT: "直接参与生产制造的设备",
    Category.SOFTWARE: "软件系统",
    Category.PLATFORM_SERVICE: "数字化平台服务",
    Category.MATERIAL: "材料",
    Category.CLOUD_RESOURCE: "云资源",
    Category.NETWORK_FEE: "网络费用（5G网络服务以外）",
    Category.NETWORK_SERVICE_5G: "5G网络服务费用",
    Category.INSTALLATION: "调试安装费用",
    Category.RETROFIT: "改造费用",
    Category.CONSULTING: "咨询",
    Category.DESIGN: "设计",
    Category.TESTING: "检测",
    Category.EVALUATION: "评价",
    Category.SITE: "场地费用",
    Category.UTILITIES: "水电费",
    Category.OPERATING: "其他企业运营所需费用",
    Category.OTHER: "其他（政策文本未列明）",
}


class FundingLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"

    @property
    def label(self) -> str:
        return {"national": "国家级", "province": "省级", "city": "市级", "district": "区级"}[self]


class IncidentKind(StrEnum):
    ENVIRONMENTAL = "environmental"
    QUALITY = "quality"
    SAFETY = "safety"
    VIOLATION = "violation"

    @property
    def label(self) -> str:
        return {
            "environmental": "环保事故",
            "quality": "质量事故",
            "safety": "安全事故",
            "violation": "违法行为",
        }[self]


class Certification(StrEnum):
    SPECIALISED = "specialised"
    """专精特新 (incl. 专精特新“小巨人”)."""
    HIGH_TECH = "high_tech"
    """高新技术企业."""
    SAFETY_MANAGEMENT = "safety_management"
    """安全生产/职业健康安全管理体系认证."""

    @property
    def label(self) -> str:
        return {
            "specialised": "专精特新",
            "high_tech": "高新技术企业",
            "safety_management": "安全管理体系认证",
        }[self]


class DocumentKind(StrEnum):
    """申报材料: the 斗门 2023 guide's 四、项目申报材料清单 (一)–(十六), then the 韶关 guide's 五、申报材料要求,
    then 广东2022's 调研报告."""

    APPLICATION_FORM = "application_form"
    BUSINESS_LICENCE = "business_licence"
    COMPLETION_REPORT = "completion_report"
    ACCEPTANCE_REPORT = "acceptance_report"
    PERFORMANCE_EVIDENCE = "performance_evidence"
    SPECIAL_AUDIT_REPORT = "special_audit_report"
    PURCHASE_SERVICE_SCHEDULE = "purchase_service_schedule"
    CREDIT_REPORT = "credit_report"
    ANNUAL_AUDIT_REPORT = "annual_audit_report"
    NETWORK_5G_DESCRIPTION = "network_5g_description"
    OTHER_EVIDENCE = "other_evidence"
    NETWORK_5G_TEST_REPORT = "network_5g_test_report"
    CONTRACT_SUBMISSION_SCREENSHOT = "contract_submission_screenshot"
    JOINT_AGREEMENT = "joint_agreement"
    AUTHENTICITY_PLEDGE = "authenticity_pledge"
    FLOOR_PLAN = "floor_plan"
    FIXED_ASSET_TABLE = "fixed_asset_table"
    LISTING_APPLICATION = "listing_application"
    """项目培育入库申报书 (韶关)."""
    SURVEY_ACTION_PLAN = "survey_action_plan"
    """专题调研行动方案 (韶关)."""
    EXPERT_TENURE_EVIDENCE = "expert_tenure_evidence"
    """“懂行人”在该试点行业从业年限证明材料 (韶关)."""
    CASE_LIST = "case_list"
    """牵头单位及生态成员在所申报的试点行业服务的案例清单 (韶关)."""
    SURVEY_REPORT = "survey_report"
    """产业集群数字化转型调研报告 (广东2022 附件4)."""


class InvestmentKind(StrEnum):
    """What an item of a project's investment (项目投入) is: 中山（四） counts 设备 and 软件 only."""

    EQUIPMENT = "equipment"
    SOFTWARE = "software"
    OTHER = "other"
    """Anything else (土建、安装、咨询、场地 …)."""

    @property
    def label(self) -> str:
        return {"equipment": "设备", "software": "软件", "other": "其他（设备和软件以外）"}[self]


class InvestmentItem(_Frozen):
    """One item of a project's investment (项目投入), tax-exclusive."""

    kind: InvestmentKind
    amount: Amount
    city_funded: Amount | None = None
    """The part of this item already supported by other 市级财政专项资金 (已获得其他市级财政专项资金扶持的部分);
    ``None``: none declared for it."""
    description: Description = ""

    @model_validator(mode="after")
    def _funded_within_amount(self) -> InvestmentItem:
        if self.city_funded is not None and self.city_funded > self.amount:
            raise ValueError(
                f"city_funded {self.city_funded.to_yuan()} exceeds the item's amount {self.amount.to_yuan()}: "
                "expected the city-funded part of the item, at most its amount"
            )
        return self


class Location(_Frozen):
    """Where a registration sits: province, city, district (行政区划)."""

    province: Text = Field(default="广东省", min_length=1)
    city: Text = Field(min_length=1)
    district: Text | None = None

    def __str__(self) -> str:
        return f"{self.province}{self.city}{self.district or ''}"


MAINLAND_PROVINCES: Final = frozenset({
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
    "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
})
"""The 31 provincial-level divisions of the mainland (GB/T 2260), by their full names: where a
registration is 「国内注册」 in the reading of the cluster-pilot texts (`Location.province`)."""

GUANGDONG_CITIES: Final = frozenset({
    "广州市", "深圳市", "珠海市", "佛山市", "惠州市", "东莞市", "中山市", "江门市", "肇庆市",
    "汕头市", "汕尾市", "潮州市", "揭阳市", "湛江市", "茂名市", "阳江市", "韶关市", "河源市", "梅州市", "清远市", "云浮市",
})
"""The 21 prefecture-level cities of 广东省: a place that names one of them and no province is in
广东省, the province a ``Location`` assumes."""


class Incident(_Frozen):
    """A recorded incident: 重大环保、质量、安全事故 or 重大违法行为."""

    kind: IncidentKind
    occurred_on: DateField
    major: bool = True
    description: Description = ""


class CreditStatus(_Frozen):
    dishonest_joint_punishment: bool = False
    """被相关部门列为失信联合惩戒对象."""
    dishonest_judgment_debtor: bool = False
    """失信被执行人."""


class Enterprise(_Frozen):
    name: Text = Field(min_length=1)
    credit_code: CreditCode
    registration: Location
    """商事登记 (registration) district."""
    tax: Location
    """税务登记 district."""
    statistics: Location
    """统计归属 district."""
    clusters: SortedSet[Text] = frozenset()
    """Cluster memberships by id, e.g. ``zhuhai-pcb-2022`` (see the policy modules)."""
    certifications: SortedSet[Certification] = frozenset()
    credit: CreditStatus = CreditStatus()
    incidents: tuple[Incident, ...] = ()


class Invoice(_Frozen):
    """One invoice (发票). ``amount_excl_tax`` is the 不含税金额 every rule counts."""

    number: Text = Field(min_length=1)
    issued_on: DateField
    amount_excl_tax: Amount
    tax: Amount | None = None
    total_incl_tax: Amount | None = None
    category: Category
    supplier: Text = Field(min_length=1)
    contract: Text | None = None
    """Number of the `Contract` this invoice bills, if any."""
    payer: CreditCode | None = None
    """Credit code of the joint partner who bore the cost; ``None`` is the applicant itself."""
    scenario: Text | None = None
    """The 应用场景 this cost builds, where a rule pays on scenario construction (方向三)."""
    description: Description = ""

    @field_validator("total_incl_tax")
    @classmethod
    def _tax_consistent(cls, total: Money | None, info: ValidationInfo) -> Money | None:
        # A field validator, not a model validator: it runs only when a total is given (rarely),
        # and the fields it compares are declared, hence validated, before it.
        data = info.data
        if total is None or "amount_excl_tax" not in data or "tax" not in data:
            return total  # an invalid amount or tax is reported on its own field
        check_tax(data.get("number", "?"), data["amount_excl_tax"], data["tax"], total)
        return total


def check_tax(number: str, amount: Money, tax: Money | None, total: Money) -> None:
    """Raise ``ValueError`` unless an invoice's 价税合计 agrees with its 不含税金额 and 税额 (the rule
    `Invoice` checks; the bulk path applies it to columns)."""
    if tax is not None:
        if amount + tax != total:
            raise ValueError(
                f"invoice {number}: amount_excl_tax {amount.to_yuan()} + tax "
                f"{tax.to_yuan()} != total_incl_tax {total.to_yuan()}: "
                "expected 不含税金额 + 税额 = 价税合计"
            )
    elif total < amount:
        raise ValueError(
            f"invoice {number}: total_incl_tax {total.to_yuan()} is below "
            f"amount_excl_tax {amount.to_yuan()}: expected 价税合计 >= 不含税金额"
        )


class Contract(_Frozen):
    """A purchase contract (合同)."""

    number: Text = Field(min_length=1)
    supplier: Text = Field(min_length=1)
    amount_excl_tax: Amount
    signed_on: DateField
    submitted_at: InstantField | None = None
    """When the contract was submitted on the 惠企利民 platform (以系统单位提交时间为准)."""
    filed_on_platform: bool | None = None
    """在广东省工业互联网应用服务平台备案 (where a document requires it)."""


class JointPartner(_Frozen):
    """A 联合申报 partner."""

    name: Text = Field(min_length=1)
    credit_code: CreditCode
    registration: Location
    agreement_share: Share | None = None
    """The partner's share in the 《联合申报项目合作协议》, where the agreement states one."""
    role: Text = ""


class PriorFunding(_Frozen):
    """Public funding already received (已获得的财政支持)."""

    level: FundingLevel
    programme: Text = Field(min_length=1)
    amount: Amount
    project_id: Text = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)


class Facts(_Frozen):
    """The ratios, counts and yes/no facts a text tests. ``None`` means not declared."""

    quantifiable_benefits: Count | None = None
    """可量化可考核的经济和社会效益 (项数)."""
    scenarios_5g: Count | None = None
    """5G（“5G+工业互联网”）应用场景数."""
    digital_device_share: Share | None = None
    """数字化设备数量占生产设备总数量的比例."""
    cnc_networking_rate: Share | None = None
    """数控设备联网率."""
    device_5g_share: Share | None = None
    """5G技术联网的工业设备占联网工业设备总数比例."""
    coverage_5g: Share | None = None
    """试点区域5G网络覆盖率 (第三方网络覆盖测试)."""
    supply_chain_efficiency_gain: Gain | None = None
    """供应链协同效率提升."""
    operating_cost_reduction: Gain | None = None
    """运营成本下降."""
    resource_efficiency_gain: Gain | None = None
    """用水等生产资源利用率提升."""
    in_fixed_asset_statistics: bool | None = None
    """项目投资已纳入工业固定资产投资统计."""
    has_showcase: bool | None = None
    """项目成果可视化（展示平台或实景演示等）."""
    has_own_ip: bool | None = None
    """拥有自主知识产权."""
    in_prepared_food_park: bool | None = None
    """项目实施地在珠海市斗门区预制菜产业园."""
    has_5g_private_network: bool | None = None
    """建有5G专网或开通5G网络切片服务."""
    independent_legal_person: bool | None = None
    """申报单位（牵头单位）具有独立法人资格."""
    industry_leader: bool | None = None
    """牵头单位为有产业号召力、能辐射带动产业链上下游的行业龙头制造企业."""
    expert_since: DateField | None = None
    """牵头单位实际管理人（“懂行人”）在本行业领域从业的起始日期."""
    surveyed_enterprises: Count | None = None
    """完成深调研及企业数字化水平评价诊断的企业数."""
    transformed_enterprises: Count | None = None
    """推动数字化转型的产业集群企业数."""
    key_products: Count | None = None
    """平台上线并在集群落地应用的关键产品及服务数."""
    benchmark_cases: Count | None = None
    """可供参观的标杆案例数."""
    pilot_certified: bool | None = None
    """通过试点认定（培育期满后的认定或验收）."""
    benchmark_platform: bool | None = None
    """服务由经市政府认定的标杆平台提供."""
    plan_issued: bool | None = None
    """项目计划已下达."""
    filed_digital_project: bool | None = None
    """属于数字化智能化备案项目 (中山（四）: only such projects are paid in two tranches)."""
    progress_check_passed: bool | None = None
    """通过实施过程中的进度检查 (``False``: 未通过)."""
    accepted: bool | None = None
    """项目通过整体验收."""
    starting_regions: Count | None = None
    """试点起步区域数量."""
    national_cross_industry_platform: bool | None = None
    """牵头单位为国家跨行业跨领域工业互联网平台商."""
    experience_centres: Count | None = None
    """产业集群数字化转型体验展示中心数."""
    benchmark_case_types: Count | None = None
    """不同类型的标杆案例数."""
    platform_enterprises: Count | None = None
    """上平台的企业数."""
    third_party_service_provider: bool | None = None
    """牵头单位为第三方工业互联网服务商."""
    starting_region_town_park_or_county: bool | None = None
    """试点起步区域为专业镇、工业园区或县区."""
    first_batch_pilot: bool | None = None
    """属于2019年启动的第一批集群试点."""
    first_stage_evaluation_passed: bool | None = None
    """第一批集群试点第一阶段评估达标 (``False``: 不达标)."""
    pilot_cluster_enterprise: bool | None = None
    """属于特色产业集群数字化转型试点的集群企业."""
    equipment_instalment_financing: bool | None = None
    """开展联网设备分期融资（设备商承担担保或回购责任）."""
    voucher_order_financing: bool | None = None
    """开展“上云上平台”服务券订单融资."""
    online_offline_training: bool | None = None
    """应用“线上+线下”实训."""
    priority_supported: bool | None = None
    """属于文本「优先支持」的对象 (斗门 方向二: 白蕉海鲈产业发展), which ranks it first among equal review scores."""
    indicators: dict[Text, Indicator] = Field(default_factory=dict, max_length=100)
    """Values of a guide's own numbered 验收指标, by indicator id (e.g. ``2-2.1``); percentages as
    numbers of percent (``15`` for 15%)."""
    certified_on: DateField | None = None
    """试点认定的日期 (赛马: the first certified in an industry is funded)."""
    final_evaluation_passed: bool | None = None
    """试点期满后评估合格及以上 (``False``: 不合格)."""
    public_service_enterprise: bool | None = None
    """牵头单位为行业公共服务企业."""
    provincial_case: bool | None = None
    """在所申报的试点行业有成功落地且服务成效好的省内案例."""
    overdue_acceptance: bool | None = None
    """存在未按期完成财政专项资金扶持项目验收的情况."""
    surveyed_cultivation: Count | None = None
    """培育期间完成深调研及诊断的集群企业数."""
    surveyed_pilot: Count | None = None
    """试点期间完成深调研及诊断的集群企业数."""
    key_products_2y: Count | None = None
    """2年内平台上线并在集群落地应用的关键产品及服务数."""
    key_products_cultivation: Count | None = None
    """其中培育期间上线的关键产品及服务数."""
    benchmark_cases_2y: Count | None = None
    """2年内打造的不同规模、不同类型、可供参观的标杆案例数."""
    benchmark_cases_cultivation: Count | None = None
    """其中培育期间打造的标杆案例数."""
    transformed_2y: Count | None = None
    """推动数字化转型的集群内企业数（2年内）."""
    transformed_cultivation: Count | None = None
    """其中培育期间推动数字化转型的企业数."""
    cloud_data_element_types: Count | None = None
    """实现“上云上平台”的数据要素类别数（设备数据、系统数据、供应链数据等，每类计1） (中山（三）)."""
    cluster_chain_enterprise: bool | None = None
    """申报企业为特色产业集群（中山五金、家电、灯具、板式家具等）的产业链企业 (中山（五）)."""
    with_smart_manufacturing_supplier: bool | None = None
    """项目与智能制造供应商开展（产业链协同创新） (中山（五）)."""
    with_government_guarantor: bool | None = None
    """项目与政府性融资担保机构开展（融资担保） (中山（五）)."""
    lead_demo_cases: Count | None = None
    """牵头单位在所申报行业的数字化转型示范案例数（行业指南「四、牵头单位条件」所数的案例；广东2022 2-21 为针对柔性生产负荷聚合调控的实际运营案例）."""
    lead_mature_businesses: Count | None = None
    """牵头单位在所申报行业成熟的业务项数（广东2022 2-2 产业配套服务业务及相关案例、2-16 厨卫行业数字化转型业务）."""
    ecosystem_technology_proofs: Count | None = None
    """产业生态具有的协助本行业开展数字化转型的技术证明项数."""
    lead_collaboration_experience: bool | None = None
    """牵头单位具有工厂、搅拌站、建筑单位协同的数字化成功实施经验."""
    special_pilots: SortedSet[Literal["2-22", "2-23"]] | None = None
    """同步申请开展的专项试点（广东2022 附件2 三、专项试点的指南编号：2-22 人才培训、2-23 5G 行业规模化应用）；空集：不申报（汇总表填“无”）."""
    talent_training_since: DateField | None = None
    """牵头单位或产业生态组织成员开展产业数字化复合型人才培训工作相关业务的起始日期."""
    ecosystem_telecom_operator: bool | None = None
    """产业生态成员中包含电信运营商."""
    projects_5g_experience: Count | None = None
    """牵头单位或产业生态成员在试点行业的“5G+工业互联网”相关项目经验数."""
    core_software_first_version: bool | None = None
    """项目采购的核心工业软件均为集群企业集中采购、经第三方权威机构测试验证的首版次软件."""
    funds_for_excluded_costs: bool | None = None
    """财政资金用于产业生态成员单位人员工资、津贴补贴、奖金和福利支出，或差旅、会务等日常事务性支出."""


class Submission(_Frozen):
    """When the application was submitted online, last revised, and delivered on paper."""

    online_at: InstantField | None = None
    revised_at: InstantField | None = None
    paper_at: InstantField | None = None


class Project(_Frozen):
    id: Text = Field(min_length=1)
    name: Text = Field(min_length=1)
    planned_investment: Amount | None = None
    """项目总投资额 as planned at application or listing (不含税)."""
    actual_investment: Amount | None = None
    """项目实际总投资额 as audited at acceptance or certification (不含税)."""
    industry: Text | None = None
    """The 试点行业 (e.g. a 指南编号 such as ``2-2``) where a document has a list of them."""
    start_region: Location | None = None
    """试点起步区域: where a cluster pilot starts (decides regional rate classes)."""
    equipment_software_investment: Amount | None = None
    """项目设备和软件投入总额 (不含税)."""
    city_funded_investment: Amount | None = None
    """项目投入中已获得其他市级财政专项资金扶持的部分."""
    equipment_contract_amount: Amount | None = None
    """购买设备合同金额 (不含税)."""
    equipment_invoice_amount: Amount | None = None
    """购买设备发票金额 (不含税)."""
    service_contract_amount: Amount | None = None
    """服务项目实际合同金额 (不含税), e.g. a “上云上平台” service."""
    investment_items: tuple[InvestmentItem, ...] = Field(default=(), max_length=10_000)
    """项目投入 item by item (设备, 软件, 其他), each with its part already supported by other 市级
    财政专项资金: where given, 中山（四）'s base is read from them. A declared
    ``equipment_software_investment`` or ``city_funded_investment`` must then agree with them."""
    planning_provider: Text | None = None
    """The unit that provided the project's 规划 (planning), where no invoice shows it (斗门 「申报企业由所在
    集群牵头单位或生态伙伴提供产品或服务或规划」): its name as on the provider list; ``None``: none declared."""

    @model_validator(mode="after")
    def _items_agree_with_totals(self) -> Project:
        items = [i for i in self.investment_items if i.kind is not InvestmentKind.OTHER]
        if not self.investment_items:
            return self
        total = sum((i.amount for i in items), start=Money(0))
        funded = sum((i.city_funded or Money(0) for i in items), start=Money(0))
        for name, declared, found in (
            ("equipment_software_investment", self.equipment_software_investment, total),
            ("city_funded_investment", self.city_funded_investment, funded),
        ):
            if declared is not None and declared != found:
                raise ValueError(
                    f"{name} {declared.to_yuan()} differs from the equipment and software items' "
                    f"{found.to_yuan()}: expected the total of investment_items (or leave it out)"
                )
        return self


class EcosystemMember(_Frozen):
    """A member of a pilot's 产业生态 (not a joint applicant)."""

    name: Text = Field(min_length=1)
    credit_code: CreditCode
    registration: Location
    independent_legal_person: bool = True
    """具有独立法人资格 (or a telecom operator's branch at city level or above)."""
    credit: CreditStatus = CreditStatus()
    incidents: tuple[Incident, ...] = ()


class Application(_Frozen):
    """One enterprise's application to one direction (方向) of one programme."""

    id: Text = Field(min_length=1)
    programme: Text = Field(default="doumen-2023", min_length=1)
    direction: Text = Field(min_length=1)
    enterprise: Enterprise
    project: Project
    invoices: tuple[Invoice, ...] = ()
    contracts: tuple[Contract, ...] = ()
    partners: tuple[JointPartner, ...] = ()
    ecosystem: tuple[EcosystemMember, ...] = ()
    """产业生态成员 of a cluster pilot (members, not joint applicants)."""
    prior_funding: tuple[PriorFunding, ...] = ()
    facts: Facts = Facts()
    documents: SortedSet[DocumentKind] | None = None
    """The 申报材料 supplied; ``None`` means the checklist was not checked (reported, not failed)."""
    submission: Submission = Submission()
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    """申报年度, where a rule counts per year (defaults to the online submission's year)."""
    decided_amount: Amount | None = None
    """核定奖励金额: where an item's texts set only a maximum (「最高」「不超过」), the amount actually
    decided. A lump sum pays it (else its ceiling is reported); a rate item pays the lower of it and
    the ceiling the text allows."""
    review_score: Annotated[Decimal, Field(ge=0, le=10**6, max_digits=30, allow_inf_nan=False)] | None = None
    """评审得分 from the expert review, used to rank applicants for a quota (higher is better)."""
    recommendation_rank: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    """推荐排序: the recommending region's own order among the applications it recommends to one
    direction (1 = first), where a limit counts recommendations (「每个区域……可推荐不超过2个」)."""
    preference: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    """The enterprise's own order among its applications (1 = most wanted), for what-if resolution
    of mutually exclusive applications."""
    withdrawn: bool = False
    """撤回: the enterprise withdrew the application. It is still assessed, but takes no place in
    an allocation, triggers no exclusion and counts toward no limit (``WITHDRAWN``)."""

    @field_validator("programme")
    @classmethod
    def _known_programme(cls, value: str) -> str:
        return known_programme(value)

    @field_validator("direction")
    @classmethod
    def _known_direction(cls, value: str, info: ValidationInfo) -> str:
        programme = info.data.get("programme")
        if programme is None:
            return value  # the programme's own error is reported
        return known_direction(programme, value)

    @field_validator("facts")
    @classmethod
    def _facts_of_the_programme(cls, value: Facts, info: ValidationInfo) -> Facts:
        """Only the facts the programme's rules read: a fact of another document (or a typo of
        one) would otherwise be accepted and ignored."""
        programme = info.data.get("programme")
        given = value.model_fields_set
        if programme is None or not given:
            return value
        if given <= catalog.fact_names(programme):  # the common case: every field given is a fact of the programme
            return value
        declared = {name for name in given if _declared(getattr(value, name))}
        if declared:
            check_facts(programme, declared)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Application:
        if len(self.invoices) > 1:  # (one item has no duplicate)
            no_duplicates("invoices", "number", [normalise_name(i.number) for i in self.invoices])
        if len(self.contracts) > 1:
            no_duplicates("contracts", "number", [normalise_name(c.number) for c in self.contracts])
        if len(self.partners) > 1:
            no_duplicates("partners", "credit_code", [p.credit_code for p in self.partners])
        if len(self.ecosystem) > 1:
            no_duplicates("ecosystem", "credit_code", [m.credit_code for m in self.ecosystem])
        contracts = {c.number for c in self.contracts}
        partners = {p.credit_code for p in self.partners}
        for index, invoice in enumerate(self.invoices):
            if invoice.contract is not None and invoice.contract not in contracts:
                raise ValueError(unknown_contract(index, invoice.contract, contracts))
            if invoice.payer is not None and invoice.payer not in partners:
                if invoice.payer == self.enterprise.credit_code:
                    continue
                raise ValueError(unknown_payer(index, invoice.payer))
        for index, partner in enumerate(self.partners):
            if partner.credit_code == self.enterprise.credit_code:
                raise ValueError(
                    f"partners[{index}].credit_code {partner.credit_code!r} is the applicant's own: "
                    "expected a different enterprise"
                )
        shares = [p.agreement_share for p in self.partners if p.agreement_share is not None]
        if shares:
            total = sum((s.value for s in shares), start=Ratio(0).value)
            if total > 1:
                raise ValueError(
                    f"partners' agreement_share adds up to {Ratio(total).percent()}: expected at "
                    "most 100% (the lead's share is what remains)"
                )
        return self

    @property
    def is_joint(self) -> bool:
        """联合申报: the application names at least one partner."""
        return bool(self.partners)


def known_programme(value: str) -> str:
    """``value`` if it names a programme of the catalogue, else ``ValueError`` listing them."""
    if value not in catalog.BUILT_IN and value not in catalog.programmes():
        raise ValueError(
            f"unknown programme {quote(value)}: expected one of {', '.join(catalog.programmes())}"
        )
    return value


def known_direction(programme: str, value: str) -> str:
    """``value`` if it names a direction of ``programme``, else ``ValueError`` listing them."""
    known = catalog.direction_keys(programme)
    if value not in known:
        raise ValueError(
            f"unknown direction {quote(value)} of {programme}: expected one of {', '.join(known)}"
        )
    return value


def check_facts(programme: str, declared: set[str] | frozenset[str]) -> None:
    """Raise ``ValueError`` naming the declared facts ``programme``'s rules do not read."""
    known = catalog.fact_names(programme)
    unknown = sorted(declared - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise ValueError(
            f"{', '.join(unknown)}: not {'a fact' if len(unknown) == 1 else 'facts'} of {programme}: "
            f"expected one of {listed}"
        )


def unknown_contract(index: int, contract: str, contracts: set[str] | frozenset[str]) -> str:
    """The message for ``invoices[index].contract`` naming no contract of its application."""
    return (
        f"invoices[{index}].contract {contract!r} names no contract of this "
        f"application: expected one of {sorted(contracts) or 'the contracts list'}"
    )


def unknown_payer(index: int, payer: str) -> str:
    """The message for ``invoices[index].payer`` naming neither the applicant nor a partner."""
    return (
        f"invoices[{index}].payer {payer!r} is neither the applicant nor a "
        "joint partner: expected a partner's credit_code"
    )


def _declared(value: object) -> bool:
    """``value not in (None, {})`` without calling a value's ``__eq__`` (no fact's value other
    than a dict equals ``{}``)."""
    return value is not None and not (isinstance(value, dict) and not value)


def fact_type(name: str) -> type | None:
    """The type of value a fact holds (``int`` for a count, ``Ratio``, ``bool``, ``date``, ``dict``
    for the indicators), ``None`` for a name that is no fact."""
    field = Facts.model_fields.get(name)
    if field is None:
        return None
    annotation = field.annotation
    options = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    for option in options:
        if option is type(None):
            continue
        if get_origin(option) is Annotated:
            option = get_args(option)[0]
        found: type = get_origin(option) or option
        return found
    return None  # pragma: no cover - every fact has a value type


def normalise_name(name: str) -> str:
    """Compare names and numbers the way a person does: full-width and half-width folded (NFKC),
    spaces removed — ``１２３`` and ``12 3`` are the same invoice as ``123``.

    The one normalisation of every identity (invoice and contract numbers, suppliers, places,
    clusters), in both engines; control and invisible characters never reach it (`PRINTABLE`).
    """
    if name.isascii() and name.isprintable() and " " not in name:
        return name  # NFKC changes no ASCII character, and printable ASCII has no other space
    if len(name) > MAX_NAME:  # never a model's value: not worth a place in the cache
        return _fold_name(name)
    return _normalised(name)


_PLACE_SUFFIXES: Final = ("自治县", "区", "县", "市")


def _bare(name: str) -> str:
    """A place name without its administrative suffix (斗门区 → 斗门), where two characters remain."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def place_key(city: str, district: str | None) -> str:
    """One key for a registration place, the way a person reads it: names normalised
    (`normalise_name`), the administrative suffix dropped (斗门 is 斗门区, 珠海 is 珠海市), and a
    district written with its city (珠海市斗门区) read as the district. Both engines compare places by it.

    ```pycon
    >>> place_key("珠海市", "斗门区") == place_key("珠海", "斗门") == place_key("珠海市", "珠海市斗门区")
    True

    ```
    """
    if len(city) <= MAX_NAME and (district is None or len(district) <= MAX_NAME):
        return _place_key(city, district)
    return _place_key_of(city, district)


def _place_key_of(city: str, district: str | None) -> str:
    town, area = normalise_name(city), normalise_name(district or "")
    for prefix in (town, _bare(town)):
        if prefix and area.startswith(prefix) and len(area) > len(prefix):
            area = area[len(prefix):]
            break
    return f"{_bare(town)} {_bare(area)}"


def claim_key(kind: Literal["invoice", "contract"], supplier: str, number: str) -> str:
    """One invoice or contract across applications and awards: its supplier and number, each
    normalised (`normalise_name`), e.g. ``invoice:珠海派诺科技股份有限公司|4400000000``."""
    return f"{kind}:{normalise_name(supplier)}|{normalise_name(number)}"


def _fold_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


_place_key: Final = lru_cache(maxsize=4096)(_place_key_of)
"""Places repeat (every application names three, mostly the same): each key made once; at most
4,096 pairs of at most `MAX_NAME` characters are kept."""

_normalised: Final = lru_cache(maxsize=8192)(_fold_name)
"""Names repeat (suppliers, districts): each normalised once; at most 8,192 of at most
`MAX_NAME` characters are kept."""


def no_duplicates(field: str, key: str, values: list[Any]) -> None:
    """Raise ``ValueError`` naming the repeated ``values`` of ``field`` (at most five shown)."""
    if len(set(values)) == len(values):
        return
    repeated = sorted(str(v) for v, n in Counter(values).items() if n > 1)
    shown = ", ".join(quote(v, 40).strip("'") for v in repeated[:5]) + (f" and {len(repeated) - 5} more" if len(repeated) > 5 else "")
    raise ValueError(f"{field}: duplicate {key} {shown}: expected each {key} once")


def application_json_schema(programme: str | None = None) -> dict[str, Any]:
    """JSON Schema of an `Application`; for one ``programme``, exactly its directions and
    the facts its rules read (each with its label)."""
    schema = TypeAdapter(Application).json_schema()
    if programme is None:
        return schema
    known = catalog.fact_names(programme)
    facts = schema["$defs"]["Facts"]
    facts["properties"] = {name: spec for name, spec in facts["properties"].items() if name in known}
    facts["description"] = f"The facts the rules of {programme} read. ``None`` means not declared."
    schema["properties"]["programme"] = {"const": programme, "default": programme, "title": "Programme", "type": "string"}
    schema["properties"]["direction"] = {
        "enum": list(catalog.direction_keys(programme)), "title": "Direction", "type": "string"
    }
    schema["title"] = f"Application ({programme})"
    return schema
