"""Store stage: SQLAlchemy 2 models, Alembic migrations, the Store API and the platform's accounts."""

from govinspect.store.api import Lease, Store, StoreError
from govinspect.store.monitoring import SEND_STATES, MonitorStore
from govinspect.store.tables import AlertConditionRow, AlertSendRow, ScheduleRow
from govinspect.store.users import ROLES, AuditRow, User, UserStore, generate_password

__all__ = [
    "ROLES",
    "SEND_STATES",
    "AlertConditionRow",
    "AlertSendRow",
    "AuditRow",
    "Lease",
    "MonitorStore",
    "ScheduleRow",
    "Store",
    "StoreError",
    "User",
    "UserStore",
    "generate_password",
]
