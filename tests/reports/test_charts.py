"""Charts: PNGs for pass rates, problem classes and the trend; drawn without warnings."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager

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


def _noto_installed() -> bool:
    if list(Path("/usr/share/fonts").rglob("NotoSansCJK*")):
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("CI needs fonts-noto-cjk (.ci/run installs it) for the chart labels")
    pytest.skip("fonts-noto-cjk not installed")


def test_cjk_font_found_when_noto_installed() -> None:
    _noto_installed()
    cjk_font.cache_clear()
    assert cjk_font() is not None and "CJK" in str(cjk_font())


def test_cjk_font_found_with_a_stale_font_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib's font list was built before fonts-noto-cjk was installed: the font is still found."""
    _noto_installed()
    stale = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    cjk_font.cache_clear()
    try:
        assert cjk_font() is not None and "CJK" in str(cjk_font())
    finally:
        cjk_font.cache_clear()
