"""Store stage: SQLAlchemy 2 models, Alembic migrations, and the Store API."""

from govinspect.store.api import Lease, Store, StoreError
from govinspect.store.reviews import Override, ReviewRecord, ReviewStore
from govinspect.store.users import UserStore

__all__ = ["Lease", "Override", "ReviewRecord", "ReviewStore", "Store", "StoreError", "UserStore"]
