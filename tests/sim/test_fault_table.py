"""The simulator's fault table: every plantable kind names the check it must trigger, and that check exists."""

from __future__ import annotations

from typing import get_args

from govinspect.checks.catalog import check_catalog
from govinspect.sim import World
from govinspect.sim.faults import FAULT_CHECKS
from govinspect.sim.scenario import AccountFaultKind, Behaviour, SiteFaultKind


def test_every_plantable_kind_is_in_the_table() -> None:
    kinds = set(get_args(SiteFaultKind)) | set(get_args(AccountFaultKind)) | set(get_args(Behaviour))
    assert kinds - set(FAULT_CHECKS) == set()


def test_every_check_in_the_table_is_catalogued() -> None:
    codes = set(check_catalog())
    assert {c for c in FAULT_CHECKS.values() if c is not None} - codes == set()


def test_the_table_decides_the_ground_truth(small_world: World) -> None:
    assert small_world.ground_truth
    for f in small_world.ground_truth:
        assert f.check == FAULT_CHECKS[f.fault], f
