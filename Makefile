# Codekamp: two commands.
#   make lab    installs everything in .venv and opens the course in JupyterLab, for a pupil
#   make test   installs everything in .venv and runs every test
# and one for teachers: make teacher opens the whole course with nbgrader's tools.
# The course without a server (JupyterLite, Python in each pupil's browser):
#   make lite   builds the site in build/lite;  make camp   serves it to a room (no internet needed)
# A class's own server (JupyterHub, nbgrader's hand-out and hand-in): make classroom (needs sudo).
# Needs only Python 3.11 (or newer) and make. COURSE_LANG=fr or en opens that language's first lesson.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYODIDE := tests/pyodide/node_modules/.installed
LITE_VENV := .lite-venv
LITE_SITE := build/lite/.built
CLASSROOM_PROXY := tools/classroom-proxy/node_modules/.installed
COURSE_LANG ?= nl
# A pupil's own copy of the lessons and exercises (never the solutions): their work stays there.
PUPIL_FOLDER ?= workspace
FIRST_LESSON_nl := notebooks/nl/00-welkom-les.ipynb
FIRST_LESSON_fr := notebooks/fr/00-bienvenue-lecon.ipynb
FIRST_LESSON_en := notebooks/en/00-welcome-lesson.ipynb
# Jupyter refuses to run as root (in a container, say) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Tools that nbgrader and Jupyter start by name (alembic, jupyter-*) come from the venv.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab teacher test exercises lock lint messages clean bench-turtle bench-grading lite camp \
	bench-lite printables classroom classroom-stop bench-classroom

# The pupil's JupyterLab: their folder only, and none of nbgrader's tools (binder/pupil-config).
lab: $(VENV)/.course-installed
	$(BIN)/python tools/pupil_workspace.py $(PUPIL_FOLDER)
	JUPYTER_CONFIG_DIR=$(PUPIL_FOLDER)/.jupyter $(BIN)/jupyter lab $(ALLOW_ROOT) \
	  --ServerApp.root_dir=$(PUPIL_FOLDER) \
	  --LabApp.default_url=/lab/tree/$(FIRST_LESSON_$(COURSE_LANG))

# The teacher's JupyterLab: the whole course, with the formgrader on the grading folder.
teacher: $(VENV)/.course-installed
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=$(CURDIR) \
	  --LabApp.default_url=/formgrader

# Two test processes (pytest-xdist); a test module's tests stay in one process (--dist loadscope),
# so the kernels and browsers it starts once are shared. TEST_WORKERS=1 runs them one by one.
TEST_WORKERS ?= 2
test: $(VENV)/.dev-installed $(PYODIDE) $(LITE_SITE) $(CLASSROOM_PROXY) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests tools bench nbgrader_config.py
	$(BIN)/ruff format --check src tests tools bench nbgrader_config.py

# Regenerate every exercises/<id>/ from solutions/<id>/ (a throwaway gradebook keeps yours clean).
exercises: $(VENV)/.course-installed
	@scratch=$$(mktemp -d) && CODEKAMP_GRADING_DIR=$$scratch \
	  $(BIN)/nbgrader generate_assignment "*" --force --log-level=WARN; \
	  status=$$?; rm -rf "$$scratch"; exit $$status

# After changing messages in src/: refresh the template and the catalogs. New messages appear
# untranslated in src/codekamp/locale/*.po, ready for translators (Poedit, Weblate, an editor).
messages: $(VENV)/.course-installed
	$(BIN)/pybabel extract -k _ -k N_ -k translate --no-location --omit-header \
	  -o src/codekamp/locale/codekamp.pot src
	for lang in nl fr; do $(BIN)/pybabel update --no-wrap --ignore-obsolete -i src/codekamp/locale/codekamp.pot \
	  -l $$lang -o src/codekamp/locale/$$lang.po; done

# Re-resolve requirements/course.in into the pins of requirements/course.txt and binder/.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/course.in
	.lock-venv/bin/python tools/pins.py lock .lock-venv
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/lite.in
	.lock-venv/bin/python tools/pins.py lite .lock-venv
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/course.txt -r requirements/classroom.in
	.lock-venv/bin/python tools/pins.py classroom .lock-venv
	rm -rf .lock-venv

$(VENV)/.course-installed: requirements/course.txt pyproject.toml binder/overrides.json \
		binder/ipython_kernel_config.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/course.txt -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	mkdir -p $(VENV)/etc/ipython
	cp binder/ipython_kernel_config.json $(VENV)/etc/ipython/ipython_kernel_config.json
	touch $@

$(VENV)/.classroom-installed: $(VENV)/.course-installed requirements/classroom.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/classroom.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.classroom-installed requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

# Pyodide (JupyterLite's Python) for tests/test_pyodide.py, from npm. Without npm that test
# is skipped and says so.
$(PYODIDE): tests/pyodide/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/pyodide --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the Pyodide test will be skipped"; fi

# The classroom server's proxy (configurable-http-proxy, pinned), from npm. Without npm the
# classroom test is skipped and `make classroom` says what is missing.
$(CLASSROOM_PROXY): tools/classroom-proxy/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tools/classroom-proxy --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the classroom server needs Node.js and npm for its proxy"; fi

# The classroom server (src/codekamp_classroom): a JupyterHub for one class on this machine,
# with an account per pupil, so it starts as root (sudo asks for your password). The class's
# data stays in CLASSROOM_STATE. Stop everything with `make classroom-stop`.
CLASSROOM_STATE ?= /srv/codekamp-class
CLASSROOM_PORT ?= 8000
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
classroom: $(VENV)/.classroom-installed $(CLASSROOM_PROXY)
	$(SUDO) $(BIN)/codekamp-classroom start --state $(CLASSROOM_STATE) --port $(CLASSROOM_PORT)

classroom-stop:
	$(SUDO) $(BIN)/codekamp-classroom stop --state $(CLASSROOM_STATE)

# The JupyterLite site (tools/lite_site.py): every lesson and pupils' exercise, Python in the
# browser, built offline from PyPI and the npm Pyodide. Its own venv: the build takes in every
# JupyterLab extension of its environment, and nbgrader's must stay out of the pupils' site.
lite: $(LITE_SITE)

$(LITE_VENV)/.installed: requirements/lite.txt
	test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/lite.txt
	touch $@

$(LITE_SITE): $(LITE_VENV)/.installed $(PYODIDE) tools/lite_site.py tools/pupil_workspace.py \
		requirements/lite-browser.txt binder/overrides.json binder/ipython_kernel_config.json \
		pyproject.toml $(shell find src/codekamp notebooks exercises -type f \
		  -not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' -not -name '*.csv')
	@if [ ! -f $(PYODIDE) ]; then \
	  echo "No JupyterLite site: it needs Pyodide from npm (install Node.js and npm)."; exit 0; fi; \
	$(LITE_VENV)/bin/python tools/lite_site.py build/lite && touch $@

# A camp without internet: this laptop serves the site to every pupil on its network; each
# pupil's own browser runs the Python. CAMP_PORT=8000 by default.
CAMP_PORT ?= 8000
camp: $(LITE_SITE)
	$(PYTHON) tools/camp_server.py build/lite --port $(CAMP_PORT)

# Printable material from the course (tools/printables.py): an A4 cheat sheet per module, the
# teachers' answer sheet and a certificate, per language, in build/print/<language>/ (HTML to
# print or save as PDF from a browser).
printables: $(VENV)/.course-installed
	$(BIN)/python tools/printables.py

# JupyterLite benchmark: the site's size, the kernel's start and lesson 01's first drawing in
# Chromium, cold and warm, and how many pupils one laptop serves (~3 min).
bench-lite: $(VENV)/.dev-installed $(LITE_SITE)
	$(BIN)/python bench/lite/bench.py

# Turtle benchmark: codekamp.turtle vs jupyturtle, ColabTurtlePlus and basthon-turtle, each case
# in a fresh kernel (~6 min). Uses its own venvs in bench/turtle/.venvs, never .venv; not part of
# `make test`. Extra options: make bench-turtle BENCH_ARGS="--libs codekamp --json".
bench-turtle:
	bench/turtle/setup.sh
	bench/turtle/.venvs/bench/bin/python bench/turtle/bench.py --out bench/turtle/results/last-run.txt $(BENCH_ARGS)

# Classroom benchmark: 30 simulated pupils log in to a real classroom hub at once, run lesson 01
# and hand in; the teacher collects and grades (~3 min, as root: it makes pupils' accounts).
bench-classroom: $(VENV)/.classroom-installed $(CLASSROOM_PROXY)
	$(SUDO) $(BIN)/python bench/classroom/bench.py

# Grading benchmark: 30 honest submissions, codekamp-grade versus plain nbgrader (~2 min).
bench-grading: $(VENV)/.course-installed
	$(BIN)/python bench/grading/bench.py

clean:
	rm -rf $(VENV) $(LITE_VENV) .pytest_cache build src/*.egg-info
