"""govinspect: inspect government websites and new-media accounts, judge them, write the notice."""

__version__ = "0.1.0"
