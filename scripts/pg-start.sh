#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the warehouse round-trip test (test/scale/postgres.test.ts).
# Installs Debian's postgresql when missing, initialises a cluster in a temporary folder owned by the
# postgres user, and listens only on a unix socket in that folder and on 127.0.0.1. Source it to
# export what the test reads: FAIRPROBE_PG=1, PGHOST (the socket folder), PGPORT, PGUSER, PGDATABASE.
#   source scripts/pg-start.sh      # in .ci/run
#   bash scripts/pg-stop.sh         # stops it (CI also ends it with the machine's processes)
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
FP_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
FP_PG_DIR="${FP_PG_DIR:-/tmp/fairprobe-pg}"
export PGPORT="${PGPORT:-54329}"
export PGHOST="$FP_PG_DIR"
export PGUSER=postgres
export PGDATABASE=postgres

if ! runuser -u postgres -- "$FP_PG_BIN/pg_ctl" -D "$FP_PG_DIR/data" status >/dev/null 2>&1; then
  rm -rf "$FP_PG_DIR"
  mkdir -p "$FP_PG_DIR"
  chown postgres:postgres "$FP_PG_DIR"
  chmod 700 "$FP_PG_DIR"
  runuser -u postgres -- "$FP_PG_BIN/initdb" -D "$FP_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$FP_PG_BIN/pg_ctl" -D "$FP_PG_DIR/data" -l "$FP_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$FP_PG_DIR" start >/dev/null
fi
"$FP_PG_BIN/psql" -q -X -c 'SELECT 1' >/dev/null
export FAIRPROBE_PG=1
echo "PostgreSQL $("$FP_PG_BIN/psql" -X -tA -c 'SHOW server_version') on $PGHOST port $PGPORT (FAIRPROBE_PG=1)"
