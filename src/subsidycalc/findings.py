"""Findings: what an assessment checked, with a stable code, the clause and the numbers compared.

A finding's ``severity`` says what it does to the result:

* ``fail`` — a condition of the text is not met; the application is not eligible;
* ``warn`` — something could not be verified from the input (a fact not declared where the text
  leaves it to review, a checklist not supplied); reported, never silently passed or failed;
* ``pass`` — a condition checked and met;
* ``info`` — how a number was arrived at (a cap applied, an invoice excluded);
* ``pending`` — a check the text makes at a later stage of the application (入库、认定、评估),
  not made at the stage assessed ([`subsidycalc.parts.life`][subsidycalc.parts.life]); never a failure.

Codes are stable API: integrators may store and match them. `CODES` lists every code with
its Chinese and English meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Final

from pydantic import Field

from ._values import fast_init
from .citations import Citation
from .messages import TEMPLATES, Language, render

__all__ = ["CODES", "Code", "Finding", "Severity"]


class Severity(StrEnum):
    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"
    INFO = "info"
    PENDING = "pending"


class Code(StrEnum):
    # invoices
    INVOICE_COUNTED = "INVOICE_COUNTED"
    INVOICE_OUTSIDE_WINDOW = "INVOICE_OUTSIDE_WINDOW"
    CATEGORY_EXCLUDED = "CATEGORY_EXCLUDED"
    CATEGORY_NOT_IN_BASE = "CATEGORY_NOT_IN_BASE"
    SCENARIO_UNTAGGED = "SCENARIO_UNTAGGED"
    SUPPLIER_NOT_LISTED = "SUPPLIER_NOT_LISTED"
    # amounts and thresholds
    BELOW_MIN_INVESTMENT = "BELOW_MIN_INVESTMENT"
    MIN_INVESTMENT_MET = "MIN_INVESTMENT_MET"
    FACT_MISSING = "FACT_MISSING"
    PENDING = "PENDING"
    AWARD_PROVISIONAL = "AWARD_PROVISIONAL"
    PAYMENT_YEAR = "PAYMENT_YEAR"
    MEMBER_PROVINCE_NOT_DECLARED = "MEMBER_PROVINCE_NOT_DECLARED"
    REGISTERED_IN_CITY = "REGISTERED_IN_CITY"
    REGISTERED_ELSEWHERE = "REGISTERED_ELSEWHERE"
    INDICATOR_MET = "INDICATOR_MET"
    INDICATOR_NOT_MET = "INDICATOR_NOT_MET"
    INDICATOR_NOT_DECLARED = "INDICATOR_NOT_DECLARED"
    CAP_APPLIED = "CAP_APPLIED"
    RATE_APPLIED = "RATE_APPLIED"
    BUDGET_RESERVE = "BUDGET_RESERVE"
    REGION_CLASS = "REGION_CLASS"
    REGION_NOT_CLASSIFIED = "REGION_NOT_CLASSIFIED"
    STAGE_FORFEITED = "STAGE_FORFEITED"
    PAID_IN_ONE = "PAID_IN_ONE"
    FILING_NOT_DECLARED = "FILING_NOT_DECLARED"
    CONTRACT_NOT_FILED = "CONTRACT_NOT_FILED"
    LUMP_SUM = "LUMP_SUM"
    RATE_UPGRADED = "RATE_UPGRADED"
    ALREADY_AWARDED = "ALREADY_AWARDED"
    TOP_UP = "TOP_UP"
    LEDGER_CAP = "LEDGER_CAP"
    LEDGER_REQUIRED = "LEDGER_REQUIRED"
    CLAWED_BACK = "CLAWED_BACK"
    CAP_UPGRADED = "CAP_UPGRADED"
    NO_AWARD = "NO_AWARD"
    DECIDED_AMOUNT = "DECIDED_AMOUNT"
    YEARS_EXHAUSTED = "YEARS_EXHAUSTED"
    STACKING_CAP = "STACKING_CAP"
    SERVED_PROJECT_UNCHECKED = "SERVED_PROJECT_UNCHECKED"
    INVESTMENT_NOT_COUNTED = "INVESTMENT_NOT_COUNTED"
    CITY_FUNDED_DEDUCTED = "CITY_FUNDED_DEDUCTED"
    CITY_FUNDED_NOT_DECLARED = "CITY_FUNDED_NOT_DECLARED"
    PROJECT_CAP = "PROJECT_CAP"
    # who may apply
    DISTRICT_MISMATCH = "DISTRICT_MISMATCH"
    INDUSTRY_IN_SCOPE = "INDUSTRY_IN_SCOPE"
    INDUSTRY_OUT_OF_SCOPE = "INDUSTRY_OUT_OF_SCOPE"
    INDUSTRY_NOT_DECLARED = "INDUSTRY_NOT_DECLARED"
    YEAR_IN_SCOPE = "YEAR_IN_SCOPE"
    YEAR_OUT_OF_SCOPE = "YEAR_OUT_OF_SCOPE"
    YEAR_NOT_DECLARED = "YEAR_NOT_DECLARED"
    DISTRICT_OK = "DISTRICT_OK"
    MAJOR_INCIDENT = "MAJOR_INCIDENT"
    DISHONEST_LISTED = "DISHONEST_LISTED"
    INTEGRITY_OK = "INTEGRITY_OK"
    NOT_CLUSTER_MEMBER = "NOT_CLUSTER_MEMBER"
    CLUSTER_MEMBER = "CLUSTER_MEMBER"
    CERTIFICATION_MISSING = "CERTIFICATION_MISSING"
    CERTIFICATION_OK = "CERTIFICATION_OK"
    NO_LISTED_PROVIDER = "NO_LISTED_PROVIDER"
    LISTED_PROVIDER_OK = "LISTED_PROVIDER_OK"
    PRIOR_FUNDING = "PRIOR_FUNDING"
    NO_PRIOR_FUNDING = "NO_PRIOR_FUNDING"
    # joint applications
    JOINT_REQUIRED = "JOINT_REQUIRED"
    TOO_MANY_PARTNERS = "TOO_MANY_PARTNERS"
    PARTNER_OUTSIDE_CITY = "PARTNER_OUTSIDE_CITY"
    JOINT_OK = "JOINT_OK"
    JOINT_FORBIDDEN = "JOINT_FORBIDDEN"
    NOT_LEGAL_PERSON = "NOT_LEGAL_PERSON"
    MEMBER_NOT_DOMESTIC = "MEMBER_NOT_DOMESTIC"
    DISHONEST_DEBTOR = "DISHONEST_DEBTOR"
    LEAD_SHARE_TOO_LOW = "LEAD_SHARE_TOO_LOW"
    LEAD_SHARE_OK = "LEAD_SHARE_OK"
    # contracts
    INVOICES_BELOW_CONTRACT_SHARE = "INVOICES_BELOW_CONTRACT_SHARE"
    INVOICES_CONTRACT_SHARE_OK = "INVOICES_CONTRACT_SHARE_OK"
    NO_CONTRACT = "NO_CONTRACT"
    # deadlines and documents
    SUBMITTED_LATE = "SUBMITTED_LATE"
    SUBMITTED_ON_TIME = "SUBMITTED_ON_TIME"
    SUBMISSION_TIME_MISSING = "SUBMISSION_TIME_MISSING"
    MISSING_DOCUMENT = "MISSING_DOCUMENT"
    DOCUMENTS_COMPLETE = "DOCUMENTS_COMPLETE"
    DOCUMENTS_NOT_CHECKED = "DOCUMENTS_NOT_CHECKED"
    # review and scope
    REVIEW_REQUIRED = "REVIEW_REQUIRED"
    DIRECTION_DIFFERS = "DIRECTION_DIFFERS"


CODES: Final[dict[Code, tuple[str, str]]] = {
    Code.INVOICE_COUNTED: ("发票计入", "invoice counted"),
    Code.INVOICE_OUTSIDE_WINDOW: ("发票时间不在项目投入期限内", "invoice date outside the window"),
    Code.CATEGORY_EXCLUDED: ("费用类别不属于可计入的项目投入", "cost category not allowed"),
    Code.CATEGORY_NOT_IN_BASE: (
        "计入投资额但不属于奖补基数",
        "counts toward the minimum but not toward the award base",
    ),
    Code.SCENARIO_UNTAGGED: (
        "无计入发票注明应用场景：计入投资未进入奖补基数",
        "no counted invoice names an application scenario: counted investment left out of the base",
    ),
    Code.SUPPLIER_NOT_LISTED: (
        "供应商不在集群牵头单位或生态成员名单内",
        "supplier not on the cluster's provider list",
    ),
    Code.BELOW_MIN_INVESTMENT: ("投资额低于最低要求", "investment below the minimum"),
    Code.MIN_INVESTMENT_MET: ("投资额达到最低要求", "minimum investment met"),
    Code.FACT_MISSING: ("未申报计算所需的金额或信息", "an amount or datum the award needs was not declared"),
    Code.INDICATOR_MET: ("验收指标达到（后续评估）", "acceptance indicator met (later evaluation)"),
    Code.INDICATOR_NOT_MET: ("验收指标未达到（后续评估）", "acceptance indicator not met (later evaluation)"),
    Code.INDICATOR_NOT_DECLARED: ("验收指标尚未申报", "acceptance indicator not yet declared"),
    Code.CAP_APPLIED: ("按最高额度封顶", "award capped"),
    Code.RATE_APPLIED: ("按比例计算奖补", "rate applied"),
    Code.PENDING: ("待后续阶段核对（入库、认定、评估等）", "checked at a later stage (listing, certification, evaluation)"),
    Code.AWARD_PROVISIONAL: ("尚有待后续阶段核对的条件：奖补金额为预计数", "checks pending at later stages: the award is an estimate"),
    Code.MEMBER_PROVINCE_NOT_DECLARED: ("未申报生态成员注册省份，未核对国内注册", "a member's province not declared: 国内注册 not checked"),
    Code.REGISTERED_IN_CITY: ("申报单位注册于本市", "the applicant is registered in the city"),
    Code.REGISTERED_ELSEWHERE: ("申报单位注册地不在本市", "the applicant is registered outside the city"),
    Code.PAYMENT_YEAR: ("文本规定的兑现年度", "the year the text fixes for payment"),
    Code.BUDGET_RESERVE: ("纳入资金预算的金额", "amount reserved in the budget"),
    Code.REGION_CLASS: ("按试点起步区域适用扶持比例", "rate chosen by region"),
    Code.REGION_NOT_CLASSIFIED: ("试点起步区域不在地区分类表内", "region not classified"),
    Code.STAGE_FORFEITED: ("阶段奖补不予拨付", "stage forfeited"),
    Code.PAID_IN_ONE: ("非备案项目：验收后一次性拨付", "not a filed project: paid in one after acceptance"),
    Code.FILING_NOT_DECLARED: ("未申报是否为备案项目：按验收后一次性拨付", "filing not declared: paid in one after acceptance"),
    Code.CONTRACT_NOT_FILED: ("合同未在平台备案，不纳入试点考核", "contract not filed on the platform"),
    Code.LUMP_SUM: ("一次性奖励：核定金额或最高额度", "lump sum: decided amount or ceiling"),
    Code.RATE_UPGRADED: ("适用较高扶持比例", "higher rate applies"),
    Code.ALREADY_AWARDED: ("已获同类奖励，不再重复奖励", "already awarded under this item"),
    Code.TOP_UP: ("按累计奖补的差额奖励", "top-up: difference over earlier awards"),
    Code.LEDGER_CAP: ("按企业累计上限核减", "cut to the enterprise's remaining cap"),
    Code.INDUSTRY_IN_SCOPE: ("项目所属行业在试点行业范围内", "the project's industry is in scope"),
    Code.INDUSTRY_OUT_OF_SCOPE: ("项目所属行业不在试点行业范围内", "the project's industry is out of scope"),
    Code.INDUSTRY_NOT_DECLARED: ("未申报项目所属行业", "the project's industry not declared"),
    Code.YEAR_IN_SCOPE: ("申报年度在试点期内", "the application year is in the pilot period"),
    Code.YEAR_OUT_OF_SCOPE: ("申报年度不在试点期内", "the application year is outside the pilot period"),
    Code.YEAR_NOT_DECLARED: ("未申报申报年度（或线上提交时间）", "no application year (or online submission)"),
    Code.LEDGER_REQUIRED: ("须核对历史奖补：未提供台账，结果非最终", "needs the ledger of earlier awards: not final without it"),
    Code.CLAWED_BACK: ("已拨付资金全额追回", "tranche clawed back"),
    Code.CAP_UPGRADED: ("适用较高最高额度", "higher cap applies"),
    Code.NO_AWARD: ("本文件不设奖补金额", "the document sets no amount"),
    Code.DECIDED_AMOUNT: ("按低于上限的核定金额", "a decided amount below the ceiling"),
    Code.YEARS_EXHAUSTED: ("奖励期限已满", "award years exhausted"),
    Code.STACKING_CAP: ("各级财政资助合计不超过项目投资总额", "all funding within the project's investment"),
    Code.INVESTMENT_NOT_COUNTED: ("项目投入不属于计入扶持基数的类别", "investment item not in the base"),
    Code.CITY_FUNDED_DEDUCTED: ("已获其他市级财政专项资金扶持的部分从基数中扣除", "city-funded part deducted from the base"),
    Code.CITY_FUNDED_NOT_DECLARED: (
        "未申报已获其他市级财政专项资金扶持的部分：按无扣除计算",
        "city-funded part not declared: nothing deducted",
    ),
    Code.SERVED_PROJECT_UNCHECKED: (
        "未提供台账：未核对项目是否为平台服务的企业项目（各级财政资助合计上限）",
        "no ledger: whether a platform was awarded for the project (the limit on all funding) is unchecked",
    ),
    Code.PROJECT_CAP: ("按项目累计上限核减", "cut to the project's remaining cumulative cap"),
    Code.DISTRICT_MISMATCH: ("登记或统计关系不在本区", "registration outside the district"),
    Code.DISTRICT_OK: ("登记及统计关系在本区", "registered in the district"),
    Code.MAJOR_INCIDENT: ("有重大事故或重大违法行为记录", "major incident on record"),
    Code.DISHONEST_LISTED: ("被列为失信联合惩戒对象", "on a dishonesty list"),
    Code.INTEGRITY_OK: ("无重大事故及失信记录", "no incidents, not on a dishonesty list"),
    Code.NOT_CLUSTER_MEMBER: ("非指定产业集群内企业", "not a member of the required cluster"),
    Code.CLUSTER_MEMBER: ("指定产业集群内企业", "member of the required cluster"),
    Code.CERTIFICATION_MISSING: ("缺少所需认定", "required certification missing"),
    Code.CERTIFICATION_OK: ("已获所需认定", "certification held"),
    Code.NO_LISTED_PROVIDER: (
        "未由集群牵头单位或生态伙伴提供产品或服务",
        "no product or service from a listed provider",
    ),
    Code.LISTED_PROVIDER_OK: (
        "由集群牵头单位或生态伙伴提供产品或服务",
        "product or service from a listed provider",
    ),
    Code.PRIOR_FUNDING: ("已获得过财政支持，不得重复申报", "already publicly funded"),
    Code.NO_PRIOR_FUNDING: ("未获得过同级财政支持", "no prior funding"),
    Code.JOINT_REQUIRED: ("本方向须联合申报", "joint application required"),
    Code.TOO_MANY_PARTNERS: ("联合单位数量超过规定", "too many joint partners"),
    Code.PARTNER_OUTSIDE_CITY: ("联合单位注册地不符合要求", "partner registered elsewhere"),
    Code.JOINT_OK: ("联合申报符合要求", "joint application conforms"),
    Code.JOINT_FORBIDDEN: ("不允许联合申报", "joint application not allowed"),
    Code.NOT_LEGAL_PERSON: ("生态成员不具有独立法人资格", "member without independent legal personality"),
    Code.MEMBER_NOT_DOMESTIC: ("生态成员非国内注册", "ecosystem member not registered in China"),
    Code.DISHONEST_DEBTOR: ("属于失信被执行人", "a dishonest judgment debtor"),
    Code.LEAD_SHARE_TOO_LOW: ("牵头单位投资额占比不足", "lead applicant's share too low"),
    Code.LEAD_SHARE_OK: ("牵头单位投资额占比符合要求", "lead applicant's share sufficient"),
    Code.INVOICES_BELOW_CONTRACT_SHARE: (
        "发票金额低于合同金额的规定比例",
        "invoiced amount below the required share of the contracts",
    ),
    Code.INVOICES_CONTRACT_SHARE_OK: (
        "发票金额达到合同金额的规定比例",
        "invoiced share of the contracts sufficient",
    ),
    Code.NO_CONTRACT: ("无可核对的合同", "no contract to check against"),
    Code.SUBMITTED_LATE: ("逾期提交", "submitted after the deadline"),
    Code.SUBMITTED_ON_TIME: ("按时提交", "submitted on time"),
    Code.SUBMISSION_TIME_MISSING: ("未提供提交时间，未核对时限", "submission time not given"),
    Code.MISSING_DOCUMENT: ("缺少申报材料", "required document missing"),
    Code.DOCUMENTS_COMPLETE: ("申报材料齐全", "documents complete"),
    Code.DOCUMENTS_NOT_CHECKED: ("未提供材料清单，未核对", "documents not checked"),
    Code.REVIEW_REQUIRED: ("需专家评审或人工核实", "left to expert review"),
    Code.DIRECTION_DIFFERS: ("申报方向与评估方向不同", "assessed under another direction"),
}


_ZH: Final = TEMPLATES["zh"]


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an assessment checked or did (a plain value: findings are engine output)."""

    code: str
    """A `Code`, or a condition's own code (``QUANTIFIABLE_BENEFITS_NOT_MET``): see
    [`subsidycalc.codes.code_table`][subsidycalc.codes.code_table]."""
    severity: Severity
    message: str
    """One line in Chinese, with the numbers compared."""
    citation: Citation | None = None
    subject: str | None = None
    """The input the finding is about: a field path or an invoice number."""
    actual: str | None = None
    expected: str | None = None
    """The comparison, e.g. ``>= 3,000,000.00元``."""
    key: Annotated[str | None, Field(exclude=True)] = field(default=None, compare=False)
    """The sentence's key in the message catalogue ([`subsidycalc.messages.MESSAGES`][subsidycalc.messages.MESSAGES])."""
    args: Annotated[Mapping[str, object] | None, Field(exclude=True)] = field(default=None, compare=False)
    """The values the sentence is rendered with (not compared: ``message`` says the same)."""

    @classmethod
    def of(
        cls,
        code: str,
        severity: Severity,
        key: str,
        citation: Citation | None = None,
        subject: str | None = None,
        actual: str | None = None,
        expected: str | None = None,
        **args: object,
    ) -> Finding:
        """A finding whose sentence is the catalogue's ``key`` filled with ``args``."""
        message = _ZH[key].format_map(args) if args else _ZH[key]
        return cls(code, severity, message, citation, subject, actual, expected, key, args)

    def text(self, lang: Language = "zh") -> str:
        """The sentence in Chinese (``message``) or English, from the catalogue."""
        if lang == "zh" or self.key is None:
            return self.message
        return render(self.key, self.args or {}, lang)

    @property
    def failed(self) -> bool:
        return self.severity is Severity.FAIL
