# quizflow — the two commands a newcomer needs:
#   make run    install everything, start PostgreSQL if none is configured, migrate, load the
#               demo scenario, serve the API on http://127.0.0.1:8000
#   make test   install everything, then lint, type-check and run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
CDK_VENV ?= .venv-cdk
LRS_VENV ?= .lrs
BIN := $(VENV)/bin
UV := $(BIN)/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers (pytest-xdist), one per core: each has its own database and its own servers
# (moto, Ralph, SMTP, OIDC on free ports), so the suite's ~20 minutes of mostly waiting halve.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

UV_STAMP := $(VENV)/.uv-installed
PY_STAMP := $(VENV)/.installed
CDK_STAMP := $(CDK_VENV)/.installed
LRS_STAMP := $(LRS_VENV)/.installed
NODE_STAMP := node_modules/.installed
# pip's index settings (its config files, PIP_* variables) handed to uv, read now: uv reads no
# pip configuration, and no machine's index is committed. Locking uses the main index only.
UV_INSTALL_ENV = $(shell $(PYTHON) scripts/uv_index_env.py)
UV_LOCK_ENV = $(shell $(PYTHON) scripts/uv_index_env.py --lock)
# The lock: exact versions and every published file's hash, for every platform (--universal),
# recording no index or download URL (like package-lock.json). Lambda runs CPython 3.11.
LOCK := UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile --quiet --universal \
	--python-version 3.11 --generate-hashes --no-emit-index-url

WEB_STAMP := web/node_modules/.installed
WEB_BUILD := web/dist/index.html


.PHONY: help system-packages install lock run test lint typecheck pytest models check-models package bench bench-web fuzz clean lrs
.PHONY: browser-packages web web-lint web-test e2e

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# uv itself comes from the lock too: pip checks its hashes (requirements/uv.txt).
$(UV_STAMP): requirements/uv.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/uv.txt
	@touch $@

# The dev extra's lock (requirements/dev.txt): exactly those packages, each checked against
# its hash; then quizflow itself, editable, with no dependency of its own choosing. Compiled
# to bytecode now, as pip does: else the first test importing botocore compiles it (seconds).
$(PY_STAMP): $(UV_STAMP) requirements/dev.txt pyproject.toml
	env $(UV_INSTALL_ENV) $(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python requirements/dev.txt
	env $(UV_INSTALL_ENV) $(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

# The CDK toolchain (cdk synth, tests/infra) in an environment of its own: jsii pins typeguard
# 2.13, sqlacodegen's inflect needs typeguard>=4; no one install can hold both.
$(CDK_STAMP): $(UV_STAMP) requirements/cdk.txt
	$(PYTHON) -m venv --without-pip $(CDK_VENV)
	env $(UV_INSTALL_ENV) $(UV) pip sync --quiet --python $(CDK_VENV)/bin/python requirements/cdk.txt
	@touch $@

# Ralph, the learning record store the xAPI tests deliver to (tests/xapi_lrs.py), in an
# environment of its own: it pins FastAPI 0.114. Exact pins and hashes (requirements/lrs.txt).
$(LRS_STAMP): $(UV_STAMP) requirements/lrs.txt
	$(PYTHON) -m venv --without-pip $(LRS_VENV)
	env $(UV_INSTALL_ENV) $(UV) pip sync --quiet --python $(LRS_VENV)/bin/python requirements/lrs.txt
	@touch $@

lrs: $(LRS_STAMP) ## Ralph (an xAPI LRS) in .lrs/, for the xAPI tests

# --ignore-scripts: Prisma's install scripts download native engines we never run (offline).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Graphviz renders SVG diagrams. Installed from the system's packages where we may (root with
# apt, as on our CI machines); elsewhere install it yourself, or use Mermaid/DOT output.
system-packages:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz >/dev/null; \
	  else echo "note: Graphviz (dot) is not installed; SVG diagrams need it"; fi; }

install: system-packages browser-packages $(PY_STAMP) $(CDK_STAMP) $(LRS_STAMP) $(NODE_STAMP) $(WEB_STAMP) ## .venv, .venv-cdk and .lrs from the lock, the pinned npm packages, Graphviz and Chromium

# dev.txt first (the whole resolution), then main.txt held to the same versions; the existing
# pins are kept where the new ranges allow (add --upgrade to a line to move everything).
lock: $(UV_STAMP) ## regenerate the lock (requirements/*.txt) from pyproject.toml and requirements/*.in
	env $(UV_LOCK_ENV) $(LOCK) pyproject.toml --extra dev --extra aws -o requirements/dev.txt
	env $(UV_LOCK_ENV) $(LOCK) pyproject.toml --extra aws -c requirements/dev.txt -o requirements/main.txt
	env $(UV_LOCK_ENV) $(LOCK) requirements/cdk.in -o requirements/cdk.txt
	env $(UV_LOCK_ENV) $(LOCK) requirements/uv.in -o requirements/uv.txt
	env $(UV_LOCK_ENV) $(LOCK) requirements/lrs.in -o requirements/lrs.txt

run: install web ## migrate, load the demo and serve the API (embedded PostgreSQL unless DATABASE_URL is set)
	$(BIN)/quizflow db upgrade
	@echo "demo scenario: $$($(BIN)/quizflow demo load)"
	$(BIN)/quizflow demo accounts --api-url http://$(HOST):$(PORT)
	$(BIN)/quizflow serve --host $(HOST) --port $(PORT)

lint: $(PY_STAMP) web-lint ## ruff lint and format check, the import contracts, the lock against pyproject.toml
	$(BIN)/python scripts/check_lock.py
	$(BIN)/ruff check src tests scripts bench infra fuzz
	$(BIN)/ruff format --check src tests scripts bench infra fuzz
	$(BIN)/lint-imports --no-logo

typecheck: $(PY_STAMP) ## mypy --strict on src/, bench/ and scripts/ (files in pyproject.toml)
	$(BIN)/mypy

# tests/infra runs in .venv-cdk, with none of the suite's fixtures (tests/conftest.py ignores it).
pytest: install ## the test suite with coverage (TEST_DATABASE_URL or the embedded server)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --cov --cov-report=term $(PYTEST_ARGS)
	$(CDK_VENV)/bin/pytest --confcutdir=tests/infra -p no:cacheprovider tests/infra

test: install lint typecheck pytest web-test e2e ## everything CI checks

models: install ## regenerate src/quizflow/db/models.py from the migrations (sqlacodegen)
	$(BIN)/python scripts/generate_models.py

check-models: install ## fail if models.py does not match the migrations
	$(BIN)/python scripts/generate_models.py --check


# --- the browser app (web/): the player; see docs/web.md -----------------------------------
# Chromium for the browser suite comes from the system's packages, like Graphviz: Playwright's
# own browser download is not reachable from our machines.
browser-packages:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; \
	  else echo "note: Chromium is not installed; the browser suite (make e2e) needs it (CHROMIUM_PATH)"; fi; }

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_BUILD): $(WEB_STAMP) $(shell find web/src web/index.html web/vite.config.ts -type f 2>/dev/null)
	cd web && npm run --silent build

web: $(WEB_BUILD) ## build the browser app into web/dist (served at /app/) and check its size budget
	cd web && npm run --silent check-bundle

web-lint: $(PY_STAMP) $(WEB_STAMP) ## the generated API client matches the API; Biome and tsc --strict on web/
	PYTHON=$(BIN)/python scripts/generate-web-client --check
	cd web && npx biome check . && npx tsc -b

web-test: $(WEB_STAMP) ## the browser app's component tests (Vitest + Testing Library)
	cd web && npx vitest run

e2e: install web ## the browser suite: Playwright on Chromium against a fresh server (TEST_DATABASE_URL or embedded)
	cd web && QUIZFLOW_PYTHON=$(abspath $(BIN))/python npx playwright test

package: install ## build build/lambda.zip, the Lambda asset (reports its size; fails at 250 MB)
	$(BIN)/python scripts/package-lambda

bench-web: install web ## the browser benchmark: a 200-question flow graph interactive within 1.5 s (bench/results/graph.json)
	cd web && QUIZFLOW_PYTHON=$(abspath $(BIN))/python npx playwright test -c playwright.bench.config.ts

bench: install package bench-web ## the benchmarks in bench/ (B4 measures build/lambda.zip); results in bench/results/
	$(BIN)/python -m bench

FUZZ_SECONDS ?= 60
fuzz: install ## coverage-guided fuzzing of every importer (atheris), FUZZ_SECONDS per target
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	$(BIN)/python -m fuzz --seconds $(FUZZ_SECONDS)

clean: ## remove the virtualenv, node_modules and caches
	rm -rf $(VENV) $(CDK_VENV) $(LRS_VENV) node_modules web/node_modules web/dist .pytest_cache .mypy_cache \
	  .ruff_cache .coverage .coverage.* .import_linter_cache
