"""Fixtures of the report tests: the seed notices as RoundReports and their written files."""

from __future__ import annotations

import pytest
from seed_reports import seed000_report, seed001_report, seed002_report

from govinspect.reports.data import RoundReport
from govinspect.reports.render import ReportFiles, write_reports


@pytest.fixture
def seed000() -> RoundReport:
    return seed000_report()


@pytest.fixture
def seed001() -> RoundReport:
    return seed001_report()


@pytest.fixture
def seed002() -> RoundReport:
    return seed002_report()


@pytest.fixture(scope="session")
def files000(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return write_reports(seed000_report(), tmp_path_factory.mktemp("r000"), "dengzhou")


@pytest.fixture(scope="session")
def files001(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return write_reports(seed001_report(), tmp_path_factory.mktemp("r001"), "xinxiang")


@pytest.fixture(scope="session")
def files002(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return write_reports(seed002_report(), tmp_path_factory.mktemp("r002"), "tongbai")
