"""Versions of a published round's results: a rejudge after publication adds one, the published stay.

The published results are version 1 (the `target_results` rows, never rewritten once the notice is
published); each later rejudge is stored whole as version 2, 3, … with its differences from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from govinspect import model as m
from govinspect.store.api import Store
from govinspect.store.tables import RoundVersionRow


@dataclass(frozen=True, slots=True)
class ResultChange:
    """One target whose verdict or score differs from the published result (None: not in that version)."""

    target_kind: str
    target: str
    unit: str
    name: str
    before_verdict: str | None
    before_score: float | None
    after_verdict: str | None
    after_score: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "target_kind": self.target_kind, "target": self.target, "unit": self.unit, "name": self.name,
            "before": {"verdict": self.before_verdict, "score": self.before_score},
            "after": {"verdict": self.after_verdict, "score": self.after_score},
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class RoundVersion:
    """A rejudge of a published round: when, its results, and how they differ from the published ones."""

    round_name: str
    version: int
    created_at: dt.datetime
    results: tuple[m.TargetResult, ...]
    changes: tuple[ResultChange, ...]


def result_changes(before: Sequence[m.TargetResult], after: Sequence[m.TargetResult]) -> list[ResultChange]:
    """The targets whose verdict or score differs between two versions, in the published order."""
    old = {(r.target_kind.value, r.target): r for r in before}
    new = {(r.target_kind.value, r.target): r for r in after}
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        b, a = old.get(key), new.get(key)
        if b is not None and a is not None and (b.verdict, b.score) == (a.verdict, a.score):
            continue
        r = a or b
        assert r is not None
        out.append(ResultChange(key[0], key[1], r.unit, r.name,
                                b.verdict.value if b else None, b.score if b else None,
                                a.verdict.value if a else None, a.score if a else None))  # fmt: skip
    return out


class VersionStore:
    """The versions of published rounds' results, beside the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, round_name: str, results: Sequence[m.TargetResult]) -> RoundVersion:
        """Keep a rejudge of the published round as its next version, with its differences."""
        changes = result_changes(self.store.results(round_name), results)
        with self.store.session() as s:
            top = s.scalar(
                select(func.max(RoundVersionRow.version)).where(RoundVersionRow.round_name == round_name)
            )
            row = RoundVersionRow(round_name=round_name, version=(top or 1) + 1, created_at=dt.datetime.now(m.TZ),
                                  results=[r.model_dump(mode="json") for r in results],
                                  changes=[c.as_json() for c in changes])  # fmt: skip
            s.add(row)
            s.flush()
            return _version(row)

    def versions(self, round_name: str) -> list[RoundVersion]:
        """The round's versions after publication, newest first."""
        q = (
            select(RoundVersionRow)
            .where(RoundVersionRow.round_name == round_name)
            .order_by(RoundVersionRow.version.desc())
        )
        with self.store.session() as s:
            return [_version(r) for r in s.scalars(q)]


def _version(r: RoundVersionRow) -> RoundVersion:
    changes = tuple(
        ResultChange(c["target_kind"], c["target"], c["unit"], c["name"], c["before"]["verdict"],
                     c["before"]["score"], c["after"]["verdict"], c["after"]["score"])
        for c in r.changes
    )  # fmt: skip
    results = tuple(m.TargetResult.model_validate(x) for x in r.results)
    return RoundVersion(r.round_name, r.version, r.created_at, results, changes)
