"""A target's score broken down by indicator: each veto and deduction with its points and rule text.

Rule wording comes from the round's profile (as `govinspect profile show` prints it) and the check
catalogue's 说明; nothing here is written per target.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from govinspect.checks import check_catalog
from govinspect.reports import check_label
from govinspect.rules.profile import Profile, ProfileError, load_profile
from govinspect.scoring.show import _rule_text, _veto_text
from govinspect.web.queries import FindingView, ResultView


@functools.lru_cache(maxsize=32)
def round_profile(name: str) -> Profile | None:
    """The round's profile, parsed once per server process (None when it can no longer be loaded)."""
    try:
        return load_profile(name)
    except (ProfileError, FileNotFoundError, ValueError):
        return None


@dataclass
class Item:
    code: str
    name: str
    points: float | None  # None for a veto
    reason: str
    rule: str  # how the profile judges it
    doc: str  # the catalogue's 说明
    findings: list[int] = field(default_factory=list)  # ids of its findings on the shown page


@dataclass
class Group:
    indicator: str  # 指标 name, or 单项否决
    cap: float | None
    items: list[Item]

    @property
    def points(self) -> float:
        return round(sum(i.points or 0 for i in self.items), 2)


def _media(res: ResultView) -> bool:
    return res.target_kind != "网站"


def score_breakdown(res: ResultView, findings: list[FindingView], profile: Profile | None) -> list[Group]:
    """Vetoes first, then deductions grouped by the profile's indicators in profile order."""
    by_code: dict[str, list[int]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f.id)
    groups: list[Group] = []
    if res.vetoes:
        items = []
        for code in res.vetoes:
            rule_text = ""
            if profile is not None:
                rule = profile.rule_for(code, media=_media(res))
                agg = next((v for v in profile.vetoes.values() if v.codes and v.codes[0] == code), None)
                if rule is not None and rule.veto:
                    rule_text = _rule_text(code, rule, profile)
                elif agg is not None:
                    rule_text = _veto_text(agg)
            items.append(Item(code, check_label(code), None, "单项否决", rule_text, _doc(code),
                              by_code.get(code, [])))  # fmt: skip
        groups.append(Group("单项否决", None, items))
    buckets: dict[str, Group] = {}
    for d in res.deductions:
        code = str(d.get("code", ""))
        rule = profile.rule_for(code, media=_media(res)) if profile is not None else None
        ind_key = rule.indicator if rule is not None else None
        ind = profile.indicators.get(ind_key) if (profile is not None and ind_key) else None
        key = ind_key or f"~{code}"
        if key not in buckets:
            buckets[key] = Group(ind.name if ind else check_label(code), ind.cap if ind else None, [])
        buckets[key].items.append(
            Item(code, check_label(code), float(d.get("points", 0)), str(d.get("reason", "")),
                 _rule_text(code, rule, profile) if (rule is not None and profile is not None) else "",
                 _doc(code), by_code.get(code, []))
        )  # fmt: skip
    order = list(profile.indicators) if profile is not None else []
    groups.extend(
        buckets[k] for k in sorted(buckets, key=lambda k: (order.index(k) if k in order else len(order), k))
    )
    return groups


def _doc(code: str) -> str:
    """The code's 说明 from the catalogue ("" for a code the catalogue does not know)."""
    meta = check_catalog().get(code)
    return meta.doc if meta is not None else ""
