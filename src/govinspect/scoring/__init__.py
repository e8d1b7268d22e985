"""govinspect.scoring stage: findings + a Profile (YAML data) → vetoes, deductions, score, verdict.

Public API: `score_target`, `score_round`, `TargetInfo`, `profile_show`, `tally`, `totals_line`; human
review (`ReviewState`, `fingerprint`, `initial_state`, the allow-list `AllowEntry`/`drop_allowed`). Other
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
from govinspect.scoring.review import (
    AllowEntry,
    AllowKind,
    ReviewState,
    allow_pattern,
    drop_allowed,
    finding_fingerprint,
    fingerprint,
    initial_state,
)

__all__ = [
    "AllowEntry",
    "AllowKind",
    "ReviewState",
    "RoundScore",
    "TargetInfo",
    "allow_pattern",
    "drop_allowed",
    "finding_fingerprint",
    "fingerprint",
    "fmt_points",
    "initial_state",
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
