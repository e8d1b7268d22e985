"""Thresholds live only in profiles: the schema requires every value and national-2019 holds them all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from govinspect.rules import ProfileError, load_profile
from govinspect.rules.profile import PROFILE_DIR, Profile, SummaryStyle

# sections whose every field is a threshold, window, keyword list or wording
SECTIONS = (
    "scoring",
    "freshness",
    "availability",
    "links",
    "interaction",
    "identity",
    "disclosure",
    "content",
    "media",
    "summary",
    "media_summary",
    "report",
)


def test_every_threshold_is_required() -> None:
    for section in SECTIONS:
        field = Profile.model_fields[section]
        assert field.is_required(), section
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        optional = [name for name, f in model.model_fields.items() if not f.is_required()]
        assert optional == [], f"{section}: {optional}"


def test_national_profile_states_every_value() -> None:
    raw = yaml.safe_load((PROFILE_DIR / "national-2019.yaml").read_text(encoding="utf-8"))
    for section in SECTIONS:
        model = Profile.model_fields[section].annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        assert set(raw[section]) == set(model.model_fields), section
    # values checks used to take from Python defaults
    p = load_profile("national-2019")
    assert p.media.default_period_days == 28 and p.report.rectify_workdays == 5
    assert p.links.dead_errors[:2] == ["dns", "connect_refused"] and "办事大厅" in p.links.service_keywords
    assert p.identity.meta_required["home"] == ["SiteName", "SiteDomain", "SiteIDCode"]
    assert p.disclosure.annual_report_due == "01-31" and p.content.max_hits_per_entry == 20


def test_local_profiles_state_only_what_differs() -> None:
    tongbai = load_profile("tongbai-2021")
    national = load_profile("national-2019")
    assert tongbai.media.min_posts_per_week == 2 and national.media.min_posts_per_week is None
    assert (
        tongbai.links == national.links and tongbai.report.close_after_notices == 3
    )  # 三次被通报 → 关停整合
    assert tongbai.report.model_copy(update={"close_after_notices": None}) == national.report


def test_a_profile_missing_a_value_is_refused_naming_it(tmp_path: Path) -> None:
    raw = yaml.safe_load((PROFILE_DIR / "national-2019.yaml").read_text(encoding="utf-8"))
    del raw["media"]["zombie_days"]
    path = tmp_path / "partial.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"media\.zombie_days"):
        load_profile(path)


def test_media_summary_wording_is_data() -> None:
    p = load_profile("national-2019")
    assert isinstance(p.media_summary, SummaryStyle)
    assert (p.media_summary.veto_prefix, p.media_summary.tail, p.media_summary.number_items) == (
        "",
        "",
        False,
    )


def test_the_rectification_deadline_is_the_profile_s_unless_the_office_sets_its_own() -> None:
    from govinspect.config import OfficeConfig

    assert OfficeConfig.model_validate({"jurisdiction": "某县"}).rectify_workdays is None  # → profile's
    assert OfficeConfig.model_validate({"rectify_workdays": 3}).rectify_workdays == 3
    assert load_profile("national-2019").report.rectify_workdays == 5
