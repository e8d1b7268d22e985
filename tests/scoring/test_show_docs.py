"""`profile show` text and the generated docs/indicators.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.rules.profile import ProfileError
from govinspect.scoring import profile_show
from govinspect.scoring.docs import indicators_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_show_national() -> None:
    text = profile_show("national-2019")
    assert text.startswith("评分方案：national-2019")
    assert "60分及以上为合格" in text and "4/3" in text
    assert "站点无法访问（availability.unreachable）：单项否决" in text
    assert "本网站空白栏目达到5个及以上" in text
    # values that used to be Python defaults are shown from the profile
    assert "整改时限：整改通知单印发之日起5个工作日内。" in text
    assert "统计期：轮次未设起始日期时，取监测时间点前28天。" in text
    assert "本网站栏目不更新、空白栏目达到5个及以上" in profile_show("tongbai-2021")


def test_show_local_rules() -> None:
    tb = profile_show("tongbai-2021")
    assert "继承：national-2019" in tb and "每周不少于2次" in tb
    assert "应更新未更新栏目（column.stale）：每项扣3分" in tb
    ny = profile_show("nanyang-2023")
    assert "站群（门户及其二级网站）累计" in ny and "动态要闻类栏目：1个月" in ny
    assert "{" not in ny and "{" not in tb


def test_show_unknown() -> None:
    with pytest.raises(ProfileError):
        profile_show("nope")


def test_docs_generated_and_current() -> None:
    md = indicators_markdown()
    assert "`column.stale`" in md and "tongbai-2021" in md and "单项否决" in md
    # website, new-media and 人工 codes, each with its implementing function; examples; renamed codes
    assert "| `media.not_updated` | 内容不更新 |" in md and "`media:check_not_updated`" in md
    assert "| `manual.popup` | 飘窗过大 |" in md and "`freshness:check_columns`" in md
    assert '- `column.blank`：`<div class="list"><p>暂无信息</p></div>` —— 栏目列表页没有任何信息条目。' in md
    assert "| `media.long_gap` | `media.gap` |" in md
    assert "与网站相同的词库代码" in md  # folded lines joined without a space between Chinese characters
    committed = ROOT / "docs" / "indicators.md"
    assert committed.read_text(encoding="utf-8") == md, "请运行 python -m govinspect.scoring.docs 重新生成"
