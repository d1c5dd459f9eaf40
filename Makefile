# PeerLearn — the README's commands. Everything runs from a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-postgres e2e ci lint format migrate seed serve clean

# Create the virtualenv once (falls back to python3 when python3.11 is not on PATH).
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Using python3 ($$(python3 --version))"; }
	@$$(command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

## make run: install, migrate, seed the demo organisation (first run only), serve on :5000
## (gunicorn.conf.py starts the embedded task consumer beside it)
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "PeerLearn is on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --access-logfile - wsgi:app

## make test: install dev dependencies and run the whole suite (SQLite)
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2

## make test-postgres: the same suite on PostgreSQL (PEERLEARN_TEST_DATABASE_URL)
test-postgres: $(VENV)/.installed-dev
	PEERLEARN_TEST_DATABASE_URL=$${PEERLEARN_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} \
		$(BIN)/pytest -n 2

## make e2e: browser tests in headless Chromium (needs /usr/bin/chromium)
e2e: $(VENV)/.installed-dev
	$(BIN)/pytest -m e2e tests/e2e

ci:
	bash .ci/run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
