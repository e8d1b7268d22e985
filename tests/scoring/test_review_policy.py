"""Review policy per profile, finding fingerprints, and allow-list entries (pure functions)."""

from __future__ import annotations

import datetime as dt

from govinspect import model as m
from govinspect.rules import load_profile
from govinspect.scoring import (
    AllowEntry,
    AllowKind,
    ReviewState,
    drop_allowed,
    finding_fingerprint,
    initial_state,
)

NOW = dt.datetime(2023, 6, 20, tzinfo=m.TZ)


def _f(code: str, url: str = "http://a.gov.cn/", message: str = "问题", **detail: object) -> m.Finding:
    return m.Finding(code=code, target_kind=m.TargetKind.SITE, target="a", message=message,
                     evidence=m.Evidence(url=url, detail=detail))  # fmt: skip


def test_national_policy_vetoes_and_content_wait_dead_links_do_not() -> None:
    p = load_profile("national-2019")
    for code in ("homepage.stale", "column.stale", "content.typo", "content.serious_error", "privacy.mobile"):
        assert initial_state(code, False, p) == ReviewState.PENDING, code
    for code in ("link.dead", "link.dead_homepage", "identity.icp_missing", "column.undated"):
        assert initial_state(code, False, p) == ReviewState.CONFIRMED, code
    assert initial_state("manual.forged_date", True, p) == ReviewState.CONFIRMED  # a person entered it


def test_a_profile_can_auto_confirm_a_veto() -> None:
    p = load_profile("national-2019")
    auto = p.model_copy(update={"review": p.review.model_copy(update={"auto": ["homepage.stale"]})})
    assert initial_state("homepage.stale", False, auto) == ReviewState.CONFIRMED
    none = p.model_copy(update={"review": p.review.model_copy(update={"vetoes": False})})
    assert initial_state("homepage.stale", False, none) == ReviewState.CONFIRMED
    assert initial_state("content.typo", False, none) == ReviewState.PENDING


def test_fingerprint_names_the_instance_not_the_wording() -> None:
    a = _f("column.stale", column_url="http://a.gov.cn/tzgg/", newest_date="2023-01-01")
    same = _f(
        "column.stale", message="另一种措辞", column_url="http://a.gov.cn/tzgg/", newest_date="2023-02-01"
    )
    other = _f("column.stale", column_url="http://a.gov.cn/zcwj/")
    assert finding_fingerprint(a) == finding_fingerprint(same)
    assert finding_fingerprint(a) != finding_fingerprint(other)
    assert finding_fingerprint(a) != finding_fingerprint(a.model_copy(update={"code": "column.blank"}))


def _entry(kind: AllowKind, pattern: str, expires: dt.date | None = None) -> AllowEntry:
    return AllowEntry(1, kind, pattern, "理由", "sup", NOW, expires)


def test_allow_entries_cover_only_their_kind_of_finding() -> None:
    typo = _f("content.typo", matched="以法治国", context="坚持以法治国方略")
    dead = _f("link.dead", link="http://a.gov.cn/old/1.html")
    col = _f("column.stale", column_url="http://a.gov.cn/tzgg/")
    assert _entry(AllowKind.LEXICON, "以法治国").excuses(typo)
    assert not _entry(AllowKind.LEXICON, "依法治国").excuses(typo)
    assert not _entry(AllowKind.LEXICON, "以法治国").excuses(dead)
    assert _entry(AllowKind.LINK, "http://a.gov.cn/old/*").excuses(dead)
    assert not _entry(AllowKind.LINK, "http://a.gov.cn/new/*").excuses(dead)
    assert _entry(AllowKind.COLUMN, "http://a.gov.cn/tzgg/").excuses(col)
    assert not _entry(AllowKind.COLUMN, "http://a.gov.cn/tzgg/").excuses(
        col.model_copy(update={"manual": True})
    )


def test_expired_entries_are_ignored() -> None:
    dead = _f("link.dead", link="http://a.gov.cn/old/1.html")
    day = dt.date(2024, 1, 1)
    assert drop_allowed([dead], [_entry(AllowKind.LINK, "http://a.gov.cn/*", dt.date(2024, 1, 1))], day) == []
    assert drop_allowed(
        [dead], [_entry(AllowKind.LINK, "http://a.gov.cn/*", dt.date(2023, 12, 31))], day
    ) == [dead]
