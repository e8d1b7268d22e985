"""build_round_report fills the optional sections from the store: earlier rounds, good units, ledgers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from ledger_fixtures import DENGZHOU_MISSING, DENGZHOU_RECTIFICATION, TONGBAI_APPLICATIONS
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.config import Settings, load_office_config, save_office_config
from govinspect.jobs.ledgers import import_ledger
from govinspect.jobs.reporting import build_round_report, write_round_reports
from govinspect.reports.data import HistoryPoint
from govinspect.store import Store

UNITS = ("市审计局", "市民政局", "夏集镇")


@pytest.fixture
def env(tmp_path: Path) -> tuple[Settings, Store]:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(
        m.Registry(
            units=tuple(m.Unit(name=u, kind=m.UnitKind.DEPARTMENT) for u in UNITS),
            sites=tuple(
                m.Site(code=f"41138100{i}", name=f"邓州{u}", home_url=f"http://s{i}.sim.local/", unit=u)
                for i, u in enumerate(UNITS)
            ),
        )
    )
    return settings, store


def _judged(store: Store, name: str, day: dt.date, verdicts: dict[str, tuple[m.Verdict, bool]]) -> None:
    """A round with a result per site: (verdict, has a deduction)."""
    store.create_round(m.Round(name=name, checkpoint=m.checkpoint_at(day)))
    results = []
    for i, unit in enumerate(UNITS):
        verdict, deducted = verdicts[unit]
        deductions = (m.Deduction(code="column.stale", points=3, reason="栏目不更新"),) if deducted else ()
        results.append(
            m.TargetResult(
                target_kind=m.TargetKind.SITE,
                target=f"41138100{i}",
                unit=unit,
                name=f"邓州{unit}",
                score=None if verdict == m.Verdict.FAIL else 100.0 - 3 * deducted,
                verdict=verdict,
                deductions=deductions,
                summary="栏目不更新" if deducted or verdict == m.Verdict.FAIL else "",
            )
        )
    store.save_results(name, results)


PASS, FAIL = m.Verdict.PASS, m.Verdict.FAIL


def test_history_and_good_units(env: tuple[Settings, Store]) -> None:
    settings, store = env
    _judged(store, "2023Q1", dt.date(2023, 3, 20), {u: (FAIL, False) for u in UNITS})
    _judged(
        store,
        "2023Q2",
        dt.date(2023, 6, 20),
        {"市审计局": (PASS, False), "市民政局": (FAIL, False), "夏集镇": (PASS, True)},
    )
    _judged(store, "2023Q3", dt.date(2023, 9, 20), {u: (PASS, False) for u in UNITS})  # later: not history
    report = build_round_report(settings, store, "2023Q2")
    assert report.history == [HistoryPoint("2023年第一季度", (0, len(UNITS)), None)]
    assert report.good_units == ["市审计局"]
    assert report.rectification is None and report.applications is None
    assert report.mailbox == [] and report.disclosure == [] and report.interpretations == []


def test_first_round_no_history_all_failing_no_good_units(env: tuple[Settings, Store]) -> None:
    settings, store = env
    _judged(store, "2023Q1", dt.date(2023, 3, 20), {u: (FAIL, False) for u in UNITS})
    report = build_round_report(settings, store, "2023Q1")
    assert report.history == [] and report.good_units == []


def test_office_can_leave_sections_out(env: tuple[Settings, Store]) -> None:
    settings, store = env
    _judged(store, "2023Q1", dt.date(2023, 3, 20), {u: (PASS, False) for u in UNITS})
    _judged(store, "2023Q2", dt.date(2023, 6, 20), {u: (PASS, False) for u in UNITS})
    assert build_round_report(settings, store, "2023Q2").good_units == list(UNITS)
    save_office_config(settings, load_office_config(settings).model_copy(update={"sections": []}))
    report = build_round_report(settings, store, "2023Q2")
    assert report.history == [] and report.good_units == []


def test_ledger_sections_after_import(env: tuple[Settings, Store]) -> None:
    settings, store = env
    _judged(store, "2023H1", dt.date(2023, 6, 20), {u: (PASS, False) for u in UNITS})
    import_ledger(store, "2023H1", DENGZHOU_RECTIFICATION)
    import_ledger(store, "2023H1", TONGBAI_APPLICATIONS)
    report = build_round_report(settings, store, "2023H1")
    assert report.rectification is not None and len(report.rectification.missing_units) == 11
    assert report.applications is not None
    # by 2023-06-20 the 2021 cases are long past their deadline: same figures as in 2021
    assert (report.applications.received, report.applications.answered_on_time) == (14, 10)
    save_office_config(settings, load_office_config(settings).model_copy(update={"template": "dengzhou"}))
    write_round_reports(settings, store, "2023H1", settings.data_dir / "out", draft=True)
    md = (settings.data_dir / "out" / "notice.md").read_text(encoding="utf-8")
    assert "整改报告报送情况" in md
    assert "名单如下：" + "、".join(DENGZHOU_MISSING) in md


def test_cli_ledger_import(env: tuple[Settings, Store], tmp_path: Path) -> None:
    settings, store = env
    _judged(store, "2023H1", dt.date(2023, 6, 20), {u: (PASS, False) for u in UNITS})
    runner = CliRunner()
    base = ["--data-dir", str(settings.data_dir), "ledger", "import", "2023H1"]
    res = runner.invoke(app, [*base, str(DENGZHOU_RECTIFICATION), "--explain-by", "2023-06-28"])
    assert res.exit_code == 0, res.output
    assert "整改报告报送 17 行" in res.output
    assert store.ledger("2023H1", "rectification_notice")[0]["explain_by"] == "2023-06-28"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    res = runner.invoke(app, [*base, str(bad)])
    assert res.exit_code == 1
    assert "台账导入失败" in re.sub(r"\s+", "", res.output)
    res = runner.invoke(app, ["--data-dir", str(settings.data_dir), "ledger", "import", "无此轮次", str(bad)])
    assert res.exit_code == 1 and "没有名为" in res.output


def test_mailbox_ledger_gives_the_mailbox_section(env: tuple[Settings, Store]) -> None:
    settings, store = env
    _judged(store, "2021Q3", dt.date(2021, 9, 30), {u: (PASS, False) for u in UNITS})
    assert build_round_report(settings, store, "2021Q3").mailbox == []
    store.save_ledger("2021Q3", "mailbox", [{"unit": "县教体局", "received": 27, "replied": 0}])
    rows = build_round_report(settings, store, "2021Q3").mailbox
    assert [(r.unit, r.received, r.unreplied) for r in rows] == [("县教体局", 27, 27)]


@pytest.mark.parametrize(
    ("jurisdiction", "direct"), [("新乡市", "市直单位"), ("桐柏县", "县直单位"), ("卫滨区", "区直单位")]
)
def test_account_groups_name_the_jurisdictions_own_units(jurisdiction: str, direct: str) -> None:
    from govinspect.jobs.reporting import _account_groups
    from govinspect.reports.data import AccountRow

    reg = m.Registry(
        units=(
            m.Unit(name="长垣市", kind=m.UnitKind.COUNTY),
            m.Unit(name="长垣市民政局", kind=m.UnitKind.DEPARTMENT, parent="长垣市"),
            m.Unit(name="教育局", kind=m.UnitKind.DEPARTMENT),
        )
    )
    rows = [AccountRow("教育局", "微信", "a"), AccountRow("长垣市民政局", "微信", "b")]
    groups = _account_groups(rows, reg, jurisdiction)
    assert [(g.unit, g.count) for g in groups] == [("长垣市", 1), (direct, 1)]
