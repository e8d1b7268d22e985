"""The compiled page reader (mypyc, ADR 0026): `make setup` builds it, and a stale build is refused."""

from __future__ import annotations

import os
from pathlib import Path

import govinspect.extract
from govinspect.extract import page as page_module
from govinspect.extract import stale_compiled
from services import need


def _module(path: Path, age: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    os.utime(path, (age, age))


def test_a_source_edited_after_its_build_is_stale(tmp_path: Path) -> None:
    _module(tmp_path / "rows.cpython-311-x86_64-linux-gnu.so", 1_000)
    _module(tmp_path / "rows.py", 2_000)
    _module(tmp_path / "lists" / "choose.cpython-311-x86_64-linux-gnu.so", 1_000)
    _module(tmp_path / "lists" / "choose.py", 2_000)
    assert stale_compiled(tmp_path) == [str(tmp_path / "lists" / "choose.py"), str(tmp_path / "rows.py")]


def test_a_build_newer_than_its_source_or_a_plain_module_is_not(tmp_path: Path) -> None:
    _module(tmp_path / "rows.py", 1_000)
    _module(tmp_path / "rows.cpython-311-x86_64-linux-gnu.so", 2_000)
    _module(tmp_path / "dates.py", 3_000)  # not compiled: imported as it is
    assert stale_compiled(tmp_path) == []


def test_make_setup_compiled_the_page_reader() -> None:
    """The bench and every test of this run read pages with the compiled modules (`make pure` drops them)."""
    need(page_module.__file__ is not None and page_module.__file__.endswith(".so"), "页面读取模块未编译")
    assert stale_compiled(Path(govinspect.extract.__file__).parent) == []
