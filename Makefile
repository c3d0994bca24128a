# The two commands of the README quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in printed and emailed messages (setup link, invitations, reminders) point here; a BASE_URL
# set in the environment (a proxy's public address) wins over the host and port.
BASE_URL ?= http://$(HOST):$(PORT)
export BASE_URL
# The suite runs in parallel (pytest-xdist), each worker on a database of its own (tests/conftest.py).
# On a 2-core machine two workers, each given whole test files, measured fastest (three or four
# workers, or handing out single tests, were slower). `make test PYTEST_WORKERS=0` runs one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: run test install install-dev lint translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@# axe-core for the accessibility browser test (pinned in tests/e2e/axe/package-lock.json).
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent; \
	  else echo "npm not found: the accessibility test will be skipped (install Node.js and npm)"; fi
	@# The Nu Html Checker's vnu.jar, run with the machine's Java over every page of the browser
	@# journeys (pinned in tests/e2e/vnu/package-lock.json; its Java-downloading script is not run).
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/e2e/vnu --ignore-scripts --no-audit --no-fund --silent; \
	  else echo "npm not found: the browser journeys will be skipped (install Node.js and npm)"; fi
	@# oidc-provider, the OpenID provider the single sign-on tests start (tests/accounts/oidc/package-lock.json).
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/accounts/oidc --no-audit --no-fund --silent; \
	  else echo "npm not found: the single sign-on tests will be skipped (install Node.js and npm)"; fi

## Install, create or migrate the SQLite database, import the bundled content, start the site.
run: install
	$(FLASK) db upgrade
	$(FLASK) content import
	$(FLASK) setup-link
	$(FLASK) run --host $(HOST) --port $(PORT)

## Install the test tools, lint, and run the whole suite in parallel (browser tests need Chromium, see README).
## On PostgreSQL: TEST_DATABASE_URL=postgresql+psycopg://user@host/db make test
test: install-dev
	$(BIN)/ruff check training tests app.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check training tests app.py
	$(BIN)/ruff format --check training tests app.py

## Interface languages (README, "Languages"): re-extract the texts, merge them into every catalogue, compile.
PYBABEL := PYTHONPATH=. $(BIN)/pybabel
translations: install
	$(PYBABEL) extract -F babel.cfg -k _l -k N_ --no-location --sort-output \
	  -o training/translations/messages.pot .
	$(PYBABEL) update -i training/translations/messages.pot -d training/translations \
	  --no-fuzzy-matching
	$(PYBABEL) compile -d training/translations --statistics
