"""govinspect.reports stage."""
