#!/usr/bin/env bash
# Stops the servers that scripts/db/start.sh started in DIR and removes DIR. Leaves nothing running.
set -uo pipefail
dir=${1:-${PARITY_DB_DIR:-}}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "usage: scripts/db/stop.sh DIR (the PARITY_DB_DIR that start.sh printed)" >&2
  exit 2
fi

if [ -f "$dir/pg/data/postmaster.pid" ]; then
  as_pg=()
  [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" /usr/lib/postgresql/15/bin/pg_ctl stop -D "$dir/pg/data" -m fast -w -t 30 >/dev/null 2>&1 ||
    kill -9 "$(head -1 "$dir/pg/data/postmaster.pid")" 2>/dev/null
fi

for pid_file in "$dir"/clickhouse*/pid; do
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  kill "$pid" 2>/dev/null || continue
  # Only this process, by its id; a server that ignores SIGTERM for 30 s gets SIGKILL.
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
done

case "$dir" in
  /tmp/parity-db.*) rm -rf "$dir" ;;
  *) echo "parity: servers stopped; $dir kept (not made by start.sh's mktemp)" >&2 ;;
esac
