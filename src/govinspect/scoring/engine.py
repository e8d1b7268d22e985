"""Scoring: findings + profile → each target's vetoes, capped deductions, score, verdict and the
one-line problem summary of the notice; per round, totals and pass rates by unit kind.

Pure and deterministic: findings are sorted before use, so the same findings and profile give
an identical result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from govinspect.model import (
    Account,
    Deduction,
    Finding,
    Site,
    TargetKind,
    TargetResult,
    Unit,
    UnitKind,
    Verdict,
    finding_order,
)
from govinspect.rules.profile import Profile, Rule, SummaryStyle, VetoRule
from govinspect.rules.rates import rate_text


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """Who is judged: a site or an account, with what the scoring needs to know about it."""

    kind: TargetKind
    target: str  # Site.code or Account.key
    unit: str
    name: str
    unit_kind: UnitKind | None = None
    group: str | None = None  # 站群
    has_services: bool = True

    @classmethod
    def from_site(cls, site: Site, unit: Unit | None = None) -> TargetInfo:
        return cls(
            TargetKind.SITE,
            site.code,
            site.unit,
            site.name,
            unit.kind if unit else None,
            site.group,
            site.has_services,
        )

    @classmethod
    def from_account(cls, account: Account, unit: Unit | None = None) -> TargetInfo:
        return cls(TargetKind.ACCOUNT, account.key, account.unit, account.name, unit.kind if unit else None)


UNREADABLE = "media.source_error"  # an account's posts could not be read: its verdict is 待核实


def fmt_points(p: float) -> str:
    """13.0 → "13", 0.30000000000000004 → "0.3"."""
    return f"{round(p, 2):g}"


@dataclass(slots=True)
class _Veto:
    order: int
    text: str
    code: str


@dataclass(slots=True)
class _Bucket:
    code: str
    rule: Rule | None
    points: float = 0.0
    idx: list[int] = field(default_factory=list)


def _finding_points(f: Finding, rule: Rule | None) -> float:
    if f.manual and isinstance(f.evidence.detail.get("points"), int | float):
        return float(f.evidence.detail["points"])
    if rule is None:
        return 0.0
    cat = f.evidence.detail.get("category")
    per = rule.points_by_category.get(cat, rule.points) if isinstance(cat, str) else rule.points
    return per if rule.flat else per * f.count


def _is_veto(f: Finding, rule: Rule | None) -> bool:
    if f.manual and isinstance(f.evidence.detail.get("veto"), bool):
        return bool(f.evidence.detail["veto"])
    return rule is not None and rule.veto


def stale_columns_text(findings: Sequence[Finding], profile: Profile) -> str:
    """ "通知公告 6 个月内未更新；表格下载、领导简介 1 年内未更新" from column findings."""
    st = profile.summary
    groups: dict[tuple[int, str], list[str]] = {}
    blank: list[str] = []
    for f in findings:
        d = f.evidence.detail
        name = str(d.get("column") or f.evidence.url)
        if f.code == "column.stale":
            key = (int(d.get("window_days") or 0), str(d.get("window_label") or d.get("window") or ""))
            names = groups.setdefault(key, [])
            if name not in names:
                names.append(name)
        elif f.code == "column.blank" and name not in blank:
            blank.append(name)
    parts = [
        st.column_group.format(names=st.name_joiner.join(names), window=label)
        for (_, label), names in sorted(groups.items())
    ]
    if blank:
        parts.append(st.blank_group.format(names=st.name_joiner.join(blank)))
    return st.column_group_joiner.join(parts)


def _veto_rule_hits(
    vr: VetoRule, own: Sequence[Finding], others: Sequence[Finding]
) -> tuple[bool, list[Finding]]:
    def match(f: Finding) -> bool:
        if f.code not in vr.codes:
            return False
        return vr.categories is None or f.evidence.detail.get("category") in vr.categories

    mine = [f for f in own if match(f)]
    own_n = sum(f.count for f in mine)
    if vr.scope == "group":
        total = own_n + sum(f.count for f in others if match(f))
        return total >= vr.count_gte and own_n >= vr.own_gte, mine
    return own_n >= vr.count_gte, mine


def _veto_text(vr: VetoRule, mine: Sequence[Finding], own: Sequence[Finding], profile: Profile) -> str:
    text = vr.summary
    cats = {f.evidence.detail.get("category") for f in own if f.code in vr.codes}
    for v in vr.summary_variants:
        if cats & set(v.if_categories):
            text = v.text
            break
    return text.format(
        stale_columns=stale_columns_text(mine, profile), count=sum(f.count for f in mine), name=vr.name
    )


def _compose(vetoes: list[str], deductions: list[tuple[str, float]], st: SummaryStyle) -> str:
    items = [st.veto_item.format(text=t) for t in vetoes]
    if not vetoes or st.deductions_when_vetoed:
        items += [st.deduction_item.format(text=t, points=fmt_points(p)) for t, p in deductions]
    if not items:
        return st.none
    if st.number_items and len(items) > 1:
        items = [st.number_format.format(n=i, item=it) for i, it in enumerate(items, start=1)]
    body = st.joiner.join(items)
    return (st.veto_prefix if vetoes else "") + body + st.tail


def score_target(
    findings: Sequence[Finding],
    profile: Profile,
    target: TargetInfo,
    group_findings: Sequence[Finding] = (),
    *,
    unjudged: str | None = None,
) -> TargetResult:
    """Judge one target. `group_findings`: findings of the other sites of its 站群 (for group vetoes).

    `unjudged`: why the target's inspection did not complete (Chinese). Such a target is 待核实
    with that reason, unless what was read already proves a veto.
    """
    media = target.kind == TargetKind.ACCOUNT
    own = sorted(
        (f for f in findings if f.target == target.target and f.target_kind == target.kind), key=finding_order
    )
    others = sorted((f for f in group_findings if f.target != target.target), key=finding_order)
    vetoes: list[_Veto] = []
    buckets: dict[str, _Bucket] = {}
    for i, f in enumerate(own):
        rule = profile.rule_for(f.code, media=media)
        if rule is None and not f.manual:
            continue
        if not media and not target.has_services and rule is not None:
            ind = profile.indicators.get(rule.indicator or "")
            if rule.services or (ind is not None and ind.services):
                continue  # 办事服务 items are not checked for sites without services
        exact = (profile.media_checks if media else profile.rules).get(f.code)
        if _is_veto(f, rule):
            text = rule.name if (rule is not None and exact is not None and rule.name) else f.message
            vetoes.append(_Veto(rule.order if rule else 100, text, f.code))
            continue
        pts = _finding_points(f, rule)
        if pts <= 0:
            continue
        b = buckets.setdefault(f.code, _Bucket(f.code, rule))
        b.points = max(b.points, pts) if (rule is not None and rule.flat) else b.points + pts
        b.idx.append(i)
    if not media:
        for _key, vr in sorted(profile.vetoes.items(), key=lambda kv: (kv[1].order, kv[0])):
            if not vr.enabled:
                continue
            hit, mine = _veto_rule_hits(vr, own, others)
            if hit:
                vetoes.append(_Veto(vr.order, _veto_text(vr, mine, own, profile), vr.codes[0]))
    # caps per indicator, consumed in code order
    used: dict[str, float] = {}
    deductions: list[Deduction] = []
    by_indicator: dict[str, list[tuple[str, float, list[int]]]] = {}
    for code in sorted(buckets):
        b = buckets[code]
        ind_key = b.rule.indicator if b.rule is not None else None
        pts = b.points
        if ind_key is not None:
            cap = profile.indicators[ind_key].cap
            pts = min(pts, max(0.0, cap - used.get(ind_key, 0.0)))
            used[ind_key] = used.get(ind_key, 0.0) + pts
        pts = round(pts, 4)
        if pts <= 0:
            continue
        reason = (b.rule.name if b.rule else "") or own[b.idx[0]].message
        deductions.append(Deduction(code=code, points=pts, reason=reason, findings=tuple(b.idx)))
        by_indicator.setdefault(ind_key or f"~{code}", []).append((reason, pts, b.idx))
    # summary items: vetoes by order; deductions grouped by indicator in profile order
    veto_texts: list[str] = []
    for v in sorted(vetoes, key=lambda v: (v.order, v.code, v.text)):
        if v.text not in veto_texts:
            veto_texts.append(v.text)
    # a veto whose wording is part of another's ("…新闻类栏目未更新" in "…新闻类栏目未更新，以及…") is said once
    veto_texts = [t for t in veto_texts if not any(t != o and t in o for o in veto_texts)]
    ded_items: list[tuple[str, float]] = []
    order = [k for k in profile.indicators if k in by_indicator] + sorted(
        k for k in by_indicator if k.startswith("~")
    )
    for k in order:
        entries = by_indicator[k]
        total = sum(p for _, p, _ in entries)
        if k.startswith("~"):
            ded_items.append((entries[0][0], total))
            continue
        ind = profile.indicators[k]
        idx = sorted({i for _, _, ix in entries for i in ix})
        text = ind.summary.format(
            name=ind.name,
            stale_columns=stale_columns_text([own[i] for i in idx], profile),
            count=sum(own[i].count for i in idx),
        )
        ded_items.append((text, total))
    summary = _compose(veto_texts, ded_items, profile.media_summary if media else profile.summary)
    sc = profile.scoring
    unreadable = [f.message for f in own if f.code == UNREADABLE] if media else []
    if vetoes:
        score: float | None = None
        verdict = Verdict.FAIL
    elif unjudged:  # the inspection did not complete: no score can be defended
        score = None
        verdict = Verdict.UNVERIFIED
        summary = unjudged
    elif unreadable and not deductions:  # nothing was read, so nothing can be said either way
        score = None
        verdict = Verdict.UNVERIFIED
        summary = "；".join(unreadable)
    else:
        total = sum(d.points for d in deductions)
        if not media and not target.has_services:
            score = max(0.0, sc.no_service_base - total) * sc.no_service_multiplier
        else:
            score = max(0.0, sc.base - total)
        score = round(score, sc.decimals)
        verdict = Verdict.PASS if score >= sc.pass_score else Verdict.FAIL
    return TargetResult(
        target_kind=target.kind,
        target=target.target,
        unit=target.unit,
        name=target.name,
        score=score,
        verdict=verdict,
        vetoes=tuple(sorted({v.code for v in vetoes})),
        deductions=tuple(deductions),
        summary=summary,
        findings=tuple(own),
    )


@dataclass(frozen=True, slots=True)
class PassStats:
    """Totals of one target kind (and unit kind; None = all units)."""

    target_kind: TargetKind
    unit_kind: UnitKind | None
    total: int  # judged targets (待核实 ones are left out)
    passed: int
    failed: int
    pass_rate: float  # 0..1
    pass_rate_text: str  # "95.9%"
    unverified: int = 0


@dataclass(frozen=True, slots=True)
class RoundScore:
    results: tuple[TargetResult, ...]
    stats: tuple[PassStats, ...]

    def stat(self, kind: TargetKind, unit_kind: UnitKind | None = None) -> PassStats | None:
        for s in self.stats:
            if s.target_kind == kind and s.unit_kind == unit_kind:
                return s
        return None


def _stats(
    results: Sequence[TargetResult], infos: dict[tuple[TargetKind, str], TargetInfo], decimals: int
) -> tuple[PassStats, ...]:
    buckets: dict[tuple[TargetKind, UnitKind | None], list[TargetResult]] = {}
    for r in results:
        info = infos[(r.target_kind, r.target)]
        buckets.setdefault((r.target_kind, None), []).append(r)
        if info.unit_kind is not None:
            buckets.setdefault((r.target_kind, info.unit_kind), []).append(r)
    kinds = list(TargetKind)
    units = list(UnitKind)

    def order(k: tuple[TargetKind, UnitKind | None]) -> tuple[int, int]:
        return kinds.index(k[0]), -1 if k[1] is None else units.index(k[1])

    out = []
    for key in sorted(buckets, key=order):
        rs = buckets[key]
        judged, passed, unverified = tally(rs)
        out.append(
            PassStats(
                key[0],
                key[1],
                judged,
                passed,
                judged - passed,
                passed / judged if judged else 0.0,
                rate_text(passed, judged, decimals),
                unverified,
            )
        )
    return tuple(out)


def tally(results: Sequence[TargetResult]) -> tuple[int, int, int]:
    """(judged, passed, unverified) of some results: 待核实 ones count neither as checked nor as failed."""
    unverified = sum(1 for r in results if r.verdict == Verdict.UNVERIFIED)
    passed = sum(1 for r in results if r.verdict == Verdict.PASS)
    return len(results) - unverified, passed, unverified


def totals_line(results: Sequence[TargetResult], decimals: int) -> str:
    """ "检查 57 个，合格 54 个，合格率 94.7%，待核实 3 个" for the console (the profile's decimals)."""
    judged, passed, unverified = tally(results)
    line = f"检查 {judged} 个，合格 {passed} 个，合格率 {rate_text(passed, judged, decimals)}"
    return line + (f"，待核实 {unverified} 个" if unverified else "")


def _group_of(t: TargetInfo) -> str:
    return t.group or "\x00round"  # sites without a 站群 share the round's pool when the profile says so


def score_round(
    targets: Sequence[TargetInfo],
    findings: Sequence[Finding],
    profile: Profile,
    *,
    unjudged: Mapping[tuple[TargetKind, str], str],
) -> RoundScore:
    """Score every target (group vetoes see the whole 站群) and compute pass rates by unit kind.

    `unjudged` names every target whose inspection did not complete, with the reason: those are
    待核实, never judged "clean" for want of findings. With `scoring.ungrouped: round` (南阳),
    sites without a Site.group count as one 站群.
    """
    by_target: dict[tuple[TargetKind, str], list[Finding]] = {}
    for f in findings:
        by_target.setdefault((f.target_kind, f.target), []).append(f)
    groups: dict[str, list[str]] = {}
    pooled = profile.scoring.ungrouped == "round"
    for t in targets:
        if t.kind == TargetKind.SITE and (t.group or pooled):
            groups.setdefault(_group_of(t), []).append(t.target)
    infos = {(t.kind, t.target): t for t in targets}
    results = []
    for t in sorted(targets, key=lambda t: (list(TargetKind).index(t.kind), t.target)):
        own = by_target.get((t.kind, t.target), [])
        group: list[Finding] = []
        if t.kind == TargetKind.SITE and (t.group or pooled):
            for other in groups[_group_of(t)]:
                if other != t.target:
                    group.extend(by_target.get((TargetKind.SITE, other), []))
        results.append(score_target(own, profile, t, group, unjudged=unjudged.get((t.kind, t.target))))
    return RoundScore(tuple(results), _stats(results, infos, profile.report.pass_rate_decimals))
