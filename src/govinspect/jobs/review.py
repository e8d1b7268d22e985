"""The 审核队列 behind the verdict: review states of a round's findings, review actions that re-judge
the round at once, the allow-list applied when judging, and the gate on issuing the notice.

`pending_vetoes(store, round_name)` is the gate every notice path calls (CLI `report`, the web).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from govinspect import model as m
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.rules import Profile, load_profile
from govinspect.scoring import (
    AllowKind,
    ReviewState,
    allow_pattern,
    drop_allowed,
    finding_fingerprint,
    fingerprint,
    initial_state,
)
from govinspect.store import ReviewRecord, ReviewStore, Store, StoreError


class ReviewPending(UserError):
    """The notice cannot be issued: veto findings wait for review (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class PendingVeto:
    """A 待审核 finding on which a target's veto rests."""

    target_kind: m.TargetKind
    target: str
    name: str
    unit: str
    code: str
    evidence: str  # as stored (JSON text): read only when the fingerprint is asked for

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.target_kind.value, self.target, self.code, json.loads(self.evidence or "{}"))


@dataclass(frozen=True, slots=True)
class Change:
    """One finding's review state before and after an action (for the audit log)."""

    finding: m.Finding
    before: ReviewState
    after: ReviewState


def today() -> dt.date:
    return dt.datetime.now(m.TZ).date()


def states_of(
    findings: Sequence[m.Finding], records: dict[str, ReviewRecord], profile: Profile
) -> list[ReviewState]:
    """Each finding's review state: its newest review record, else the profile's default for its code."""
    out = []
    for f in findings:
        rec = records.get(finding_fingerprint(f))
        out.append(rec.state if rec is not None else initial_state(f.code, f.manual, profile))
    return out


def counted_findings(store: Store, round_name: str, profile: Profile) -> list[m.Finding]:
    """The round's findings that count in the verdict and the notice: every one but the 误报."""
    findings = store.findings(round_name)
    states = states_of(findings, ReviewStore(store).latest(round_name), profile)
    return [f for f, st in zip(findings, states, strict=True) if st != ReviewState.REJECTED]


def allowed_findings(store: Store, findings: Sequence[m.Finding]) -> list[m.Finding]:
    """What the checks found, less what the office's allow-list (entries in force today) excuses."""
    return drop_allowed(findings, ReviewStore(store).allow_entries(), today())


def pending_vetoes(
    store: Store, round_name: str, profile: Profile | None = None, units: Collection[str] | None = None
) -> list[PendingVeto]:
    """The 待审核 findings on which a veto of the round's current results rests (the notice gate);
    `profile` is the round's, when the caller has it parsed already; of targets of these units only
    when `units` is given.

    Only the codes a veto rests on and only 待审核 ones are read (the review state in SQL): a province
    round holds far more findings than that."""
    profile = profile or load_profile(store.get_round(round_name).profile)
    reviews = ReviewStore(store)
    vetoed = {k: v for k, v in reviews.vetoed_targets(round_name).items() if units is None or v[1] in units}
    if not vetoed:
        return []
    aggregate = {v.codes[0]: set(v.codes) for v in profile.vetoes.values() if v.codes}
    veto_codes = {
        k: set(vetoes).union(*(aggregate.get(c, set()) for c in vetoes))
        for k, (_, _, vetoes) in vetoed.items()
    }
    codes = set().union(*veto_codes.values())
    pending = reviews.state_clause(
        round_name, ReviewState.PENDING, lambda code, manual: initial_state(code, manual, profile), codes
    )
    out = []
    targets = [(k.value, t) for k, t in vetoed] if units is not None else None  # a unit's few: only theirs
    for kind, target, code, evidence in reviews.finding_keys(round_name, codes, pending, targets):
        key = (m.TargetKind(kind), target)
        if key in vetoed and code in veto_codes[key]:
            name, unit, _ = vetoed[key]
            out.append(PendingVeto(key[0], target, name, unit, code, evidence))
    return out


def gate_line(pending: Sequence[PendingVeto]) -> str:
    """One Chinese line naming how many veto findings wait and on which targets."""
    names = list(dict.fromkeys(f"{p.name}（{p.unit}）" for p in pending))
    shown = "、".join(names[:5]) + (f"等 {len(names)} 个对象" if len(names) > 5 else "")
    return (
        f"尚有 {len(pending)} 条单项否决问题待审核（{shown}），不能印发通报："
        "请在审核队列中确认或标为误报，或由审核员填写理由后放行"
    )


def notice_gate(store: Store, round_name: str) -> None:
    """Refuse the notice (ReviewPending) while veto findings are 待审核 and no override covers them all."""
    pending = pending_vetoes(store, round_name)
    if not pending:
        return
    override = ReviewStore(store).override(round_name)
    if override is not None and {p.fingerprint for p in pending} <= override.fingerprints:
        return
    raise ReviewPending(gate_line(pending))


def override_gate(store: Store, round_name: str, actor: str, reason: str) -> list[PendingVeto]:
    """Record an 审核员's override of the pending veto findings (all of them, now); returns them."""
    if not reason.strip():
        raise StoreError("放行须填写理由")
    pending = pending_vetoes(store, round_name)
    ReviewStore(store).add_override(round_name, actor, reason, [p.fingerprint for p in pending])
    return pending


@dataclass(frozen=True, slots=True)
class AllowRequest:
    """A 误报's request to add an allow-list entry (the pattern is read from each finding's evidence)."""

    kind: AllowKind
    reason: str
    expires: dt.date | None = None


def review_findings(
    settings: Settings,
    store: Store,
    round_name: str,
    findings: Sequence[m.Finding],
    state: ReviewState,
    reason: str,
    actor: str,
    *,
    allow: AllowRequest | None = None,
) -> list[Change]:
    """Give these findings a review state and re-judge the round at once (one writer: its lease).

    A 误报 needs a reason; with `allow`, each finding also adds its allow-list entry. Nothing is
    recorded when the round is being written by another process (RoundBusy) or the input is bad.
    """
    from govinspect.jobs.context import open_round
    from govinspect.jobs.lock import round_lock
    from govinspect.jobs.pipeline import judge_round

    reason = reason.strip()
    if not findings:
        raise StoreError("没有选中任何问题")
    if state == ReviewState.REJECTED and not reason:
        raise StoreError("标为误报须填写理由")
    if state == ReviewState.PENDING:
        raise StoreError("审核结论只能是已确认、误报或存疑")
    patterns: list[str] = []
    if allow is not None:
        if state != ReviewState.REJECTED:
            raise StoreError("只有误报可以加入例外名单")
        patterns = [allow_pattern(allow.kind, f) for f in findings]
        if not all(patterns):
            raise StoreError(f"所选问题不能按“{allow.kind.value}”加入例外名单")
    reviews = ReviewStore(store)
    store.get_round(round_name)
    with round_lock(store, round_name, "review"):
        ctx = open_round(settings, store, round_name)
        before = states_of(findings, reviews.latest(round_name), ctx.profile)
        reviews.record(round_name, findings, state, reason, actor)
        if allow is not None:
            for pattern in dict.fromkeys(patterns):
                reviews.add_allow(allow.kind, pattern, allow.reason.strip() or reason, actor, allow.expires)
        judge_round(ctx)
    return [Change(f, b, state) for f, b in zip(findings, before, strict=True)]
