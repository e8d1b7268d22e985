"""govinspect.web stage."""
