"""Store stage: SQLAlchemy 2 models, Alembic migrations, and the Store API."""

from govinspect.store.api import Lease, Store, StoreError
from govinspect.store.tables import AccountRow, ColumnRow, SiteRow, UnitRow
from govinspect.store.users import AuditRow, UserStore

__all__ = [
    "AccountRow",
    "AuditRow",
    "ColumnRow",
    "Lease",
    "SiteRow",
    "Store",
    "StoreError",
    "UnitRow",
    "UserStore",
]
