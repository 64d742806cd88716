"""Rule tables generated from the rule data: the CLI's ``rules`` and the pages in ``docs/policies/``.

The pages are never edited by hand; ``tests/test_docs.py`` regenerates them and fails on drift.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from . import catalog, engine
from .bases import InvoiceBase
from .citations import Citation, Cited, Document
from .codes import CodeInfo, code_table
from .findings import CODES
from .models import Category, Facts
from .money import Money, Ratio
from .registry import directions, document, module
from .rules import (
    MEASURES,
    AnyRules,
    Compare,
    Condition,
    EnterpriseCap,
    Flag,
    Indicator,
    OncePerEnterprise,
    Rule,
    ShareOf,
    StackingCap,
    Tenure,
    YearsLimit,
)

__all__ = ["codes_page", "policy_page", "possible_codes", "rules_markdown", "rules_text"]

def possible_codes(rules: AnyRules) -> frozenset[str]:
    """The reason codes an assessment under ``rules`` can carry, read off its parts and payout
    (:func:`subsidycalc.engine.possible_codes`)."""
    return engine.possible_codes(rules)


def _value(value: object) -> str:
    if isinstance(value, Money):
        return f"{value.format_wan()}（{value.format()}）"
    if isinstance(value, Ratio):
        return value.percent()
    if isinstance(value, frozenset):
        items = sorted(value)
        if items and all(isinstance(i, Category) for i in items):
            return "、".join(f"{i.label}（{i.value}）" for i in items)
        if items and all(hasattr(i, "label") for i in items):
            return "、".join(str(i.label) for i in items)
        return "、".join(str(i) for i in items) or "（无）"
    if hasattr(value, "label") and not isinstance(value, str):
        return str(value.label)
    return str(value)


Row = tuple[str, str, Citation | None]


def _cited(what: str, item: Cited[Any] | None) -> Iterator[Row]:
    if item is not None:
        yield (what, _value(item.value), item.citation)


def _rows(rules: AnyRules) -> Iterator[Row]:
    """(what, value, citation) for every parameter of a direction or item, in reading order."""
    if not rules.invoice_based:
        yield from _project_rows(rules)
    else:
        yield from _direction_rows(rules)


def _project_rows(rules: Rule) -> Iterator[Row]:
    cited = _cited
    yield ("政策依据", rules.name, rules.basis)
    yield from cited("最低投资", rules.minimum)
    yield from cited(f"纳入预算比例（× {MEASURES[rules.reserve_measure]}）", rules.reserve_rate)
    if rules.rate is None:
        yield ("一次性奖励", "核定金额；未核定时报告最高额度", rules.cap.citation if rules.cap else None)
    elif rules.rate_classes is None:
        yield from cited(f"奖补比例（× {MEASURES[rules.base_measure]}，四舍五入到分，一次）", rules.rate)
    else:
        classes = rules.rate_classes
        for klass, rate in classes.rates.items():
            cities = "、".join(c for c, k in classes.cities.value.items() if k == klass)
            yield (f"奖补比例（{rate.label}：{cities}）", rate.value.percent(), rate.citation)
        yield ("地区分类依据", classes.cities.label, classes.cities.citation)
    if rules.rate_upgrade is not None:
        yield from cited(f"较高比例（{MEASURES[rules.rate_upgrade.flag]}）", rules.rate_upgrade.rate)
    yield from cited("最高奖补", rules.cap)
    if rules.cap_upgrade is not None:
        yield from cited(f"较高最高额度（{MEASURES[rules.cap_upgrade.flag]}）", rules.cap_upgrade.cap)
    for rule in rules.ledger_rules:
        if isinstance(rule, StackingCap):
            yield (f"各级财政资助合计不超过{MEASURES[rule.investment_measure]}（据台账）", "是", rule.citation)
            continue
        items = "、".join(sorted(rule.items))
        if isinstance(rule, EnterpriseCap):
            scope = "每年" if rule.per_year else "累计"
            yield (f"单个企业{scope}上限（{items}，据台账）", _value(rule.cap.value), rule.cap.citation)
            if rule.upgrade is not None:
                yield (f"  {MEASURES[rule.upgrade.flag]}时", _value(rule.upgrade.cap.value), rule.upgrade.cap.citation)
        elif isinstance(rule, YearsLimit):
            yield (f"奖励年限上限（{items}，据台账）", f"{rule.years.value}年", rule.years.citation)
        elif isinstance(rule, OncePerEnterprise):
            yield (f"单个企业仅奖励一次（{items}，据台账）", "是", rule.citation)
        else:
            yield (f"按累计奖补差额奖励（扣除{items}已获奖励，据台账）", "是", rule.citation)
    yield from cited("申报截止（有效期）", rules.application_deadline)
    for stage in rules.stages:
        yield (f"分阶段拨付：{stage.label}（条件 {stage.gate}）", stage.share.value.percent(), stage.share.citation)
        if stage.clawback_gate is not None:
            yield (f"追回：{stage.label}（{stage.clawback_gate} 为否时）", "全额追回", stage.clawback_citation)
    yield from cited("每年支持数量上限（分配时使用）", rules.quota)
    if rules.joint_forbidden is not None:
        yield ("联合申报", "不允许联合申报", rules.joint_forbidden)
    yield from cited("牵头单位注册地", rules.registered_province)
    if rules.contract_filing is not None:
        filing = rules.contract_filing
        yield (f"合同须在{filing.platform}备案（签订日起）", str(filing.since.value), filing.since.citation)
    if rules.ecosystem is not None:
        yield from cited("牵头单位及生态成员无重大事故、严重违法违规的年限", rules.ecosystem.lookback_years)
        yield from cited("上述年限的起算日", rules.ecosystem.since)
        yield ("牵头单位及生态成员非失信被执行人、具独立法人资格", "是", rules.ecosystem.dishonest)
    for condition in rules.conditions:
        yield from _condition_rows(condition)
    for review in rules.reviews:
        yield ("专家评审（本库不判定）", review.label, review.citation)


def _direction_rows(rules: Rule) -> Iterator[Row]:
    cited = _cited

    yield ("政策依据", rules.name, rules.basis)
    if rules.district is not None:
        district = rules.district
        yield ("申报主体所在地", f"商事登记、税务登记、统计归属均在{district.city}{district.district}", district.citation)
    if rules.integrity is not None:
        yield ("无重大事故及违法记录期间", str(rules.integrity.period.value), rules.integrity.period.citation)
        yield ("非失信联合惩戒对象", "是", rules.integrity.dishonest)
    yield from cited("项目投入期限（以发票时间为准，含首尾日）", rules.window)
    yield from cited("计入项目投资的费用类别", rules.counted)
    yield from cited("明确不予计入的费用类别", rules.excluded)
    invoices = rules.base
    assert isinstance(invoices, InvoiceBase)
    base = _value(invoices.in_base.value) + ("；另加注明应用场景的计入发票" if invoices.base_includes_scenarios else "")
    yield ("奖补基数", base, invoices.in_base.citation)
    yield from cited("购买费用口径", rules.purchase_basis)
    yield from cited(f"最低投资（{MEASURES[rules.minimum_measure]} ≥）", rules.minimum)
    yield from cited("奖补比例（四舍五入到分，一次）", rules.rate)
    yield from cited("最高奖补", rules.cap)
    yield from cited("每年支持数量上限（分配时使用）", rules.quota)
    ranking = {
        "review_score": "按评审得分排序",
        "review_score_then_contract_time": "按评审得分，同等条件下按惠企利民合同提交时间先后",
    }[rules.ranking.value]
    yield ("排序依据（分配时使用）", ranking, rules.ranking_citation)
    yield from cited("所属产业集群", rules.clusters)
    for cert in rules.certifications:
        yield ("所需认定", cert.value.label, cert.citation)
    if rules.providers is not None:
        mode = "仅计入名单内单位的采购" if rules.providers.only_listed else "至少一项计入的采购来自名单内单位"
        yield ("集群牵头单位或生态伙伴（附件1）", mode, rules.providers.citation)
    if rules.joint is not None:
        joint = rules.joint
        yield ("联合申报", "必须联合申报" if joint.required else "可联合申报", joint.citation)
        yield from cited("联合单位数量上限", joint.max_partners)
        yield from cited("联合单位注册地", joint.partner_city)
    yield from cited("已获财政支持不得重复申报（级别）", rules.prior_funding_levels)
    for condition in rules.conditions:
        yield from _condition_rows(condition)
    deadlines = rules.deadlines
    for item in () if deadlines is None else (deadlines.online, deadlines.revision, deadlines.paper):
        if item is not None:
            yield (item.label, str(item.value), item.citation)
    for doc in rules.documents:
        yield ("申报材料" + ("（联合申报）" if doc.joint_only else ""), doc.label, doc.citation)
    for review in rules.reviews:
        yield ("专家评审（本库不判定）", review.label, review.citation)


def _condition_rows(condition: Condition) -> Iterator[Row]:
    if isinstance(condition, Indicator):
        yield (
            f"验收指标 {condition.name}：{condition.label}",
            f"{condition.op.value} {condition.threshold.value}{condition.unit}（提示性）",
            condition.threshold.citation,
        )
    elif isinstance(condition, Tenure):
        yield (
            condition.label,
            f"{condition.since} 至线上提交日 {condition.op.value} {condition.years.value}年",
            condition.years.citation,
        )
    elif isinstance(condition, Compare):
        yield (
            condition.label,
            f"{condition.measure} {condition.op.value} {_value(condition.threshold.value)}"
            + ("（仅联合申报）" if condition.when_joint else ""),
            condition.threshold.citation,
        )
    elif isinstance(condition, ShareOf):
        yield (
            condition.label,
            f"{condition.numerator} / {condition.denominator} {condition.op.value} "
            f"{condition.threshold.value.percent()}" + ("（仅联合申报）" if condition.when_joint else ""),
            condition.threshold.citation,
        )
    elif isinstance(condition, Flag):
        yield (condition.label, f"{condition.measure} = {'是' if condition.expected else '否'}", condition.citation)
    else:
        either = " 或 ".join(
            f"{r.measure} = {'是' if r.expected else '否'}"
            if isinstance(r, Flag)
            else f"{r.measure} {r.op.value} {_value(r.threshold.value)}"
            for r in condition.rules
        )
        yield (condition.label, either, condition.citation)


def rules_text(programme: str) -> str:
    """Plain-text rule table for the terminal."""
    doc = document(programme)
    lines = [f"{doc.title}", f"{doc.number} · {doc.issuer} · {doc.date}", ""]
    for rules in directions(programme).values():
        lines.append(f"== {rules.key}: {rules.topic} {rules.name}")
        for what, value, citation in _rows(rules):
            lines.append(f"  {what}: {value}")
            if citation is not None:
                lines.append(f"      {citation}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown(programme: str) -> str:
    """The rule tables in Markdown (one table per direction)."""
    lines: list[str] = []
    for rules in directions(programme).values():
        lines += [
            f"## {rules.name}",
            "",
            f"`{rules.ref}` · {rules.topic}",
            "",
            "| 参数 | 值 | 条款 | 原文 |",
            "|---|---|---|---|",
        ]
        for what, value, citation in _rows(rules):
            clause = citation.clause if citation else ""
            quote = f"「{citation.quote}」" if citation else ""
            lines.append(f"| {_cell(what)} | {_cell(value)} | {_cell(clause)} | {_cell(quote)} |")
        lines.append("")
    return "\n".join(lines)


def _text_location(doc: Document) -> str:
    if doc.text_package is None:
        return doc.text_file
    if doc.text_package == "subsidycalc.policies":
        return f"src/subsidycalc/policies/texts/{doc.text_file}"
    return f"{doc.text_package}/texts/{doc.text_file}"


def policy_page(programme: str) -> str:
    """The docs page of one policy document: header, module notes, rule tables, reason codes."""
    doc = document(programme)
    policy = module(programme)
    notes = inspect.cleandoc(policy.__doc__ or "")
    parts = [
        f"# {doc.title}",
        "",
        "<!-- generated by `python -m subsidycalc.docs`; do not edit by hand -->",
        "",
        f"- 文号: {doc.number}",
        f"- 发文: {doc.issuer}",
        f"- 日期: {doc.date}",
        f"- 原文: `{_text_location(doc)}`",
        f"- 模块: `{getattr(policy, '__name__', type(policy).__name__)}`",
        "",
        "## 模块说明 (module notes)",
        "",
        "```text",
        notes,
        "```",
        "",
        rules_markdown(programme),
        "## 申报信息 (facts)",
        "",
        "The facts an application to this document may declare (`facts.*`): exactly those its rules read.",
        "An undeclared fact a condition needs is reported as that condition's `<NAME>_NOT_DECLARED`.",
        "",
        "| fact | 类型 type | 说明 | 方向 (directions) |",
        "|---|---|---|---|",
        *_fact_rows(programme),
        "",
        "## 结论代码 (reason codes)",
        "",
        "The codes an assessment under this document can carry, and the directions that can emit each.",
        "",
        "| code | 中文 | English | 方向 (directions) |",
        "|---|---|---|---|",
        *_code_rows(programme),
        "",
    ]
    return "\n".join(parts)


def _fact_kind(name: str) -> str:
    text = str(Facts.model_fields[name].annotation)
    for needle, kind in (("dict", "指标 indicators"), ("bool", "是/否 yes/no"), ("date", "日期 date"),
                         ("Ratio", "比例 ratio"), ("int", "数目 count")):
        if needle in text:
            return kind
    return text


def _fact_rows(programme: str) -> Iterator[str]:
    table = directions(programme)
    reads = {key: rules.facts_read() for key, rules in table.items()}
    for name in sorted(catalog.fact_names(programme)):
        keys = [key for key in table if name in reads[key]]
        where = "all" if len(keys) == len(table) else ", ".join(keys)
        label = (Facts.model_fields[name].description or name).rstrip(".")
        yield f"| `{name}` | {_fact_kind(name)} | {label} | {where} |"


def _code_rows(programme: str) -> Iterator[str]:
    table = directions(programme)
    for info in _ordered(code_table({rules.ref: rules for rules in table.values()})):
        keys = [ref.partition("/")[2] for ref in info.rules]
        where = "all" if len(keys) == len(table) else ", ".join(keys)
        yield f"| `{info.code}` | {info.zh} | {info.en} | {where} |"


def _ordered(table: dict[str, CodeInfo]) -> list[CodeInfo]:
    """The library's codes in their documented order, then each condition's codes by name."""
    order = {str(code): index for index, code in enumerate(CODES)}
    return sorted(table.values(), key=lambda i: (i.condition is not None, order.get(i.code, 0), i.condition or "", i.code))


def codes_page() -> str:
    """``docs/codes.md``: every reason code of every registered rule, with its meaning and rules."""
    lines = [
        "# Reason codes 结论代码",
        "",
        "<!-- generated by `python -m subsidycalc.docs`; do not edit by hand -->",
        "",
        "Every code an assessment of a registered rule can carry, read off the rules' parts",
        "(`subsidycalc.codes.code_table()`). A condition's codes are made from its name:",
        "`<NAME>_MET`, `<NAME>_NOT_MET`, `<NAME>_NOT_DECLARED`. A finding's severity (fail, warn,",
        "pass, info) says what it does to the result.",
        "",
        "| code | 中文 | English | rules |",
        "|---|---|---|---|",
    ]
    for info in _ordered(code_table()):
        programmes = dict.fromkeys(ref.partition("/")[0] for ref in info.rules)
        where = "; ".join(
            f"{p}: " + ", ".join(r.partition("/")[2] for r in info.rules if r.startswith(p + "/")) for p in programmes
        )
        lines.append(f"| `{info.code}` | {info.zh} | {info.en} | {where} |")
    return "\n".join(lines) + "\n"


def main() -> None:  # pragma: no cover - writes the docs pages
    from pathlib import Path

    from .registry import programmes

    target = Path("docs/policies")
    target.mkdir(parents=True, exist_ok=True)
    for programme in programmes():
        text_file = document(programme).text_file.removesuffix(".txt")
        (target / f"{text_file}.md").write_text(policy_page(programme), encoding="utf-8")
    Path("docs/codes.md").write_text(codes_page(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
