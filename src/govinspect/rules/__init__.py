"""govinspect.rules: the indicator profiles (thresholds, points, vetoes) as validated YAML data.

The lowest layer beside `model`: checks read their thresholds from a `Profile`, scoring reads its
points and vetoes from the same object; every threshold lives in a profile, none in code. Renamed
check codes are redirected here (`canonical_code`). Other stages import from this package only.
"""

from __future__ import annotations

from govinspect.rules.codes import canonical_code, catalog_entries, code_redirects
from govinspect.rules.profile import (
    Profile,
    ProfileError,
    Review,
    Rule,
    SummaryStyle,
    VetoRule,
    Window,
    available_profiles,
    deep_merge,
    load_profile,
    months_before,
)
from govinspect.rules.rates import rate_text, rate_value

__all__ = [
    "Profile",
    "ProfileError",
    "Review",
    "Rule",
    "SummaryStyle",
    "VetoRule",
    "Window",
    "available_profiles",
    "canonical_code",
    "catalog_entries",
    "code_redirects",
    "deep_merge",
    "load_profile",
    "months_before",
    "rate_text",
    "rate_value",
]
