"""Store stage: SQLAlchemy 2 models, Alembic migrations, and the Store API."""

from govinspect.store.api import Lease, Store, StoreError

__all__ = ["Lease", "Store", "StoreError"]
