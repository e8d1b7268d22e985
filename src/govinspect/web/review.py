"""审核队列: the review state of findings, review actions (one and batch), the allow-list, the notice gate.

Pages (`/review`) and API (`/api/v1/findings/.../review`) share `apply_review`: scope first (404 for
another unit's finding), then Perm.REVIEW, then the action and the round re-judged at once
(`jobs.review.review_findings`), each finding's before → after written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, false

from govinspect.errors import UserError
from govinspect.jobs.review import (
    AllowRequest,
    Change,
    gate_line,
    override_gate,
    pending_vetoes,
    review_findings,
    today,
)
from govinspect.scoring import AllowKind, ReviewState, fingerprint, initial_state
from govinspect.store import ReviewRecord, ReviewStore, Store
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, error_response, principal, render
from govinspect.web.authz import Perm, Principal, authorize, may
from govinspect.web.indicators import round_profile

pages = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
api = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]
ACTIONS = (ReviewState.CONFIRMED, ReviewState.REJECTED, ReviewState.DOUBT)


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A finding with its review state and the newest review record (None: the profile's default)."""

    finding: q.FindingView
    state: ReviewState
    record: ReviewRecord | None

    def as_json(self) -> dict[str, Any]:
        rec = self.record
        review = {"state": self.state.value, "reason": rec.reason if rec else "", "by": rec.actor if rec else "",
                  "at": rec.at.isoformat() if rec else None}  # fmt: skip
        return {**self.finding.as_json(), "review": review}


# -- reading (scoped through web.queries) -------------------------------------------
QUEUE_PAGE = 100  # findings a page of the 审核队列 (each with its evidence)


def review_states(store: Store, round_name: str, views: list[q.FindingView]) -> list[Reviewed]:
    """The review state of findings of one round (views the user may already see)."""
    profile = round_profile(store.get_round(round_name).profile)
    records = ReviewStore(store).latest(round_name)
    out = []
    for v in views:
        rec = records.get(fingerprint(v.target_kind, v.target, v.code, v.evidence))
        if rec is not None:
            state = rec.state
        elif profile is None:  # the profile can no longer be read: nothing is confirmed for it
            state = ReviewState.PENDING
        else:
            state = initial_state(v.code, v.manual, profile)
        out.append(Reviewed(v, state, rec))
    return out


def state_clause(store: Store, round_name: str, state: ReviewState) -> ColumnElement[bool]:
    """The round's findings in this review state, as SQL (the profile gives unreviewed findings theirs)."""
    profile = round_profile(store.get_round(round_name).profile)

    def default(code: str, manual: bool) -> ReviewState:
        return ReviewState.PENDING if profile is None else initial_state(code, manual, profile)

    return ReviewStore(store).state_clause(round_name, state, default)


def queue_page(
    store: Store,
    p: Principal,
    round_name: str,
    *,
    unit: str | None = None,
    code: str | None = None,
    state: str | None = None,
    page: int = 1,
) -> tuple[list[Reviewed], int, int]:
    """One page of a round's findings in the user's scope with their review state, filtered (the state
    in SQL); with the number of findings listed and the page shown (the last when `page` is past it)."""
    where = None
    if state:
        known = {s.value for s in ReviewState}
        where = state_clause(store, round_name, ReviewState(state)) if state in known else false()
    total = q.count_findings(store, p, round_name=round_name, unit=unit, code=code, where=where)
    page = min(max(1, page), max(1, -(-total // QUEUE_PAGE)))
    views = q.findings(store, p, round_name=round_name, unit=unit, code=code, where=where,
                       offset=(page - 1) * QUEUE_PAGE, limit=QUEUE_PAGE)  # fmt: skip
    return review_states(store, round_name, views), total, page


def findings_page(
    store: Store, p: Principal, *, state: str | None, after: int, limit: int, **filters: Any
) -> tuple[list[Reviewed], bool]:
    """One cursor page of findings with their review state (only `state` ones when given); and whether more follow."""
    out: list[Reviewed] = []
    while len(out) <= limit:
        views = q.findings(store, p, after=after, limit=limit + 1, **filters)
        by_round: dict[str, list[q.FindingView]] = {}
        for v in views:
            by_round.setdefault(v.round_name, []).append(v)
        states = {r.finding.id: r for rn, vs in by_round.items() for r in review_states(store, rn, vs)}
        out += [states[v.id] for v in views if not state or states[v.id].state.value == state]
        if len(views) <= limit:
            break
        after = views[-1].id
    return out[:limit], len(out) > limit


def queue_size(store: Store, p: Principal, round_name: str) -> int:
    """How many of the round's findings in the user's scope wait for a person (待审核), counted in SQL."""
    where = state_clause(store, round_name, ReviewState.PENDING)
    return q.count_findings(store, p, round_name=round_name, where=where)


def _pending_in_scope(store: Store, p: Principal, round_name: str) -> list[Any]:
    profile = round_profile(store.get_round(round_name).profile)
    return pending_vetoes(store, round_name, profile, p.units)


# -- acting ----------------------------------------------------------------------------
def apply_review(
    request: Request,
    me: Principal,
    ids: list[int],
    state: str,
    reason: str,
    allow: AllowRequest | None = None,
) -> list[tuple[q.FindingView, Change]]:
    """Check scope and permission of every finding, then review them all at once (per round) and audit."""
    store: Store = request.app.state.store
    views = [q.finding(store, me, i) for i in dict.fromkeys(ids)]  # 404 for a finding out of scope
    for v in views:
        authorize(me, Perm.REVIEW, v.unit, owned=True)
    authorize(me, Perm.REVIEW)
    try:
        target = ReviewState(state)
    except ValueError:
        raise UserError("审核结论只能是已确认、误报或存疑") from None
    by_round: dict[str, list[int]] = {}
    for v in views:
        by_round.setdefault(v.round_name, []).append(v.id)
    by_id: dict[int, Change] = {}
    settings = request.app.state.settings
    users = request.app.state.users
    ip = client_ip(request)
    view_of = {v.id: v for v in views}
    for round_name, rids in by_round.items():  # each round's actions are audited as soon as they are done
        found = ReviewStore(store).findings_by_id(round_name, rids)
        done = review_findings(settings, store, round_name, [found[i] for i in rids], target, reason,
                               me.user.name, allow=allow)  # fmt: skip
        for i, c in zip(rids, done, strict=True):
            by_id[i] = c
            v = view_of[i]
            users.audit(me.user.name, "审核问题", f"问题:{v.round_name}/{v.target}/{v.code}/{v.id}",
                        before={"state": c.before.value}, after={"state": c.after.value, "reason": reason.strip()},
                        ip=ip, detail=v.message)  # fmt: skip
    changes = [(v, by_id[v.id]) for v in views]
    if len(views) > 1:
        users.audit(me.user.name, "批量审核", f"问题:{len(views)} 条", after={"state": target.value,
                    "ids": [v.id for v in views], "reason": reason.strip()}, ip=ip)  # fmt: skip
    if allow is not None:
        users.audit(me.user.name, "新增例外", f"例外名单:{allow.kind.value}",
                    after={"reason": allow.reason or reason, "expires": str(allow.expires or "")}, ip=ip)  # fmt: skip
    return changes


def _allow(kind: str, reason: str, expires: str) -> AllowRequest | None:
    if not kind:
        return None
    try:
        return AllowRequest(
            AllowKind(kind), reason.strip(), dt.date.fromisoformat(expires) if expires else None
        )
    except ValueError:
        raise UserError("例外名单的类别或有效期有误（有效期格式：YYYY-MM-DD）") from None


# -- pages -----------------------------------------------------------------------------
def _queue_page(request: Request, me: Principal, f: dict[str, str], message: str = "", error: str = "",
                status: int = 200) -> Response:  # fmt: skip
    store: Store = request.app.state.store
    rounds = q.rounds(store, me)
    rnd = q.round_named(store, me, f["round"]) if f["round"] else (rounds[0] if rounds else None)
    rows, total, page = queue_page(store, me, rnd.name, unit=f["unit"] or None, code=f["indicator"] or None,
                                   state=f["state"] or None, page=int(f.get("page") or 1)) if rnd else ([], 0, 1)  # fmt: skip
    pages = max(1, -(-total // QUEUE_PAGE))
    pending = _pending_in_scope(store, me, rnd.name) if rnd else []
    override = ReviewStore(store).override(rnd.name) if rnd else None
    covered = override is not None and {v.fingerprint for v in pending} <= override.fingerprints
    shown = {(r.finding.target_kind, r.finding.target) for r in rows}
    names = q.target_names(store, me, rnd.name, shown) if rnd else {}
    return render(
        request, "review.html", status=status, rnd=rnd, rounds=rounds, rows=rows, f=f, message=message,
        error=error, states=[s.value for s in ReviewState], actions=[a.value for a in ACTIONS],
        units=q.units_in_round(store, me, rnd.name) if rnd else [], allow_kinds=[k.value for k in AllowKind],
        gate=gate_line(pending) if pending else "", override=override, covered=covered, names=names, today=today(),
        allow=ReviewStore(store).allow_entries() if may(me, Perm.REVIEW) else [],
        can_approve=may(me, Perm.APPROVE), can_review=may(me, Perm.REVIEW), total=total, page=page, pages=pages,
    )  # fmt: skip


@pages.get("/review", response_class=HTMLResponse)
def review_page(request: Request, me: Me, round: str = "", unit: str = "", indicator: str = "",
                state: str = ReviewState.PENDING.value,
                page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:  # fmt: skip
    """The queue, QUEUE_PAGE findings a page with the filters kept in the page links."""
    authorize(me, Perm.VIEW)  # everyone sees the review state of findings in scope; acting needs REVIEW
    f = {"round": round, "unit": unit, "indicator": indicator, "state": state, "page": str(page)}
    return _queue_page(request, me, f)


@pages.post("/review/action", response_class=HTMLResponse)
def review_action(
    request: Request,
    me: Me,
    finding_id: Annotated[list[int] | None, Form()] = None,
    action: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    allow_kind: Annotated[str, Form()] = "",
    allow_reason: Annotated[str, Form(max_length=500)] = "",
    allow_expires: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
    round: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    indicator: Annotated[str, Form()] = "",
    state: Annotated[str, Form()] = "",
) -> Response:
    """确认 / 误报 / 存疑 on the checked findings (`action` "状态", or "状态:编号" for one row's button).

    From the queue the page comes back with its filters and the outcome; from a target page
    (`back` = /targets/…) the browser returns there, where the new state and verdict show. Scope is
    checked before the role, so another unit's finding is a 404 (`apply_review`).
    """
    ids = list(finding_id or [])
    verdict, _, one = action.partition(":")
    if one:
        ids = [int(one)] if one.isdigit() else []
    f = {"round": round, "unit": unit, "indicator": indicator, "state": state}
    try:
        allow = _allow(allow_kind, allow_reason, allow_expires)
        changes = apply_review(request, me, ids, verdict, reason, allow)
    except UserError as e:
        return _queue_page(request, me, f, error=str(e), status=400)
    if back.startswith("/targets/") and back[len("/targets/") :].isdigit():
        return RedirectResponse(back, status_code=303)
    return _queue_page(request, me, f, message=f"已将 {len(changes)} 条问题标为“{verdict}”，并已重新评分。")


@pages.post("/review/override", response_class=HTMLResponse)
def review_override(request: Request, me: Me, round: Annotated[str, Form()] = "",
                    reason: Annotated[str, Form(max_length=500)] = "") -> Response:  # fmt: skip
    """An 审核员 lets the notice be issued although veto findings are 待审核 (reason recorded and audited)."""
    authorize(me, Perm.APPROVE)
    store: Store = request.app.state.store
    rnd = q.round_named(store, me, round)
    f = {"round": rnd.name, "unit": "", "indicator": "", "state": ReviewState.PENDING.value}
    try:
        pending = override_gate(store, rnd.name, me.user.name, reason)
    except UserError as e:
        return _queue_page(request, me, f, error=str(e), status=400)
    request.app.state.users.audit(
        me.user.name, "放行待审核否决", f"轮次:{rnd.name}", after={"reason": reason.strip(), "pending": len(pending)},
        ip=client_ip(request), detail=gate_line(pending) if pending else "",
    )  # fmt: skip
    return _queue_page(request, me, f, message=f"已记录放行理由（{len(pending)} 条待审核单项否决问题）。")


@pages.post("/review/allow/delete", response_class=HTMLResponse)
def allow_delete(request: Request, me: Me, entry_id: Annotated[int, Form()]) -> Response:
    """Remove one allow-list entry (later rounds and re-judging report what it covered again)."""
    authorize(me, Perm.REVIEW)
    f = {"round": "", "unit": "", "indicator": "", "state": ReviewState.PENDING.value}
    try:
        entry = ReviewStore(request.app.state.store).remove_allow(entry_id)
    except UserError as e:
        return _queue_page(request, me, f, error=str(e), status=404)
    request.app.state.users.audit(
        me.user.name, "删除例外", f"例外名单:{entry.id}", ip=client_ip(request),
        before={"kind": entry.kind.value, "pattern": entry.pattern, "reason": entry.reason},
    )  # fmt: skip
    return _queue_page(request, me, f, message=f"已删除例外条目“{entry.pattern}”。")


# -- API -------------------------------------------------------------------------------
class AllowBody(BaseModel):
    kind: AllowKind = Field(description="词语例外 / 链接 / 栏目")
    reason: str = Field("", max_length=500, description="理由（空则同误报理由）")
    expires: dt.date | None = Field(None, description="有效期至（含），空为长期")


class ReviewBody(BaseModel):
    state: ReviewState = Field(description="已确认 / 误报 / 存疑")
    reason: str = Field("", max_length=500, description="理由（误报必填）")
    allow: AllowBody | None = Field(None, description="误报时加入例外名单")


class BatchBody(ReviewBody):
    ids: list[int] = Field(min_length=1, max_length=500, description="问题编号")


def _api_review(request: Request, me: Principal, ids: list[int], body: ReviewBody) -> Response:
    allow = AllowRequest(body.allow.kind, body.allow.reason, body.allow.expires) if body.allow else None
    try:
        changes = apply_review(request, me, ids, body.state.value, body.reason, allow)
    except UserError as e:
        return error_response(request, 400, str(e))
    store: Store = request.app.state.store
    results: dict[str, dict[tuple[str, str], q.ResultView]] = {}
    out = []
    for v, c in changes:
        if v.round_name not in results:
            results[v.round_name] = {(r.target_kind, r.target): r for r in q.results(store, me, v.round_name)}
        now = results[v.round_name].get((v.target_kind, v.target))
        out.append({"id": v.id, "before": c.before.value, "after": c.after.value,
                    "result": now.as_json() if now else None})  # fmt: skip
    return JSONResponse({"items": out})


@api.post("/findings/{finding_id}/review", summary="审核一条问题（确认 / 误报 / 存疑），随即重新评分")
def api_review_one(request: Request, me: Me, finding_id: int, body: ReviewBody) -> Response:
    return _api_review(request, me, [finding_id], body)


@api.post("/findings/review", summary="批量审核问题，随即重新评分")
def api_review_batch(request: Request, me: Me, body: BatchBody) -> Response:
    return _api_review(request, me, body.ids, body)


@api.get("/rounds/{round_name}/review-gate", summary="通报印发前的审核检查：待审核的单项否决问题")
def api_gate(request: Request, me: Me, round_name: str) -> dict[str, Any]:
    store: Store = request.app.state.store
    q.round_named(store, me, round_name)
    pending = _pending_in_scope(store, me, round_name)
    return {"pending": [{"target_kind": p.target_kind.value, "target": p.target, "name": p.name, "unit": p.unit,
                         "code": p.code} for p in pending], "message": gate_line(pending) if pending else ""}  # fmt: skip
