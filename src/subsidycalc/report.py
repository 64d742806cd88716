"""A round report a review committee can read, print and archive: one self-contained HTML file.

``round_report(allocation, assessments)`` (CLI: ``subsidycalc report [APPS.json] --html OUT``) writes
the round's totals, then per direction the ranked list — funded, over the quota or the budget,
excluded, tied, ineligible — with a bar chart of the amounts by rank, each applicant's explanation
one click away (``<details>``), the clause of each decision, and the rules digests. Everything is
inline (CSS, the SVG charts): the file makes no request, so it opens where the users are, offline,
and prints (a print style sheet opens every explanation and keeps rows whole).

```pycon
>>> from subsidycalc.allocation import allocate
>>> from subsidycalc.inputs import example_applications, example_ledger
>>> apps = example_applications("doumen-2023")
>>> page = round_report(allocate(apps, ledger=example_ledger()), title="斗门2023 评审轮次")
>>> page.startswith("<!DOCTYPE html>"), "斗门2023 评审轮次" in page, "<script" in page
(True, True, False)

```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Final

from ._version import __version__
from .allocation import Allocation, Decision, Outcome
from .registry import document
from .result import Assessment

__all__ = ["FONT_STACK", "round_report"]

_OUTCOME_CLASS: Final = {
    Outcome.FUNDED: "funded",
    Outcome.QUOTA_EXCEEDED: "quota",
    Outcome.BUDGET_EXHAUSTED: "budget",
    Outcome.MUTUALLY_EXCLUSIVE: "excluded",
    Outcome.LIMIT_EXCEEDED: "excluded",
    Outcome.HISTORY_LIMIT: "excluded",
    Outcome.TIE_UNRESOLVED: "tie",
    Outcome.INELIGIBLE: "ineligible",
    Outcome.WITHDRAWN: "ineligible",
}

FONT_STACK: Final = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)
"""System fonts with Chinese glyphs first (the page requests none from a host)."""

_CSS: Final = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d7dde4; --funded: #2e7d32; --quota: #b26a00;
        --budget: #8e24aa; --excluded: #c62828; --tie: #1565c0; --ineligible: #757575; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; }
.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.outcome { font-weight: 600; white-space: nowrap; }
.funded .outcome { color: var(--funded); } .quota .outcome { color: var(--quota); }
.budget .outcome { color: var(--budget); } .excluded .outcome { color: var(--excluded); }
.tie .outcome { color: var(--tie); } .ineligible .outcome { color: var(--ineligible); }
details { margin: .2rem 0; } summary { cursor: pointer; color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; background: #fafbfc; border: 1px solid var(--line);
      padding: .6rem; font-size: .85rem; }
.cite { color: var(--muted); font-size: .85rem; }
td.id { white-space: nowrap; }
svg { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  details > summary { display: none; } details { display: block; }
  details:not([open]) > *:not(summary) { display: block; }
  tr, pre { break-inside: avoid; } h2 { break-after: avoid; }
}
"""


def round_report(
    allocation: Allocation,
    assessments: Mapping[str, Assessment] | None = None,
    *,
    title: str = "评审轮次报告 Round report",
) -> str:
    """The round as one self-contained HTML page. ``assessments`` (by application id): their
    explanations, one click away from each row."""
    found = assessments or {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS.replace('FONTS', FONT_STACK)}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">subsidycalc {escape(allocation.library_version or __version__)} · '
        f"{len(allocation.decisions)} 项申请 · 获支持 {len(allocation.funded())} 项 · "
        f"合计 {escape(allocation.total.format())}（{escape(allocation.total.format_wan())}）</p>",
        _totals(allocation),
    ]
    for total in allocation.totals:
        ref = f"{total.programme}/{total.direction}"
        decisions = [d for d in allocation.decisions if d.programme == total.programme and d.direction == total.direction]
        decisions.sort(key=lambda d: (d.rank is None, d.rank or 0, d.application_id))
        quota = "不限名额" if total.quota is None else f"限额 {total.quota}"
        parts += [
            f'<h2 id="{escape(ref)}">{escape(document(total.programme).short)} · {escape(total.name)}</h2>',
            f'<p class="meta">{escape(quota)} · 申请 {total.applicants} · 符合 {total.eligible} · '
            f"获支持 {total.funded_count} · 合计 {escape(total.funded_total.format())} · "
            f"规则摘要 rules digest <code>{escape(allocation.rules_digests.get(ref, ''))}</code></p>",
            _chart(decisions),
            _ranked(decisions, found),
        ]
    parts.append("</body></html>")
    return "\n".join(parts)


def _totals(allocation: Allocation) -> str:
    rows = "".join(
        f"<tr><td><a href=\"#{escape(t.programme)}/{escape(t.direction)}\">{escape(document(t.programme).short)} "
        f"{escape(t.name)}</a></td><td class=num>{'—' if t.quota is None else t.quota}</td>"
        f"<td class=num>{t.applicants}</td><td class=num>{t.eligible}</td><td class=num>{t.funded_count}</td>"
        f"<td class=num>{escape(t.funded_total.format())}</td></tr>"
        for t in allocation.totals
    )
    return (
        "<table><thead><tr><th>方向 direction</th><th class=num>限额 quota</th><th class=num>申请</th>"
        "<th class=num>符合</th><th class=num>获支持</th><th class=num>金额 funded</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _chart(decisions: Sequence[Decision]) -> str:
    """The assessed amount of each ranked applicant as a bar, coloured by its outcome (inline SVG)."""
    ranked = [d for d in decisions if d.rank is not None][:40]
    if not ranked:
        return ""
    top = max((d.assessed_award.fen for d in ranked), default=0) or 1
    height, width, bar = 22 * len(ranked) + 10, 720, 420
    rows = []
    for index, d in enumerate(ranked):
        y = 5 + index * 22
        length = max(1, round(bar * d.assessed_award.fen / top))
        colour = f"var(--{_OUTCOME_CLASS.get(d.outcome, 'ineligible')})"
        rows.append(
            f'<text x="0" y="{y + 14}" font-size="12">{d.rank}. {escape(d.application_id)}</text>'
            f'<rect x="170" y="{y + 2}" width="{length}" height="16" fill="{colour}"></rect>'
            f'<text x="{176 + length}" y="{y + 14}" font-size="12">{escape(d.assessed_award.format_wan())} · '
            f"{escape(d.outcome.label)}</text>"
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="按排名的核定金额">'
        + "".join(rows)
        + "</svg>"
    )


def _ranked(decisions: Sequence[Decision], assessments: Mapping[str, Assessment]) -> str:
    rows = []
    for d in decisions:
        explanation = assessments.get(d.application_id)
        details = (
            f"<details><summary>说明 explanation</summary><pre>{escape(explanation.explain())}</pre></details>"
            if explanation is not None
            else ""
        )
        cite = f'<div class="cite">{escape(str(d.citation))}</div>' if d.citation is not None else ""
        rows.append(
            f'<tr class="{_OUTCOME_CLASS.get(d.outcome, "ineligible")}">'
            f"<td class=num>{'—' if d.rank is None else d.rank}</td><td class=id>{escape(d.application_id)}</td>"
            f"<td>{escape(d.enterprise)}</td><td class=num>{escape(d.assessed_award.format())}</td>"
            f"<td class=num>{escape(d.funded.format())}</td><td class=outcome>{escape(d.outcome.label)}</td>"
            f"<td>{escape(d.message)}{cite}{details}</td></tr>"
        )
    return (
        "<table><thead><tr><th class=num>名次</th><th>申请编号</th><th>申报单位</th><th class=num>核定金额</th>"
        "<th class=num>支持金额</th><th>结果</th><th>理由与条款</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
