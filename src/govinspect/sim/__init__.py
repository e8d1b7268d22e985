"""govinspect.sim: realistic government sites and new-media feeds of a jurisdiction, served on loopback.

`load_scenario` reads a scenario file, `build_world` generates it, `server.start` serves it.
"""

from __future__ import annotations

from govinspect.sim.scenario import Scenario, ScenarioError, load_scenario, parse_scenario, resolve_date
from govinspect.sim.types import Behaviour, ExpectedVerdict, PlantedFault, Resp
from govinspect.sim.world import World, build_world

__all__ = [
    "Behaviour",
    "ExpectedVerdict",
    "PlantedFault",
    "Resp",
    "Scenario",
    "ScenarioError",
    "World",
    "build_world",
    "load_scenario",
    "parse_scenario",
    "resolve_date",
]
