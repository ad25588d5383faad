# Developer entry points. `make test` is what CI runs (see .ci/run).
PYTHON ?= python3
# lock-check compares with process substitution.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Only the directories that exist: git does not keep an empty bench/.
CODE := $(wildcard src tests bench alembic)

.PHONY: install lock lock-check test lint run fmt bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package pinned: the versions `make lock` resolved and the suite passed on.
LOCK := constraints.txt

# Reinstall only when pyproject.toml or the lock is newer than the stamp.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install -c $(LOCK) -e '.[dev]'
	touch $@

install: $(STAMP)

# Refresh the lock after changing dependencies in pyproject.toml: resolve them afresh in a
# scratch environment and pin exactly what was installed (then run `make test`).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -e '.[dev]'
	echo "# Pinned by 'make lock' from pyproject.toml; installed with pip -c. Do not edit." > $(LOCK)
	.lock-venv/bin/python -m pip freeze --exclude-editable >> $(LOCK)
	rm -rf .lock-venv

# The installed packages are exactly the lock (a dependency added without `make lock` fails).
lock-check: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | diff <(grep -v '^#' $(LOCK)) - \
		|| (echo "the installed packages differ from $(LOCK): run make lock" >&2; exit 1)

lint: $(STAMP) lock-check
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
