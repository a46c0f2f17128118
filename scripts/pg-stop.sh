#!/usr/bin/env bash
# Stops the server scripts/pg-start.sh started (and removes its folder).
set -euo pipefail
FP_PG_DIR="${FP_PG_DIR:-/tmp/fairprobe-pg}"
FP_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ -d "$FP_PG_DIR/data" ]; then
  runuser -u postgres -- "$FP_PG_BIN/pg_ctl" -D "$FP_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
fi
rm -rf "$FP_PG_DIR"
