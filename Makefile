# The README's two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# A fixed Fernet key for tests and benchmarks only (encrypted fields need one when not in debug).
TEST_FIELD_ENCRYPTION_KEY := dGVzdC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=
APPS := audit privacy accounts sessions_app participants workshops evaluations enquiries reminders network reports

.PHONY: run test ci install install-dev assets browser migrate messages compilemessages \
        migrations-check deploy-check lint fmt bench clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.runtime assets
install-dev: $(VENV)/.dev assets
assets: node_modules/.package-lock.json

# Debian's Chromium for the browser tests; installed when missing and we are root.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: install Debian's 'chromium' package (as root)." >&2; exit 1; fi; fi

compilemessages:
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

# `make run`: the embedded default — SQLite, a filesystem broker and e-mail files under var/.
run: export DJANGO_DEBUG ?= 1
run: export DJANGO_DEMO ?= 1
run: install
	$(PY) manage.py migrate --noinput -v 0
	$(MAKE) --no-print-directory compilemessages
	PORT=$(PORT) SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py load_demo
	PORT=$(PORT) SITE_URL=http://127.0.0.1:$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

# `make test`: the whole suite on PostgreSQL and Redis (override the URLs in the environment), in
# one process per core (pytest-xdist; each its own test database and Redis databases, see
# dialogkurs/testing/workers.py); a test file stays in one process, with its shared fixtures.
TEST_WORKERS ?= $(shell nproc)
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dialogkurs
test: export REDIS_URL ?= redis://127.0.0.1:6379/1
test: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/2
test: export DJANGO_SECRET_KEY ?= test-only-secret-key-not-for-production
test: export FIELD_ENCRYPTION_KEYS ?= $(TEST_FIELD_ENCRYPTION_KEY)
test: export DJANGO_DEBUG = 0
test: export DJANGO_HTTPS = 0
test: export DJANGO_STATIC_MANIFEST = 0
test: install-dev browser
	$(MAKE) --no-print-directory compilemessages
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

migrations-check: export DJANGO_DEBUG = 1
migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# A production-like environment must pass `check --deploy` without a warning.
deploy-check: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
	  FIELD_ENCRYPTION_KEYS=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
	  DJANGO_ALLOWED_HOSTS=dialogkurs.example.org SITE_URL=https://dialogkurs.example.org DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
	  REDIS_URL=redis://127.0.0.1:6379/1 CELERY_BROKER_URL=redis://127.0.0.1:6379/2 \
	  $(PY) manage.py check --deploy --fail-level WARNING

messages: export DJANGO_DEBUG = 1
messages: install
	$(PY) manage.py makemessages -l sv -l nb --no-obsolete --ignore='$(VENV)/*' --ignore='node_modules/*' \
	  $(foreach app,$(APPS) demo,--ignore='$(app)/*')
	for app in $(APPS); do mkdir -p $$app/locale && (cd $$app && ../$(PY) ../manage.py makemessages -l sv -l nb --no-obsolete) || exit 1; done

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports --no-cache

fmt: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# `make bench`: its own database and Redis databases, whatever DATABASE_URL says (never the
# test database): BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_BROKER_URL. Seeds the data set once
# (bench/seed.py), then every benchmark; bench/summary.py prints every target and fails if one missed.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dialogkurs_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/14
BENCHES := bench/seed.py bench/bench_pages.py bench/bench_signups.py bench/bench_sweep.py bench/bench_reminders.py
bench: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench: export REDIS_URL = $(BENCH_REDIS_URL)
bench: export CELERY_BROKER_URL = $(BENCH_BROKER_URL)
bench: export DJANGO_SECRET_KEY ?= bench-only-secret-key
bench: export FIELD_ENCRYPTION_KEYS ?= $(TEST_FIELD_ENCRYPTION_KEY)
bench: export DJANGO_HTTPS = 0
bench: export DJANGO_BENCH = 1
bench: install-dev
	@$(MAKE) --no-print-directory compilemessages
	@for b in $(BENCHES); do echo "== $$b"; $(PY) $$b || exit 1; done
	@$(PY) bench/summary.py

clean:
	rm -rf var staticfiles .pytest_cache
