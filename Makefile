# The documented entry points: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# Tests run against PostgreSQL; the test database is created by pytest-django.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/defence_map
CHROMIUM ?= /usr/bin/chromium
# The benchmark's own database, created when missing (never the one you develop on).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/defence_map_bench

# `make load`: its own database and port (loopback only).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/defence_map_load
LOAD_PORT ?= 8308
# `make fuzz`: examples per API operation (the suite runs 8).
FUZZ_MAX_EXAMPLES ?= 200

.PHONY: install install-dev run data test test-fast test-js lint format migrations-check browser services bench wrk clean fuzz load audit

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The JavaScript tools (biome), from package-lock.json; node_modules is never committed.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed  ## the virtual environment with the runtime requirements

install-dev: $(VENV)/.installed-dev  ## plus the test and lint tools

data: install  ## migrate, import boundaries (once), load the dataset, the editors group (idempotent)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --no-input -v 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py import_boundaries --if-empty
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_dataset --prune
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py setup_editors

run: data  ## serve the site on http://$(HOST):$(PORT) (SQLite unless DATABASE_URL is set)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

browser:  ## Debian's Chromium for the browser tests, installed when missing
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "ERROR: could not install chromium with apt-get." >&2; exit 2; }; \
	  else \
	    echo "ERROR: $(CHROMIUM) is missing. Install it as root: apt-get install -y chromium" >&2; exit 2; \
	  fi; \
	fi

services: install-dev  ## PostgreSQL reachable (started when local and stopped), database created
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m tools.ensure_database

test: install-dev browser services test-js  ## the whole suite against PostgreSQL, browser tests included
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} DJANGO_DEBUG=1 \
	  CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

test-fast: install-dev services test-js  ## the suite without the browser tests
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} DJANGO_DEBUG=1 \
	  $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-js: node_modules/.installed  ## the unit tests of the page's pure JavaScript modules (node:test, a second)
	node --test maps/tests/js/

lint: install-dev node_modules/.installed  ## ruff, biome (JavaScript lint and format) and djlint (templates)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node_modules/.bin/biome check
	$(VENV)/bin/djlint templates/ --lint --profile=django

format: install-dev node_modules/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	node_modules/.bin/biome check --write

fuzz: install-dev services  ## a longer API fuzzing run: FUZZ_MAX_EXAMPLES per operation, a fresh seed each time
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} DJANGO_DEBUG=1 \
	  FUZZ_MAX_EXAMPLES=$(FUZZ_MAX_EXAMPLES) FUZZ_RANDOM=1 \
	  $(PY) -m pytest relationships/tests/test_api_fuzz.py -q $(PYTEST_ARGS)

load: install  ## one minute, 50 clients, gunicorn + PostgreSQL on 127.0.0.1; prints the figures
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) -m tools.ensure_database
	DATABASE_URL=$(LOAD_DATABASE_URL) $(MAKE) --no-print-directory data
	DATABASE_URL=$(LOAD_DATABASE_URL) PORT=$(LOAD_PORT) $(PY) -m tools.loadtest

audit: install-dev  ## known vulnerabilities in the installed, pinned requirements (needs PyPI's JSON API)
	@$(VENV)/bin/pip-audit --strict --progress-spinner off --desc on || { \
	  echo "ERROR: the audit failed: a vulnerability was found, or PyPI's advisory data could not be" >&2; \
	  echo "       reached for every package (see above). Nothing is known to be clean." >&2; exit 1; }

migrations-check: install  ## fail when a model change has no migration
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

wrk:  ## Debian's wrk load generator, installed when missing (else a Python generator is used)
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's wrk for the benchmark..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	      || echo "WARNING: could not install wrk; the benchmark falls back to a Python generator."; \
	  else \
	    echo "WARNING: wrk is missing (apt-get install -y wrk as root); using a Python generator."; \
	  fi; \
	fi

bench: install-dev browser wrk  ## figures against the limits, real and synthetic data (see README)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tools.ensure_database
	DATABASE_URL=$(BENCH_DATABASE_URL) CHROMIUM=$(CHROMIUM) $(PY) -m tools.bench

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache
