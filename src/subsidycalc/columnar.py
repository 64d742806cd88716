"""Columnar allocation: the round's quotas, exclusion and budgets over arrays (extra ``batch``: NumPy).

[`subsidycalc.allocation`][subsidycalc.allocation] decides a round one `Candidate` object at a time.
For a million candidates that is most of a sweep's time, so this module takes the same decisions
over columns — ``int64`` 分 and integer keys — in a few sorts and cumulative sums:

1. withdrawn and ineligible candidates take no place;
2. strict mutual exclusion among one enterprise's candidates, counted by direction (a matrix of
   the forbidden pairs times each enterprise's count per direction), then the per-enterprise count
   limits (「原则上平台商每年牵头试点不超过3个集群」) by rank within each enterprise and year;
3. each direction ranked by one ``lexsort`` of its ranking keys and the tie keys; places taken in
   rank order by cumulative count (per application, or per 家 where the quota counts enterprises:
   an enterprise's first claimant takes the place, its later applications in the direction share it);
   a tie straddling the last place is ``TIE_UNRESOLVED`` and closes the direction;
4. per-enterprise caps (「每家企业最高……」) over the ledger and the round by cumulative sum;
5. budget envelopes, narrowest first: rank-fill by cumulative sum (the last one partially where
   asked), pro-rata exactly by largest remainder.

Every outcome, amount and rank equals the scalar allocator's — a differential test compares them,
decision by decision and message by message, over thousands of generated rounds. A decision's
message, citation and related applications are rendered on demand (`ColumnarAllocation.decisions`)
by replaying the scalar allocator's own steps on the part of the round that decided it: the
enterprise's group for an exclusion or a count limit, the direction's ranking up to the candidate's
tie for a place.

What the columns do not decide, the scalar allocator does, for the whole round, with the same
result (`ColumnarAllocation.engine` is then ``"scalar"`` and ``fallback`` says why): exclusion modes
other than ``strict``; 赛马 (certification-date ranking); count limits
per region or in the recommender's order, or over directions ranked in different ways; candidates
assessed at an earlier stage; an invoice or contract listed by two live candidates or in the ledger; a direction whose quota counts applications while its cap
counts enterprises; and a candidate whose rules read earlier awards while another candidate of the
round shares its enterprise or project (the award must be assessed again against the round).

```pycon
>>> from subsidycalc.allocation import Candidate, allocate_candidates
>>> from subsidycalc.money import Money
>>> from decimal import Decimal
>>> people = [
...     Candidate(f"A{i}", "doumen-2023", "direction_3", f"91440400MA4{i:07d}", "企业", True,
...               Money.from_wan(10 + i), review_score=Decimal(90 - i))
...     for i in range(4)
... ]
>>> result = allocate_columns(CandidateColumns.from_candidates(people))
>>> result.engine, [o.value for o in result.outcomes()]
('columnar', ['FUNDED', 'FUNDED', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED'])
>>> result.decisions([0])[0].message
'方向三第1名（限额2家），支持 100,000.00元'
>>> result.to_allocation().decisions == allocate_candidates(people).decisions
True

```
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from ._optional import require
from ._version import __version__
from .allocation import (
    Allocation,
    AllocationPolicy,
    Budget,
    BudgetMode,
    Candidate,
    Decision,
    DirectionTotal,
    Outcome,
    Reassess,
    TieBreak,
    allocate_candidates,
    check_budgets,
    claims_of,
    exclusion_rules,
    forbidding_rule,
    short_name,
)
from .engine import rules_digest
from .exclusion import CountLimit, Exclusion, ExclusionMode
from .ledger import Ledger
from .models import Application
from .money import ZERO, Money, Ratio
from .parts import application_year
from .registry import all_directions
from .rules import AnyRules, Ranking, Unit

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["LAST", "OUTCOMES", "CandidateColumns", "ColumnarAllocation", "allocate_columns"]

OUTCOMES: Final[tuple[Outcome, ...]] = tuple(Outcome)
"""The outcome of code ``i`` in `ColumnarAllocation.outcome`."""
_CODE: Final = {o: i for i, o in enumerate(OUTCOMES)}
_NONE: Final = -1
LAST: Final = 2**63 - 1
"""A missing key (review score, time, preference): sorts after every given one."""
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_INT64_LIMIT: Final = 2**63


def _numpy() -> Any:
    return require("numpy", "batch", "columnar allocation")


@dataclass(frozen=True, eq=False)
class CandidateColumns:
    """The candidates of one round as columns (build them with `from_candidates` or `build`).

    Keys are integers that sort as the scalar allocator sorts: ``score`` is an order code (0 the
    best review score, `LAST` none), ``contract_time`` / ``online_time`` microseconds since 1970
    UTC (`LAST` none), ``preference`` the declared order (`LAST` none), ``id_order`` the position of
    the id among the sorted ids, and ``enterprise`` an index into ``credit_codes``, which are sorted.
    ``candidate`` gives candidate ``i`` as a `Candidate`: the decisions' messages and the scalar
    fallback read it, the columns never do.
    """

    ids: tuple[str, ...]
    refs: tuple[str, ...]
    direction: NDArray[np.int64]
    enterprise: NDArray[np.int64]
    credit_codes: tuple[str, ...]
    eligible: NDArray[np.bool_]
    award: NDArray[np.int64]
    withdrawn: NDArray[np.bool_]
    id_order: NDArray[np.int64]
    score: NDArray[np.int64]
    contract_time: NDArray[np.int64]
    online_time: NDArray[np.int64]
    preference: NDArray[np.int64]
    priority: NDArray[np.bool_]
    project: NDArray[np.int64]
    """Index into ``projects``."""
    projects: tuple[str, ...]
    provisional: NDArray[np.bool_]
    candidate: Callable[[int], Candidate] = field(repr=False)
    year: NDArray[np.int64] | None = None
    """申报年度 of each candidate (0: none), for a count limit per year; ``None``: none given."""
    claim_owner: NDArray[np.int64] | None = None
    """Per claim (an invoice or contract a candidate lists, ``models.claim_key``): its candidate, or
    -1 for one the ledger's awards counted. A claim of two candidates that both take part in the
    round (or of one and the ledger) is for the scalar allocator, which decides who counts it."""
    claim_code: NDArray[np.int64] | None = None
    """Per claim: the claim's code (equal codes, equal keys)."""

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("direction", "enterprise", "eligible", "award", "withdrawn", "id_order", "score",
                     "contract_time", "online_time", "preference", "priority", "project", "provisional"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name}: {len(getattr(self, name))} rows: expected one per candidate ({n})")
        if n and (int(self.direction.min()) < 0 or int(self.direction.max()) >= len(self.refs)):
            raise ValueError(f"direction: codes outside 0..{len(self.refs) - 1}: expected indexes into refs")
        if n and (int(self.enterprise.min()) < 0 or int(self.enterprise.max()) >= len(self.credit_codes)):
            raise ValueError("enterprise: codes outside credit_codes: expected indexes into credit_codes")
        if n and (int(self.project.min()) < 0 or int(self.project.max()) >= len(self.projects)):
            raise ValueError("project: codes outside projects: expected indexes into projects")
        if self.year is not None and len(self.year) != n:
            raise ValueError(f"year: {len(self.year)} rows: expected one per candidate ({n})")
        if (self.claim_owner is None) != (self.claim_code is None) or (
            self.claim_owner is not None and self.claim_code is not None and len(self.claim_owner) != len(self.claim_code)
        ):
            raise ValueError("claim_owner, claim_code: expected both or neither, one row per claim each")
        if self.claim_owner is not None and len(self.claim_owner) and int(self.claim_owner.max()) >= n:
            raise ValueError("claim_owner: expected candidate indexes (or -1 for the ledger)")
        if not all(map(operator.lt, self.credit_codes, self.credit_codes[1:])):
            raise ValueError("credit_codes: expected distinct codes in ascending order (the tie order)")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        *,
        ids: Sequence[str],
        refs: Sequence[str],
        credit_codes: Sequence[str],
        eligible: Sequence[bool] | NDArray[np.bool_],
        award: Sequence[int] | NDArray[np.int64],
        candidate: Callable[[int], Candidate],
        withdrawn: Sequence[bool] | None = None,
        review_score: Sequence[Decimal | None] | None = None,
        contract_time: Sequence[datetime | None] | None = None,
        online_time: Sequence[datetime | None] | None = None,
        preference: Sequence[int | None] | None = None,
        priority: Sequence[bool | None] | None = None,
        project_ids: Sequence[str] | None = None,
        provisional: Sequence[bool] | None = None,
        claims: Sequence[frozenset[str] | None] | None = None,
        ledger: Ledger | None = None,
        year: Sequence[int | None] | None = None,
    ) -> CandidateColumns:
        """Columns from one value per candidate: ``refs`` (``programme/direction``), the credit codes,
        ids and keys as given (factorised here, so that integer order is the scalar allocator's);
        ``claims``: the invoices and contracts each lists, with those the ``ledger`` counted."""
        np = _numpy()
        n = len(ids)
        ref_table: dict[str, int] = {}
        direction = np.fromiter((ref_table.setdefault(r, len(ref_table)) for r in refs), dtype=np.int64, count=n)
        codes = sorted(set(credit_codes))
        code_of = {c: i for i, c in enumerate(codes)}
        order = sorted(range(n), key=ids.__getitem__)
        id_order = np.empty(n, dtype=np.int64)
        id_order[np.asarray(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
        for a, b in itertools.pairwise(order):
            if ids[a] == ids[b]:
                raise ValueError(f"duplicate application id {ids[a]!r}: expected each id once")
        scores = sorted({s for s in review_score or () if s is not None}, reverse=True)
        score_of = {s: i for i, s in enumerate(scores)}
        projects: dict[str, int] = {"": 0}

        owners: list[int] = []
        keys: list[int] = []
        known: dict[str, int] = {}
        for e in ledger.entries if ledger is not None else ():
            for key in e.claims:
                owners.append(-1)
                keys.append(known.setdefault(key, len(known)))
        for index, listed in enumerate(claims or ()):
            for key in listed or ():
                owners.append(index)
                keys.append(known.setdefault(key, len(known)))

        def times(values: Sequence[datetime | None] | None) -> Any:
            if values is None:
                return np.full(n, LAST, dtype=np.int64)
            return np.fromiter((LAST if t is None else _micros(t) for t in values), dtype=np.int64, count=n)

        return cls(
            ids=tuple(ids),
            refs=tuple(ref_table),
            direction=direction,
            enterprise=np.fromiter((code_of[c] for c in credit_codes), dtype=np.int64, count=n),
            credit_codes=tuple(codes),
            eligible=np.asarray(eligible, dtype=bool).reshape(n),
            award=np.asarray(award, dtype=np.int64).reshape(n),
            withdrawn=np.zeros(n, dtype=bool) if withdrawn is None else np.asarray(withdrawn, dtype=bool).reshape(n),
            id_order=id_order,
            score=np.full(n, LAST, dtype=np.int64) if review_score is None else np.fromiter(
                (LAST if s is None else score_of[s] for s in review_score), dtype=np.int64, count=n),
            contract_time=times(contract_time),
            online_time=times(online_time),
            preference=np.full(n, LAST, dtype=np.int64) if preference is None else np.fromiter(
                (LAST if p is None else p for p in preference), dtype=np.int64, count=n),
            priority=np.zeros(n, dtype=bool) if priority is None else np.fromiter(
                (bool(p) for p in priority), dtype=bool, count=n),
            project=np.zeros(n, dtype=np.int64) if project_ids is None else np.fromiter(
                (projects.setdefault(p, len(projects)) for p in project_ids), dtype=np.int64, count=n),
            projects=tuple(projects),
            provisional=np.zeros(n, dtype=bool) if provisional is None else np.asarray(provisional, dtype=bool).reshape(n),
            candidate=candidate,
            year=None if year is None else np.fromiter((y or 0 for y in year), dtype=np.int64, count=n),
            claim_owner=np.asarray(owners, dtype=np.int64),
            claim_code=np.asarray(keys, dtype=np.int64),
        )

    @classmethod
    def from_candidates(cls, candidates: Sequence[Candidate], ledger: Ledger | None = None) -> CandidateColumns:
        """The columns of `Candidate` objects (``ledger``: the awards before the round, whose claims count)."""
        people = tuple(candidates)
        return cls.build(
            ids=[c.application_id for c in people],
            refs=[f"{c.programme}/{c.direction}" for c in people],
            credit_codes=[c.credit_code for c in people],
            eligible=[c.eligible for c in people],
            award=[c.award.fen for c in people],
            candidate=people.__getitem__,
            withdrawn=[c.withdrawn for c in people],
            review_score=[c.review_score for c in people],
            contract_time=[c.contract_time for c in people],
            online_time=[c.online_time for c in people],
            preference=[c.preference for c in people],
            priority=[c.priority for c in people],
            project_ids=[c.project_id for c in people],
            provisional=[c.provisional is not None for c in people],
            claims=[c.claims for c in people],
            ledger=ledger,
            year=[c.year for c in people],
        )


    @classmethod
    def from_applications(
        cls,
        applications: Sequence[Application],
        *,
        programme_direction: Sequence[tuple[str, str]],
        eligible: Sequence[bool] | NDArray[np.bool_],
        award: Sequence[int] | NDArray[np.int64],
        failures: Callable[[int], tuple[str, ...]],
        ledger: Ledger | None = None,
    ) -> CandidateColumns:
        """The columns of assessed applications: ``programme_direction``, ``eligible``, ``award``
        (the assessed award, or the award if eligible for an ineligible one) and ``failures`` (the
        failure codes of application ``i``) from any engine; the keys from the applications.

        The keys do not depend on the rules: `with_outcomes` gives the columns of another assessment
        of the same applications (a what-if) without reading them again."""
        apps = tuple(applications)
        pairs = tuple(programme_direction)
        times = [[c.submitted_at for c in a.contracts if c.submitted_at is not None] for a in apps]
        outcome = _Outcomes(apps, pairs, eligible, award, failures)
        return cls.build(
            ids=[a.id for a in apps],
            refs=[f"{p}/{d}" for p, d in pairs],
            credit_codes=[a.enterprise.credit_code for a in apps],
            eligible=eligible,
            award=award,
            candidate=outcome.candidate,
            withdrawn=[a.withdrawn for a in apps],
            review_score=[a.review_score for a in apps],
            contract_time=[min(t) if t else None for t in times],
            online_time=[a.submission.online_at for a in apps],
            preference=[a.preference for a in apps],
            priority=[a.facts.priority_supported for a in apps],
            project_ids=[a.project.id for a in apps],
            claims=[claims_of(a) for a in apps],
            ledger=ledger,
            year=[application_year(a) for a in apps],
        )

    def with_outcomes(
        self,
        *,
        eligible: NDArray[np.bool_],
        award: NDArray[np.int64],
        failures: Callable[[int], tuple[str, ...]],
    ) -> CandidateColumns:
        """The same candidates assessed otherwise (columns from `from_applications`)."""
        outcome = getattr(self.candidate, "__self__", None)
        if not isinstance(outcome, _Outcomes):
            raise ValueError("columns: expected columns built by CandidateColumns.from_applications")
        np = _numpy()
        eligible = np.asarray(eligible, dtype=bool).reshape(len(self))
        award = np.asarray(award, dtype=np.int64).reshape(len(self))
        again = _Outcomes(outcome.apps, outcome.pairs, eligible, award, failures)
        return dataclasses.replace(self, eligible=eligible, award=award, candidate=again.candidate)


class _Outcomes:
    """Candidate ``i`` of assessed applications, made when asked (a message, the scalar fallback)."""

    __slots__ = ("apps", "award", "eligible", "failures", "pairs")

    def __init__(
        self,
        apps: tuple[Application, ...],
        pairs: tuple[tuple[str, str], ...],
        eligible: Sequence[bool] | NDArray[np.bool_],
        award: Sequence[int] | NDArray[np.int64],
        failures: Callable[[int], tuple[str, ...]],
    ) -> None:
        self.apps, self.pairs, self.eligible, self.award, self.failures = apps, pairs, eligible, award, failures

    def candidate(self, i: int) -> Candidate:
        programme, direction = self.pairs[i]
        return Candidate.outcome_of(
            self.apps[i], programme=programme, direction=direction, eligible=bool(self.eligible[i]),
            award=Money(int(self.award[i])), failures=self.failures(i),
        )


def _micros(moment: datetime) -> int:
    """Microseconds since 1970 UTC: orders as ``datetime.timestamp()`` (a naive moment as the scalar reads it)."""
    if moment.tzinfo is None:
        return round(moment.timestamp() * 1_000_000)  # float-ok: a naive time is read as Python reads it
    return (moment - _EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True, eq=False)
class _Event:
    """What one budget envelope did, for the words of its decisions: under rank-fill who was refused
    and who partly funded; pro rata (``factor`` set) each member's share."""

    budget: Budget
    members: Any
    """Candidate indices in the envelope, in rank order."""
    exhausted: Any
    """Per member: refused by this envelope."""
    partial: int
    """The member (its position in ``members``) partly funded, or -1."""
    remaining: int
    factor: Ratio | None = None
    shares: Any = None


@dataclass(frozen=True, eq=False)
class ColumnarAllocation:
    """A round decided over columns: per candidate (in the columns' order) its outcome code
    (`OUTCOMES`), funded 分 and rank (0: took no place); messages on demand."""

    columns: CandidateColumns
    outcome: NDArray[np.int8]
    funded: NDArray[np.int64]
    rank: NDArray[np.int64]
    totals: tuple[DirectionTotal, ...]
    total: Money
    policy: AllocationPolicy
    engine: str
    """``columnar``, or ``scalar`` where the round needs what the columns do not decide."""
    fallback: str | None
    """Why the scalar allocator decided the round (``None``: the columns did)."""
    _rules: tuple[AnyRules, ...] = field(repr=False)
    _table: Mapping[str, AnyRules] = field(repr=False)
    _exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = field(repr=False)
    _ledger: Ledger | None = field(repr=False)
    _reassess: Reassess | None = field(repr=False)
    _order: Any = field(repr=False)
    """Active candidates (after exclusion) sorted by direction, rank and tie keys."""
    _events: tuple[_Event, ...] = field(repr=False)
    _scalar: Allocation | None = field(repr=False)

    def outcomes(self) -> list[Outcome]:
        return [OUTCOMES[int(code)] for code in self.outcome]

    def funded_ids(self) -> list[str]:
        """The ids funded with a positive amount, in the columns' order."""
        np = _numpy()
        ids = self.columns.ids
        return [ids[int(i)] for i in np.flatnonzero((self.outcome == _CODE[Outcome.FUNDED]) & (self.funded > 0))]

    def decisions(self, indices: Sequence[int] | None = None) -> tuple[Decision, ...]:
        """The decisions of the candidates at ``indices`` (default all), exactly as
        `allocate_candidates` words them; rendered on demand from the part of the round that
        decided each (the enterprise's group, the direction's ranking up to its tie)."""
        chosen = list(range(len(self.columns))) if indices is None else [int(i) for i in indices]
        if self._scalar is not None:
            by_id = {d.application_id: d for d in self._scalar.decisions}
            return tuple(by_id[self.columns.ids[i]] for i in chosen)
        return _Renderer(self).render(chosen)

    def decision_order(self) -> NDArray[np.int64]:
        """Candidate indices in the order of `Allocation.decisions`: by the rules table's order of
        directions, then rank (those with none last), then application id."""
        numpy = _numpy()
        position = {ref: i for i, ref in enumerate(self._table)}
        table_order = numpy.asarray([position[r.ref] for r in self._rules], dtype=numpy.int64)
        rank = numpy.where(self.rank > 0, self.rank, LAST)
        order: NDArray[np.int64] = numpy.lexsort((self.columns.id_order, rank, table_order[self.columns.direction]))
        return order

    def to_allocation(self) -> Allocation:
        """Every decision, as `allocate_candidates` returns them (the messages rendered)."""
        if self._scalar is not None:
            return self._scalar
        decisions = self.decisions(self.decision_order().tolist())
        used = {id(self._rules[int(r)]): self._rules[int(r)] for r in sorted(set(self.columns.direction.tolist()))}
        return Allocation(
            decisions=tuple(decisions),
            totals=self.totals,
            total=self.total,
            policy=self.policy,
            rules_digests={r.ref: rules_digest(r) for r in used.values()},
            library_version=__version__,
        )


def allocate_columns(
    columns: CandidateColumns,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
    reassess: Reassess | None = None,
) -> ColumnarAllocation:
    """Allocate a round given as columns: the same decisions as
    [`allocate_candidates`][subsidycalc.allocation.allocate_candidates] on the same candidates
    (``reassess``: as there, to assess an application again; it words a refusal and records claims)."""
    np = _numpy()
    policy = policy or AllocationPolicy()
    table = dict(rules) if rules is not None else all_directions()
    c = columns
    n = len(c)
    found: list[AnyRules] = []
    for ref in c.refs:
        hit = table.get(ref)
        if hit is None:
            first = c.ids[int(np.flatnonzero(c.direction == len(found))[0])] if n else "?"
            raise ValueError(f"candidate {first!r}: no rules for {ref}")
        found.append(hit)
    ref_rules = tuple(found)
    if n and np.bincount(c.id_order, minlength=n).max() > 1:
        raise ValueError("id_order: expected each id once (a permutation of 0..n-1)")
    check_budgets(policy.budgets, table)
    limits = {p: exclusion_rules(exclusions, p) for p in sorted({r.programme for r in ref_rules})}

    def fallback(why: str) -> ColumnarAllocation:
        return _scalar(c, ref_rules, table, exclusions, policy, ledger, reassess, why)

    why = _unsupported(c, ref_rules, limits, policy)
    if why is not None:
        return fallback(why)

    outcome = np.full(n, _NONE, dtype=np.int8)
    outcome[~c.eligible] = _CODE[Outcome.INELIGIBLE]
    outcome[c.withdrawn] = _CODE[Outcome.WITHDRAWN]
    grouped = outcome == _NONE  # who forms the enterprises' groups
    _exclude(c, ref_rules, limits, outcome)
    _limit_counts(c, ref_rules, limits, outcome, grouped)
    active = outcome == _NONE
    why = _history_shared(c, ref_rules, active) or _claims_shared(c, active)
    if why is not None:
        return fallback(why)

    funded = np.zeros(n, dtype=np.int64)
    rank = np.zeros(n, dtype=np.int64)
    order = _fill(c, ref_rules, policy, ledger, active, outcome, funded, rank)
    events = tuple(
        _budget(c, ref_rules, table, budget, policy, outcome, funded, rank)
        for budget in sorted(policy.budgets, key=lambda b: (b.specificity(), b.scope))
    )
    totals, total = _totals(c, ref_rules, table, outcome, funded)
    return ColumnarAllocation(
        columns=c, outcome=outcome, funded=funded, rank=rank, totals=totals, total=total, policy=policy,
        engine="columnar", fallback=None, _rules=ref_rules, _table=table, _exclusions=exclusions,
        _ledger=ledger, _reassess=reassess, _order=order, _events=events, _scalar=None,
    )


def _unsupported(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    limits: Mapping[str, Sequence[Exclusion | CountLimit]],
    policy: AllocationPolicy,
) -> str | None:
    """Why the columns cannot decide this round, or ``None``."""
    if policy.exclusion_mode is not ExclusionMode.STRICT:
        return f"exclusion_mode {policy.exclusion_mode.value!r} (the columns decide strict exclusion)"
    if bool(c.provisional.any()):
        return "a candidate assessed at an earlier stage (its places are selections)"
    for r in ref_rules:
        if r.ranking is Ranking.CERTIFICATION_DATE:
            return f"{r.ref}: ranked by 试点认定 date (赛马)"
        if (r.quota is not None and r.quota_unit is Unit.APPLICATION and r.cap_unit is Unit.ENTERPRISE
                and r.payout.cap is not None):
            return f"{r.ref}: a quota per application with a cap per enterprise"
    present = {(r.programme, r.key): r for r in ref_rules}
    for programme, rules in limits.items():
        for limit in rules:
            if not isinstance(limit, CountLimit):
                continue
            limited = [present[(programme, d)] for d in sorted(limit.directions) if (programme, d) in present]
            if not limited:
                continue
            if limit.per != "enterprise" or limit.order != "rank":
                return f"{programme}: count limit {limit.name!r} (per {limit.per}, by {limit.order})"
            if len({r.ranking for r in limited}) > 1:
                return f"{programme}: count limit {limit.name!r} over directions ranked in different ways"
    return None


def _exclude(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    limits: Mapping[str, Sequence[Exclusion | CountLimit]],
    outcome: NDArray[np.int8],
) -> None:
    """Strict exclusion: a candidate is refused when a rule forbids its direction with another
    direction (or, ``same_project``, the same project in it) where its enterprise has another one."""
    np = _numpy()
    refs = len(ref_rules)
    forbid = np.zeros((refs, refs), dtype=np.int64)
    same = np.zeros((refs, refs), dtype=bool)
    for i, a in enumerate(ref_rules):
        for j, b in enumerate(ref_rules):
            if a.programme != b.programme:
                continue
            rule = forbidding_rule(limits[a.programme], a.key, b.key)
            if rule is not None:
                forbid[i, j] = 1
                same[i, j] = rule.same_project
    if not forbid.any():
        return
    active = np.flatnonzero(outcome == _NONE)
    ent = c.enterprise[active]
    many = np.bincount(ent, minlength=len(c.credit_codes)) > 1
    members = active[many[ent]]  # an enterprise's only candidate conflicts with nothing
    if not len(members):
        return
    ent = c.enterprise[members]
    ref = c.direction[members]
    groups, local = np.unique(ent, return_inverse=True)
    counts = np.bincount(local * refs + ref, minlength=len(groups) * refs).reshape(len(groups), refs)
    plain = forbid * ~same
    conflicts = (counts @ plain.T)[local, ref] - plain[ref, ref]
    if same.any():
        proj = c.project[members]
        keys = (local * refs + ref) * len(c.projects) + proj
        unique, per = np.unique(keys, return_counts=True)
        for j in range(refs):
            rows = np.flatnonzero(same[ref, j] & (forbid[ref, j] > 0))
            if not len(rows):
                continue
            wanted = (local[rows] * refs + j) * len(c.projects) + proj[rows]
            at = np.minimum(np.searchsorted(unique, wanted), len(unique) - 1)
            hits = np.where(unique[at] == wanted, per[at], 0)
            conflicts[rows] += hits - (ref[rows] == j)
    outcome[members[conflicts > 0]] = _CODE[Outcome.MUTUALLY_EXCLUSIVE]


def _ranking_keys(c: CandidateColumns, ref_rules: Sequence[AnyRules], rows: Any) -> list[Any]:
    """The ranking keys of ``rows`` (most significant first): the score, then the contract time or
    the priority where the direction ranks by it. A direction ranks by (score, contract time) or
    (score, priority), never both, so (score, priority, time) sorts as (score, time, priority)."""
    np = _numpy()
    ref = c.direction[rows]
    by_time = np.asarray([r.ranking is Ranking.REVIEW_SCORE_THEN_CONTRACT_TIME for r in ref_rules], dtype=bool)[ref]
    by_priority = np.asarray([r.ranking is Ranking.REVIEW_SCORE_THEN_PRIORITY for r in ref_rules], dtype=bool)[ref]
    return [
        c.score[rows],
        np.where(by_priority, ~c.priority[rows], False).astype(np.int64),
        np.where(by_time, c.contract_time[rows], 0),
    ]


def _limit_counts(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    limits: Mapping[str, Sequence[Exclusion | CountLimit]],
    outcome: Any,
    grouped: Any,
) -> None:
    """「每年牵头不超过3个」: beyond ``max_count`` of one enterprise's applications in the limited
    directions (per 申报年度 where ``per_year``), the lower ranked are ``LIMIT_EXCEEDED`` — ranked by
    their directions' ranking, ties by online submission, credit code, preference, id. Only an
    enterprise with two or more candidates in the programme forms a group (as `allocation` does)."""
    np = _numpy()
    present = {(r.programme, r.key) for r in ref_rules}
    if not any(isinstance(limit, CountLimit) and any((name, d) in present for d in limit.directions)
               for name, rules in limits.items() for limit in rules):
        return
    programme_of = [r.programme for r in ref_rules]
    codes = sorted(set(programme_of))
    programme = np.asarray([codes.index(p) for p in programme_of], dtype=np.int64)
    pair = programme[c.direction] * len(c.credit_codes) + c.enterprise
    rows = np.flatnonzero(grouped)
    _, inverse, sizes = np.unique(pair[rows], return_inverse=True, return_counts=True)
    in_group = np.zeros(len(c), dtype=bool)
    in_group[rows] = sizes[inverse.reshape(-1)] > 1
    year = c.year if c.year is not None else np.zeros(len(c), dtype=np.int64)
    for name, rules in limits.items():
        for limit in rules:
            if not isinstance(limit, CountLimit):
                continue
            limited = np.asarray([r.programme == name and r.key in limit.directions for r in ref_rules], dtype=bool)
            members = np.flatnonzero((outcome == _NONE) & in_group & limited[c.direction])
            if len(members) <= limit.max_count:
                continue
            group = [pair[members], year[members] if limit.per_year else np.zeros(len(members), dtype=np.int64)]
            keys = [*group, *_ranking_keys(c, ref_rules, members), c.online_time[members], c.enterprise[members],
                    c.preference[members], c.id_order[members]]
            members = members[np.lexsort(_packed(np, keys)[::-1])]
            head = np.ones(len(members), dtype=bool)
            head[1:] = (pair[members][1:] != pair[members][:-1])
            if limit.per_year:
                head[1:] |= year[members][1:] != year[members][:-1]
            position = np.arange(len(members)) - _segment_starts(np, head)
            outcome[members[position >= limit.max_count]] = _CODE[Outcome.LIMIT_EXCEEDED]


def _history_shared(c: CandidateColumns, ref_rules: Sequence[AnyRules], active: Any) -> str | None:
    """A candidate whose rules read earlier awards, sharing its enterprise or project with another
    candidate of the round: the scalar allocator assesses it again after the other's award."""
    np = _numpy()
    reads = np.asarray([r.reads_history for r in ref_rules], dtype=bool)
    if not reads.any():
        return None
    readers = active & reads[c.direction]
    if not readers.any():
        return None
    by_enterprise = np.bincount(c.enterprise[active], minlength=len(c.credit_codes))
    by_project = np.bincount(c.project[active], minlength=len(c.projects))
    by_project[0] = 0  # no project named: never the same project
    shared = readers & ((by_enterprise[c.enterprise] > 1) | (by_project[c.project] > 1))
    if shared.any():
        first = c.ids[int(np.flatnonzero(shared)[0])]
        return f"candidate {first!r} reads earlier awards and shares its enterprise or project in the round"
    return None


def _claims_shared(c: CandidateColumns, active: Any) -> str | None:
    """An invoice or contract listed by two candidates that take part in the round (or by one and
    the ledger): the scalar allocator decides which counts it."""
    np = _numpy()
    if c.claim_owner is None or c.claim_code is None or not len(c.claim_owner):
        return None
    owner = c.claim_owner
    live = (owner < 0) | active[np.maximum(owner, 0)]
    codes = np.sort(c.claim_code[live])
    if len(codes) > 1 and bool((codes[1:] == codes[:-1]).any()):
        return "an invoice or contract is listed by two candidates of the round or by the ledger"
    return None


def _prior(c: CandidateColumns, ref_rules: Sequence[AnyRules], ledger: Ledger | None, rows: Any) -> Any:
    """Per row: the ledger's awards to the row's enterprise in the row's direction (分)."""
    np = _numpy()
    prior = np.zeros(len(rows), dtype=np.int64)
    if ledger is None or not ledger.entries or not len(rows):
        return prior
    code_of = {code: i for i, code in enumerate(c.credit_codes)}
    ref_of = {(r.programme, r.key): i for i, r in enumerate(ref_rules)}
    refs = len(ref_rules)
    sums: dict[int, int] = {}
    for e in ledger.entries:
        ent, ref = code_of.get(e.enterprise), ref_of.get((e.programme, e.item))
        if ent is not None and ref is not None and ent * refs + ref not in sums:
            sums[ent * refs + ref] = ledger.total(enterprise=e.enterprise, programme=e.programme, item=e.item).fen
    if not sums:
        return prior
    keys = np.asarray(sorted(sums), dtype=np.int64)
    values = np.asarray([sums[k] for k in sorted(sums)], dtype=np.int64)
    wanted = c.enterprise[rows] * refs + c.direction[rows]
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], 0)


def _packed(np: Any, keys: Sequence[Any]) -> list[Any]:
    """Sort keys (most significant first) with neighbours packed into one ``int64`` where their
    ranges fit in 63 bits together: the same order, fewer passes of ``lexsort``. A key's `LAST`
    becomes one past its largest given value; a constant key is dropped."""
    out: list[Any] = []
    bits = 0
    for key in keys:
        if not len(key):
            return list(keys)
        given = key != LAST
        low = int(key.min())
        high = int(key[given].max()) if given.any() else low
        if not given.all():
            key = np.where(given, key, high + 1)
            high += 1
        span = high - low
        if span == 0:
            continue
        width = span.bit_length()
        if width > 62:  # too wide to shift: kept as it is, alone
            out.append(key)
            bits = 64
        elif out and bits + width <= 63:
            out[-1] = (out[-1] << width) | (key - low)
            bits += width
        else:
            out.append(key - low)
            bits = width
    return out or [np.zeros(len(keys[0]), dtype=np.int64)]


def _segment_starts(np: Any, flags: Any) -> Any:
    """For each position, the index where its segment starts (``flags``: True at each start)."""
    starts = np.flatnonzero(flags)
    return starts[np.cumsum(flags) - 1]


def _fill(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    policy: AllocationPolicy,
    ledger: Ledger | None,
    active: Any,
    outcome: Any,
    funded: Any,
    rank: Any,
) -> Any:
    """Places by rank in every direction, caps per enterprise; returns the active candidates in order."""
    np = _numpy()
    rows = np.flatnonzero(active)
    if not len(rows):
        return rows
    ref = c.direction[rows]
    score, third, second = _ranking_keys(c, ref_rules, rows)
    major = [ref, score, third, second]
    if policy.tie_break is TieBreak.SUBMISSION_TIME:
        major.append(c.online_time[rows])
    sort = np.lexsort(_packed(np, [*major, c.enterprise[rows], c.preference[rows], c.id_order[rows]])[::-1])
    rows, ref, score, second, third = rows[sort], ref[sort], score[sort], second[sort], third[sort]
    m = len(rows)
    index = np.arange(m, dtype=np.int64)
    new_direction = np.empty(m, dtype=bool)
    new_direction[0] = True
    new_direction[1:] = ref[1:] != ref[:-1]
    new_group = new_direction.copy()
    new_group[1:] |= (score[1:] != score[:-1]) | (second[1:] != second[:-1]) | (third[1:] != third[:-1])
    direction_start = _segment_starts(np, new_direction)
    group_start = _segment_starts(np, new_group)
    unresolved = policy.tie_break is TieBreak.UNRESOLVED
    rank[rows] = (group_start if unresolved else index) - direction_start + 1

    quota = np.asarray([r.quota.value if r.quota is not None else -1 for r in ref_rules], dtype=np.int64)[ref]
    per_enterprise = np.asarray([r.quota_unit is Unit.ENTERPRISE for r in ref_rules], dtype=bool)[ref]
    capped = np.asarray([r.cap_unit is Unit.ENTERPRISE and r.payout.cap is not None for r in ref_rules], dtype=bool)
    cap = np.asarray([r.payout.cap.value.fen if r.payout.cap is not None else 0 for r in ref_rules], dtype=np.int64)[ref]
    capped = capped[ref]
    award = c.award[rows]
    ent = c.enterprise[rows]
    prior = np.zeros(m, dtype=np.int64)
    if capped.any():
        prior[capped] = _prior(c, ref_rules, ledger, rows[capped])
    pays = np.asarray([r.pays for r in ref_rules], dtype=bool)[ref]  # a text with no amount: 0 is its award
    refused = ((award <= 0) & pays) | (capped & (prior > 0) & (prior >= cap))

    # Claimants: who needs a place — every candidate, or an enterprise's first in the direction.
    # Only an enterprise with several candidates in the round needs looking up.
    pair = ref * len(c.credit_codes) + ent
    open_ = np.flatnonzero(~refused)
    several = (np.bincount(ent[open_], minlength=len(c.credit_codes)) > 1)[ent]
    claimant_of = np.full(m, -1, dtype=np.int64)
    claimant_of[open_] = open_
    shared = open_[several[open_] & per_enterprise[open_]]
    if len(shared):
        _, first, inverse = np.unique(pair[shared], return_index=True, return_inverse=True)
        claimant_of[shared] = shared[first][inverse.reshape(-1)]
    claimant = np.zeros(m, dtype=bool)
    claimant[open_] = claimant_of[open_] == open_
    counted = np.cumsum(claimant) - claimant  # claimants before each position, whole array
    before_direction = counted[direction_start]
    starts = np.flatnonzero(new_group)
    in_group = np.add.reduceat(claimant.astype(np.int64), starts)
    group_of = np.cumsum(new_group) - 1
    wanted = in_group[group_of]
    taken = counted[group_start] - before_direction  # claimants of earlier groups in the direction
    limited = quota >= 0
    if unresolved:
        placed = ~limited | (taken + wanted <= quota)
        contested = limited & (taken < quota) & (quota < taken + wanted)
    else:
        placed = ~limited | (counted - before_direction < quota)
        contested = np.zeros(m, dtype=bool)
    state = np.where(placed, 1, np.where(contested, 2, 3))  # of each position, as a claimant
    holder = np.zeros(m, dtype=bool)
    status = np.zeros(m, dtype=np.int64)
    status[open_] = state[claimant_of[open_]]
    same_group = np.zeros(m, dtype=bool)
    same_group[open_] = group_of[claimant_of[open_]] == group_of[open_]
    holder[open_] = status[open_] == 1
    code = np.full(m, _CODE[Outcome.HISTORY_LIMIT], dtype=np.int8)
    code[open_] = np.where(
        status[open_] == 1, _CODE[Outcome.FUNDED],
        np.where((status[open_] == 2) & same_group[open_], _CODE[Outcome.TIE_UNRESOLVED], _CODE[Outcome.QUOTA_EXCEEDED]),
    )

    # Amounts: an enterprise's cap over the ledger and what the round granted before, in rank order.
    pay = np.where(holder, award, 0)
    alone = holder & capped & ~several & (prior > 0)  # the only one: the ledger's awards leave cap − prior
    pay[alone] = np.minimum(award[alone], cap[alone] - prior[alone])
    grants = np.flatnonzero(holder & capped & several)
    if len(grants):
        ordered = grants[np.argsort(pair[grants], kind="stable")]
        key = pair[ordered]
        head = np.empty(len(ordered), dtype=bool)
        head[0] = True
        head[1:] = key[1:] != key[:-1]
        start = _segment_starts(np, head)
        a = award[ordered]
        total = np.cumsum(a)
        upto = total - (total[start] - a[start]) + prior[ordered]  # prior + awards up to and including
        before = upto - a
        first_award = a[start]
        ceiling = np.maximum(cap[ordered], np.where(prior[ordered] == 0, first_award, 0))
        used_before = np.minimum(before, ceiling)
        blocked = ~head & (used_before >= cap[ordered])  # a head's prior is below the cap (else refused)
        amount = np.minimum(upto, ceiling) - used_before
        pay[ordered] = np.where(blocked, 0, amount)
        code[ordered[blocked]] = _CODE[Outcome.HISTORY_LIMIT]
    outcome[rows] = code
    funded[rows] = np.where(code == _CODE[Outcome.FUNDED], pay, 0)
    return rows


def _budget(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    table: Mapping[str, AnyRules],
    budget: Budget,
    policy: AllocationPolicy,
    outcome: Any,
    funded: Any,
    rank: Any,
) -> _Event:
    np = _numpy()
    covers = np.asarray([budget.covers(r) for r in ref_rules], dtype=bool)
    position = {ref: i for i, ref in enumerate(table)}
    table_order = np.asarray([position[r.ref] for r in ref_rules], dtype=np.int64)
    members = np.flatnonzero((outcome == _CODE[Outcome.FUNDED]) & (funded > 0) & covers[c.direction])
    members = members[np.lexsort((c.id_order[members], table_order[c.direction[members]], rank[members]))]
    envelope = budget.amount.fen
    amounts = funded[members]
    exhausted = np.zeros(len(members), dtype=bool)
    if policy.budget_mode is BudgetMode.RANK_FILL:
        running = np.cumsum(amounts)
        over = np.flatnonzero(running > envelope)
        partial, remaining = -1, 0
        if len(over):
            j = int(over[0])
            remaining = envelope - (int(running[j - 1]) if j else 0)
            if policy.partial_last and remaining > 0:
                partial = j
                funded[members[j]] = remaining
                j += 1
            exhausted[j:] = True
            outcome[members[exhausted]] = _CODE[Outcome.BUDGET_EXHAUSTED]
            funded[members[exhausted]] = 0
        return _Event(budget, members, exhausted, partial, remaining)
    demand = sum(amounts.tolist()) if len(amounts) else 0
    if demand <= envelope:
        return _Event(budget, members[:0], exhausted[:0], -1, 0)
    if int(amounts.max()) * envelope < _INT64_LIMIT and demand < _INT64_LIMIT:
        whole, remainder = np.divmod(amounts * envelope, demand)
    else:  # products past int64: exact in Python integers
        pairs = [divmod(a * envelope, demand) for a in amounts.tolist()]
        whole = np.asarray([p[0] for p in pairs], dtype=np.int64)
        remainder = np.asarray([p[1] for p in pairs], dtype=object)
    left = envelope - sum(whole.tolist())
    if left:
        order = sorted(range(len(members)), key=lambda i: (-remainder[i], i))[:left] if remainder.dtype == object else (
            np.lexsort((np.arange(len(members)), -remainder))[:left])
        whole[np.asarray(order, dtype=np.int64)] += 1
    shares = whole.astype(np.int64)
    funded[members] = shares
    exhausted = shares == 0
    outcome[members[exhausted]] = _CODE[Outcome.BUDGET_EXHAUSTED]
    return _Event(budget, members, exhausted, -1, 0, Ratio(Fraction(envelope, demand)), shares)


def _totals(
    c: CandidateColumns, ref_rules: Sequence[AnyRules], table: Mapping[str, AnyRules], outcome: Any, funded: Any
) -> tuple[tuple[DirectionTotal, ...], Money]:
    np = _numpy()
    refs = len(ref_rules)
    applicants = np.bincount(c.direction, minlength=refs)
    eligible = np.bincount(c.direction[c.eligible], minlength=refs)
    paid = (outcome == _CODE[Outcome.FUNDED]) & (funded > 0)
    count = np.bincount(c.direction[paid], minlength=refs)
    if not len(funded) or int(funded.max()) * len(funded) < _INT64_LIMIT:
        per = np.zeros(refs, dtype=np.int64)
        np.add.at(per, c.direction, funded)
        sums = [int(v) for v in per]
    else:  # past int64: exact in Python integers
        sums = [0] * refs
        for r, f in zip(c.direction.tolist(), funded.tolist(), strict=True):
            sums[r] += f
    index = {r.ref: i for i, r in enumerate(ref_rules)}
    totals = []
    for ref, rules in table.items():
        i = index.get(ref)
        if i is None or not applicants[i]:
            continue
        totals.append(DirectionTotal(
            programme=rules.programme, direction=rules.key, name=short_name(rules),
            quota=rules.quota.value if rules.quota is not None else None,
            applicants=int(applicants[i]), eligible=int(eligible[i]), funded_count=int(count[i]),
            funded_total=Money(sums[i]),
        ))
    return tuple(totals), Money(sum(sums))


def _scalar(
    c: CandidateColumns,
    ref_rules: Sequence[AnyRules],
    table: Mapping[str, AnyRules],
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None,
    policy: AllocationPolicy,
    ledger: Ledger | None,
    reassess: Reassess | None,
    why: str,
) -> ColumnarAllocation:
    """The round decided by the scalar allocator, returned as columns."""
    np = _numpy()
    n = len(c)
    result = allocate_candidates(
        [c.candidate(i) for i in range(n)], rules=table, exclusions=exclusions, policy=policy, ledger=ledger,
        reassess=reassess,
    )
    at = {cid: i for i, cid in enumerate(c.ids)}
    outcome = np.empty(n, dtype=np.int8)
    funded = np.zeros(n, dtype=np.int64)
    rank = np.zeros(n, dtype=np.int64)
    for d in result.decisions:
        i = at[d.application_id]
        outcome[i] = _CODE[d.outcome]
        funded[i] = d.funded.fen
        rank[i] = d.rank or 0
    return ColumnarAllocation(
        columns=c, outcome=outcome, funded=funded, rank=rank, totals=result.totals, total=result.total,
        policy=policy, engine="scalar", fallback=why, _rules=tuple(ref_rules), _table=table, _exclusions=exclusions,
        _ledger=ledger, _reassess=reassess, _order=None, _events=(), _scalar=result,
    )


class _Renderer:
    """Decisions worded by the scalar allocator itself, run on the part of the round that decided
    them (no budget: the columns' budget steps are then applied to the words)."""

    def __init__(self, result: ColumnarAllocation) -> None:
        self.r = result
        self.c = result.columns
        self.policy = result.policy.model_copy(update={"budgets": ()})

    def run(self, indices: Sequence[int]) -> dict[int, Decision]:
        r, c = self.r, self.c
        people = [c.candidate(int(i)) for i in indices]
        result = allocate_candidates(
            people, rules=r._table, exclusions=r._exclusions, policy=self.policy, ledger=r._ledger,
            reassess=r._reassess,
        )
        at = {cid: int(i) for cid, i in zip((p.application_id for p in people), indices, strict=True)}
        return {at[d.application_id]: d for d in result.decisions}

    def render(self, chosen: Sequence[int]) -> tuple[Decision, ...]:
        np = _numpy()
        r, c = self.r, self.c
        code = r.outcome
        alone: list[int] = []  # withdrawn, ineligible: decided by themselves
        groups: set[tuple[int, int]] = set()  # (programme's first direction code, enterprise) of an exclusion
        replay: dict[int, int] = {}  # direction → the last position in the ranking needed
        where = np.empty(len(c), dtype=np.int64)
        where[r._order] = np.arange(len(r._order), dtype=np.int64)
        programme = [r._rules[k].programme for k in range(len(r._rules))]
        for i in chosen:
            if code[i] in (_CODE[Outcome.WITHDRAWN], _CODE[Outcome.INELIGIBLE]):
                alone.append(i)
            elif code[i] in (_CODE[Outcome.MUTUALLY_EXCLUSIVE], _CODE[Outcome.LIMIT_EXCEEDED]):
                groups.add((programme.index(programme[int(c.direction[i])]), int(c.enterprise[i])))
            else:
                d = int(c.direction[i])
                replay[d] = max(replay.get(d, -1), int(where[i]))
        found = self.run(alone) if alone else {}
        pre = (code != _CODE[Outcome.WITHDRAWN]) & (code != _CODE[Outcome.INELIGIBLE])
        for first, ent in sorted(groups):
            same = np.asarray([p == programme[first] for p in programme], dtype=bool)
            found.update(self.run(np.flatnonzero((c.enterprise == ent) & same[c.direction] & pre).tolist()))
        order = r._order
        ref = c.direction[order]
        keys = (c.score[order], c.contract_time[order], c.priority[order])
        for d, last in sorted(replay.items()):
            end, hi = last + 1, int(np.searchsorted(ref, d, side="right"))
            while end < hi and all(k[end] == k[last] for k in keys):  # the rest of its tie
                end += 1
            found.update(self.run(order[int(np.searchsorted(ref, d, side="left")) : end].tolist()))
        for event in r._events:
            self._budget(event, found)
        return tuple(dataclasses.replace(found[i], funded=Money(int(r.funded[i])) if r.funded[i] else ZERO)
                     for i in chosen)

    @staticmethod
    def _budget(event: _Event, found: dict[int, Decision]) -> None:
        """The words `allocation` gives a budget's steps, for the decisions at hand."""
        budget = event.budget
        scope = "总预算" if budget.scope == "all" else f"{budget.scope}预算"
        shown = budget.amount.format()
        for position, i in enumerate(event.members.tolist()):
            d = found.get(i)
            if d is None:
                continue
            if event.factor is not None:
                share = int(event.shares[position])
                if share == 0:
                    d = dataclasses.replace(d, outcome=Outcome.BUDGET_EXHAUSTED, citation=None,
                                            message=f"{scope} {shown} 不足，按比例 {event.factor.percent()} 核减为 0")
                else:
                    d = dataclasses.replace(d, message=d.message + (
                        f"；{scope} {shown} 不足，按比例 {event.factor.percent()} 核减为 {Money(share).format()}"))
            elif position == event.partial:
                d = dataclasses.replace(d, message=d.message + (
                    f"；{scope} {shown} 仅余 {Money(event.remaining).format()}，部分支持"))
            elif event.exhausted[position]:
                d = dataclasses.replace(d, outcome=Outcome.BUDGET_EXHAUSTED, citation=None,
                                        message=f"第{d.rank}名，{scope} {shown} 按名次分配已用尽，未获支持")
            found[i] = d
