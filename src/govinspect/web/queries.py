"""Read the store for the platform, always through the user's scope.

Every function takes the `Principal` and either filters by `scope_clause` or checks the object
with `authorize(..., owned=True)`; pages and the JSON API share these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select

from govinspect import model as m
from govinspect.reports import check_label
from govinspect.rules import rate_text
from govinspect.store import Store
from govinspect.store.tables import FindingRow, RectificationTaskRow, RoundRow, SiteRow, TargetResultRow
from govinspect.web.authz import NotFound, Perm, Principal, authorize, scope_clause

PAGE_MAX = 500


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
) -> list[ResultView]:
    """A round's results in the principal's scope, optionally filtered; ordered by id (cursor `after`)."""
    authorize(p, Perm.VIEW)
    q = select(TargetResultRow).where(
        TargetResultRow.round_name == round_name,
        scope_clause(p, TargetResultRow.unit),
        TargetResultRow.id > after,
    )
    if unit:
        q = q.where(TargetResultRow.unit == unit)
    if verdict:
        q = q.where(TargetResultRow.verdict == verdict)
    if kind:
        q = q.where(TargetResultRow.target_kind == kind)
    q = q.order_by(TargetResultRow.id)
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        return [_view(r) for r in s.scalars(q)]


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
) -> list[FindingView]:
    """Findings of targets in scope. A finding whose target has no result is shown only to unscoped users."""
    authorize(p, Perm.VIEW)
    joined = p.units is not None or bool(unit)  # filtering by unit needs the result rows in the query
    q = (
        select(FindingRow, TargetResultRow.unit).join(TargetResultRow, _RESULT_OF_FINDING)
        if joined
        else select(FindingRow)
    )
    q = q.where(FindingRow.id > after)
    if p.units is not None:
        q = q.where(scope_clause(p, TargetResultRow.unit))
    if round_name:
        q = q.where(FindingRow.round_name == round_name)
    if unit:
        q = q.where(TargetResultRow.unit == unit)
    if code:
        q = q.where((FindingRow.code == code) | FindingRow.code.startswith(code.rstrip(".*") + "."))
    if target_kind:
        q = q.where(FindingRow.target_kind == target_kind)
    if target:
        q = q.where(FindingRow.target == target)
    q = q.order_by(FindingRow.id)
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        if joined:
            return [_fview(f, u or "") for f, u in s.execute(q)]
        rows = list(s.scalars(q))
        return [_fview(f, u) for f, u in zip(rows, _units_of(s, rows), strict=True)]


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
def _rate(verdicts: list[str]) -> dict[str, Any]:
    """Judged, passed, failed, 待核实 and 合格率 of some verdicts: 待核实 is neither checked nor failed."""
    unverified = verdicts.count(m.Verdict.UNVERIFIED.value)
    passed = verdicts.count(m.Verdict.PASS.value)
    judged = len(verdicts) - unverified
    return {
        "judged": judged,
        "passed": passed,
        "failed": judged - passed,
        "unverified": unverified,
        "rate": round(passed * 100 / judged, 1) if judged else None,
        "rate_text": rate_text(passed, judged, 1),
    }


def _verdicts_by_round(store: Store, p: Principal) -> dict[str, list[str]]:
    """Every round's verdicts in the principal's scope, read in one query."""
    q = select(TargetResultRow.round_name, TargetResultRow.verdict).where(
        scope_clause(p, TargetResultRow.unit)
    )
    out: dict[str, list[str]] = {}
    with store.session() as s:
        for name, verdict in s.execute(q):
            out.setdefault(name, []).append(verdict)
    return out


def _site_kinds(store: Store) -> dict[str, str]:
    with store.session() as s:
        return dict(s.execute(select(SiteRow.code, SiteRow.kind)).all())


def _group_label(r: Any, site_kinds: dict[str, str]) -> str:
    if r.target_kind == m.TargetKind.SITE.value:
        return f"网站·{site_kinds.get(r.target, '未登记')}"
    return f"新媒体·{r.target.split(':', 1)[0]}"


def dashboard(store: Store, p: Principal, round_name: str) -> dict[str, Any]:
    """The 总览 figures of one round in the principal's scope, plus the trend over every round."""
    authorize(p, Perm.VIEW)
    q = select(
        TargetResultRow.target_kind, TargetResultRow.target, TargetResultRow.unit,
        TargetResultRow.score, TargetResultRow.verdict, TargetResultRow.vetoes,
    ).where(TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit))  # fmt: skip
    with store.session() as s:
        rs = list(s.execute(q))  # plain rows: the dashboard needs no result objects
    kinds = _site_kinds(store)
    by_group: dict[str, list[Any]] = {}
    for r in rs:
        by_group.setdefault(_group_label(r, kinds), []).append(r)
    vetoes: dict[str, int] = {}
    for r in rs:
        for c in r.vetoes or ():
            vetoes[check_label(c)] = vetoes.get(check_label(c), 0) + 1
    by_unit: dict[str, list[Any]] = {}
    for r in rs:
        by_unit.setdefault(r.unit, []).append(r)
    units = [
        {
            "unit": u,
            **_rate([x.verdict for x in v]),
            "score_avg": _avg([x.score for x in v if x.score is not None]),
        }
        for u, v in by_unit.items()
    ]
    units.sort(
        key=lambda u: (-(u["rate"] if u["rate"] is not None else -1), -(u["score_avg"] or 0), u["unit"])
    )
    verdicts = _verdicts_by_round(store, p)
    trend = [
        {
            "round": rnd.name,
            "checkpoint": rnd.checkpoint.date().isoformat(),
            **_rate(verdicts.get(rnd.name, [])),
        }
        for rnd in reversed(rounds(store, p))
    ]
    return {
        "round": round_name,
        "total": _rate([r.verdict for r in rs]),
        "by_kind": [{"group": g, **_rate([r.verdict for r in v])} for g, v in sorted(by_group.items())],
        "vetoes": [
            {"name": k, "count": v} for k, v in sorted(vetoes.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "trend": trend,
        "units": units,
    }


def _avg(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 2) if xs else None


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
    q = select(TargetResultRow.verdict).where(
        TargetResultRow.round_name == round_name, scope_clause(p, TargetResultRow.unit)
    )
    with store.session() as s:
        return _rate(list(s.scalars(q)))


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    unit: str
    target_kind: str
    target: str
    code: str
    description: str
    deadline: dt.date | None
    status: str

    @property
    def overdue(self) -> bool:
        return (
            self.deadline is not None
            and self.deadline < dt.datetime.now(m.TZ).date()
            and self.status != "已整改"
        )


def tasks(store: Store, p: Principal, round_name: str) -> list[TaskView]:
    """The round's 整改 tasks of units in scope, by deadline."""
    authorize(p, Perm.VIEW)
    q = (
        select(RectificationTaskRow)
        .where(RectificationTaskRow.round_name == round_name, scope_clause(p, RectificationTaskRow.unit))
        .order_by(RectificationTaskRow.deadline, RectificationTaskRow.id)
    )
    with store.session() as s:
        return [
            TaskView(t.id, t.unit, t.target_kind, t.target, t.code, t.description, t.deadline, t.status)
            for t in s.scalars(q)
        ]
