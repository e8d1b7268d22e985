"""Column classification from the editable keyword table."""

from __future__ import annotations

import pytest

from govinspect.extract.columns import classify_column, load_rules


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("政务要闻", "动态要闻"),
        ("部门动态", "动态要闻"),
        ("公示公告", "通知公告"),
        ("规范性文件", "政策文件"),
        ("人事信息", "人事规划"),
        ("规划计划", "人事规划"),
        ("政府信息公开指南", "信息公开指南"),
        ("政府信息公开制度", "信息公开制度"),
        ("政府信息公开年报", "信息公开年报"),
        ("法定主动公开内容", "法定主动公开内容"),
        ("在线访谈", "互动交流"),
        ("表格下载", "办事服务"),
        ("领导信息", "概况"),
        ("专题专栏", "专题"),
        ("市场推广", "其他"),
        ("", "其他"),
    ],
)
def test_classify(name, category):
    assert classify_column(name) == category


def test_column_type_is_used_when_the_name_says_nothing():
    assert classify_column("营商环境", "工作动态") == "动态要闻"


def test_custom_table(tmp_path):
    table = tmp_path / "t.yaml"
    table.write_text("rules:\n  - category: 专题\n    keywords: [营商]\n", "utf-8")
    assert classify_column("营商环境", None, str(table)) == "专题"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - category: 不存在\n    keywords: [x]\n", "utf-8")
    with pytest.raises(ValueError, match="不是有效的栏目类别"):
        load_rules(str(bad))
