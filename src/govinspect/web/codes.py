"""Names and 说明 of finding codes, website and new-media checks alike, as the platform shows them.

The website catalogue is `checks/catalog.yaml`; new-media checks still keep theirs in
`checks/media.py` (the catalogue notes they should move); this module reads both.
"""

from __future__ import annotations

from govinspect.checks.catalog import check_catalog
from govinspect.checks.media import CHECKS as MEDIA_CHECKS


def code_name(code: str) -> str:
    """The Chinese name of a finding code (the code itself when no catalogue knows it)."""
    meta = check_catalog().get(code)
    if meta is not None:
        return meta.name
    media = MEDIA_CHECKS.get(code)
    return media.name if media is not None else code


def code_doc(code: str) -> str:
    meta = check_catalog().get(code)
    if meta is not None:
        return meta.doc
    media = MEDIA_CHECKS.get(code)
    return media.doc if media is not None else ""
