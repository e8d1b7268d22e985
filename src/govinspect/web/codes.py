"""Names and 说明 of finding codes, website and new-media checks alike, as the platform shows them.

Names come from `reports.evidence.check_label` (as in the notice); the 说明 from the website
catalogue `checks/catalog.yaml` or, for new-media checks, `checks/media.py`.
"""

from __future__ import annotations

from govinspect.checks.catalog import check_catalog
from govinspect.checks.media import CHECKS as MEDIA_CHECKS
from govinspect.reports.evidence import check_label


def code_name(code: str) -> str:
    """The Chinese name of a finding code, as the notice's attachments name it."""
    return check_label(code)


def code_doc(code: str) -> str:
    meta = check_catalog().get(code)
    if meta is not None:
        return meta.doc
    media = MEDIA_CHECKS.get(code)
    return media.doc if media is not None else ""
