"""Registry stage: 网站底账 and 政务新媒体底账 import (all-or-nothing), export and change plans."""

from govinspect.registry.exporter import write_registry_xlsx
from govinspect.registry.importer import read_registry

__all__ = ["read_registry", "write_registry_xlsx"]
