"""Names and 说明 of finding codes, website and new-media checks alike, as the platform shows them.

Names come from `reports.evidence.check_label` (as in the notice); the 说明 from the catalogue
`checks/catalog.yaml`, which holds website, new-media and 人工 codes alike.
"""

from __future__ import annotations

from govinspect.checks.catalog import check_catalog
from govinspect.reports.evidence import check_label


def code_name(code: str) -> str:
    """The Chinese name of a finding code, as the notice's attachments name it."""
    return check_label(code)


def code_doc(code: str) -> str:
    meta = check_catalog().get(code)
    return meta.doc if meta is not None else ""
