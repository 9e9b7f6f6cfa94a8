#!/usr/bin/env bash
# Installs Helix and runs it on the embedded SQLite database with realistic demo data at
# http://127.0.0.1:8000 (a task worker runs alongside for background work). Another port: PORT=8001 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"  # links in e-mails and the tour point at this server
scripts/setup.sh
export DEBUG="${DEBUG:-1}"  # without EMAIL_HOST, every e-mail (web and worker) goes to the local mailbox: /staff/mailbox/
PY=.venv/bin/python
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo --if-empty
$PY manage.py demo_admin
$PY manage.py start_periodic_tasks -v 0  # the offer-expiry sweep, re-enqueued every 5 minutes
$PY manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "Helix is running at http://127.0.0.1:$PORT (Ctrl-C stops it)"
$PY manage.py runserver "127.0.0.1:$PORT"
