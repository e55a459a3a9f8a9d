# Press One: `make run` serves a working site, `make test` checks everything.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages catalogue check-deploy audit bench bench-smoke clean help

help:
	@echo "make run      install, migrate, load data and serve on http://$(HOST):$(PORT)"
	@echo "make test     lint, migration check and the whole test suite"
	@echo "make format   rewrite code with ruff format and safe ruff fixes"
	@echo "make messages compile the translations (needs gettext's msgfmt)"
	@echo "make audit    check pinned dependencies for known vulnerabilities (pip-audit)"
	@echo "make bench    production-like load benchmark (see docs/performance.md)"
	@echo "make bench-smoke  the same harness on small data, a few seconds per scenario"

$(VENV)/.created:
	@interp=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$interp"; \
	"$$interp" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.runtime: $(VENV)/.created requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: export DEBUG := $(or $(DEBUG),1)
run: export SITE_URL := $(or $(SITE_URL),http://$(HOST):$(PORT))
run: $(VENV)/.runtime
	@mkdir -p var/mail
	PY=$(PY) scripts/compile-messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_site
	$(PY) manage.py createdemoadmin
	HOST=$(HOST) PORT=$(PORT) scripts/serve

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	PY=$(PY) scripts/compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)

audit: $(VENV)/.dev
	scripts/audit-dependencies

messages: $(VENV)/.runtime
	PY=$(PY) scripts/compile-messages

# New strings into the Spanish catalogue (translate them, then `make test`).
catalogue: $(VENV)/.runtime
	PY=$(PY) scripts/update-catalogue

check-deploy: $(VENV)/.runtime
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

# The benchmark needs PostgreSQL and Redis on 127.0.0.1 (started if installed) and wrk
# (installed from Debian's packages if missing). BENCH_ARGS passes options: --only sign,letters
bench: $(VENV)/.dev
	$(PY) -m bench $(BENCH_ARGS)

bench-smoke: $(VENV)/.dev
	$(PY) -m bench --smoke $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
