"""Run every website check over one SiteInput and return its findings, sorted.

The checks run are the functions the catalogue names (`impl`) for its website codes, each once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from govinspect.checks.catalog import check_catalog
from govinspect.checks.inputs import SiteInput
from govinspect.checks.truncated import withhold_on_cut_pages
from govinspect.model import Finding, finding_order
from govinspect.rules import Profile

SiteCheck = Callable[[SiteInput, Profile], list[Finding]]


@functools.cache
def site_checks() -> tuple[SiteCheck, ...]:
    """Every website check function the catalogue names, each once, in catalogue order."""
    out: dict[str, SiteCheck] = {}
    for meta in check_catalog().values():
        if meta.is_site_check and meta.impl not in out:
            out[meta.impl] = meta.function()
    return tuple(out.values())


def run_site_checks(inp: SiteInput, profile: Profile) -> list[Finding]:
    """All website findings for one site at the input's checkpoint (pure; sorted)."""
    findings: list[Finding] = []
    for check in site_checks():
        findings.extend(check(inp, profile))
    findings = withhold_on_cut_pages(inp, findings)  # fail closed: no "not found" past a cut
    # a rule switched off in the profile (`enabled: false`) switches its check off
    off = {code for code, rule in profile.rules.items() if not rule.enabled}
    return sorted((f for f in findings if f.code not in off), key=finding_order)
