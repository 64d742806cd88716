"""The stages of an application's life, in order: the vocabulary of [`subsidycalc.parts.life`][subsidycalc.parts.life].

```pycon
>>> "、".join(stage.label for stage in LifeStage)
'申报、推荐、入库、认定、评估、拨付'

```
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

__all__ = ["LifeStage"]


class LifeStage(StrEnum):
    """A stage of an application's life, in order. Each policy names its own (``Phase.label``)."""

    APPLICATION = "application"
    """申报: what the applicant declares and submits."""
    RECOMMENDATION = "recommendation"
    """推荐: a region or department recommends applications upward, in its own order."""
    LISTING = "listing"
    """入库: selection into a 培育库 or a project list (the budget line is set here, where the text sets one)."""
    CERTIFICATION = "certification"
    """认定: certification after a 培育期 (试点认定), usually the first payment."""
    EVALUATION = "evaluation"
    """评估、验收、考核: the end-of-period evaluation or acceptance."""
    PAYMENT = "payment"
    """拨付: the award paid, against the ledger of earlier awards."""

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def order(self) -> int:
        return _ORDER[self]


_LABELS: Final[Mapping[LifeStage, tuple[str, str]]] = {
    LifeStage.APPLICATION: ("申报", "application"),
    LifeStage.RECOMMENDATION: ("推荐", "recommendation"),
    LifeStage.LISTING: ("入库", "listing"),
    LifeStage.CERTIFICATION: ("认定", "certification"),
    LifeStage.EVALUATION: ("评估", "evaluation"),
    LifeStage.PAYMENT: ("拨付", "payment"),
}
_ORDER: Final[Mapping[LifeStage, int]] = {stage: i for i, stage in enumerate(LifeStage)}
