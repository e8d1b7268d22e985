"""Registry stage: 网站底账 and 政务新媒体底账 import (all-or-nothing), export and change plans."""

from govinspect.registry.exporter import write_registry_xlsx
from govinspect.registry.importer import read_registry
from govinspect.registry.plan import ImportPlan, plan_import
from govinspect.registry.urls import path_prefix_problem, url_problem

__all__ = [
    "ImportPlan",
    "path_prefix_problem",
    "plan_import",
    "read_registry",
    "url_problem",
    "write_registry_xlsx",
]
