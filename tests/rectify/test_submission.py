"""The unit's submission: every item answered, files typed by their bytes, limited, stored by checksum."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from rectify_fixtures import Office, judged_round, office

from govinspect.rectify import RectifyError, State, check_file, create_tasks, get_task, submit, transition
from govinspect.rectify.files import PROOF_MAX_BYTES
from govinspect.store import Store, UserStore

A = frozenset({"县教育局"})
PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _file(tmp_path: Path, name: str, body: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(body)
    return p


def test_file_types_are_read_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    assert check_file(_file(tmp_path, "报告.pdf", PDF), report=True) == "pdf"
    assert check_file(_file(tmp_path, "截图.dat", PNG), report=False) == "png"
    with pytest.raises(RectifyError, match=r"整改报告文件“假\.pdf”不是PDF 或图片"):
        check_file(_file(tmp_path, "假.pdf", b"MZ\x90\x00 not a pdf"), report=True)
    doc = tmp_path / "说明.docx"
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert check_file(doc, report=False) == "docx"
    with pytest.raises(RectifyError, match="不是PDF 或图片"):  # a Word file is no signed report
        check_file(doc, report=True)
    with pytest.raises(RectifyError, match="是空文件"):
        check_file(_file(tmp_path, "空.pdf", b""), report=True)
    with pytest.raises(RectifyError, match="超过 10 MB"):
        check_file(_file(tmp_path, "大.png", PNG + b"\0" * PROOF_MAX_BYTES), report=False)


def _working(store: Store) -> tuple[int, int, Office]:
    judged_round(store)
    results = store.results("2023Q3")[:1]
    (task,) = create_tasks(store, "2023Q3", results, store.findings("2023Q3"), workdays=5)
    me = office(store)
    transition(store, task.id, "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    transition(store, task.id, "sign", me.unit_a, A)
    return task.id, task.items[0].id, me


def test_a_submission_is_stored_with_checksums_and_never_overwritten(store: Store, tmp_path: Path) -> None:
    tid, item, me = _working(store)
    data = tmp_path / "data"
    report = _file(tmp_path, "整改报告.pdf", PDF)
    shot = _file(tmp_path, "截图.png", PNG)
    task = submit(
        store, data, tid, me.unit_a, A, answers={item: "已更新"}, report=report, proofs={item: [shot]}
    )
    assert task.state == State.SUBMITTED and task.submitted_at is not None
    rec = task.report_file
    assert rec is not None and rec["name"] == "整改报告.pdf" and len(rec["sha256"]) == 64
    stored = data / rec["path"]
    assert stored.read_bytes() == PDF and stored.parent == data / "rectify" / str(tid)
    assert task.items[0].response == "已更新" and task.items[0].proofs[0]["size"] == len(PNG)
    transition(store, tid, "recheck", me.supervisor, None)
    transition(store, tid, "return", me.supervisor, None, reason="未见更新")
    report.write_bytes(PDF + b"% v2\n")
    again = submit(store, data, tid, me.unit_a, A, answers={item: "再次更新"}, report=report)
    assert stored.read_bytes() == PDF  # the first report is still there, unchanged
    assert again.report_file is not None and again.report_file["sha256"] != rec["sha256"]
    assert again.submitted_at == task.submitted_at  # the first submission is what the deadline counts
    assert [e.action for e in UserStore(store).audit_entries(action="整改任务提交整改报告")] != []


def test_a_bad_submission_changes_nothing(store: Store, tmp_path: Path) -> None:
    tid, item, me = _working(store)
    data = tmp_path / "data"
    report = _file(tmp_path, "整改报告.pdf", PDF)
    with pytest.raises(RectifyError, match=f"问题 {item} 未填写"):
        submit(store, data, tid, me.unit_a, A, answers={item: " "}, report=report)
    with pytest.raises(RectifyError, match="没有编号为 999 的问题"):
        submit(store, data, tid, me.unit_a, A, answers={item: "x", 999: "y"}, report=report)
    with pytest.raises(RectifyError, match="不是PDF 或图片"):
        submit(store, data, tid, me.unit_a, A, answers={item: "x"}, report=_file(tmp_path, "r.txt", b"text"))
    with pytest.raises(RectifyError, match="“督查员”不能提交整改报告"):
        submit(store, data, tid, me.supervisor, None, answers={item: "x"}, report=report)
    assert get_task(store, tid).state == State.WORKING
    assert not (data / "rectify").exists()
