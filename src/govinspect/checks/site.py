"""Run every website check family over one SiteInput and return its findings, sorted."""

from __future__ import annotations

from collections.abc import Callable

from govinspect.checks import availability, content, disclosure, freshness, identity, interaction, links
from govinspect.checks.inputs import SiteInput
from govinspect.model import Finding, finding_order
from govinspect.rules.profile import Profile

SiteCheck = Callable[[SiteInput, Profile], list[Finding]]

FAMILIES = (availability, freshness, links, content, identity, interaction, disclosure)


def site_checks() -> list[SiteCheck]:
    """Every website check function, family by family."""
    out: list[SiteCheck] = []
    for fam in FAMILIES:
        out.extend(fam.CHECKS.values())
    return out


def run_site_checks(inp: SiteInput, profile: Profile) -> list[Finding]:
    """All website findings for one site at the input's checkpoint (pure; sorted)."""
    findings: list[Finding] = []
    for check in site_checks():
        findings.extend(check(inp, profile))
    # a rule switched off in the profile (`enabled: false`) switches its check off
    off = {code for code, rule in profile.rules.items() if not rule.enabled}
    return sorted((f for f in findings if f.code not in off), key=finding_order)
