"""Read the store for the platform, always through the user's scope.

Every function takes the `Principal` and either filters by `scope_clause` or checks the object
with `authorize(..., owned=True)`; pages and the JSON API share these functions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, Text, and_, case, cast, func, literal, select, true, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from govinspect import model as m
from govinspect.rectify import Problem, repeat_offences
from govinspect.reports import check_label
from govinspect.rules import rate_text
from govinspect.store import ResultChange, Store
from govinspect.store.tables import FindingRow, RoundRow, SiteRow, TargetResultRow
from govinspect.web.authz import NotFound, Perm, Principal, authorize, scope_clause

PAGE_MAX = 500  # the API's largest page
TABLE_PAGE = 100  # rows per page of the results table
FINDINGS_PAGE = 50  # findings with their evidence per page of a target


@dataclass(frozen=True, slots=True)
class ResultView:
    """One target's result in one round, as the pages and API show it."""

    id: int
    round_name: str
    target_kind: str
    target: str
    unit: str
    name: str
    score: float | None
    verdict: str
    vetoes: tuple[str, ...]
    deductions: tuple[dict[str, Any], ...]
    summary: str

    @property
    def veto_names(self) -> list[str]:
        return [check_label(c) for c in self.vetoes]

    @property
    def deducted(self) -> float:
        return round(sum(float(d.get("points", 0)) for d in self.deductions), 2)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "round": self.round_name,
            "target_kind": self.target_kind,
            "target": self.target,
            "unit": self.unit,
            "name": self.name,
            "score": self.score,
            "verdict": self.verdict,
            "vetoes": [{"code": c, "name": check_label(c)} for c in self.vetoes],
            "deductions": list(self.deductions),
            "summary": self.summary,
        }


def _view(r: TargetResultRow) -> ResultView:
    return ResultView(
        r.id, r.round_name, r.target_kind, r.target, r.unit, r.name, r.score, r.verdict,
        tuple(r.vetoes or ()), tuple(r.deductions or ()), r.summary,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FindingView:
    id: int
    round_name: str
    target_kind: str
    target: str
    unit: str
    code: str
    message: str
    evidence: dict[str, Any]
    count: int
    manual: bool

    @property
    def name(self) -> str:
        return check_label(self.code)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "round": self.round_name,
            "target_kind": self.target_kind,
            "target": self.target,
            "unit": self.unit,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "evidence": self.evidence,
            "count": self.count,
            "manual": self.manual,
        }


def _fview(f: FindingRow, unit: str) -> FindingView:
    return FindingView(
        f.id, f.round_name, f.target_kind, f.target, unit, f.code, f.message,
        dict(f.evidence or {}), f.count, f.manual,
    )  # fmt: skip


_RESULT_OF_FINDING = and_(
    TargetResultRow.round_name == FindingRow.round_name,
    TargetResultRow.target_kind == FindingRow.target_kind,
    TargetResultRow.target == FindingRow.target,
)


# -- rounds ----------------------------------------------------------------
def rounds(store: Store, p: Principal) -> list[m.Round]:
    """Every round, newest checkpoint first (rounds themselves belong to no unit)."""
    authorize(p, Perm.VIEW)
    return list(reversed(store.list_rounds()))


def round_named(store: Store, p: Principal, name: str) -> m.Round:
    authorize(p, Perm.VIEW)
    with store.session() as s:
        if s.scalar(select(RoundRow.id).where(RoundRow.name == name)) is None:
            raise NotFound
    return store.get_round(name)


# -- results ---------------------------------------------------------------
def results(
    store: Store,
    p: Principal,
    round_name: str,
    *,
    unit: str | None = None,
    verdict: str | None = None,
    kind: str | None = None,
    after: int = 0,
    limit: int | None = None,
    offset: int = 0,
) -> list[ResultView]:
    """A round's results in the principal's scope, filtered, by id: after the cursor `after`, `offset` rows on."""
    authorize(p, Perm.VIEW)
    q = select(TargetResultRow).where(
        _results_filter(p, round_name, unit, verdict, kind), TargetResultRow.id > after
    )
    q = q.order_by(TargetResultRow.id).offset(offset or None)
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        return [_view(r) for r in s.scalars(q)]


def target_names(
    store: Store, p: Principal, round_name: str, targets: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The names of these (target kind, target) pairs in the round's results, in the principal's scope
    (a target without a name is left out: callers show its code)."""
    authorize(p, Perm.VIEW)
    keys = set(targets)
    if not keys:
        return {}
    q = select(TargetResultRow.target_kind, TargetResultRow.target, TargetResultRow.name).where(
        _results_filter(p, round_name, None, None, None),
        TargetResultRow.target.in_(sorted({t for _, t in keys})),
    )
    with store.session() as s:
        return {(k, t): n for k, t, n in s.execute(q) if (k, t) in keys and n}


def count_results(
    store: Store,
    p: Principal,
    round_name: str,
    *,
    unit: str | None = None,
    verdict: str | None = None,
    kind: str | None = None,
) -> int:
    """How many results `results` would list with the same filters (for the page count)."""
    authorize(p, Perm.VIEW)
    q = select(func.count()).select_from(TargetResultRow)
    with store.session() as s:
        return s.scalar(q.where(_results_filter(p, round_name, unit, verdict, kind))) or 0


def _results_filter(
    p: Principal, round_name: str, unit: str | None, verdict: str | None, kind: str | None
) -> ColumnElement[bool]:
    """The round, the principal's scope and the table's filters (an empty filter keeps every row)."""
    clauses = [TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit)]
    if unit:
        clauses.append(TargetResultRow.unit == unit)
    if verdict:
        clauses.append(TargetResultRow.verdict == verdict)
    if kind:
        clauses.append(TargetResultRow.target_kind == kind)
    return and_(*clauses)


def result(store: Store, p: Principal, result_id: int) -> ResultView:
    with store.session() as s:
        row = s.get(TargetResultRow, result_id)
    if row is None:
        raise NotFound
    authorize(p, Perm.VIEW, row.unit, owned=True)
    return _view(row)


def history(store: Store, p: Principal, res: ResultView) -> list[tuple[m.Round, ResultView]]:
    """The same target's results in every round, oldest first."""
    authorize(p, Perm.VIEW, res.unit, owned=True)
    q = (
        select(TargetResultRow, RoundRow)
        .join(RoundRow, RoundRow.name == TargetResultRow.round_name)
        .where(
            TargetResultRow.target_kind == res.target_kind,
            TargetResultRow.target == res.target,
            scope_clause(p, TargetResultRow.unit),
        )
        .order_by(RoundRow.checkpoint, RoundRow.id)
    )
    with store.session() as s:
        rows = list(s.execute(q))
    by_name = {r.name: r for r in store.list_rounds()}
    return [(by_name[rr.name], _view(tr)) for tr, rr in rows]


def units_in_round(store: Store, p: Principal, round_name: str) -> list[str]:
    """The units with a result in the round, within the principal's scope (for the filter list)."""
    authorize(p, Perm.VIEW)
    q = (
        select(TargetResultRow.unit)
        .where(TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit))
        .distinct()
    )
    with store.session() as s:
        return sorted(s.scalars(q))


# -- findings --------------------------------------------------------------
def findings(
    store: Store,
    p: Principal,
    *,
    round_name: str | None = None,
    unit: str | None = None,
    code: str | None = None,
    target_kind: str | None = None,
    target: str | None = None,
    after: int = 0,
    limit: int | None = None,
    offset: int = 0,
    where: ColumnElement[bool] | None = None,
) -> list[FindingView]:
    """Findings of targets in scope (and `where`, e.g. a review state, when given). A finding whose
    target has no result is shown only to unscoped users."""
    authorize(p, Perm.VIEW)
    q = select(FindingRow).where(
        _findings_filter(p, round_name, unit, code, target_kind, target),
        FindingRow.id > after,
        true() if where is None else where,
    )
    # Within one round, (round, id) order is id order, and it is the order of ix_findings_round_id.
    # Asked for `round = R ORDER BY id`, PostgreSQL walks the primary key from the table's first row
    # (it assumes a round's findings are spread evenly over the ids): see `_findings_filter`.
    q = q.order_by(FindingRow.round_name, FindingRow.id) if round_name else q.order_by(FindingRow.id)
    q = q.offset(offset or None)
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        rows = list(s.scalars(q))
        return [_fview(f, u) for f, u in zip(rows, _units_of(s, rows), strict=True)]


def count_findings(
    store: Store,
    p: Principal,
    *,
    round_name: str | None = None,
    unit: str | None = None,
    code: str | None = None,
    target_kind: str | None = None,
    target: str | None = None,
    where: ColumnElement[bool] | None = None,
) -> int:
    """How many findings `findings` would list with the same filters (for the page count)."""
    authorize(p, Perm.VIEW)
    q = select(func.count()).select_from(FindingRow)
    q = q.where(
        _findings_filter(p, round_name, unit, code, target_kind, target), true() if where is None else where
    )
    with store.session() as s:
        return s.scalar(q) or 0


def _findings_filter(
    p: Principal,
    round_name: str | None,
    unit: str | None,
    code: str | None,
    target_kind: str | None,
    target: str | None,
) -> ColumnElement[bool]:
    """The given filters on findings; a code also matches its family.

    Scope and unit are a semi-join on the targets' results (`(round, kind, target) IN (…)`): the
    database then reads only the findings of the targets in scope, through `ix_findings_round_target`.
    """
    clauses: list[ColumnElement[bool]] = []
    if p.units is not None or unit:
        targets = select(
            TargetResultRow.round_name, TargetResultRow.target_kind, TargetResultRow.target
        ).where(scope_clause(p, TargetResultRow.unit))
        if round_name:
            targets = targets.where(TargetResultRow.round_name == round_name)
        if unit:
            targets = targets.where(TargetResultRow.unit == unit)
        clauses.append(tuple_(FindingRow.round_name, FindingRow.target_kind, FindingRow.target).in_(targets))
    if round_name and not target:
        # A whole round: a range, not `==`, so that PostgreSQL keeps (round, id) order and reads
        # ix_findings_round_id from the round's first finding.
        clauses.append(FindingRow.round_name.between(round_name, round_name))
    elif round_name:  # one target's findings: few, reached through ix_findings_round_target
        clauses.append(FindingRow.round_name == round_name)
    if code:
        clauses.append((FindingRow.code == code) | FindingRow.code.startswith(code.rstrip(".*") + "."))
    if target_kind:
        clauses.append(FindingRow.target_kind == target_kind)
    if target:
        clauses.append(FindingRow.target == target)
    return and_(true(), *clauses)


def _units_of(s: Any, rows: list[FindingRow]) -> list[str]:
    """The unit of each finding's target in its round ("" when the target has no result), one query."""
    if not rows:
        return []
    q = select(
        TargetResultRow.round_name, TargetResultRow.target_kind, TargetResultRow.target, TargetResultRow.unit
    ).where(
        TargetResultRow.round_name.in_({f.round_name for f in rows}),
        TargetResultRow.target.in_({f.target for f in rows}),
    )
    units = {(r, k, t): u for r, k, t, u in s.execute(q)}
    return [units.get((f.round_name, f.target_kind, f.target), "") for f in rows]


def finding(store: Store, p: Principal, finding_id: int) -> FindingView:
    q = select(FindingRow, TargetResultRow.unit).join(TargetResultRow, _RESULT_OF_FINDING, isouter=True)
    with store.session() as s:
        row = s.execute(q.where(FindingRow.id == finding_id)).first()
    if row is None:
        raise NotFound
    f, unit = row
    authorize(p, Perm.VIEW, unit, owned=True)
    return _fview(f, unit or "")


# -- dashboard -------------------------------------------------------------
def _rate(counts: dict[str, int]) -> dict[str, Any]:
    """Judged, passed, failed, 待核实 and 合格率 from verdict counts: 待核实 is neither checked nor failed."""
    unverified = counts.get(m.Verdict.UNVERIFIED.value, 0)
    passed = counts.get(m.Verdict.PASS.value, 0)
    judged = sum(counts.values()) - unverified
    return {
        "judged": judged,
        "passed": passed,
        "failed": judged - passed,
        "unverified": unverified,
        "rate": round(passed * 100 / judged, 1) if judged else None,
        "rate_text": rate_text(passed, judged, 1),
    }


class _BeforeColon(FunctionElement[str]):
    """The text before the first ':' (the whole text without one): an account target's platform."""

    type = String()
    inherit_cache = True


@compiles(_BeforeColon)
def _before_colon_sqlite(element: _BeforeColon, compiler: Any, **kw: Any) -> str:
    x = compiler.process(element.clauses, **kw)
    return f"(CASE WHEN instr({x}, ':') > 0 THEN substr({x}, 1, instr({x}, ':') - 1) ELSE {x} END)"


@compiles(_BeforeColon, "postgresql")
def _before_colon_pg(element: _BeforeColon, compiler: Any, **kw: Any) -> str:
    return f"split_part({compiler.process(element.clauses, **kw)}, ':', 1)"


def _counts_by_round(s: Session, p: Principal) -> dict[str, dict[str, int]]:
    """Verdict counts of every round in the principal's scope, counted by the database."""
    q = (
        select(TargetResultRow.round_name, TargetResultRow.verdict, func.count())
        .where(scope_clause(p, TargetResultRow.unit))
        .group_by(TargetResultRow.round_name, TargetResultRow.verdict)
    )
    out: dict[str, dict[str, int]] = {}
    for name, verdict, n in s.execute(q):
        out.setdefault(name, {})[verdict] = n
    return out


def _by_group(s: Session, in_round: ColumnElement[bool]) -> list[dict[str, Any]]:
    """合格率 per site kind (网站·门户 …, 网站·未登记) and per account platform (新媒体·微信公众号 …)."""
    is_site = TargetResultRow.target_kind == m.TargetKind.SITE.value
    group = case(
        (is_site, literal("网站·") + func.coalesce(SiteRow.kind, "未登记")),
        else_=literal("新媒体·") + _BeforeColon(TargetResultRow.target),
    )
    q = (
        select(group, TargetResultRow.verdict, func.count())
        .select_from(TargetResultRow)
        .outerjoin(SiteRow, and_(is_site, SiteRow.code == TargetResultRow.target))
        .where(in_round)
        .group_by(group, TargetResultRow.verdict)
    )
    counts: dict[str, dict[str, int]] = {}
    for g, verdict, n in s.execute(q):
        counts.setdefault(g, {})[verdict] = n
    return [{"group": g, **_rate(c)} for g, c in sorted(counts.items())]


def _vetoes(s: Session, in_round: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Vetoes per check, most first: each distinct veto list is decoded once, not once per target."""
    as_text = cast(TargetResultRow.vetoes, Text)
    q = select(as_text, func.count()).where(in_round).group_by(as_text)
    counts: dict[str, int] = {}
    for text, n in s.execute(q):
        for code in json.loads(text or "null") or ():
            counts[check_label(code)] = counts.get(check_label(code), 0) + n
    return [{"name": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _units_ranked(s: Session, in_round: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Units by 合格率, then average score, then name."""
    q = (
        select(
            TargetResultRow.unit, TargetResultRow.verdict, func.count(),
            func.sum(TargetResultRow.score), func.count(TargetResultRow.score),
        )
        .where(in_round)
        .group_by(TargetResultRow.unit, TargetResultRow.verdict)
    )  # fmt: skip
    verdicts: dict[str, dict[str, int]] = {}
    scores: dict[str, list[float]] = {}
    for unit, verdict, n, total, scored in s.execute(q):
        verdicts.setdefault(unit, {})[verdict] = n
        acc = scores.setdefault(unit, [0.0, 0])
        acc[0] += float(total or 0)
        acc[1] += scored
    units = [
        {"unit": u, **_rate(v), "score_avg": round(scores[u][0] / scores[u][1], 2) if scores[u][1] else None}
        for u, v in verdicts.items()
    ]
    units.sort(
        key=lambda u: (-(u["rate"] if u["rate"] is not None else -1), -(u["score_avg"] or 0), u["unit"])
    )
    return units


def dashboard(store: Store, p: Principal, round_name: str) -> dict[str, Any]:
    """The 总览 figures of one round in the principal's scope, plus the trend over every round.

    Every figure is counted by the database (GROUP BY): a fixed number of queries, whatever the
    number of targets.
    """
    authorize(p, Perm.VIEW)
    in_round = and_(TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit))
    with store.session() as s:
        by_kind = _by_group(s, in_round)
        vetoes = _vetoes(s, in_round)
        units = _units_ranked(s, in_round)
        counts = _counts_by_round(s, p)
    trend = [
        {
            "round": rnd.name,
            "checkpoint": rnd.checkpoint.date().isoformat(),
            **_rate(counts.get(rnd.name, {})),
        }
        for rnd in reversed(rounds(store, p))
    ]
    return {
        "round": round_name,
        "total": _rate(counts.get(round_name, {})),
        "by_kind": by_kind,
        "vetoes": vetoes,
        "trend": trend,
        "units": units,
    }


def fmt_time(value: Any) -> str:
    """An ISO or datetime value as 2023-06-20 10:31 (Asia/Shanghai)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(m.TZ)
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def dashboard_totals(store: Store, p: Principal, round_name: str) -> dict[str, Any]:
    """Judged, passed, 待核实 and 合格率 of a round in the principal's scope."""
    authorize(p, Perm.VIEW)
    q = (
        select(TargetResultRow.verdict, func.count())
        .where(TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit))
        .group_by(TargetResultRow.verdict)
    )
    with store.session() as s:
        return _rate({v: n for v, n in s.execute(q)})


def round_totals(store: Store, p: Principal) -> list[tuple[m.Round, dict[str, Any]]]:
    """Every round (newest first) with its `dashboard_totals`, all counted in one query."""
    authorize(p, Perm.VIEW)
    with store.session() as s:
        counts = _counts_by_round(s, p)
    return [(rnd, _rate(counts.get(rnd.name, {}))) for rnd in rounds(store, p)]


@dataclass(frozen=True, slots=True)
class TaskView:
    """One item of a unit's 整改任务 as the workbench lists it, with the task's deadline and state."""

    id: int
    unit: str
    target_kind: str
    target: str
    code: str
    description: str
    deadline: dt.date | None
    status: str
    overdue: bool


def tasks(store: Store, p: Principal, round_name: str) -> list[TaskView]:
    """The items of the round's 整改任务 of units in scope, by deadline; a unit sees issued tasks only."""
    from govinspect.rectify import State, list_tasks

    authorize(p, Perm.VIEW)
    today = dt.datetime.now(m.TZ).date()
    rows = [
        TaskView(
            t.id,
            t.unit,
            i.target_kind.value,
            i.target,
            i.code,
            i.message,
            t.deadline,
            t.state.value,
            t.overdue(today),
        )
        for t in list_tasks(store, round_name, p.units)
        if p.units is None or t.state != State.PENDING
        for i in t.items
    ]
    return sorted(rows, key=lambda v: (v.deadline or dt.date.max, v.id))


def versions(
    store: Store, p: Principal, round_name: str
) -> list[tuple[int, dt.datetime, list[ResultChange]]]:
    """The published round's later versions, newest first, each with its differences in the user's scope."""
    from govinspect.store import VersionStore

    authorize(p, Perm.VIEW)
    return [
        (v.version, v.created_at, [c for c in v.changes if p.sees(c.unit)])
        for v in VersionStore(store).versions(round_name)
    ]


# -- 屡查屡犯 ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Repeat:
    """A problem named in this round and the judged round before it (same indicator, same target)."""

    result_id: int
    unit: str
    name: str
    code: str

    @property
    def label(self) -> str:
        return check_label(self.code)


def judged_rounds(store: Store) -> list[str]:
    """Rounds with results, oldest checkpoint first: each one's 屡查屡犯 compares it with the one before."""
    has_results = select(TargetResultRow.id).where(TargetResultRow.round_name == RoundRow.name).exists()
    q = select(RoundRow.name).where(has_results).order_by(RoundRow.checkpoint, RoundRow.id)
    with store.session() as s:
        return list(s.scalars(q))


def _before(judged: list[str], round_name: str) -> str | None:
    i = judged.index(round_name) if round_name in judged else 0
    return judged[i - 1] if i > 0 else None


def _problems(
    store: Store, p: Principal, round_names: list[str], target: tuple[str, str] | None = None
) -> tuple[dict[str, set[Problem]], dict[tuple[str, str, str], Repeat]]:
    """Each round's counted problems in scope — the indicators that vetoed or cost points on a judged
    target, as its result names them (`rectify.counts`) — and whose they are, by (round, kind, target).

    Read from the results alone, only the columns needed: the 总览 reads two whole rounds."""
    authorize(p, Perm.VIEW)
    r = TargetResultRow
    q = select(r.id, r.round_name, r.target_kind, r.target, r.unit, r.name, r.vetoes, r.deductions).where(
        r.round_name.in_(round_names), scope_clause(p, r.unit), r.verdict != m.Verdict.UNVERIFIED.value
    )
    if target is not None:
        q = q.where(r.target_kind == target[0], r.target == target[1])
    out: dict[str, set[Problem]] = {n: set() for n in round_names}
    owners: dict[tuple[str, str, str], Repeat] = {}
    with store.session() as s:
        for rid, rn, kind, key, unit, name, vetoes, deductions in s.execute(q):
            codes = {*(vetoes or ()), *(str(d.get("code")) for d in deductions or ())}
            if codes:
                out[rn] |= {(m.TargetKind(kind), key, c) for c in codes}
                owners[(rn, kind, key)] = Repeat(rid, unit, name, "")
    return out, owners


def repeats(store: Store, p: Principal, round_name: str) -> list[Repeat]:
    """The round's 屡查屡犯 in the user's scope, by unit and target."""
    before = _before(judged_rounds(store), round_name)
    if before is None:
        return []
    named, owners = _problems(store, p, [before, round_name])
    out = []
    for kind, key, code in repeat_offences(named[before], named[round_name]):
        o = owners[(round_name, kind.value, key)]
        out.append(Repeat(o.result_id, o.unit, o.name, code))
    return sorted(out, key=lambda r: (r.unit, r.name, r.code))


def target_repeats(
    store: Store, p: Principal, res: ResultView, rounds_seen: Iterable[str]
) -> dict[str, list[str]]:
    """For each round of a target's history, the indicators it was named for in that round and the one before."""
    judged = judged_rounds(store)
    pairs = {n: b for n in rounds_seen if (b := _before(judged, n)) is not None}
    if not pairs:
        return {}
    named, _ = _problems(store, p, sorted(set(pairs) | set(pairs.values())), (res.target_kind, res.target))
    out = {n: [check_label(c) for _, _, c in repeat_offences(named[b], named[n])] for n, b in pairs.items()}
    return {n: labels for n, labels in out.items() if labels}
