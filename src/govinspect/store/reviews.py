"""Review records of findings (append-only history), the office's allow-list, and notice overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Text, and_, cast, delete, func, or_, select, tuple_

from govinspect import model as m
from govinspect.scoring import AllowEntry, AllowKind, ReviewState, finding_fingerprint, fingerprint
from govinspect.store.api import Store, StoreError
from govinspect.store.tables import (
    AllowEntryRow,
    FindingReviewRow,
    FindingRow,
    ReviewOverrideRow,
    TargetResultRow,
)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review action: the state a person gave a finding, why, who, when."""

    fingerprint: str
    state: ReviewState
    reason: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Override:
    """An 审核员 let the notice be issued with these 待审核 veto findings (by fingerprint)."""

    round_name: str
    actor: str
    reason: str
    fingerprints: frozenset[str]
    at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def _record(r: FindingReviewRow) -> ReviewRecord:
    return ReviewRecord(r.fingerprint, ReviewState(r.state), r.reason, r.actor, r.at)


class ReviewStore:
    """Review state lives beside the findings: a finding's newest record, else its profile default."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- findings by row id (the ids the pages and the API show) ------------
    def finding_ids(self, round_name: str) -> list[int]:
        """Row ids of the round's findings, in order."""
        q = select(FindingRow.id).where(FindingRow.round_name == round_name).order_by(FindingRow.id)
        with self.store.session() as s:
            return list(s.scalars(q))

    def findings_by_id(self, round_name: str, ids: Sequence[int]) -> dict[int, m.Finding]:
        """The round's findings with these row ids (unknown ids are left out)."""
        q = select(FindingRow).where(FindingRow.round_name == round_name, FindingRow.id.in_(list(ids)))
        with self.store.session() as s:
            return {
                r.id: m.Finding(
                    code=r.code, target_kind=m.TargetKind(r.target_kind), target=r.target, message=r.message,
                    evidence=m.Evidence.model_validate(r.evidence), count=r.count, manual=r.manual,
                )
                for r in s.scalars(q)
            }  # fmt: skip

    # -- review records ------------------------------------------------------
    def latest(self, round_name: str) -> dict[str, ReviewRecord]:
        """Each reviewed finding's newest record in the round, by fingerprint."""
        newest = (
            select(func.max(FindingReviewRow.id))
            .where(FindingReviewRow.round_name == round_name)
            .group_by(FindingReviewRow.fingerprint)
        )
        with self.store.session() as s:
            rows = s.scalars(select(FindingReviewRow).where(FindingReviewRow.id.in_(newest)))
            return {r.fingerprint: _record(r) for r in rows}

    def finding_codes(self, round_name: str) -> set[tuple[str, bool]]:
        """(code, 人工) of the round's findings: what their review state defaults to depends on no more."""
        q = select(FindingRow.code, FindingRow.manual).where(FindingRow.round_name == round_name).distinct()
        with self.store.session() as s:
            return {(str(code), bool(manual)) for code, manual in s.execute(q)}

    def reviewed_findings(self, round_name: str) -> dict[int, ReviewRecord]:
        """The round's findings a person reviewed, by finding id, each with its newest record."""
        records = self.latest(round_name)
        if not records:
            return {}
        targets = self.reviewed_targets(round_name)
        q = select(
            FindingRow.id, FindingRow.target_kind, FindingRow.target, FindingRow.code, FindingRow.evidence
        )
        q = q.where(
            FindingRow.round_name == round_name,
            tuple_(FindingRow.target_kind, FindingRow.target).in_(targets),
        )
        out = {}
        with self.store.session() as s:
            for fid, kind, target, code, evidence in s.execute(q):
                rec = records.get(fingerprint(kind, target, code, evidence or {}))
                if rec is not None:
                    out[int(fid)] = rec
        return out

    def state_clause(
        self,
        round_name: str,
        state: ReviewState,
        default: Callable[[str, bool], ReviewState],
        among: Iterable[str] | None = None,
    ) -> ColumnElement[bool]:
        """The round's findings in this review state, as a WHERE clause on findings: by (code, 人工) for
        the state `default` gives unreviewed findings, corrected by id for the few a person reviewed.
        `among`: the codes the caller reads (no need then to ask the round which codes it holds)."""
        pairs = {(c, mn) for c in among for mn in (False, True)} if among is not None else None
        codes = [(c, mn) for c, mn in pairs or self.finding_codes(round_name) if default(c, mn) == state]
        by_default = [
            and_(
                FindingRow.manual.is_(manual),
                FindingRow.code.in_(sorted(c for c, mn in codes if mn == manual)),
            )
            for manual in (False, True)
        ]
        reviewed = self.reviewed_findings(round_name)
        moved_in = sorted(i for i, rec in reviewed.items() if rec.state == state)
        moved_out = sorted(i for i, rec in reviewed.items() if rec.state != state)
        return or_(and_(or_(*by_default), FindingRow.id.not_in(moved_out)), FindingRow.id.in_(moved_in))

    def vetoed_targets(self, round_name: str) -> dict[tuple[m.TargetKind, str], tuple[str, str, list[str]]]:
        """(name, unit, vetoed codes) of each target of the round whose result carries a veto."""
        q = select(TargetResultRow.target_kind, TargetResultRow.target, TargetResultRow.name,
                   TargetResultRow.unit, TargetResultRow.vetoes).where(TargetResultRow.round_name == round_name)  # fmt: skip
        with self.store.session() as s:
            return {
                (m.TargetKind(kind), target): (name, unit, list(vetoes))
                for kind, target, name, unit, vetoes in s.execute(q)
                if vetoes
            }

    def finding_keys(
        self,
        round_name: str,
        codes: Iterable[str],
        where: ColumnElement[bool],
        targets: Sequence[tuple[str, str]] | None = None,
    ) -> list[tuple[str, str, str, str]]:
        """(target kind, target, code, evidence as JSON text) of the round's findings of these codes
        matching `where` (of these (kind, target) only, when given), by id; the evidence is left
        undecoded: most callers never read it."""
        q = select(
            FindingRow.target_kind, FindingRow.target, FindingRow.code, cast(FindingRow.evidence, Text)
        ).where(FindingRow.round_name == round_name, FindingRow.code.in_(sorted(set(codes))), where)
        if targets is not None:
            q = q.where(tuple_(FindingRow.target_kind, FindingRow.target).in_(targets))
        with self.store.session() as s:
            return [(k, t, c, e or "{}") for k, t, c, e in s.execute(q.order_by(FindingRow.id))]

    def reviewed_targets(self, round_name: str) -> list[tuple[str, str]]:
        """(target kind, target) of every target with a reviewed finding in the round."""
        q = select(FindingReviewRow.target_kind, FindingReviewRow.target).where(
            FindingReviewRow.round_name == round_name
        )
        with self.store.session() as s:
            return sorted({(str(kind), str(target)) for kind, target in s.execute(q.distinct())})

    def history(self, round_name: str, fp: str) -> list[ReviewRecord]:
        """Every review action on one finding, oldest first."""
        q = (
            select(FindingReviewRow)
            .where(FindingReviewRow.round_name == round_name, FindingReviewRow.fingerprint == fp)
            .order_by(FindingReviewRow.id)
        )
        with self.store.session() as s:
            return [_record(r) for r in s.scalars(q)]

    def record(
        self, round_name: str, findings: Sequence[m.Finding], state: ReviewState, reason: str, actor: str
    ) -> None:
        """Append one review record per finding, in one transaction."""
        at = _now()
        with self.store.session() as s:
            s.add_all(
                FindingReviewRow(
                    round_name=round_name, fingerprint=finding_fingerprint(f), target_kind=f.target_kind.value,
                    target=f.target, code=f.code, state=state.value, reason=reason, actor=actor, at=at,
                )
                for f in findings
            )  # fmt: skip

    # -- allow-list ------------------------------------------------------------
    def add_allow(
        self, kind: AllowKind, pattern: str, reason: str, actor: str, expires: dt.date | None = None
    ) -> AllowEntry:
        if not pattern.strip() or not reason.strip():
            raise StoreError("例外条目须有内容和理由")
        row = AllowEntryRow(
            kind=kind.value, pattern=pattern.strip(), reason=reason.strip(), actor=actor,
            created_at=_now(), expires=expires,
        )  # fmt: skip
        with self.store.session() as s:
            s.add(row)
            s.flush()
            return _entry(row)

    def allow_entries(self, *, on: dt.date | None = None) -> list[AllowEntry]:
        """The allow-list, oldest first; with `on`, only the entries in force that day."""
        with self.store.session() as s:
            entries = [_entry(r) for r in s.scalars(select(AllowEntryRow).order_by(AllowEntryRow.id))]
        return [e for e in entries if on is None or e.active(on)]

    def remove_allow(self, entry_id: int) -> AllowEntry:
        """Delete one entry and return it (for the audit log); StoreError when there is none."""
        with self.store.session() as s:
            row = s.get(AllowEntryRow, entry_id)
            if row is None:
                raise StoreError(f"没有编号为 {entry_id} 的例外条目")
            entry = _entry(row)
            s.execute(delete(AllowEntryRow).where(AllowEntryRow.id == entry_id))
        return entry

    # -- overrides of the notice gate -------------------------------------------
    def add_override(self, round_name: str, actor: str, reason: str, fingerprints: Sequence[str]) -> None:
        if not reason.strip():
            raise StoreError("放行须填写理由")
        with self.store.session() as s:
            s.add(
                ReviewOverrideRow(round_name=round_name, actor=actor, reason=reason.strip(),
                                  fingerprints=sorted(fingerprints), at=_now())
            )  # fmt: skip

    def override(self, round_name: str) -> Override | None:
        """The round's newest override, if any."""
        q = (
            select(ReviewOverrideRow)
            .where(ReviewOverrideRow.round_name == round_name)
            .order_by(ReviewOverrideRow.id.desc())
            .limit(1)
        )
        with self.store.session() as s:
            r = s.scalar(q)
            if r is None:
                return None
            return Override(r.round_name, r.actor, r.reason, frozenset(r.fingerprints), r.at)


def _entry(r: AllowEntryRow) -> AllowEntry:
    return AllowEntry(r.id, AllowKind(r.kind), r.pattern, r.reason, r.actor, r.created_at, r.expires)
