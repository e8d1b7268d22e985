"""From 预警 conditions to messages: one alert when a condition opens, one recovery when it clears.

`reconcile` compares the conditions found now with the open ones in the store and queues messages
in the send log; `deliver_due` sends what is due. Controls (office.yaml `monitor.alerts`): the
sending window (working days by chinesecalendar, hours), urgent rules outside it, flap suppression
(a recovery is held for `flap_minutes`; a condition back within that time is the same episode),
a daily cap per unit, retries with exponential backoff. In-app notifications are written at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govinspect.calendar import is_workday
from govinspect.config import AlertSettings, MonitorConfig
from govinspect.monitor.channels import DeliveryError, Sender
from govinspect.monitor.rules import RULES, Condition
from govinspect.privacy import mask_personal_data
from govinspect.store import AlertConditionRow, AlertSendRow, MonitorStore

RAISE, CLEAR = "预警", "恢复"


def in_window(at: dt.datetime, cfg: AlertSettings) -> bool:
    """Inside the sending window: a working day (when required) between the configured hours."""
    start, end = cfg.hours
    return (not cfg.workdays_only or is_workday(at.date())) and start <= at.hour < end


def window_start(at: dt.datetime, cfg: AlertSettings) -> dt.datetime:
    """`at` if inside the sending window, else the window's next opening."""
    if in_window(at, cfg):
        return at
    day = at.date() if at.hour < cfg.hours[0] else at.date() + dt.timedelta(days=1)
    for _ in range(60):  # the longest holiday with its weekends is well under two months
        if not cfg.workdays_only or is_workday(day):
            return dt.datetime.combine(day, dt.time(cfg.hours[0]), at.tzinfo)
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(cfg.hours[0]), at.tzinfo)


def may_send(at: dt.datetime, urgent: bool, cfg: AlertSettings) -> bool:
    return in_window(at, cfg) or (urgent and cfg.urgent_outside_window)


@dataclass(frozen=True, slots=True)
class Address:
    channel: str  # inapp / email / sms / webhook:<name>
    recipient: str  # unit (in-app), e-mail address, mobile number, robot name


def addresses(cfg: MonitorConfig, unit: str, rule: str) -> list[Address]:
    """Where a unit's alert of `rule` goes: the unit's opted-in recipients and channels, its robots."""
    out: list[Address] = [Address("inapp", unit)] if unit else []
    for r in cfg.recipients:
        if r.unit != unit or (r.rules and rule not in r.rules):
            continue
        if "email" in r.channels and r.email:
            out.append(Address("email", r.email))
        if "sms" in r.channels and r.phone:
            out.append(Address("sms", r.phone))
    for hook in cfg.webhooks:
        if (not hook.units or unit in hook.units) and (not hook.rules or rule in hook.rules):
            out.append(Address(f"webhook:{hook.name}", hook.name))
    return list(dict.fromkeys(out))


def wording(event: str, unit: str, target_name: str, message: str, at: dt.datetime) -> tuple[str, str]:
    """Title and text of an alert or recovery, personal numbers masked."""
    who = f"{target_name}（{unit}）" if unit else target_name
    if event == RAISE:
        title = f"【网站监测预警】{target_name}"
        text = f"{who}：{message}。请及时核查处置。\n监测时间：{at:%Y-%m-%d %H:%M}"
    else:
        title = f"【预警解除】{target_name}"
        text = f"{who}：此前预警的问题已恢复正常（{message}）。\n恢复时间：{at:%Y-%m-%d %H:%M}"
    return mask_personal_data(title), mask_personal_data(text)


def _day_start(at: dt.datetime) -> dt.datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def _queue(
    ms: MonitorStore,
    cfg: MonitorConfig,
    key: str,
    event: str,
    unit: str,
    rule: str,
    urgent: bool,
    title: str,
    text: str,
    at: dt.datetime,
    hold_until: dt.datetime | None = None,
) -> None:
    """Put one message per address in the send log (in-app written at once), applying window and cap."""
    due = hold_until or at
    if not may_send(due, urgent, cfg.alerts):
        due = window_start(due, cfg.alerts)
    counted = ms.sent_since(unit, _day_start(at))
    for a in addresses(cfg, unit, rule):
        row = AlertSendRow(
            condition_key=key, event=event, unit=unit, urgent=urgent, channel=a.channel, recipient=a.recipient,
            title=title, text=text, state="待发送", attempts=0, not_before=due, created_at=at,
        )  # fmt: skip
        if a.channel == "inapp":
            if hold_until is None:
                ms.notify(unit, title, text, at)
                row.state, row.sent_at, row.attempts = "成功", at, 1
        elif not urgent and counted >= cfg.alerts.daily_cap_per_unit:
            row.state, row.error = "不发送", f"已达到本单位每日 {cfg.alerts.daily_cap_per_unit} 条的上限"
        else:
            counted += 1
        ms.add_send(row)


def _cancel_open(ms: MonitorStore, key: str, event: str, reason: str) -> int:
    """Mark a condition's unsent messages of `event` 不发送; returns how many there were."""
    n = 0
    for row in ms.open_sends():
        if row.condition_key == key and row.event == event:
            ms.update_send(row.id, state="不发送", error=reason)
            n += 1
    return n


def _open(ms: MonitorStore, cfg: MonitorConfig, c: Condition, at: dt.datetime) -> None:
    prior = ms.condition(c.key)
    flap = dt.timedelta(minutes=cfg.alerts.flap_minutes)
    ms.open_condition(c.key, c.rule, c.unit, c.target, c.urgent, c.message, at)
    if prior is not None and prior.cleared_at is not None and at - prior.cleared_at <= flap:
        # back within the flap time: the same episode, so its held recovery is dropped, no new alert
        _cancel_open(ms, c.key, CLEAR, f"{cfg.alerts.flap_minutes} 分钟内再次出现，视为同一次（抖动抑制）")
        title, text = wording(RAISE, c.unit, c.target_name, c.message, at)
        ms.add_send(
            AlertSendRow(condition_key=c.key, event=RAISE, unit=c.unit, urgent=c.urgent, channel="全部",
                         recipient="", title=title, text=text, state="去重", attempts=0, not_before=at,
                         created_at=at, error="与未恢复的同一预警合并，不重复发送")
        )  # fmt: skip
        return
    title, text = wording(RAISE, c.unit, c.target_name, c.message, at)
    _queue(ms, cfg, c.key, RAISE, c.unit, c.rule, c.urgent, title, text, at)


def _clear(
    ms: MonitorStore, cfg: MonitorConfig, row: AlertConditionRow, names: Mapping[str, str], at: dt.datetime
) -> None:
    ms.clear_condition(row.key, at)
    if _cancel_open(ms, row.key, RAISE, "发送前问题已恢复"):
        return  # nobody was told, so there is nothing to call off
    name = names.get(row.target, row.target)
    title, text = wording(CLEAR, row.unit, name, f"{RULES[row.rule][0]}：{row.message}", at)
    hold = at + dt.timedelta(minutes=cfg.alerts.flap_minutes)
    _queue(ms, cfg, row.key, CLEAR, row.unit, row.rule, row.urgent, title, text, at, hold_until=hold)


def reconcile(
    ms: MonitorStore,
    cfg: MonitorConfig,
    found: Iterable[Condition],
    names: Mapping[str, str],
    at: dt.datetime,
) -> tuple[int, int]:
    """Open the conditions found now that are not open, clear the open ones not found; (opened, cleared).

    `names` gives the display name of each target (for recoveries). A condition already open is
    left alone (one alert per condition until it clears).
    """
    now = {c.key: c for c in found}
    open_rows = {r.key: r for r in ms.conditions(active=True)}
    opened = cleared = 0
    for key, c in now.items():
        if key not in open_rows:
            _open(ms, cfg, c, at)
            opened += 1
    for key, row in open_rows.items():
        if key not in now:
            _clear(ms, cfg, row, names, at)
            cleared += 1
    return opened, cleared


def deliver_due(
    ms: MonitorStore, cfg: MonitorConfig, send: Mapping[str, Sender], at: dt.datetime
) -> dict[str, int]:
    """Send every due message allowed now; failures retry with backoff, then end 失败. Counts by state."""
    counts: dict[str, int] = {}
    for row in ms.open_sends(due_at=at):
        if row.channel == "inapp":  # a held recovery: the bell gets it when it is due
            ms.notify(row.unit, row.title, row.text, at)
            ms.update_send(row.id, state="成功", attempts=1, sent_at=at)
            counts["成功"] = counts.get("成功", 0) + 1
            continue
        if not may_send(at, row.urgent, cfg.alerts):
            ms.update_send(row.id, not_before=window_start(at, cfg.alerts))
            continue
        sender = send.get(row.channel)
        attempts = row.attempts + 1
        try:
            if sender is None:
                raise DeliveryError(f"渠道“{row.channel}”未配置")
            sender(row.recipient, row.title, row.text)
        except DeliveryError as exc:
            if attempts > cfg.alerts.retries or sender is None:
                state, changes = "失败", {}
            else:
                backoff = dt.timedelta(seconds=cfg.alerts.backoff_s * 2 ** (attempts - 1))
                state, changes = "重试中", {"not_before": at + backoff}
            ms.update_send(row.id, state=state, attempts=attempts, error=str(exc), **changes)
        else:
            state = "成功"
            ms.update_send(row.id, state=state, attempts=attempts, sent_at=at, error=None)
        counts[state] = counts.get(state, 0) + 1
    return counts


def display_recipient(channel: str, recipient: str) -> str:
    """A recipient as shown on screen: mobile numbers masked."""
    return mask_personal_data(recipient) if channel == "sms" else recipient
