"""`govinspect appeal …`: file, list, reject from the command line, as a named account (upheld: tests/web)."""

from __future__ import annotations

from pathlib import Path

from rectify_fixtures import judged_round, office
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.store import Store, UserStore

runner = CliRunner()


def _run(data: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "200"})


def test_file_list_and_reject_an_appeal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _run(data, "init").exit_code == 0
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    store.migrate()
    judged_round(store)
    office(store)
    with store.session() as s:
        from sqlalchemy import select

        from govinspect.store import FindingRow

        ids = {t: i for i, t in s.execute(select(FindingRow.id, FindingRow.target))}
    store.close()
    proof = tmp_path / "说明.pdf"
    proof.write_bytes(b"%PDF-1.4\n%%EOF\n")
    res = _run(data, "appeal", "file", str(ids["S2"]), "--user", "教育局填报", "--reason", "x")
    assert res.exit_code == 1 and "没有编号为" in res.output  # 民政局's finding: not in scope
    res = _run(data, "appeal", "file", str(ids["S1"]), "--user", "教育局填报", "--reason", "栏目已停用",
               "--evidence", str(proof))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "已提出申诉 1" in res.output
    assert list((data / "rectify" / "appeals").glob("*.pdf"))
    assert "栏目已停用" in _run(data, "appeal", "list", "--user", "教育局填报").output
    assert "没有申诉" in _run(data, "appeal", "list", "--user", "民政局填报").output
    res = _run(data, "appeal", "reject", "1", "--user", "教育局填报", "--reason", "x")
    assert res.exit_code == 1 and "不能处理申诉" in res.output
    res = _run(data, "appeal", "reject", "1", "--user", "督查员甲")
    assert res.exit_code == 1 and "驳回申诉须写明理由" in res.output
    res = _run(data, "appeal", "reject", "1", "--user", "督查员甲", "--reason", "栏目仍在导航中")
    assert res.exit_code == 0 and "已驳回" in _run(data, "appeal", "list", "--state", "已驳回").output
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    actions = [e.action for e in UserStore(store).audit_entries(obj="申诉:1")]
    store.close()
    assert actions == ["驳回申诉", "提出申诉"]
