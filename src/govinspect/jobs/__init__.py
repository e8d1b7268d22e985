"""govinspect.jobs stage."""
