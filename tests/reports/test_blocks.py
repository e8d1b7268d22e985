"""Notice markup → blocks: the shared structure behind .docx, .html, .md and .xlsx."""

from __future__ import annotations

import pytest

from govinspect.reports import blocks as B

MARKUP = """
@mark-upper 桐柏县督查落实委员会办公室
@mark 督查通报
@issue 第11期 | 桐柏县督查落实委员会办公室 | 2021年10月8日
@title 2021年第三季度抽查情况通报
@to 各乡镇人民政府：
正文第一行
接着写。

# 一、总体情况
## （一）网站
### 1. 细项
**一是高度重视。**要求如下。
@annex 表一
@annex 表二
@signature 某办公室 | 2021年10月8日
@attachment 附件1 | 表一
@center 检查时间：2021年9月27日
@table name=附件1 landscape widths=1,2
| 单位 | 问题 |
|---|---|
| 甲 | 含\\|竖线 |
| 乙 | 无 |
@chart pass_rate | 合格率
@imprint 报送：县领导。
@printed 某办公室 | 2021年10月8日印发
"""


def test_parse_builds_every_block_kind() -> None:
    blocks = B.parse(MARKUP)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Mark", "IssueLine", "Title", "Recipients", "Paragraph", "Heading", "Heading", "Heading", "Paragraph",
        "AnnexList", "Signature", "Attachment", "Paragraph", "Table", "Chart", "Imprint",
    ]  # fmt: skip
    mark, issue = blocks[0], blocks[1]
    assert isinstance(mark, B.Mark) and mark.upper == "桐柏县督查落实委员会办公室"
    assert isinstance(issue, B.IssueLine) and (issue.issue, issue.left, issue.right) == (
        "第11期",
        "桐柏县督查落实委员会办公室",
        "2021年10月8日",
    )


def test_consecutive_lines_join_into_one_paragraph() -> None:
    blocks = B.parse("第一行\n第二行\n\n第三段")
    assert [b.text for b in blocks if isinstance(b, B.Paragraph)] == ["第一行第二行", "第三段"]


def test_bold_runs() -> None:
    assert B.parse_runs("**一是高度重视。**要求如下。") == [("一是高度重视。", True), ("要求如下。", False)]
    assert B.parse_runs("无加粗") == [("无加粗", False)]


def test_table_options_and_escaped_pipes() -> None:
    table = next(b for b in B.parse(MARKUP) if isinstance(b, B.Table))
    assert table.header == ["单位", "问题"]
    assert table.rows == [["甲", "含|竖线"], ["乙", "无"]]
    assert table.landscape and table.widths == [1.0, 2.0] and table.name == "附件1"


def test_table_without_landscape_option_is_portrait() -> None:
    table = next(b for b in B.parse("@table\n| a | b |\n|---|---|\n| 1 | 2 |") if isinstance(b, B.Table))
    assert not table.landscape and table.widths == []


def test_escape_cell_round_trips() -> None:
    value = "a|b\\c\n第二行"
    table = next(b for b in B.parse(f"| h |\n|---|\n| {B.escape_cell(value)} |") if isinstance(b, B.Table))
    assert table.rows == [["a|b\\c；第二行"]]


def test_annex_items_collect_into_one_list() -> None:
    annex = next(b for b in B.parse(MARKUP) if isinstance(b, B.AnnexList))
    assert annex.items == ["表一", "表二"]


def test_row_with_wrong_column_count_is_an_error() -> None:
    with pytest.raises(B.MarkupError, match="第3行"):
        B.parse("| a | b |\n|---|---|\n| 1 |")


def test_unknown_directive_is_an_error() -> None:
    with pytest.raises(B.MarkupError, match="@bogus"):
        B.parse("@bogus x")


def test_plain_text_contains_table_cells() -> None:
    text = B.plain_text(B.parse(MARKUP))
    assert "含|竖线" in text and "督查通报" in text and "2021年10月8日印发" in text
