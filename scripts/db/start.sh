#!/usr/bin/env bash
# Starts throwaway database servers for the tests, on free loopback ports, in a new directory:
# PostgreSQL 15 (a cluster made by initdb) and ClickHouse as a two-shard cluster (two
# clickhouse-server processes, each with its own config and data, and a `parity` cluster in
# remote_servers). Installs the Debian packages first when they are missing (needs root).
#
# Prints `export NAME=VALUE` lines for the tests (eval them); stop everything with
#   scripts/db/stop.sh "$PARITY_DB_DIR"
# Timings of each step go to standard error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

pg_bin=/usr/lib/postgresql/15/bin
missing=()
[ -x "$pg_bin/initdb" ] || missing+=(postgresql-15)
command -v clickhouse-server >/dev/null || [ -x /usr/sbin/clickhouse-server ] || missing+=(clickhouse-server)
command -v clickhouse-client >/dev/null || missing+=(clickhouse-client)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "parity: scripts/db/start.sh needs ${missing[*]} (apt-get install, as root)" >&2
    exit 2
  fi
  echo "parity: installing ${missing[*]} (apt-get)…" >&2
  apt-get update -qq
  # policy-rc.d (if any) keeps the packages' own services from starting; ours run on other ports.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
clickhouse_server=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A port nothing listens on (bash's /dev/tcp connects or fails at once on loopback).
taken=" "
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 200); do
    case "$taken" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken="$taken$port "
      echo "$port"
      return
    fi
  done
  echo "parity: no free loopback port found" >&2
  exit 1
}

dir=${1:-$(mktemp -d /tmp/parity-db.XXXXXX)}
mkdir -p "$dir"
chmod 755 "$dir"
# Whatever fails below, what was already started is stopped.
trap 'status=$?; [ $status -eq 0 ] || "$here/stop.sh" "$dir" >/dev/null 2>&1; exit $status' EXIT
secret() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# ---- PostgreSQL: initdb refuses to run as root, so root runs it as the package's `postgres` user.
started=$(now)
pg_port=$(free_port)
pg_password=$(secret)
mkdir -p "$dir/pg"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir/pg"
  as_pg=(runuser -u postgres --)
fi
(umask 077 && echo "$pg_password" >"$dir/pg/password")
[ ${#as_pg[@]} -eq 0 ] || chown postgres: "$dir/pg/password"
"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/pg/data" -U parity --pwfile="$dir/pg/password" -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/pg/initdb.log" 2>&1
rm -f "$dir/pg/password"
"${as_pg[@]}" "$pg_bin/pg_ctl" start -D "$dir/pg/data" -w -t 60 -l "$dir/pg/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$dir/pg -c fsync=off -c full_page_writes=off" >/dev/null
"${as_pg[@]}" "$pg_bin/psql" -h "$dir/pg" -p "$pg_port" -U parity -d postgres -qAt -c 'CREATE DATABASE parity' >/dev/null
echo "parity: PostgreSQL 15 on 127.0.0.1:$pg_port ready in $(elapsed "$started") s" >&2

# ---- ClickHouse: two servers, shard 1 and shard 2; either can run queries on the Distributed table.
started=$(now)
ch_password=$(secret)
ch_http=("$(free_port)" "$(free_port)")
ch_tcp=("$(free_port)" "$(free_port)")
for shard in 1 2; do
  node_dir="$dir/clickhouse$shard"
  mkdir -p "$node_dir/data" "$node_dir/tmp" "$node_dir/user_files" "$node_dir/format_schemas"
  sed -e "s|@DIR@|$node_dir|g" -e "s|@HTTP@|${ch_http[shard - 1]}|g" -e "s|@TCP@|${ch_tcp[shard - 1]}|g" \
    -e "s|@TCP1@|${ch_tcp[0]}|g" -e "s|@TCP2@|${ch_tcp[1]}|g" "$here/clickhouse-config.xml" >"$node_dir/config.xml"
  sed -e "s|@PASSWORD@|$ch_password|g" "$here/clickhouse-users.xml" >"$node_dir/users.xml"
  chmod 600 "$node_dir/users.xml"
  setsid "$clickhouse_server" --config-file="$node_dir/config.xml" >"$node_dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$node_dir/pid"
done
for shard in 1 2; do
  for _ in $(seq 1 600); do
    if clickhouse-client --port "${ch_tcp[shard - 1]}" -q 'SELECT 1' >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat "$dir/clickhouse$shard/pid")" 2>/dev/null; then
      echo "parity: clickhouse-server (shard $shard) exited; see $dir/clickhouse$shard/*.log" >&2
      exit 1
    fi
    sleep 0.1
  done
done
# A self-check of the cluster: a Distributed table over a MergeTree table on each shard splits rows.
ch() { clickhouse-client --port "${ch_tcp[$1 - 1]}" --multiquery -q "$2"; }
for shard in 1 2; do
  ch "$shard" 'CREATE TABLE default.parity_probe (id UInt32) ENGINE = MergeTree ORDER BY id'
done
ch 1 "CREATE TABLE default.parity_probe_all AS default.parity_probe ENGINE = Distributed(parity, default, parity_probe, id);
      SET insert_distributed_sync = 1; INSERT INTO default.parity_probe_all VALUES (1), (2), (3), (4)"
counts="$(ch 1 'SELECT count() FROM default.parity_probe') $(ch 2 'SELECT count() FROM default.parity_probe') $(ch 1 'SELECT count() FROM default.parity_probe_all')"
if [ "$counts" != "2 2 4" ]; then
  echo "parity: the ClickHouse cluster does not shard rows (shard 1, shard 2, total: $counts)" >&2
  exit 1
fi
ch 1 'DROP TABLE default.parity_probe_all; DROP TABLE default.parity_probe'
ch 2 'DROP TABLE default.parity_probe'
echo "parity: ClickHouse $(ch 1 'SELECT version()') two-shard cluster on 127.0.0.1:${ch_http[0]},${ch_http[1]} (HTTP) ready in $(elapsed "$started") s" >&2

cat <<EOF
export PARITY_DB_DIR=$dir
export PARITY_POSTGRES_URL=postgres://parity@127.0.0.1:$pg_port/parity
export PARITY_POSTGRES_PASSWORD=$pg_password
export PARITY_CLICKHOUSE_URL=clickhouse://parity@127.0.0.1:${ch_http[0]}/default
export PARITY_CLICKHOUSE_SHARD_URLS=clickhouse://parity@127.0.0.1:${ch_http[0]}/default,clickhouse://parity@127.0.0.1:${ch_http[1]}/default
export PARITY_CLICKHOUSE_CLUSTER=parity
export PARITY_CLICKHOUSE_PASSWORD=$ch_password
EOF
