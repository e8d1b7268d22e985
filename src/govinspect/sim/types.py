"""Plain value types of a simulated world: responses, behaviours, planted faults, expected verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govinspect.model import TargetKind, Verdict


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How the server misbehaves on a path (intermittent, slow, slow_drip, huge_body, endless_calendar)."""

    kind: str
    ratio: float = 0.0
    delay: float = 0.0
    size: int = 0


@dataclass(frozen=True, slots=True)
class Resp:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    behaviour: Behaviour | None = None

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


@dataclass(slots=True)
class PlantedFault:
    """One fault the simulator planted; `check` is the check code expected to find it (None: none)."""

    fault: str
    target_kind: TargetKind
    target: str  # Site.code or Account.key
    target_name: str
    unit: str
    check: str | None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "fault": self.fault,
            "target_kind": self.target_kind.value,
            "target": self.target,
            "target_name": self.target_name,
            "unit": self.unit,
            "check": self.check,
            "detail": self.detail,
        }


@dataclass(slots=True)
class ExpectedVerdict:
    target_kind: TargetKind
    target: str
    name: str
    unit: str
    verdict: Verdict
    score: float | None = None
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "target_kind": self.target_kind.value,
            "target": self.target,
            "name": self.name,
            "unit": self.unit,
            "verdict": self.verdict.value,
            "score": self.score,
            "reason": self.reason,
        }


def html_resp(body: bytes, charset: str | None = "utf-8", status: int = 200) -> Resp:
    ctype = f"text/html; charset={charset}" if charset else "text/html"
    return Resp(status, (("Content-Type", ctype),), body)
