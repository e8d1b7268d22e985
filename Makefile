# Two commands: `make demo` and `make test` (`make fast` for the tests needing no services). Each sets up its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint typecheck unit fast docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,postgres,celery,web,browser]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/govinspect demo  # works only in data/demo, refuses a directory holding other data

lint: setup  ## ruff, and the import contracts of .importlinter (layers; stages imported through their package)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

FAST := not (browser or libreoffice or postgres or redis or slow)
fast: setup  ## the tests that need no browser, LibreOffice, PostgreSQL or Redis, and no whole-round e2e run
	$(BIN)/pytest -q -m "$(FAST)"

docs: setup  ## regenerate docs/indicators.md from the check catalogue and the profiles
	$(BIN)/python -m govinspect.scoring.docs

clean:
	rm -rf data/demo .pytest_cache .mypy_cache .ruff_cache
