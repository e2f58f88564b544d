# `make run` and `make test` set everything up themselves on a fresh machine (Python 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-web browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reviewer serve --demo examples

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint browser
	$(BIN)/pytest -q

# The browser tests drive Debian's chromium (never `playwright install`) and need a CJK font.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium fonts-wqy-microhei; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

bench-web: $(STAMP)
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
