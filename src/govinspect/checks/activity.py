"""What a site's snapshot shows for a notice's optional sections: publications, letters, interpretations.

Counts read off extracted pages within a round's period; no findings, no verdicts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from govinspect.checks.inputs import SiteInput
from govinspect.rules import Profile

PICTURE_WORDS = (
    "图解",
    "一图",
    "图说",
    "图读",
    "图示",
    "漫画",
    "动漫",
    "视频",
    "微视频",
    "访谈",
    "H5",
    "长图",
)
INTERPRETATION_WORDS = ("解读", *PICTURE_WORDS)
_POLICY_TITLE = re.compile(r"《([^》]+)》")
_INTERP_AFFIX = re.compile(
    r"^(?:[【\[（(]?(?:一图读懂|一图看懂|图解|图说|政策解读|解读)[】\]）)]?[：:\s]*)|"
    r"(?:的?(?:政策)?(?:图解|解读|文字解读|图片解读|视频解读)(?:稿)?)$"
)


@dataclass
class SiteActivity:
    """What one site's snapshot shows for the notice's sections, within the round's period."""

    published: int = 0  # list items dated in the period (信息公开 ranking)
    received: int = 0  # letters asked in the period
    replied: int = 0
    overdue: int = 0  # replied (or still open) beyond the profile's working-day limit
    # (document, text interpretations, picture interpretations) in the checkpoint's year
    interpretations: list[tuple[str, int, int]] = field(default_factory=list)


def site_activity(inp: SiteInput, profile: Profile, since: dt.date) -> SiteActivity:
    """Count one site's publications, letters and policy interpretations from its extracted pages."""
    from govinspect.checks.disclosure import published_count

    act = SiteActivity(published=sum(published_count(inp, since).values()))
    act.received, act.replied, act.overdue = _letter_counts(inp, profile, since)
    act.interpretations = _interpretations(inp)
    return act


def _letter_counts(inp: SiteInput, profile: Profile, since: dt.date) -> tuple[int, int, int]:
    from govinspect.calendar import workdays_between
    from govinspect.checks.interaction import is_answered, site_letters

    day = inp.checkpoint_date
    limit = profile.interaction.reply_working_days
    received = replied = overdue = 0
    for sl in site_letters(inp):
        if sl.asked is None or not (since <= sl.asked <= day):
            continue
        received += 1
        answered = is_answered(sl, day)
        replied += answered
        end = min(sl.replied, day) if sl.replied is not None else (None if answered else day)
        if limit is not None and end is not None and workdays_between(sl.asked, end) > limit:
            overdue += 1
    return received, replied, overdue


def _is_interpretation(title: str) -> bool:
    return any(w in title for w in INTERPRETATION_WORDS)


def _is_picture(title: str) -> bool:
    return any(w.lower() in title.lower() for w in PICTURE_WORDS)


def _policy_name(interp_title: str) -> str:
    """The policy an interpretation's title names: 《…》 when quoted, else the title without 解读/图解."""
    quoted = _POLICY_TITLE.search(interp_title)
    if quoted:
        return quoted[1].strip()
    return _INTERP_AFFIX.sub("", interp_title.strip()).strip() or interp_title.strip()


def _interpretation_articles(inp: SiteInput) -> list[tuple[str, str | None, bool]]:
    """(document, 来源, picture?) of each interpretation published in the checkpoint's year.

    An interpretation is an article whose title says 解读/图解/…; its document is the linked policy
    article (ArticleFacts.interpretation_links), else the policy its title names.
    """
    from govinspect.checks.common import parse_date
    from govinspect.checks.inputs import norm_url

    day = inp.checkpoint_date
    articles: dict[str, tuple[str, list[str], dt.date | None, str | None]] = {}
    for pv in inp.pages:
        art = pv.facts.article if pv.facts else None
        if art is None or not art.title:
            continue
        entry = (
            art.title.strip(),
            [norm_url(u) for u in art.interpretation_links],
            parse_date(art.pub_date),
            art.source,
        )
        for u in {pv.record.url, pv.record.final_url or pv.record.url}:
            articles[norm_url(u)] = entry
    seen: set[str] = set()
    out: list[tuple[str, str | None, bool]] = []
    for title, links, published, source in articles.values():
        if title in seen or not _is_interpretation(title):
            continue
        seen.add(title)
        if published is not None and not (dt.date(day.year, 1, 1) <= published <= day):
            continue
        policy = next(
            (articles[u][0] for u in links if u in articles and not _is_interpretation(articles[u][0])),
            None,
        )
        name = (_policy_name(policy) if policy else _policy_name(title)).strip("《》")
        out.append((name, source, _is_picture(title)))
    return out


def _interpretations(inp: SiteInput) -> list[tuple[str, int, int]]:
    """Policy documents interpreted in the checkpoint's year, with text and picture interpretations."""
    docs: dict[str, list[int]] = {}
    for name, _source, picture in _interpretation_articles(inp):
        docs.setdefault(name, [0, 0])[int(picture)] += 1
    return [(d, t, p) for d, (t, p) in docs.items()]


def unit_interpretations(
    inp: SiteInput, source_units: dict[str, str]
) -> list[tuple[str, str | None, int, int]]:
    """Like `_interpretations`, per 解读单位: the registered unit its 来源 names (None: the site's unit),
    as when a portal publishes the interpretations of the departments that drafted its documents."""
    docs: dict[tuple[str, str | None], list[int]] = {}
    for name, source, picture in _interpretation_articles(inp):
        src = (source or "").strip()
        unit = source_units.get(src) or source_units.get(src.removesuffix("人民政府"))
        docs.setdefault((name, unit), [0, 0])[int(picture)] += 1
    return [(d, u, t, p) for (d, u), (t, p) in docs.items()]
