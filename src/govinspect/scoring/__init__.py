"""govinspect.scoring stage: findings + a Profile (YAML data) → vetoes, deductions, score, verdict.

Public API: `score_target`, `score_round`, `TargetInfo`, `profile_show`.
"""

from __future__ import annotations

from govinspect.scoring.engine import RoundScore, TargetInfo, score_round, score_target

__all__ = [
    "RoundScore",
    "TargetInfo",
    "profile_show",
    "score_round",
    "score_target",
]


def profile_show(name: str) -> str:
    """Chinese text of a profile's effective rules (for `govinspect profile show NAME`)."""
    from govinspect.scoring.show import profile_show as _show

    return _show(name)
