# Broadsheet's two commands: `make demo` and `make test`. Each sets up what it needs:
# a virtual environment with the Python packages, and (for tests) Debian's Chromium.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
CHECKSUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUNTIME := $(VENV)/.runtime-$(CHECKSUM)
STAMP := $(VENV)/.installed-$(CHECKSUM)
PORT ?= 8000

.PHONY: demo test lint bench clean

# What the product needs to run (the demo), then what the tests need besides.
$(RUNTIME): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Broadsheet needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e .
	rm -f $(VENV)/.runtime-* && touch $@

$(STAMP): $(RUNTIME)
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

## demo: start Broadsheet with demo content on SQLite and print the address to open
demo: $(RUNTIME)
	$(VENV)/bin/broadsheet demo --port $(PORT)

## test: the whole suite on SQLite, then on PostgreSQL when it is reachable
test: $(STAMP)
	scripts/install-system-deps
	scripts/run-tests

lint: $(STAMP)
	$(VENV)/bin/ruff check broadsheet bench scripts
	$(VENV)/bin/ruff format --check broadsheet bench scripts

## bench: the post-page benchmark (needs wrk; see bench/README.md)
bench: $(STAMP)
	scripts/install-system-deps wrk
	$(VENV)/bin/python bench/post_page.py

clean:
	rm -rf $(VENV) broadsheet-data
