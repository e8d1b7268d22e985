"""Per-unit 整改通知单: problems with evidence, working-day deadline, where to report back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from seed_reports import DENGZHOU_FAILING

from govinspect.reports.data import RoundReport
from govinspect.reports.rectify import rectify_deadline, unit_problems, write_rectify_notices
from govinspect.reports.render import ReportFiles
from govinspect.reports.templating import environment, template_dir


def _text(path: Path) -> str:
    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_one_notice_per_unit_with_problems(files000: ReportFiles) -> None:
    assert set(files000.rectify) == {u for u, *_ in DENGZHOU_FAILING} | {"市司法局"}
    assert "市审计局" not in files000.rectify  # a passing unit gets no notice


def test_notice_carries_evidence_and_deadline(files000: ReportFiles) -> None:
    text = _text(files000.rectify["市民政局"])
    assert "市民政局：" in text
    assert "存在多个空白栏目" in text
    assert "http://dz01.dengzhou.example/list/1.html" in text
    assert "2023年6月20日 10:30" in text
    assert "最新信息：召开专题会议" in text and "最新日期：2023年3月2日" in text
    assert "请于2023年6月26日前（2个工作日内）完成整改" in text
    assert "市政府办公室（原市长楼四楼407）" in text


def test_account_notice_without_findings_uses_the_problem_line(files000: ReportFiles) -> None:
    text = _text(files000.rectify["市司法局"])
    assert (
        "微博“邓州司法行政”" in text and "长期不更新（14天）" in text and "最近更新日期：2023年6月6日" in text
    )


def test_deadline_counts_makeup_saturday(seed002: RoundReport) -> None:
    assert rectify_deadline(seed002) == dt.date(2021, 10, 11)
    seed002.rectify_workdays = 1
    assert rectify_deadline(seed002) == dt.date(2021, 10, 9)  # 调休 Saturday


def test_deducted_but_passing_site_gets_a_notice(seed002: RoundReport, tmp_path: Path) -> None:
    problems = unit_problems(seed002)
    assert "民政局" in problems and "发改委" not in problems
    paths = write_rectify_notices(environment(template_dir("tongbai")), seed002, tmp_path)
    assert "tbzwzx@163.com" in _text(paths["教体局"])


def test_rewriting_drops_notices_of_units_without_problems(seed000: RoundReport, tmp_path: Path) -> None:
    env = environment(template_dir("dengzhou"))
    first = write_rectify_notices(env, seed000, tmp_path)
    assert len(first) == 23
    seed000.sites = [s for s in seed000.sites if s.unit != "市民政局"]
    second = write_rectify_notices(env, seed000, tmp_path)
    assert len(list(tmp_path.glob("*.docx"))) == len(second) == 22
    assert "市民政局" not in second
