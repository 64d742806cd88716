"""Mutual exclusion between directions, as declarative rules.

One rule form covers every exclusion in the encoded texts: *two different applications of the same
enterprise in the same programme conflict when one's direction is in* ``left`` *and the other's in*
``right``. Hence:

* 「同一年度……仅可选择本指南专题十八或专题十九进行申报」: left = 专题十八, right = 专题十九;
* 「申报本指南专题十八仅可选择一个方向进行申报」: left = right = 专题十八;
* 「申报本指南专题十九方向三原则上不得申报本指南专题十九其他方向」: left = {方向三}, right = 专题十九 − {方向三};
* 中山 附则（三）, no duplicate application except items （一）（二）（三）（八）（十二）: left = right = the other items.

Conflicts are resolved in one of three modes: ``strict`` (every application in a forbidden
combination is rejected — the text's reading), ``preference`` (keep the enterprise's declared
preference, then its highest award) and ``highest_award`` (keep the highest award), the latter two
for what-ifs.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .citations import Citation

__all__ = ["Conflict", "CountLimit", "Exclusion", "ExclusionMode", "find_conflicts"]


class ExclusionMode(StrEnum):
    STRICT = "strict"
    PREFERENCE = "preference"
    HIGHEST_AWARD = "highest_award"


class Exclusion(BaseModel):
    """Two distinct applications of one enterprise conflict if one is in ``left``, the other in ``right``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    left: frozenset[str]
    right: frozenset[str]
    citation: Citation
    same_project: bool = False
    """Only applications for the same project conflict (「以同一项目重复申报或多头申报」)."""

    @model_validator(mode="after")
    def _non_empty(self) -> Exclusion:
        if not self.left or not self.right:
            raise ValueError(f"exclusion {self.name!r}: left and right must name directions")
        return self

    def forbids(self, first: str, second: str) -> bool:
        return (first in self.left and second in self.right) or (
            second in self.left and first in self.right
        )


class CountLimit(BaseModel):
    """At most ``max_count`` applications in ``directions`` per enterprise (``per="enterprise"``) or
    per region and direction (``per="region"``: the project's 起步区域). Beyond it, the lower-ranked
    applications are refused (or, ``order="recommendation"``, those the recommender puts last). Where ``per_year`` (「每年」), the count is per 申报年度 of the
    applications; otherwise over the round."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    directions: frozenset[str]
    max_count: int
    citation: Citation
    per: Literal["enterprise", "region"] = "enterprise"
    per_year: bool = False
    order: Literal["rank", "recommendation"] = "rank"
    """Which applications the limit keeps: the best ranked for the direction's quota (``rank``), or
    the recommender's own order (``recommendation``: ``Application.recommendation_rank``); where
    that order is not given or tied at the limit, the applications competing for the places left
    are ``TIE_UNRESOLVED``, for the recommender to decide."""


class Conflict(BaseModel):
    """Two applications of one enterprise that a rule forbids together."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    credit_code: str
    first: str
    second: str
    rule: str


def find_conflicts(
    applications: Sequence[tuple[str, str]], rules: Sequence[Exclusion], credit_code: str = ""
) -> list[Conflict]:
    """Every forbidden pair among one enterprise's ``(application_id, direction)`` pairs.

    Pairs are reported once, in a deterministic order (by application id, then rule order).
    """
    ordered = sorted(applications)
    found: list[Conflict] = []
    for i, (first_id, first_dir) in enumerate(ordered):
        for second_id, second_dir in ordered[i + 1 :]:
            for rule in rules:
                if rule.forbids(first_dir, second_dir):
                    found.append(Conflict(credit_code=credit_code, first=first_id, second=second_id, rule=rule.name))
                    break
    return found
