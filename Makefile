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
.PHONY: console-client console-check console-build console-e2e console-dev console-sizes \
	console-screenshots

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
	# The benchmarks too (they import each other as top-level modules): a bench that an API
	# change broke fails here, not on the next `bench/run`.
	MYPYPATH=src:bench $(BIN)/mypy bench
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 --dist loadfile --cov=src --cov-report=term
	$(MAKE) console-check
	$(MAKE) console-e2e

run: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory console-build; \
	else echo "Node.js/npm not found: the staff console was not built; serving the API only."; fi
	$(BIN)/carepack serve --demo

# --- the staff console (console/, see README "Staff console") ---------------------------
CONSOLE := console
NPM_STAMP := $(CONSOLE)/node_modules/.ci-stamp
CONSOLE_SOURCES := $(shell find $(CONSOLE)/src $(CONSOLE)/public -type f 2>/dev/null) \
	$(CONSOLE)/index.html $(CONSOLE)/vite.config.ts $(CONSOLE)/package-lock.json
CLIENT := $(CONSOLE)/src/api/schema.d.ts
CODES := $(CONSOLE)/src/api/problem-codes.json

$(NPM_STAMP): $(CONSOLE)/package-lock.json
	cd $(CONSOLE) && npm ci --no-audit --no-fund
	touch $@

# The typed client and the problem codes, from create_app()'s OpenAPI (no server needed).
console-client: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m api.openapi_export > $(CONSOLE)/openapi.json.tmp
	cd $(CONSOLE) && npx openapi-typescript openapi.json.tmp -o src/api/schema.d.ts --silent
	rm -f $(CONSOLE)/openapi.json.tmp
	$(BIN)/python -m api.problem_codes > $(CODES)

# Type check, lint, unit tests, and the generated files match what the API serves now.
console-check: $(STAMP) $(NPM_STAMP)
	cd $(CONSOLE) && npx tsc --noEmit -p tsconfig.json
	cd $(CONSOLE) && npx biome check src e2e scripts vite.config.ts playwright.config.ts
	cd $(CONSOLE) && npx vitest run
	@tmp=$$(mktemp -d); \
	$(BIN)/python -m api.openapi_export > $$tmp/openapi.json 2>/dev/null && \
	(cd $(CONSOLE) && npx openapi-typescript $$tmp/openapi.json -o $$tmp/schema.d.ts --silent) && \
	$(BIN)/python -m api.problem_codes > $$tmp/codes.json && \
	diff -q $$tmp/schema.d.ts $(CLIENT) >/dev/null && diff -q $$tmp/codes.json $(CODES) >/dev/null; \
	status=$$?; rm -rf $$tmp; \
	if [ $$status -ne 0 ]; then echo "the console's generated client differs from the API: run make console-client" >&2; exit 1; fi

$(CONSOLE)/dist/index.html: $(NPM_STAMP) $(CONSOLE_SOURCES)
	cd $(CONSOLE) && npx vite build --logLevel warn
	touch $@

console-build: $(CONSOLE)/dist/index.html

console-sizes: console-build
	node $(CONSOLE)/scripts/sizes.mjs

# Journeys in Debian's Chromium against real `carepack serve --demo` servers (SQLite, PostgreSQL).
# The bundle budget first (the initial route <= 300 kB gzip), then the journeys.
console-e2e: $(STAMP) console-build
	node $(CONSOLE)/scripts/sizes.mjs | grep -E '^(route|console_)'
	cd $(CONSOLE) && npx playwright test

# Retake the README's screenshots (docs/console/*.png) from the SQLite journeys.
console-screenshots: $(STAMP) console-build
	cd $(CONSOLE) && CAREPACK_SCREENSHOTS=1 npx playwright test journeys.spec finaudit.spec --project sqlite

# Vite's dev server (hot reload) with its proxy to a running `carepack serve` (port 8000).
console-dev: $(NPM_STAMP)
	cd $(CONSOLE) && npx vite

fmt: $(STAMP)
	$(BIN)/ruff check --fix $(CODE)
	$(BIN)/ruff format $(CODE)

bench: $(STAMP)
	bench/run --quick
