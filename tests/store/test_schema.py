"""The Alembic migrations build exactly the tables, columns and indexes declared in `store/tables.py`."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Index, MetaData

import govinspect.store.users  # noqa: F401  (registers the platform's tables on Base)
from govinspect.store import Store
from govinspect.store.tables import Base


def _differences(store: Store, metadata: MetaData) -> list[Any]:
    with store.engine.connect() as c:
        return list(compare_metadata(MigrationContext.configure(c), metadata))


def test_migrations_match_the_declared_tables(store: Store) -> None:
    assert _differences(store, Base.metadata) == []


def test_an_index_missing_from_the_migrations_is_found(store: Store) -> None:
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    findings = metadata.tables["findings"]
    Index("ix_findings_code_only_declared", findings.c.code)
    assert [d[0] for d in _differences(store, metadata)] == ["add_index"]
