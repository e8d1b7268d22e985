"""Store stage: SQLAlchemy 2 models, Alembic migrations, the Store API and the platform's accounts."""

from govinspect.store.api import Lease, PublishedNotice, Store, StoreError, TargetProgress
from govinspect.store.monitoring import SEND_STATES, MonitorStore, Notification
from govinspect.store.reviews import Override, ReviewRecord, ReviewStore
from govinspect.store.tables import (
    AccountRow,
    AlertConditionRow,
    AlertSendRow,
    AppealRow,
    ColumnRow,
    FindingRow,
    MonitorSnapshotRow,
    NotificationRow,
    RectifyItemRow,
    RectifyTaskRow,
    ScheduleRow,
    SelfInspectionRow,
    SiteRow,
    TargetResultRow,
    UnitRow,
)
from govinspect.store.users import ROLES, AuditRow, User, UserStore, generate_password
from govinspect.store.versions import ResultChange, RoundVersion, VersionStore

__all__ = [
    "ROLES",
    "SEND_STATES",
    "AccountRow",
    "AlertConditionRow",
    "AlertSendRow",
    "AppealRow",
    "AuditRow",
    "ColumnRow",
    "FindingRow",
    "Lease",
    "MonitorSnapshotRow",
    "MonitorStore",
    "Notification",
    "NotificationRow",
    "Override",
    "PublishedNotice",
    "RectifyItemRow",
    "RectifyTaskRow",
    "ResultChange",
    "ReviewRecord",
    "ReviewStore",
    "RoundVersion",
    "ScheduleRow",
    "SelfInspectionRow",
    "SiteRow",
    "Store",
    "StoreError",
    "TargetProgress",
    "TargetResultRow",
    "UnitRow",
    "User",
    "UserStore",
    "VersionStore",
    "generate_password",
]
