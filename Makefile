# Two commands on a fresh machine: `make run` and `make test`; `make check` before a commit.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= seeds

.PHONY: run test check bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes. After each install the venv
# is byte-compiled, as pip normally does: where installs skip it (PYTHONDONTWRITEBYTECODE,
# a no-compile installer), every start recompiles Textual and Rich, 0.5 s at start-up.
# A third-party file that does not compile is not ours to fix, so its status is ignored.
COMPILE := $(BIN)/python -m compileall -qq -j0 $(VENV)/lib tui >/dev/null || true

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(COMPILE)
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/newsdesk --seeds $(SEEDS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto

# The linters, the type checker and the import contracts (all configured in pyproject.toml).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(COMPILE)
	touch $@ $(VENV)/.installed

check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

$(VENV)/.installed-shots: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,screenshots]'
	$(COMPILE)
	touch $@

screenshots: $(VENV)/.installed-shots
	$(BIN)/python -m tools.screenshots screenshots

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(COMPILE)
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .bench-cache .mypy_cache .ruff_cache .import_linter_cache

# newsdesk's site outcomes against a real `jekyll build` (Debian: apt-get install jekyll).
# One build per case, tens of seconds on a busy machine, so not part of `make test`.
.PHONY: test-jekyll
test-jekyll: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/site -m jekyll
