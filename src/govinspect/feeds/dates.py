"""Date parsing for feeds and imports: every result is an aware Asia/Shanghai datetime.

Chinese feeds often omit the timezone; a naive date is read as Beijing time, never UTC.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from govinspect.model import TZ

_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?\s*秒?)?"
    r"\s*(Z|[+\-]\d{2}:?\d{2})?\s*$"
)


def to_shanghai(value: dt.datetime) -> dt.datetime:
    """Aware Asia/Shanghai datetime; naive values are taken as Beijing time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


def _offset(text: str) -> dt.timezone:
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_datetime(text: str) -> dt.datetime | None:
    """Parse RFC 822, ISO 8601 / RFC 3339 and common Chinese forms; None if unreadable.

    Examples: "Tue, 06 Jun 2023 10:00:00 +0800", "2023-06-06T10:00:00Z",
    "2023-06-06 10:00", "2023/6/6", "2023年6月6日 10:00", "2023.06.06".
    """
    text = (text or "").strip()
    if not text:
        return None
    m = _CN_DATE.match(text)
    if m:
        year, month, day, hour, minute, second, tz = m.groups()
        try:
            value = dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
        if tz:
            value = value.replace(tzinfo=_offset(tz))
        return to_shanghai(value)
    try:
        return to_shanghai(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value is None:
        return None
    # RFC 822 "-0000" means "no zone information": parsedate_to_datetime gives naive → Beijing.
    return to_shanghai(value)


def coerce_datetime(value: object) -> dt.datetime | None:
    """A cell or field value (datetime, date, number-less string) as Asia/Shanghai datetime."""
    if isinstance(value, dt.datetime):
        return to_shanghai(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0), tzinfo=TZ)
    if isinstance(value, str):
        return parse_datetime(value)
    return None
