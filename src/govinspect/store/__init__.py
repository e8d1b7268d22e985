"""Store stage: SQLAlchemy 2 models, Alembic migrations, the Store API and the platform's accounts."""

from govinspect.store.api import Lease, PublishedNotice, Store, StoreError, TargetProgress
from govinspect.store.monitoring import SEND_STATES, MonitorStore, Notification
from govinspect.store.reviews import Override, ReviewRecord, ReviewStore
from govinspect.store.tables import (
    AccountRow,
    AlertConditionRow,
    AlertSendRow,
    ColumnRow,
    MonitorSnapshotRow,
    NotificationRow,
    RectifyItemRow,
    RectifyTaskRow,
    ScheduleRow,
    SiteRow,
    UnitRow,
)
from govinspect.store.users import ROLES, AuditRow, User, UserStore, generate_password

__all__ = [
    "ROLES",
    "SEND_STATES",
    "AccountRow",
    "AlertConditionRow",
    "AlertSendRow",
    "AuditRow",
    "ColumnRow",
    "Lease",
    "MonitorSnapshotRow",
    "MonitorStore",
    "Notification",
    "NotificationRow",
    "Override",
    "PublishedNotice",
    "RectifyItemRow",
    "RectifyTaskRow",
    "ReviewRecord",
    "ReviewStore",
    "ScheduleRow",
    "SiteRow",
    "Store",
    "StoreError",
    "TargetProgress",
    "UnitRow",
    "User",
    "UserStore",
    "generate_password",
]
