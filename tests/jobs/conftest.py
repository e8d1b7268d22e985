"""Fixtures of the runner tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from county_server import Served, serve_county


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """The demo county on loopback, served from a thread so that CLI processes can reach it."""
    yield from serve_county()
