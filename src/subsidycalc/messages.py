"""The message catalogue: every sentence an explanation says, in Chinese and English, by key.

A finding keeps its code, its numbers and the key of its sentence
([`subsidycalc.findings.Finding.of`][subsidycalc.findings.Finding.of]); the sentence is rendered from the catalogue — Chinese at
once (``Finding.message``), English on demand (``Finding.text("en")``,
``Assessment.explain(lang="en")``). Values from the texts (labels, quotes, names of places, lists
and certifications) stay as the texts write them, in Chinese, in both languages.

```pycon
>>> args = {"place": "税务登记", "location": "广东省珠海市香洲区", "required": "珠海市斗门区", "hint": ""}
>>> render("district.mismatch", args, "zh")
'税务登记在广东省珠海市香洲区，不在珠海市斗门区'
>>> render("district.mismatch", args, "en")
'税务登记 (tax registration) is in 广东省珠海市香洲区, not in 珠海市斗门区'

```
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

__all__ = ["GLOSSARY", "LANGUAGES", "MESSAGES", "TEMPLATES", "Language", "render"]

Language = Literal["zh", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("zh", "en")

MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    # who may apply: registration
    "district.ok": ("商事登记、税务登记及统计归属均在{required}", "business, tax and statistical registration all in {required}"),
    "district.mismatch": (
        "{place}在{location}，不在{required}{hint}", "{place} ({place_en}) is in {location}, not in {required}{hint_en}"
    ),
    "jurisdiction.ok": ("申报单位注册于{location}", "the applicant is registered in {location}"),
    "jurisdiction.stated": ("申报单位注册于{location}，须在{required}注册", "the applicant is registered in {location}; it must be registered in {required}"),
    "jurisdiction.implied": (
        "申报单位注册于{location}：本政策为{required}政策，文本未明示注册地要求，注册在外地的须核实",
        "the applicant is registered in {location}: this is {required}'s policy and the text states no place of registration; to be checked",
    ),
    "province.ok": ("牵头单位注册于{location}", "the lead unit is registered in {location}"),
    "province.mismatch": (
        "牵头单位注册于{location}，须在{required}注册",
        "the lead unit is registered in {location}; it must be registered in {required}",
    ),
    # integrity
    "integrity.ok": (
        "{period}期间无重大环保、质量、安全事故及重大违法行为记录，未列为失信联合惩戒对象",
        "no major environmental, quality or safety incident and no major violation in {period}; not on a dishonesty list",
    ),
    "integrity.incident": (
        "{day}有重大{kind}记录（{period}期间内）{description}",
        "major incident ({kind}) on {day}, within {period} {description}",
    ),
    "integrity.dishonest": ("被相关部门列为失信联合惩戒对象", "listed by the authorities for joint punishment of dishonesty"),
    "ecosystem.no_start": (
        "未提供线上提交时间，近{years}年的起算日无法确定：所有重大事故记录均计入",
        "no online submission time: the start of the last {years} years is unknown, so every major incident counts",
    ),
    "ecosystem.incident": ("{name}于{day}有重大{kind}记录（{period}）", "{name}: major incident ({kind}) on {day} ({period})"),
    "ecosystem.debtor": ("{name}属于失信被执行人", "{name} is a dishonest judgment debtor (失信被执行人)"),
    "ecosystem.not_legal_person": ("生态成员{name}不具有独立法人资格", "ecosystem member {name} has no independent legal personality"),
    "ecosystem.province_not_declared": (
        "生态成员{name}未申报注册省份，未核对是否国内注册",
        "ecosystem member {name}: no province of registration declared; 国内注册 not checked",
    ),
    "ecosystem.not_domestic": (
        "生态成员{name}注册地为{province}，非国内注册",
        "ecosystem member {name} is registered in {province}, not in China (国内注册)",
    ),
    "ecosystem.ok": (
        "牵头单位及{members}家生态成员{period}无重大事故或严重违法违规，均非失信被执行人",
        "the lead unit and {members} ecosystem members: no major incident or serious violation ({period}); none a dishonest judgment debtor",
    ),
    # clusters, certifications, providers
    "cluster.member": ("{label}：属于 {clusters}", "{label}: member of {clusters_en}"),
    "cluster.not_member": ("{label}：不属于 {clusters}", "{label}: not a member of {clusters_en}"),
    "certification.held": ("{label}「{certification}」：已获认定", "{label} 「{certification}」: held"),
    "certification.missing": ("{label}「{certification}」：未获认定", "{label} 「{certification}」: not held"),
    "providers.ok": ("计入的采购来自名单内单位：{suppliers}", "counted purchases come from listed providers: {suppliers}"),
    "providers.planning": (
        "规划由名单内单位提供：{planner}（无采购发票亦视为由所在集群牵头单位或生态伙伴提供）",
        "the planning was provided by a listed unit: {planner} (provided without an invoice)",
    ),
    "providers.planner_unlisted": (
        "计入的发票中没有名单内单位的产品或服务，申报的规划提供单位 {planner} 不在所在集群的附件1名单内",
        "no counted invoice is from a listed provider, and the declared planner {planner} is not on the cluster's 附件1 list",
    ),
    "providers.none_planned": (
        "计入的发票中没有来自所在集群牵头单位或生态伙伴（附件1名单）的产品或服务，也未申报由其提供的规划（project.planning_provider）",
        "no counted invoice is for a product or service of the cluster's lead units or ecosystem partners (附件1 lists), "
        "and no planning by one is declared (project.planning_provider)",
    ),
    "providers.none": (
        "计入的发票中没有来自所在集群牵头单位或生态伙伴（附件1名单）的产品或服务",
        "no counted invoice is for a product or service of the cluster's lead units or ecosystem partners (附件1 lists)",
    ),
    # joint applications
    "joint.required": ("本方向为联合申报，申报书未列联合单位", "this direction is a joint application, and no partner is listed"),
    "joint.too_many": (
        "联合单位 {partners} 家 > 可联合参与单位 {limit} 家",
        "{partners} partners > the {limit} that may take part",
    ),
    "joint.partner_city": (
        "联合单位{name}注册于{city}，须为{required}内注册",
        "partner {name} is registered in {city}; partners must be registered in {required}",
    ),
    "joint.ok": ("联合申报：{partners}", "joint application: {partners}"),
    "joint.forbidden": ("不允许联合申报，申报书列有联合单位{partners}家", "joint applications are not allowed, and {partners} partners are listed"),
    "joint.single": ("单一申报主体，未联合申报", "a single applicant, no joint application"),
    "joint.unstated": (
        "本方向未规定联合申报，申报书列有{partners}家联合单位，需人工核实",
        "the direction states no joint rule, and {partners} partners are listed: to be checked by hand",
    ),
    # prior funding
    "prior_funding.none": ("本项目未获{levels}财政支持", "the project has no {levels} public funding"),
    "scope.industry": ("项目所属行业 {industry} 在试点行业范围（{industries}）内", "the project's industry {industry} is in scope ({industries})"),
    "scope.industry_outside": (
        "项目所属行业 {industry} 不在试点行业范围（{industries}）内", "the project's industry {industry} is out of scope ({industries})",
    ),
    "scope.year": ("申报年度 {year} 年在 {first} 年至 {last} 年内", "the application year {year} is within {first}–{last}"),
    "scope.year_outside": ("申报年度 {year} 年不在 {first} 年至 {last} 年内", "the application year {year} is outside {first}–{last}"),
    "prior_funding.found": (
        "本项目已获{level}财政支持（{programme}，{year}年，{amount}），不得重复申报",
        "the project already has {level} public funding ({programme}, {year}, {amount}) and may not apply again",
    ),
    # deadlines
    "deadline.met": ("{who}于 {moment} ≤ {what} {due}", "{who_en} at {moment} ≤ {what_en} {due}"),
    "deadline.late": ("{who}于 {moment} > {what} {due}", "{who_en} at {moment} > {what_en} {due}: late"),
    "deadline.missing": ("未提供{who}时间，未核对{what} {due}", "no {who_en} time given: {what_en} {due} not checked"),
    # documents and contracts
    "documents.not_checked": ("未提供申报材料清单，{count}项材料未核对", "no document checklist given: {count} documents not checked"),
    "documents.missing": ("缺少申报材料：{document}", "document missing: {document}"),
    "documents.complete": ("申报材料齐全（{count}项）", "documents complete ({count})"),
    "contract.not_filed": (
        "合同 {number}（{signed}签订，{amount}）未在{platform}备案，不纳入试点考核范围",
        "contract {number} (signed {signed}, {amount}) not filed on {platform}: not counted in the pilot's evaluation",
    ),
    "contract.filing_unknown": (
        "合同 {number}（{signed}签订，{amount}）未申报是否在{platform}备案，不纳入试点考核范围",
        "contract {number} (signed {signed}, {amount}): filing on {platform} not declared, so not counted in the pilot's evaluation",
    ),
    # conditions
    "fact.missing": ("未申报{label}（{measure}），无法核对", "{label} ({measure}) not declared: cannot be checked"),
    "compare.result": ("{label}：{value} {symbol} {threshold}", "{label}: {value} {symbol} {threshold}"),
    "compare.target": ("{label}：{value} {symbol} {threshold}（后续阶段目标）", "{label}: {value} {symbol} {threshold} (target of a later stage)"),
    "compare.target_undeclared": (
        "{label}：尚未申报（后续阶段目标，{words} {threshold}）",
        "{label}: not yet declared (target of a later stage, {op} {threshold})",
    ),
    "share.result": ("{label}：{numerator} / {denominator} = {share} {symbol} {threshold}", "{label}: {numerator} / {denominator} = {share} {symbol} {threshold}"),
    "share.zero": ("{label}：{denominator_label}为0，无法计算比例", "{label}: {denominator_label} is 0, no share can be taken"),
    "flag.result": ("{label}：{value}", "{label}: {value_en}"),
    "any_of.result": ("{label}（满足其一即可）：{parts}", "{label} (one suffices): {parts_en}"),
    "tenure.no_day": (
        "未提供线上提交时间（submission.online_at），无法核算{label}",
        "no online submission time (submission.online_at): {label} cannot be computed",
    ),
    "tenure.met": (
        "{label}：自{since}至{day}共{years}年{months}个月{days}天，满足「{requirement}」",
        "{label}: {years} years {months} months {days} days from {since} to {day}, meets 「{requirement}」",
    ),
    "tenure.not_met": (
        "{label}：自{since}至{day}共{years}年{months}个月{days}天，未满足「{requirement}」（提交日须{order}{mark}）",
        "{label}: {years} years {months} months {days} days from {since} to {day}, does not meet 「{requirement}」 "
        "(the submission day must be {order_en} {mark})",
    ),
    "indicator.undeclared": ("{label}：尚未申报（验收指标，{target}）", "{label}: not yet declared (acceptance indicator, {target})"),
    "flag.target_undeclared": ("{label}：尚未申报（应为“{wanted}”；提示性，不影响资格）", "{label}: not yet declared (expected {wanted_en}; reported, not required)"),
    "joined.result": ("{label}（加分项，不影响试点资格）：{finding}", "{label} (a bonus, not a condition of the pilot): {finding_en}"),
    "indicator.any_result": ("{label}（满足其一即可）：{parts}（验收指标）", "{label} (one suffices): {parts} (acceptance indicator)"),
    "indicator.result": ("{label}：{value} {symbol} {threshold}（验收指标）", "{label}: {value} {symbol} {threshold} (acceptance indicator)"),
    "review": ("{label}", "{label}"),
    # payout
    "rate.applied": ("{label}：{base} × {rate} = {result}（四舍五入到分）", "{label}: {base} × {rate} = {result} (rounded half-up to the 分)"),
    "cap.applied": ("{label}：{before} > {cap}，按 {cap}", "{label}: {before} > {cap}, so {cap}"),
    "reserve": (
        "{label}：{planned} × {rate} = {reserve}（预算安排，非拨付）",
        "{label}: {planned} × {rate} = {reserve} (a budget line, not a payment)",
    ),
    "no_award": ("本文件只设条件与任务目标，不设奖补金额", "the document sets conditions and targets, and no amount"),
    "lump_sum.decided": ("一次性奖励：核定金额 {amount}", "lump sum: the decided amount {amount}"),
    "lump_sum.ceiling": (
        "一次性奖励：未提供核定金额（decided_amount），按{label} {amount} 报告",
        "lump sum: no decided amount (decided_amount), so the {label} {amount} is reported",
    ),
    "rate.upgraded": ("{flag}：适用 {rate}", "{flag}: {rate} applies"),
    "cap.upgraded": ("{flag}：最高额度提升至 {cap}", "{flag}: the cap rises to {cap}"),
    "region.unclassified": ("试点起步区域 {region} 不在{table}内", "the pilot's starting region {region} is not in the {table}"),
    "region.class": (
        "试点起步区域 {city} 属于{label}，扶持比例不超过 {rate}",
        "the pilot's starting region {city} is in {label}: a rate of at most {rate}",
    ),
    "decided.lower": (
        "核定金额 {decided} 低于文本允许的最高额 {ceiling}，按核定金额",
        "the decided amount {decided} is below the most the text allows, {ceiling}: the decided amount is paid",
    ),
    "stages.in_one": ("不属于{flag}：不分两次拨付，验收后一次性拨付", "not {flag}: paid in one after acceptance, not in two"),
    "stages.filing_unknown": (
        "未申报是否{flag}：按验收后一次性拨付（属于的，可分两次拨付）",
        "not declared whether {flag}: paid in one after acceptance (if it is, it may be paid in two)",
    ),
    "stage.clawed_back": ("{stage}（{amount}）全额追回：{gate}为否", "{stage} ({amount}) clawed back in full: {gate} is no"),
    "stage.forfeited": ("{stage}（{share}，{amount}）不予拨付：{gate}为否", "{stage} ({share}, {amount}) not paid: {gate} is no"),
    "ledger.missing": (
        "未提供奖补台账（ledger）：一次性、差额及累计上限规则只按本次申请核对，结果非最终；"
        "如无历史奖补，请传入空台账（Ledger.empty()）",
        "no ledger of earlier awards given: once-only, top-up and cumulative-cap rules were checked against "
        "this application alone, so the result is not final; pass Ledger.empty() if there are no earlier awards",
    ),
    "ledger.years_exhausted": (
        "已于{years}年获奖励，{label}{limit}年已满",
        "awarded in {years}: the {label} of {limit} years is used up",
    ),
    "ledger.once": (
        "该企业已于{year}年获{item}奖励 {amount}，不再重复奖励",
        "the enterprise was awarded {amount} under {item} in {year}: not again",
    ),
    "ledger.top_up": (
        "按累计奖补的差额奖励：{amount} − 已获 {prior} = {paid}",
        "top-up over earlier awards: {amount} − {prior} already received = {paid}",
    ),
    "ledger.cap": (
        "{label}：{scope}已获 {used}，上限 {cap}，本次按剩余 {remaining}",
        "{label}: {used} already received ({scope_en}), cap {cap}, so the {remaining} that remains",
    ),
    "ledger.project_cap": (
        "{label}：本项目已获 {used}，累计上限 {cap}，本次按剩余 {remaining}",
        "{label}: the project already received {used}, cumulative cap {cap}, so the {remaining} that remains",
    ),
    "investment.not_counted": (
        "项目投入「{what}」（{kind}，{amount}）不属于{counted}投入，不计入扶持基数",
        "investment item '{what}' ({kind_en}, {amount}) is not {counted_en}: not in the base",
    ),
    "investment.city_funded": (
        "「{what}」（{amount}）中已获其他市级财政专项资金扶持的部分 {funded} 不再获得此项扶持：计入基数 {left}",
        "'{what}' ({amount}): the {funded} already supported by other city funds is deducted, {left} counts",
    ),
    "investment.city_funded_unknown": (
        "未申报项目投入中已获其他市级财政专项资金扶持的部分：扶持基数 {base} 未作扣除；如有，应申报并扣除",
        "no city-funded part declared: nothing was deducted from the base {base}; declare it if there is one",
    ),
    "ledger.served_unchecked": (
        "未提供台账：无法核对本项目是否已有平台就其获得奖励；如有，{amount} 须在各级财政资助合计不超过项目投资总额的范围内",
        "no ledger: whether a platform was awarded for this project is unchecked; if one was, the {amount} must keep all funding within the project's investment",
    ),
    "ledger.stacking": (
        "项目投资总额 {investment}，已获各级财政资助 {funded}，本次按剩余 {remaining}",
        "project investment {investment}, public funding already received {funded}, so the {remaining} that remains",
    ),
    "direction.differs": ("申报为 {applied}，按 {assessed} 评估", "applied for {applied}, assessed under {assessed}"),
    # invoices
    "invoice.outside_window": ("不计入：发票时间不在{window}内 {citation}", "not counted: dated outside {window} {citation}"),
    "invoice.excluded_by_name": (
        "不计入：{category}属于不予计入的费用 {citation}", "not counted: {category_en} is a cost the text excludes {citation}"
    ),
    "invoice.not_counted": (
        "不计入：{category}不在可计入的项目投入费用范围内 {citation}",
        "not counted: {category_en} is not among the costs that count {citation}",
    ),
    "invoice.unlisted": (
        "不计入：供应商不在所在集群服务商名单（附件1）内 {citation}",
        "not counted: the supplier is not on the cluster's provider list (附件1) {citation}",
    ),
    "invoice.not_in_base": (
        "计入投资额；{category}不属于奖补基数 {citation}",
        "counts toward the investment; {category_en} is not in the award base {citation}",
    ),
    "invoice.counted": ("计入投资额及奖补基数", "counted in the investment and the award base"),
    "scenario.untagged": (
        "没有计入的发票注明所属应用场景（scenario）：按本口径，计入投资中 {left} 未进入奖补基数，"
        "仅 5G 网络服务费用及注明应用场景建设的投入计入；如属应用场景建设投入，请在发票上注明",
        "no counted invoice names its application scenario (scenario): under this reading {left} of the counted "
        "investment is left out of the award base, which holds 5G network services and the tagged scenario "
        "construction only; tag the invoices that build a scenario",
    ),
    "invoice.counted_scenario": (
        "计入投资额及奖补基数（应用场景：{scenario}）", "counted in the investment and the award base (scenario: {scenario})"
    ),
    # an assessment's explanation
    "explain.header": ("【{id}】{enterprise}（{credit_code}）", "[{id}] {enterprise} ({credit_code})"),
    "explain.eligible": ("结论：符合申报条件，奖补 {award}（{award_wan}）。", "Conclusion: eligible, award {award}."),
    "explain.eligible_at": (
        "结论：{stage}阶段符合条件，{count}项待后续阶段核对；按已申报数据预计奖补 {award}（{award_wan}）。",
        "Conclusion: eligible at {stage_en}, {count} checks pending; estimated award from what is declared {award}.",
    ),
    "explain.ineligible": (
        "结论：不符合申报条件（{count}项未满足），不予奖补；如全部满足可获 {if_eligible}。",
        "Conclusion: not eligible ({count} not met), no award; {if_eligible} were every condition met.",
    ),
    "explain.no_cap": ("无最高额度", "no cap"),
    "explain.capped": ("超过最高 {cap}，按最高额度 {paid}", "above the cap {cap}, so the cap {paid}"),
    "explain.within_cap": ("未超过最高 {cap}", "within the cap {cap}"),
    "explain.computation": (
        "计算：计入投资额 {spend}；奖补基数 {base} × {rate} = {before}（四舍五入到分）；{cap_text}。",
        "Computation: counted investment {spend}; award base {base} × {rate} = {before} (rounded half-up to the 分); {cap_text}.",
    ),
    "payment.year": ("{label}：{year}年申报的项目于{paid_in}年兑现", "{label}: an application of {year} is paid in {paid_in}"),
    "phase.pending": ("待{phase}（{stage}阶段）核对：{check}", "to be checked at {phase} ({stage_en}): {check_en}"),
    "phase.provisional": (
        "按{stage}阶段核对：{count}项待{phases}阶段核对，奖补金额为预计数",
        "assessed as at {stage_en}: {count} checks wait for {phases_en}; the award is an estimate",
    ),
    "explain.phase": ("核对阶段：{stage}（{count}项待后续阶段核对）", "Assessed as at: {stage_en} ({count} checks pending)"),
    "explain.stages": ("分阶段：{stages}。", "Stages: {stages}."),
    "explain.stage": ("{label} {share} = {amount}（{status}）", "{label} {share} = {amount} ({status})"),
    "stage.payable": ("可拨付", "payable"),
    "stage.not_payable": ("不予拨付", "not payable"),
    "stage.pending": ("待定", "pending"),
    "explain.conditions": ("条件核对：", "Conditions:"),
    "explain.invoices": ("发票明细（计入 {counted} 张 / 共 {total} 张）：", "Invoices (counted {counted} of {total}):"),
    "explain.reviews": ("需专家评审或人工核实（本库不判定）：", "Left to expert review or manual check (not judged by this library):"),
}
"""Key → (Chinese, English) templates (``str.format`` fields)."""


TEMPLATES: Final[Mapping[Language, Mapping[str, str]]] = {
    "zh": {key: zh for key, (zh, _) in MESSAGES.items()},
    "en": {key: en for key, (_, en) in MESSAGES.items()},
}
"""The catalogue by language: ``TEMPLATES["zh"][key]``."""


def render(key: str, args: Mapping[str, object], lang: Language = "zh") -> str:
    """The sentence of ``key`` in ``lang`` with ``args`` filled in (a field an English sentence
    names that was not given falls back to the Chinese one: ``place_en`` to ``place``)."""
    if lang == "zh":
        return TEMPLATES["zh"][key].format_map(args)
    return TEMPLATES["en"][key].format_map(_EnglishFields(args))


GLOSSARY: Final[Mapping[str, str]] = {
    "商事登记": "business registration",
    "税务登记": "tax registration",
    "统计归属": "statistical registration",
    "线上初次递交": "online submission",
    "修改补充提交": "revised submission",
    "纸质材料递交": "paper submission",
    "线上提交": "online submission",
    "申报": "application",
    "截止时间": "the deadline",
}
"""The library's own Chinese words that English sentences translate (``{who_en}`` of ``who``)."""


class _EnglishFields(dict[str, object]):
    def __missing__(self, name: str) -> object:
        base = name.removesuffix("_en")
        if base != name and base in self:
            value = self[base]
            return GLOSSARY.get(value, value) if isinstance(value, str) else value
        raise KeyError(name)
