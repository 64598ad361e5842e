# Two commands set everything up: `make run` serves the site with demo data (web server and job worker),
# `make test` runs every test. `make run` installs the runtime pins (requirements.txt) only; `make test` and
# `make lint` add the development tools (requirements-dev.txt).
PYTHON ?= $(shell command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
TEST_WORKERS ?= 2

.PHONY: run test lint install install-dev serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) search rebuild --cpu 0
	@$(FLASK) demo accounts
	@echo "Serving on http://$(HOST):$(PORT), with the job worker beside it (Ctrl-C stops both)"
	@$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: install-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -q

lint: install-dev
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/practices.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) .pytest_cache
