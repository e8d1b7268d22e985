"""The 整改任务's states and the moves between them: who may make each move, from which states."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    PENDING = "待下发"
    ISSUED = "已下发"  # 待签收
    WORKING = "整改中"
    SUBMITTED = "已提交"
    RECHECKING = "复核中"
    DONE = "已整改"
    EXEMPT_ASKED = "申请无需整改"
    EXEMPT = "无需整改"


class Recheck(StrEnum):
    """What the re-check (复查) saw of one item."""

    FIXED = "已整改"
    NOT_FIXED = "疑似未整改"
    UNKNOWN = "无法复核"


OFFICE = frozenset({"supervisor"})  # 督查员: issues, re-checks, accepts and returns
APPROVERS = frozenset({"supervisor", "reviewer"})  # the office's approval of a 无需整改 request
UNIT = frozenset({"unit"})  # 填报单位, on its own unit's task only


@dataclass(frozen=True, slots=True)
class Move:
    """One transition: its Chinese name (audit log, errors), the states it leaves, where it goes, who."""

    name: str
    sources: frozenset[State]
    target: State
    roles: frozenset[str]
    needs_reason: bool = False


MOVES: dict[str, Move] = {
    "issue": Move("下发", frozenset({State.PENDING}), State.ISSUED, OFFICE),
    "sign": Move("签收", frozenset({State.ISSUED}), State.WORKING, UNIT),
    "submit": Move("提交整改报告", frozenset({State.WORKING}), State.SUBMITTED, UNIT),
    "recheck": Move("复查", frozenset({State.SUBMITTED}), State.RECHECKING, OFFICE),
    # the nightly re-check of a task 整改中 past half its time: outcomes recorded, the state unchanged
    "precheck": Move("中期复查", frozenset({State.WORKING}), State.WORKING, OFFICE),
    "accept": Move("验收", frozenset({State.RECHECKING}), State.DONE, OFFICE),
    "return": Move(
        "退回", frozenset({State.SUBMITTED, State.RECHECKING}), State.WORKING, OFFICE, needs_reason=True
    ),
    "exempt": Move(
        "申请无需整改", frozenset({State.ISSUED, State.WORKING}), State.EXEMPT_ASKED, UNIT, needs_reason=True
    ),
    "approve_exempt": Move("同意无需整改", frozenset({State.EXEMPT_ASKED}), State.EXEMPT, APPROVERS),
    "reject_exempt": Move(
        "不同意无需整改", frozenset({State.EXEMPT_ASKED}), State.WORKING, APPROVERS, needs_reason=True
    ),
}

CLOSED = frozenset({State.DONE, State.EXEMPT})
