"""Seed 002 (桐柏) end to end: the crawled 县长信箱 letters and the imported 依申请公开 ledger reach the notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_fixtures import TONGBAI_APPLICATIONS
from scenario_run import RoundRun, run_scenario

from govinspect import model as m
from govinspect.config import load_office_config, save_office_config
from govinspect.jobs.ledgers import import_ledger
from govinspect.jobs.reporting import build_round_report, write_round_reports

pytestmark = pytest.mark.slow

# 附件 3: 单位 → 未回信件数量 (市场监管局: 收到 2 件，回复 2 件)
MAILBOX_UNREPLIED = {
    "县工信局": 1, "县教体局": 27, "县城管局": 1, "县乡村振兴局": 1, "县人社局": 2, "县环保局": 3,
    "县卫健委": 4, "县财政局": 2, "县农业农村局": 2, "县住建局": 1, "县公安局": 1, "县民政局": 1,
    "埠江镇": 1, "平氏镇": 1, "安棚镇": 1,
}  # fmt: skip


@pytest.fixture(scope="module")
def tongbai(tmp_path_factory: pytest.TempPathFactory) -> RoundRun:
    run = run_scenario("seed-002-tongbai.yaml", tmp_path_factory.mktemp("tongbai"))
    cfg = load_office_config(run.settings)
    save_office_config(run.settings, cfg.model_copy(update={"template": "tongbai"}))
    return run


def test_verdicts_unchanged_by_the_mailbox_letters(tongbai: RoundRun) -> None:
    sites = [r for r in tongbai.results if r.target_kind == m.TargetKind.SITE]
    assert (len(sites), sum(r.verdict == m.Verdict.PASS for r in sites)) == (42, 30)
    assert not [f for f in tongbai.findings() if f.code.startswith("interaction.")]


def test_mailbox_rows_come_from_the_crawled_letters(tongbai: RoundRun) -> None:
    report = build_round_report(tongbai.settings, tongbai.store, tongbai.round_name)
    rows = {r.unit: r for r in report.mailbox}
    assert {u: r.unreplied for u, r in rows.items() if r.unreplied} == MAILBOX_UNREPLIED
    assert (rows["县市场监管局"].received, rows["县市场监管局"].replied) == (2, 2)
    assert sum(r.received for r in report.mailbox) == 51
    assert report.applications is None  # no ledger imported yet


def test_notice_carries_ledger_and_mailbox(tongbai: RoundRun, tmp_path: Path) -> None:
    counts = import_ledger(tongbai.store, tongbai.round_name, TONGBAI_APPLICATIONS)
    assert counts == {"applications": 14}
    write_round_reports(tongbai.settings, tongbai.store, tongbai.round_name, tmp_path)
    md = (tmp_path / "notice.md").read_text(encoding="utf-8")
    assert "共收到依申请公开14个，按时办理回复10个" in md
    assert "引起行政复议4个" in md
    assert "本季度县长信箱共收到51个电子邮件" in md
    for unit in ("教体局", "环保局", "卫健委", "市场监管局"):
        assert unit in md.split("县长信箱回复情况表", 2)[-1]
