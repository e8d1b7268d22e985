"""govinspect.monitor: continuous monitoring — schedules as data, 预警 rules, alerts and their channels.

The jobs that fetch (probes, the daily pass, the weekly crawl) are wired in `govinspect.jobs.monitoring`,
which also starts the scheduler. Other stages import from this package only; its modules are internal.
"""

from govinspect.monitor.alerts import deliver_due, display_recipient, in_window, reconcile, window_start
from govinspect.monitor.certs import read_certificate
from govinspect.monitor.channels import (
    DeliveryError,
    Sender,
    SmsSender,
    dingtalk_sign,
    feishu_sign,
    post_webhook,
    send_email,
    senders,
)
from govinspect.monitor.evaluate import current_conditions, target_names
from govinspect.monitor.rules import RULES, Condition
from govinspect.monitor.schedules import DEFAULT_SCHEDULES, JOBS, is_stale, next_run, parse_trigger, period
from govinspect.monitor.tamper import compare, fingerprint

__all__ = [
    "DEFAULT_SCHEDULES",
    "JOBS",
    "RULES",
    "Condition",
    "DeliveryError",
    "Sender",
    "SmsSender",
    "compare",
    "current_conditions",
    "deliver_due",
    "dingtalk_sign",
    "display_recipient",
    "feishu_sign",
    "fingerprint",
    "in_window",
    "is_stale",
    "next_run",
    "parse_trigger",
    "period",
    "post_webhook",
    "read_certificate",
    "reconcile",
    "send_email",
    "senders",
    "target_names",
    "window_start",
]
