#!/usr/bin/env bash
# Installs Helix into .venv: a Python >= 3.12 (Django 6.1 needs it), Python packages, front-end
# packages from the npm registry, compiled translations. Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt() {  # need_apt COMMAND PACKAGE: install a Debian package when a command is missing
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian package '$2' (for $1)…"
    [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
  else
    echo "setup: '$1' is missing. Install it with: sudo apt-get install $2" >&2
    exit 1
  fi
}

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
      "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
      /usr/local/bin/python3.1[23]; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(find_python) || {
    echo "setup: Helix needs Python 3.12 or newer (Django 6.1). None was found." >&2
    echo "       On Debian 13: sudo apt-get install python3 python3-venv; elsewhere set PYTHON=/path/to/python3.12" >&2
    exit 1
  }
  "$PY" -m venv .venv || { need_apt ensurepip python3-venv; "$PY" -m venv .venv; }
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1
req=requirements.txt; [ "${1:-}" = "--test" ] && req=requirements-test.txt
mkdir -p var
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$req" >var/pip.log 2>&1 || {
  grep -v "^WARNING: Location" var/pip.log >&2; echo "setup: Python packages failed to install" >&2; exit 1; }

need_apt npm npm
# Re-install when package.json names a package that node_modules lacks.
node -e 'const p=require("./package.json");for(const d in p.dependencies){require("fs").statSync("node_modules/"+d+"/package.json")}' 2>/dev/null \
  || npm ci --no-audit --no-fund --loglevel=error

if find helix locale -name '*.po' 2>/dev/null | grep -q .; then
  need_apt msgfmt gettext
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
fi
