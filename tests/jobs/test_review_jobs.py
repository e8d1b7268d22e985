"""Review feeds the verdict: 误报 no longer count, the allow-list applies when judging, the notice gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs import pipeline
from govinspect.jobs.context import open_round
from govinspect.jobs.review import (
    ReviewPending,
    notice_gate,
    override_gate,
    pending_vetoes,
    review_findings,
)
from govinspect.scoring import AllowKind, ReviewState
from govinspect.store import ReviewStore, Store, StoreError, UserStore

R = "2023Q2"
S = m.TargetKind.SITE
AT = dt.datetime(2023, 6, 20, 9, 0, tzinfo=m.TZ)
REGISTRY = m.Registry(
    units=(m.Unit(name="县政府办", kind=m.UnitKind.COUNTY), m.Unit(name="县教育局", parent="县政府办")),
    sites=(
        m.Site(code="gov", name="县政府门户网站", home_url="http://gov.example.gov.cn/", unit="县政府办"),
        m.Site(code="edu", name="县教育局网站", home_url="http://edu.example.gov.cn/", unit="县教育局"),
    ),
)


def _f(code: str, target: str, message: str, **detail: object) -> m.Finding:
    ev = m.Evidence(url=f"http://{target}.example.gov.cn/", captured_at=AT, detail=detail)
    return m.Finding(code=code, target_kind=S, target=target, message=message, evidence=ev)


HOME_STALE = _f("homepage.stale", "gov", "首页超过2周未更新", newest_date="2023-05-02")
DEAD = _f("link.dead", "edu", "链接不可用", link="http://edu.example.gov.cn/old/1.html")
TYPO = _f("content.typo", "edu", "错别字：“以法治国”", matched="以法治国", context="坚持以法治国方略")


@pytest.fixture
def office(store: Store, tmp_path: Path) -> tuple[Settings, Store]:
    store.save_registry(REGISTRY)
    store.create_round(m.Round(name=R, checkpoint=AT))
    for code in ("gov", "edu"):
        store.mark_target(R, S, code, "done")
    store.replace_findings(R, S, "gov", [HOME_STALE])
    store.replace_findings(R, S, "edu", [DEAD, TYPO])
    settings = Settings(data_dir=tmp_path / "data", database_url=store.url)
    pipeline.judge_round(open_round(settings, store, R))
    return settings, store


def _verdict(store: Store, target: str) -> m.Verdict:
    return next(r.verdict for r in store.results(R) if r.target == target)


def test_a_false_positive_no_longer_counts(office: tuple[Settings, Store]) -> None:
    settings, store = office
    assert _verdict(store, "gov") == m.Verdict.FAIL
    changes = review_findings(settings, store, R, [HOME_STALE], ReviewState.REJECTED, "首页实有更新", "sup")
    assert [(c.before, c.after) for c in changes] == [(ReviewState.PENDING, ReviewState.REJECTED)]
    assert _verdict(store, "gov") == m.Verdict.PASS
    # the review survives the findings being replaced (a rejudge writes new rows)
    store.replace_findings(R, S, "gov", [HOME_STALE])
    pipeline.judge_round(open_round(settings, store, R))
    assert _verdict(store, "gov") == m.Verdict.PASS
    assert [h.state for h in ReviewStore(store).history(R, ReviewStore(store).latest(R).popitem()[0])] == [
        ReviewState.REJECTED
    ]


@pytest.mark.parametrize("state", [ReviewState.CONFIRMED, ReviewState.DOUBT])
def test_confirmed_and_doubtful_findings_still_count(
    office: tuple[Settings, Store], state: ReviewState
) -> None:
    settings, store = office
    review_findings(settings, store, R, [HOME_STALE], state, "", "sup")
    assert _verdict(store, "gov") == m.Verdict.FAIL


def test_another_instance_is_not_covered_by_a_review(office: tuple[Settings, Store]) -> None:
    settings, store = office
    review_findings(settings, store, R, [TYPO], ReviewState.REJECTED, "历史文献", "sup")
    other = _f("content.typo", "edu", "错别字：“以法治国”", matched="以法治国", context="另一页")
    other = other.model_copy(
        update={"evidence": other.evidence.model_copy(update={"url": "http://edu.example.gov.cn/2"})}
    )
    store.replace_findings(R, S, "edu", [DEAD, TYPO, other])
    pipeline.judge_round(open_round(settings, store, R))
    edu = next(r for r in store.results(R) if r.target == "edu")
    assert (
        sum(d.points for d in edu.deductions if d.code == "content.typo") == 0.5
    )  # the other page still counts


def test_bad_review_changes_nothing(office: tuple[Settings, Store]) -> None:
    settings, store = office
    with pytest.raises(StoreError, match="标为误报须填写理由"):
        review_findings(settings, store, R, [HOME_STALE], ReviewState.REJECTED, "  ", "sup")
    with pytest.raises(StoreError, match="没有选中"):
        review_findings(settings, store, R, [], ReviewState.CONFIRMED, "", "sup")
    from govinspect.jobs.review import AllowRequest

    with pytest.raises(StoreError, match="不能按“链接”加入例外名单"):
        review_findings(settings, store, R, [TYPO], ReviewState.REJECTED, "x", "sup",
                        allow=AllowRequest(AllowKind.LINK, "x"))  # fmt: skip
    assert ReviewStore(store).latest(R) == {} and ReviewStore(store).allow_entries() == []


def test_review_waits_for_the_rounds_writer(office: tuple[Settings, Store]) -> None:
    from govinspect.jobs.lock import RoundBusy, round_lock

    settings, store = office
    with round_lock(store, R, "rejudge"), pytest.raises(RoundBusy):
        review_findings(settings, store, R, [HOME_STALE], ReviewState.REJECTED, "x", "sup")
    assert ReviewStore(store).latest(R) == {}


def test_allow_list_applies_when_judging_and_expires(
    office: tuple[Settings, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, store = office
    from govinspect.checks import site as site_checks

    monkeypatch.setattr(pipeline, "site_input", lambda ctx, code: _NoHome())
    monkeypatch.setattr(pipeline, "snapshot_complete", lambda ctx, code: True)
    monkeypatch.setattr(site_checks, "run_site_checks", lambda inp, profile: [DEAD, TYPO] if inp else [])
    reviews = ReviewStore(store)
    reviews.add_allow(AllowKind.LINK, "http://edu.example.gov.cn/old/*", "栏目已迁移", "sup")
    lex = reviews.add_allow(
        AllowKind.LEXICON, "以法治国", "历史文献用语", "sup", dt.date(2000, 1, 1)
    )  # expired
    ctx = open_round(settings, store, R)
    with pytest.raises(pipeline.NotJudged):  # the stub has no home page; its findings are stored all the same
        pipeline.judge_site(ctx, "edu")
    assert [f.code for f in store.findings(R) if f.target == "edu"] == ["content.typo"]
    reviews.remove_allow(lex.id)
    reviews.add_allow(AllowKind.LEXICON, "以法治国", "历史文献用语", "sup", dt.date(2999, 1, 1))
    with pytest.raises(pipeline.NotJudged):
        pipeline.judge_site(ctx, "edu")
    assert [f.code for f in store.findings(R) if f.target == "edu"] == []


class _NoHome:
    """A site input without pages (judge_site stores its findings, then finds no home page)."""

    homepage_attempts: list[object] = []

    def homepage(self) -> None:
        return None

    def __bool__(self) -> bool:
        return True


# -- the notice gate --------------------------------------------------------------------
def test_pending_vetoes_block_the_notice_until_reviewed(office: tuple[Settings, Store]) -> None:
    settings, store = office
    pending = pending_vetoes(store, R)
    assert [(p.target, p.code) for p in pending] == [("gov", "homepage.stale")]  # not the typo: no veto
    with pytest.raises(ReviewPending, match=r"尚有 1 条单项否决问题待审核（县政府门户网站（县政府办））"):
        notice_gate(store, R)
    review_findings(settings, store, R, [HOME_STALE], ReviewState.CONFIRMED, "", "rev")
    assert pending_vetoes(store, R) == []
    notice_gate(store, R)


def test_an_override_covers_only_what_was_pending(office: tuple[Settings, Store]) -> None:
    settings, store = office
    with pytest.raises(StoreError, match="放行须填写理由"):
        override_gate(store, R, "rev", " ")
    override_gate(store, R, "rev", "已电话核实")
    notice_gate(store, R)
    stale = _f(
        "column.stale", "edu", "栏目不更新", column_url="http://edu.example.gov.cn/tzgg/", category="通知公告"
    )
    store.replace_findings(R, S, "edu", [stale.model_copy(update={"count": 1})] + [
        _f("column.stale", "edu", "栏目不更新", column_url=f"http://edu.example.gov.cn/c{i}/", category="通知公告")
        for i in range(5)
    ])  # fmt: skip
    pipeline.judge_round(open_round(settings, store, R))
    with pytest.raises(ReviewPending, match="县教育局网站"):
        notice_gate(store, R)


def test_report_command_refuses_and_the_reviewer_overrides(office: tuple[Settings, Store]) -> None:
    from govinspect.cli import app

    settings, store = office
    UserStore(store).add_user("rev", "reviewer", "correct-horse-battery")
    UserStore(store).add_user("sup", "supervisor", "correct-horse-battery")
    base = ["--data-dir", str(settings.data_dir)]
    env = {"GOVINSPECT_DATABASE_URL": store.url}
    runner = CliRunner()
    refused = runner.invoke(app, [*base, "report", R], env=env)
    assert refused.exit_code == 1 and "尚有 1 条单项否决问题待审核" in refused.output, refused.output
    by_sup = runner.invoke(app, [*base, "report", R, "--override-review", "理由", "--by", "sup"], env=env)
    assert by_sup.exit_code == 1 and "无权执行此操作" in by_sup.output
    assert ReviewStore(store).override(R) is None
    runner.invoke(app, [*base, "report", R, "--override-review", "已电话核实", "--by", "rev"], env=env)
    override = ReviewStore(store).override(R)
    assert override is not None and override.actor == "rev" and override.reason == "已电话核实"
    assert UserStore(store).audit_entries(action="放行待审核否决")
    notice_gate(store, R)


def test_review_cli(office: tuple[Settings, Store]) -> None:
    from govinspect.cli import app

    settings, store = office
    UserStore(store).add_user("sup", "supervisor", "correct-horse-battery")
    UserStore(store).add_user("edu", "unit", "correct-horse-battery", "县教育局")
    base = ["--data-dir", str(settings.data_dir)]
    env = {"GOVINSPECT_DATABASE_URL": store.url}
    runner = CliRunner()
    listed = runner.invoke(app, [*base, "review", "list", R, "--state", "待审核"], env=env)
    assert listed.exit_code == 0 and "homepage.stale" in listed.output and "link.dead" not in listed.output
    fid = ReviewStore(store).finding_ids(R)[0]
    unit = runner.invoke(app, [*base, "review", "reject", R, str(fid), "--by", "edu", "-r", "x"], env=env)
    assert unit.exit_code == 1 and "无权执行此操作" in unit.output
    no_reason = runner.invoke(app, [*base, "review", "reject", R, str(fid), "--by", "sup"], env=env)
    assert no_reason.exit_code == 1 and "标为误报须填写理由" in no_reason.output
    done = runner.invoke(
        app, [*base, "review", "reject", R, str(fid), "--by", "sup", "-r", "首页实有更新"], env=env
    )
    assert done.exit_code == 0, done.output
    assert _verdict(store, "gov") == m.Verdict.PASS


def test_a_draft_is_written_with_pending_reviews(office: tuple[Settings, Store]) -> None:
    from govinspect.cli import app

    settings, store = office
    env = {"GOVINSPECT_DATABASE_URL": store.url}
    out = settings.data_dir / "draft"
    r = CliRunner().invoke(
        app, ["--data-dir", str(settings.data_dir), "report", R, "--draft", "-o", str(out)], env=env
    )
    assert r.exit_code == 0, r.output
    assert any(p.suffix == ".docx" for p in out.iterdir())
