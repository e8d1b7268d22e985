"""Review records (newest wins, history kept), the allow-list and notice overrides, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from govinspect import model as m
from govinspect.scoring import AllowKind, ReviewState, finding_fingerprint
from govinspect.store import ReviewStore, Store, StoreError
from govinspect.store.tables import Base

R = "2023Q2"


def _f(url: str) -> m.Finding:
    return m.Finding(code="link.dead", target_kind=m.TargetKind.SITE, target="a", message="链接不可用",
                     evidence=m.Evidence(url="http://a.gov.cn/", detail={"link": url}))  # fmt: skip


@pytest.fixture
def reviews(store: Store) -> ReviewStore:
    store.create_round(m.Round(name=R, checkpoint=dt.datetime(2023, 6, 20, tzinfo=m.TZ)))
    return ReviewStore(store)


def test_newest_record_wins_and_history_is_kept(reviews: ReviewStore) -> None:
    a, b = _f("http://a.gov.cn/1"), _f("http://a.gov.cn/2")
    reviews.record(R, [a, b], ReviewState.DOUBT, "待核实", "sup")
    reviews.record(R, [a], ReviewState.REJECTED, "页面已恢复", "rev")
    latest = reviews.latest(R)
    assert latest[finding_fingerprint(a)].state == ReviewState.REJECTED
    assert latest[finding_fingerprint(b)].state == ReviewState.DOUBT
    assert [(h.state, h.actor) for h in reviews.history(R, finding_fingerprint(a))] == [
        (ReviewState.DOUBT, "sup"), (ReviewState.REJECTED, "rev"),
    ]  # fmt: skip


def test_records_go_with_their_round(store: Store, reviews: ReviewStore) -> None:
    reviews.record(R, [_f("http://a.gov.cn/1")], ReviewState.CONFIRMED, "", "sup")
    store.create_round(m.Round(name="other", checkpoint=dt.datetime(2023, 9, 20, tzinfo=m.TZ)))
    assert reviews.latest("other") == {}


def test_allow_list_add_filter_remove(reviews: ReviewStore) -> None:
    old = reviews.add_allow(AllowKind.LINK, "http://a.gov.cn/*", "迁移", "sup", dt.date(2023, 1, 1))
    live = reviews.add_allow(AllowKind.COLUMN, "http://a.gov.cn/zt/", "历史专题", "sup")
    assert [e.id for e in reviews.allow_entries()] == [old.id, live.id]
    assert [e.id for e in reviews.allow_entries(on=dt.date(2023, 6, 1))] == [live.id]
    with pytest.raises(StoreError, match="须有内容和理由"):
        reviews.add_allow(AllowKind.LINK, "x", " ", "sup")
    assert reviews.remove_allow(old.id).pattern == "http://a.gov.cn/*"
    with pytest.raises(StoreError, match="没有编号为"):
        reviews.remove_allow(old.id)
    assert [e.id for e in reviews.allow_entries()] == [live.id]


def test_newest_override(reviews: ReviewStore) -> None:
    assert reviews.override(R) is None
    reviews.add_override(R, "rev", "一", ["x"])
    reviews.add_override(R, "rev", "二", ["y", "z"])
    o = reviews.override(R)
    assert o is not None and o.reason == "二" and o.fingerprints == {"y", "z"}
    with pytest.raises(StoreError, match="放行须填写理由"):
        reviews.add_override(R, "rev", "", [])


def test_migration_matches_the_tables(store: Store) -> None:
    """The 0005 tables as migrated have the columns tables.py declares."""
    insp = inspect(store.engine)
    for name in ("finding_reviews", "allow_entries", "review_overrides"):
        migrated = {c["name"]: c["nullable"] for c in insp.get_columns(name)}
        declared = {c.name: c.nullable for c in Base.metadata.tables[name].columns}
        assert migrated == declared, name
