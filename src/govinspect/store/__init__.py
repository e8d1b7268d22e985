"""Store stage: SQLAlchemy 2 models, Alembic migrations, the Store API and the platform's accounts."""

from govinspect.store.api import Lease, Store, StoreError
from govinspect.store.tables import RectifyItemRow, RectifyTaskRow
from govinspect.store.users import ROLES, AuditRow, User, UserStore, generate_password

__all__ = [
    "ROLES",
    "AuditRow",
    "Lease",
    "RectifyItemRow",
    "RectifyTaskRow",
    "Store",
    "StoreError",
    "User",
    "UserStore",
    "generate_password",
]
