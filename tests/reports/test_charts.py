"""Charts: PNGs for pass rates, problem classes and the trend; drawn without warnings."""

from __future__ import annotations

import warnings
from pathlib import Path

from govinspect.reports import figures as fig
from govinspect.reports.charts import cjk_font, draw_charts
from govinspect.reports.data import RoundReport
from govinspect.reports.render import ReportFiles

PNG = b"\x89PNG\r\n\x1a\n"


def test_charts_written(files000: ReportFiles) -> None:
    assert set(files000.charts) == {"pass_rate", "problem_classes", "trend"}
    for path in files000.charts.values():
        assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5000


def test_no_trend_without_earlier_rounds(seed001: RoundReport, tmp_path: Path) -> None:
    figures = fig.compute(seed001, fig.ClassMap({}))
    charts = draw_charts(seed001, figures, tmp_path)
    assert "trend" not in charts and "pass_rate" in charts
    assert not (tmp_path / "trend.png").exists()


def test_no_problem_chart_without_findings(seed001: RoundReport, tmp_path: Path) -> None:
    for site in seed001.sites:
        site.findings = ()
    charts = draw_charts(seed001, fig.compute(seed001, fig.ClassMap({})), tmp_path)
    assert "problem_classes" not in charts


def test_charts_draw_without_warnings(seed000: RoundReport, tmp_path: Path) -> None:
    figures = fig.compute(seed000, fig.ClassMap({"column.": "栏目问题"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = draw_charts(seed000, figures, tmp_path)
    assert set(charts) == {"pass_rate", "problem_classes", "trend"}


def test_cjk_font_found_when_noto_installed() -> None:
    if not list(Path("/usr/share/fonts").rglob("NotoSansCJK*")):
        return  # fonts-noto-cjk absent: cjk_font() may legitimately be None
    assert cjk_font() is not None and "CJK" in str(cjk_font())
