"""Create a round from what a person typed (CLI `round create` and the platform's form alike).

Every check refuses with one Chinese line (`UserError`) before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.store import Store

# a round's name becomes a directory of the data directory: it must not climb out of it
_BAD_CHARS = re.compile(r"[\\\x00-\x1f\x7f]|^\s|\s$")
NAME_MAX = 100


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date, else a Chinese refusal."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def check_profile(name: str, *, files: bool = True) -> str:
    """The profile name if it loads (built-in name, or a YAML file when `files`); otherwise a Chinese refusal.

    The platform passes files=False: a name typed in a browser never opens a file of the server.
    """
    from govinspect.rules import ProfileError, available_profiles, load_profile

    try:
        if not files and name not in available_profiles():
            raise ProfileError(name)
        load_profile(name)
    except ProfileError as e:
        if files and Path(name).suffix in (".yaml", ".yml") and Path(name).exists():
            raise UserError(str(e)) from None
        raise UserError(
            f"没有名为“{name}”的检查指标画像（可用：{'、'.join(available_profiles())}）"
        ) from None
    return name


def check_units(store: Store, units: Sequence[str]) -> list[str]:
    """Unit names of a round's scope, each of which must be in the registry."""
    known = store.unit_names()
    unknown = [u for u in units if u not in known]
    if unknown:
        raise UserError(f"台账中没有单位“{'”“'.join(unknown)}”（请先导入单位台账，或检查名称是否写错）")
    return list(units)


def check_round_name(name: str) -> str:
    """A round name usable as a directory name (it names the round's working directory)."""
    parts = name.split("/")
    if not name.strip() or len(name) > NAME_MAX or _BAD_CHARS.search(name) or {"", ".", ".."} & set(parts):
        raise UserError(
            f"轮次名称“{name}”不可用：应为 1 至 {NAME_MAX} 个字符，首尾无空格，"
            "不含反斜杠、控制字符、“..”或空的路径段，如 2023Q2"
        )
    return name


def new_round(
    store: Store,
    name: str,
    checkpoint: str,
    profile: str,
    units: Sequence[str] = (),
    period_start: str | None = None,
    *,
    profile_files: bool = True,
    source: m.RoundSource = m.RoundSource.CRAWL,
) -> m.Round:
    """Check the inputs and store the new round; refused (nothing stored) on the first bad one."""
    check_round_name(name)
    day = parse_day(checkpoint)
    start = parse_day(period_start) if period_start else None
    check_profile(profile, files=profile_files)
    rnd = m.Round(
        name=name,
        checkpoint=m.checkpoint_at(day),
        profile=profile,
        scope_units=tuple(check_units(store, units)),
        period_start=start,
        source=source,
    )
    store.create_round(rnd)  # StoreError (a UserError) when the name is taken
    return rnd
