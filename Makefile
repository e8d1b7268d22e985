# Two commands: `make demo` and `make test` (`make fast` for the tests needing no services). Each sets up its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup pure demo test lint typecheck unit fast docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=77"
	$(BIN)/pip install -q -e '.[dev,postgres,celery,web,browser]'
	touch $@

EXTRACT_SOURCES := $(shell find src/govinspect/extract -name '*.py')

$(BIN)/.compiled: $(BIN)/.installed setup.py $(EXTRACT_SOURCES)  ## the page reader compiled with mypyc (ADR 0026)
	GOVINSPECT_COMPILE=1 $(BIN)/python setup.py -q build_ext --inplace --force
	touch $@

setup: $(BIN)/.compiled

pure:  ## drop the compiled page reader: every module of govinspect.extract runs as plain Python again
	find src -name '*.so' -delete
	rm -f $(BIN)/.compiled

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
