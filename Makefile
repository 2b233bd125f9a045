# Partnerbook — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PB := $(BIN)/partnerbook
PG_URL ?= postgres://postgres@127.0.0.1:5432/partnerbook
export PARTNERBOOK_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install install-dev messages lint fmt typecheck check test-sqlite test-postgres browser postgres bench bench-signals bench-performance bench-load clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/activate
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/activate
	$(BIN)/pip install -q -e ".[dev]"

## make run: install, migrate the SQLite database, load the demo portfolio once, start the
## background worker and serve on :8000
run: install
	$(PB) migrate --noinput -v 0
	$(PB) demo --if-empty
	@echo ""
	@echo "  Partnerbook:   http://127.0.0.1:8000/"
	@echo "  Demo login:    demo / partnerbook-demo   (administrator)"
	@echo "  Other roles:   maria (manager), bruno (buyer), vera (viewer), nordpack, sterilis + datawell (supplier portal) — same password"
	@echo "  Background worker (nightly recompute, digests): log in var/worker.log"
	@echo ""
	@$(PB) worker > "$(PARTNERBOOK_DATA_DIR)/worker.log" 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PB) serve --host 127.0.0.1 --port 8000

## make test: lint, type-check, Django checks, then the whole suite on SQLite and PostgreSQL
test: install-dev browser postgres lint typecheck check test-sqlite test-postgres

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "Could not install chromium"; [ "$$CI" != "true" ] || exit 1; }; \
	  else \
	    echo "chromium is missing and we are not root: browser tests will be skipped"; \
	    [ "$$CI" != "true" ] || { echo "CI=true: browser tests are required"; exit 1; }; \
	  fi; \
	fi

postgres:
	@bash scripts/ensure-postgres.sh

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fmt:
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck:
	$(BIN)/mypy src/partnerbook

check:
	$(PB) check
	$(PB) makemigrations --check --dry-run

## make messages: bring the German and French catalogues up to date with the sources (new
## messages arrive untranslated), then compile them; translate, then run it again
messages: install-dev
	$(BIN)/python scripts/i18n_check.py --update
	cd src/partnerbook && DJANGO_SETTINGS_MODULE=partnerbook.settings ../../$(BIN)/python -m django compilemessages
	$(BIN)/python scripts/i18n_check.py --catalogues

# Two pytest workers (the machine's two cores); one file stays on one worker, so a module's
# shared data (the demo load, the large portfolios) is built once.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# The API fuzzing (tests/api/test_fuzz.py) runs once: on PostgreSQL, the stricter of the two
# (integer ranges, NUL characters), when it is reachable; on SQLite otherwise.
test-sqlite:
	@echo "== pytest on SQLite =="
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
	  echo "(the API fuzzing runs in the PostgreSQL pass)"; \
	  env -u DATABASE_URL $(PYTEST) --deselect tests/api/test_fuzz.py; \
	else \
	  env -u DATABASE_URL $(PYTEST); \
	fi

test-postgres:
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
	  echo "== pytest on PostgreSQL =="; \
	  echo "(the translation catalogue check reads no database: it runs in the SQLite pass)"; \
	  DATABASE_URL="$(PG_URL)" $(PYTEST) \
	    --deselect tests/core/test_i18n.py::test_german_and_french_catalogues_translate_every_message; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is required when CI=true and is not reachable at $(PG_URL)"; exit 1; \
	else \
	  echo "PostgreSQL not reachable at $(PG_URL): skipping the PostgreSQL run (required in CI)"; \
	fi

## make bench: generate a large portfolio (10,000 suppliers, 2,000,000 interactions, ...) on
## PostgreSQL (database partnerbook_bench, recreated) and on SQLite, then time the recompute,
## every page through gunicorn and the imports, each beside its SQL limit (bench/run.py);
## the table goes to bench/last-run.md, discussed in bench/RESULTS.md
bench: install-dev postgres
	$(BIN)/pip install -q -e ".[dev,load]"
	$(BIN)/python bench/run.py

## make bench-signals: 10,000 suppliers and 2,000,000 interactions on PostgreSQL (database
## partnerbook_bench); prints the recompute time next to a hand-written SQL aggregate
bench-signals: install-dev postgres
	$(BIN)/python bench/signals.py

## make bench-performance: a 1,000,000-line deliveries import (streamed; rows/s, peak RSS,
## ratio to a plain COPY) and every scorecard of 10,000 suppliers beside one SQL aggregate,
## on PostgreSQL (database partnerbook_benchdata); results in bench/performance-results.md
bench-performance: install-dev postgres
	$(BIN)/python bench/performance.py --database postgres://postgres@127.0.0.1:5432/partnerbook_benchdata

## make bench-load: 50 people reading and writing for 60 s against gunicorn on PostgreSQL
## (database partnerbook_load); p50/p95 per page into bench/load/results.md
bench-load: install-dev postgres
	$(BIN)/pip install -q -e ".[dev,load]"
	$(BIN)/python bench/load/run.py

clean:
	rm -rf $(VENV) var test-output .pytest_cache .mypy_cache .ruff_cache
