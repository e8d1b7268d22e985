"""Store stage: SQLAlchemy 2 models, Alembic migrations, the Store API and the platform's accounts."""

from govinspect.store.api import Lease, PublishedNotice, Store, StoreError, TargetProgress
from govinspect.store.reviews import Override, ReviewRecord, ReviewStore
from govinspect.store.tables import AccountRow, ColumnRow, RectifyItemRow, RectifyTaskRow, SiteRow, UnitRow
from govinspect.store.users import ROLES, AuditRow, User, UserStore, generate_password

__all__ = [
    "ROLES",
    "AccountRow",
    "AuditRow",
    "ColumnRow",
    "Lease",
    "Override",
    "PublishedNotice",
    "RectifyItemRow",
    "RectifyTaskRow",
    "ReviewRecord",
    "ReviewStore",
    "SiteRow",
    "Store",
    "StoreError",
    "TargetProgress",
    "UnitRow",
    "User",
    "UserStore",
    "generate_password",
]
