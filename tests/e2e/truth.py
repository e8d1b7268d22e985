"""Compare a judged round with the simulator's ground truth: per check code and for vetoes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from govinspect import model as m

# Codes that name the same fault from two sides (the simulator's vs the checks').
EQUIVALENT = {
    "media.content_error": (
        "content.serious_error",
        "content.outdated_name",
        "content.sensitive_word",
        "privacy.id_number",
        "privacy.mobile",
        "media.content_error",
    )
}
# Findings that a planted fault legitimately implies besides its own code.
IMPLIED = {
    "homepage.stale": ("column.stale",),
    # A home page showing only stale columns is itself not updated (the notices name the columns).
    "column.stale": ("homepage.stale",),
    # An account silent for weeks also has a gap (断更) and may post below the required frequency.
    "media.not_updated": ("media.gap", "media.low_frequency"),
    "media.low_frequency": ("media.gap",),
}
# Findings about the tool's own inputs, not judgements of the target.
NOT_JUDGEMENTS = {"media.source_error", "media.duplicate", "media.zombie"}


@dataclass
class Score:
    planted: int = 0
    found: int = 0  # planted faults that were found
    reported: int = 0  # findings with this code
    matched: int = 0  # findings explained by a planted fault
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.reported if self.reported else 1.0


def compare(ground_truth: list, findings: list[m.Finding]) -> dict[str, Score]:
    """Per code: recall over planted faults, precision over (code, target) findings."""
    planted: dict[str, set[str]] = defaultdict(set)  # code → targets
    for g in ground_truth:
        if g.check:
            planted[g.check].add(g.target)
    explained: dict[str, set[str]] = defaultdict(set)
    for code, targets in planted.items():
        for alias in (*EQUIVALENT.get(code, (code,)), *IMPLIED.get(code, ())):
            explained[alias] |= targets
    got: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        got[f.code].add(f.target)
    scores: dict[str, Score] = {}
    for code, targets in planted.items():
        s = scores.setdefault(code, Score())
        s.planted = len(targets)
        aliases = EQUIVALENT.get(code, (code,))
        for t in sorted(targets):
            if any(t in got[a] for a in aliases):
                s.found += 1
            else:
                s.misses.append(t)
    for code, targets in got.items():
        if code in NOT_JUDGEMENTS:
            continue
        s = scores.setdefault(code, Score())
        s.reported = len(targets)
        for t in sorted(targets):
            if t in explained[code]:
                s.matched += 1
            else:
                s.extras.append(t)
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'code':32} {'planted':>7} {'found':>5} {'recall':>7} {'reported':>8} {'precision':>9}"]
    for code, s in sorted(scores.items()):
        lines.append(
            f"{code:32} {s.planted:7} {s.found:5} {s.recall:7.0%} {s.reported:8} {s.precision:9.0%}"
            + (f"  miss={s.misses[:4]}" if s.misses else "")
            + (f"  extra={s.extras[:4]}" if s.extras else "")
        )
    return "\n".join(lines)
