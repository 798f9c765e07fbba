# The two front-door commands: `make run` (set up and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint format messages bench backup restore clean-db

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	./scripts/check_system.sh $(BIN)/python
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) load_langson --demo-users --demo-data
	$(MANAGE) score_year $$($(BIN)/python -c "import datetime; print(*range(2023, datetime.date.today().year))") > /dev/null

run: setup
	@echo "Mở http://$(HOST):$(PORT) — tài khoản mẫu (mật khẩu demo12345): officer-luong-van-tri, chief-luong-van-tri (phường hiện nay, từ 01/07/2025), officer-chi-lang, chief-chi-lang (phường cũ, số liệu đến 30/06/2025), reviewer, committee, admin"
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP)
	./scripts/check_system.sh $(BIN)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Synthetic wards (5, 100, 1,000, 3,321 x 8 years) in a separate *_bench database; prints a table and
# writes var/bench/latest.json. Uses PostgreSQL when DATABASE_URL is set.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The database (pg_dump on PostgreSQL, SQLite's backup API otherwise) and MEDIA_ROOT in one
# archive: var/backups/modelward-<time>.tar.gz, or BACKUP_FILE=path.
backup: $(STAMP)
	$(MANAGE) backup $(if $(BACKUP_FILE),--file "$(BACKUP_FILE)")

# Restore BACKUP_FILE (default: the newest archive in var/backups) over the configured database
# and MEDIA_ROOT, after a confirmation (RESTORE_ARGS=--noinput to skip it), then migrate.
restore: $(STAMP)
	$(MANAGE) restore $(if $(BACKUP_FILE),--file "$(BACKUP_FILE)") $(RESTORE_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(MANAGE) makemessages -l en --ignore ".venv/*" --ignore "var/*"
	$(MANAGE) compilemessages --ignore ".venv/*"

clean-db:
	rm -f var/db.sqlite3
