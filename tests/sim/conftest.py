"""Shared fixtures for simulator tests: the small test scenario and its world."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.sim import World, build_world, load_scenario

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="session")
def small_world() -> World:
    return build_world(load_scenario(DATA / "small.yaml"))
