"""Human review of machine findings: review states, a finding's stable fingerprint, the allow-list.

A finding's rows are replaced whenever its round is re-judged, so a review is keyed by a fingerprint
of what the finding is about (target, check code, page and the detail naming the instance), not by
its row id. 误报 findings no longer count; 存疑 ones still do (the doubt is for follow-up, the evidence
stands until a person rules it out).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from govinspect.model import Finding
from govinspect.rules import Profile


class ReviewState(StrEnum):
    PENDING = "待审核"
    CONFIRMED = "已确认"
    REJECTED = "误报"
    DOUBT = "存疑"


# detail fields that name which instance of a check a finding is (a column, a link, a matched text …)
IDENTITY_FIELDS = ("column_url", "column", "link", "matched", "post_url", "post_title", "seen", "host")


def fingerprint(target_kind: str, target: str, code: str, evidence: Mapping[str, Any]) -> str:
    """A finding's identity across re-judging: target, code, page and the detail naming the instance."""
    detail = evidence.get("detail") or {}
    ident = [str(evidence.get("url") or "")] + [str(detail.get(k, "")) for k in IDENTITY_FIELDS]
    raw = json.dumps([target_kind, target, code, ident], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def finding_fingerprint(f: Finding) -> str:
    return fingerprint(f.target_kind.value, f.target, f.code, f.evidence.model_dump(mode="json"))


def initial_state(code: str, manual: bool, profile: Profile) -> ReviewState:
    """The state of a finding no person has reviewed: 人工 findings and auto-confirmed codes are 已确认."""
    if manual or not profile.review.needs_person(code, profile.veto_codes()):
        return ReviewState.CONFIRMED
    return ReviewState.PENDING


class AllowKind(StrEnum):
    LEXICON = "词语例外"  # a content error's matched text that is right here
    LINK = "链接"  # a link address (`*` wildcards) not to report as unusable
    COLUMN = "栏目"  # a column (its address) not to judge


ALLOW_CODES = {
    AllowKind.LEXICON: ("content.", "media.content_error"),
    AllowKind.LINK: ("link.",),
    AllowKind.COLUMN: ("column.",),
}


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One allow-list entry of the office: what no longer counts as a finding, why, until when."""

    id: int
    kind: AllowKind
    pattern: str
    reason: str
    actor: str
    created_at: dt.datetime
    expires: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return self.expires is None or day <= self.expires

    def excuses(self, f: Finding) -> bool:
        """Does this entry cover the finding (a 人工 finding is never covered)?"""
        if f.manual or not any(f.code.startswith(p) for p in ALLOW_CODES[self.kind]):
            return False
        detail = f.evidence.detail
        if self.kind == AllowKind.LEXICON:
            matched = str(detail.get("matched", ""))
            context = str(detail.get("context", ""))
            return (
                bool(matched)
                and matched in self.pattern
                and (self.pattern == matched or self.pattern in context)
            )
        if self.kind == AllowKind.LINK:
            link = str(detail.get("link", ""))
            return bool(link) and fnmatch.fnmatchcase(link, self.pattern)
        return str(detail.get("column_url", "")) == self.pattern


def allow_pattern(kind: AllowKind, f: Finding) -> str:
    """The allow-list pattern a 误报 of this finding suggests ("" when the kind does not fit the finding)."""
    if not any(f.code.startswith(p) for p in ALLOW_CODES[kind]):
        return ""
    key = {AllowKind.LEXICON: "matched", AllowKind.LINK: "link", AllowKind.COLUMN: "column_url"}[kind]
    return str(f.evidence.detail.get(key, ""))


def drop_allowed(findings: Sequence[Finding], entries: Sequence[AllowEntry], day: dt.date) -> list[Finding]:
    """The findings no active allow-list entry covers (expired entries are ignored)."""
    live = [e for e in entries if e.active(day)]
    return [f for f in findings if not any(e.excuses(f) for e in live)]
