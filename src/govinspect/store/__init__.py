"""Store stage: SQLAlchemy 2 models, Alembic migrations, and the Store API."""

from govinspect.store.api import Lease, PublishedNotice, Store, StoreError, TargetProgress

__all__ = ["Lease", "PublishedNotice", "Store", "StoreError", "TargetProgress"]
