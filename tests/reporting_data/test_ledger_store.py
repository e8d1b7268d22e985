"""The ledger_rows table on SQLite and PostgreSQL: replace per kind, JSON values, cascade with the round."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import StatementError

from govinspect import model as m
from govinspect.store import Store, StoreError


def _round(store: Store, name: str = "2021Q3") -> None:
    store.create_round(m.Round(name=name, checkpoint=m.checkpoint_at(dt.date(2021, 9, 30))))


def test_ledger_round_trip_and_replace(store: Store) -> None:
    _round(store)
    rows = [
        {"unit": "县自然资源局", "received": "2021-03-01", "answered": "2021-04-30", "review": True},
        {"unit": "桐柏化工产业集聚区", "received": "2021-07-05", "answered": None, "review": True},
    ]
    assert store.save_ledger("2021Q3", "applications", rows) == 2
    store.save_ledger("2021Q3", "mailbox", [{"unit": "县教体局", "received": 27, "replied": 0}])
    assert store.ledger("2021Q3", "applications") == rows
    store.save_ledger("2021Q3", "applications", rows[:1])
    assert store.ledger("2021Q3", "applications") == rows[:1]
    assert store.ledger("2021Q3", "mailbox") == [{"unit": "县教体局", "received": 27, "replied": 0}]
    assert store.ledger_kinds("2021Q3") == ["applications", "mailbox"]


def test_no_ledger_is_empty(store: Store) -> None:
    _round(store)
    assert store.ledger("2021Q3", "applications") == []
    assert store.ledger_kinds("2021Q3") == []


def test_ledger_needs_the_round_and_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(StoreError, match="没有名为"):
        store.save_ledger("nope", "applications", [{"unit": "县发改委"}])
    _round(store)
    store.save_ledger("2021Q3", "mailbox", [{"unit": "县教体局", "received": 1, "replied": 0}])
    with pytest.raises((TypeError, StatementError), match="not JSON serializable"):  # rolls back
        store.save_ledgers(
            "2021Q3",
            {"mailbox": [], "applications": [{"unit": "县发改委", "received": object()}]},
        )
    assert store.ledger("2021Q3", "mailbox") == [{"unit": "县教体局", "received": 1, "replied": 0}]
    assert store.ledger("2021Q3", "applications") == []
