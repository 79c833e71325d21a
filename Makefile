# Two commands matter on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-deploy image lint bench system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Migrate ./var/sluice.db, create the demo tenant, start the model runtime, serve on 127.0.0.1:8080.
run: install
	$(BIN)/sluice up

## System packages the tests drive for real (PostgreSQL), installed only if missing.
system-deps:
	bash scripts/ensure-system-deps.sh

## The whole test suite (what .ci/run calls), the image and manifest tests (tests/deploy) included.
test: install system-deps
	$(BIN)/pytest -q

## Only the image and Kubernetes manifest tests (builds the images; cached between runs).
test-deploy: install system-deps
	$(BIN)/pytest -q tests/deploy

## The gateway and CPU runtime images, air-gapped: debootstrap base + wheelhouse (docs/operations.md).
image: install system-deps
	bash scripts/build-image.sh

lint: install
	$(BIN)/ruff check gateway model_runtime tests benchmarks
	$(BIN)/mypy gateway model_runtime

bench: install
	$(BIN)/python benchmarks/bench_all.py

clean:
	rm -rf $(VENV) var
