"""Build hook: with GOVINSPECT_COMPILE=1 the page reader (govinspect.extract) is compiled with mypyc (ADR 0026).

`make setup` compiles it in place; without the variable every module stays plain Python, the reference
the compiled build must read identically to."""

import os
from pathlib import Path

from setuptools import Extension, setup


def _compiled_extract() -> list[Extension]:
    """Every module of govinspect.extract but its package __init__, which checks the build is current."""
    if os.environ.get("GOVINSPECT_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    package = Path("src/govinspect/extract")
    sources = sorted(str(p) for p in package.rglob("*.py") if p != package / "__init__.py")
    return mypycify(sources, opt_level="3", group_name="govinspect_extract")


setup(ext_modules=_compiled_extract())
