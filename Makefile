# Capacita: everything a new machine needs, from Python 3.11+ alone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench install lint messages lock clean

# Serve the demo site on SQLite, with Celery tasks run in-process (no broker needed).
run: export DJANGO_DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Capacita em http://$(HOST):$(PORT)/  (administração: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL points to one; one worker
# per core (pytest-xdist), each taking the next tests in order as it needs them. Keep the
# default --dist load: each worker then runs its tests in pytest-django's order, so no test
# that needs the migrations' data runs after a transactional test has emptied the database.
# `make test PYTEST_ARGS="-n 0 ..."` runs in one process (with --pdb it does by itself).
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# The benchmark suite: starts what it needs, measures, writes bench/results/latest.md.
# `make bench ARGS=--quick` is the few-minute smoke run CI does.
bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run $(ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

# Ruff, then the order of the apps (import-linter's contract in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Extract translatable strings into the pt-BR, en and es catalogues and compile them.
messages: install
	$(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python -m lms.i18n compile

# Re-pin every dependency from pyproject.toml in a throw-away virtualenv.
lock:
	rm -rf /tmp/capacita-lock && $(PYTHON) -m venv /tmp/capacita-lock
	/tmp/capacita-lock/bin/pip install --quiet --upgrade pip
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > /tmp/capacita-lock/requirements.in
	/tmp/capacita-lock/bin/pip install --quiet -r /tmp/capacita-lock/requirements.in
	{ echo "# Exact versions CI tested. Regenerate with \`make lock\` after changing pyproject.toml."; \
	  /tmp/capacita-lock/bin/pip freeze; } > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
