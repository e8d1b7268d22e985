"""The office's own settings file: `govinspect init` writes a commented office.yaml to fill in.

The template names every field of `config.OfficeConfig` and of the notice's issuer with a
Chinese comment and an example; an existing office.yaml is never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from govinspect.config import OFFICE_FILE

TEMPLATE = Path(__file__).with_name("office-template.yaml")


def write_office_template(data_dir: Path) -> Path | None:
    """Write office.yaml into `data_dir` unless one exists; the path written, else None."""
    path = data_dir / OFFICE_FILE
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return path
