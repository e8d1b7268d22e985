"""SQLAlchemy 2 tables of the store. Migrations in `migrations/` must match these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from govinspect.model import TZ


class AwareDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes on every backend: stored as UTC, read back in Asia/Shanghai."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(TZ)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: AwareDateTime}


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent: Mapped[str | None] = mapped_column(String(200))
    former_names: Mapped[list[Any]] = mapped_column(default=list)


class SiteRow(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    home_url: Mapped[str] = mapped_column(String(1000))
    unit: Mapped[str] = mapped_column(ForeignKey("units.name", onupdate="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_since: Mapped[dt.date | None] = mapped_column(Date)
    moved_to: Mapped[str | None] = mapped_column(String(1000))
    extra_hosts: Mapped[list[Any]] = mapped_column(default=list)
    path_prefix: Mapped[str] = mapped_column(String(500), default="/", server_default="/")
    group_name: Mapped[str | None] = mapped_column(String(200))
    has_services: Mapped[bool] = mapped_column(Boolean, default=True)
    crawl: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ColumnRow(Base):
    __tablename__ = "columns"
    __table_args__ = (UniqueConstraint("site_code", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(ForeignKey("sites.code", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000))
    category: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer, default=1)
    registered: Mapped[bool] = mapped_column(Boolean, default=True)


class AccountRow(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "account_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(ForeignKey("units.name", onupdate="CASCADE"))
    certified_entity: Mapped[str | None] = mapped_column(String(200))
    feed_url: Mapped[str | None] = mapped_column(String(1000))
    profile_url: Mapped[str | None] = mapped_column(String(1000))
    menu_links: Mapped[list[Any]] = mapped_column(default=list)


class RoundRow(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    checkpoint: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    profile: Mapped[str] = mapped_column(String(100))
    scope_units: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="crawl", server_default="crawl")
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class RoundTargetRow(Base):
    """Progress of one target in one round; lets an interrupted round resume."""

    __tablename__ = "round_targets"
    __table_args__ = (UniqueConstraint("round_name", "target_kind", "target"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"))
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # pending / running / done / failed
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    info: Mapped[dict[str, Any]] = mapped_column(default=dict)  # e.g. snapshot dir, page count


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_round_target", "round_name", "target_kind", "target"),  # a target's findings
        Index("ix_findings_round_id", "round_name", "id"),  # a round's findings, page by page
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300), index=True)
    code: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    count: Mapped[int] = mapped_column(Integer, default=1)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)


class TargetResultRow(Base):
    __tablename__ = "target_results"
    __table_args__ = (
        UniqueConstraint("round_name", "target_kind", "target"),
        # covers the dashboard's counts (by round and verdict, by unit) and a unit user's scope
        Index("ix_target_results_round_verdict_unit", "round_name", "verdict", "unit", "score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    score: Mapped[float | None] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(10))
    vetoes: Mapped[list[Any]] = mapped_column(default=list)
    deductions: Mapped[list[Any]] = mapped_column(default=list)
    summary: Mapped[str] = mapped_column(Text, default="")


class RectifyTaskRow(Base):
    """整改任务: one unit's problems of one round, from 待下发 to 已整改 (see `govinspect.rectify`)."""

    __tablename__ = "rectify_tasks"
    __table_args__ = (UniqueConstraint("round_name", "unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    state: Mapped[str] = mapped_column(String(20))
    workdays: Mapped[int] = mapped_column(Integer)  # 整改 time allowed, in working days from issue
    notice_title: Mapped[str] = mapped_column(Text, default="")  # the notice the task was issued with
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)  # first submission
    report_file: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # signed 整改报告
    reason: Mapped[str] = mapped_column(Text, default="")  # the last 退回 or 无需整改 reason
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class RectifyItemRow(Base):
    """One finding of a 整改任务: what the unit did about it and what the re-check saw."""

    __tablename__ = "rectify_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("rectify_tasks.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    response: Mapped[str] = mapped_column(Text, default="")  # 整改情况, the unit's words
    proofs: Mapped[list[Any]] = mapped_column(default=list)  # stored files: name, sha256, size, path
    recheck: Mapped[str | None] = mapped_column(String(20))  # 已整改 / 疑似未整改 / 无法复核
    recheck_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    rechecked_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)


class AppealRow(Base):
    """申诉: a unit disputes one finding of its own (by fingerprint); the supervisor upholds or rejects it."""

    __tablename__ = "rectify_appeals"
    __table_args__ = (UniqueConstraint("round_name", "fingerprint"),)  # one appeal per finding
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the finding's evidence as disputed
    reason: Mapped[str] = mapped_column(Text)
    file: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # the unit's evidence file
    state: Mapped[str] = mapped_column(String(20))  # 待处理 / 申诉成立 / 已驳回
    filed_by: Mapped[str] = mapped_column(String(100))
    filed_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    decision: Mapped[str] = mapped_column(Text, default="")  # the supervisor's reason


class RoundVersionRow(Base):
    """A rejudge of a published round: its results as a new version beside the frozen published ones."""

    __tablename__ = "round_versions"
    __table_args__ = (UniqueConstraint("round_name", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # 2, 3, …: the published results are version 1
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    results: Mapped[list[Any]] = mapped_column(default=list)  # TargetResult JSON
    changes: Mapped[list[Any]] = mapped_column(default=list)  # against the published results


class SelfInspectionRow(Base):
    """自查: a unit's on-demand inspection of one of its targets, seen by the unit and the office only."""

    __tablename__ = "self_inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300), index=True)
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    state: Mapped[str] = mapped_column(String(20))  # 检查中 / 已完成 / 未完成
    findings: Mapped[list[Any]] = mapped_column(default=list)  # Finding JSON
    summary: Mapped[str] = mapped_column(Text, default="")


class ProbeRow(Base):
    __tablename__ = "probes"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(String(40), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int | None] = mapped_column(Integer)
    elapsed_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(40))


class PostRow(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("account", "published", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(300), index=True)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    url: Mapped[str | None] = mapped_column(String(2000))
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="feed")


class LedgerRow(Base):
    """One row of an office ledger (台账) for a round: 整改报告报送, 依申请公开, 县长信箱 …"""

    __tablename__ = "ledger_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RoundLeaseRow(Base):
    """The one process writing a round (run, rejudge, report): who, since when, and until when."""

    __tablename__ = "round_leases"
    round_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))  # the holder's own id; takeovers and renewals check it
    command: Mapped[str] = mapped_column(String(40))
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class PublishedNoticeRow(Base):
    """A round's published notice, frozen: its files with their sha256, who published it and when."""

    __tablename__ = "published_notices"
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), primary_key=True)
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    files: Mapped[list[Any]] = mapped_column(default=list)  # [{"path", "sha256", "size", "unit"}]


class FindingReviewRow(Base):
    """One review action on a finding (append-only): the newest per fingerprint is its review state."""

    __tablename__ = "finding_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(10))  # 已确认 / 误报 / 存疑 (待审核 when reopened)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class AllowEntryRow(Base):
    """The office's allow-list: a lexicon exception, a link pattern or a column not to judge."""

    __tablename__ = "allow_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    pattern: Mapped[str] = mapped_column(String(1000))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    expires: Mapped[dt.date | None] = mapped_column(Date)


class ReviewOverrideRow(Base):
    """An 审核员's decision to issue a round's notice although these veto findings were 待审核."""

    __tablename__ = "review_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    fingerprints: Mapped[list[Any]] = mapped_column(default=list)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class ScheduleRow(Base):
    """A monitoring schedule: which job, when (interval or cron), and how its last run went."""

    __tablename__ = "monitor_schedules"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    job: Mapped[str] = mapped_column(String(40))
    trigger: Mapped[str] = mapped_column(String(100))  # "every 30m" or a 5-field cron line
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    last_run: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    last_duration_s: Mapped[float | None] = mapped_column(Float)
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_produced: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)  # last run with results


class ScheduleRunRow(Base):
    """One run of a schedule (its history)."""

    __tablename__ = "monitor_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule: Mapped[str] = mapped_column(String(100), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    duration_s: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))
    produced: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class MonitorSnapshotRow(Base):
    """What one monitoring job saw of one target at one time (dated, never overwritten)."""

    __tablename__ = "monitor_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AlertConditionRow(Base):
    """A 预警 condition of one target: open until it clears; one alert per opening."""

    __tablename__ = "alert_conditions"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)  # rule|target|detail
    rule: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(300))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)


class AlertSendRow(Base):
    """The send log: one message to one recipient over one channel, and its state."""

    __tablename__ = "alert_sends"
    id: Mapped[int] = mapped_column(primary_key=True)
    condition_key: Mapped[str] = mapped_column(String(400), index=True)
    event: Mapped[str] = mapped_column(String(20))  # 预警 / 恢复 / 汇总
    unit: Mapped[str] = mapped_column(String(200), index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), index=True)  # 待发送 重试中 成功 失败 去重 不发送
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class NotificationRow(Base):
    """An in-app notification (the web's bell) for a unit's users."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)


class NotificationReadRow(Base):
    """A user read a notification: read state is each user's own (the bell counts what they have not read)."""

    __tablename__ = "notification_reads"
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("web_users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    read_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
