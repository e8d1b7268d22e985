"""Deciding a 申诉: upheld, the finding becomes 误报 through the review queue and its round is re-judged."""

from __future__ import annotations

from govinspect.config import Settings
from govinspect.jobs.review import review_findings
from govinspect.rectify.appeals import Appeal, check_decision, decide, get_appeal
from govinspect.rectify.tasks import RectifyError
from govinspect.scoring import ReviewState, finding_fingerprint
from govinspect.store import Store, User


def uphold_appeal(
    settings: Settings,
    store: Store,
    appeal_id: int,
    actor: User,
    scope: frozenset[str] | None,
    *,
    reason: str = "",
    ip: str = "",
) -> Appeal:
    """申诉成立: the finding is reviewed as 误报 (the round re-judged at once), then the appeal is closed."""
    appeal = get_appeal(store, appeal_id, scope)
    check_decision(appeal, actor, reason, upheld=True)
    finding = next(
        (f for f in store.findings(appeal.round_name) if finding_fingerprint(f) == appeal.fingerprint), None
    )
    if finding is None:
        raise RectifyError(
            f"申诉 {appeal.id} 所指问题在轮次“{appeal.round_name}”的结果中已不存在，请驳回并说明"
        )
    why = f"申诉成立（申诉 {appeal.id}）：{reason.strip() or appeal.reason}"
    (change,) = review_findings(settings, store, appeal.round_name, [finding], ReviewState.REJECTED, why,
                                actor.name)  # fmt: skip
    return decide(store, appeal.id, actor, scope, upheld=True, reason=reason, ip=ip,
                  detail=lambda: {"问题审核": f"{change.before.value} → {change.after.value}"})  # fmt: skip


def reject_appeal(
    store: Store, appeal_id: int, actor: User, scope: frozenset[str] | None, *, reason: str, ip: str = ""
) -> Appeal:
    """驳回: the finding stands; the reason is kept and logged."""
    return decide(store, appeal_id, actor, scope, upheld=False, reason=reason, ip=ip)
