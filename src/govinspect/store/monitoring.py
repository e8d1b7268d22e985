"""Continuous monitoring in the store: schedules and their runs, dated snapshots, 预警 conditions,
the alert send log and in-app notifications (read or not by each user for themselves).

Snapshots and runs are appended, never overwritten; a condition is one row per key that opens and
clears, so that one alert goes out per opening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.exc import IntegrityError

from govinspect.store.api import Store, StoreError
from govinspect.store.tables import (
    AlertConditionRow,
    AlertSendRow,
    MonitorSnapshotRow,
    NotificationReadRow,
    NotificationRow,
    ProbeRow,
    ScheduleRow,
    ScheduleRunRow,
)

SEND_STATES = ("待发送", "重试中", "成功", "失败", "去重", "不发送")
OPEN_SEND_STATES = ("待发送", "重试中")


@dataclass(frozen=True, slots=True)
class Notification:
    """An in-app notification as one user sees it: read or not by that user."""

    id: int
    unit: str
    at: dt.datetime
    title: str
    body: str
    read: bool


def _read_by(user_id: int) -> ColumnElement[bool]:
    """Has this user read the notification of the row at hand?"""
    return (
        select(NotificationReadRow.notification_id)
        .where(
            NotificationReadRow.notification_id == NotificationRow.id, NotificationReadRow.user_id == user_id
        )
        .exists()
    )


def _of_units(column: Any, units: Collection[str] | None) -> ColumnElement[bool]:
    """Rows of these units (None: every unit)."""
    if units is None:
        return true()
    clause: ColumnElement[bool] = column.in_(sorted(units))
    return clause


class MonitorStore:
    """Schedules, runs, snapshots, conditions, sends and notifications of one Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- schedules ---------------------------------------------------------
    def schedules(self) -> list[ScheduleRow]:
        with self.store.session() as s:
            return list(s.scalars(select(ScheduleRow).order_by(ScheduleRow.id)))

    def schedule(self, name: str) -> ScheduleRow:
        with self.store.session() as s:
            row = s.scalar(select(ScheduleRow).where(ScheduleRow.name == name))
        if row is None:
            raise StoreError(f"没有名为“{name}”的计划任务（govinspect schedule list 查看全部）")
        return row

    def add_missing_schedules(self, rows: Iterable[tuple[str, str, str, dt.datetime | None]]) -> int:
        """Insert (name, job, trigger, next_run) for names not yet stored; returns how many were added."""
        added = 0
        with self.store.session() as s:
            have = set(s.scalars(select(ScheduleRow.name)))
            for name, job, trigger, next_run in rows:
                if name not in have:
                    s.add(ScheduleRow(name=name, job=job, trigger=trigger, enabled=True, next_run=next_run))
                    added += 1
        return added

    def set_schedule(
        self,
        name: str,
        *,
        trigger: str | None = None,
        enabled: bool | None = None,
        next_run: dt.datetime | None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Change a schedule's trigger and/or switch; returns (before, after) for the audit log."""
        with self.store.session() as s:
            row = s.scalar(select(ScheduleRow).where(ScheduleRow.name == name))
            if row is None:
                raise StoreError(f"没有名为“{name}”的计划任务（govinspect schedule list 查看全部）")
            before = {"trigger": row.trigger, "enabled": row.enabled}
            if trigger is not None:
                row.trigger = trigger
            if enabled is not None:
                row.enabled = enabled
            row.next_run = next_run
            return before, {"trigger": row.trigger, "enabled": row.enabled}

    def record_run(
        self,
        name: str,
        started_at: dt.datetime,
        duration_s: float,
        outcome: str,
        produced: int,
        error: str | None,
        next_run: dt.datetime | None,
    ) -> None:
        """Append a run to the history and note it, with the next run time, on the schedule."""
        with self.store.session() as s:
            s.add(
                ScheduleRunRow(schedule=name, started_at=started_at, duration_s=duration_s, outcome=outcome,
                               produced=produced, error=error)
            )  # fmt: skip
            row = s.scalar(select(ScheduleRow).where(ScheduleRow.name == name))
            if row is None:
                return
            row.last_run, row.last_duration_s = started_at, duration_s
            row.last_outcome, row.last_error = outcome, error
            row.next_run = next_run
            if produced:
                row.last_produced = started_at

    def runs(self, name: str, limit: int = 20) -> list[ScheduleRunRow]:
        """A schedule's runs, newest first."""
        q = select(ScheduleRunRow).where(ScheduleRunRow.schedule == name)
        with self.store.session() as s:
            return list(s.scalars(q.order_by(ScheduleRunRow.id.desc()).limit(limit)))

    def first_run(self, name: str) -> dt.datetime | None:
        with self.store.session() as s:
            return s.scalar(
                select(func.min(ScheduleRunRow.started_at)).where(ScheduleRunRow.schedule == name)
            )

    # -- probes (the rows `Store.add_probes` writes) -------------------------------
    def last_probes(self, site_code: str, n: int, until: dt.datetime) -> list[ProbeRow]:
        """A site's last `n` probes at or before `until`, oldest first."""
        q = select(ProbeRow).where(ProbeRow.site_code == site_code, ProbeRow.at <= until)
        with self.store.session() as s:
            return list(reversed(list(s.scalars(q.order_by(ProbeRow.at.desc()).limit(n)))))

    def probe_counts(self, site_code: str, since: dt.datetime, until: dt.datetime) -> tuple[int, int]:
        """(probes, failed probes) of a site with since <= at <= until."""
        q = select(func.count(), func.count().filter(ProbeRow.ok.is_(False))).where(
            ProbeRow.site_code == site_code, ProbeRow.at >= since, ProbeRow.at <= until
        )
        with self.store.session() as s:
            total, failed = s.execute(q).one()
        return int(total), int(failed)

    # -- snapshots ---------------------------------------------------------
    def add_snapshots(self, job: str, rows: Iterable[tuple[str, str, dt.datetime, dict[str, Any]]]) -> int:
        """Append (target kind, target, at, data) snapshots of one job; returns how many."""
        n = 0
        with self.store.session() as s:
            for kind, target, at, data in rows:
                s.add(MonitorSnapshotRow(job=job, target_kind=kind, target=target, at=at, data=data))
                n += 1
        return n

    def latest_snapshots(self, job: str, as_of: dt.datetime) -> dict[str, MonitorSnapshotRow]:
        """The newest snapshot of each target taken by `job` at or before `as_of`."""
        newest = (
            select(MonitorSnapshotRow.target, func.max(MonitorSnapshotRow.id).label("id"))
            .where(MonitorSnapshotRow.job == job, MonitorSnapshotRow.at <= as_of)
            .group_by(MonitorSnapshotRow.target)
            .subquery()
        )
        q = select(MonitorSnapshotRow).join(newest, MonitorSnapshotRow.id == newest.c.id)
        with self.store.session() as s:
            return {r.target: r for r in s.scalars(q)}

    def latest_snapshot(self, job: str, target: str, as_of: dt.datetime) -> MonitorSnapshotRow | None:
        """One target's newest snapshot taken by `job` at or before `as_of` (through the target's index)."""
        q = select(MonitorSnapshotRow).where(
            MonitorSnapshotRow.target == target, MonitorSnapshotRow.job == job, MonitorSnapshotRow.at <= as_of
        )
        with self.store.session() as s:
            return s.scalar(q.order_by(MonitorSnapshotRow.id.desc()).limit(1))  # as `latest_snapshots`

    def confirm_baselines(self, codes: Iterable[str], actor: str, at: dt.datetime) -> list[str]:
        """Make each site's latest daily fingerprint its confirmed baseline (all or none); the codes."""
        daily = self.latest_snapshots("daily", at)
        codes = list(dict.fromkeys(codes))
        missing = [c for c in codes if c not in daily or not daily[c].data.get("home_print")]
        if missing:
            raise StoreError(
                f"网站 {'、'.join(missing)} 还没有读到首页的日常巡检记录，无法确认基线（先运行 govinspect schedule run 每日巡检）"
            )
        self.add_snapshots(
            "baseline",
            [("site", c, at, {**daily[c].data["home_print"], "confirmed_by": actor}) for c in codes],
        )
        return codes

    def snapshot_count(self, job: str) -> int:
        with self.store.session() as s:
            return int(s.scalar(select(func.count()).where(MonitorSnapshotRow.job == job)) or 0)

    # -- conditions --------------------------------------------------------
    def conditions(
        self, *, active: bool | None = True, units: Collection[str] | None = None
    ) -> list[AlertConditionRow]:
        """Conditions, oldest first; of these units only when given."""
        q = select(AlertConditionRow).where(_of_units(AlertConditionRow.unit, units))
        q = q.order_by(AlertConditionRow.id)
        if active is not None:
            q = q.where(AlertConditionRow.active == active)
        with self.store.session() as s:
            return list(s.scalars(q))

    def condition(self, key: str) -> AlertConditionRow | None:
        with self.store.session() as s:
            return s.scalar(select(AlertConditionRow).where(AlertConditionRow.key == key))

    def open_condition(
        self, key: str, rule: str, unit: str, target: str, urgent: bool, message: str, at: dt.datetime
    ) -> None:
        """Mark a condition open (a new row, or the reopened row of an earlier episode)."""
        with self.store.session() as s:
            row = s.scalar(select(AlertConditionRow).where(AlertConditionRow.key == key))
            if row is None:
                row = AlertConditionRow(key=key, rule=rule, unit=unit, target=target)
                s.add(row)
            row.urgent, row.message, row.active = urgent, message, True
            row.opened_at, row.cleared_at = at, None

    def clear_condition(self, key: str, at: dt.datetime) -> None:
        with self.store.session() as s:
            row = s.scalar(select(AlertConditionRow).where(AlertConditionRow.key == key))
            if row is not None and row.active:
                row.active, row.cleared_at = False, at

    # -- send log ----------------------------------------------------------
    def add_send(self, row: AlertSendRow) -> None:
        if row.state not in SEND_STATES:
            raise ValueError(f"unknown send state {row.state}")
        with self.store.session() as s:
            s.add(row)

    def sends(
        self, *, state: str | None = None, condition_key: str | None = None, limit: int | None = 200
    ) -> list[AlertSendRow]:
        """Send log entries, newest first."""
        q = select(AlertSendRow).order_by(AlertSendRow.id.desc())
        if state:
            q = q.where(AlertSendRow.state == state)
        if condition_key:
            q = q.where(AlertSendRow.condition_key == condition_key)
        if limit is not None:
            q = q.limit(limit)
        with self.store.session() as s:
            return list(s.scalars(q))

    def open_sends(self, due_at: dt.datetime | None = None) -> list[AlertSendRow]:
        """Sends still to go (待发送 / 重试中), oldest first; only those due by `due_at` when given."""
        q = select(AlertSendRow).where(AlertSendRow.state.in_(OPEN_SEND_STATES))
        if due_at is not None:
            q = q.where(AlertSendRow.not_before <= due_at)
        with self.store.session() as s:
            return list(s.scalars(q.order_by(AlertSendRow.id)))

    def update_send(self, send_id: int, **changes: Any) -> None:
        with self.store.session() as s:
            row = s.get(AlertSendRow, send_id)
            if row is None:
                return
            if changes.get("state", row.state) not in SEND_STATES:
                raise ValueError(f"unknown send state {changes['state']}")
            for k, v in changes.items():
                setattr(row, k, v)

    def sent_since(self, unit: str, since: dt.datetime) -> int:
        """Messages (not the bell) to a unit sent or still going out since `since` (for the daily cap)."""
        q = select(func.count()).where(
            AlertSendRow.unit == unit,
            AlertSendRow.channel != "inapp",
            AlertSendRow.created_at >= since,
            AlertSendRow.state.in_(("成功", "待发送", "重试中")),
        )
        with self.store.session() as s:
            return int(s.scalar(q) or 0)

    # -- in-app notifications ----------------------------------------------
    def notify(self, unit: str, title: str, body: str, at: dt.datetime) -> None:
        with self.store.session() as s:
            s.add(NotificationRow(unit=unit, at=at, title=title, body=body))

    def notifications(self, unit: str | None = None, limit: int = 100) -> list[NotificationRow]:
        """In-app notifications, newest first; of one unit when given."""
        q = select(NotificationRow).order_by(NotificationRow.id.desc()).limit(limit)
        if unit is not None:
            q = q.where(NotificationRow.unit == unit)
        with self.store.session() as s:
            return list(s.scalars(q))

    def notification_page(
        self, units: Collection[str] | None, user_id: int, *, before: int = 0, limit: int = 50
    ) -> list[Notification]:
        """Notifications of these units (None: all), newest first, with ids below `before` when given,
        each with whether this user has read it."""
        q = select(NotificationRow, _read_by(user_id)).where(_of_units(NotificationRow.unit, units))
        if before:
            q = q.where(NotificationRow.id < before)
        with self.store.session() as s:
            rows = s.execute(q.order_by(NotificationRow.id.desc()).limit(limit))
            return [Notification(n.id, n.unit, n.at, n.title, n.body, bool(read)) for n, read in rows]

    def notification(self, notification_id: int) -> NotificationRow | None:
        with self.store.session() as s:
            return s.get(NotificationRow, notification_id)

    def unread_count(self, units: Collection[str] | None, user_id: int) -> int:
        """Notifications of these units (None: all) this user has not read: the bell's number."""
        q = select(func.count()).select_from(NotificationRow)
        q = q.where(_of_units(NotificationRow.unit, units), ~_read_by(user_id))
        with self.store.session() as s:
            return int(s.scalar(q) or 0)

    def mark_read(
        self, units: Collection[str] | None, user_id: int, at: dt.datetime, notification_id: int | None = None
    ) -> int:
        """Mark one notification (or, without an id, all) of these units read for this user; how many changed."""
        q = select(NotificationRow.id).where(_of_units(NotificationRow.unit, units), ~_read_by(user_id))
        if notification_id is not None:
            q = q.where(NotificationRow.id == notification_id)
        try:
            with self.store.session() as s:
                ids = list(s.scalars(q))
                s.add_all(NotificationReadRow(notification_id=i, user_id=user_id, read_at=at) for i in ids)
                s.flush()
        except IntegrityError:  # the same user marked them read at the same instant elsewhere
            return 0
        return len(ids)
