"""office.yaml's `crawl:` settings reach every target of the office's rounds, and a wrong one is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from govinspect import model as m
from govinspect.cli.errors import explain
from govinspect.config import OfficeConfig, Settings, save_office_config
from govinspect.jobs.context import open_round
from govinspect.store import Store

CHECKPOINT = dt.datetime(2026, 9, 30, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _round(tmp_path: Path, crawl: dict[str, object]) -> tuple[Settings, Store]:
    settings = Settings(data_dir=tmp_path)
    save_office_config(settings, OfficeConfig(crawl=crawl))
    store = Store(f"sqlite:///{tmp_path / 'gi.db'}")
    store.migrate()
    store.create_round(m.Round(name="本轮", checkpoint=CHECKPOINT))
    return settings, store


def test_the_office_crawl_settings_reach_the_round_and_the_rounds_own_win(tmp_path: Path) -> None:
    settings, store = _round(tmp_path, {"feed_rate": 2, "obey_robots": False})
    ctx = open_round(settings, store, "本轮", crawl_overrides={"obey_robots": True})
    assert ctx.crawl_overrides == {"feed_rate": 2, "obey_robots": True}


def test_without_office_crawl_settings_the_defaults_stand(tmp_path: Path) -> None:
    settings, store = _round(tmp_path, {})
    assert open_round(settings, store, "本轮").crawl_overrides == {}


@pytest.mark.parametrize(
    ("crawl", "message"),
    [
        (
            {"feed_rat": 2},
            "办公室设置 office.yaml 中的 crawl.feed_rat 有误：没有这个设置项（名称可能写错了）",
        ),
        (
            {"per_host_concurrency": 0},
            "办公室设置 office.yaml 中的 crawl.per_host_concurrency 有误：应不小于 1",
        ),
    ],
)
def test_a_wrong_office_crawl_setting_is_named_and_opens_no_round(
    tmp_path: Path, crawl: dict[str, object], message: str
) -> None:
    settings, store = _round(tmp_path, crawl)
    with pytest.raises(ValidationError) as caught:
        open_round(settings, store, "本轮")
    assert explain(caught.value) == (message, 1)
