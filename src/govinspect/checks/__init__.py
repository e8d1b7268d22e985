"""govinspect.checks stage: pure checks turning a site's crawl (or an account's posts) into Findings.

`run_site_checks(SiteInput, Profile)` runs every website check the catalogue names; `account_findings`
every new-media check; `load_manual_findings` reads 人工 findings; `scan_file`/`scan_text` find content errors in any text; `check_catalog()` lists every code.
Other stages import from this package only; its modules are internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govinspect.lazy import lazy_exports

if TYPE_CHECKING:
    from govinspect.checks.activity import SiteActivity, site_activity, unit_interpretations
    from govinspect.checks.catalog import FAMILY_NAMES, CheckMeta, check_catalog, check_name
    from govinspect.checks.common import ERROR_TEXT
    from govinspect.checks.freshness import DOUBTFUL_READING
    from govinspect.checks.inputs import PageView, SiteInput
    from govinspect.checks.lexicon import scan_file, scan_text
    from govinspect.checks.manual import load_manual_findings, manual_finding
    from govinspect.checks.media import account_findings
    from govinspect.checks.security import lexicon_match
    from govinspect.checks.site import run_site_checks

_EXPORTS = {
    "account_findings": "govinspect.checks.media",
    "check_catalog": "govinspect.checks.catalog",
    "check_name": "govinspect.checks.catalog",
    "CheckMeta": "govinspect.checks.catalog",
    "FAMILY_NAMES": "govinspect.checks.catalog",
    "ERROR_TEXT": "govinspect.checks.common",
    "DOUBTFUL_READING": "govinspect.checks.freshness",
    "lexicon_match": "govinspect.checks.security",
    "load_manual_findings": "govinspect.checks.manual",
    "manual_finding": "govinspect.checks.manual",
    "PageView": "govinspect.checks.inputs",
    "run_site_checks": "govinspect.checks.site",
    "scan_file": "govinspect.checks.lexicon",
    "scan_text": "govinspect.checks.lexicon",
    "site_activity": "govinspect.checks.activity",
    "SiteActivity": "govinspect.checks.activity",
    "SiteInput": "govinspect.checks.inputs",
    "unit_interpretations": "govinspect.checks.activity",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DOUBTFUL_READING",
    "ERROR_TEXT",
    "FAMILY_NAMES",
    "CheckMeta",
    "PageView",
    "SiteActivity",
    "SiteInput",
    "account_findings",
    "check_catalog",
    "check_name",
    "lexicon_match",
    "load_manual_findings",
    "manual_finding",
    "run_site_checks",
    "scan_file",
    "scan_text",
    "site_activity",
    "unit_interpretations",
]
