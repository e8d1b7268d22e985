"""Profile loading: built-in profiles validate, `extends:` deep-merges, errors are Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govinspect.rules.profile import (
    ProfileError,
    Window,
    available_profiles,
    deep_merge,
    load_profile,
    months_before,
)


def test_builtin_profiles_load() -> None:
    names = available_profiles()
    for n in ("national-2019", "nanyang-2023", "xinxiang-2023", "tongbai-2021"):
        assert n in names
        assert load_profile(n).name == n


def test_national_values() -> None:
    p = load_profile("national-2019")
    assert p.scoring.base == 100 and p.scoring.pass_score == 60
    assert p.scoring.no_service_base == 75
    assert p.scoring.no_service_multiplier == pytest.approx(4 / 3)
    assert p.media.no_update_days == 14 and p.media.min_posts_per_week is None
    assert p.media.zombie_days == 90 and p.media.interaction_required
    assert p.media_checks["media.not_updated"].veto
    assert p.rules["content.serious_error"].veto
    assert p.freshness.windows["动态要闻"].days == 14


def test_extends_overrides_and_inherits() -> None:
    nat = load_profile("national-2019")
    ty = load_profile("nanyang-2023")
    assert ty.extends == "national-2019"
    assert ty.freshness.windows["动态要闻"].months == 1 and ty.freshness.windows["动态要闻"].days is None
    assert ty.freshness.default_window is not None and ty.freshness.default_window.months == 6
    # inherited untouched
    assert ty.rules["link.dead_homepage"] == nat.rules["link.dead_homepage"]
    # partially overridden rule keeps its other fields
    assert ty.rules["interaction.unanswered"].veto
    assert ty.rules["interaction.unanswered"].name == "网民留言栏目咨询类的答复超期3个月"
    assert not ty.vetoes["columns_blank"].enabled and ty.vetoes["columns_blank"].count_gte == 5
    assert ty.vetoes["group_blank"].scope == "group"


def test_tongbai_media_and_windows() -> None:
    p = load_profile("tongbai-2021")
    assert p.media.min_posts_per_week == 2
    assert p.media.no_update_days == 14
    assert p.freshness.window_for("通知公告", 2) is not None
    assert p.freshness.window_for("其他", 1) == p.freshness.default_window


def test_national_level1_only() -> None:
    p = load_profile("national-2019")
    assert p.freshness.window_for("通知公告", 1) is not None
    w2 = p.freshness.window_for("通知公告", 2)  # 6 months for a 一级栏目 only; a 二级栏目 takes the default
    assert w2 is not None and w2.months == 12
    other = p.freshness.window_for("其他", 1)
    assert other is not None and other.months == 12  # 应更新但长期未更新: no column is left unjudged
    assert p.freshness.window_for("专题", 1) is None


def test_local_file_extends_builtin(tmp_path: Path) -> None:
    f = tmp_path / "mycounty.yaml"
    f.write_text("name: mycounty\nextends: national-2019\nscoring: {pass_score: 70}\n", encoding="utf-8")
    p = load_profile(f)
    assert p.scoring.pass_score == 70 and p.scoring.base == 100


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\nextends: a\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="循环"):
        load_profile(tmp_path / "a.yaml")


def test_unknown_field_rejected(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("name: bad\nextends: national-2019\nscoring: {pas_score: 70}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="校验失败"):
        load_profile(f)


def test_unknown_indicator_rejected(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("name: bad\nrules: {x.y: {indicator: nope, points: 1}}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="nope"):
        load_profile(f)


def test_missing_profile() -> None:
    with pytest.raises(ProfileError, match="找不到"):
        load_profile("no-such-profile")


def test_deep_merge() -> None:
    assert deep_merge({"a": {"b": 1, "c": 2}, "l": [1]}, {"a": {"b": 3}, "l": [2]}) == {
        "a": {"b": 3, "c": 2},
        "l": [2],
    }


def test_window_cutoff() -> None:
    assert months_before(dt.date(2023, 8, 31), 6) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2023, 1, 15), 1) == dt.date(2022, 12, 15)
    assert Window(days=14).cutoff(dt.date(2023, 6, 20)) == dt.date(2023, 6, 6)
    assert Window(months=12).text() == "1年" and Window(days=14).text() == "2周"
    with pytest.raises(ValueError):
        Window(days=1, months=1)
