#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests. Source it: `. scripts/pg.sh; pg_up; …; pg_down`.
# pg_up exports DATABASE_URL; pg_down stops the server and deletes its files.

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "pg: installing Debian's postgresql…" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    else
      echo "pg: PostgreSQL is missing. Install it with: sudo apt-get install postgresql" >&2
      return 1
    fi
  fi
  echo "$dir"
}

pg_as() {  # run as the postgres user when we are root (initdb refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_up() {
  local bin port
  bin=$(pg_bin) || return 1
  PG_TMP=$(mktemp -d /tmp/helix-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as "$bin/initdb" -D "$PG_TMP/data" -U helix --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  pg_as "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 60 \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$PG_TMP/log" >&2; return 1; }
  PG_BIN=$bin
  export DATABASE_URL="postgres://helix@127.0.0.1:$port/helix"
  pg_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U helix helix
  echo "pg: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port" >&2
}

pg_down() {
  [ -n "${PG_TMP:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}
