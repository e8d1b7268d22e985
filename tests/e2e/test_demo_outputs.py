"""What the demo writes, as its users read it: no planted personal number outside the archive, and
evidence in Chinese (labels, values, check names), never internal codes, English keys or dumps.

The demo runs through the command line against the simulated county over real HTTP. The archive
(WARC files, the feed archive and the store's table of collected posts) keeps pages in full;
everything else it writes (reports, sheets, notices, 整改通知单, the store's findings and results,
console output and log records) is scanned for every personal number the simulator planted.
"""

from __future__ import annotations

import io
import logging
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from govinspect.checks.catalog import check_catalog
from govinspect.cli import app
from govinspect.privacy import mask_personal_data
from govinspect.sim.scenario import load_scenario
from govinspect.sim.world import build_world

pytestmark = pytest.mark.slow

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"
ARCHIVE_TABLES = {"posts"}  # collected new-media posts: the archive of accounts, like the WARC of sites


def _is_archive(path: Path) -> bool:
    return path.name.endswith(".warc.gz") or path.parent.name == "accounts"


@dataclass
class DemoRun:
    data: Path
    console: str  # output of `demo` and `round show`
    log: str  # every log record emitted meanwhile
    planted: list[str]  # personal numbers the simulator planted on pages


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    world = build_world(load_scenario(SCENARIO))
    planted = [str(g.detail["text"]) for g in world.ground_truth if (g.check or "").startswith("privacy.")]
    data = tmp_path_factory.mktemp("demo") / "data"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        runner = CliRunner()
        env = {"COLUMNS": "250"}
        ran = runner.invoke(app, ["--data-dir", str(data), "demo", "--scenario", str(SCENARIO)], env=env)
        assert ran.exit_code == 0, ran.output
        rounds = sorted(p.name for p in (data / "rounds").iterdir())
        shown = [runner.invoke(app, ["--data-dir", str(data), "round", "show", r], env=env) for r in rounds]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    return DemoRun(data, ran.output + "".join(s.output for s in shown), stream.getvalue(), planted)


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of one output file; .docx/.xlsx unzipped, the SQLite store dumped by table."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                yield f"{path}:{name}", z.read(name).decode("utf-8", "replace")
    elif path.suffix == ".db":
        con = sqlite3.connect(path)
        try:
            tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
            for t in tables:
                if t not in ARCHIVE_TABLES:
                    rows = con.execute(f'select * from "{t}"').fetchall()
                    yield f"{path}:{t}", "\n".join(map(str, rows))
        finally:
            con.close()
    else:
        yield str(path), path.read_bytes().decode("utf-8", "replace")


def test_no_planted_personal_number_outside_the_archive(demo: DemoRun) -> None:
    assert len(demo.planted) >= 2, "the demo county plants an ID number and a mobile number"
    written = [p for p in demo.data.rglob("*") if p.is_file() and not _is_archive(p)]
    assert any(p.suffix == ".docx" for p in written) and any(p.suffix == ".xlsx" for p in written)
    leaks = [
        f"{where}: {datum}"
        for p in written
        for where, text in _texts(p)
        for datum in demo.planted
        if datum in text
    ]
    leaks += [f"console: {d}" for d in demo.planted if d in demo.console]
    leaks += [f"log: {d}" for d in demo.planted if d in demo.log]
    assert not leaks, "\n".join(leaks)


def test_masked_numbers_and_pages_are_shown(demo: DemoRun) -> None:
    """The evidence still proves the problem: the masked number and the page it is on."""
    reports = next(demo.data.glob("rounds/*/reports"))
    ws = load_workbook(reports / "attachments.xlsx")["问题明细"]
    rows = [[str(c or "") for c in r] for r in ws.iter_rows(min_row=3, values_only=True)]
    for datum in demo.planted:
        masked = mask_personal_data(datum)
        assert masked != datum
        row = next((r for r in rows if masked in r[3]), None)
        assert row is not None, f"问题明细 lacks {masked}"
        assert row[4].startswith("http"), row  # 所在页面


# -- evidence for people ---------------------------------------------------------------------

_CODES = sorted(check_catalog(), key=len, reverse=True)  # website, media and 人工 codes
_ASCII_KEY = re.compile(r"(?<![A-Za-z0-9_./-])[A-Za-z_][A-Za-z0-9_]*[：:](?!//)")
_DUMP = re.compile(r"[{\[]\s*['\"]|['\"]\s*:\s|\b(?:None|True|False)\b")


def _inhuman(text: str) -> list[str]:
    """What a government reader should never see in a cell: codes, English keys, Python dumps."""
    found = [c for c in _CODES if c in text]
    found += _ASCII_KEY.findall(text)
    found += _DUMP.findall(text)
    return found


def _docx_cells(path: Path) -> list[str]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]


def test_evidence_sheet_is_for_people(demo: DemoRun) -> None:
    reports = next(demo.data.glob("rounds/*/reports"))
    ws = load_workbook(reports / "attachments.xlsx")["问题明细"]
    header = [c.value for c in ws[2]]
    assert "规则依据" in header and "佐证" in header
    basis_col, page_col = header.index("规则依据"), header.index("所在页面")
    bad, bases = [], []
    for row in ws.iter_rows(min_row=3, values_only=True):
        cells = ["" if c is None else str(c) for c in row]
        assert not cells[page_col] or cells[page_col].startswith("http"), cells
        bases.append(cells[basis_col])
        bad += [f"{cells[:3]}: {x}" for c in cells for x in _inhuman(c)]
    assert not bad, "\n".join(bad)
    assert any("GB 11643" in b for b in bases)  # the ID number rule's basis sits in its own column
    proof_col = header.index("佐证")
    proofs = [str(r[proof_col] or "") for r in ws.iter_rows(min_row=3, values_only=True)]
    assert not [p for p in proofs if "GB 11643" in p or "所在页面" in p]


def test_rectify_notices_and_notice_are_for_people(demo: DemoRun) -> None:
    reports = next(demo.data.glob("rounds/*/reports"))
    notices = sorted((reports / "rectify").glob("*.docx"))
    assert notices
    bad = [f"{p.name}: {x}" for p in notices for cell in _docx_cells(p) for x in _inhuman(cell)]
    for name in ("notice.md", "notice.html"):
        text = re.sub(r"<[^>]+>|https?://\S+", " ", (reports / name).read_text(encoding="utf-8"))
        text = re.sub(r"(?s)<style.*?</style>", " ", text)
        bad += [f"{name}: {c}" for c in _CODES if c in text]
    assert not bad, "\n".join(bad)
    joined = "\n".join(cell for p in notices for cell in _docx_cells(p))
    assert "规则依据：GB 11643" in joined and "所在页面：GB" not in joined
