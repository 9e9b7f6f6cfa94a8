#!/usr/bin/env bash
# Installs test dependencies and runs the whole suite: lint, then pytest on a throw-away PostgreSQL
# (browser tests included, Debian's chromium), then the suite again on the embedded SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."
# Persistent connections would keep test databases open at teardown.
export CONN_MAX_AGE=0
scripts/setup.sh --test

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: chromium is missing. Install it with: sudo apt-get install chromium" >&2; exit 1
  fi
fi

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --check .; echo "test: run .venv/bin/ruff format ." >&2; exit 1; }
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "test: models changed without a migration (run manage.py makemigrations)" >&2; exit 1; }

# Tests assert the exact Spanish text: compile the catalogues now, so they match the current .po files.
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

. scripts/pg.sh
trap pg_down EXIT
pg_up
echo "== pytest on PostgreSQL"
.venv/bin/python -m pytest -q -n 2 --dist loadgroup "$@"
pg_down
unset DATABASE_URL
echo "== pytest on SQLite"
.venv/bin/python -m pytest -q -n 2 --dist loadgroup -m "not browser and not postgres" "$@"
