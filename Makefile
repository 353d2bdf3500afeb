# Two commands on a fresh machine: `make run` (the app on the demo incident) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/crisisdesk --demo

lint: $(STAMP)
	$(BIN)/ruff check crisisdesk ui tests
	$(BIN)/ruff format --check crisisdesk ui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite twice: once as it stands, then with a shell such as a user's may hold (a zone
# 13:45 ahead of UTC, a passphrase of their own, a German locale), which no test may notice.
test: lint
	$(BIN)/pytest
	CRISISDESK_PASSPHRASE='a passphrase of my own' LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 \
		$(BIN)/pytest --quiet --zone=Pacific/Chatham

bench: $(STAMP)
	$(BIN)/python tests/bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
