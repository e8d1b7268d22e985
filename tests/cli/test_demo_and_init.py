"""`demo` only ever touches its own directory; `init` writes an office.yaml that names every setting."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from govinspect.cli import app
from govinspect.config import OFFICE_FILE, OfficeConfig
from govinspect.errors import UserError
from govinspect.jobs.demo import MARKER, claim_demo_dir
from govinspect.reports.data import Issuer

runner = CliRunner()
SMALL = Path(__file__).resolve().parents[1] / "sim" / "data" / "small.yaml"


def _tree(root: Path) -> dict[str, str]:
    """Every file under root; the database as its SQL dump (its WAL files come and go with connections)."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if p.name.startswith("govinspect.db-"):
            continue
        if p.name == "govinspect.db":
            con = sqlite3.connect(p)
            out[p.name] = hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
            con.close()
        else:
            out[str(p.relative_to(root))] = (
                hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            )
    return out


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def _office_dir(tmp_path: Path) -> Path:
    """A real office's data directory: initialised, with a registry and its own office.yaml."""
    data = tmp_path / "office"
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n县民政局\n", encoding="utf-8")
    assert _run("--data-dir", str(data), "init").exit_code == 0
    assert _run("--data-dir", str(data), "registry", "import", str(units)).exit_code == 0
    (data / OFFICE_FILE).write_text("jurisdiction: 桐柏县\n", encoding="utf-8")
    return data


def test_demo_refuses_an_office_data_directory_before_changing_anything(tmp_path: Path) -> None:
    data = _office_dir(tmp_path)
    before = _tree(data)
    res = _run("--data-dir", str(data), "demo", "--scenario", str(SMALL))
    assert res.exit_code == 1
    [line] = res.stderr.strip().splitlines()
    assert "已有其他数据" in line and "data/demo" in line
    assert _tree(data) == before
    # the same through the environment variable a real office sets
    res = _run("demo", "--scenario", str(SMALL), env={"GOVINSPECT_DATA_DIR": str(data)})
    assert res.exit_code == 1 and _tree(data) == before


def test_demo_refuses_a_directory_with_a_marker_and_other_files(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / MARKER).write_text("", encoding="utf-8")
    (data / "各单位报送.xlsx").write_bytes(b"x")
    with pytest.raises(UserError, match=r"各单位报送\.xlsx"):
        claim_demo_dir(data)
    assert sorted(p.name for p in data.iterdir()) == sorted([MARKER, "各单位报送.xlsx"])
    file = tmp_path / "f"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="是一个文件"):
        claim_demo_dir(file)


def test_demo_takes_an_empty_directory_and_replaces_a_previous_demo(tmp_path: Path) -> None:
    data = tmp_path / "new" / "demo"
    claim_demo_dir(data)
    assert [p.name for p in data.iterdir()] == [MARKER]
    (data / "govinspect.db").write_bytes(b"old")
    (data / "rounds").mkdir()
    (data / "rounds" / "x.txt").write_text("old", encoding="utf-8")
    claim_demo_dir(data)
    assert [p.name for p in data.iterdir()] == [MARKER]


def test_demo_with_a_broken_scenario_creates_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("jurisdiction: [", encoding="utf-8")
    res = _run("--data-dir", str(tmp_path / "demo"), "demo", "--scenario", str(bad))
    assert res.exit_code == 1 and not (tmp_path / "demo").exists()


def test_demo_runs_in_data_demo_by_default_and_says_how_to_open_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole demo over real HTTP on the small scenario; ./data (an office's default) stays untouched."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVINSPECT_DATA_DIR", raising=False)
    monkeypatch.delenv("GOVINSPECT_DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / OFFICE_FILE).write_text("jurisdiction: 桐柏县\n", encoding="utf-8")
    res = _run("demo", "--scenario", str(SMALL))
    assert res.exit_code == 0, res.output
    demo = Path("data") / "demo"
    assert (demo / MARKER).exists() and (demo / "govinspect.db").exists()
    assert (tmp_path / "data" / OFFICE_FILE).read_text(encoding="utf-8") == "jurisdiction: 桐柏县\n"
    listed = [
        Path(line.strip())
        for line in res.stdout.splitlines()
        if line.startswith("  ") and "/reports/" in line
    ]
    assert listed and all(p.exists() for p in listed)
    assert any(p.suffix == ".docx" for p in listed) and "用 WPS 文字或 Word 打开" in res.stdout
    assert re.search(r"govinspect --data-dir data/demo round show \S+", res.stdout)
    # a second run replaces the first demo, and never writes to a configured database
    other = tmp_path / "office.db"
    res = _run("--db", f"sqlite:///{other}", "demo", "--scenario", str(SMALL))
    assert res.exit_code == 0 and "不使用 --db" in res.stdout
    assert not other.exists()


def _template_keys(text: str) -> set[str]:
    """Keys written in the template, active or commented out (`# key: example`)."""
    return set(re.findall(r"^\s*#?\s*([a-z_]+):", text, flags=re.M))


def test_init_writes_an_office_yaml_naming_every_setting(tmp_path: Path) -> None:
    data = tmp_path / "data"
    res = _run("--data-dir", str(data), "init")
    assert res.exit_code == 0 and "office.yaml" in res.stdout
    text = (data / OFFICE_FILE).read_text(encoding="utf-8")
    cfg = OfficeConfig.model_validate(yaml.safe_load(text))
    keys = _template_keys(text)
    assert set(OfficeConfig.model_fields) <= keys, set(OfficeConfig.model_fields) - keys
    issuer_fields = set(Issuer.__dataclass_fields__)
    assert issuer_fields <= keys, issuer_fields - keys
    # the fields a notice cannot be issued without are there to fill in, empty
    assert {"name", "doc_number", "recipients"} <= set(cfg.issuer) and not any(cfg.issuer.values())
    # every setting has a Chinese comment right above it
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\s*#?\s*[a-z_]+:", line) and not line.lstrip().startswith("# -"):
            above = lines[i - 1].strip()
            assert above.startswith("#") and re.search(r"[\u4e00-\u9fff]", above), line


def test_init_keeps_an_existing_office_yaml(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / OFFICE_FILE).write_text("jurisdiction: 桐柏县\n", encoding="utf-8")
    res = _run("--data-dir", str(data), "init")
    assert res.exit_code == 0 and "已存在，未改动" in res.stdout
    assert (data / OFFICE_FILE).read_text(encoding="utf-8") == "jurisdiction: 桐柏县\n"


def test_init_never_prints_the_database_password(tmp_path: Path, pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    res = _run("--data-dir", str(tmp_path / "data"), "--db", url, "init")
    assert res.exit_code == 0, res.output
    assert "s3cret-pw" not in res.output and ":***@" in res.stdout
