"""govinspect.checks stage: pure checks turning a site's crawl (or an account's posts) into Findings.

`run_site_checks(SiteInput, Profile)` runs every website family; `lexicon.scan_text` scans text;
`manual.load_manual_findings` reads 人工 findings; `catalog.check_catalog()` lists every code.
"""

from __future__ import annotations

from typing import Any

__all__ = ["run_site_checks"]


def __getattr__(name: str) -> Any:
    if name == "run_site_checks":
        from govinspect.checks.site import run_site_checks

        return run_site_checks
    raise AttributeError(name)
