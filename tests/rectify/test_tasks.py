"""整改任务: created from the findings that count, moved only as the states allow, every move audited."""

from __future__ import annotations

import datetime as dt

import pytest
from rectify_fixtures import Office, judged_round, office, result, stale

from govinspect import model as m
from govinspect.rectify import (
    RectifyError,
    State,
    counts,
    create_tasks,
    get_task,
    list_tasks,
    precheck_due,
    report_status,
    transition,
)
from govinspect.store import Store, UserStore

A = frozenset({"县教育局"})  # what the 教育局 account sees


def _tasks(store: Store) -> dict[str, int]:
    judged_round(store)
    tasks = create_tasks(store, "2023Q3", store.results("2023Q3"), store.findings("2023Q3"), workdays=5)
    return {t.unit: t.id for t in tasks}


def test_a_finding_counts_only_when_it_cost_the_judged_target_points() -> None:
    f = stale("S1", "http://x/")
    assert counts(result("S1", "u", m.Verdict.FAIL, ("column.stale",)), f)
    assert not counts(result("S1", "u", m.Verdict.FAIL, ("link.dead",)), f)  # not what was deducted
    assert not counts(result("S1", "u", m.Verdict.UNVERIFIED, ("column.stale",)), f)  # 待核实


def test_one_pending_task_per_unit_and_none_for_unverified_targets(store: Store) -> None:
    ids = _tasks(store)
    assert set(ids) == {"县教育局", "县民政局"}
    task = get_task(store, ids["县教育局"])
    assert task.state == State.PENDING and task.deadline is None
    assert [(i.target, i.code) for i in task.items] == [("S1", "column.stale")]
    assert task.items[0].evidence["url"] == "http://jyj.example.gov.cn/gzdt/"
    again = create_tasks(store, "2023Q3", store.results("2023Q3"), store.findings("2023Q3"), workdays=3)
    assert {t.unit: (t.id, len(t.items), t.workdays) for t in again} == {u: (i, 1, 3) for u, i in ids.items()}


def test_an_issued_task_keeps_its_items_when_the_report_is_written_again(store: Store) -> None:
    ids = _tasks(store)
    me = office(store)
    transition(store, ids["县教育局"], "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    create_tasks(store, "2023Q3", store.results("2023Q3"), [], workdays=5)  # a rejudge found nothing
    assert [t.unit for t in list_tasks(store, "2023Q3")] == ["县教育局"]  # the pending one is gone
    assert len(get_task(store, ids["县教育局"]).items) == 1


def _issued(store: Store) -> tuple[Office, int]:
    ids = _tasks(store)
    me = office(store)
    transition(store, ids["县教育局"], "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    return me, ids["县教育局"]


def test_the_whole_path_to_accepted_is_audited_before_and_after(store: Store) -> None:
    me, tid = _issued(store)
    transition(store, tid, "sign", me.unit_a, A)
    with pytest.raises(RectifyError, match="当前为“整改中”，不能复查"):
        transition(store, tid, "recheck", me.supervisor, None)
    entries = UserStore(store).audit_entries(limit=None)
    moves = [(e.action, (e.before or {}).get("状态"), (e.after or {}).get("状态")) for e in reversed(entries)]
    assert moves[-2:] == [("整改任务下发", "待下发", "已下发"), ("整改任务签收", "已下发", "整改中")]
    assert entries[1].after == {"状态": "已下发", "整改期限": "2023-10-08"}  # 国庆 2023 skipped


def test_a_move_from_the_wrong_state_is_refused_and_changes_nothing(store: Store) -> None:
    me, tid = _issued(store)
    with pytest.raises(RectifyError, match="当前为“已下发”，不能验收（仅“复核中”的任务可以）"):
        transition(store, tid, "accept", me.supervisor, None)
    assert get_task(store, tid).state == State.ISSUED
    assert not UserStore(store).audit_entries(action="整改任务验收")


def test_roles_and_units_are_checked(store: Store) -> None:
    me, tid = _issued(store)
    with pytest.raises(RectifyError, match="“督查员”不能签收整改任务"):
        transition(store, tid, "sign", me.supervisor, None)
    with pytest.raises(RectifyError, match=f"没有编号为 {tid} 的整改任务"):  # another unit's task: as if none
        transition(store, tid, "sign", me.unit_b, frozenset({"县民政局"}))
    with pytest.raises(RectifyError, match="“填报单位”不能下发整改任务"):
        transition(store, tid, "issue", me.unit_a, A)
    transition(store, tid, "sign", me.unit_a, A)
    assert get_task(store, tid, A).state == State.WORKING


def test_return_and_exemption_need_a_reason_and_the_office_decides(store: Store) -> None:
    me, tid = _issued(store)
    with pytest.raises(RectifyError, match="申请无需整改须写明理由"):
        transition(store, tid, "exempt", me.unit_a, A, reason="  ")
    transition(store, tid, "exempt", me.unit_a, A, reason="该栏目已于本季度撤并")
    with pytest.raises(RectifyError, match="“填报单位”不能同意无需整改"):
        transition(store, tid, "approve_exempt", me.unit_a, A)
    task = transition(store, tid, "reject_exempt", me.reviewer, None, reason="栏目仍在导航中")
    assert (task.state, task.reason) == (State.WORKING, "栏目仍在导航中")
    transition(store, tid, "exempt", me.unit_a, A, reason="已撤并，导航已删除")
    assert transition(store, tid, "approve_exempt", me.supervisor, None).state == State.EXEMPT


@pytest.mark.parametrize(
    ("issued", "days", "due"),
    [
        (dt.date(2023, 9, 25), 5, dt.date(2023, 10, 8)),  # 9.26–28, then 10.7 and 10.8 (调休上班, 周末)
        (dt.date(2023, 9, 28), 1, dt.date(2023, 10, 7)),  # 9.29–10.6 off: the next working day is a Saturday
        (dt.date(2023, 10, 6), 2, dt.date(2023, 10, 8)),
        (dt.date(2024, 2, 9), 1, dt.date(2024, 2, 18)),  # 春节 2024: 2.10–17 off, 2.18 (Sunday) works
        (dt.date(2024, 2, 2), 2, dt.date(2024, 2, 5)),  # 2.4 (Sunday) is a make-up working day
    ],
)
def test_deadlines_count_working_days_from_the_issue_date(
    store: Store, issued: dt.date, days: int, due: dt.date
) -> None:
    judged_round(store)
    (task,) = create_tasks(
        store, "2023Q3", store.results("2023Q3")[:1], store.findings("2023Q3"), workdays=days
    )
    me = office(store)
    issued_task = transition(store, task.id, "issue", me.supervisor, None, on=issued)
    assert issued_task.deadline == due
    assert not issued_task.overdue(due)
    assert issued_task.overdue(due + dt.timedelta(days=1))


def test_overdue_is_a_flag_that_ends_with_the_submission(store: Store) -> None:
    me, tid = _issued(store)
    late = dt.date(2023, 10, 9)
    assert get_task(store, tid).overdue(late)
    transition(store, tid, "sign", me.unit_a, A)
    assert get_task(store, tid).overdue(late)
    transition(store, tid, "exempt", me.unit_a, A, reason="r")
    transition(store, tid, "approve_exempt", me.supervisor, None)
    assert not get_task(store, tid).overdue(late)


def test_report_status_names_units_without_a_report_by_the_deadline(store: Store) -> None:
    ids = _tasks(store)
    me = office(store)
    for tid in ids.values():
        transition(store, tid, "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    tasks = list_tasks(store, "2023Q3")
    assert report_status(tasks, dt.date(2023, 10, 8)) is None  # the deadline has not passed
    status = report_status(tasks, dt.date(2023, 12, 20))
    assert status is not None and status.due == dt.date(2023, 10, 8)
    assert status.missing_units == ("县教育局", "县民政局")


def test_the_nightly_look_is_due_past_half_the_time_and_moves_nothing(store: Store) -> None:
    me, tid = _issued(store)  # issued 2023-09-25, 5 working days → 2023-10-08
    assert not precheck_due(get_task(store, tid), dt.date(2023, 10, 7))  # 已下发: not yet signed
    transition(store, tid, "sign", me.unit_a, A)
    task = get_task(store, tid)
    assert not precheck_due(task, dt.date(2023, 9, 26))  # 1 of 5 working days gone
    assert precheck_due(task, dt.date(2023, 10, 7))  # 9.26–28 and 10.7: 4 of 5
    with pytest.raises(RectifyError, match="“填报单位”不能中期复查"):
        transition(store, tid, "precheck", me.unit_a, A)
    assert transition(store, tid, "precheck", me.supervisor, None).state == State.WORKING
    assert UserStore(store).audit_entries(action="整改任务中期复查")[0].after == {"状态": "整改中"}
