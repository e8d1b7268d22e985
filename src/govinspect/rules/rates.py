"""How a rate (合格率, 检查率, 回复率) is computed and printed: the one formatter every output uses.

Rounding rule (written down in docs/user-guide.md): the rate is passed ÷ total × 100, computed exactly
(decimal arithmetic, no binary floating point), rounded half-up (四舍五入) to the profile's
`report.pass_rate_decimals` places, and printed without trailing zeros: 1 of 8 → 12.5% (1 place) or
13% (0 places), 47 of 49 → 95.9%, 21 of 22 → 95.45% (2 places), 8 of 8 → 100%. Nothing checked → "—".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NO_RATE = "—"  # printed when nothing was checked (a rate of 0 of 0 is not 0%)


def rate_value(passed: int, total: int, decimals: int = 1) -> Decimal | None:
    """The rate in percent, rounded half-up to `decimals` places; None when total is 0."""
    if total <= 0:
        return None
    exact = Decimal(passed) * 100 / Decimal(total)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def rate_text(passed: int, total: int, decimals: int = 1) -> str:
    """The rate as the notice, console, sheets and charts print it: 56%, 95.9%, 95.45%, 100%, —."""
    value = rate_value(passed, total, decimals)
    if value is None:
        return NO_RATE
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"
