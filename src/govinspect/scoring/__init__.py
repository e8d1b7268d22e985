"""govinspect.scoring stage: findings + a Profile (YAML data) → vetoes, deductions, score, verdict.

Public API: `score_target`, `score_round`, `TargetInfo`, `profile_show`, `tally`, `totals_line`. Other
stages import from this package only; its modules are internal.
"""

from __future__ import annotations

from govinspect.scoring.engine import (
    RoundScore,
    TargetInfo,
    fmt_points,
    score_round,
    score_target,
    tally,
    totals_line,
)

__all__ = [
    "RoundScore",
    "TargetInfo",
    "fmt_points",
    "profile_show",
    "score_round",
    "score_target",
    "tally",
    "totals_line",
]


def profile_show(name: str) -> str:
    """Chinese text of a profile's effective rules (for `govinspect profile show NAME`)."""
    from govinspect.scoring.show import profile_show as _show

    return _show(name)
