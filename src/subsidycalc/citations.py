"""Policy documents, citations and cited values.

No number without a name and a clause: every rate, cap, minimum, window, quota and deadline the
library uses is a :class:`Cited` value — the value, its unit, and a :class:`Citation` with the
document, the clause and a short verbatim quote. A test checks that every quote occurs verbatim in
the bundled policy text. A what-if that changes a value records the change in ``reform``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Citation", "Cited", "Document", "policy_text"]

T = TypeVar("T")


class Document(BaseModel):
    """A policy document: what it is called, who issued it, when, and its bundled text file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    title: str
    number: str
    """文号 (or the parent document's 文号 where the text has none of its own)."""
    issuer: str
    date: str
    text_file: str
    short: str
    """Short name used in explanations, e.g. ``斗门2023指南``."""

    def text(self) -> str:
        return policy_text(self.text_file)


class Citation(BaseModel):
    """Where a value comes from: document key, clause, and a short verbatim quote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    clause: str
    quote: str = Field(min_length=1)

    def __str__(self) -> str:
        return f"〔{self.clause}〕「{self.quote}」"


class Cited(BaseModel, Generic[T]):
    """A value with its unit and citation. ``reform`` names a what-if that changed it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: T
    citation: Citation
    label: str
    """What the value is, in Chinese (e.g. ``奖补比例``)."""
    reform: str | None = None


@cache
def policy_text(text_file: str) -> str:
    """The bundled text of a policy document (``subsidycalc/policies/texts/<file>``)."""
    ref = resources.files("subsidycalc.policies").joinpath("texts", text_file)
    return ref.read_text(encoding="utf-8")
