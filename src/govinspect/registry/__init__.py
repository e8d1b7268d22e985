"""Registry stage: 网站底账 and 政务新媒体底账 import (all-or-nothing) and export."""

from govinspect.registry.exporter import write_registry_xlsx
from govinspect.registry.importer import Problem, RegistryImportError, read_registry

__all__ = ["Problem", "RegistryImportError", "read_registry", "write_registry_xlsx"]
