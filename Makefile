# ceasewatch: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-workspace

.PHONY: setup demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ceasewatch needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,postgres]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db init
	$(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db import src/ceasewatch/ingest/samples/acled_sample.csv
	$(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db events list
	$(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db stats
	@echo
	@echo "Demo workspace: $(DEMO)/ceasewatch.db (illustrative data). Try:"
	@echo "  $(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db events list --family ceasefire_violation"
	@echo "  $(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db events show acled:CW-ILL-0008"
	@echo "  $(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db export --format geojson -o events.geojson"

lint: setup
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	./scripts/ensure-postgres
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck unit

bench: setup
	./scripts/ensure-postgres
	$(BIN)/python benchmarks/store.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
