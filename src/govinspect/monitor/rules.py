"""预警 rules: each turns what monitoring saw of one target into an open condition, or nothing.

Pure functions over probes, dates and findings; thresholds come from office.yaml (`monitor.warnings`)
and the veto lines and update windows from the profile. A condition's key names the rule, the target
and what is wrong, so that the same problem keeps one key until it clears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from govinspect.monitor.tamper import is_tampered
from govinspect.rules import Window

# rule code → (名称, urgent): urgent rules may be sent outside the sending window
RULES: dict[str, tuple[str, bool]] = {
    "home_down": ("首页无法访问", True),
    "fail_ratio": ("首页可用性下降", False),
    "column_due": ("栏目即将超期未更新", False),
    "account_quiet": ("政务新媒体长期未更新", False),
    "veto": ("发现单项否决问题", False),
    "security": ("网站安全问题", True),
    "tamper": ("首页疑似被篡改", True),
    "cert": ("网站证书异常", False),
    "stale": ("监测数据过期", False),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """One open 预警 of one target, worded for the people responsible."""

    rule: str
    unit: str  # "" for the office's own conditions (the scheduler)
    target: str
    target_name: str
    detail: str  # what distinguishes two conditions of one rule on one target (a column URL …)
    message: str

    @property
    def key(self) -> str:
        return f"{self.rule}|{self.target}|{self.detail}"

    @property
    def urgent(self) -> bool:
        return RULES[self.rule][1]

    @property
    def rule_name(self) -> str:
        return RULES[self.rule][0]


@dataclass(frozen=True, slots=True)
class Probe:
    at: dt.datetime
    ok: bool
    error: str | None = None


def _hm(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def home_down(unit: str, code: str, name: str, probes: Sequence[Probe], after: int) -> Condition | None:
    """The last `after` probes of the home page all failed."""
    last = sorted(probes, key=lambda p: p.at)[-after:]
    if len(last) < after or any(p.ok for p in last):
        return None
    reason = f"，{last[-1].error}" if last[-1].error else ""
    msg = f"首页连续 {after} 次无法访问（最近一次 {_hm(last[-1].at)}{reason}）"
    return Condition("home_down", unit, code, name, "", msg)


def fail_ratio(
    unit: str, code: str, name: str, total: int, failed: int, warn: float, veto: float, days: int
) -> Condition | None:
    """The failure ratio of the last `days` days reached the warning share (the veto line named)."""
    if not total:
        return None
    ratio = failed / total
    if ratio < warn:
        return None
    state = "已达到" if ratio >= veto else "接近"
    msg = f"近 {days} 天首页访问失败率 {ratio:.1%}，{state}单项否决线 {veto:.0%}"
    return Condition("fail_ratio", unit, code, name, "", msg)


def first_stale_day(newest: dt.date, window: Window) -> dt.date:
    """The first day on which content dated `newest` no longer counts as updated within `window`."""
    day = newest + dt.timedelta(days=1)
    while window.cutoff(day) <= newest:
        day += dt.timedelta(days=1)
    return day


def column_due(
    unit: str,
    code: str,
    name: str,
    column: str,
    url: str,
    newest: dt.date,
    window: Window,
    lead_days: int,
    today: dt.date,
) -> Condition | None:
    """A column (or the home page) is within `lead_days` of its update window, or past it."""
    stale_on = first_stale_day(newest, window)
    left = (stale_on - today).days
    if left > lead_days:
        return None
    quiet = (today - newest).days
    if left > 0:
        msg = f"“{column}”已 {quiet} 天未更新，距更新期限（{window.text()}）还剩 {left} 天"
    else:
        msg = f"“{column}”已 {quiet} 天未更新，已超过更新期限（{window.text()}）"
    return Condition("column_due", unit, code, name, url, msg)


def account_quiet(
    unit: str, key: str, name: str, last_post: dt.date, quiet_days: int, window_days: int, today: dt.date
) -> Condition | None:
    """An account has not posted for `quiet_days` days (of a `window_days` window)."""
    quiet = (today - last_post).days
    if quiet < quiet_days:
        return None
    msg = f"已 {quiet} 天未发布信息（{window_days} 天未更新即为不合格），最近一次发布 {last_post.isoformat()}"
    return Condition("account_quiet", unit, key, name, "", msg)


def veto_found(unit: str, target: str, name: str, vetoes: Sequence[str]) -> Condition | None:
    """The latest check of a target found one or more 单项否决 problems (names given)."""
    if not vetoes:
        return None
    items = "、".join(vetoes)
    return Condition("veto", unit, target, name, ",".join(sorted(vetoes)), f"检查发现单项否决问题：{items}")


def security_found(unit: str, target: str, name: str, problems: Sequence[str]) -> Condition | None:
    """The latest check found 暗链 or suspicious links (the security watch): urgent, with what was found."""
    if not problems:
        return None
    shown = "；".join(problems[:3]) + (f"等 {len(problems)} 处" if len(problems) > 3 else "")
    return Condition("security", unit, target, name, "", f"安全监测发现：{shown}")


def tampered(unit: str, code: str, name: str, change: dict[str, Any] | None) -> Condition | None:
    """The home page differs from its confirmed baseline by lexicon words or a large change (see monitor.tamper)."""
    if not change or not is_tampered(change):
        return None
    shown = "、".join(f"“{t}”" for t in change.get("new_text", [])) or "无"
    if change.get("lexicon"):
        why = "出现可疑内容（" + "、".join(change["lexicon"]) + "）"
    else:
        why = f"与已确认的基线相比大幅变化（原有文字 {change['text_gone']:.0%} 不再出现，{change['links_new']:.0%} 的链接为新增）"
    return Condition("tamper", unit, code, name, "", f"首页{why}，新增文字：{shown}")


def cert_problem(
    unit: str,
    code: str,
    name: str,
    not_after: dt.datetime | None,
    host_ok: bool,
    days: int,
    now: dt.datetime,
) -> Condition | None:
    """The site's TLS certificate expired, expires within `days` days, or does not match the host."""
    if not host_ok:
        return Condition("cert", unit, code, name, "host", "网站证书与域名不匹配")
    if not_after is None:
        return None
    left = (not_after - now).days
    if not_after <= now:
        return Condition(
            "cert", unit, code, name, "expired", f"网站证书已于 {not_after.date().isoformat()} 过期"
        )
    if left < days:
        msg = f"网站证书将于 {not_after.date().isoformat()} 过期（剩余 {left} 天）"
        return Condition("cert", unit, code, name, "expiring", msg)
    return None


def stale_schedule(schedule: str, period_text: str) -> Condition:
    """A schedule produced nothing for more than twice its period."""
    msg = f"计划任务“{schedule}”已超过两个周期（{period_text}）没有产生监测数据，数据已过期"
    return Condition("stale", "", schedule, f"计划任务“{schedule}”", "", msg)
