# Integriteitsportaal: build, serve and test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve preview site test lint check bench clean linkcheck serve-nginx

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

serve: install  ## build and serve the portal on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

preview: install  ## like serve, with concept documents shown and marked
	PORTAAL_PREVIEW=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: install  ## production build into site/ (the old site stays if the build fails)
	$(VENV)/bin/mkdocs build --strict

serve-nginx: site  ## build, then serve site/ with nginx (deploy/nginx/, strict CSP) on 127.0.0.1, a free port
	$(VENV)/bin/portaal nginx --serve

linkcheck: install  ## build the site, serve it on 127.0.0.1 and fail on a broken link or anchor
	$(VENV)/bin/portaal linkcheck --config mkdocs.yml --linkcheckerrc .ci/linkcheckerrc

check: install  ## verdict on the policy set: errors fail, overdue reviews are reported as warnings
	$(VENV)/bin/portaal check --overdue-as-warning
	set -o pipefail; $(VENV)/bin/portaal placeholders | tail -n 1

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The tests run on every core (pytest-xdist), one test file per worker at a time: a file's
# shared site is built once, by the worker that runs it. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
# axe-core for the accessibility tests (package-lock.json): installed here when npm is there; without npm
# (a system package: apt-get install nodejs npm) those tests skip and say so.
NPM := $(shell command -v npm 2>/dev/null)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: install lint check $(if $(NPM),node_modules/.installed)
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

BENCH_SIZES ?= 300,1000,3000
BENCH_RUNS ?= 3,3,2
BENCH_ARCHIVE_SIZES ?= 1000,3000
BENCH_ARCHIVE_RUNS ?= 3
bench: install  ## search (old vs new), build and check cost against plain Material, and the version archive; writes docs/over/prestaties.md
	$(PY) -m bench.reader --sizes "0,$(BENCH_SIZES)" --runs 3 --findability
	$(PY) -m bench --sizes "$(BENCH_SIZES)" --runs "$(BENCH_RUNS)"
	$(PY) -m bench.archive --sizes "$(BENCH_ARCHIVE_SIZES)" --runs "$(BENCH_ARCHIVE_RUNS)"

clean:
	rm -rf site .portaal-staging-* .portaal-site-* .portaal-link-* .portaal-build.lock bench/out .pytest_cache .mypy_cache .ruff_cache
