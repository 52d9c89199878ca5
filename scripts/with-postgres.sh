#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL: initdb in a temp dir, start on a free
# port, export DATABASE_URL, run "$@", stop and delete. PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` user.
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL server binaries not found (apt-get install -y postgresql, or set PG_BIN)" >&2
  exit 1
fi
PORT=${PG_PORT:-5499}
DATA=$(mktemp -d)
SOCK=$(mktemp -d)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA" "$SOCK"
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DATA" "$SOCK"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/log" -w start \
  -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "==> PostgreSQL on $DATABASE_URL"
"$@"
