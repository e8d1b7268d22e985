"""Text of published files (txt, html, docx, xlsx, pdf) and the `content check` command."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
from text_pdf import text_pdf
from typer.testing import CliRunner

from govinspect.checks import scan_file
from govinspect.cli import app
from govinspect.content.files import file_text
from govinspect.content.report import hits_json, hits_table

WRONG = "坚持和发展中国特色社会主意"
runner = CliRunner()


def test_txt_offsets_index_the_file_as_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"第一行。\n{WRONG}。", encoding="utf-8")
    text, hits = scan_file(path)
    (h,) = hits
    assert text[h.offset : h.end] == h.matched == "中国特色社会主意"
    assert h.offset == text.index("中国特色社会主意")


def test_gb18030_text_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(f"{WRONG}。".encode("gb18030"))
    assert file_text(path.name, path.read_bytes()) == f"{WRONG}。"


def test_docx_and_xlsx_text(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("关于开展检查的通知")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[1].text = WRONG
    d.save(str(tmp_path / "a.docx"))
    assert WRONG in file_text("a.docx", (tmp_path / "a.docx").read_bytes())
    wb = openpyxl.Workbook()
    wb.active.append(["序号", WRONG])
    wb.save(tmp_path / "a.xlsx")
    assert WRONG in file_text("a.xlsx", (tmp_path / "a.xlsx").read_bytes())
    assert file_text("broken.docx", b"not a zip") == ""


def test_pdf_text(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(text_pdf(WRONG))
    _, hits = scan_file(tmp_path / "a.pdf")
    assert [h.matched for h in hits] == ["中国特色社会主意"]
    assert file_text("bad.pdf", b"%PDF-1.4 broken") == ""


def test_html_visible_text(tmp_path: Path) -> None:
    html = f"<html><head><title>通知</title><script>var a='中华人民共合国';</script></head><body><p>{WRONG}</p></body></html>"
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    _, hits = scan_file(tmp_path / "a.html")
    assert [h.matched for h in hits] == ["中国特色社会主意"]  # script text is not read


def test_json_and_table() -> None:
    from govinspect.checks import scan_text

    hits = scan_text(f"{WRONG}。")
    (row,) = hits_json(hits)["hits"]
    assert set(row) >= {
        "text",
        "start",
        "end",
        "canonical",
        "rule",
        "category",
        "severity",
        "source",
        "context",
    }
    assert (row["canonical"], row["rule"], row["severity"]) == ("中国特色社会主义", "homophone", "严重")
    table = hits_table(hits)
    assert "同音字" in table and "严重表述错误" in table and table.endswith("其中严重表述错误 1 处。")
    assert hits_table([]) == "未发现问题。"


def test_content_check_command(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"{WRONG}，县环保局参加。", encoding="utf-8")
    res = runner.invoke(app, ["content", "check", str(path), "--json", "--date", "2018-01-01"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.output)["hits"]
    assert [(h["text"], h["start"], h["end"]) for h in hits] == [("中国特色社会主意", 5, 13)]
    res = runner.invoke(app, ["content", "check", str(path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "中国特色社会主义" in res.output and "过时机构名称" in res.output
    assert "共 2 处问题" in res.output
    assert runner.invoke(app, ["content", "check", str(tmp_path / "none.txt")]).exit_code == 1
    assert runner.invoke(app, ["content", "check", str(path), "--date", "2024/1/1"]).exit_code == 1
