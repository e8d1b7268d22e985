"""Processes that start at the same instant on a fresh database: one migration wins, none crashes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govinspect.store import Store
from services import reset_pg

SRC = Path(__file__).resolve().parents[2] / "src"
START = """
import sys, time
from govinspect.store import Store
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # all processes migrate at the same instant
Store(sys.argv[1]).migrate()
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_same_instant_migrations_of_a_fresh_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        reset_pg(url)
    else:
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
    at = str(time.time() + 4)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen([sys.executable, "-c", START, url, at], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    store = Store(url)
    assert store.lease("R") is None and store.list_rounds() == []  # the schema is complete
    store.close()
