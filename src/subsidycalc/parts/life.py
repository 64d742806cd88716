"""The life of an application (申报 → 推荐 → 入库 → 认定 → 评估/验收 → 拨付), as data.

A cluster pilot is not decided at once: it is applied for and recommended, selected into a 培育库,
certified after a 培育期, evaluated after a 试点期, and paid in tranches. Each stage has the facts
that exist at that point — a listing application has a plan, not an audited actual investment or a
certification. A rule's `Phase` list says, with the clause, which facts (and so which checks)
first exist at each stage; ``assess(application, stage=LifeStage.LISTING)`` checks what the text
requires up to that stage and reports the later checks as `PENDING`
— never failing an applicant for a fact that cannot exist yet.

A fact no phase names exists from the application on. A rule with no phases is decided at once:
every stage checks everything.

```pycon
>>> from subsidycalc.policies import guangdong_2022_cluster_pilot as gd22
>>> phase = gd22.PILOTS["2-2"].phase_of("facts.pilot_certified")
>>> phase.stage.label, phase.label
('认定', '试点认定')

```
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..citations import Citation, Cited
from ..stages import LifeStage
from . import Row, RuleData, cited_row

__all__ = ["LifeStage", "Phase", "later_subjects", "subjects_of"]


class Phase(RuleData):
    """One stage of a rule's life as its text states it: the facts that first exist there.

    ``facts`` are the subjects of the checks (measures such as ``facts.pilot_certified``,
    ``project.actual_investment``, or ``ledger`` for the checks against earlier awards) that the
    text requires at this stage and not before.
    """

    stage: LifeStage
    label: str
    """The text's own name for the stage (培育入库, 试点认定, 试点期满评估)."""
    citation: Citation
    facts: frozenset[str] = frozenset()
    period: Cited[str] | None = None
    """How long the stage before it lasts, where the text says (「培育期原则上为1年」)."""

    def rows(self) -> Iterator[Row]:
        facts = "、".join(sorted(self.facts)) or "（无新增核对项）"
        yield (f"阶段：{self.stage.label}（{self.label}），此时起核对", facts, self.citation)
        yield from cited_row(f"{self.label}前的期限", self.period)


def subjects_of(subject: str | None) -> tuple[str, ...]:
    """The measures a finding's ``subject`` names: ``facts.a | facts.b`` is two, ``facts.indicators[2-2.1]``
    is ``facts.indicators``."""
    if not subject:
        return ()
    return tuple(part.split("[", 1)[0] for part in subject.split(" | "))


def later_subjects(phases: Iterable[Phase], stage: LifeStage) -> dict[str, Phase]:
    """Every subject first required at a stage after ``stage``, with its phase."""
    return {fact: phase for phase in phases if phase.stage.order > stage.order for fact in phase.facts}
