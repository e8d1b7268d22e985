"""Packaging habits: the version is written once, and the package ships its type information."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import govinspect

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "govinspect.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", govinspect.__version__)


def test_type_information_ships() -> None:
    assert (ROOT / "src" / "govinspect" / "py.typed").exists()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["govinspect"]
    assert PYPROJECT["tool"]["mypy"]["strict"] is True


def test_pre_commit_runs_ruff_and_the_import_contracts_locally() -> None:
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]  # no hook is downloaded
    entries = [h["entry"].split()[0] for r in config["repos"] for h in r["hooks"]]
    assert entries == ["ruff", "ruff", "lint-imports"]
    assert all(h["language"] == "system" for r in config["repos"] for h in r["hooks"])
    assert "lint-imports" in (ROOT / "Makefile").read_text(encoding="utf-8")
