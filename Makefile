# seedarchive: convert seeds/ into archive/ and build the site with Sphinx.
#
#   make html    create the virtual environment if needed, convert, build _build/html
#                (a bad seed never stops the site: the rest is built, then its problems
#                are listed and make fails, as with sphinx-build --keep-going)
#   make serve   preview _build/html on http://127.0.0.1:8000/ (another port: make serve PORT=8001)
#   make check   run the built-site checks and fixity verification on _build/html
#   make test    build, lint (ruff, mypy), then run every test (unit, golden, built-site, browser)
#   make test-fast  the tests that need no built site, no browser and no several-site builds
#   make lint    ruff and mypy (strict) over tools/, tests/ and bench/, and the layers (lint-imports)
#   make edition NAME=2026.11  record an edition: changelog entry, commit, git tag edition/NAME
#   make site    every edition and the current state in _build/site (refuses the preview address)
#   make publish the site to upload, for the base_url of archive.toml (docs/publish.md)
#   make urls    add the pages of _build/html to archive/urls.txt and check none went missing
#   make convert convert seeds/ into archive/ only (make html does it too)
#   make venv    create the virtual environment .venv (make html does it too)
#   make replay-install  install ReplayWeb.page with npm when archive.toml sets replay = true
#                (make html and make site do it too; docs/publish.md, "Replay")
#   make bench   the benchmarks (BENCHFLAGS=...)
#   make clean   remove _build/;  make distclean  remove .venv too
#   make upgrade-check  the speedups' guards and pins on the newest Sphinx, myst-parser and
#                docutils for the newest python3.X, in _build/upgrade-venv (not part of make test)
#   make help    this list
#
# The command behind these targets is .venv/bin/seedarchive (see .venv/bin/seedarchive --help);
# it is on your PATH only after `. .venv/bin/activate`.
#   make which-python  the interpreter make venv uses (the newest python3.X that runs)
# Variables: VENV=path (virtual environment, default .venv), PYTHON (interpreter used
# to create it; default the newest python3.X that runs), SPHINXOPTS, BUILDDIR, PORT; for
# upgrade-check PYTHON_UPGRADE (interpreter, default PYTHON) and UPGRADEFLAGS (e.g.
# "--sphinx 9.1.0 --myst 5.2.0 --docutils 0.22.4").

VENV       ?= .venv
# The interpreter (issue 29, "The newest Sphinx"): PYTHON if given, else the newest python3.X
# on PATH that runs, X from PYTHON_MINORS; a pyenv shim of a version pyenv does not select
# fails, and is then asked for its binary with `pyenv whence --path`; none: python3. The
# only search of the project: make upgrade-check and tests/test_python_lines.py ask this one.
PYTHON_MINORS ?= 20 19 18 17 16 15 14 13 12 11
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for name in $(addprefix python3.,$(PYTHON_MINORS)); do \
	  found=$$(command -v $$name) || continue; \
	  for binary in $$found $$(pyenv whence --path $$name 2>/dev/null); do \
	    $$binary -c "" >/dev/null 2>&1 && { echo $$binary; exit 0; }; \
	  done; \
	done; echo python3)
endif
# Its version is written into the stamp: a venv of another interpreter is made again.
PYTHON_VERSION := $(shell $(PYTHON) -c "import sys; print(sys.version.split()[0])" 2>/dev/null)
BUILDDIR   ?= _build
PORT       ?= 8000
JOBS       ?= 2
SPHINXOPTS ?= -n -W --keep-going -j $(JOBS)
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.seedarchive-installed
# Doctrees (pickles holding the build's absolute paths) go beside the site, never into the
# folder people publish (issue 26).
# seedarchive build is sphinx-build -b html, skipped when nothing it reads changed since its
# last build (issue 29: Sphinx needs seconds to load its environment before it can tell).
# make html indexes the article pages for search (seedarchive search) while Sphinx writes the
# rest (-D seedarchive_pagefind=1: sphinxext/outputs/pagefind.py).
SPHINXBUILD = $(BIN)/seedarchive build --out $(BUILDDIR)/html --doctrees $(BUILDDIR)/doctrees -c docs $(SPHINXOPTS)

.PHONY: help which-python venv convert html replay-install check test test-fast lint serve clean distclean bench edition site publish urls upgrade-check

help:
	@sed -n '1,/^$$/p' Makefile | sed -e '/^$$/d' -e 's/^# \{0,1\}//'

# The environment is rebuilt when the pinned dependencies change. The editable package's
# bytecode is written here: where PYTHONDONTWRITEBYTECODE is set, every run would compile it.
which-python:
	@echo "$(PYTHON) (Python $(or $(PYTHON_VERSION),that does not run))"

# The stamp holds the version of the interpreter that made the venv; when PYTHON is another
# (a newer python3.X appeared, or PYTHON=... was given), the venv is made again with it.
ifneq ($(PYTHON_VERSION),$(shell cat $(STAMP) 2>/dev/null))
$(STAMP): FORCE
endif
FORCE:

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON_VERSION)" || { echo "make: $(PYTHON) does not run. Fix: install Python 3.11 or newer, or name one with make venv PYTHON=/path/to/python3.X" >&2; exit 2; }
	@echo "make: setting up $(VENV) with $(PYTHON) (Python $(PYTHON_VERSION)) and the pinned dependencies (about a minute the first time; once after each change of pyproject.toml, requirements.lock or the interpreter)"
	@made=$$(test -x $(BIN)/python && $(BIN)/python -c "import sys; print(sys.version.split()[0])" 2>/dev/null); \
	if test -n "$$made" && test "$$made" != "$(PYTHON_VERSION)"; then \
	  if test ! -f $(STAMP); then echo "make: $(VENV) is of Python $$made, not made by make venv; PYTHON is $(PYTHON_VERSION). Fix: make venv PYTHON=/path/to/python$$made, or another VENV=path" >&2; exit 2; fi; \
	  echo "make: $(VENV) was made with Python $$made: making it again with $(PYTHON_VERSION)"; \
	  $(PYTHON) -m venv --clear $(VENV); \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	@echo "make: installing $$(grep -c '==' requirements.lock) pinned packages (a line every 5 s; pip's log: $(VENV)/pip.log)"
	@{ $(BIN)/python -m pip install --progress-bar off -c requirements.lock -e ".[test,bench]" > $(VENV)/pip.log 2>&1; \
	  echo $$? > $(VENV)/pip.status; } & \
	while test ! -s $(VENV)/pip.status; do sleep 5; echo "make: ... $$(grep -cE '^(Collecting|Requirement already)' $(VENV)/pip.log) of them resolved"; done; \
	status=$$(cat $(VENV)/pip.status); rm -f $(VENV)/pip.status; \
	if test "$$status" != 0; then tail -25 $(VENV)/pip.log >&2; echo "make: pip failed (above; whole log in $(VENV)/pip.log)" >&2; exit 1; fi
	$(BIN)/python -m pip install --quiet --no-deps -c requirements.lock cffconvert  # see pyproject.toml
	$(BIN)/python -m compileall -q tools
	echo "$(PYTHON_VERSION)" > $@

venv: $(STAMP)

convert: $(STAMP)
	$(BIN)/seedarchive convert

# A bad seed never stops the site (issue 18), as sphinx-build --keep-going: convert writes its
# problems to PROBLEMS (status 1), the site is built from everything converted, then the
# problems are listed once and make fails. Status 2 (the archive itself is wrong), or 1 with no
# problem written (a crash), stops at once.
PROBLEMS := $(BUILDDIR)/convert-problems.txt

SETTINGS := $(BIN)/python -m seedarchive.publish.settings

# Replay (issue 31; docs/publish.md, "Replay"): only with replay = true in archive.toml is
# Webrecorder's ReplayWeb.page (AGPL-3.0) installed, by npm, at the version replay/package-lock.json
# pins; it is installed again only when that file changes. Off, neither npm nor Node.js is needed.
REPLAY_STAMP := replay/node_modules/.seedarchive-installed
$(REPLAY_STAMP): replay/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: archive.toml sets replay = true, which needs npm to install ReplayWeb.page (replay/package.json). Fix: install Node.js and npm (https://nodejs.org, or your system's nodejs and npm packages), or set replay = false in archive.toml" >&2; exit 2; }
	npm ci --prefix replay --omit=dev --ignore-scripts --no-audit --no-fund
	touch $@

replay-install:
	@if test "$$($(SETTINGS) --print replay)" = true; then $(MAKE) --no-print-directory $(REPLAY_STAMP); fi

html: $(STAMP)
	@$(SETTINGS)
	@$(MAKE) --no-print-directory replay-install
	@rm -f $(PROBLEMS); rm -rf $(BUILDDIR)/html/.doctrees; status=0; \
	$(BIN)/seedarchive convert --problems $(PROBLEMS) || status=$$?; \
	case $$status in 0) ;; 1) test -s $(PROBLEMS) || exit 1 ;; *) exit $$status ;; esac; \
	$(SPHINXBUILD) -D seedarchive_pagefind=1 || exit $$?; \
	$(SETTINGS) --preview-note; \
	test $$status -eq 0 && exit 0; \
	cat $(PROBLEMS) >&2; \
	echo "make html: the site in $(BUILDDIR)/html was built without the seeds above; fix each and run make html again" >&2; \
	exit $$status

# One line per failed check (issue 30): the test and its assertion, no traceback
# (the traceback of one: .venv/bin/pytest -m site tests -k NAME).
check: $(STAMP)
	$(BIN)/seedarchive verify
	$(BIN)/python -m pytest -m site -q --tb=no -rN --check-lines tests

# On the machine's cores (JOBS, as the site build): a test file runs in one worker, so the
# sites a file builds once are built once (--dist loadfile).
test: html lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=20 tests

# The inner loop (issue 19): under two minutes on two cores; make test runs everything.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --durations=10 -m "not slow and not browser and not site" tests

lint: $(STAMP)
	$(BIN)/ruff check tools tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCHFLAGS)

# Issue 19: a newer Sphinx keeps every speedup's guard on? Reads PyPI; CI never runs it.
PYTHON_UPGRADE ?= $(PYTHON)
upgrade-check: $(STAMP)
	PYTHON_UPGRADE="$(PYTHON_UPGRADE)" $(BIN)/python tests/upgrade_check.py $(UPGRADEFLAGS)

# The port is checked before the build: taken, it says so in one line (issue 30).
serve: $(STAMP)
	@$(BIN)/python -m seedarchive.publish.serve --port $(PORT) --check
	@$(MAKE) --no-print-directory html
	$(BIN)/python -m seedarchive.publish.serve --port $(PORT) --directory $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV)

# Editions (issue 4): `make edition NAME=2026.11` tags a clean tree and writes the changelog;
# `make site` builds the current state at the root and every edition under editions/NAME/,
# each indexed for search (its own pagefind/ bundle).
edition: $(STAMP)
	@test -n "$(NAME)" || { echo "make edition: give the edition's name, e.g. make edition NAME=2026.11"; exit 2; }
	$(BIN)/seedarchive edition $(NAME)

site: convert
	@$(SETTINGS) --publishing "make site"
	@$(MAKE) --no-print-directory replay-install
	$(BIN)/seedarchive site --out $(BUILDDIR)/site --work $(BUILDDIR)/site-work $(SPHINXOPTS)

# Issue 30: the site to upload, in $(BUILDDIR)/site; refuses the preview address (archive.toml's
# base_url, or SEEDARCHIVE_BASEURL). How to put it online: docs/publish.md.
publish: $(STAMP)
	@$(SETTINGS) --publishing "make publish"
	$(MAKE) site
	@echo "make publish: the site for $$($(SETTINGS) --print base_url) is in $(BUILDDIR)/site; upload that folder (docs/publish.md)"

urls: $(STAMP)
	$(BIN)/seedarchive urls --update --html $(BUILDDIR)/html
