# Neural Networks for Health: every target bootstraps .venv from the lock file
# when it is missing, so any of them works as the very first command.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PYTEST_NOTEBOOKS := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: setup doctor lab lab-solutions course test lint clean-notebooks release data-check bench book lock env-files \
	mutation repair clean

setup: $(READY)

$(READY): requirements.lock pyproject.toml tools/pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: install it, then run 'make setup'."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' || { \
		echo "$(PYTHON) is not a working Python 3.11 or newer: install 3.11, or run 'make setup PYTHON=/path/to/python3.11'."; exit 1; }
	@$(BIN)/python -c "" 2>/dev/null || $(PYTHON) -m venv --clear $(VENV)
	@echo "Installing the course's pinned packages into $(VENV) (about 2 minutes, once)..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . -e tools
	@touch $(READY)

# Every target below first proves the environment works, naming the repair if not.
doctor: $(READY)
	@$(BIN)/course doctor || { \
		echo "The environment in $(VENV) is broken. Repair it with: make repair"; exit 1; }

# The learner edition hides nbgrader (installed in .venv for the instructor) for this session only, as on
# Binder: its server extensions are switched off, and its Lab menu and sidebars through a page_config
# in a config directory put on Jupyter's search path.
LEARNER_JUPYTER := $(CURDIR)/build/learner-jupyter
NBGRADER_SERVER := formgrader assignment_list course_list validate_assignment

lab: doctor  ## JupyterLab at learner/, the learner edition (blanks, checks, hints; no nbgrader)
	@mkdir -p $(LEARNER_JUPYTER)/labconfig
	@echo '{"disabledExtensions": {"@jupyter/nbgrader": true}}' > $(LEARNER_JUPYTER)/labconfig/page_config.json
	JUPYTER_CONFIG_PATH=$(LEARNER_JUPYTER) $(BIN)/jupyter lab --ServerApp.root_dir=learner \
		$(foreach ext,$(NBGRADER_SERVER),--ServerApp.jpserver_extensions=nbgrader.server_extensions.$(ext)=False) \
		learner/00_welcome.ipynb

lab-solutions: doctor  ## JupyterLab at notebooks/, the solved instructor's edition
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks notebooks/00_welcome.ipynb

course: doctor  ## run every notebook headless; report in build/
	$(BIN)/course run

test: doctor  ## lint, unit tests, every notebook under nbval
	$(BIN)/ruff check .
	COURSE_STRICT=1 $(BIN)/python -m pytest tests $$($(BIN)/course notebooks) $(PYTEST_NOTEBOOKS)

lint: doctor
	$(BIN)/ruff check .

clean-notebooks: doctor  ## canonical format; outputs kept only in cells tagged for nbval
	$(BIN)/course clean

release: doctor  ## the learner edition in learner/, generated from notebooks/
	$(BIN)/course release

data-check: doctor  ## rebuild every data file from its source and compare hashes
	$(BIN)/course data-check

bench: doctor  ## time, memory and model quality against budgets and baselines
	$(BIN)/course bench $(BENCH_ARGS)

mutation: doctor  ## mutation score of the learner package's computational modules (slow; not in make test)
	$(BIN)/course mutation $(MUTATION_ARGS)

book: doctor  ## the executed course as a static site in build/site/
	$(BIN)/course book

lock:  ## regenerate requirements.lock from pyproject.toml (needs uv: pip install uv), then env-files
	uv pip compile pyproject.toml tools/pyproject.toml --all-extras --universal --python-version 3.11 \
		--no-header -o requirements.lock
	$(MAKE) env-files

env-files: doctor  ## regenerate environment.yml and binder/ from requirements.lock
	$(BIN)/course env-files

repair:  ## rebuild .venv from scratch
	rm -rf $(VENV)
	$(MAKE) setup

clean:
	rm -rf build release
