# The two commands of the README. Each creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint test-postgres test-browser install models clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

MODEL_DIR ?= $(or $(STRIDECARE_MODEL_DIR),$(HOME)/.cache/stridecare/models)

# The pose models (Apache-2.0, from the npm registry, integrity-checked), fetched once.
models: $(STAMP)
	@test -f "$(MODEL_DIR)/pose_landmark_full.tflite" || $(BIN)/stridecare models fetch

run: install models
	$(BIN)/stridecare serve

# Lint and format check, types (mypy with django-stubs: the core and the CLI strict, the Django apps in the
# default mode with check_untyped_defs; see [tool.mypy]), and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings

test: install models
	$(BIN)/pytest -q

test-postgres: install models
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/stridecare} $(BIN)/pytest -q

test-browser: install
	$(BIN)/pytest -q -p no:cacheprovider tests/browser -o addopts=""

clean:
	rm -rf $(VENV) build *.egg-info
