"""govinspect.rules: the indicator profiles (thresholds, points, vetoes) as validated YAML data.

The lowest layer beside `model`: checks read their thresholds from a `Profile`, scoring
reads its points and vetoes from the same object. Public API: `Profile`, `load_profile`,
`ProfileError`, `available_profiles`.
"""

from __future__ import annotations

from govinspect.rules.profile import Profile, ProfileError, available_profiles, load_profile

__all__ = ["Profile", "ProfileError", "available_profiles", "load_profile"]
