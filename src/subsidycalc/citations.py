"""Policy documents, citations and cited values.

No number without a name and a clause: every rate, cap, minimum, window, quota and deadline the
library uses is a `Cited` value — the value, its unit, and a `Citation` with the
document, the clause and a short verbatim quote. A test checks that every quote occurs verbatim in
the bundled policy text. A what-if that changes a value records the change in ``reform``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Citation", "Cited", "Document", "Provision", "policy_text"]

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
    level: Literal["national", "province", "city", "district"] | None = None
    """The level of the issuing government (国家级、省级、市级、区级): the ``FundingLevel`` its awards
    are recorded at in a ledger (``Ledger.with_round``)."""
    text_package: str | None = "subsidycalc.policies"
    """The package whose ``texts/`` folder holds ``text_file`` (another package's for a document it
    adds); ``None`` where ``text_file`` is a path on disk (a rule file's text beside it)."""

    def text(self) -> str:
        """The document's full text, which every quote of its rules must occur in verbatim."""
        return policy_text(self.text_file, self.text_package)


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
def policy_text(text_file: str, package: str | None = "subsidycalc.policies") -> str:
    """The text of a policy document: ``<package>/texts/<file>`` (by default the bundled texts), or
    the file at the path ``text_file`` where ``package`` is ``None``."""
    if package is None:
        return Path(text_file).read_text(encoding="utf-8")
    ref = resources.files(package).joinpath("texts", text_file)
    return ref.read_text(encoding="utf-8")


class Provision(BaseModel):
    """A provision of a text that is not encoded as a rule part, and why (a policy's ``PROVISIONS``):
    ``not_computable`` (it needs what no input can say), ``context`` (not a condition of an award:
    another body's task, a target quoted for background), ``review`` (left to experts), or
    ``model`` (the input's shape enforces it: one project has one 起步区域).
    ``quote`` is verbatim in the text; every rule-like sentence containing it is so accounted for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    quote: str = Field(min_length=2)
    status: Literal["not_computable", "context", "review", "model"]
    reason: str = Field(min_length=2)
