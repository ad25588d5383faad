# Developer entry points. `make test` is what CI runs (see .ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Only the directories that exist: git does not keep an empty bench/.
CODE := $(wildcard src tests bench alembic)

.PHONY: install test lint run fmt bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy src
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest --cov=src --cov-report=term

# Arrives with the API and CLI.
run: $(STAMP)
	$(BIN)/carepack serve --demo

fmt: $(STAMP)
	$(BIN)/ruff check --fix $(CODE)
	$(BIN)/ruff format $(CODE)

bench: $(STAMP)
	bench/run --quick
