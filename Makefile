# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench schema clean messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

## Install, create/upgrade the SQLite database with the sample catalogs, start the app.
run: $(VENV)/.run-deps translations
	$(BIN)/python -m store init
	$(BIN)/python -m ui.server

## Install, lint, type-check and run the whole test suite.
test: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest --durations=25
	@test -x /usr/bin/chromium || echo "NOTE: the browser tests (tests/test_e2e, marker 'browser') were SKIPPED: no Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium)."
	@test -x /usr/sbin/nginx || echo "NOTE: the proxy tests (tests/test_deploy/test_nginx.py) were SKIPPED: no nginx at /usr/sbin/nginx (Debian: apt-get install -y nginx)."

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.dev-deps
	$(BIN)/python bench/run_all.py

## Compile the buyer languages' messages (locales/*/LC_MESSAGES/messages.po -> .mo).
translations: $(VENV)/.run-deps
	$(BIN)/pybabel -q compile -d locales -D messages

## Re-extract the translatable strings into locales/messages.pot and merge them into each .po.
messages: $(VENV)/.run-deps
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k tr -k N_ --no-location --sort-output --width=100 --project configurator -o locales/messages.pot .
	$(BIN)/pybabel -q update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --width=100

## Regenerate docs/catalog.schema.json from the models.
schema: $(VENV)/.dev-deps
	$(BIN)/python -m configurator schema > docs/catalog.schema.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache data
