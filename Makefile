# quizflow — the two commands a newcomer needs:
#   make run    install everything, start PostgreSQL if none is configured, migrate, load the
#               demo scenario, serve the API on http://127.0.0.1:8000
#   make test   install everything, then lint, type-check and run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed


.PHONY: help system-packages install run test lint typecheck pytest models check-models package bench fuzz clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# The CDK (infra/requirements.txt) goes in after the dev extra, on purpose: jsii pins
# typeguard 2.13, which inflect (sqlacodegen's singular class names) runs on fine, but which
# pip cannot resolve together with inflect's own typeguard>=4 pin in one install.
$(PY_STAMP): pyproject.toml infra/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet -r infra/requirements.txt
	@touch $@

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

install: system-packages $(PY_STAMP) $(NODE_STAMP) ## create .venv and install the package, the pinned Prisma CLI and Graphviz

run: install ## migrate, load the demo and serve the API (embedded PostgreSQL unless DATABASE_URL is set)
	$(BIN)/quizflow db upgrade
	@echo "demo scenario: $$($(BIN)/quizflow demo load)"
	$(BIN)/quizflow demo accounts --api-url http://$(HOST):$(PORT)
	$(BIN)/quizflow serve --host $(HOST) --port $(PORT)

lint: $(PY_STAMP) ## ruff lint and format check, and the import contracts (pyproject.toml)
	$(BIN)/ruff check src tests scripts bench infra fuzz
	$(BIN)/ruff format --check src tests scripts bench infra fuzz
	$(BIN)/lint-imports --no-logo

typecheck: $(PY_STAMP) ## mypy --strict on src/, bench/ and scripts/ (files in pyproject.toml)
	$(BIN)/mypy

pytest: install ## the test suite with coverage (TEST_DATABASE_URL or the embedded server)
	$(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

test: install lint typecheck pytest ## everything CI checks

models: install ## regenerate src/quizflow/db/models.py from the migrations (sqlacodegen)
	$(BIN)/python scripts/generate_models.py

check-models: install ## fail if models.py does not match the migrations
	$(BIN)/python scripts/generate_models.py --check


package: install ## build build/lambda.zip, the Lambda asset (reports its size; fails at 250 MB)
	$(BIN)/python scripts/package-lambda

bench: install ## the benchmarks in bench/ (not part of make test); results in bench/results/
	$(BIN)/python -m bench

FUZZ_SECONDS ?= 60
fuzz: install ## coverage-guided fuzzing of every importer (atheris), FUZZ_SECONDS per target
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	$(BIN)/python -m fuzz --seconds $(FUZZ_SECONDS)

clean: ## remove the virtualenv, node_modules and caches
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .coverage
