# Manchette — make help lists the verbs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANCHETTE := $(BIN)/manchette
PYTEST := $(BIN)/pytest
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/manchette
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
BROTLI_STATIC := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo serve test test-sqlite test-postgres chromium nginx bench lint format check messages clean

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create the virtual environment and install Manchette with its tools

run: install ## Set everything up, load the demo newsroom and serve it on http://127.0.0.1:8000
	$(MANCHETTE) migrate --no-input
	$(MANCHETTE) demo
	$(MANCHETTE) run --host $(HOST) --port $(PORT)

demo: install ## Load the demo newsroom (idempotent)
	$(MANCHETTE) migrate --no-input
	$(MANCHETTE) demo

serve: install ## Serve without loading the demo
	$(MANCHETTE) run --host $(HOST) --port $(PORT)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

chromium: $(CHROMIUM) ## Install Debian's Chromium for the browser tests

$(NGINX) $(BROTLI_STATIC):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static

nginx: $(NGINX) $(BROTLI_STATIC) ## Install Debian's nginx and its brotli_static module (deploy/nginx.conf)

test: test-sqlite test-postgres ## The whole suite: SQLite, then PostgreSQL, browser tests included

test-sqlite: install chromium nginx
	$(PYTEST) --create-db

test-postgres: install chromium nginx
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) --create-db

WRK := /usr/bin/wrk
VALGRIND := /usr/bin/valgrind
BENCH_ARGS ?=

$(WRK):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

$(VALGRIND):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind

bench: install chromium nginx $(WRK) $(VALGRIND) ## Benchmark at scale (BENCH_ARGS="--articles 2000" for a quick run)
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install ## ruff format --check, ruff check, djhtml --check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	find manchette -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check

format: install ## Reformat the code and templates
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	find manchette -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

check: install ## Django checks, deploy checks and missing migrations
	DJANGO_SETTINGS_MODULE=manchette.settings.production $(MANCHETTE) check --deploy --fail-level WARNING
	$(MANCHETTE) makemigrations --check --dry-run

messages: install ## Refresh and compile the French catalogue
	cd manchette && ../$(BIN)/django-admin makemessages -l fr --no-obsolete --ignore 'demo/content.py'
	cd manchette && ../$(BIN)/django-admin compilemessages

clean: ## Remove caches (the data folder var/ is kept)
	find . -name __pycache__ -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache
