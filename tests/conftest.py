"""Shared fixtures: service availability (PostgreSQL, Redis, chromium) and stores on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect.store import Store
from services import PG_URL, need, port_open, reset_pg


@pytest.fixture
def pg_url() -> str:
    need(port_open("127.0.0.1", 5432), "PostgreSQL is not running on 127.0.0.1:5432")
    return PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'govinspect.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        reset_pg(url)
    s = Store(url)
    s.migrate()
    yield s
    s.close()
